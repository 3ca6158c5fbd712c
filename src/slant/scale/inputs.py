"""Inputs for every engine: the readers' files plus Parquet, in one ordered stream."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from slant.article import Article, Skip
from slant.readers import STDIN, SUFFIXES, Url, expand_paths, read_path, unreadable
from slant.readers.names import printable_path, url_text
from slant.readers.txt import id_from_path
from slant.scale.parquet import PARQUET_SUFFIX, read_parquet

if TYPE_CHECKING:
    from slant.fetch import PageReader

__all__ = ["INPUT_SUFFIXES", "expand_inputs", "is_parquet", "read_inputs"]

INPUT_SUFFIXES = (*SUFFIXES, PARQUET_SUFFIX)

ParquetReader = Callable[[Path, int], Iterable[Article | Skip]]


def is_parquet(path: Path) -> bool:
    return str(path) != STDIN and path.suffix.lower() == PARQUET_SUFFIX


def expand_inputs(
    paths: Iterable[str | Path], *, all_files: bool = False, unread: list[Path] | None = None
) -> Iterator[Path]:
    """Like :func:`slant.readers.expand_paths`, with ``.parquet`` files found in folders too
    (``all_files``: every file of a folder; ``unread`` collects those left out)."""
    return expand_paths(paths, suffixes=INPUT_SUFFIXES, all_files=all_files, unread=unread)


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
            yield from _isolated(web.read(path, max_bytes=max_bytes), path)
        elif is_parquet(path):
            yield from _isolated(parquet(path, max_bytes), path)
        else:
            yield from read_path(path, max_bytes=max_bytes)  # isolated itself


def _isolated(items: Iterable[Article | Skip], path: Path | Url) -> Iterator[Article | Skip]:
    """The items of one input; a reader's unexpected error ends only that input, as a Skip."""
    try:
        yield from items
    except Exception as exc:
        if isinstance(path, Url):
            where = ident = url_text(path)
        else:
            where, ident = printable_path(path), printable_path(id_from_path(path))
        yield Skip(id=ident, source=where, error=unreadable(where, exc))
