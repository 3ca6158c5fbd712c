"""Who a count is attributed to: the source of each clause of a sentence ("…, a ministry
spokesman said", "according to …", "the health ministry put the toll at 164"), for
:mod:`slant.analyzers.counts`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slant.analyzers._lives import TAKEN_LIVES

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["clause_sources", "source_at"]

# ("claimed" as in "the storm claimed 12 lives" is no attribution: analyzers/_lives.py)
_SAY = (
    r"(?:said|says|reported|reports|announced|claimed(?!" + TAKEN_LIVES + r")|confirmed|"
    r"stated|told [^,.;]{1,40})"
)
_SOURCE_END = re.compile(r",\s*([^,;:\"“”]{2,60}?)\s+" + _SAY + r"\s*(?:[.!]?\s*$|,)")
_PRONOUNS = frozenset("he she they it we i you who which".split())
# "Police said …", "Speaking to reporters, Mr. Obama said …"
_LEAD = r"(?:[A-Z][^,;:\"“”]{1,40},\s+)?"
_SOURCE_START = re.compile(
    r"^\s*" + _LEAD + r"([^\W\d][^,;:\"“”]{1,60}?)\s+" + _SAY + r"\s+(?:that\s+)?"
)
# the same after ", and" (lower case): "…, and the health ministry said 164 died"
_SOURCE_CLAUSE = re.compile(r"^\s*([^\W\d][^,;:\"“”]{1,60}?)\s+" + _SAY + r"\s+(?:that\s+)?")
_ACCORDING = re.compile(r"\baccording to\s+([^,.;:\"“”]{2,60})", re.IGNORECASE)
# who gives a figure: "the health ministry put the overall death toll at 164"
_SOURCE_FIGURE = re.compile(
    r"^\s*([^\W\d][^,;:\"“”]{1,60}?)\s+(?:(?:has|have|had)\s+)?"
    r"(?:put|puts|placed|places|estimated|estimates|gave|gives|raised|raises|revised|revises)"
    r"\s+(?:the|its|their|an?)\s+(?:[\w-]+\s+){0,3}?(?:toll|tally|figure|number|count)"
    r"\s+(?:at|to)\b"
)
# auxiliaries and adverbs between a source and its verb ("The WHO has now said")
_SOURCE_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|now|later|then|again|previously|earlier|already|since))+$"
)
# where a sentence's clauses part: an attribution inside one ("X, a spokesman said, and Y")
# is that clause's source only
_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
# a source is a noun phrase: "The declaration was made after two cases were confirmed" is not
_NOT_SOURCE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.IGNORECASE)


def _clean_source(src: str) -> str | None:
    """An attribution's words as a source ("the health ministry" → "health ministry"),
    or ``None`` for a pronoun or words with a digit."""
    src = _SOURCE_TAIL.sub("", src.strip())
    if src.lower().startswith("the "):
        src = src[4:]
    if re.search(r"\d", src) or src.lower() in _PRONOUNS or _NOT_SOURCE.search(src):
        return None
    return src


def clause_sources(sent: Span) -> list[tuple[int, str | None]]:
    """The source of each clause of a sentence: ``(clause start, source)``, offsets into
    ``sent.text``, in order.

    A clause's own attribution ("according to …", "…, X said", "X said …", "X put the
    toll at …") is its source. An attribution that opens the sentence ("Police said …",
    "According to X, …") or closes it ("…, X said.") is also the source of the clauses
    that have none; one in the middle ("16 were killed, a ministry spokesman said, and the
    health ministry put the toll at 164") is not: it belongs to its clause. A sentence the
    parser ran across lines is read line by line.
    """
    found: list[tuple[int, str | None]] = []
    for line in re.finditer(r"[^\n]+", sent.text):
        found += _line_sources(line.group(), line.start())
    return found


def _line_sources(text: str, at: int) -> list[tuple[int, str | None]]:
    """:func:`clause_sources` of one line of a sentence, which starts at ``at``."""
    cuts = list(_CLAUSE.finditer(text))
    starts, ends = [0, *(m.end() for m in cuts)], [*(m.start() for m in cuts), len(text)]
    bounds = zip(starts, ends, strict=True)
    last = len(cuts)
    own: list[tuple[int, str | None]] = []
    wide: str | None = None
    for k, (a, b) in enumerate(bounds):
        seg = text[a:b]
        found = None
        start_rx = _SOURCE_START if k == 0 else _SOURCE_CLAUSE
        for rx in (_ACCORDING, _SOURCE_END, start_rx, _SOURCE_FIGURE):
            m = rx.search(seg)
            if m is None or (found := _clean_source(m.group(1))) is None:
                continue
            opens = k == 0 and (rx is _SOURCE_START or not seg[: m.start()].strip())
            closes = k == last and not seg[m.end() :].strip(" .!?…\"'”’)")
            if (opens or closes) and rx is not _SOURCE_FIGURE:
                wide = wide or found
            break
        own.append((at + a, found))
    return [(a, src or wide) for a, src in own]


def source_at(sources: list[tuple[int, str | None]], offset: int) -> str | None:
    """The source of the clause holding ``offset`` (into the sentence's text)."""
    found = None
    for start, src in sources:
        if start > offset:
            break
        found = src
    return found
