"""What the per-outlet, per-month corpus tables share (``stats --by narrative`` and
``--by role``): the (outlet, month) group an article falls in, and the first rows of each
group."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from slant.store.queries import group_key

__all__ = ["keep_top", "outlet_month"]


def outlet_month(outlet: str | None, published: dt.date | None) -> tuple[str, str]:
    """The article's outlet and month ``YYYY-MM`` (``"(unknown outlet)"``, ``"(no date)"``
    when it has none), as :func:`slant.store.queries.group_key` labels them."""
    return group_key("outlet", outlet, published), group_key("month", outlet, published)


def keep_top(rows: list[dict[str, Any]], group: tuple[str, ...], top: int | None) -> list[dict]:
    """The first ``top`` rows (in the given order) of each group of rows with the same
    values of the ``group`` keys; all of them when ``top`` is None."""
    if top is None:
        return rows
    seen: Counter[tuple[Any, ...]] = Counter()
    kept = []
    for r in rows:
        k = tuple(r[g] for g in group)
        seen[k] += 1
        if seen[k] <= top:
            kept.append(r)
    return kept
