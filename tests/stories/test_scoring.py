from __future__ import annotations

import pytest

from slant.stories.evaluate import bcubed, pairwise, score_partition


def test_bcubed_and_pairwise_on_a_toy_partition() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # B3 precision: a,b 2/2; c 1/3; d,e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15
    # B3 recall: a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15
    b3 = bcubed(gold, pred)
    assert b3["p"] == pytest.approx(11 / 15) and b3["r"] == pytest.approx(11 / 15)
    assert b3["f1"] == pytest.approx(11 / 15)
    # pairs: gold {ab, ac, bc, de} = 4; pred {ab, cd, ce, de} = 4; common {ab, de} = 2
    pw = pairwise(gold, pred)
    assert (pw["p"], pw["r"], pw["f1"]) == pytest.approx((0.5, 0.5, 0.5))


def test_perfect_and_singleton_partitions() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert score_partition(gold, {"a": 7, "b": 7, "c": 8})["b3_f1"] == pytest.approx(1.0)
    alone = score_partition(gold, {})  # no prediction: every item its own cluster
    assert alone["b3_p"] == pytest.approx(1.0)
    assert alone["b3_r"] == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert (alone["pair_p"], alone["pair_r"]) == (1.0, 0.0)
