"""The TF-IDF scorers' fast paths give exactly the scores of the plain computation.

:class:`LinearScorer` (techniques) looks up the vocabulary ids of a word's char n-grams once
per distinct word; ``ArticleModel.features`` (frames, genre) filters and counts n-grams in
C. Here the plain computations (every n-gram string, filtered and counted in Python) are
written out and compared with them, bit for bit, with the shipped models on the bundled
example (the techniques scorers twice: cold and warm cache).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.techniques import TechniquesAnalyzer
from slant.analyzers.techniques.linear import LinearScorer, char_wb_grams, word_grams

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kazakhstan_csto_2022.txt"


def _plain_scores(sc: LinearScorer, texts: list[str], ctxs: list[str], dense) -> np.ndarray:
    """Count the n-gram strings of each text, as the scorer did before its id cache."""
    out = np.empty((len(texts), len(sc.bias)), dtype=np.float32)
    for r, (text, ctx, d) in enumerate(zip(texts, ctxs, dense, strict=True)):
        idx: list[int] = []
        val: list[float] = []
        for kind, grams in (
            ("word", word_grams(text, 2)),
            ("char", char_wb_grams(text)),
            ("ctx", word_grams(ctx, 1)),
        ):
            voc = sc.vocab[kind]
            counts = Counter(g for g in grams if g in voc)
            if not counts:
                continue
            ids = [voc[g] for g in counts]
            v = (np.log(np.array(list(counts.values()), dtype=np.float64)) + 1.0) * sc.idf[kind][
                ids
            ]
            v /= np.sqrt((v * v).sum())
            idx += [sc.offset[kind] + i for i in ids]
            val += v.tolist()
        idx += range(sc.dense_offset, sc.dense_offset + len(d))
        val += d
        x = np.array(val, dtype=np.float32)
        out[r] = x @ sc.coef_t[np.array(idx, dtype=np.int64)] + sc.bias
    return out


@pytest.fixture(scope="module")
def scorers() -> list[LinearScorer]:
    an = TechniquesAnalyzer()
    an.initialize()
    return [an.par_, an.tc_]


@pytest.mark.parametrize("cap", [2048, 5])
def test_char_ids_are_the_in_vocabulary_ngrams_in_order(
    scorers: list[LinearScorer], cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words in the cache and words past its cap (looked up every time) alike."""
    import slant.analyzers.techniques.linear as linear

    monkeypatch.setattr(linear, "_CACHE_WORDS", cap)
    text = EXAMPLE.read_text(encoding="utf-8")
    for sc in scorers:
        sc._char_ids.clear()
        voc = sc.vocab["char"]
        want = [voc[g] for g in char_wb_grams(text) if g in voc]
        assert len(want) > 1000
        assert sc.char_ids(text) == want
        assert sc.char_ids(text) == want  # from the cache
        assert 0 < len(sc._char_ids) <= cap


def test_scores_equal_the_plain_count_of_ngram_strings(scorers: list[LinearScorer]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    paras = [p for p in text.split("\n") if p.strip()]
    # whitespace runs, tabs, case and short words reach every branch of char_wb
    paras += ["A  b\tcc   DDD éé\u00a0x", "a", ""]
    ctxs = [" ".join(paras[max(0, i - 1) : i + 2 : 2]) for i in range(len(paras))]
    for sc in scorers:
        n_dense = sc.coef_t.shape[0] - sc.dense_offset
        dense = [[float(i % 3), 0.5, *([0.0] * (n_dense - 2))] for i in range(len(paras))]
        want = _plain_scores(sc, paras, ctxs, dense)
        assert np.array_equal(sc.scores(paras, ctxs, dense), want)
        assert np.array_equal(sc.scores(paras, ctxs, dense), want)  # warm cache


@pytest.mark.parametrize("name", ["frames", "genre"])
def test_article_model_features_equal_the_plain_count(name: str) -> None:
    """ArticleModel.features (frames, genre) counts n-grams with filter/map in C: the same
    indices, in the same order, and the same weights as the plain generator count."""
    from slant import analyzers as registry
    from slant.analyzers.article_model import ngrams

    an = registry.get(name)()
    an.initialize()
    model = an.model_
    text = EXAMPLE.read_text(encoding="utf-8")
    counts = Counter(g for g in ngrams(text) if g in model.vocab)
    idx = np.array([model.vocab[g] for g in counts], dtype=np.int64)
    tf = 1.0 + np.log(np.array(list(counts.values()), dtype=np.float64))
    vals = tf * model.idf[idx]
    got_idx, got_vals = model.features(text)
    assert len(idx) > 100
    assert np.array_equal(got_idx, idx)
    assert np.array_equal(got_vals, vals / np.linalg.norm(vals))
