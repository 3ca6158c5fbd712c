"""The official subtask-2 measure on toy data whose values are worked out by hand."""

from __future__ import annotations

import pytest

from slant.training.narrative_scorer import article_f1, samples_f1, to_scorer_labels

COARSE = ["CC: A", "Other", "URW: B", "URW: C"]
FINE = ["CC: A: x", "CC: A: Other", "Other", "URW: B: y", "URW: B: Other", "URW: C: z"]


def test_article_f1_counts_only_listed_labels_and_collapses_repeats() -> None:
    # gold {x, y}, prediction {x, z}: tp 1, F1 = 2 / 4
    assert article_f1(["CC: A: x", "URW: B: y"], ["CC: A: x", "URW: C: z"], FINE) == 0.5
    # repeats collapse; a label not in the list is dropped from both sides
    assert article_f1(["CC: A: x", "CC: A: x", "CC: A: new"], ["CC: A: x"], FINE) == 1.0
    # Other is a label of its own
    assert article_f1(["Other"], ["Other"], FINE) == 1.0
    # nothing counted on either side: 0 (zero_division=0)
    assert article_f1(["CC: A: new"], [], FINE) == 0.0
    assert article_f1([], [], FINE) == 0.0


def test_samples_f1_mean_and_population_std() -> None:
    gold = [["CC: A"], ["Other"], ["URW: B", "URW: C"]]
    pred = [["CC: A"], ["URW: B"], ["URW: B"]]
    mean, std = samples_f1(gold, pred, COARSE)
    # per article: 1, 0, 2·1/(2+1) = 2/3
    assert mean == pytest.approx((1 + 0 + 2 / 3) / 3)
    scores = [1.0, 0.0, 2 / 3]
    m = sum(scores) / 3
    assert std == pytest.approx((sum((s - m) ** 2 for s in scores) / 3) ** 0.5)
    with pytest.raises(ValueError):
        samples_f1(gold, pred[:2], COARSE)


def test_scorer_labels_of_analyzer_items() -> None:
    assert to_scorer_labels([], FINE) == (["Other"], ["Other"])
    coarse, fine = to_scorer_labels(
        [("URW: B", None), ("URW: B", "URW: B: y"), ("CC: A", None)], FINE
    )
    assert coarse == ["URW: B", "CC: A"]
    # a narrative without a sub-narrative gets "<narrative>: Other" when the list has it
    assert fine == ["URW: B: y", "CC: A: Other"]
    # ... and nothing when the list does not
    assert to_scorer_labels([("URW: C", None)], FINE) == (["URW: C"], [])
