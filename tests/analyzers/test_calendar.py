"""The year of a year-less date, shared by the English and Russian date analyzers."""

from __future__ import annotations

import datetime as dt

import pytest

from slant.analyzers._calendar import closest_date


@pytest.mark.parametrize(
    ("month", "day", "base", "lean", "expected"),
    [
        (1, 19, dt.date(2022, 1, 7), None, dt.date(2022, 1, 19)),
        (12, 30, dt.date(2022, 1, 7), None, dt.date(2021, 12, 30)),  # the nearer year
        (1, 5, dt.date(2022, 1, 7), "future", dt.date(2023, 1, 5)),  # "until January 5"
        (1, 9, dt.date(2022, 1, 7), "past", dt.date(2021, 1, 9)),  # "since January 9"
        (1, 7, dt.date(2022, 1, 7), "future", dt.date(2022, 1, 7)),  # the base day counts
        (1, 7, dt.date(2022, 1, 7), "past", dt.date(2022, 1, 7)),
        (1, 1, dt.date(2024, 7, 2), None, dt.date(2024, 1, 1)),  # 183 days either way: past
    ],
)
def test_closest_date_takes_the_nearest_year_on_the_side_of_the_lean(
    month, day, base, lean, expected
):
    assert closest_date(month, day, base, lean) == expected


@pytest.mark.parametrize(
    ("base", "lean", "expected"),
    [
        # the lean is never contradicted: the nearest leap year on its side
        (dt.date(2023, 3, 1), "past", dt.date(2020, 2, 29)),
        (dt.date(2024, 3, 1), "future", dt.date(2028, 2, 29)),
        (dt.date(2097, 3, 1), "future", dt.date(2104, 2, 29)),  # 2100 is no leap year
        # no lean: the nearest February 29, even when no year within one of the base has one
        (dt.date(2022, 6, 1), None, dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), "past", dt.date(2024, 2, 29)),
    ],
)
def test_february_29_is_looked_for_as_far_as_the_next_leap_year(base, lean, expected):
    assert closest_date(2, 29, base, lean) == expected


def test_a_day_no_year_has_is_none():
    assert closest_date(2, 30, dt.date(2024, 1, 1), None) is None
    assert closest_date(4, 31, dt.date(2024, 1, 1), "past") is None


def test_english_and_russian_dates_share_it():
    import slant.analyzers.dates as en
    import slant.analyzers.russian.dates as ru

    assert en.closest_date is closest_date and ru.closest_date is closest_date
