"""The (outlet, month) groups and the top rows per group that ``stats --by narrative`` and
``stats --by role`` share (store/_monthly.py)."""

from __future__ import annotations

import datetime as dt

from slant.store._monthly import keep_top, outlet_month
from slant.store.queries import NO_DATE, UNKNOWN_OUTLET


def test_outlet_month_labels_missing_outlets_and_dates() -> None:
    assert outlet_month("RT", dt.date(2022, 1, 7)) == ("RT", "2022-01")
    assert outlet_month(None, dt.date(2022, 12, 31)) == (UNKNOWN_OUTLET, "2022-12")
    assert outlet_month("", None) == (UNKNOWN_OUTLET, NO_DATE)


def test_keep_top_keeps_the_first_rows_of_each_group_in_order() -> None:
    rows = [
        {"outlet": "RT", "month": "2022-01", "role": "Antagonist", "name": name}
        for name in ("United States", "NATO", "Blinken")
    ] + [
        {"outlet": "RT", "month": "2022-01", "role": "Innocent", "name": "Kazakhstan"},
        {"outlet": "TASS", "month": "2022-01", "role": "Antagonist", "name": "NATO"},
    ]
    by_role = keep_top(rows, ("outlet", "month", "role"), 2)
    assert [r["name"] for r in by_role] == ["United States", "NATO", "Kazakhstan", "NATO"]
    by_month = keep_top(rows, ("outlet", "month"), 1)
    assert [(r["outlet"], r["name"]) for r in by_month] == [
        ("RT", "United States"),
        ("TASS", "NATO"),
    ]
    assert keep_top(rows, ("outlet",), None) is rows
    assert keep_top(rows, ("outlet",), 0) == []
