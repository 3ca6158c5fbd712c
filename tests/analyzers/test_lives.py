"""Lives taken ("the storm claimed 12 lives"): one definition (analyzers/_lives.py) behind
the counts analyzer's KILL counts and its clause sources."""

from __future__ import annotations

import re

import pytest
from _events import analyze

from slant.analyzers._lives import LIFE_VERBS, TAKEN_LIVES, lives_after, takes_lives


@pytest.mark.parametrize(
    ("words", "taken"),
    [
        ("claimed 12 lives", True),
        ("claiming at least 165 lives", True),
        ("took 12 lives", True),
        ("claimed 3,811 lives", True),  # the thousands comma is part of the number
        ("cost two hundred and fifty lives", True),
        ("claimed tens of thousands of lives", True),
        ("took the lives of 11 people", True),
        ("claimed their lives", True),
        ("claimed so many lives", True),
        ("claimed 3,811 were detained", False),  # an attribution, not a death count
        ("claimed that 12 lives were lost", False),  # "claimed that …" reports words
        ("claimed 12 seats", False),
    ],
)
def test_lives_takes_lives_after_the_verb(words: str, taken: bool) -> None:
    verb = words.split()[0]
    assert verb in LIFE_VERBS
    assert takes_lives(words, len(verb)) is taken
    # the same definition, embedded in another expression, decides the same (any case)
    assert (re.match(verb + "(?!" + TAKEN_LIVES + ")", words.upper(), re.I) is None) is taken


def test_lives_after_a_number() -> None:
    assert lives_after("300 lives were lost", 3)
    assert lives_after("12 more innocent lives", 2)
    assert not lives_after("300 people lost their lives", 3)


def test_lives_claimed_is_a_kill_count_and_no_source() -> None:
    text = (
        "The storm claimed 12 lives on Monday, the ministry said.\n"
        "The outbreak has been claiming at least 165 lives a month.\n"
        "The fire took 12 lives.\n"
        "Gun violence claimed the lives of 11 people in the city last year.\n"
        "The ministry claimed 3,811 were detained.\n"
    )
    art = analyze(text)
    got = [(c.type, c.number, c.object, c.source, text[c.start : c.end]) for c in art.counts]
    assert got == [
        ("KILL", 12, "lives", "ministry", "claimed 12 lives"),
        ("KILL", 165, "lives", None, "claiming at least 165 lives"),
        ("KILL", 12, "lives", None, "took 12 lives"),
        ("KILL", 11, "people", None, "claimed the lives of 11 people"),
        ("ARREST", 3811, "", "ministry", "3,811 were detained"),
    ]


def test_lives_claimed_with_a_thousands_comma_is_no_attribution() -> None:
    art = analyze("Officials said the storm claimed 3,811 lives.\nThe storm claimed 3,811 lives.\n")
    assert [(c.number, c.source) for c in art.counts] == [(3811, "Officials"), (3811, None)]
