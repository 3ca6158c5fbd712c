"""JSON Lines: one article per line (``text`` required; ``id``, ``title``, ``url``,
``outlet``, ``published``, ``author``, ``language`` optional)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from slant.article import Article, Skip
from slant.errors import (
    EmptyInput,
    EncodingError,
    InputError,
    MalformedInput,
    TooLarge,
    describe,
)
from slant.readers.names import printable_text
from slant.readers.txt import article_from_text

__all__ = ["article_from_record", "read_jsonl", "read_jsonl_stream"]

META_FIELDS = ("url", "outlet", "published", "author", "language")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Arrays and objects nested deeper than this are refused before ``json.loads`` recurses
# into them (50,000 levels raise RecursionError there; an article record needs a few).
MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A line may hold up to this many times --max-bytes: the limit is on the record's text,
# which JSON escapes can make three times longer ("\\u0416" for one Cyrillic letter).
LINE_FACTOR = 3
_LINE_SLACK = 1 << 20  # room for the other fields


def read_jsonl(text: str, *, source: str, stem: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Yield one Article per line; a bad line becomes a Skip naming the line."""
    for lineno, line in enumerate(split_lines(text), start=1):
        if line.strip():
            yield from _read_line(line, lineno=lineno, source=source, stem=stem,
                                  max_bytes=max_bytes)  # fmt: skip


def read_jsonl_stream(
    stream: BinaryIO, *, source: str, stem: str, max_bytes: int
) -> Iterator[Article | Skip]:
    """Yield one Article per line of a UTF-8 JSON Lines stream, read line by line.

    ``max_bytes`` holds per record, not for the file (a corpus of thousands of articles
    is one file), and memory holds one line at a time. A line longer than
    ``LINE_FACTOR * max_bytes`` (plus 1 MiB for the other fields) is skipped unread, and a
    line that is not UTF-8 is that line's Skip.

    Raises:
        EmptyInput: the stream holds no record at all.
    """
    limit = LINE_FACTOR * max_bytes + _LINE_SLACK
    lineno = 0
    seen = False
    first = True
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            break
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw) + _skip_rest_of_line(stream)
            lineno += 1
            seen = True
            where = f"{source}:{lineno}"
            yield Skip(id=f"{stem}:{lineno}", source=where, error=str(TooLarge(where, size, limit)))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            lineno += 1
            seen = True
            where = f"{source}:{lineno}"
            error = EncodingError(where, exc.start, exc.reason)
            yield Skip(id=f"{stem}:{lineno}", source=where, error=str(error))
            continue
        if text.endswith("\n"):
            text = text[:-1]
            text = text[:-1] if text.endswith("\r") else text
        for line in split_lines(text):  # a lone CR inside ends a line too
            lineno += 1
            if line.strip():
                seen = True
                yield from _read_line(line, lineno=lineno, source=source, stem=stem,
                                      max_bytes=max_bytes)  # fmt: skip
    if not seen:
        raise EmptyInput(source)


def _skip_rest_of_line(stream: BinaryIO) -> int:
    skipped = 0
    while chunk := stream.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _read_line(
    line: str, *, lineno: int, source: str, stem: str, max_bytes: int
) -> Iterator[Article | Skip]:
    where = f"{source}:{lineno}"
    default_id = f"{stem}:{lineno}"
    try:
        yield _parse_line(line, where=where, default_id=default_id, max_bytes=max_bytes)
    except InputError as exc:
        yield Skip(id=default_id, source=where, error=str(exc))
    except Exception as exc:  # per-line isolation: any failure is this line's Skip
        yield Skip(id=default_id, source=where, error=f"{where}: unreadable ({describe(exc)})")


def split_lines(text: str) -> list[str]:
    """JSON Lines lines: split at LF, CRLF or CR only (``str.splitlines`` also splits at
    U+0085, U+2028 and other characters that JSON allows raw inside a string)."""
    return _LINE_BREAK.split(text)


def nesting_depth(line: str) -> int:
    """How deep arrays and objects nest in one JSON text, without parsing it (brackets
    inside strings do not count). Linear time and no recursion, whatever the input."""
    if line.count("[") + line.count("{") <= MAX_DEPTH:  # the common case, in C
        return MAX_DEPTH
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", line)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _parse_line(line: str, *, where: str, default_id: str, max_bytes: int) -> Article:
    depth = nesting_depth(line)
    if depth > MAX_DEPTH:
        raise MalformedInput(
            where, f"JSON nested {depth:,} levels deep (at most {MAX_DEPTH} are read)"
        )
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # e.g. an integer of over 4,300 digits
        raise MalformedInput(where, f"not readable JSON ({describe(exc)})") from exc
    if not isinstance(obj, dict):
        raise MalformedInput(where, "each line must be a JSON object")
    return article_from_record(obj, where=where, default_id=default_id, max_bytes=max_bytes)


def article_from_record(
    record: Mapping[str, Any],
    *,
    where: str,
    default_id: str,
    max_bytes: int,
    format: str = "jsonl",
) -> Article:
    """One record (a JSON object, a Parquet row) → an Article: ``text`` required; ``id``,
    ``title`` and the metadata fields optional; ``format`` names the container.

    A lone surrogate (JSON allows ``"\\ud800"``; UTF-8 cannot hold it) becomes U+FFFD in
    ``text``, which keeps every offset, and an escape in the other fields.

    Raises:
        InputError: no usable ``text`` (missing, not a string, empty) or over ``max_bytes``.
    """
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedInput(where, 'missing the required string field "text"')
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise EmptyInput(where)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise TooLarge(where, size, max_bytes)
    meta = {
        k: printable_text(str(record[k])) for k in META_FIELDS if record.get(k) not in (None, "")
    }
    title = record.get("title")
    return article_from_text(
        text,
        id=printable_text(str(record.get("id") or default_id)),
        source=where,
        title=printable_text(str(title)) if title else None,
        format=format,
        **meta,
    )
