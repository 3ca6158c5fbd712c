"""Inputs for every engine: the readers' files plus Parquet, in one ordered stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from slant.article import Article, Skip
from slant.readers import STDIN, SUFFIXES, Url, expand_paths, read_path
from slant.scale.parquet import PARQUET_SUFFIX, read_parquet

if TYPE_CHECKING:
    from slant.fetch import PageReader

__all__ = ["INPUT_SUFFIXES", "expand_inputs", "is_parquet", "read_inputs"]

INPUT_SUFFIXES = (*SUFFIXES, PARQUET_SUFFIX)

ParquetReader = Callable[[Path, int], Iterable[Article | Skip]]


def is_parquet(path: Path) -> bool:
    return str(path) != STDIN and path.suffix.lower() == PARQUET_SUFFIX


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Like :func:`slant.readers.expand_paths`, with ``.parquet`` files found in folders too."""
    return expand_paths(paths, suffixes=INPUT_SUFFIXES)


def _local_parquet(path: Path, max_bytes: int) -> Iterable[Article | Skip]:
    return read_parquet(path, max_bytes=max_bytes)


def read_inputs(
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    parquet: ParquetReader = _local_parquet,
    web: PageReader | None = None,
) -> Iterator[Article | Skip]:
    """Every input in order: files, folders, ``-``, Parquet files (read by ``parquet``) and
    URLs (fetched by ``web``; without it a URL is a skip that says how to fetch it)."""
    for path in expand_inputs(paths):
        if isinstance(path, Url) and web is not None:
            yield from web.read(path, max_bytes=max_bytes)
        elif is_parquet(path):
            yield from parquet(path, max_bytes)
        else:
            yield from read_path(path, max_bytes=max_bytes)
