"""Decoding and linking of the MiniLM attribution tagger (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers.quotes import QuotesAnalyzer, link_relations, quote_kind
from slant.analyzers.quotes.minilm import decode_runs_bio, piece_windows, sentence_starts
from slant.errors import ResourceError, UsageError


def test_windows_cover_every_piece_and_overlap() -> None:
    assert piece_windows(0) == []
    assert piece_windows(10, room=254, stride=192) == [(0, 10)]
    wins = piece_windows(600, room=254, stride=192)
    assert wins == [(0, 254), (192, 446), (384, 600)]
    assert set().union(*(range(a, b) for a, b in wins)) == set(range(600))


def test_runs_start_at_b_continue_at_i_and_widen_to_words() -> None:
    text = "Officials said the plan works."
    # pieces: "Officials" "said" "the" "pl" "##an" "works" "."
    starts = np.array([0, 10, 15, 19, 21, 24, 29])
    ends = np.array([9, 14, 18, 21, 23, 29, 30])
    assert decode_runs_bio(text, starts, ends, np.array([1, 0, 0, 0, 0, 0, 0])) == [(0, 9)]
    # an I after an O starts a run; a run ending inside a word takes the whole word
    assert decode_runs_bio(text, starts, ends, np.array([0, 0, 2, 2, 0, 0, 0])) == [(15, 23)]
    # B B: two runs
    assert decode_runs_bio(text, starts, ends, np.array([1, 1, 0, 0, 0, 0, 0])) == [
        (0, 9),
        (10, 14),
    ]


def test_sentences_split_on_stops_and_newlines() -> None:
    text = 'He spoke. "It works," she said!\nNext line'
    assert sentence_starts(text) == [0, 10, 32]


def _span(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    s = -1
    for _ in range(nth + 1):
        s = text.index(words, s + 1)
    return s, s + len(words)


def test_content_links_to_the_nearest_cue_and_the_cue_to_its_source() -> None:
    text = "Mayor Cole said the budget will pass. Critics warned that taxes will rise."
    spans = {
        "cue": [_span(text, "said"), _span(text, "warned")],
        "source": [_span(text, "Mayor Cole"), _span(text, "Critics")],
        "content": [_span(text, "the budget will pass"), _span(text, "taxes will rise")],
    }
    rels = link_relations(text, spans)
    assert [(r.cue, r.source, r.content) for r in rels] == [
        (_span(text, "said"), _span(text, "Mayor Cole"), (_span(text, "the budget will pass"),)),
        (_span(text, "warned"), _span(text, "Critics"), (_span(text, "taxes will rise"),)),
    ]


def test_a_cue_inside_a_content_does_not_take_it_and_far_cues_are_ignored() -> None:
    text = 'Aides said that "Smith told them to wait." Nothing else. Later, in May, he smiled.'
    outer = _span(text, '"Smith told them to wait."')
    spans = {
        "cue": [_span(text, "said"), _span(text, "told"), _span(text, "smiled")],
        "source": [_span(text, "Aides")],
        "content": [outer],
    }
    (rel,) = link_relations(text, spans)
    assert rel.cue == _span(text, "said") and rel.content == (outer,)
    assert rel.source == _span(text, "Aides")
    # a content whose only cue is two sentences away is dropped
    lone = {"cue": [_span(text, "smiled")], "source": [], "content": [outer]}
    assert link_relations(text, lone) == []


def test_a_split_quote_is_one_relation_and_a_source_never_overlaps_its_content() -> None:
    text = '"We will win," he said. "No doubt."'
    spans = {
        "cue": [_span(text, "said")],
        "source": [_span(text, "he"), _span(text, "We")],
        "content": [_span(text, '"We will win,"'), _span(text, '"No doubt."')],
    }
    (rel,) = link_relations(text, spans)
    assert rel.content == (_span(text, '"We will win,"'), _span(text, '"No doubt."'))
    assert rel.source == _span(text, "he")


def test_quote_kind_from_quote_marks() -> None:
    text = 'He said "it works" and that it is, in his words, "fine enough" now.'
    quoted = [_span(text, "it works"), _span(text, "fine enough")]
    assert quote_kind(text, *_span(text, '"it works"'), quoted) == "direct"
    assert quote_kind(text, *_span(text, "it works"), quoted) == "direct"
    assert quote_kind(text, *_span(text, 'it is, in his words, "fine enough" now'), quoted) == (
        "mixed"
    )
    assert quote_kind(text, *_span(text, "He said"), quoted) == "indirect"


def test_minilm_method_is_an_option_and_needs_its_model(tmp_path) -> None:
    with pytest.raises(UsageError):
        QuotesAnalyzer(method="bert")
    analyzer = QuotesAnalyzer(method="minilm", model_dir=str(tmp_path))
    with pytest.raises(ResourceError, match="slant train attribution"):
        analyzer.initialize()


def test_inside_threshold_and_quote_snapping() -> None:
    from slant.analyzers.quotes.minilm import decode_spans, snap_to_quotes

    text = "Cole said it works."
    starts, ends = np.array([0, 5, 10, 13]), np.array([4, 9, 12, 18])
    probs = np.zeros((4, 3, 3))
    probs[:, :, 0] = 1.0  # O everywhere ...
    probs[1, 0] = [0.6, 0.4, 0.0]  # ... but "said" is a cue at 40 %
    assert decode_spans(text, starts, ends, probs)["cue"] == []
    assert decode_spans(text, starts, ends, probs, (0.3, 0.5, 0.5))["cue"] == [(5, 9)]
    quoted = [(10, 20)]
    assert snap_to_quotes([(12, 15), (0, 4)], quoted) == [(10, 20), (0, 4)]
