"""Word documents (.docx): python-docx reads the body's paragraphs and tables in order.

Each non-empty paragraph becomes one line of ``Article.text`` (a line break inside a
paragraph becomes a space), each table row one line with its cells separated by a tab.
A paragraph styled "Title" is the title, put first SemEval-style (title, blank line, body).
Headers, footers, comments and footnotes are not article text and are left out.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import Any

from slant.article import Article
from slant.errors import MalformedInput, NoArticleText
from slant.readers.txt import article_from_text

__all__ = ["read_docx"]

log = logging.getLogger(__name__)

_SPACES = re.compile(r"[ \t\u00a0\r\n\v\f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_docx(data: bytes, *, id: str, source: str) -> Article:
    """Extract a Word document's text, one paragraph per line.

    Raises:
        MalformedInput: not a readable Word document.
        NoArticleText: the document holds no text.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        title, lines = _lines(document)
        props = document.core_properties
        author, meta_title = _text(props.author or ""), _text(props.title or "")
    except Exception as exc:  # python-docx/lxml raise many types on damaged packages
        log.debug("python-docx failed on %s", source, exc_info=True)
        detail = str(exc).strip() or type(exc).__name__
        raise MalformedInput(source, f"not a readable Word document ({detail[:120]})") from exc
    if not lines:
        raise NoArticleText(source, "the Word document has no text")
    body = "\n".join(lines)
    text = f"{title}\n\n{body}" if title else body
    return article_from_text(
        text, id=id, source=source, title=title or meta_title or None, author=author, format="docx"
    )


def _text(value: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", value)).strip()


def _lines(document: Any) -> tuple[str | None, list[str]]:
    """The title (the first paragraph styled "Title", if it comes before the body) and the
    body's lines."""
    title: str | None = None
    lines: list[str] = []
    for kind, text, style in _items(document):
        if not text:
            continue
        if kind == "paragraph" and style == "Title" and title is None and not lines:
            title = text
        else:
            lines.append(text)
    return title, lines


def _items(document: Any) -> Iterator[tuple[str, str, str]]:
    """(kind, text, style name) for each paragraph and table row, in document order."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:  # a merged cell is listed once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(_text(cell.text))
                yield "row", "\t".join(c for c in cells if c), ""
        else:
            style = item.style.name if item.style is not None else ""
            yield "paragraph", _text(item.text), style
