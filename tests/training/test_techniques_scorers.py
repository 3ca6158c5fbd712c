"""The technique scorers on small cases computed by hand."""

from __future__ import annotations

import pytest

from slant.training.technique_scorers import (
    merge_spans,
    paragraph_score,
    si_score,
    tc_score,
    technique_span_score,
)


def test_merge_spans_joins_overlaps_but_not_touching_spans() -> None:
    assert merge_spans([(5, 8), (0, 6), (8, 10)]) == [(0, 8), (8, 10)]
    assert merge_spans([(3, 3)]) == []


def test_si_merges_gold_and_gives_partial_credit() -> None:
    # gold (0,10)+(5,15) merge to (0,15); pred (0,5) gets p=5/5, r=5/15; (10,20) p=5/10, r=5/15
    s = si_score({"a": [(0, 5), (10, 20)]}, {"a": [(0, 10), (5, 15)]})
    assert s["precision"] == pytest.approx(0.75)
    assert s["recall"] == pytest.approx(10 / 15)
    assert s["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_si_missing_article_and_empty_cases() -> None:
    assert si_score({}, {})["f1"] == 1.0
    s = si_score({"b": [(0, 4)]}, {"a": [(0, 4)]})
    assert s["f1"] == 0.0


def test_tc_matches_labels_of_one_span_as_a_multiset() -> None:
    gold = {"a": [("X", 0, 5), ("Y", 0, 5), ("Z", 10, 12)]}
    pred = {"a": [("Y", 0, 5), ("X", 0, 5), ("X", 10, 12)]}
    s = tc_score(pred, gold)
    assert s["f1"] == pytest.approx(2 / 3)
    # the same label twice on a span with two different gold labels earns one point
    s2 = tc_score({"a": [("X", 0, 5), ("X", 0, 5), ("Z", 10, 12)]}, gold)
    assert s2["f1"] == pytest.approx(2 / 3)


def test_paragraph_micro_and_macro() -> None:
    gold = {("a", 1): ("A", "B"), ("a", 2): (), ("a", 3): ("C",)}
    pred = {("a", 1): ("A",), ("a", 2): ("B",)}  # row 3 missing = predicted empty
    s = paragraph_score(pred, gold, ["A", "B", "C"])
    assert s["micro_precision"] == pytest.approx(0.5)
    assert s["micro_recall"] == pytest.approx(1 / 3)
    assert s["micro_f1"] == pytest.approx(0.4)
    assert s["macro_f1"] == pytest.approx(1 / 3)  # A: 1, B: 0, C: 0
    assert (s["f1/A"], s["f1/B"], s["f1/C"]) == (1.0, 0.0, 0.0)
    assert (s["support/A"], s["support/B"], s["support/C"]) == (1.0, 1.0, 1.0)


def test_technique_span_score_needs_matching_technique() -> None:
    gold = {"a": [("X", 0, 10), ("Y", 0, 10)]}
    pred = {"a": [("X", 0, 5), ("Y", 20, 30)]}
    s = technique_span_score(pred, gold)
    assert s["precision"] == pytest.approx(0.5)
    assert s["recall"] == pytest.approx(0.25)
    assert s["f1"] == pytest.approx(1 / 3)
    assert s["f1/X"] == pytest.approx(2 / 3)
    assert s["f1/Y"] == 0.0
    # a wrong label on the right span earns nothing
    assert technique_span_score({"a": [("Y", 0, 5)]}, {"a": [("X", 0, 5)]})["f1"] == 0.0
