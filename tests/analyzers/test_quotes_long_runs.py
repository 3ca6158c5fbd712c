"""A sentence that ends in a long run of punctuation (a text whose Cyrillic became "???…"
when read in the wrong encoding) is walked back once, not once per token.

Found by ``bench/fuzz_campaign.py`` (readers target): 12,655 question marks after two
sentences kept the quotes rules busy for over 120 s (every candidate cue walked back over
the whole run: O(n²) token reads); now 0.5 CPU-s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slant.analyzers.quotes import rules

TEXT = (
    "Critics say the so-called reform is a disaster that will destroy the country. "
    "The minister said on Monday that police arrested 40 protesters in the capital. "
)


def test_the_closing_punctuation_is_found_once_per_sentence(
    run: Callable[[str], list[dict]], monkeypatch: Any
) -> None:
    calls: list[tuple[int, int]] = []
    real = rules._end_before_punct

    def counted(doc: Any, s0: int, s1: int) -> int:
        calls.append((s0, s1))
        return real(doc, s0, s1)

    monkeypatch.setattr(rules, "_end_before_punct", counted)
    quotes = run(TEXT + "?" * 3000 + " ?")
    assert len(calls) == len(set(calls)) <= 4  # one per sentence (was one per token: 3,000+)
    texts = [q["text"] for q in quotes]
    assert texts[0] == "the so-called reform is a disaster that will destroy the country"
    assert texts[1].startswith("that police arrested 40 protesters in the capital. ???")


def test_end_before_punct_keeps_a_closing_quote_mark() -> None:
    import spacy

    doc = spacy.blank("en")('He said "we will win". ?!')
    end = rules._end_before_punct(doc, 0, len(doc))
    assert doc[end - 1].text == '"' and doc[end:].text == ". ?!"
    assert rules._end_before_punct(doc, 0, 1) == 1  # never past the sentence's start
