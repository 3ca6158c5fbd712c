"""JSON Lines: one article per line (``text`` required; ``id``, ``title``, ``url``,
``outlet``, ``published``, ``author``, ``language`` optional)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from slant.article import Article, Skip
from slant.errors import EmptyInput, InputError, MalformedInput, TooLarge
from slant.readers.txt import article_from_text

__all__ = ["read_jsonl"]

META_FIELDS = ("url", "outlet", "published", "author", "language")


def read_jsonl(text: str, *, source: str, stem: str, max_bytes: int) -> Iterator[Article | Skip]:
    """Yield one Article per line; a bad line becomes a Skip naming the line."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        default_id = f"{stem}:{lineno}"
        try:
            yield _parse_line(line, where=where, default_id=default_id, max_bytes=max_bytes)
        except InputError as exc:
            yield Skip(id=default_id, source=where, error=str(exc))


def _parse_line(line: str, *, where: str, default_id: str, max_bytes: int) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise MalformedInput(where, "each line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise MalformedInput(where, 'missing the required string field "text"')
    if not text.strip():
        raise EmptyInput(where)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise TooLarge(where, size, max_bytes)
    meta = {k: str(obj[k]) for k in META_FIELDS if obj.get(k) not in (None, "")}
    title = obj.get("title")
    art = article_from_text(
        text,
        id=str(obj.get("id") or default_id),
        source=where,
        title=str(title) if title else None,
        **meta,
    )
    return art
