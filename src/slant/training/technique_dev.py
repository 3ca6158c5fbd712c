"""Tuning, calibration and evaluation of a techniques model on the English dev halves.

:func:`tune` chooses the decoding settings and thresholds on one half, :func:`calibrate`
fits the span scores' isotonic map there, and :func:`evaluate` scores a model on the
other half (:mod:`slant.training.techniques` runs them after training, in ``retune``
and in ``crossfit``).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.labels import SEMEVAL2020_TO_2023, TECHNIQUES
from slant.training.technique_corpora import (
    GoldArticle,
    english_dev_ids,
    read_ptc2020,
    read_semeval2023,
)
from slant.training.technique_heads import ParsedTexts
from slant.training.technique_scorers import (
    expected_calibration_error,
    paragraph_score,
    si_score,
    span_outcomes,
    tc_score,
    technique_span_score,
)

__all__ = ["TO_2020", "calibrate", "evaluate", "load_analyzer", "micro_thresholds", "tune"]

log = logging.getLogger(__name__)

# 2023 label → the SemEval-2020 class it falls in (for the 2020 TC metric).
TO_2020: dict[str, str] = {v: k for k, v in SEMEVAL2020_TO_2023.items()}
TO_2020 |= {
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    # 2020's merged class maps to Guilt_by_Association now; Bandwagon is its other half
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
}


# -- evaluation --------------------------------------------------------------------------
@dataclass
class _DevRun:
    """Raw predictions of an analyzer on dev articles, reused across thresholds."""

    si_arts: list[Any]
    si_gold: list[GoldArticle]
    st3_arts: list[Any]
    st3_gold: list[GoldArticle]


def _dev_run(root: Path, ids: Sequence[str], parsed: ParsedTexts) -> _DevRun:
    keep = set(ids)
    si_gold = [a for a in read_ptc2020(root, "dev", task="tc") if a.id in keep]
    st3_gold = read_semeval2023(root, "en", "train", ids=keep)
    return _DevRun(parsed.articles(si_gold), si_gold, parsed.articles(st3_gold), st3_gold)


def load_analyzer(model_dir: Path, **kw: Any) -> Any:
    """The techniques analyzer of ``model_dir``, initialised, caching 200 articles' states."""
    from slant.analyzers.techniques import TechniquesAnalyzer

    a = TechniquesAnalyzer(model_dir=str(model_dir), **kw)
    a.initialize()
    a.states_cache_size = 200  # dev articles are analysed many times over
    return a


def _si_f1(an: Any, run: _DevRun, raw: Sequence[Any]) -> float:
    """SI F1 of the spans decoded from ``raw`` scores under the analyzer's current settings."""
    pred = {
        g.id: [(s, e) for s, e, _ in an.decode_spans(r)]
        for g, r in zip(run.si_gold, raw, strict=True)
    }
    gold = {g.id: [(s, e) for _, s, e in g.spans] for g in run.si_gold}
    return si_score(pred, gold)["f1"]


def tune(model_dir: Path, root: Path, ids: Sequence[str], parsed: ParsedTexts) -> dict[str, Any]:
    """Thresholds that maximise the dev-half-A scores (SI F1, span F1, per-label F1)."""
    an = load_analyzer(model_dir)
    an.span_cal_ = None  # the paragraph head reads raw span scores, so tune on those
    run = _dev_run(root, ids, parsed)
    # every head's raw scores once; each setting below only re-decodes them
    raw = [an.span_scores(a, every_head=True) for a in run.si_arts]
    grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    weights = CRF_WEIGHTS if an.si_lr_ is not None else (1.0,)
    sentence_weights = SENTENCE_WEIGHTS if an.si_sent_ is not None else (0.0,)
    # coordinate ascent, two rounds: (CRF weight, sentence weight, threshold), then (gap,
    # min chars) — the sentence head and run merging both fill dips inside spans, so each
    # is tuned with the other in place. Start plain: no merging, no minimum length.
    an.span_gap_, an.span_min_chars_ = -1, 0
    for rnd in (1, 2):
        si: dict[tuple[float, float, float], float] = {}
        for w, b, thr in itertools.product(weights, sentence_weights, grid):
            an.crf_weight_, an.sentence_weight_, an.span_thr_ = w, b, thr
            si[(w, b, thr)] = _si_f1(an, run, raw)
        # ties keep the plainer setting (no sentence mixing, the larger CRF weight: first)
        best_w, best_b, best_si = max(si, key=lambda k: (round(si[k], 9), k[1] == 0.0))
        log.info(
            "round %d: SI F1 on half A %.4f at CRF weight %.2f, sentence weight %.2f, "
            "threshold %.2f (no sentence head: %.4f)",
            rnd,
            si[(best_w, best_b, best_si)],
            best_w,
            best_b,
            best_si,
            max(v for k, v in si.items() if k[1] == 0.0),
        )
        an.crf_weight_, an.sentence_weight_, an.span_thr_ = best_w, best_b, best_si
        post: dict[tuple[int, int], float] = {}
        for gap, min_chars in itertools.product(SPAN_GAPS, SPAN_MIN_CHARS):
            an.span_gap_, an.span_min_chars_ = gap, min_chars
            post[(gap, min_chars)] = _si_f1(an, run, raw)
        best_gap, best_min = max(post, key=lambda k: post[k] + 1e-9 * (k == (-1, 0)))
        log.info(
            "round %d: SI F1 on half A %.4f at gap %d, min chars %d",
            rnd,
            post[(best_gap, best_min)],
            best_gap,
            best_min,
        )
        an.span_gap_, an.span_min_chars_ = best_gap, best_min
    extra = {}
    for thr in (0.2, 0.3, 0.4, 0.5, 1.1):
        an.extra_thr_ = thr
        extra[thr] = _span_f1(an, run)
    best_extra = max(extra, key=lambda t: extra[t])
    an.extra_thr_ = best_extra
    # paragraph thresholds: the micro-F1 of half A, by coordinate ascent over the labels,
    # for each weight of the span evidence; the best weight wins
    gold, parts = _paragraph_probs(an, run)
    best: tuple[float, float, dict[str, float]] | None = None
    for w in SPAN_WEIGHTS:
        an.span_weight_ = w
        combined = np.vstack([an.with_span_evidence(p, ps, sp) for p, ps, sp in parts])
        thr = micro_thresholds(combined, gold, an.labels_)
        f1 = _micro_f1(combined, gold, an.labels_, thr)
        log.info("paragraph micro-F1 on half A, span weight %.2f: %.4f", w, f1)
        if best is None or f1 > best[1] + 1e-9:
            best = (w, f1, thr)
    assert best is not None
    return {
        "si_threshold": best_si,
        "crf_weight": best_w,
        "sentence_weight": best_b,
        "span_gap": best_gap,
        "span_min_chars": best_min,
        "extra_label_threshold": best_extra,
        "paragraph_thresholds": best[2],
        "span_weight": best[0],
    }


# weight of macro-F1 beside micro-F1 when the paragraph thresholds are tuned (0: micro alone)
PARAGRAPH_MACRO_WEIGHT = 0.0
SPAN_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SPAN_GAPS = (-1, 0, 1, 2, 3, 4, 6)  # -1: never merge
SPAN_MIN_CHARS = (0, 3, 5, 10)
CRF_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)  # 1.0: the CRF alone
SENTENCE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # 0.0: no sentence head


def _gold_matrix(gold: list[tuple[str, ...]], labels: Sequence[str]) -> np.ndarray:
    """(paragraphs × labels) booleans: which gold labels each paragraph has."""
    return np.array([[t in row for t in labels] for row in gold], dtype=bool)


def _micro_f1(
    probs: np.ndarray, gold: list[tuple[str, ...]], labels: Sequence[str], thr: dict[str, float]
) -> float:
    g = _gold_matrix(gold, labels)
    p = probs >= np.array([thr[t] for t in labels])
    tp = int((p & g).sum())
    return 2 * tp / (int(p.sum()) + int(g.sum())) if p.sum() + g.sum() else 0.0


def micro_thresholds(
    probs: np.ndarray,
    gold: list[tuple[str, ...]],
    labels: Sequence[str],
    macro_weight: float | None = None,
) -> dict[str, float]:
    """Per-label thresholds that maximise micro-F1 + ``macro_weight`` × macro-F1 (two passes
    of coordinate ascent; ``macro_weight`` 0 is micro-F1 alone)."""
    mw = PARAGRAPH_MACRO_WEIGHT if macro_weight is None else macro_weight
    g = _gold_matrix(gold, labels)
    gold_j = g.sum(axis=0)
    grid = np.round(np.arange(0.02, 0.96, 0.02), 3)
    thr = np.full(len(labels), 0.5)

    def counts(j: int, t: float) -> tuple[int, int]:
        p = probs[:, j] >= t
        return int((p & g[:, j]).sum()), int(p.sum())

    tp = np.zeros(len(labels))
    npred = np.zeros(len(labels))
    for j in range(len(labels)):
        tp[j], npred[j] = counts(j, thr[j])
    n_gold = g.sum()

    def label_f1(tp_j: float, pred_j: float, j: int) -> float:
        d = pred_j + gold_j[j]
        return 2 * tp_j / d if d else 0.0

    for _ in range(2):
        for j in range(len(labels)):
            best_t, best_f = thr[j], -1.0
            rest = sum(label_f1(tp[k], npred[k], k) for k in range(len(labels)) if k != j)
            for t in grid:
                a, b = counts(j, float(t))
                tp_all = tp.sum() - tp[j] + a
                pred_all = npred.sum() - npred[j] + b
                f = 2 * tp_all / (pred_all + n_gold) if pred_all + n_gold else 0.0
                if mw:
                    f += mw * (rest + label_f1(a, b, j)) / len(labels)
                if f > best_f + 1e-12:
                    best_t, best_f = float(t), f
            thr[j] = best_t
            tp[j], npred[j] = counts(j, best_t)
    return {t: float(x) for t, x in zip(labels, thr, strict=True)}


def _technique_spans(an: Any, run: _DevRun) -> dict[str, list[tuple[str, int, int, float]]]:
    out = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        out[g.id] = [(t.technique, t.start, t.end, t.score) for t in art.techniques]
    return out


def calibrate(
    model_dir: Path, root: Path, ids: Sequence[str], parsed: ParsedTexts
) -> dict[str, Any]:
    """An isotonic map from raw technique-span scores to P(right) on the given dev ids.

    "Right" is what a reader checking a highlight would say: a gold span of the same
    technique overlaps it (SemEval-2023 English gold). Fitted on the tuning half only; the
    other half measures it (``span_ece`` of :func:`evaluate`).
    """
    from sklearn.isotonic import IsotonicRegression

    an = load_analyzer(model_dir)
    an.span_cal_ = None  # fit on the raw scores
    run = _dev_run(root, ids, parsed)
    gold = {g.id: list(g.spans) for g in run.st3_gold}
    outcomes = span_outcomes(_technique_spans(an, run), gold)
    if len(outcomes) < 20:
        raise ValueError(f"too few technique spans to calibrate on ({len(outcomes)})")
    x = np.array([p for p, _ in outcomes])
    y = np.array([float(ok) for _, ok in outcomes])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    return {
        "x": [round(float(v), 6) for v in iso.X_thresholds_],
        "y": [round(float(v), 6) for v in iso.y_thresholds_],
        "spans": len(outcomes),
        "raw_ece": round(expected_calibration_error(outcomes), 4),
    }


def _span_f1(an: Any, run: _DevRun) -> float:
    pred: dict[str, list[tuple[str, int, int]]] = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        pred[g.id] = [(t.technique, t.start, t.end) for t in art.techniques]
    gold = {g.id: list(g.spans) for g in run.st3_gold}
    return technique_span_score(pred, gold)["f1"]


def _copy(a: Any) -> Any:
    from slant.article import Article

    return Article(id=a.id, text=a.text, paragraphs=list(a.paragraphs), doc=a.doc)


def _paragraph_probs(
    an: Any, run: _DevRun
) -> tuple[list[tuple[str, ...]], list[tuple[np.ndarray, list[Any], list[Any]]]]:
    """Gold labels of the gold paragraphs, and per article (paragraph-head probabilities,
    paragraphs, technique spans) for :meth:`TechniquesAnalyzer.with_span_evidence`."""
    gold, parts = [], []
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        ps = [p for p in a.paragraphs if p.line in g.lines]
        art = _copy(a)
        an(art)
        parts.append((an.paragraph_probabilities(a, ps), ps, art.techniques))
        gold += [g.lines[p.line] for p in ps]
    return gold, parts


def evaluate(
    model_dir: Path,
    root: Path,
    ids: Sequence[str] | None = None,
    *,
    parsed: ParsedTexts | None = None,
    skip_flagged: bool = False,
) -> dict[str, float]:
    """All dev metrics of the model in ``model_dir`` on the given English dev ids.

    Returns ``si_*`` (SemEval-2020 SI on PTC dev gold), ``tc_*`` (SemEval-2020 TC on gold
    spans), ``paragraph_*`` (SemEval-2023 subtask 3) and ``span_*`` (technique span F1,
    23 labels, partial overlap) values.
    """
    parsed = parsed or ParsedTexts()
    ids = list(ids) if ids is not None else sorted(english_dev_ids(root))
    run = _dev_run(root, ids, parsed)
    an = load_analyzer(model_dir, skip_flagged=skip_flagged)
    scores: dict[str, float] = {"articles": float(len(ids))}
    # SI
    t0 = time.time()
    si_pred = {}
    for g, a in zip(run.si_gold, run.si_arts, strict=True):
        art = _copy(a)
        an(art)  # the full analyzer, so skip_flagged applies
        si_pred[g.id] = sorted({(t.start, t.end) for t in art.techniques})
    si_gold = {g.id: [(s, e) for _, s, e in g.spans] for g in run.si_gold}
    scores |= {f"si_{k}": v for k, v in si_score(si_pred, si_gold).items()}
    # TC on gold spans (2020 labels)
    allowed = [t for t in an.labels_ if t in TO_2020]
    tc_pred: dict[str, list[tuple[str, int, int]]] = {}
    for g, a in zip(run.si_gold, run.si_arts, strict=True):
        uniq = sorted({(s, e) for _, s, e in g.spans})
        need = {u: sum(1 for _, s, e in g.spans if (s, e) == u) for u in uniq}
        ranked = an.classify_spans(a, uniq)
        rows = []
        for u, r in zip(uniq, ranked, strict=True):
            seen: list[str] = []
            for t, _ in r:
                if t in allowed and TO_2020[t] not in seen:
                    seen.append(TO_2020[t])
                if len(seen) == need[u]:
                    break
            rows += [(t, u[0], u[1]) for t in seen]
        tc_pred[g.id] = rows
    tc = tc_score(tc_pred, {g.id: g.spans for g in run.si_gold})
    scores |= {f"tc_{k}": v for k, v in tc.items()}
    # SemEval-2023: paragraphs and technique spans
    par_pred: dict[tuple[str, int], tuple[str, ...]] = {}
    par_gold: dict[tuple[str, int], tuple[str, ...]] = {}
    span_pred: dict[str, list[tuple[str, int, int]]] = {}
    span_scored: dict[str, list[tuple[str, int, int, float]]] = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        span_pred[g.id] = [(t.technique, t.start, t.end) for t in art.techniques]
        span_scored[g.id] = [(t.technique, t.start, t.end, t.score) for t in art.techniques]
        for p in art.paragraphs:
            if p.line in g.lines:
                par_pred[(g.id, p.line)] = p.techniques
        for line, labels in g.lines.items():
            par_gold[(g.id, line)] = labels
    scores |= {
        f"paragraph_{k}": v for k, v in paragraph_score(par_pred, par_gold, TECHNIQUES).items()
    }
    span_gold = {g.id: list(g.spans) for g in run.st3_gold}
    span = technique_span_score(span_pred, span_gold)
    scores |= {f"span_{k}": v for k, v in span.items()}
    # calibration of the shown scores (calibrated when the model has a map, raw otherwise)
    scores["span_ece"] = expected_calibration_error(span_outcomes(span_scored, span_gold))
    scores["seconds"] = time.time() - t0
    return scores
