"""The bundled example (examples/kazakhstan_csto_2022.txt): what issue 4 promises on it."""

from __future__ import annotations

import pytest

from slant.config import load_settings
from slant.pipeline import Pipeline
from slant.readers.txt import article_from_text

ANALYZERS = ("entities", "places", "quotes", "counts", "dates", "tone")


@pytest.fixture(scope="module")
def seed(seed_text: str):
    art = article_from_text(seed_text, id="seed", source="seed")
    return Pipeline(load_settings(only=ANALYZERS))(art)


def test_seed_counts(seed) -> None:
    got = {(c.type, c.number) for c in seed.counts}
    assert got == {("ARREST", 3811), ("KILL", 13), ("WOUND", 353)}
    kill = next(c for c in seed.counts if c.type == "KILL")
    assert kill.object == "law enforcement officers"
    assert all(c.source == "state media" for c in seed.counts)


def test_seed_places(seed) -> None:
    geo = {seed.text[e.start : e.end]: e.geo for e in seed.entities if e.label == "GPE"}
    assert geo["Aktau"].country_code == "KZ"
    assert geo["Zhanaozen"].country_code == "KZ"
    assert geo["Washington"].country_code == "US"


def test_seed_quote_speakers(seed) -> None:
    def speaker_of(fragment: str) -> str | None:
        for q in seed.quotes:
            if fragment in seed.text[q.start : q.end]:
                return q.speaker.name if q.speaker else None
        raise AssertionError(f"no quote contains {fragment!r}")

    assert speaker_of("externally provoked violent developments") == "Anatoly Antonov"
    assert speaker_of("As for Washington") == "Anatoly Antonov"
    assert speaker_of("expansion eastwards") == "Anatoly Antonov"
    assert speaker_of("once Russians are in your house") == "Antony Blinken"
    assert speaker_of("made a joke") == "Russian Foreign Ministry"
    assert speaker_of("likes history lessons") == "the foreign ministry spokeswoman"


def test_seed_dates(seed) -> None:
    values = {seed.text[d.start : d.end]: d.value for d in seed.dates}
    assert values["January 19"] == "2022-01-19"
