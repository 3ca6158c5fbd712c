"""Train and evaluate the roles analyzer on SemEval-2025 Task 10 subtask 1 (entity framing).

Data: the annotated articles of ``train/<LANG>`` (:mod:`slant.training.semeval2025` reads
documents and mentions). Each article is parsed by the shipped spaCy pipeline (sentences;
the agency columns' dependencies as the analyzer gets them,
:func:`slant.analyzers.roles.agency.parsed`) and the ``entities`` analyzer, and encoded
once by the techniques MiniLM encoder (the states can be cached in a folder between runs).

Two kinds of rows come out of an article:

* **gold rows**, one per gold mention (the official task: the mentions are given), with
  the entity type and canonical name of the slant entity that overlaps it, if any;
* **candidate rows**, one per slant entity mention of a castable type (what the analyzer
  sees), labelled positive when it overlaps a gold mention: the ``cast`` detector's data.

Evaluation is cross-fitted: the articles are split into two halves by a hash of their id;
a model fitted (and tuned: regularisation, calibration, the second-fine-role threshold) on
one half is scored on the other, both ways, with the official measures
(:mod:`slant.training.role_scorer`) on the gold mentions and end to end through slant's
own entities.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.roles.features import (
    RoleMention,
    entity_mentions,
    entity_rows,
    feature_matrix,
)
from slant.analyzers.roles.model import RoleModel
from slant.labels import FINE_ROLES, MAIN_ROLES
from slant.training.roles_eval import Example, coverage, evaluate
from slant.training.roles_use import fit_use_fine
from slant.training.semeval2025 import DATA, Mention, read_documents, read_mentions

__all__ = [
    "EMPTY_HEADS",
    "Example",
    "article_states",
    "coverage",
    "crossfit",
    "evaluate",
    "fit",
    "gold_mention",
    "half_of",
    "prepare",
    "train",
]

log = logging.getLogger(__name__)
SEED = 13
# the weights of a RoleModel with empty heads (3 main, 22 fine roles): a probe that only decides
EMPTY_HEADS = (np.zeros((3, 1)), np.zeros(3), np.zeros((22, 1)), np.zeros(22), np.zeros(2), 0.0)
# regularisation grids (chosen by inner CV); the 22-class fine model is the costly fit
MAIN_GRID = (0.25, 1.0)
FINE_GRID = (4.0,)  # 4 beat 1 in every inner CV (both halves and all of train)
SECONDS = (0.2, 0.3, 0.4, 0.5, 1.01)  # threshold of a second fine role (1.01: never)
USE_WEIGHTS = (0.0, 0.25, 0.5, 0.75)  # the USE fine head's share of the mix (inner choice)


def half_of(article_id: str) -> int:
    """0 or 1: the cross-fitting half of an article (a stable hash of its id)."""
    return zlib.crc32(article_id.encode()) % 2


def article_states(enc: Any, text: str, aid: str, cache: Path | None) -> Any:
    """The encoder's token states of one article (``ArticleStates``), read from or written
    to ``cache/<aid>.npz`` when a cache folder is given."""
    from slant.analyzers.techniques import ArticleStates

    f = cache / f"{aid}.npz" if cache else None
    if f is not None and f.exists():
        with np.load(f) as z:
            return ArticleStates(z["starts"], z["ends"], z["states"].astype(np.float32))
    st = enc.encode(text)
    if f is not None:
        f.parent.mkdir(parents=True, exist_ok=True)
        np.savez(f, starts=st.starts, ends=st.ends, states=st.states.astype(np.float16))
    return st


def prepare(
    lang: str = "EN",
    *,
    data_dir: Path = DATA,
    cache: Path | None = None,
    agency: bool = True,
    speech: bool = True,
) -> list[Example]:
    """Parse, tag and featurize every article of ``lang`` that has subtask-1 mentions.

    Args:
        lang: corpus language folder.
        data_dir: the SemEval-2025 Task 10 folder.
        cache: a folder for the encoder states (written on the first run, then read).
        agency: append the agency columns
            (:func:`slant.analyzers.roles.agency.agency_matrix`), as the shipped model does;
            False: the MiniLM rows only (the model shipped before).
        speech: then the speech cues (:func:`slant.analyzers.roles.speech.speech_matrix`),
            as the shipped model does; False: the model before them.
    """
    from slant.analyzers.entities import EntitiesAnalyzer
    from slant.analyzers.roles.agency import agency_matrix, parsed
    from slant.analyzers.roles.cast import cast_key
    from slant.analyzers.roles.speech import speech_matrix
    from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER, MiniLMEncoder
    from slant.article import Article
    from slant.nlp import load_nlp

    docs = read_documents(lang, data_dir=data_dir)
    by_article: dict[str, list[Mention]] = {}
    for m in read_mentions(lang, data_dir=data_dir):
        if docs[m.article_id][m.start : m.end] == m.mention:  # 11 EN offsets are wrong
            by_article.setdefault(m.article_id, []).append(m)
    nlp = load_nlp("full")
    ents = EntitiesAnalyzer()
    ents.initialize()
    enc = MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE)
    out = []
    for aid in sorted(by_article):
        text = docs[aid]
        art = Article(id=aid, text=text)
        art.doc = nlp(text)
        ents(art)
        sents = [(s.start_char, s.end_char) for s in art.doc.sents]
        items = [(e.start, e.end, e.label, cast_key(text, e)) for e in art.entities]
        cand = [m for _, m in entity_mentions(text, items)]
        gold = by_article[aid]
        gold_m = [gold_mention(g, cand) for g in gold]
        st = article_states(enc, text, aid, cache)
        # gold rows in the context of slant's own mentions only: the candidates' features
        # (counts, entity context) must not see where the gold mentions are
        gx = feature_matrix(text, st, gold_m, sents, context=cand)
        cx = feature_matrix(text, st, cand, sents)
        if agency:
            dep = parsed(art.doc)
            gx = np.hstack([gx, agency_matrix(dep, gold_m, context=cand)])
            cx = np.hstack([cx, agency_matrix(dep, cand)])
        if speech:
            gx = np.hstack([gx, speech_matrix(text, gold_m, context=cand)])
            cx = np.hstack([cx, speech_matrix(text, cand)])
        y = np.array(
            [any(c.start < g.end and g.start < c.end for g in gold) for c in cand], dtype=np.int8
        )
        keys, kx = entity_rows(cx, [c.key for c in cand])
        key_of = np.array([keys.index(c.key) for c in cand], dtype=np.int64)
        ky = np.array([y[key_of == i].max(initial=0) for i in range(len(keys))], dtype=np.int8)
        out.append(
            Example(
                aid, text, gold, gx, cx, cand, y, keys, kx, ky, key_of, agency=agency, speech=speech
            )
        )
    log.info("%s: %d articles, %d gold mentions", lang, len(out), sum(len(e.gold) for e in out))
    return out


def gold_mention(g: Mention, cand: Sequence[RoleMention]) -> RoleMention:
    """The gold span with the type and key of the candidate that overlaps it most."""
    best, overlap = None, 0
    for c in cand:
        o = min(c.end, g.end) - max(c.start, g.start)
        if o > overlap:
            best, overlap = c, o
    if best is None:
        return RoleMention(g.start, g.end, "OTHER", g.mention.lower())
    return RoleMention(g.start, g.end, best.label, best.key)


# -- fitting ------------------------------------------------------------------------------
def _lr(x: np.ndarray, y: np.ndarray, c: float, balanced: bool = False) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        C=c, max_iter=2000, class_weight="balanced" if balanced else None, random_state=SEED
    )
    return model.fit(x, y)


def _targets(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.vstack([e.gold_x for e in examples])
    main = np.array([MAIN_ROLES.index(g.main) for e in examples for g in e.gold])
    fine = np.zeros((len(main), len(FINE_ROLES)), dtype=np.int8)
    r = 0
    for e in examples:
        for g in e.gold:
            for f in g.fine:
                fine[r, FINE_ROLES.index(f)] = 1
            r += 1
    return x, main, fine


def _folds(examples: Sequence[Example], k: int) -> list[int]:
    return [zlib.crc32(e.id.encode() + b"f") % k for e in examples]


def _fit_main(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    m = _lr(x, y, c)
    coef = np.zeros((len(MAIN_ROLES), x.shape[1]), dtype=np.float32)
    icpt = np.full(len(MAIN_ROLES), -30.0, dtype=np.float32)  # a role absent from the data
    for row, cls in enumerate(m.classes_):
        coef[cls], icpt[cls] = m.coef_[row], m.intercept_[row]
    return coef, icpt


def _fit_fine(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial regression on each mention's first fine role (``y``: indices)."""
    m = _lr(x, y, c)
    coef = np.zeros((len(FINE_ROLES), x.shape[1]), dtype=np.float32)
    icpt = np.full(len(FINE_ROLES), -30.0, dtype=np.float32)  # a role absent from the data
    for row, cls in enumerate(m.classes_):
        coef[cls], icpt[cls] = m.coef_[row], m.intercept_[row]
    return coef, icpt


def _fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature minimising the log-loss of held-out logits."""
    best, loss = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.3), np.log(5.0), 40)):
        p = np.exp(z / t - (z / t).max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        ll = -np.mean(np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)))
        if ll < loss:
            best, loss = float(t), ll
    return best


def fit(
    examples: Sequence[Example],
    *,
    k: int = 3,
    main_grid: Sequence[float] = MAIN_GRID,
    fine_grid: Sequence[float] = FINE_GRID,
    ext: tuple[np.ndarray, np.ndarray] | None = None,
    use_context: str = "line",
) -> RoleModel:
    """Fit the three regressions, choosing C, calibration and ``second`` by inner k-fold CV.

    Everything is chosen on out-of-fold predictions of ``examples`` only. ``ext``: USE
    rows and first fine roles of other-language mentions
    (:func:`slant.training.roles_use.foreign_rows`); with it (and ``gold_u`` on the
    examples, of ``use_context``), a USE fine head is fitted on them and the English rows
    that have a USE context, and its weight in the fine mix is chosen with the rest (0
    drops it); a mention without a USE context keeps the MiniLM head's probabilities.
    """
    x, main, fine = _targets(examples)
    first = np.array([FINE_ROLES.index(g.fine[0]) for e in examples for g in e.gold])
    folds = np.repeat(_folds(examples, k), [len(e.gold) for e in examples])
    # out-of-fold main logits and fine probabilities, per C
    best: tuple[float, float, float] | None = None  # (exact match, c_main, c_fine) ...
    oof_main: dict[float, np.ndarray] = {}
    oof_fine: dict[float, np.ndarray] = {}
    for c in main_grid:
        z = np.zeros((len(main), len(MAIN_ROLES)), dtype=np.float32)
        for fold in range(k):
            tr, te = folds != fold, folds == fold
            coef, icpt = _fit_main(x[tr], main[tr], c)
            z[te] = x[te] @ coef.T + icpt
        oof_main[c] = z
    for c in fine_grid:
        f = np.zeros((len(main), len(FINE_ROLES)), dtype=np.float32)
        for fold in range(k):
            tr, te = folds != fold, folds == fold
            fc, fi = _fit_fine(x[tr], first[tr], c)
            zf = x[te] @ fc.T + fi
            ef = np.exp(zf - zf.max(axis=1, keepdims=True))
            f[te] = ef / ef.sum(axis=1, keepdims=True)
        oof_fine[c] = f
    use = ext is not None and all(e.gold_u is not None for e in examples)
    xu = np.vstack([e.gold_u for e in examples]) if use else None
    has_u = np.isfinite(xu).all(axis=1) if xu is not None else np.zeros(len(main), bool)
    oof_use = np.zeros((len(main), len(FINE_ROLES)), dtype=np.float32)
    if xu is not None:
        for fold in range(k):
            tr, te = (folds != fold) & has_u, (folds == fold) & has_u
            uc, ui = fit_use_fine(xu[tr], first[tr], ext)
            zu = xu[te] @ uc.T + ui
            eu = np.exp(zu - zu.max(axis=1, keepdims=True))
            oof_use[te] = eu / eu.sum(axis=1, keepdims=True)
    # choose C of main by accuracy, C of fine (and the second threshold, the USE weight)
    # by exact match
    c_main = max(main_grid, key=lambda c: float(np.mean(oof_main[c].argmax(1) == main)))
    z_main = oof_main[c_main]
    choice = []
    for c in fine_grid:
        for w in USE_WEIGHTS if use else (0.0,):
            fp = oof_fine[c].copy()
            if w > 0:  # the geometric mix (decide renormalises over a main role's children)
                fp[has_u] = np.exp(
                    (1 - w) * np.log(np.maximum(fp[has_u], 1e-12))
                    + w * np.log(np.maximum(oof_use[has_u], 1e-12))
                )
            for second in SECONDS:
                probe = RoleModel(*EMPTY_HEADS, second=second)
                dec = probe.decide(z_main, fp)
                em = np.mean(
                    [
                        set(np.flatnonzero(fine[i])) == {FINE_ROLES.index(f) for f in d[1]}
                        for i, d in enumerate(dec)
                    ]
                )
                choice.append((float(em), -w, -second, c))
    em, neg_w, neg_second, c_fine = max(choice)
    best = (em, c_main, c_fine)
    temperature = _fit_temperature(z_main, main)
    log.info(
        "roles: C main %s, C fine %s, second %s, T %.2f, inner EM %.3f",
        c_main,
        c_fine,
        -neg_second,
        temperature,
        em,
    )
    main_coef, main_icpt = _fit_main(x, main, c_main)
    fine_coef, fine_icpt = _fit_fine(x, first, c_fine)
    cast_coef, cast_icpt, platt, threshold, f1 = _fit_cast(examples, k, c_main, temperature)
    use_coef, use_icpt = (
        fit_use_fine(xu[has_u], first[has_u], ext)
        if xu is not None and neg_w < 0
        else EMPTY_HEADS[2:4]
    )
    return RoleModel(
        main_coef=main_coef,
        main_intercept=main_icpt,
        fine_coef=fine_coef,
        fine_intercept=fine_icpt,
        cast_coef=cast_coef,
        cast_intercept=cast_icpt,
        temperature=temperature,
        cast_platt=platt,
        second=-neg_second,
        threshold=threshold,
        use_fine_coef=use_coef if neg_w < 0 else np.zeros((0, 0), np.float32),
        use_fine_intercept=use_icpt if neg_w < 0 else np.zeros(0, np.float32),
        use_fine_weight=-neg_w,
        use_fine_context=use_context,
        agency=all(e.agency for e in examples),
        speech=all(e.speech for e in examples),
        meta={
            "cast_inner_f1": round(f1, 4),
            "c_main": c_main,
            "c_fine": c_fine,
            "use_fine_weight": -neg_w,
            "use_context_share": round(float(has_u.mean()), 4),
            "inner_exact_match": round(best[0], 4),
            "inner_main_accuracy": round(float(np.mean(z_main.argmax(1) == main)), 4),
            "articles": len(examples),
            "mentions": len(main),
        },
    )


def _fit_cast(
    examples: Sequence[Example], k: int, c_main: float, temperature: float
) -> tuple[np.ndarray, float, tuple[float, float], float, float]:
    """The cast detector (entity rows, C=1, balanced), its Platt map and the threshold.

    The Platt map is fitted on out-of-fold detector scores; the threshold on the mention
    score (P(cast) × P(main role)) maximises the entity-level F1 of "this entity is cast"
    on out-of-fold scores of both models.
    """
    xe = np.vstack([e.key_x for e in examples])
    ye = np.concatenate([e.key_y for e in examples])
    fe = np.repeat(_folds(examples, k), [len(e.keys) for e in examples])
    xg, main, _ = _targets(examples)
    fg = np.repeat(_folds(examples, k), [len(e.gold) for e in examples])
    raw = np.zeros(len(ye), dtype=np.float32)
    best_main = np.zeros(len(ye), dtype=np.float32)  # per entity: best P(main) of a mention
    offsets = np.cumsum([0] + [len(e.keys) for e in examples])
    for fold in range(k):
        tr, te = fe != fold, fe == fold
        m = _lr(xe[tr], ye[tr], 1.0, balanced=True)
        raw[te] = m.decision_function(xe[te])
        coef, icpt = _fit_main(xg[fg != fold], main[fg != fold], c_main)
        for n, e in enumerate(examples):
            if _folds([e], k)[0] != fold or not len(e.cand):
                continue
            z = (e.cand_x @ coef.T + icpt) / temperature
            p = np.exp(z - z.max(axis=1, keepdims=True))
            pm = (p / p.sum(axis=1, keepdims=True)).max(axis=1)
            for key in range(len(e.keys)):
                best_main[offsets[n] + key] = pm[e.key_of == key].max(initial=0.0)
    platt = _lr(raw.reshape(-1, 1), ye, 1e4)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    score = best_main / (1 + np.exp(-(a * raw + b)))
    threshold, f1 = 0.5, 0.0
    for t in np.arange(0.05, 0.95, 0.025):
        pos = score >= t
        tp = float((pos & (ye == 1)).sum())
        f = 2 * tp / max(pos.sum() + (ye == 1).sum(), 1)
        if f > f1:
            threshold, f1 = float(round(t, 3)), f
    m = _lr(xe, ye, 1.0, balanced=True)
    return m.coef_[0].astype(np.float32), float(m.intercept_[0]), (a, b), threshold, f1


def crossfit(
    examples: Sequence[Example], *, directions: Sequence[int] = (0, 1), **kw: Any
) -> dict[str, Any]:
    """Fit on each half, score on the other (see the module); the figures per direction.

    Args:
        examples: from :func:`prepare`.
        directions: 0 fits half A and scores half B, 1 the reverse.
        kw: passed to :func:`fit`.
    """
    out: dict[str, Any] = {"coverage": coverage(examples)}
    for tune in directions:
        train = [e for e in examples if half_of(e.id) == tune]
        test = [e for e in examples if half_of(e.id) != tune]
        model = fit(train, **kw)
        name = f"fit {'AB'[tune]} → score {'AB'[1 - tune]}"
        out[name] = evaluate(model, test)
        out[name]["model"] = model.meta
    return out


def train(
    examples: Sequence[Example],
    out: Path | None = None,
    *,
    langs: Sequence[str] = ("EN",),
    ext: tuple[np.ndarray, np.ndarray] | None = None,
    ext_langs: Sequence[str] = (),
    use_context: str = "line",
) -> Path:
    """Fit the shipped model on every example and write it to ``out`` (default: shipped).

    ``ext`` (and the examples' ``gold_u``): the other languages' USE rows for the USE fine
    head (:func:`fit`); ``ext_langs`` names them in the model's metadata.

    Returns:
        The model folder.
    """
    from slant.analyzers.roles import default_model_dir

    model = fit(examples, ext=ext, use_context=use_context)
    model.meta.update({"data": "SemEval-2025 Task 10 subtask 1 train", "languages": list(langs)})
    if model.has_use:
        model.meta["use_fine_languages"] = [*langs, *ext_langs]
    folder = out or default_model_dir()
    model.save(folder)
    return folder
