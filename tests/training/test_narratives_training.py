"""The vectorised threshold tuning scores exactly what the analyzer's decisions score."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.narratives.model import NarrativeModel
from slant.training import semeval2025 as corpus
from slant.training.narratives import Data, _FastScorer, score

DATA = Path(__file__).parents[1] / "fixtures" / "semeval2025"


def fixture_data() -> Data:
    gold = corpus.read_narratives("EN", data_dir=DATA)
    docs = corpus.read_documents("EN", data_dir=DATA)
    return Data(
        [g.article_id for g in gold],
        [docs[g.article_id] for g in gold],
        np.zeros((len(gold), 4), np.float32),
        [np.zeros((0, 2), np.float32)] * len(gold),
        [[] for _ in gold],
        [g.narratives for g in gold],
        [g.subnarratives for g in gold],
        corpus.read_taxonomy(DATA),
    )


@pytest.mark.parametrize("seed", range(20))
def test_fast_scorer_equals_the_decision_path(seed: int) -> None:
    data = fixture_data()
    tax = data.taxonomy
    coarse = [n for n in tax.narratives if n != "Other"]
    fine = [s for s in tax.subnarratives if s != "Other"]
    rng = np.random.default_rng(seed)
    pc = rng.random((3, len(coarse)))
    pf = rng.random((3, len(fine)))
    tc, tf = rng.random(2)
    model = NarrativeModel(
        coarse,
        fine,
        np.zeros((len(coarse), 4)),
        np.zeros(len(coarse)),
        np.zeros((len(fine), 4)),
        np.zeros(len(fine)),
        {"coarse": (1.0, 0.0), "fine": (1.0, 0.0)},
        {"coarse": tc, "fine": tf},
        {},
    )
    idx = np.arange(3)
    preds = [model.decide(a, b) for a, b in zip(pc, pf, strict=True)]
    fast = _FastScorer(data, idx, coarse, fine)(pc >= tc, pf >= tf)
    assert fast == pytest.approx(score(data, idx, preds))


def test_a_perfect_prediction_scores_one() -> None:
    data = fixture_data()
    tax = data.taxonomy
    coarse = [n for n in tax.narratives if n != "Other"]
    fine = [s for s in tax.subnarratives if s != "Other"]
    keep_c = np.array([[n in g for n in coarse] for g in data.gold_coarse])
    keep_f = np.array([[s in g for s in fine] for g in data.gold_fine])
    assert _FastScorer(data, np.arange(3), coarse, fine)(keep_c, keep_f) == (1.0, 1.0)
