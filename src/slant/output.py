"""Writers for the output contract: one JSON object, or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from slant.article import Article, Skip

__all__ = ["dumps", "write_json", "write_jsonl"]


def dumps(item: Article | Skip, *, indent: int | None = None) -> str:
    """Serialise one result; non-ASCII stays readable (``ensure_ascii=False``)."""
    return json.dumps(item.to_dict(), ensure_ascii=False, indent=indent)


def write_json(item: Article | Skip, fh: IO[str]) -> None:
    """Write one result as an indented JSON object."""
    fh.write(dumps(item, indent=2))
    fh.write("\n")


def write_jsonl(items: Iterable[Article | Skip], fh: IO[str]) -> Iterator[Article | Skip]:
    """Write each result on its own line as it arrives; yields the items back."""
    for item in items:
        fh.write(dumps(item))
        fh.write("\n")
        fh.flush()
        yield item
