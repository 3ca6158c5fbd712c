"""Plain-text articles, including the SemEval layout (title, blank line, paragraphs)."""

from __future__ import annotations

import re
from pathlib import Path

from slant.article import Article

__all__ = ["article_from_text", "id_from_path"]

_SEMEVAL_NAME = re.compile(r"^article(?P<id>\d+)$")
_LINE = re.compile(r"[^\r\n]*")


def id_from_path(path: Path) -> str:
    """``article123.txt`` → ``123``; any other file → its stem."""
    m = _SEMEVAL_NAME.match(path.stem)
    return m.group("id") if m else path.stem


def semeval_title(text: str) -> str | None:
    """The title of a SemEval-layout text: a first line followed by a blank line.

    Blank lines before the first line are skipped (some scraped files start with one).
    """
    lines = re.split(r"\r\n|\r|\n", text.lstrip(), maxsplit=2)
    if len(lines) >= 3 and lines[0].strip() and not lines[1].strip():
        return lines[0].strip()
    return None


def article_from_text(
    text: str, *, id: str, source: str, encoding: str = "utf-8", **meta: str | None
) -> Article:
    """Build an Article from decoded text; the title comes from the SemEval layout."""
    clean_meta = {k: v for k, v in meta.items() if v}
    if encoding != "utf-8":
        clean_meta["encoding"] = encoding
    title = clean_meta.pop("title", None) or semeval_title(text)
    return Article(id=id, text=text, source=source, title=title, meta=clean_meta)
