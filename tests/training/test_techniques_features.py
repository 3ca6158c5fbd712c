"""The NumPy-only TF-IDF scorer of the techniques analyzer matches scikit-learn's transform."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers._technique_features import LinearScorer, TextFeaturizer

TEXTS = [
    "The corrupt elites are destroying our great nation!",
    "Is this really a “free” press?  They lie, lie and lie again.",
    "Officials said on Tuesday the budget passed 7-2.",
    "Make America Great Again! MAGA",
    "a",
    "Thugs, traitors and snakes: the radical left.",
]
CONTEXTS = ["great nation", "free press lie", "budget Tuesday", "", "x", "radical left thugs"]


def test_linear_scorer_reproduces_sklearn_tfidf() -> None:
    pytest.importorskip("sklearn")
    feat = TextFeaturizer.fit(TEXTS * 3, CONTEXTS * 3)
    dense = [[float(i), 0.5] for i in range(len(TEXTS))]
    x = feat.transform(TEXTS, CONTEXTS, dense).toarray()
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(4, x.shape[1])).astype(np.float32)
    bias = rng.normal(size=4).astype(np.float32)
    vocab, idf = feat.state()
    got = LinearScorer(vocab, idf, coef, bias).scores(TEXTS, CONTEXTS, dense)
    np.testing.assert_allclose(got, x @ coef.T + bias, rtol=1e-4, atol=1e-4)


def test_unknown_words_score_only_the_bias_and_dense_part() -> None:
    feat = TextFeaturizer.fit(TEXTS * 3, CONTEXTS * 3)
    vocab, idf = feat.state()
    n = sum(len(v) for v in idf.values()) + 1
    coef = np.ones((2, n), dtype=np.float32)
    got = LinearScorer(vocab, idf, coef, np.array([1.0, -1.0])).scores(["ζζζ"], ["ψψψ"], [[2.0]])
    np.testing.assert_allclose(got, [[3.0, 1.0]])
