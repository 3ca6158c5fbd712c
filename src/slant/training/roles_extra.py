"""Extra mention features measured for the roles model on the cross-fitted halves (not shipped).

``slant eval roles --extra prior,fprior,side,sidexprior,dep`` appends these columns to the
gold and candidate rows of :func:`slant.training.roles.prepare` and runs the usual fit and
evaluation per direction (:func:`crossfit_extra`). Everything learned from labels comes from
the training half only:

* ``prior``: the **referent prior**, how the training half casts this cast key (the
  canonical name; a people joins its country): log of the smoothed main-role distribution
  over the base rates (additive smoothing, ``alpha`` = 2 base-rate mentions) and the log
  count of its training mentions. A training row's prior leaves its own article out.
* ``fprior``: the same for the 22 fine roles (a mention with k fine roles counts 1/k each).
* ``side``: the article's side, P(URW narrative / CC narrative / Other) from a 3-class
  regression on the article's MiniLM features (the narratives analyzer's: mean state and
  line max), fitted on the training half's English articles (all of them, with or without
  subtask-1 mentions) on their subtask-2 gold; a training article's side comes from 5-fold
  out-of-fold predictions inside its half.
* ``sidexprior``: side × main-role prior (9 columns), the interaction a linear model lacks.
* ``dep``: the mention's syntactic slot from spaCy's dependency parse (the ``parse`` level,
  which the default run does not compute): its root's relation (nsubj, nsubjpass, dobj,
  pobj, poss, compound, amod, conj, appos, the object of a passive "by", ROOT), whether its
  head is a verb, and whether it is the object of "against", "by" or "from" (other than a
  passive's "by").
* ``agency``: who does what to whom (:mod:`slant.analyzers.roles.agency`, the ``parse``
  level too): the mention's slot (agent, patient, setting, possessor, ...) crossed with the
  polarity of the act it does or undergoes (harm, help, blame, suffer; VADER valence).
* ``agencyref``: the same per referent: the share of the referent's mentions (slant's own,
  as the analyzer sees them) that are agent of harm, patient of harm, agent of help, ...

* ``speaker``, ``quotes``, ``camp``, ``predprior`` (issue 24): speech cues, the ``quotes``
  analyzer's speakers and quoted mentions, the referent's camp in the war × ``side``, and the
  predicate prior; see :mod:`slant.training.roles_cues`.

``agency`` and ``agencyref`` helped on both halves and now ship (the rows of
:func:`slant.training.roles.prepare` end with them); as extras they apply to examples
prepared with ``agency=False`` only (``slant eval roles --no-agency --extra agency``).
"""

from __future__ import annotations

import copy
import logging
import zlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slant.labels import FINE_ROLES, MAIN_ROLES
from slant.training.roles_eval import Example
from slant.training.semeval2025 import DATA, OTHER

__all__ = ["EXTRAS", "crossfit_extra", "dep_rows", "referent_prior", "side_probabilities"]

log = logging.getLogger(__name__)
EXTRAS = (
    "prior",
    "fprior",
    "side",
    "sidexprior",
    "dep",
    "agency",
    "agencyref",
    # slant.training.roles_cues (issue 24)
    "speaker",
    "quotes",
    "camp",
    "predprior",
)
ALPHA = 2.0
DEPS = (
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "poss",
    "compound",
    "amod",
    "conj",
    "appos",
    "agent_pobj",
    "ROOT",
)


def gold_keys(e: Example) -> list[str]:
    """The cast key of each gold mention (that of the slant mention overlapping it most)."""
    from slant.training.roles import gold_mention

    return [gold_mention(g, e.cand).key for g in e.gold]


def referent_prior(
    train: Sequence[Example], keys: Sequence[str], leave_out: str = "", fine: bool = False
) -> np.ndarray:
    """Smoothed role distribution of each key in ``train`` as log-ratios to the base rates.

    Args:
        train: the training half.
        keys: the keys to describe.
        leave_out: an article id whose mentions are not counted (a training row's own).
        fine: the 22 fine roles instead of the 3 main roles (then no count column).

    Returns:
        ``len(keys)`` rows: 22 columns (``fine``) or 3 + log(1 + training mentions).
    """
    labels = FINE_ROLES if fine else MAIN_ROLES
    base = np.full(len(labels), 1e-3)
    counts: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(labels)))
    for e in train:
        for key, g in zip(gold_keys(e), e.gold, strict=True):
            roles = g.fine if fine else (g.main,)
            for r in roles:
                base[labels.index(r)] += 1
                if e.id != leave_out:
                    counts[key][labels.index(r)] += 1 / len(roles)
    base /= base.sum()
    rows = []
    for key in keys:
        c = counts[key] if key in counts else np.zeros(len(labels))
        p = (c + ALPHA * base) / (c.sum() + ALPHA)
        row = np.log(p / base)
        rows.append(row if fine else np.concatenate([row, [np.log1p(c.sum())]]))
    return np.array(rows, np.float32).reshape(len(keys), len(labels) + (0 if fine else 1))


def _article_features(
    data_dir: Path, cache: Path | None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Ids, MiniLM article features and side (0 URW, 1 CC, 2 Other) of every EN article."""
    from slant.analyzers.narratives.model import article_features
    from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER, MiniLMEncoder
    from slant.training.roles import article_states
    from slant.training.semeval2025 import read_documents, read_narratives

    docs = read_documents("EN", data_dir=data_dir)
    gold = {n.article_id: n.narratives for n in read_narratives("EN", data_dir=data_dir)}
    enc = MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE)
    ids = sorted(a for a in docs if a in gold)
    x = np.vstack(
        [article_features(article_states(enc, docs[a], a, cache), docs[a])[0] for a in ids]
    )
    side = [
        2 if gold[a] == (OTHER,) else 0 if any(n.startswith("URW") for n in gold[a]) else 1
        for a in ids
    ]
    return ids, x, np.array(side)


def side_probabilities(
    ids: Sequence[str], x: np.ndarray, y: np.ndarray, train_half: int
) -> dict[str, np.ndarray]:
    """P(side) of every article: out-of-fold (5 folds) inside ``train_half``, and from the
    whole half's regression for the other half."""
    from sklearn.linear_model import LogisticRegression

    from slant.training.roles import half_of

    half = np.array([half_of(a) for a in ids])
    tr = np.flatnonzero(half == train_half)
    te = np.flatnonzero(half != train_half)
    out: dict[str, np.ndarray] = {}

    def fit_predict(a: np.ndarray, b: np.ndarray) -> None:
        m = LogisticRegression(C=1.0, max_iter=3000).fit(x[a], y[a])
        p = np.zeros((len(b), 3))
        p[:, m.classes_] = m.predict_proba(x[b])
        out.update({ids[i]: row for i, row in zip(b, p, strict=True)})

    fit_predict(tr, te)
    folds = np.array([zlib.crc32(ids[i].encode() + b"s") % 5 for i in tr])
    for k in range(5):
        fit_predict(tr[folds != k], tr[folds == k])
    return out


def dep_rows(doc: Any, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """The syntactic-slot columns of mentions ``spans`` in a parsed ``doc`` (see the module)."""
    out = np.zeros((len(spans), len(DEPS) + 2), np.float32)
    for i, (s, e) in enumerate(spans):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        dep = root.dep_
        if dep == "pobj" and root.head.dep_ == "agent":
            dep = "agent_pobj"
        if dep in DEPS:
            out[i, DEPS.index(dep)] = 1.0
        out[i, -2] = float(root.head.pos_ == "VERB")
        out[i, -1] = float(dep == "pobj" and root.head.lower_ in ("against", "by", "from"))
    return out


def _augment(
    e: Example,
    train: Sequence[Example],
    extras: Sequence[str],
    sides: dict[str, np.ndarray],
    doc: Any,
    aux: dict[str, Any] | None = None,
) -> Example:
    """A copy of ``e`` with the ``extras`` columns appended to its gold and candidate rows
    (and the cast detector's key rows rebuilt on them). ``aux``: what the
    :mod:`slant.training.roles_cues` columns read (``quotes``: the article's quotes;
    ``lemmas``: the gold and candidate mentions' predicate lemmas; ``lemma_train``: the
    training half's, for the predicate prior)."""
    from slant.analyzers.roles.features import RoleMention, entity_rows
    from slant.training import roles_cues as cues

    out = copy.copy(e)
    aux = aux or {}

    def columns(keys: list[str], spans: list[tuple[int, int]], which: int) -> np.ndarray:
        cols = [np.zeros((len(keys), 0), np.float32)]
        prior = referent_prior(train, keys, leave_out=e.id)
        side = np.tile(sides.get(e.id, np.full(3, 1 / 3)), (len(keys), 1))
        if "prior" in extras:
            cols.append(prior)
        if "fprior" in extras:
            cols.append(referent_prior(train, keys, leave_out=e.id, fine=True))
        if "side" in extras:
            cols.append(side)
        if "sidexprior" in extras:
            cols.append((side[:, :, None] * prior[:, None, :3]).reshape(len(keys), 9))
        if "dep" in extras:
            cols.append(dep_rows(doc, spans))
        if {"agency", "agencyref"} & set(extras):
            from slant.analyzers.roles.agency import MENTION_COLUMNS, agency_matrix

            ms = [RoleMention(s, t, "", k) for k, (s, t) in zip(keys, spans, strict=True)]
            ag = agency_matrix(doc, ms, context=e.cand)
            if "agency" in extras:
                cols.append(ag[:, : len(MENTION_COLUMNS)])
            if "agencyref" in extras:
                cols.append(ag[:, len(MENTION_COLUMNS) :])
        if "speaker" in extras:
            cols.append(cues.speaker_rows(e.text, spans, keys, e.cand))
        if "quotes" in extras:
            cols.append(cues.quote_rows(aux["quotes"], spans, keys, e.cand))
        if "camp" in extras:
            cols.append(cues.camp_rows(keys, side[0] if len(side) else np.full(3, 1 / 3)))
        if "predprior" in extras:
            lemmas = aux["lemmas"][which]
            cols.append(cues.predicate_prior(aux["lemma_train"], lemmas, leave_out=e.id))
        return np.hstack(cols).astype(np.float32)

    out.gold_x = np.hstack(
        [e.gold_x, columns(gold_keys(e), [(g.start, g.end) for g in e.gold], 0)]
    ).astype(np.float32)
    out.cand_x = np.hstack(
        [e.cand_x, columns([c.key for c in e.cand], [(c.start, c.end) for c in e.cand], 1)]
    ).astype(np.float32)
    if len(e.cand):
        keys, out.key_x = entity_rows(out.cand_x, [c.key for c in e.cand])
        assert keys == e.keys
    else:
        out.key_x = np.zeros((0, out.cand_x.shape[1] + 1), np.float32)
    return out


def _cue_inputs(
    examples: Sequence[Example], extras: Sequence[str], docs: Sequence[Any]
) -> dict[str, dict[str, Any]]:
    """Per article, what the :mod:`slant.training.roles_cues` columns read: its quotes (the
    ``quotes`` analyzer after ``entities``, for ``quotes``) and its mentions' predicate
    lemmas (``predprior``)."""
    out: dict[str, dict[str, Any]] = {e.id: {} for e in examples}
    if "quotes" in extras:
        from slant.config import load_settings
        from slant.pipeline import Pipeline
        from slant.readers.txt import article_from_text

        pipeline = Pipeline(load_settings(only=("entities", "quotes")))
        for e in examples:
            art = pipeline(article_from_text(e.text, id=e.id, source="<text>"))
            if art.text != e.text:
                raise ValueError(f"{e.id}: the analysed text differs from the example's")
            out[e.id]["quotes"] = list(art.quotes)
    if "predprior" in extras:
        from slant.training.roles_cues import predicate_lemmas

        for e, doc in zip(examples, docs, strict=True):
            out[e.id]["lemmas"] = (
                predicate_lemmas(doc, [(g.start, g.end) for g in e.gold]),
                predicate_lemmas(doc, [(c.start, c.end) for c in e.cand]),
            )
    return out


def crossfit_extra(
    examples: Sequence[Example],
    extras: Sequence[str],
    *,
    data_dir: Path = DATA,
    cache: Path | None = None,
    **kw: Any,
) -> dict[str, Any]:
    """:func:`slant.training.roles.crossfit` with ``extras`` columns (see the module).

    Args:
        examples: from :func:`slant.training.roles.prepare` (English).
        extras: names from :data:`EXTRAS`.
        data_dir: the SemEval-2025 folder (subtask-2 gold for ``side``).
        cache: the encoder-state cache of ``prepare`` (``side`` encodes every EN article).
        kw: passed to :func:`slant.training.roles.fit` (``ext``, ``use_context``).
    """
    from slant.training.roles import coverage, evaluate, fit, half_of

    unknown = sorted(set(extras) - set(EXTRAS))
    if unknown:
        raise ValueError(f"unknown extra features {unknown}; expected some of {EXTRAS}")
    if {"agency", "agencyref"} & set(extras) and any(e.agency for e in examples):
        raise ValueError("the agency columns are in the rows already (prepare(agency=False))")
    if "speaker" in extras and any(e.speech for e in examples):
        raise ValueError("the speech cues are in the rows already (prepare(speech=False))")
    docs: list[Any] = [None] * len(examples)
    if {"dep", "agency", "agencyref", "predprior"} & set(extras):
        from slant.nlp import load_nlp

        nlp = load_nlp("parse")
        docs = [nlp(e.text) for e in examples]
    aux = _cue_inputs(examples, extras, docs)
    with_side = {"side", "sidexprior", "camp"} & set(extras)
    side_data = _article_features(data_dir, cache) if with_side else None
    out: dict[str, Any] = {"coverage": coverage(examples), "extras": list(extras)}
    for tune in (0, 1):
        sides = side_probabilities(*side_data, tune) if side_data is not None else {}
        train = [e for e in examples if half_of(e.id) == tune]
        lemma_train = [
            (e.id, aux[e.id]["lemmas"][0], [g.main for g in e.gold])
            for e in train
            if "lemmas" in aux.get(e.id, {})
        ]
        rows = [
            _augment(
                e, train, extras, sides, doc, {**aux.get(e.id, {}), "lemma_train": lemma_train}
            )
            for e, doc in zip(examples, docs, strict=True)
        ]
        model = fit([r for r in rows if half_of(r.id) == tune], **kw)
        name = f"fit {'AB'[tune]} → score {'AB'[1 - tune]}"
        out[name] = evaluate(model, [r for r in rows if half_of(r.id) != tune])
        out[name]["model"] = model.meta
        if side_data is not None:
            ids, _, y = side_data
            held = [i for i, a in enumerate(ids) if half_of(a) != tune]
            out[name]["side_accuracy"] = float(
                np.mean([np.argmax(sides[ids[i]]) == y[i] for i in held])
            )
    return out
