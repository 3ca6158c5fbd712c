"""Quote marks: the one scanner that finds the text inside quotation marks.

Its callers read quotations a little differently; each passes its :class:`QuoteMarks`:

* :data:`ENGLISH_MARKS` (``rules.find_quoted_spans``, for the quote rules and the taggers'
  features): "…", “…”, «…», „…“ or „…”, ‹…› and single quotes ‘…’ and '…', which open only
  at a word's left edge and do not close before a letter (an apostrophe: "don't");
  a quotation still open at the end of the text scanned runs to that end;
* :data:`PARAGRAPH_MARKS` (``antecedents.quoted_ranges``: words in quote marks name no
  speaker): any of “ « „ " or two apostrophes (the New York Times' ``''…''``) opens, any of
  ” » " or two apostrophes closes, a curly or guillemet opening mark inside a quotation
  starts it again, and a quotation still open at a line break or at the end ends there;
* :data:`RUSSIAN_MARKS` (``rules_ru.quoted_spans``): «…», „…“, “…” and "…", nested (a
  straight mark after a space or a dash and before a word opens a nested quotation: "В итоге
  детище Меркель — "Северный поток — 2", — стал …"); a quotation still open at a line break
  or at the end is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["ENGLISH_MARKS", "PARAGRAPH_MARKS", "RUSSIAN_MARKS", "QuoteMarks", "scan"]


def _alternation(marks: set[str]) -> re.Pattern[str]:
    """A pattern matching any of ``marks``, the longer ones first ("''" before "'")."""
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=lambda m: (-len(m), m))))


@dataclass(frozen=True)
class QuoteMarks:
    """How one kind of text marks its quotations (see :func:`scan`).

    Attributes:
        closers: each opening mark and the marks that close it (a mark may be two
            characters: "''").
        word_edge: opening marks that may be apostrophes: one opens only at the start of the
            text scanned or after one of ``edges``, a closing mark ' or ’ right before a
            letter does not close it, and left unclosed it is no quotation.
        edges: the characters after which a ``word_edge`` mark opens.
        restart: one-character marks that, inside a quotation, open it again (the earlier mark was a
            stray one).
        nested: an opening mark inside a quotation opens a nested one; a mark that closes
            itself (") opens one only after one of ``nest_after`` and before a letter or
            digit, else it closes.
        nest_after: see ``nested``.
        line_ends: a line break ends a quotation still open (as one running on into the
            next paragraph).
        keep_unclosed: a quotation still open at a line break (``line_ends``) or at the end
            of the text scanned is kept, up to there; else it is none, and the scan goes on
            right after its opening mark.
    """

    closers: dict[str, tuple[str, ...]]
    word_edge: frozenset[str] = frozenset()
    edges: frozenset[str] = frozenset()
    restart: frozenset[str] = frozenset()
    nested: bool = False
    nest_after: frozenset[str] = frozenset()
    line_ends: bool = False
    keep_unclosed: bool = True
    opening: re.Pattern[str] = field(init=False, repr=False, compare=False)
    inside: dict[str, re.Pattern[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # what a scan looks for: the opening marks, and inside each kind of quotation the
        # marks that close, restart or nest it and the line break that ends it
        extra = self.restart | ({"\n"} if self.line_ends else set())
        inside = {
            mark: _alternation({*ends, *extra, *([mark] if self.nested else [])})
            for mark, ends in self.closers.items()
        }
        object.__setattr__(self, "opening", _alternation(set(self.closers)))
        object.__setattr__(self, "inside", inside)


# rules.find_quoted_spans: single quotes open at a word's left edge only
ENGLISH_MARKS = QuoteMarks(
    closers={
        '"': ('"',),
        "“": ("”",),
        "«": ("»",),
        "„": ("“", "”"),
        "‘": ("’",),
        "‹": ("›",),
        "'": ("'",),
    },
    word_edge=frozenset("'‘"),
    edges=frozenset(" \t\n([{—–-/:;,"),
)
# antecedents.quoted_ranges: any closing mark closes; a paragraph's end closes too
PARAGRAPH_MARKS = QuoteMarks(
    closers=dict.fromkeys(("“", "«", "„", '"', "''"), ("”", "»", '"', "''")),
    restart=frozenset("“«„"),
    line_ends=True,
)
# rules_ru.quoted_spans: nested quotations, none left open
RUSSIAN_MARKS = QuoteMarks(
    closers={"«": ("»",), "„": ("“",), '"': ('"',), "“": ("”",)},
    nested=True,
    nest_after=frozenset(" \t\u00a0(«—–-"),
    line_ends=True,
    keep_unclosed=False,
)


def scan(
    text: str, marks: QuoteMarks, start: int = 0, end: int | None = None
) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of the text inside quote marks within ``text[start:end]``.

    Offsets exclude the marks; quotations come in text order, a nested one inside its outer
    one's range and not on its own. ``closed`` is False for a quotation kept up to a line
    break or the end (``marks.keep_unclosed``). Empty quotations are included.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int, bool]] = []
    # nested opening marks an earlier scan showed are never closed (without them a run of
    # 15,000 "“" scanned to its end from each mark: O(n²), 40 CPU-s)
    never: set[int] | None = set() if marks.nested and not marks.keep_unclosed else None
    i = start
    while (m := marks.opening.search(text, i, end)) is not None:
        i, mark = m.start(), m.group()
        if mark in marks.word_edge and i > start and text[i - 1] not in marks.edges:
            i += 1
            continue
        if never is not None and i in never:  # _closing would say (stop, None)
            i += 1
            continue
        stop, after = _closing(text, marks, mark, m.end(), end, never)
        if after is not None:  # closed, or (``restart``) opened again at ``stop``
            if after > stop:
                out.append((m.end(), stop, True))
            i = after
        elif marks.keep_unclosed and mark not in marks.word_edge:
            out.append((m.end(), stop, False))
            i = stop + 1
        else:
            i += 1
    return out


def _closing(
    text: str, marks: QuoteMarks, mark: str, j: int, end: int, never: set[int] | None = None
) -> tuple[int, int | None]:
    """Where the quotation that ``mark`` opened right before ``j`` stops, and where the scan
    goes on: past its closing mark; at a ``restart`` mark (``stop == after``); ``None`` when
    it is left open at a line break or at ``end`` (``stop``).

    ``never``: when left open, the positions of the nested ``mark``s met on the way that
    are never closed either are added to it. The depth moves by the same steps whichever
    mark the scan starts from, so one opened at depth ``d`` closes only where the depth
    comes back to ``d - 1``: never, if it stays at ``d`` or above to the stop."""
    ends, inside = marks.closers[mark], marks.inside[mark]
    depth = 1
    depths: list[int] = []  # after each mark met (for ``never``)
    nested: list[tuple[int, int]] = []  # (position, index in depths) of each nested ``mark``
    while (c := inside.search(text, j, end)) is not None:
        j, found = c.start(), c.group()
        if found in marks.restart:
            return j, j
        if found == "\n":
            _never_closed(depths, nested, never)
            return j, None
        if marks.nested and found == mark and mark in ends:  # a mark that closes itself
            opens = text[j - 1] in marks.nest_after and j + 1 < end and text[j + 1].isalnum()
            depth += 1 if opens else -1
        elif found in ends:
            if (
                mark in marks.word_edge
                and found in ("'", "’")
                and j + 1 < end
                and text[j + 1].isalpha()
            ):
                j += 1  # an apostrophe ("don't"), not the closing mark
                continue
            depth -= 1
        else:  # the opening mark again: a nested quotation
            depth += 1
        j += len(found)
        if depth == 0:
            return j - len(found), j
        if never is not None:
            if depth > depths[-1] if depths else depth > 1:
                nested.append((j - len(found), len(depths)))
            depths.append(depth)
    _never_closed(depths, nested, never)
    return end, None


def _never_closed(depths: list[int], nested: list[tuple[int, int]], never: set[int] | None) -> None:
    """Add to ``never`` each nested mark after which the depth stays at its own or above."""
    if never is None:
        return
    floor = float("inf")  # the lowest depth after step k
    lowest_after = [0.0] * len(depths)
    for k in range(len(depths) - 1, -1, -1):
        lowest_after[k] = floor
        floor = min(floor, depths[k])
    never.update(pos for pos, k in nested if lowest_after[k] >= depths[k])
