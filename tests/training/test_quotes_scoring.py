"""The PolNeAR reader and the quote scorer on hand-computed examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.annotations import Cue, Quote, Speaker
from slant.training.quotes import (
    Attribution,
    annotator_agreement,
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


def _two_annotators(tmp_path: Path) -> Path:
    root = tmp_path / "train"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "paper_2016-01-01_plan.txt").write_text(TEXT, encoding="utf-8")
    (root / "text" / "paper_2016-01-02_solo.txt").write_text(TEXT, encoding="utf-8")
    both = "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 25\tthe plan works\n"
    both += "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    # annotator a: the second quote without its marks, speaker "he"
    a = both + "T5\tSource 44 46\the\nT6\tCue 47 51\tsaid\nT7\tContent 28 42\tIt works well\n"
    a += "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
    # annotator b: the same quote with its marks (same letters), and no source
    b = both + 'T6\tCue 47 51\tsaid\nT7\tContent 27 44\t"It works well,"\n'
    b += "E2\tAttribution:T8 Content:T7 Cue:T6\n"
    (root / "attributions" / "paper_2016-01-01_plan_aaaa.ann").write_text(a, encoding="utf-8")
    (root / "attributions" / "paper_2016-01-01_plan_bbbb.ann").write_text(b, encoding="utf-8")
    # one annotator only: not compared
    (root / "attributions" / "paper_2016-01-02_solo_aaaa.ann").write_text(a, encoding="utf-8")
    return tmp_path


def test_annotator_agreement_scores_every_ordered_pair(tmp_path):
    s = annotator_agreement(_two_annotators(tmp_path))
    assert s["articles"] == 1 and s["pairs"] == 2
    assert s["gold"] == s["predicted"] == 4
    assert s["content_exact_f1"] == s["content_overlap_f1"] == s["cue_f1"] == 1.0
    # sources: a has 2, b has 1; "Smith" agrees both ways, "he" has no partner
    assert s["speaker_p"] == s["speaker_r"] == round(2 / 3, 4)


def test_agreement_command_prints_name_value_lines(tmp_path):
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(
        app, ["eval", "quotes", str(_two_annotators(tmp_path)), "--agreement"]
    )
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.strip().splitlines())
    assert lines["pairs"] == "2" and lines["speaker_f1"] == "0.6667"


def test_annotator_agreement_needs_a_split(tmp_path):
    with pytest.raises(FileNotFoundError):
        annotator_agreement(tmp_path)
