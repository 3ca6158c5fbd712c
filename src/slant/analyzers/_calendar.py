"""Calendar arithmetic shared by the date analyzers (English ``dates.py`` and
``russian/dates.py``): which year a year-less date ("January 19", "19 января") means."""

from __future__ import annotations

import datetime as dt

__all__ = ["closest_date"]

# Leap years are at most 8 years apart (2096 → 2104), so a February 29 is always in reach.
_REACH = 8


def closest_date(month: int, day: int, base: dt.date, lean: str | None = None) -> dt.date | None:
    """The date of ``month``/``day`` in the year that puts it nearest to ``base``.

    With ``lean="future"`` only dates on or after ``base`` count ("until January 19"), with
    ``lean="past"`` only dates on or before it ("since January 19"); otherwise either side,
    and a tie goes to the past. The lean is never contradicted: February 29 is looked for
    as far as the nearest leap year on the lean's side ("since February 29" written on
    1 March 2023 is 2020-02-29, not 2024-02-29).

    Returns:
        The date, or ``None`` for a day that no year has (February 30, April 31).
    """
    options = []
    for year in range(base.year - _REACH, base.year + _REACH + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    if lean == "future":
        options = [d for d in options if d >= base]
    elif lean == "past":
        options = [d for d in options if d <= base]
    return min(options, key=lambda d: (abs((d - base).days), d > base), default=None)
