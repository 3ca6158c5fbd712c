"""More extra mention features measured for the roles model (issue 24; not shipped).

Columns for :func:`slant.training.roles_extra.crossfit_extra` (``slant eval roles --extra
NAMES``), each per mention and, where said, per referent (the mean over slant's own
mentions of the mention's cast key, as the analyzer would see them):

* ``speaker``: the mention stands inside quotation marks on its line, and it stands next
  to a speech verb ("X said", "according to X"); both per mention and per referent (4).
* ``quotes``: from the ``quotes`` analyzer: the mention is a quote's speaker, it stands
  inside a quote (and is not its speaker), log(1 + the quotes whose speaker is the
  referent), the referent's share of mentions inside quotes (4).
* ``camp``: the referent's camp in the war (Russia, Ukraine, the West, other: a hand list
  of names, :data:`CAMPS`) one-hot, and crossed with the article's side (``side``:
  P(URW narrative / CC narrative / Other)) (16).
* ``predprior``: the predicate prior, how the training half casts the mentions whose
  predicate (the verb or noun they are the subject, object or setting of, and its
  complements: :mod:`slant.analyzers.roles.agency`) has this lemma: smoothed log-ratios of
  the main roles to the base rates, averaged over the lemmas, and log(1 + their count);
  a training row leaves its own article out (4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from slant.labels import MAIN_ROLES

__all__ = [
    "CAMPS",
    "camp_rows",
    "predicate_lemmas",
    "predicate_prior",
    "quote_rows",
    "speaker_rows",
]


def _names(listed: list[str]) -> frozenset[str]:
    """Names of a ``|``-separated list written over several lines (white space folded)."""
    return frozenset(" ".join(n.split()) for n in listed)


# the camps of the war on Ukraine, by canonical name (the cast keys of slant's entities)
CAMPS: dict[str, frozenset[str]] = {
    "russia": _names(
        """Russia|Moscow|Vladimir Putin|Putin|Kremlin|Soviet Union|Soviet|pro-Russian|Dmitry
        Peskov|Sergey Lavrov|Sergei Lavrov|Russian Armed Forces|Belarus|Alexander
        Lukashenko|Wagner|Yevgeny Prigozhin|Dmitry Medvedev|Sergei Shoigu|Ramzan
        Kadyrov|Maria Zakharova|Russian Federation|Gazprom|RT|Sputnik|TASS""".split("|")
    ),
    "ukraine": _names(
        """Ukraine|Kyiv|Kiev|Volodymyr Zelensky|Zelensky|Zelenskyy|Ukrainian Armed
        Forces|Azov|Dmytro Kuleba|Vitali Klitschko|Klitschko|Valery
        Zaluzhny|Kherson|Kharkiv|Mariupol|Lviv|Odessa|Odesa|Bakhmut|Zaporizhzhia|Donbass|Donbas|
        Crimea|Donetsk|Luhansk""".split("|")
    ),
    "west": _names(
        """United States|Washington|NATO|United Kingdom|Europe|Western|West|Biden|Joe
        Biden|Germany|European|European Union|London|White House|France|Poland|Polish|
        Congress|Pentagon|Berlin|Brussels|CIA|Jens Stoltenberg|Antony Blinken|Blinken|Lloyd
        Austin|European Parliament|European Commission|Ursula von der Leyen|Olaf
        Scholz|Emmanuel Macron|Boris Johnson|Rishi Sunak|State Department|Paris|Netherlands|
        Italy|Canada|Lithuania|Latvia|Estonia|Finland|Sweden|Norway|Denmark|Baltic|G7|EU|US|
        USA|America|Britain""".split("|")
    ),
}
ALPHA = 2.0  # smoothing of the predicate prior, in base-rate mentions


def speaker_rows(
    text: str,
    spans: Sequence[tuple[int, int]],
    keys: Sequence[str],
    context: Sequence[Any],
) -> np.ndarray:
    """``speaker`` columns of mentions ``spans`` with cast ``keys``; ``context``: slant's
    role mentions of the article (:func:`slant.analyzers.roles.speech.speech_matrix`, the
    columns the shipped model reads since)."""
    from slant.analyzers.roles.features import RoleMention
    from slant.analyzers.roles.speech import speech_matrix

    ms = [RoleMention(s, t, "", k) for (s, t), k in zip(spans, keys, strict=True)]
    return speech_matrix(text, ms, context)


def quote_rows(
    quotes: Sequence[Any],
    spans: Sequence[tuple[int, int]],
    keys: Sequence[str],
    context: Sequence[Any],
) -> np.ndarray:
    """``quotes`` columns (see the module) from the article's :class:`~slant.annotations.Quote`
    list."""
    speakers = [(q.speaker.start, q.speaker.end, q.speaker.name) for q in quotes if q.speaker]

    def flags(s: int, t: int) -> tuple[float, float]:
        spoke = any(a < t and s < b for a, b, _ in speakers)
        inside = any(q.start <= s and t <= q.end for q in quotes) and not spoke
        return float(spoke), float(inside)

    ctx = [flags(c.start, c.end) for c in context]
    rows = []
    for (s, t), k in zip(spans, keys, strict=True):
        spoke, inside = flags(s, t)
        mine = [c for c in context if c.key == k]
        said = sum(
            1
            for a, b, name in speakers
            if name == k or any(a < c.end and c.start < b for c in mine)
        )
        share = [ctx[j][1] for j, c in enumerate(context) if c.key == k]
        rows.append([spoke, inside, np.log1p(said), float(np.mean(share)) if share else inside])
    return np.array(rows, np.float32).reshape(len(spans), 4)


def camp_of(key: str) -> int:
    """0 Russia, 1 Ukraine, 2 the West, 3 other (:data:`CAMPS`)."""
    for i, names in enumerate(CAMPS.values()):
        if key in names:
            return i
    return 3


def camp_rows(keys: Sequence[str], side: np.ndarray) -> np.ndarray:
    """``camp`` columns: the camp one-hot, then camp × side (``side``: 3 probabilities)."""
    rows = []
    for k in keys:
        camp = np.zeros(4, np.float32)
        camp[camp_of(k)] = 1.0
        rows.append(np.concatenate([camp, np.outer(camp, side).ravel()]))
    return np.array(rows, np.float32).reshape(len(keys), 16)


def predicate_lemmas(doc: Any, spans: Sequence[tuple[int, int]]) -> list[tuple[str, ...]]:
    """The lemmas that may name the act of each mention (:mod:`slant.analyzers.roles.agency`:
    the predicate of its slot and the predicate's complements; empty without one)."""
    from slant.analyzers.roles.agency import NOUN_POS, act_candidates, slot_of

    out: list[tuple[str, ...]] = []
    for s, t in spans:
        span = doc.char_span(s, t, alignment_mode="expand")
        if span is None or not len(span):
            out.append(())
            continue
        root = span.root
        while (
            root.dep_ in ("conj", "appos") and root.head is not root and root.head.pos_ in NOUN_POS
        ):
            root = root.head
        slot, pred = slot_of(root)
        words = act_candidates(pred, slot) if pred is not None else []
        out.append(tuple(sorted({w.lemma_.lower() for w in words})))
    return out


def predicate_prior(
    train: Sequence[tuple[str, Sequence[tuple[str, ...]], Sequence[str]]],
    lemmas: Sequence[tuple[str, ...]],
    leave_out: str = "",
) -> np.ndarray:
    """``predprior`` columns of mentions with these predicate ``lemmas``.

    Args:
        train: per training article, (id, each gold mention's lemmas, its main role).
        lemmas: the mentions to describe.
        leave_out: an article id whose mentions are not counted (a training row's own).
    """
    base = np.full(len(MAIN_ROLES), 1e-3)
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(MAIN_ROLES)))
    for aid, mention_lemmas, mains in train:
        for lem, main in zip(mention_lemmas, mains, strict=True):
            r = MAIN_ROLES.index(main)
            base[r] += 1
            if aid != leave_out:
                for w in lem:
                    counts[w][r] += 1
    base /= base.sum()
    rows = []
    for lem in lemmas:
        ratios, n = [], 0.0
        for w in lem:
            c = counts.get(w)
            if c is None or not c.sum():
                continue
            p = (c + ALPHA * base) / (c.sum() + ALPHA)
            ratios.append(np.log(p / base))
            n += float(c.sum())
        mean = np.mean(ratios, axis=0) if ratios else np.zeros(len(MAIN_ROLES))
        rows.append(np.concatenate([mean, [np.log1p(n)]]))
    return np.array(rows, np.float32).reshape(len(lemmas), len(MAIN_ROLES) + 1)
