"""Russian frames and genre (SemEval-2023 subtasks 2 and 1) on the multilingual encoder.

The article vector is :func:`~slant.analyzers.techniques.russian.article_features` of its
paragraph vectors (the same encoder and cache as the Russian techniques). Heads: one
class-balanced logistic regression per frame (Platt-calibrated, per-frame thresholds) and
one multinomial class-balanced regression for genre (matrix scaling, prior weights shrunk
halfway to 1: :func:`shrink_weights`), the same recipe as English
(:mod:`slant.training.frames`), fitted on the pooled train labels of every other language
(English too: frames and genre are labelled there) plus Russian train, whose rows are
repeated ``ru_weight`` times.

Figures: out-of-fold over Russian train (``FOLDS`` folds by article), with thresholds,
calibration and genre weights fitted on half A's out-of-fold scores and reported on half
B, and vice versa (the official measures: micro-F1 for frames, macro-F1 for genre).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.article_model import DenseModel, calibrate, decide_multiclass
from slant.analyzers.techniques.russian import article_features
from slant.labels import FRAMES, GENRES
from slant.training.techniques_ru import FOLDS, Corpus, folds_of

__all__ = [
    "ArticleRows",
    "article_rows",
    "crossfit_articles",
    "fit_article_model",
    "shrink_weights",
]

log = logging.getLogger(__name__)

C_ARTICLE = {"frames": 1.0, "genre": 1.0}


@dataclass
class ArticleRows:
    """Article vectors with frames (multi-hot) or genre (class index) targets."""

    x: np.ndarray
    y: np.ndarray
    ids: list[str]


def article_rows(corpora: Sequence[Corpus], task: str) -> ArticleRows:
    """The articles of ``corpora`` that carry ``task`` labels, with their vectors."""
    xs, ys, ids = [], [], []
    for c in corpora:
        for a, v in zip(c.articles, c.vecs, strict=True):
            if task == "genre" and a.genre in GENRES:
                ys.append(GENRES.index(a.genre))
            elif task == "frames" and a.frames is not None:
                ys.append(np.array([f in a.frames for f in FRAMES], dtype=np.int64))
            else:
                continue
            xs.append(article_features(v))
            ids.append(a.id)
    return ArticleRows(np.vstack(xs), np.array(ys), ids)


def _fit_raw(task: str, x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    from slant.training.frames import fit_binary, fit_multiclass

    if task == "genre":
        return fit_multiclass(x, y, c, len(GENRES))
    rows = [fit_binary(x, y[:, j], c) for j in range(y.shape[1])]
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


def _stack(pool: ArticleRows, ru: ArticleRows, idx: np.ndarray, ru_weight: int) -> tuple:
    x = np.vstack([pool.x, np.repeat(ru.x[idx], ru_weight, axis=0)])
    y = np.concatenate([pool.y, np.repeat(ru.y[idx], ru_weight, axis=0)])
    return x, y


def _calibrate_and_tune(task: str, raw: np.ndarray, y: np.ndarray) -> tuple:
    """Calibration and thresholds (frames) or decision weights (genre) from OOF scores."""
    from slant.training.frames import (
        fit_matrix_scaling,
        fit_platt,
        tune_thresholds,
        tune_weights,
    )

    if task == "genre":
        cal_coef, cal_bias = fit_matrix_scaling(raw, y, len(GENRES))
        p = calibrate("multiclass", raw, cal_coef, cal_bias)
        return cal_coef, cal_bias, shrink_weights(tune_weights(p, y))
    platt = [fit_platt(raw[:, j], y[:, j]) for j in range(len(FRAMES))]
    cal_coef, cal_bias = np.array([a for a, _ in platt]), np.array([b for _, b in platt])
    p = calibrate("multilabel", raw, cal_coef, cal_bias)
    return cal_coef, cal_bias, tune_thresholds(p, y)


def shrink_weights(weights: np.ndarray) -> np.ndarray:
    """Genre decision weights shrunk halfway (in log space) toward 1: ``sqrt(w)``.

    The weights that maximise macro-F1 on Russian train hinge on its 8 satire articles:
    tuned on one half they were 1 for satire, on the other 6, on all of it 8, and weight 8
    turned calibrated satire 0.22 into a shown 0.58 on a plain news report. Halfway, like the
    frames' thresholds (:func:`slant.training.frames.tune_thresholds`), keeps cross-fitted
    macro-F1 (0.552; 0.529 against 0.515 over 8 fold seeds) while satire is predicted for
    6 articles instead of 12 (gold 8).
    """
    return np.sqrt(np.asarray(weights, dtype=np.float64))


def _scores(task: str, y: np.ndarray, probs: np.ndarray, decision: np.ndarray) -> dict:
    from sklearn.metrics import f1_score

    from slant.training.frames import expected_calibration_error, reliability

    if task == "genre":
        pred = decide_multiclass(probs, decision)
        onehot = np.eye(len(GENRES), dtype=np.int64)[y]
        shown = probs * decision
        shown = shown / shown.sum(axis=1, keepdims=True)
        return {
            "macro_f1": f1_score(y, pred, average="macro", zero_division=0),
            "micro_f1": f1_score(y, pred, average="micro", zero_division=0),
            "ece": expected_calibration_error(reliability(shown, onehot)),
        }
    pred = (probs >= decision).astype(np.int64)
    return {
        "micro_f1": f1_score(y, pred, average="micro", zero_division=1),
        "macro_f1": f1_score(y, pred, average="macro", zero_division=1),
        "ece": expected_calibration_error(reliability(probs, y)),
    }


def crossfit_articles(
    task: str, ru: Corpus, pool: Sequence[Corpus], *, c: float | None = None, ru_weight: int = 2
) -> dict[str, dict[str, float]]:
    """Out-of-fold Russian scores, calibrated and tuned on one half, reported on the other."""
    c = C_ARTICLE[task] if c is None else c
    rows, pool_rows = article_rows([ru], task), article_rows(pool, task)
    fold_of = folds_of(rows.ids)
    fold = np.array([fold_of[i] for i in rows.ids])
    n = len(GENRES) if task == "genre" else len(FRAMES)
    raw = np.zeros((len(rows.ids), n))
    for f in range(FOLDS):
        x, y = _stack(pool_rows, rows, np.flatnonzero(fold != f), ru_weight)
        coef, bias = _fit_raw(task, x, y, c)
        raw[fold == f] = rows.x[fold == f] @ coef.T + bias
    half_a = fold < FOLDS // 2
    kind = "multiclass" if task == "genre" else "multilabel"
    res = {}
    for name, tune_on in (("A->B", half_a), ("B->A", ~half_a)):
        cal_coef, cal_bias, decision = _calibrate_and_tune(task, raw[tune_on], rows.y[tune_on])
        probs = calibrate(kind, raw[~tune_on], cal_coef, cal_bias)
        res[name] = _scores(task, rows.y[~tune_on], probs, decision)
    res["mean"] = {k: (res["A->B"][k] + res["B->A"][k]) / 2 for k in res["A->B"]}
    res["mean"]["articles"] = float(len(rows.ids))
    return res


def fit_article_model(
    task: str,
    ru: Corpus,
    pool: Sequence[Corpus],
    encoder: str,
    *,
    c: float | None = None,
    ru_weight: int = 2,
) -> DenseModel:
    """The shipped head: fitted on everything; calibration and thresholds (or genre
    weights) from the out-of-fold scores of all of Russian train."""
    c = C_ARTICLE[task] if c is None else c
    rows, pool_rows = article_rows([ru], task), article_rows(pool, task)
    fold_of = folds_of(rows.ids)
    fold = np.array([fold_of[i] for i in rows.ids])
    n = len(GENRES) if task == "genre" else len(FRAMES)
    raw = np.zeros((len(rows.ids), n))
    for f in range(FOLDS):
        x, y = _stack(pool_rows, rows, np.flatnonzero(fold != f), ru_weight)
        coef, bias = _fit_raw(task, x, y, c)
        raw[fold == f] = rows.x[fold == f] @ coef.T + bias
    cal_coef, cal_bias, decision = _calibrate_and_tune(task, raw, rows.y)
    x, y = _stack(pool_rows, rows, np.arange(len(rows.ids)), ru_weight)
    coef, bias = _fit_raw(task, x, y, c)
    return DenseModel(
        kind="multiclass" if task == "genre" else "multilabel",
        labels=tuple(GENRES if task == "genre" else FRAMES),
        encoder=encoder,
        coef=coef,
        intercept=bias,
        cal_coef=cal_coef,
        cal_intercept=cal_bias,
        thresholds=decision,
    )


def save(model: DenseModel, path: Path) -> dict[str, Any]:
    """Write ``model`` and return its size for the model card."""
    model.save(path)
    return {"file": path.name, "bytes": path.stat().st_size}
