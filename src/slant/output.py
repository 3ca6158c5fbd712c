"""Writers for the output contract: one indented JSON object, or one line per result."""

from __future__ import annotations

import json
from typing import IO

from slant.article import Article, Skip

__all__ = ["dumps", "write_json"]


def dumps(item: Article | Skip, *, indent: int | None = None) -> str:
    """Serialise one result; non-ASCII stays readable (``ensure_ascii=False``)."""
    return json.dumps(item.to_dict(), ensure_ascii=False, indent=indent)


def write_json(item: Article | Skip, fh: IO[str]) -> None:
    """Write one result as an indented JSON object."""
    fh.write(dumps(item, indent=2))
    fh.write("\n")
