"""The NumPy-only TF-IDF scorer of the techniques analyzer matches scikit-learn's transform."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers.techniques import LinearScorer, TextFeaturizer

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


def test_token_state_features_pool_each_token_and_its_neighbours() -> None:
    pytest.importorskip("onnxruntime")
    from slant.analyzers.techniques import (
        ENCODER_FILE,
        RESOURCE_DIR,
        TOKENIZER,
        MiniLMEncoder,
        sequences,
        token_state_features,
    )
    from slant.nlp import load_nlp

    text = "Corrupt traitors are destroying our nation.\nThe council met on Tuesday.\n"
    doc = load_nlp()(text)
    states = MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE, threads=1).encode(text)
    seqs = sequences(doc)
    assert [t.text for t in seqs[1]][:2] == ["The", "council"]
    x = token_state_features(states, seqs[0])
    assert x.shape == (len(seqs[0]), 3 * 384)
    own = x[:, :384]
    np.testing.assert_allclose(own[0], states.pool([(0, len("Corrupt"))])[0], atol=1e-6)
    assert not x[0, 384:768].any()  # nothing before the first token
    assert not x[-1, 768:].any()  # nothing after the last
    np.testing.assert_allclose(x[2, 384:768], own[0:2].mean(axis=0), atol=1e-6)
    np.testing.assert_allclose(x[2, 768:], own[3:5].mean(axis=0), atol=1e-6)
