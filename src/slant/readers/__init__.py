"""INGEST: paths → Articles (or Skips), chosen by content (PDF, Word) and file suffix.

``read_paths`` never raises for a bad input: each one becomes a :class:`~slant.article.Skip`
with a clear reason, so a batch always goes on. Every id and source derived from a path
goes through :func:`printable_path`, so it is valid UTF-8 whatever the file system holds.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from slant.article import Article, Skip
from slant.errors import (
    BinaryInput,
    InputError,
    MalformedInput,
    TooLarge,
    UnreadablePath,
    UnsupportedInput,
    describe,
)
from slant.readers._decode import CONTROL, decode, read_bytes
from slant.readers.html import read_html
from slant.readers.jsonl import read_jsonl, read_jsonl_stream
from slant.readers.names import Url, is_url, printable_path, printable_text, url_text
from slant.readers.pdf import read_pdf
from slant.readers.sniff import sniff
from slant.readers.txt import article_from_text, id_from_path
from slant.readers.word import read_docx

__all__ = [
    "SUFFIXES",
    "URL_HINT",
    "Url",
    "expand_paths",
    "printable_path",
    "printable_text",
    "read_bytes_as",
    "read_path",
    "read_paths",
]

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".pdf", ".docx")
STDIN = "-"
log = logging.getLogger(__name__)
# A PDF or Word file may be this many times --max-bytes (its text may not): most of such a
# file is fonts, images and styles.
DOCUMENT_FACTOR = 10
# What a file whose name promises a document must hold, and what to call it.
_PROMISED = {".pdf": ("pdf", "a PDF"), ".docx": ("docx", "a Word document")}
# What a place that reads only files says of a URL (slant.fetch reads them)
URL_HINT = "is a URL; URLs are fetched with slant analyze URL"


def expand_paths(
    paths: Iterable[str | Path],
    *,
    suffixes: tuple[str, ...] = SUFFIXES,
    all_files: bool = False,
    unread: list[Path] | None = None,
) -> Iterator[Path | Url]:
    """Folders become their files with one of ``suffixes`` (sorted, recursive); other paths
    pass as given, and a URL typed as text (``http://``, ``https://``) as a :class:`Url`.

    Args:
        all_files: a folder's files with other suffixes too (read by their content: PDF
            and Word sniffed, HTML by its first tag, anything else as text or refused as
            binary).
        unread: collects the folder files left out for their suffix (to say so).
    """
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            yield raw if isinstance(raw, Url) else Url(raw)
            continue
        path = Path(raw)
        if str(raw) != STDIN and _is_dir(path):
            for p in _folder_files(path):
                if all_files or p.suffix.lower() in suffixes:
                    yield p
                elif unread is not None:
                    unread.append(p)
        else:
            yield path


def _folder_files(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted; a subfolder that cannot be listed is left out
    (logged) rather than ending the run."""
    found: list[Path] = []
    for root, _dirs, files in os.walk(folder, onerror=_walk_error):
        found += (Path(root, name) for name in files)
    return sorted(p for p in found if _is_file(p))


def _walk_error(exc: OSError) -> None:
    log.warning("cannot list %s: %s", printable_text(str(exc.filename)), exc.strerror)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, say: read_path reports it
        return False


def read_paths(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[Article | Skip]:
    """Read every input: files, folders (recursively) and ``-`` for stdin."""
    for path in expand_paths(paths):
        yield from read_path(path, max_bytes=max_bytes)


def read_path(path: Path | Url, *, max_bytes: int) -> Iterator[Article | Skip]:
    """Read one file (or stdin for ``-``); yields a Skip instead of raising."""
    if isinstance(path, Url):  # only slant.fetch reads those
        yield Skip(id=str(path), source=str(path), error=f"{path}: {URL_HINT}")
        return
    where = "<stdin>" if str(path) == STDIN else printable_path(path)
    stem = "stdin" if str(path) == STDIN else printable_path(id_from_path(path))
    try:
        if str(path) == STDIN:
            data = sys.stdin.buffer.read(DOCUMENT_FACTOR * max_bytes + 1)
            suffix = ".txt"
        else:
            try:
                exists = path.exists()
            except OSError as exc:  # a name too long, a loop of links...
                raise UnreadablePath(where, exc.strerror or type(exc).__name__) from exc
            if not exists:
                if is_url(path):
                    where = url_text(path)
                    raise UnsupportedInput(where, URL_HINT)
                raise UnreadablePath(where, "no such file or folder")
            suffix = path.suffix.lower()
            if suffix == ".jsonl" and path.is_file():  # a corpus: the limit is per record
                with path.open("rb") as stream:
                    if is_plain_text(stream.read(_HEAD)):
                        stream.seek(0)
                        yield from read_jsonl_stream(
                            stream, source=where, stem=stem, max_bytes=max_bytes
                        )
                        return
            data = read_bytes(path, max_bytes=max_bytes, document_bytes=DOCUMENT_FACTOR * max_bytes)
        yield from read_bytes_as(data, suffix=suffix, id=stem, source=where, max_bytes=max_bytes)
    except InputError as exc:
        yield Skip(id=stem, source=where, error=printable_text(str(exc)))
    except Exception as exc:  # per-input isolation: a reader's unexpected error is this file's
        log.info("reading %s failed", where, exc_info=exc)  # -v: the traceback
        yield Skip(id=stem, source=where, error=unreadable(where, exc))


_HEAD = 8192


def is_plain_text(head: bytes) -> bool:
    """Whether a file's first bytes look like UTF-8 text: no UTF-16 byte-order mark, no
    NUL, few control characters, no known binary format (what :func:`decode` checks)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return False
    if len(CONTROL.findall(head)) > max(8, len(head) // 100):
        return False
    return sniff(head) is None


def unreadable(where: str, exc: BaseException) -> str:
    """The Skip reason for an input whose reader failed unexpectedly (one line)."""
    return printable_text(f"{where}: could not be read ({describe(exc)})")


def read_bytes_as(
    data: bytes, *, suffix: str, id: str, source: str, max_bytes: int, url: str | None = None
) -> Iterator[Article | Skip]:
    """Read bytes into articles: PDF and Word documents by their content, whatever the
    suffix; text as the suffix says (``.html``/``.htm``, ``.jsonl``, anything else as text,
    HTML found by its first tag). ``url``: the page's address, for the HTML reader.

    Raises:
        InputError: the bytes as a whole are unusable (empty, binary, bad encoding,
            encrypted, damaged...).
    """
    found = sniff(data)
    limit = DOCUMENT_FACTOR * max_bytes if found and found.readable else max_bytes
    if len(data) > limit:
        raise TooLarge(source, len(data), limit)
    promised = _PROMISED.get(suffix)
    if promised and data.strip() and (found is None or found.format != promised[0]):
        what = found.name if found else "text or an unknown format"
        raise MalformedInput(
            source, f"named {suffix} but is not {promised[1]} (it looks like {what})"
        )
    if found is not None and found.readable:
        reader = read_pdf if found.format == "pdf" else read_docx
        article = reader(data, id=id, source=source)
        size = len(article.text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:  # the limit per article holds for the text
            raise TooLarge(source, size, max_bytes)
        yield article
    elif found is not None:
        raise BinaryInput(source, found.name)
    else:
        yield from _read_text(
            data, suffix=suffix, id=id, source=source, max_bytes=max_bytes, url=url
        )


def _read_text(
    data: bytes, *, suffix: str, id: str, source: str, max_bytes: int, url: str | None = None
) -> Iterator[Article | Skip]:
    text, encoding = decode(data, source, max_bytes=max_bytes)
    if suffix in (".html", ".htm") or (suffix != ".jsonl" and _looks_like_html(text)):
        yield read_html(text, id=id, source=source, encoding=encoding, url=url)
    elif suffix == ".jsonl":
        yield from read_jsonl(text, source=source, stem=id, max_bytes=max_bytes)
    else:
        yield article_from_text(text, id=id, source=source, encoding=encoding, format="text")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))
