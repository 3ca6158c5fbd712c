"""The PolNeAR reader and the quote scorer on hand-computed examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.annotations import Cue, Quote, Speaker
from slant.training.quotes import (
    Attribution,
    parse_ann,
    predictions_from_quotes,
    read_polnear,
    score_documents,
)

POLNEAR = Path(__file__).parent.parent / "fixtures" / "quotes" / "polnear"
TEXT = 'Smith said the plan works. "It works well," he said.\n'


def test_reader_keeps_first_annotator_and_skips_continuation_lines():
    (doc,) = read_polnear(POLNEAR, "dev")
    assert doc.id == "paper_2016-01-01_plan" and doc.text == TEXT
    assert doc.attributions == (
        Attribution(((11, 25),), ((6, 10),), ((0, 5),)),
        Attribution(((28, 42),), ((47, 51),), ((44, 46),)),
    )


def test_discontinuous_ranges_and_missing_source():
    (a,) = parse_ann(
        "T1\tContent 0 4;9 12\tab\nT2\tCue 5 8\tx\nE1\tAttribution:T3 Content:T1 Cue:T2\n"
    )
    assert a == Attribution(((0, 4), (9, 12)), ((5, 8),), ())


def test_missing_split_is_an_error():
    with pytest.raises(FileNotFoundError):
        read_polnear(POLNEAR, "train")


def test_split_quote_parts_join_into_one_relation():
    cue, spk = Cue(40, 44), Speaker("X", 37, 39)
    quotes = [Quote(0, 10, "direct", cue, spk), Quote(50, 60, "direct", cue, spk)]
    (rel,) = predictions_from_quotes(quotes)
    assert rel == Attribution(((0, 10), (50, 60)), ((40, 44),), ((37, 39),))


def test_scores_by_hand():
    (doc,) = read_polnear(POLNEAR, "dev")
    pred = [
        # content "the plan" (7 of gold's 12 letters, 7 of 7 predicted): overlap, not exact;
        # cue right; speaker "plan" misses the gold source "Smith"
        Attribution(((11, 19),), ((6, 10),), ((15, 19),)),
        # exactly the second content (the quote marks do not count), speaker "he" right
        Attribution(((27, 43),), ((47, 51),), ((44, 46),)),
        # a false positive without cue or speaker
        Attribution(((0, 5),)),
    ]
    s = score_documents([(doc.text, doc.attributions, pred)]).as_dict()
    assert s["content_exact_p"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["content_exact_r"] == 0.5
    assert s["content_overlap_p"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["content_overlap_r"] == 1.0
    assert s["content_overlap_f1"] == 0.8
    assert s["cue_p"] == s["cue_r"] == s["cue_f1"] == 1.0
    assert s["speaker_p"] == s["speaker_r"] == 0.5


def test_a_fragment_below_half_is_no_match():
    text = "one two three four five six seven eight"
    gold = [Attribution(((0, len(text)),))]
    s = score_documents([(text, gold, [Attribution(((0, 7),))])]).as_dict()
    assert s["content_overlap_f1"] == 0.0
