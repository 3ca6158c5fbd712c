"""Decoding token scores into spans: thresholds, merging, and no span ending on "and"."""

from __future__ import annotations

import numpy as np

from slant.analyzers.techniques import SequenceScores, decode_runs, mix_inside
from slant.analyzers.techniques.decode import weak_end

TEXT = "Moscow will disrupt its security and destroy it ."
WORDS = TEXT.split()


def _scores(inside: list[float], weak: bool) -> SequenceScores:
    starts, pos = [], 0
    for w in WORDS:
        pos = TEXT.index(w, pos)
        starts.append(pos)
        pos += len(w)
    ends = [s + len(w) for s, w in zip(starts, WORDS, strict=True)]
    tags = ["NNP", "MD", "VB", "PRP$", "NN", "CC", "VB", "PRP", "."]
    return SequenceScores(
        starts,
        ends,
        np.array(inside),
        [0.0] * len(WORDS),
        None,
        None,
        [weak_end(t, w) for t, w in zip(tags, WORDS, strict=True)] if weak else None,
    )


def _decode(sc: SequenceScores, thr: float = 0.5) -> list[str]:
    spans = decode_runs([sc], lambda s: mix_inside(s, 1.0, 0.0), thr, -1, 0)
    return [TEXT[s:e] for s, e, _ in spans]


def test_decode_span_never_ends_on_a_conjunction() -> None:
    inside = [0.1, 0.2, 0.9, 0.8, 0.8, 0.7, 0.2, 0.1, 0.1]
    assert _decode(_scores(inside, weak=False)) == ["disrupt its security and"]
    assert _decode(_scores(inside, weak=True)) == ["disrupt its security"]


def test_decode_drops_a_span_of_function_words_only() -> None:
    inside = [0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1]
    assert _decode(_scores(inside, weak=False)) == ["and"]
    assert _decode(_scores(inside, weak=True)) == []


def test_decode_score_is_the_mean_of_the_kept_tokens() -> None:
    inside = [0.1, 0.2, 0.9, 0.8, 0.7, 0.6, 0.2, 0.1, 0.1]
    ((_, _, score),) = decode_runs(
        [_scores(inside, weak=True)], lambda s: mix_inside(s, 1.0, 0.0), 0.5, -1, 0
    )
    assert abs(score - 0.8) < 1e-9  # "and" (0.6) is cut, so it does not lower the score


def test_weak_end_tags() -> None:
    assert weak_end("IN", "of") and weak_end("DT", "the") and weak_end(",", ",")
    assert not weak_end("NN", "security") and not weak_end(".", ".")
