"""Scores per quote kind (direct / indirect / mixed) in `slant eval quotes`."""

from __future__ import annotations

from slant.training.quotes import Attribution, score_documents

TEXT = 'Cole said "we will win." Reed said the vote is close. Ames called it "a mess" today.'


def _r(words: str) -> tuple[tuple[int, int], ...]:
    s = TEXT.index(words)
    return ((s, s + len(words)),)


def test_each_relation_is_scored_under_the_kind_its_quote_marks_give_it() -> None:
    gold = [
        Attribution(_r('"we will win."'), _r("said"), _r("Cole")),
        Attribution(_r("the vote is close"), _r("said the")[:1], _r("Reed")),
        Attribution(_r('it "a mess" today'), _r("called"), _r("Ames")),
    ]
    pred = [
        Attribution(_r("we will win"), _r("said"), _r("Cole")),  # direct, right speaker
        Attribution(_r("the vote is close"), (), _r("Cole")),  # indirect, wrong speaker
    ]
    s = score_documents([(TEXT, gold, pred)]).as_dict()
    assert (s["direct_gold"], s["indirect_gold"], s["mixed_gold"]) == (1, 1, 1)
    assert (s["direct_predicted"], s["indirect_predicted"], s["mixed_predicted"]) == (1, 1, 0)
    assert s["direct_content_overlap_f1"] == s["direct_speaker_f1"] == 1.0
    assert s["indirect_content_overlap_f1"] == 1.0 and s["indirect_speaker_f1"] == 0.0
    assert s["mixed_content_overlap_f1"] == 0.0
