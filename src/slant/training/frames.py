"""Train and evaluate the genre and frames analyzers on SemEval-2023 Task 3 (subtasks 1, 2).

Both models are TF-IDF word 1-2-gram logistic regressions (class-balanced), calibrated and
thresholded on out-of-fold scores from an inner cross-validation of the training data:

* frames (multi-label, 14): one binary regression per frame, Platt scaling per frame, and a
  per-frame probability threshold maximising that frame's F1;
* genre (3 classes): a multinomial regression, matrix scaling of its log-probabilities, and
  per-class weights maximising macro-F1 that shift the prior (the analyzer shows the shifted
  scores and labels with the top one).

``cross_validate`` is the evaluation: fixed folds on the English train set, everything
(vocabulary, weights, calibration, thresholds) refit inside each training fold, scores
pooled over the held-out folds, with the official metrics (sklearn F1, as the SemEval
scorers compute it) and a reliability table of the calibrated scores.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from slant.analyzers.article_model import (
    ArticleModel,
    calibrate,
    decide_multiclass,
    shift_prior,
    style_features,
)
from slant.labels import FRAMES, GENRES

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = [
    "SEMEVAL",
    "Corpus",
    "cross_validate",
    "expected_calibration_error",
    "fit_binary",
    "fit_matrix_scaling",
    "fit_model",
    "fit_multiclass",
    "fit_platt",
    "fold_of",
    "read_corpus",
    "reliability",
    "train",
    "tune_thresholds",
    "tune_weights",
]

log = logging.getLogger(__name__)

SEMEVAL = Path("../shared/data/semeval2023-task3")
SEED = 13
# Chosen by 5-fold CV on English train (see README): C=4 (frames) and C=1 (genre) were
# the best of {1, 4, 16}; word+char n-grams added < 0.01 micro-F1 at 5x the cost.
C_FRAMES = 4.0
C_GENRE = 1.0
# Style columns (pronouns, attribution, punctuation, datelines) for genre, scaled so that
# one standard deviation weighs this much against unit-norm TF-IDF rows. On English CV they
# do not raise macro-F1 (0.346 with, 0.382 without: within noise, 41 reporting articles
# whose labels TF-IDF ranks at AUC ~0.6), but without them a plain wire report
# ("WASHINGTON (Reuters) - ... said") comes out as opinion; with them it does not.
STYLE_WEIGHT = {"genre": 1.0, "frames": 0.0}
MIN_DF = 2
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
WEIGHT_GRID = np.array([1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0])
SUBTASK = {"genre": 1, "frames": 2}


@dataclass(frozen=True)
class Corpus:
    """Articles of one language with their gold labels (one row per article)."""

    ids: list[str]
    texts: list[str]
    labels: list[tuple[str, ...]]  # genre: one label; frames: zero or more


def read_corpus(data_dir: Path, task: str, lang: str = "en") -> Corpus:
    """Read ``{lang}/train-labels-subtask-N.txt`` and the matching article files.

    Raises:
        FileNotFoundError: the label file or an article is missing.
        ValueError: a label outside ``GENRES``/``FRAMES``.
    """
    sub = SUBTASK[task]
    known = set(GENRES if task == "genre" else FRAMES)
    label_file = Path(data_dir) / lang / f"train-labels-subtask-{sub}.txt"
    if not label_file.exists():
        raise FileNotFoundError(f"no labels at {label_file}")
    ids, texts, labels = [], [], []
    for line in label_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        aid, _, rest = line.partition("\t")
        labs = tuple(x for x in rest.strip().split(",") if x)
        if unknown := set(labs) - known:
            raise ValueError(f"{label_file}: unknown labels {sorted(unknown)} for {aid}")
        path = label_file.parent / f"train-articles-subtask-{sub}" / f"article{aid}.txt"
        with open(path, encoding="utf-8", newline="") as fh:  # keep \r\n as the reader does
            texts.append(fh.read())
        ids.append(aid)
        labels.append(labs)
    return Corpus(ids, texts, labels)


def fold_of(labels: Sequence[str], k: int, seed: int) -> np.ndarray:
    """Fold number (0..k-1) of each item, stratified by ``labels`` and fixed by ``seed``.

    Members of each label are shuffled and dealt round-robin, the deal continuing across
    labels, so every fold gets its share of rare labels (sklearn's StratifiedKFold warns
    when a class has fewer than k members; this does not).
    """
    rng = np.random.default_rng(seed)
    folds = np.empty(len(labels), dtype=np.int64)
    pos = 0
    for lab in sorted(set(labels)):
        members = np.flatnonzero(np.asarray(labels, dtype=object) == lab)
        for i in rng.permutation(members):
            folds[i] = pos % k
            pos += 1
    return folds


def _strata(task: str, labels: Sequence[tuple[str, ...]]) -> list[str]:
    # frames: stratify on the rarest frame of each article, so rare frames are spread out
    if task == "genre":
        return [lab[0] for lab in labels]
    freq = {f: sum(f in lab for lab in labels) for f in FRAMES}
    return [min(lab, key=lambda f: (freq[f], f)) if lab else "" for lab in labels]


def _targets(task: str, labels: Sequence[tuple[str, ...]]) -> np.ndarray:
    if task == "genre":
        return np.array([GENRES.index(lab[0]) for lab in labels])
    return np.array([[f in lab for f in FRAMES] for lab in labels], dtype=np.int64)


class _Featurizer:
    """TF-IDF word 1-2-grams, plus standardised style features (genre) as extra columns."""

    def __init__(self, style_weight: float) -> None:
        self.style_weight = style_weight

    def fit_transform(self, texts: Sequence[str]) -> csr_matrix:
        from sklearn.feature_extraction.text import TfidfVectorizer

        # Must match ArticleModel.features: default token pattern, lowercase, l2, smooth idf.
        self.vec_ = TfidfVectorizer(
            ngram_range=(1, 2), min_df=MIN_DF, sublinear_tf=True, dtype=np.float64
        )
        x = self.vec_.fit_transform(texts)
        self.style_mean_ = np.zeros(0)
        self.style_scale_ = np.zeros(0)
        if self.style_weight:
            s = np.array([style_features(t) for t in texts])
            self.style_mean_ = s.mean(0)
            self.style_scale_ = np.where(s.std(0) > 0, s.std(0), 1.0) / self.style_weight
        return self._stack(x, texts)

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        return self._stack(self.vec_.transform(texts), texts)

    def _stack(self, x: csr_matrix, texts: Sequence[str]) -> csr_matrix:
        if not self.style_weight:
            return x
        from scipy.sparse import csr_matrix, hstack

        s = (np.array([style_features(t) for t in texts]) - self.style_mean_) / self.style_scale_
        return hstack([x, csr_matrix(s)]).tocsr()


def fit_binary(x: csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weights and bias of a class-balanced logistic regression (a constant if y is pure)."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        prior = (y.sum() + 0.5) / (len(y) + 1.0)
        return np.zeros(x.shape[1]), float(np.log(prior / (1 - prior)))
    m = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    m.fit(x, y)
    return m.coef_[0], float(m.intercept_[0])


def fit_multiclass(x: csr_matrix, y: np.ndarray, c: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial class-balanced regression over ``n`` classes (absent classes get -10)."""
    from sklearn.linear_model import LogisticRegression

    coef, bias = np.zeros((n, x.shape[1])), np.full(n, -10.0)
    present = np.unique(y)
    if len(present) == 1:
        bias[present[0]] = 0.0
        return coef, bias
    m = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    m.fit(x, y)
    if len(present) == 2:  # sklearn returns one row for two classes
        coef[present[1]], bias[present[1]] = m.coef_[0], m.intercept_[0]
        bias[present[0]] = 0.0
    else:
        coef[m.classes_], bias[m.classes_] = m.coef_, m.intercept_
    return coef, bias


def _fit_raw(task: str, x: csr_matrix, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if task == "genre":
        return fit_multiclass(x, y, C_GENRE, len(GENRES))
    rows = [fit_binary(x, y[:, j], C_FRAMES) for j in range(y.shape[1])]
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


def fit_platt(s: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling ``(a, b)`` of scores ``s`` for binary labels ``y``."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        prior = (y.sum() + 0.5) / (len(y) + 1.0)
        return 0.0, float(np.log(prior / (1 - prior)))
    m = LogisticRegression(C=1.0).fit(s.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def fit_matrix_scaling(raw: np.ndarray, y: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Matrix scaling (weights, bias) of raw class scores over ``n`` classes."""
    from sklearn.linear_model import LogisticRegression

    # the same log-softmax as calibrate() applies at prediction time
    top = raw.max(1, keepdims=True)
    logp = raw - top - np.log(np.exp(raw - top).sum(1, keepdims=True))
    coef, bias = np.zeros((n, n)), np.full(n, -10.0)
    present = np.unique(y)
    if len(present) == 1:
        bias[present[0]] = 0.0
        return coef, bias
    m = LogisticRegression(C=1.0).fit(logp, y)
    if len(present) == 2:
        coef[present[1]], bias[present[1]] = m.coef_[0], m.intercept_[0]
        bias[present[0]] = 0.0
    else:
        coef[m.classes_], bias[m.classes_] = m.coef_, m.intercept_
    return coef, bias


def _middle_best(scores: Sequence[float]) -> float:
    """The grid value in the middle of the plateau of best scores."""
    best = np.flatnonzero(np.isclose(scores, max(scores)))
    return float(THRESHOLD_GRID[best[len(best) // 2]])


def tune_thresholds(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-label thresholds for micro-F1: each label's own F1-optimal threshold, shrunk
    halfway toward the one global threshold that maximises micro-F1.

    Per-label optima on a few hundred articles are noisy (rare frames overfit); on English
    CV the halfway shrinkage gave micro-F1 0.685 against 0.648 for raw per-frame optima and
    0.689 for one global threshold, keeping most of the per-frame macro-F1 gain.
    """
    micro = []
    for t in THRESHOLD_GRID:
        pred = p >= t
        micro.append(2 * (pred & (y == 1)).sum() / max(pred.sum() + y.sum(), 1))
    global_t = _middle_best(micro)
    return 0.5 * _per_label_thresholds(p, y, default=global_t) + 0.5 * global_t


def _per_label_thresholds(p: np.ndarray, y: np.ndarray, default: float) -> np.ndarray:
    """Per label, the grid threshold maximising that label's F1 (middle of any plateau)."""
    out = np.full(p.shape[1], default)
    for j in range(p.shape[1]):
        if y[:, j].sum() == 0:
            continue
        pred = p[:, j][None, :] >= THRESHOLD_GRID[:, None]
        tp = (pred & (y[:, j] == 1)).sum(1)
        out[j] = _middle_best(2 * tp / (pred.sum(1) + y[:, j].sum()))
    return out


def tune_weights(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Decision weights (opinion fixed at 1) maximising macro-F1 of argmax(p * w)."""
    from sklearn.metrics import f1_score

    best, best_w = -1.0, np.ones(len(GENRES))
    i_op = GENRES.index("opinion")
    others = [i for i in range(len(GENRES)) if i != i_op]
    for w1 in WEIGHT_GRID:
        for w2 in WEIGHT_GRID:
            w = np.ones(len(GENRES))
            w[others[0]], w[others[1]] = w1, w2
            f = f1_score(y, decide_multiclass(p, w), average="macro", zero_division=0)
            if f > best + 1e-9:  # strict: ties keep the smaller weights
                best, best_w = f, w
    return best_w


def fit_model(
    task: str,
    texts: Sequence[str],
    labels: Sequence[tuple[str, ...]],
    *,
    inner_folds: int = 5,
    seed: int = SEED,
) -> ArticleModel:
    """Fit vocabulary, weights, calibration and thresholds on one training set.

    Calibration and thresholds come from out-of-fold scores of an inner ``inner_folds``
    cross-validation (vocabulary refit in each inner fold too), so they never see the
    scores of a model trained on the same article.
    """
    y = _targets(task, labels)
    folds = fold_of(_strata(task, labels), inner_folds, seed)
    raw_oof = np.zeros((len(texts), len(GENRES) if task == "genre" else len(FRAMES)))
    for k in range(inner_folds):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        if len(te) == 0:
            continue
        feats = _Featurizer(STYLE_WEIGHT[task])
        x = feats.fit_transform([texts[i] for i in tr])
        coef, bias = _fit_raw(task, x, y[tr])
        raw_oof[te] = feats.transform([texts[i] for i in te]) @ coef.T + bias
    feats = _Featurizer(STYLE_WEIGHT[task])
    x = feats.fit_transform(texts)
    vec = feats.vec_
    coef, bias = _fit_raw(task, x, y)
    if task == "genre":
        cal_coef, cal_bias = fit_matrix_scaling(raw_oof, y, len(GENRES))
        p = calibrate("multiclass", raw_oof, cal_coef, cal_bias)
        thresholds = tune_weights(p, y)
        kind, names = "multiclass", GENRES
    else:
        platt = [fit_platt(raw_oof[:, j], y[:, j]) for j in range(len(FRAMES))]
        cal_coef, cal_bias = np.array([a for a, _ in platt]), np.array([b for _, b in platt])
        p = calibrate("multilabel", raw_oof, cal_coef, cal_bias)
        thresholds = tune_thresholds(p, y)
        kind, names = "multilabel", FRAMES
    return ArticleModel(
        kind=kind,
        labels=tuple(names),
        vocab={t: int(i) for t, i in vec.vocabulary_.items()},
        idf=vec.idf_,
        coef=coef,
        intercept=bias,
        cal_coef=cal_coef,
        cal_intercept=cal_bias,
        thresholds=thresholds,
        style_mean=feats.style_mean_,
        style_scale=feats.style_scale_,
    )


def _predict(model: ArticleModel, texts: Sequence[str]) -> np.ndarray:
    return np.array([model.probabilities(t) for t in texts])


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Reliability table over every (article, label) score: per equal-width bin, the count,
    mean predicted probability and observed frequency of the label."""
    p, y = np.ravel(p), np.ravel(y)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        rows.append(
            {
                "low": b / bins,
                "high": (b + 1) / bins,
                "n": int(m.sum()),
                "predicted": float(p[m].mean()) if m.any() else float("nan"),
                "observed": float(y[m].mean()) if m.any() else float("nan"),
            }
        )
    return rows


def expected_calibration_error(rows: list[dict[str, float]]) -> float:
    """The expected calibration error of :func:`reliability` rows (bin-size weighted)."""
    n = sum(r["n"] for r in rows)
    return sum(r["n"] * abs(r["predicted"] - r["observed"]) for r in rows if r["n"]) / max(n, 1)


def cross_validate(
    task: str, data_dir: Path = SEMEVAL, *, lang: str = "en", folds: int = 5, seed: int = SEED
) -> dict[str, Any]:
    """Out-of-fold scores of ``task`` ("genre" or "frames") on ``lang`` train.

    Returns ``name -> value``: the official metrics pooled over held-out folds, per-label
    F1, the expected calibration error and the reliability table rows.
    """
    from sklearn.metrics import f1_score

    corpus = read_corpus(data_dir, task, lang)
    y = _targets(task, corpus.labels)
    fold = fold_of(_strata(task, corpus.labels), folds, seed)
    n_labels = len(GENRES) if task == "genre" else len(FRAMES)
    probs = np.zeros((len(y), n_labels))
    shown = np.zeros((len(y), n_labels))  # genre: the prior-shifted scores the analyzer shows
    pred = (
        np.zeros((len(y), n_labels), dtype=np.int64) if task == "frames" else np.zeros(len(y), int)
    )
    for k in range(folds):
        tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        model = fit_model(
            task, [corpus.texts[i] for i in tr], [corpus.labels[i] for i in tr], seed=seed + 1 + k
        )
        probs[te] = _predict(model, [corpus.texts[i] for i in te])
        if task == "genre":
            shown[te] = shift_prior(probs[te], model.thresholds)
            pred[te] = decide_multiclass(probs[te], model.thresholds)
        else:
            pred[te] = probs[te] >= model.thresholds
        log.info("%s fold %d/%d done", task, k + 1, folds)
    out: dict[str, Any] = {"articles": len(y), "folds": folds, "seed": seed}
    if task == "genre":
        # official subtask-1 scorer: sklearn macro-F1 over the labels seen in gold or output
        out["macro_f1"] = f1_score(y, pred, average="macro", zero_division=0)
        out["micro_f1"] = f1_score(y, pred, average="micro", zero_division=0)
        two = [GENRES.index("reporting"), GENRES.index("opinion")]
        out["macro_f1_reporting_opinion"] = f1_score(
            y, pred, labels=two, average="macro", zero_division=0
        )
        per = f1_score(y, pred, labels=list(range(len(GENRES))), average=None, zero_division=0)
        for g, f in zip(GENRES, per, strict=True):
            out[f"f1.{g}"] = f
            out[f"gold.{g}"] = int((y == GENRES.index(g)).sum())
            out[f"predicted.{g}"] = int((pred == GENRES.index(g)).sum())
        onehot = np.eye(len(GENRES), dtype=np.int64)[y]
        # the reliability of the scores shown (shifted away from this 90 %-opinion set's
        # own prior on purpose), and of the calibrated scores before the shift
        out["ece_training_prior"] = expected_calibration_error(reliability(probs, onehot))
        rows = reliability(shown, onehot)
    else:
        # official subtask-2 scorer: binarised labels, sklearn F1 with zero_division=1
        out["micro_f1"] = f1_score(y, pred, average="micro", zero_division=1)
        out["macro_f1"] = f1_score(y, pred, average="macro", zero_division=1)
        per = f1_score(y, pred, average=None, zero_division=1)
        for f_name, f in zip(FRAMES, per, strict=True):
            out[f"f1.{f_name}"] = f
        rows = reliability(probs, y)
    out["ece"] = expected_calibration_error(rows)
    for r in rows:
        key = f"reliability.{r['low']:.1f}-{r['high']:.1f}"
        out[f"{key}.n"] = r["n"]
        out[f"{key}.predicted"] = r["predicted"]
        out[f"{key}.observed"] = r["observed"]
    return out


def train(
    task: str,
    data_dir: Path = SEMEVAL,
    out: Path | None = None,
    *,
    lang: str = "en",
    seed: int = SEED,
) -> Path:
    """Fit ``task`` on all of ``lang`` train and write the model (default: the shipped file)."""
    corpus = read_corpus(data_dir, task, lang)
    model = fit_model(task, corpus.texts, corpus.labels, seed=seed)
    if out is None:
        from slant.analyzers.frames import default_model_path as frames_path
        from slant.analyzers.genre import default_model_path as genre_path

        out = genre_path() if task == "genre" else frames_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    log.info("%s model: %d terms, %d bytes at %s", task, len(model.vocab), out.stat().st_size, out)
    return out
