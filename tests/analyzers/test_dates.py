from __future__ import annotations

import datetime as dt

import pytest
from _events import analyze, fixture_text

from slant.analyzers.dates import describe_date, resolve_date

BASE = dt.date(2022, 1, 7)  # a Friday


@pytest.mark.parametrize(
    ("text", "cue", "value"),
    [
        ("January 19", "until", "2022-01-19"),
        ("December 28", "", "2021-12-28"),  # closest to the base: last month, not next December
        ("late Friday", "on", "2022-01-07"),  # the base day itself
        ("last Friday", "", "2021-12-31"),
        ("Monday", "", "2022-01-03"),
        ("Monday", "until", "2022-01-10"),
        ("next Monday", "", "2022-01-10"),
        ("yesterday", "", "2022-01-06"),
        ("this week", "", "2022-W01"),
        ("last month", "", "2021-12"),
        ("next year", "", "2023"),
        ("7 January 2022", "", "2022-01-07"),
        ("March 13, 2018", "", "2018-03-13"),
        ("May 2013", "", "2013-05"),
        ("2016", "", "2016"),
        ("two weeks ago", "", "2021-W51"),  # dateparser says week precision
    ],
)
def test_relative_to_base(text: str, cue: str, value: str) -> None:
    assert resolve_date(text, BASE, cue) == value


@pytest.mark.parametrize(
    "text",
    ["several days", "three years", "the coming days", "26-year-old", "29-year", "39", "the 1990s"],
)
def test_durations_ages_and_decades_are_not_dates(text: str) -> None:
    assert resolve_date(text, BASE) is None


def test_without_base_relative_dates_stay_unresolved() -> None:
    assert resolve_date("January 19", None, "until") == "--01-19"
    assert resolve_date("last Friday", None) == ""
    assert resolve_date("yesterday", None) == ""
    assert resolve_date("March 13, 2018", None) == "2018-03-13"


def test_article_uses_published_meta() -> None:
    art = analyze(
        "The curfew runs until January 19, officials said on Friday.\n", published="2022-01-07"
    )
    values = {art.text[d.start : d.end]: d.value for d in art.dates}
    assert values["January 19"] == "2022-01-19"
    assert values["Friday"] == "2022-01-07"


def test_article_dateline_is_the_base_when_no_published_date() -> None:
    art = analyze(fixture_text("osh_fuel_protests.txt"))
    values = {art.text[d.start : d.end]: d.value for d in art.dates}
    assert values["10 March 2023"] == "2023-03-10"
    assert values["March 20"] == "2023-03-20"
    assert values["Wednesday"] == "2023-03-08"
    assert values["last Friday"] == "2023-03-03"
    assert "two days" not in values  # a duration


def test_published_meta_wins_over_dateline() -> None:
    art = analyze(fixture_text("osh_fuel_protests.txt"), published="2024-03-15")
    values = {art.text[d.start : d.end]: d.value for d in art.dates}
    assert values["March 20"] == "2024-03-20"
    assert values["10 March 2023"] == "2023-03-10"  # absolute dates ignore the base


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("--01-19", "19 January, year not stated"),  # a year-less date with no base date
        ("--02-29", "29 February, year not stated"),
        ("2022-01-19", "19 January 2022"),
        ("2022-01", "January 2022"),
        ("2022", "2022"),
        ("2022-W01", "week of 3 January 2022"),  # ISO week 1 starts on Monday 3 January
        ("2020-W53", "week of 28 December 2020"),
        ("", "no date to anchor it"),
        ("2022-13", "2022-13"),  # no such month, no such day: shown as written
        ("--02-30", "--02-30"),
        ("2021-W53", "2021-W53"),
    ],
)
def test_describe_date(value: str, words: str) -> None:
    assert describe_date(value) == words


def test_summary_writes_a_year_less_date_in_words() -> None:
    from slant.report.summary import render_summary

    # no published date, no dateline: "January 19" keeps the ISO partial in the JSON
    art = analyze("The curfew runs until January 19, officials said last Friday.\n")
    values = {art.text[d.start : d.end]: d.value for d in art.dates}
    assert values == {"January 19": "--01-19", "last Friday": ""}
    text = render_summary(art, "text")
    assert '19 January, year not stated: "January 19"' in text
    assert '"last Friday" (no date to anchor it)' in text
    assert "--01-19" not in text
    markdown = render_summary(art, "markdown")
    assert '- 19 January, year not stated: "January 19"' in markdown


def test_a_four_digit_head_count_is_not_a_year() -> None:
    text = (
        "The infection has now infected over 2000 people, officials said on Friday. "
        "Some 1500 protesters marched in 2019, and 3000 students joined them in 2020.\n"
        "The 2020 elections were close, and turnout stayed below 2016 levels.\n"
        "He was asked about a 2005 police report.\n"
    )
    art = analyze(text, published="2022-01-07")
    values = {art.text[d.start : d.end]: d.value for d in art.dates}
    assert "2000" not in values  # "over 2000 people": a count
    assert "1500" not in values and "3000" not in values
    assert values["2019"] == "2019" and values["Friday"] == "2022-01-07"
    assert values["2020"] == "2020"  # "in 2020" and "the 2020 elections" stay years
    assert values["2016"] == "2016"  # "below 2016 levels": a year
    assert values["2005"] == "2005"  # "a 2005 police report": a year
