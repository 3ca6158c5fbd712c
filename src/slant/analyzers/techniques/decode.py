"""From the span finder's token scores to technique-less spans (SemEval-2020 SI).

Kept apart from the models so that tuning re-decodes cached scores
(:meth:`~slant.analyzers.techniques.TechniquesAnalyzer.span_scores`) under new weights and
thresholds without running the encoder again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["WEAK_TAGS", "SequenceScores", "decode_runs", "mix_inside", "weak_end"]


@dataclasses.dataclass(frozen=True, slots=True)
class SequenceScores:
    """The span finder's raw scores of one token sequence (a sentence, or a line of one).

    Attributes:
        starts: start offset of each token in the article text.
        ends: end offset of each token.
        crf: the CRF's P(inside a span) per token.
        begin: the CRF's P(B) per token, a list (a strong B starts a new span).
        lr: the token head's P(inside) per token (``None`` when it does not run).
        sentence: the sentence head's P(the sequence holds propaganda), or ``None``.
        weak: per token, whether a span may not end on it (a conjunction, preposition,
            article or separating punctuation: see :func:`weak_end`); ``None``: no trimming.
    """

    starts: list[int]
    ends: list[int]
    crf: Any
    begin: Any
    lr: Any
    sentence: float | None
    weak: list[bool] | None = None


# Penn tags a highlighted phrase should not end on: coordinating conjunctions, prepositions
# and subordinators, determiners and articles, "to"; and punctuation that opens or separates
WEAK_TAGS = frozenset({"CC", "IN", "DT", "PDT", "WDT", "TO", "POS"})
WEAK_PUNCT = frozenset(",;:-–—([{/")


def weak_end(tag: str, text: str) -> bool:
    """Whether a span ending on this token would end on a function word or a separator."""
    return tag in WEAK_TAGS or text in WEAK_PUNCT


def mix_inside(sc: SequenceScores, crf_weight: float, sentence_weight: float) -> Any:
    """Each token's mixed P(inside a span) (an array).

    ``w · P_crf + (1 - w) · P_lr`` (``w``: ``crf_weight``; the CRF alone when the token head
    did not run), then ``(1 - b) · score + b · P_sentence`` (``b``: ``sentence_weight``).
    """
    w, b = crf_weight, sentence_weight
    inside = sc.crf if sc.lr is None else w * sc.crf + (1.0 - w) * sc.lr
    if sc.sentence is not None and b > 0.0:
        inside = (1.0 - b) * inside + b * sc.sentence
    return inside


def decode_runs(
    scores: Sequence[SequenceScores],
    inside: Callable[[SequenceScores], Any],
    threshold: float,
    gap: int,
    min_chars: int,
) -> list[tuple[int, int, float]]:
    """Spans ``(start, end, mean inside score)`` of every sequence.

    A token is inside a span when ``inside(sc)`` reaches ``threshold``; a strong CRF "B"
    (P > 0.5) starts a new span. Runs at most ``gap`` tokens apart are merged (-1: never):
    gold spans are often whole clauses that the token scores dip inside. A run does not
    end on a weak token (``sc.weak``): it is cut back to the last content word. Spans are
    made of whole tokens, so they start and end on word boundaries. Spans shorter than
    ``min_chars`` characters are dropped.
    """
    out: list[tuple[int, int, float]] = []
    for sc in scores:
        ins = inside(sc).tolist()
        begin = sc.begin
        n = len(ins)
        runs: list[list[int]] = []
        i = 0
        while i < n:
            if ins[i] < threshold:
                i += 1
                continue
            j = i + 1
            # a strong B inside a run starts a new span
            while j < n and ins[j] >= threshold and begin[j] < 0.5:
                j += 1
            if runs and i - runs[-1][1] <= gap:
                runs[-1][1] = j
            else:
                runs.append([i, j])
            i = j
        for i, j in runs:
            if sc.weak is not None:  # "disrupt its security and" -> "disrupt its security"
                while j - 1 > i and sc.weak[j - 1]:
                    j -= 1
                if sc.weak[j - 1]:
                    continue  # nothing but function words: not a phrase to show
            start, end = sc.starts[i], sc.ends[j - 1]
            if end - start >= min_chars:
                out.append((start, end, sum(ins[i:j]) / (j - i)))
    return out
