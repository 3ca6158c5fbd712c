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


class _NoScan(list):
    """A paragraph's token indices that fail the test when scanned from end to end."""

    def __iter__(self) -> Any:
        raise AssertionError("the whole paragraph was scanned for one cue")


def test_the_role_window_is_found_without_scanning_the_paragraph() -> None:
    """A 248 kB record of "Police said. " (19,100 cues in one paragraph) kept the CRF
    tagger over 120 s: each cue scanned the paragraph for its window, and took every other
    cue of the paragraph as context (O(cues²)); found by bench/fuzz_campaign.py."""
    from slant.analyzers.quotes.features import MAX_WINDOW, role_window

    unit = _NoScan(k for k in range(100_000) if k % 7)  # space tokens are left out
    window = role_window(unit, 50_000, 50_002)
    assert window == [k for k in range(50_000 - MAX_WINDOW, 50_002 + MAX_WINDOW) if k % 7]
    assert role_window(list(range(10)), 3, 4) == list(range(10))


def test_many_cues_in_one_paragraph(run: Callable[[str], list[dict]]) -> None:
    text = " ".join(f"Officer {i} said the road was closed." for i in range(300))
    quotes = run(text)
    assert quotes == run(text)
    assert all(text[q["start"] : q["end"]] == q["text"] for q in quotes)
    assert len(quotes) >= 250, len(quotes)


def test_the_paragraph_of_an_offset_is_found_by_bisection() -> None:
    """On a 400,000-character article 16 of the 28 CPU-s of quotes went to finding a
    mention's paragraph by a scan of every paragraph start, once per mention."""
    import random

    from slant.analyzers.quotes.speakers import SpeakerResolver

    def scanned(starts: list[int], offset: int) -> int:
        idx = 0
        for i, s in enumerate(starts):
            if s <= offset:
                idx = i
        return idx

    rng = random.Random(5)
    resolver = SpeakerResolver.__new__(SpeakerResolver)
    for _ in range(500):
        starts = sorted(rng.sample(range(1000), rng.randint(0, 30)))
        resolver.paragraph_starts = starts
        for offset in (-1, 0, *rng.sample(range(1100), 20)):
            assert resolver._paragraph_index(offset) == scanned(starts, offset)
    resolver.paragraph_starts = _NoScan(range(0, 100_000, 50))  # bisected, never scanned
    assert resolver._paragraph_index(60_075) == 1201
