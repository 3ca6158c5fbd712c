"""Role mentions and their features (shared by the analyzer and ``slant train roles``).

A *role mention* is an entity of the ``entities`` layer, widened over the group nouns that
follow it, because the annotators mark the group rather than its adjective ("Russian
military", "Bashkir people", "Biden administration", "Western countries"): "Russian
civilians" and "Russian military" play opposite roles, and the entity alone ("Russian")
cannot tell them apart.

Each mention is described by the MiniLM states of the project's encoder (the techniques
encoder, shared: an article is encoded once) pooled over the mention, its sentence, the
words just before and after it in the sentence, every sentence where the same entity
appears; plus its entity type and a few counts. (The article's first line and hashed cue
words of the sentence were tried and left out: main-role accuracy under 5-fold CV on EN
train went from 0.748 to 0.730-0.745.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "GROUP_NOUNS",
    "ROLE_LABELS",
    "RoleMention",
    "entity_mentions",
    "entity_rows",
    "feature_matrix",
    "feature_width",
    "widen",
]

# entity types that can play a role (the annotators mark persons, organisations, countries,
# peoples and groups); the others (dates, laws, works) are never cast
ROLE_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT")
# head nouns of the groups annotators mark after a people's or a place's name
GROUP_NOUNS = frozenset(
    """people peoples government governments regime regimes military militaries army armies
    forces force troops soldiers administration authorities official officials leader
    leaders leadership elite elites politicians diplomats intelligence media press citizens
    civilians children nationals population countries nations states allies powers
    establishment invaders occupiers generals companies corporations banks agency agencies
    farmers workers activists community communities family party side oligarchs globalists
    nationalists militants fighters mercenaries public society youth women men victims
    refugees prisoners residents taxpayers voters supporters partners parliament ministry
    cabinet team junta lobby sanctions propagandists propaganda opposition neighbours
    neighbors servicemen commanders officers police""".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")  # no apostrophe: "the Western countries' concern"
_TYPES = (*ROLE_LABELS, "OTHER")
_LEFT = 120  # characters of context on each side of the mention, inside its sentence


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A mention to cast: ``text[start:end]``, its entity type and its entity key.

    ``key`` groups the mentions of one referent in the article (the canonical name).
    """

    start: int
    end: int
    label: str
    key: str


def widen(text: str, start: int, end: int) -> int:
    """The end of the mention widened over the group nouns just after it.

    "Russian| military" → "Russian military"; "Biden| administration" → "Biden
    administration". Only lower-case nouns from :data:`GROUP_NOUNS`, at most two, separated
    by one space.
    """
    pos = end
    for _ in range(2):
        m = _WORD.match(text, pos + 1) if text[pos : pos + 1] == " " else None
        if m is None or m.group().lower() not in GROUP_NOUNS or not m.group()[0].islower():
            break
        pos = m.end()
    return pos


def _sentence_of(sentences: np.ndarray, start: int) -> int:
    i = int(np.searchsorted(sentences[:, 0], start, side="right")) - 1
    return max(i, 0)


def feature_matrix(
    text: str,
    states: object,
    mentions: Sequence[RoleMention],
    sentences: Sequence[tuple[int, int]],
    context: Sequence[RoleMention] | None = None,
) -> np.ndarray:
    """One feature row per mention (float32).

    Args:
        text: the article.
        states: its :class:`~slant.analyzers.techniques.ArticleStates` (the shared encoder).
        mentions: the mentions to describe.
        sentences: ``(start, end)`` of every sentence, in order.
        context: the mentions that give each key its sentences and its count (default:
            ``mentions``). Training describes the gold mentions in the context of slant's
            own entity mentions, as the analyzer sees them; a key absent from the context
            gets the mention's own sentence and a count of 1.
    """
    if not mentions:
        return np.zeros((0, feature_width(states)), dtype=np.float32)
    sents = np.asarray(sentences or [(0, len(text))], dtype=np.int64).reshape(-1, 2)
    idx = [_sentence_of(sents, m.start) for m in mentions]
    spans = [(m.start, m.end) for m in mentions]
    sent_spans = [(int(sents[i, 0]), int(sents[i, 1])) for i in idx]
    left = [
        (max(s0, m.start - _LEFT), m.start)
        for m, (s0, _) in zip(mentions, sent_spans, strict=False)
    ]
    right = [
        (m.end, min(s1, m.end + _LEFT)) for m, (_, s1) in zip(mentions, sent_spans, strict=False)
    ]
    pool = states.pool  # type: ignore[attr-defined]
    m_st = pool(spans)
    s_st = pool(sent_spans)
    l_st = pool(left)
    r_st = pool(right)
    # the entity's context: the mean state of every sentence where its key appears
    ctx = list(mentions if context is None else context)
    ctx += [m for m in mentions if m.key not in {c.key for c in ctx}]
    ctx_idx = [_sentence_of(sents, m.start) for m in ctx]
    ctx_st = pool([(int(sents[i, 0]), int(sents[i, 1])) for i in ctx_idx])
    keys = sorted({m.key for m in ctx})
    e_st = np.zeros((len(keys), s_st.shape[1]), dtype=np.float32)
    counts = np.zeros(len(keys), dtype=np.float32)
    key_row = {k: i for i, k in enumerate(keys)}
    seen: set[tuple[int, int]] = set()
    for m, i, row in zip(ctx, ctx_idx, ctx_st, strict=True):
        k = key_row[m.key]
        counts[k] += 1
        if (k, i) not in seen:
            seen.add((k, i))
            e_st[k] += row
    e_st /= np.maximum(np.linalg.norm(e_st, axis=1, keepdims=True), 1e-8)
    rows = []
    n = max(len(text), 1)
    for j, m in enumerate(mentions):
        k = key_row[m.key]
        onehot = np.zeros(len(_TYPES), dtype=np.float32)
        onehot[_TYPES.index(m.label) if m.label in _TYPES else -1] = 1.0
        extra = np.array(
            [
                np.log1p(counts[k]),
                m.start / n,
                float("\n" not in text[: m.start]),  # in the first line (the title)
                float(text[m.start : m.end] != text[m.start : m.end].lower()),
                float(" " in text[m.start : m.end]),
            ],
            dtype=np.float32,
        )
        rows.append(np.concatenate([m_st[j], s_st[j], l_st[j], r_st[j], e_st[k], onehot, extra]))
    return np.vstack(rows).astype(np.float32)


def feature_width(states: object) -> int:
    """Columns of :func:`feature_matrix` for an encoder of this width."""
    dim = int(states.states.shape[1])  # type: ignore[attr-defined]
    return 5 * dim + len(_TYPES) + 5


def entity_mentions(
    text: str, entities: Sequence[tuple[int, int, str, str]]
) -> list[tuple[int, RoleMention]]:
    """The role mentions of an article's entities: ``(index in entities, mention)``.

    Entities of a type in :data:`ROLE_LABELS`, each widened over its group nouns
    (:func:`widen`); ``entities`` are ``(start, end, label, key)``.
    """
    out = []
    for i, (start, end, label, key) in enumerate(entities):
        if label in ROLE_LABELS:
            out.append((i, RoleMention(start, widen(text, start, end), label, key)))
    return out


def entity_rows(x: np.ndarray, keys: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The cast detector's rows: per entity key, the mean of its mentions' rows.

    Returns:
        The keys (first-seen order) and one row per key (the mean, then log mention count).
    """
    order: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        order.setdefault(k, []).append(i)
    if not order:
        return [], np.zeros((0, x.shape[1] + 1), dtype=np.float32)
    rows = [np.concatenate([x[idx].mean(axis=0), [np.log1p(len(idx))]]) for idx in order.values()]
    return list(order), np.vstack(rows).astype(np.float32)
