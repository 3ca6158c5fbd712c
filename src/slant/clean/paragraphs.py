"""Split text into paragraphs: every non-empty line, with exact offsets."""

from __future__ import annotations

import re

from slant.annotations import Paragraph

__all__ = ["split_paragraphs"]

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def split_paragraphs(text: str) -> list[Paragraph]:
    """One :class:`Paragraph` per non-empty line; offsets exclude surrounding whitespace.

    ``line`` counts every line (blank ones too) from 1, with ``\\r\\n``, ``\\r`` and ``\\n``
    each ending one line, so it matches what an editor shows.
    """
    paragraphs: list[Paragraph] = []
    line = 0
    pos = 0
    n = len(text)
    while pos <= n:
        m = _LINE.match(text, pos)
        if m is None:  # pragma: no cover - the pattern always matches
            break
        line += 1
        content = m.group(1)
        stripped = content.strip()
        if stripped:
            start = m.start(1) + (len(content) - len(content.lstrip()))
            paragraphs.append(Paragraph(line=line, start=start, end=start + len(stripped)))
        if not m.group(2):  # end of text
            break
        pos = m.end()
    return paragraphs
