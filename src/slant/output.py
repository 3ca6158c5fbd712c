"""Writers for the output contract: one indented JSON object, or one line per result."""

from __future__ import annotations

import json
from typing import IO

from slant.article import Article, Skip

__all__ = ["MIN_SCORE_KEY", "dumps", "filter_techniques", "write_json"]

# extras key recording the --min-score threshold applied to the technique spans
MIN_SCORE_KEY = "techniques_min_score"


def dumps(item: Article | Skip, *, indent: int | None = None) -> str:
    """Serialise one result; non-ASCII stays readable (``ensure_ascii=False``)."""
    return json.dumps(item.to_dict(), ensure_ascii=False, indent=indent)


def write_json(item: Article | Skip, fh: IO[str]) -> None:
    """Write one result as an indented JSON object."""
    fh.write(dumps(item, indent=2))
    fh.write("\n")


def filter_techniques(item: Article | Skip, min_score: float | None) -> Article | Skip:
    """Drop the technique spans scored below ``min_score``, in place, and record it.

    Scores are compared as the output shows them (rounded to 4 decimals), so a span
    printed as 0.3 is kept by ``--min-score 0.3``. The threshold is recorded in
    ``extras["techniques_min_score"]`` of every article the techniques analyzer ran on,
    so a reader of the output knows spans were hidden. Paragraph labels (no score) stay.
    ``None`` changes nothing.
    """
    if min_score is None or not isinstance(item, Article):
        return item
    item.techniques = [s for s in item.techniques if round(s.score, 4) >= min_score]
    if "techniques" in item.analyzers:
        item.extras[MIN_SCORE_KEY] = min_score
    return item
