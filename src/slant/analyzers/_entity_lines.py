"""Entities never cross a line break: the entities analyzer's cut of spaCy's spans.

spaCy's NER reads a line break as a space, so a credit, a byline, a dateline or a headline
runs into the next line's first words. :func:`split_at_breaks` cuts such an entity to the
line that holds the name (decided on the cases of
``tests/analyzers/test_entities_line_breaks.py``, measured with ``bench/entity_repairs.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["split_at_breaks", "wrapped_names"]

# a space token holding one of these ends a line (a paragraph of the article)
_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")  # "H.R.", "U.S.", "W.D."
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
# initials that are a place or a body, not a person's ("in the U.S.\nTrump said")
_NOT_PERSONAL = frozenset("u.s. u.k. u.n. e.u. u.s.a. d.c. u.a.e. u.s.s.r.".split())
_WEB = re.compile(r"^https?:|^www\.|@|\.(?:com|org|net|gov|edu|info|io|co|uk|ru)$", re.I)
# titles that stand before a name at the end of a wrapped line ("Sheriff\nLombardo")
_LINE_TITLES = frozenset(
    "sheriff rev reverend fr father bishop archbishop cardinal sister brother rabbi imam "
    "st saint dom".split()
)
_TIME_ZONES = frozenset(
    "gmt utc bst cet cest eet eest msk est edt cst cdt mst mdt pst pdt et pt ct ist jst "
    "aest aedt".split()
)


def _is_break(token: Token) -> bool:
    return token.is_space and any(c in token.text for c in _BREAKS)


def _hard_wrap(token: Token) -> bool:
    """A space token holding one line break and no blank line: a wrapped line."""
    return _is_break(token) and len(_LINE_BREAK.findall(token.text)) == 1


def _ends_in_initial(piece: Span) -> bool:
    return bool(_INITIALS.match(piece[-1].text)) and piece[-1].lower_ not in _NOT_PERSONAL


def _piece_kind(piece: Span, titles: frozenset[str]) -> str:
    """What one line's part of an entity holds: ``"name"``, ``"title"`` (titles or
    initials only: "Sheriff", "Rev.", "H.R.", the name follows) or ``"junk"`` (no
    capitalised word but stop words and time zones, or a web address: "GMT", "An", "…",
    "CREATORS.COM")."""
    words = [t for t in piece if not t.is_space and not t.is_punct]
    if not words or any(t.like_url or t.like_email or _WEB.search(t.text) for t in words):
        return "junk"
    capitalised = [t for t in words if t.text[:1].isupper()]
    if capitalised and all(
        t.lower_.rstrip(".") in titles | _LINE_TITLES or _INITIALS.match(t.text)
        for t in capitalised
    ):
        return "title"
    if all(t.is_stop or t.lower_ in _TIME_ZONES for t in capitalised):
        return "junk"
    return "name"


def split_at_breaks(doc: Doc, ents: list[Span], titles: frozenset[str]) -> list[Span]:
    r"""``ents`` with every entity that runs across a line break cut to the line that holds
    the name.

    spaCy's NER reads a line break as a space, so a credit, a dateline or a headline runs
    into the next line's first words ("Photo: Reuters\nPolice said": ORG "Reuters Police";
    "10:32 GMT\nPolice"). The entity's label goes to the first line's part when it is a
    name ("Reuters", "Kaduna" of "Kaduna\n\nUpdated"); after titles or initials, to the
    next part ("Sheriff\nLombardo" → "Lombardo", "H.R.\nMcMaster" → "McMaster",
    "George W.\nBush" → "Bush", named whole by :func:`wrapped_names`); after
    junk ("GMT", "…", a web address), to the next part only when it is two words or more
    ("CREATORS.COM\nPatrick J. Buchanan"), as a lone capitalised word at the start of a
    line is as often a common noun ("Police", "Authorities") as a name. Any other part is
    an entity only when the same words are one elsewhere in the article (with the label
    they have there), or the surname of a person named there ("AP\nSmith" keeps "Smith"
    PERSON after "Officer John Smith"). So no entity crosses a line.
    """
    from spacy.tokens import Span

    if not any(_is_break(t) for e in ents for t in e):
        return ents
    elsewhere: dict[str, Counter[str]] = defaultdict(Counter)
    surnames: set[str] = set()
    for e in ents:
        if not any(_is_break(t) for t in e):
            elsewhere[e.text][e.label_] += 1
            if e.label_ == "PERSON" and len(e) > 1:
                surnames.add(e[-1].text)
    out: list[Span] = []
    for e in ents:
        if not any(_is_break(t) for t in e):
            out.append(e)
            continue
        pieces, wraps, start = [], [], e.start
        for i in range(e.start, e.end + 1):
            if i == e.end or _is_break(doc[i]):
                words = [k for k in range(start, i) if not doc[k].is_space]
                if words:
                    pieces.append(doc[words[0] : words[-1] + 1])
                    wraps.append(i < e.end and _hard_wrap(doc[i]))  # the break after it
                start = i + 1
        kinds = [_piece_kind(p, titles) for p in pieces]
        for i in range(len(pieces) - 1):
            # a person's name wrapped after its initials ("George W.\nBush"): the surname
            # holds the entity, and :func:`wrapped_names` gives it the whole name
            # (not "Honorius I.\nWould Saint Francis": a stop word starts the next line)
            nxt = pieces[i + 1]
            if e.label_ == "PERSON" and wraps[i] and kinds[i + 1] == "name" and not nxt[0].is_stop:
                if _ends_in_initial(pieces[i]):
                    kinds[i] = "title"
        owner = next(
            (
                i
                for i, kind in enumerate(kinds)
                if kind == "name" and (i == 0 or kinds[i - 1] == "title" or len(pieces[i]) > 1)
            ),
            None,
        )
        for i, piece in enumerate(pieces):
            if i == owner:
                out.append(Span(doc, piece.start, piece.end, e.label_))
            elif kinds[i] == "name" and elsewhere.get(piece.text):
                label = elsewhere[piece.text].most_common(1)[0][0]
                out.append(Span(doc, piece.start, piece.end, label))
            elif kinds[i] == "name" and len(piece) == 1 and piece.text in surnames:
                out.append(Span(doc, piece.start, piece.end, "PERSON"))
    return out


def wrapped_names(doc: Doc, ents: list[Span], titles: frozenset[str]) -> dict[int, str]:
    r"""The whole name of each PERSON of ``ents`` whose initials end the line before it.

    A hard-wrapped text breaks a name after its initials ("National Security Adviser
    H.R.\nMcMaster said"). Every line is a paragraph of the article and no entity crosses
    one, so the entity is the surname on the second line ("McMaster"), and its name,
    used for the canonical name and the quote's speaker, is the whole one ("H.R.
    McMaster"): the initials ending the line before, after a single line break (not a
    blank line), and the given names before them when spaCy's own entity ran over them
    ("George W.\nBush" → "George W. Bush"). Initials of a place or a body ("in the
    U.S.\nTrump said") and initials inside another entity are not a name's.

    Returns:
        The whole name by the entity's first token index, for the entities that have one.
    """
    out: dict[int, str] = {}
    original = list(doc.ents)
    for e in ents:
        brk = e.start - 1
        if e.label_ != "PERSON" or brk < 1 or not _hard_wrap(doc[brk]):
            continue
        k = brk
        while k - 1 >= 0 and _INITIALS.match(doc[k - 1].text) and not doc[k - 1].is_space:
            k -= 1
        if k == brk or any(doc[i].lower_ in _NOT_PERSONAL for i in range(k, brk)):
            continue
        if any(o.label_ != "PERSON" and o.start < brk and o.end > k for o in original):
            continue
        crossing = [o for o in original if o.label_ == "PERSON" and o.start <= k and o.end > brk]
        # one letter ("I." of a pope, "A.") is an initial only when spaCy's name ran over it
        if brk - k == 1 and len(doc[k].text) == 2 and not crossing:
            continue
        if doc[e.start].is_stop:
            continue
        while (
            crossing
            and k - 1 >= crossing[0].start
            and doc[k - 1].is_alpha
            and doc[k - 1].text[:1].isupper()
            and doc[k - 1].lower_ not in titles | _LINE_TITLES
        ):
            k -= 1
        out[e.start] = " ".join([*(doc[i].text for i in range(k, brk)), e.text])
    return out
