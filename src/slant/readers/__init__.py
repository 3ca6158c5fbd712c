"""INGEST: paths → Articles (or Skips), chosen by file suffix.

``read_paths`` never raises for a bad input: each one becomes a :class:`~slant.article.Skip`
with a clear reason, so a batch always goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from slant.article import Article, Skip
from slant.errors import InputError, UnreadablePath
from slant.readers._decode import decode, read_bytes
from slant.readers.html import read_html
from slant.readers.jsonl import read_jsonl
from slant.readers.txt import article_from_text, id_from_path

__all__ = ["SUFFIXES", "expand_paths", "read_bytes_as", "read_path", "read_paths"]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"


def expand_paths(
    paths: Iterable[str | Path], *, suffixes: tuple[str, ...] = SUFFIXES
) -> Iterator[Path]:
    """Folders become their files with one of ``suffixes`` (sorted, recursive); other paths
    pass as given."""
    for raw in paths:
        path = Path(raw)
        if str(raw) != STDIN and path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
        else:
            yield path


def read_paths(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Article | Skip]:
    """Read every input: files, folders (recursively) and ``-`` for stdin."""
    for path in expand_paths(paths):
        yield from read_path(path, max_bytes=max_bytes)


def read_path(path: Path, *, max_bytes: int) -> Iterator[Article | Skip]:
    """Read one file (or stdin for ``-``); yields a Skip instead of raising."""
    where = "<stdin>" if str(path) == STDIN else str(path)
    stem = "stdin" if str(path) == STDIN else id_from_path(path)
    try:
        if str(path) == STDIN:
            data = sys.stdin.buffer.read(max_bytes + 1)
            suffix = ".txt"
        else:
            if not path.exists():
                raise UnreadablePath(where, "no such file or folder")
            data = read_bytes(path, max_bytes=max_bytes)
            suffix = path.suffix.lower()
        yield from read_bytes_as(data, suffix=suffix, id=stem, source=where, max_bytes=max_bytes)
    except InputError as exc:
        yield Skip(id=stem, source=where, error=str(exc))


def read_bytes_as(
    data: bytes, *, suffix: str, id: str, source: str, max_bytes: int
) -> Iterator[Article | Skip]:
    """Decode bytes of a given kind (``.txt``, ``.html``, ``.jsonl``) into articles.

    Raises:
        InputError: the bytes as a whole are unusable (empty, binary, bad encoding...).
    """
    text, encoding = decode(data, source, max_bytes=max_bytes)
    if suffix in (".html", ".htm") or (suffix == ".txt" and _looks_like_html(text)):
        yield read_html(text, id=id, source=source, encoding=encoding)
    elif suffix == ".jsonl":
        yield from read_jsonl(text, source=source, stem=id, max_bytes=max_bytes)
    else:
        yield article_from_text(text, id=id, source=source, encoding=encoding)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))
