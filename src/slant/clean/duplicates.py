"""Flag paragraphs that repeat an earlier one (scrapers often double a paragraph)."""

from __future__ import annotations

import re
from dataclasses import replace

from slant.annotations import Paragraph

__all__ = ["flag_duplicates"]

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def _key(s: str) -> str:
    return _SPACE.sub(" ", s.translate(_QUOTES)).strip().casefold()


def flag_duplicates(text: str, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Set ``duplicate_of`` to the line of the first paragraph with the same text.

    Comparison ignores case, runs of whitespace and curly-vs-straight quotes, so a
    re-typed copy still counts; the original paragraph itself is never flagged.
    """
    first: dict[str, int] = {}
    out: list[Paragraph] = []
    for p in paragraphs:
        key = _key(text[p.start : p.end])
        if key in first:
            p = replace(p, duplicate_of=first[key])
        else:
            first[key] = p.line
        out.append(p)
    return out
