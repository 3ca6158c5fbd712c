"""Linear article classifiers scored with numpy alone (shared by genre.py and frames.py).

A model file is one ``.npz`` (no pickle): the TF-IDF vocabulary and idf weights of word
1-2-grams, one weight row per label, and a calibration map from raw scores to
probabilities. The featurizer here is the single definition of the features: training
(``slant.training.frames``) builds the same vectors with scikit-learn's
``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` and a test checks that the two
agree. Russian articles are scored by :class:`DenseModel` on a multilingual sentence
encoder's vectors instead (``slant.training.techniques_ru``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

__all__ = [
    "STYLE_FEATURES",
    "TOKEN",
    "ArticleModel",
    "DenseModel",
    "calibrate",
    "decide_multiclass",
    "ngrams",
    "shift_prior",
    "style_features",
]

# scikit-learn's default token_pattern: words of two or more word characters.
TOKEN = re.compile(r"(?u)\b\w\w+\b")


_FIRST = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_SECOND = frozenset({"you", "your", "yours", "yourself", "yourselves"})
_ATTRIBUTION = frozenset(
    {
        "said",
        "says",
        "told",
        "according",
        "reported",
        "announced",
        "statement",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "added",
        "confirmed",
        "reuters",
        "ap",
        "afp",
    }
)
# "WASHINGTON (Reuters) -" or "LONDON, March 3 (AP) —" at the start of the body
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'-]{2,40}(?:,[^\n(]{0,30})?\s*\([A-Za-z .]{2,25}\)\s*[-—–]", re.M
)
_DIGIT = re.compile(r"\d")
STYLE_FEATURES: tuple[str, ...] = (
    "first_person",
    "second_person",
    "attribution",
    "question_marks",
    "exclamation_marks",
    "quote_marks",
    "digits",
    "dateline",
    "words_per_line",
)


def style_features(text: str) -> np.ndarray:
    """Genre cues from the text alone: pronoun, attribution and punctuation rates.

    Rates are per word, so article length does not matter; what they capture (first and
    second person, "said"/"according to", question and exclamation marks, datelines) is
    what separates a wire report from a column.
    """
    words = TOKEN.findall(text.lower())
    n = max(len(words), 1)
    lines = max(sum(1 for line in text.splitlines() if line.strip()), 1)
    return np.array(
        [
            sum(w in _FIRST for w in words) / n,
            sum(w in _SECOND for w in words) / n,
            sum(w in _ATTRIBUTION for w in words) / n,
            text.count("?") / n,
            text.count("!") / n,
            sum(text.count(q) for q in '"“”') / n,
            len(_DIGIT.findall(text)) / n,
            float(bool(_DATELINE.search(text[:2000]))),
            np.log1p(n / lines),
        ]
    )


def ngrams(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams, in sklearn's order and spelling."""
    words = TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]


@dataclass(frozen=True)
class ArticleModel:
    """A loaded model: vocabulary, idf, weights and calibration.

    ``kind`` is ``"multilabel"`` (one Platt map and threshold per label: frames) or
    ``"multiclass"`` (a softmax, a calibration matrix and decision weights: genre).
    """

    kind: str
    labels: tuple[str, ...]
    vocab: dict[str, int]
    idf: np.ndarray  # (n_terms,)
    coef: np.ndarray  # (n_labels, n_terms)
    intercept: np.ndarray  # (n_labels,)
    cal_coef: np.ndarray  # multilabel: (n_labels,) Platt slope; multiclass: (n, n) matrix
    cal_intercept: np.ndarray  # (n_labels,)
    thresholds: np.ndarray  # multilabel: probability cut per label; multiclass: weights
    style_mean: np.ndarray  # (n_style,) standardisation of style_features; empty: unused
    style_scale: np.ndarray  # (n_style,) std divided by the style weight

    @classmethod
    def load(cls, path: Path) -> ArticleModel:
        """Read a model written by :meth:`save` (plain arrays, ``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as z:
            vocab_terms = [str(t) for t in z["vocab"]]
            return cls(
                kind=str(z["kind"]),
                labels=tuple(str(x) for x in z["labels"]),
                vocab={t: i for i, t in enumerate(vocab_terms)},
                idf=z["idf"].astype(np.float64),
                coef=z["coef"].astype(np.float64),
                intercept=z["intercept"].astype(np.float64),
                cal_coef=z["cal_coef"].astype(np.float64),
                cal_intercept=z["cal_intercept"].astype(np.float64),
                thresholds=z["thresholds"].astype(np.float64),
                style_mean=z["style_mean"].astype(np.float64),
                style_scale=z["style_scale"].astype(np.float64),
            )

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (float32 weights)."""
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez_compressed(
            path,
            kind=np.array(self.kind),
            labels=np.array(self.labels),
            vocab=np.array(terms),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            cal_coef=self.cal_coef.astype(np.float32),
            cal_intercept=self.cal_intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            style_mean=self.style_mean.astype(np.float32),
            style_scale=self.style_scale.astype(np.float32),
        )

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of ``text``: (term indices, l2-normalised weights)."""
        # filter and look up in C (no Python frame per n-gram); same counts, same order
        counts = Counter(filter(self.vocab.__contains__, ngrams(text)))
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(map(self.vocab.__getitem__, counts), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        vals = tf * self.idf[idx]
        return idx, vals / np.linalg.norm(vals)

    def raw_scores(self, text: str) -> np.ndarray:
        """Linear decision values, one per label."""
        idx, vals = self.features(text)
        raw = self.coef[:, idx] @ vals + self.intercept
        if len(self.style_mean):  # style columns follow the vocabulary in coef
            style = (style_features(text) - self.style_mean) / self.style_scale
            raw += self.coef[:, len(self.vocab) :] @ style
        return raw

    def probabilities(self, text: str) -> np.ndarray:
        """Calibrated probability per label (sums to 1 only for ``multiclass``)."""
        return calibrate(self.kind, self.raw_scores(text), self.cal_coef, self.cal_intercept)


@dataclass(frozen=True)
class DenseModel:
    """A linear model on a dense article vector: the Russian frames and genre heads.

    The vector is :func:`slant.analyzers.techniques.russian.article_features` of the
    article's paragraph vectors from the multilingual encoder named by ``encoder``;
    ``kind``, the calibration and ``thresholds`` mean what they mean in
    :class:`ArticleModel`.
    """

    kind: str
    labels: tuple[str, ...]
    encoder: str
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray  # (n_labels,)
    cal_coef: np.ndarray
    cal_intercept: np.ndarray
    thresholds: np.ndarray

    @classmethod
    def load(cls, path: Path) -> DenseModel:
        """Read a model written by :meth:`save` (plain arrays, ``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as z:
            return cls(
                kind=str(z["kind"]),
                labels=tuple(str(x) for x in z["labels"]),
                encoder=str(z["encoder"]),
                coef=z["coef"].astype(np.float64),
                intercept=z["intercept"].astype(np.float64),
                cal_coef=z["cal_coef"].astype(np.float64),
                cal_intercept=z["cal_intercept"].astype(np.float64),
                thresholds=z["thresholds"].astype(np.float64),
            )

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (float32 weights)."""
        np.savez_compressed(
            path,
            kind=np.array(self.kind),
            labels=np.array(self.labels),
            encoder=np.array(self.encoder),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            cal_coef=self.cal_coef.astype(np.float32),
            cal_intercept=self.cal_intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )

    def raw_scores(self, x: np.ndarray) -> np.ndarray:
        """Linear decision values of article vector(s) ``x``."""
        return np.asarray(x, dtype=np.float64) @ self.coef.T + self.intercept

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probability per label (sums to 1 only for ``multiclass``)."""
        return calibrate(self.kind, self.raw_scores(x), self.cal_coef, self.cal_intercept)


def calibrate(
    kind: str, raw: np.ndarray, cal_coef: np.ndarray, cal_intercept: np.ndarray
) -> np.ndarray:
    """Map raw decision values (``(n_labels,)`` or ``(n, n_labels)``) to probabilities.

    multilabel: Platt scaling per label, ``sigmoid(a * s + b)``. multiclass: the raw
    log-softmax goes through a small multinomial regression (matrix scaling).
    """
    raw = np.asarray(raw, dtype=np.float64)
    if kind == "multilabel":
        return 1.0 / (1.0 + np.exp(-(raw * cal_coef + cal_intercept)))
    logp = raw - _logsumexp(raw)
    z = logp @ cal_coef.T + cal_intercept
    return np.exp(z - _logsumexp(z))


def shift_prior(probs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Probabilities under another class prior: ``p * w``, renormalised to sum to 1.

    By Bayes' rule this is the posterior had the classes been ``w`` times as common
    (relative to each other) as in the training data. Weights above 1 give rare classes
    (reporting, satire) a fair chance against the majority the training set is made of.
    """
    q = np.asarray(probs, dtype=np.float64) * weights
    return q / np.sum(q, axis=-1, keepdims=True)


def decide_multiclass(probs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Index of the chosen class: the argmax of :func:`shift_prior` (of ``p * w``).

    The genre analyzer shows the shifted scores, so its label is always the top score shown.
    """
    return np.argmax(shift_prior(probs, weights), axis=-1)


def _logsumexp(x: np.ndarray) -> np.ndarray:
    m = np.max(x, axis=-1, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))
