"""One name per speaker across the corpus.

Within one article the quotes analyzer already names "Trump" Donald Trump when the article
names him in full. Across articles, the store links the names in the ``speakers`` table:

* full names that share their first and last word are one person ("Donald J. Trump",
  "Donald Trump"): each links to the variant quoted most often;
* a bare surname ("Trump", "Saris") links to the full name when the corpus knows exactly
  one person with that surname (first and last word); with two ("Bill Clinton", "Hillary
  Clinton") or none it stays as it is;
* descriptions ("the foreign ministry spokeswoman"), organisations whose last word is a
  common noun ("Foreign Ministry") and anything not written like a name are never linked.

The links are recomputed for the surnames of each stored article as it arrives
(:func:`update_links`, called by :meth:`slant.store.Store.add`), so they follow the
corpus: a surname that becomes ambiguous loses its link. :func:`relink` recomputes all.
Queries read the linked name as ``coalesce(speakers.linked, quotes.speaker)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select, update

from slant.store.tables import QuoteRow, SpeakerRow

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Connection

__all__ = ["linked_name", "links_for", "name_parts", "relink", "update_links"]

_TITLE = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|col|lt|sgt|president|senator|governor|"
    r"minister|secretary|ambassador|judge|justice|mayor|pope|saint|st|sir|dame|lord|lady)"
    r"\.?\s+",
    re.IGNORECASE,
)
_PARTICLES = frozenset(
    "de da di del della der den du des la le van von bin ibn al el y e dos das ter".split()
)
# Last words of organisations and descriptions, never surnames.
_NOT_SURNAMES = frozenset(
    "ministry department agency campaign committee party office council administration "
    "company group court government commission bureau service embassy organization "
    "foundation union association institute university police board network newspaper "
    "times post news press media house senate congress parliament army military forces "
    "states kingdom republic nations union bank fund center centre".split()
)


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and all(ch.isalnum() or ch in "'’.-" for ch in word)


def name_parts(name: str) -> tuple[str, ...] | None:
    """The words of a person-like name without titles, or ``None`` if it is not one.

    A person-like name has one to four words, each capitalised (initials and particles
    such as "van" or "bin" allowed), and does not end in an organisation word.
    """
    bare = name.strip()
    while True:
        stripped = _TITLE.sub("", bare)
        if stripped == bare:
            break
        bare = stripped
    words = tuple(bare.replace("\u00a0", " ").split())
    if not 1 <= len(words) <= 4:
        return None
    if any(_TITLE.match(w + " ") for w in words[1:]):
        return None  # a title inside: "Saint Francis Predict Pope Francis" is no name
    for i, w in enumerate(words):
        if not _is_name_word(w) and not (0 < i < len(words) - 1 and w.lower() in _PARTICLES):
            return None
    last = words[-1].lower().strip(".")
    if last in _NOT_SURNAMES or not any(ch.isalpha() for ch in last) or len(last) < 2:
        return None
    if words[-1].isupper() and len(words) == 1:
        return None  # an acronym: "CIA", "FBI"
    return words


def _surname(name: str) -> str | None:
    parts = name_parts(name)
    return parts[-1].lower() if parts else None


def links_for(counts: Mapping[str, int]) -> dict[str, str | None]:
    """Links among names that share a surname: name → linked name (``None``: itself).

    ``counts`` holds each name's number of quotes (it picks the variant a group links to).
    """
    groups: dict[tuple[str, str], list[str]] = {}
    singles: list[str] = []
    out: dict[str, str | None] = {}
    for name in counts:
        parts = name_parts(name)
        if parts is None:
            out[name] = None
        elif len(parts) == 1:
            singles.append(name)
        else:
            groups.setdefault((parts[0].lower(), parts[-1].lower()), []).append(name)
    best: dict[tuple[str, str], str] = {}
    for key, names in groups.items():
        best[key] = max(names, key=lambda n: (counts[n], -len(n), n))
        for n in names:
            out[n] = best[key] if best[key] != n else None
    for name in singles:
        surname = _surname(name)
        matches = [v for (_first, last), v in best.items() if last == surname]
        out[name] = matches[0] if len(matches) == 1 and matches[0] != name else None
    return out


def update_links(conn: Connection, names: Iterable[str | None]) -> None:
    """Record new speaker names and relink every name sharing a surname with them."""
    surnames: dict[str, str] = {}
    for name in names:
        if name and name not in surnames:
            surname = _surname(name)
            if surname is not None:
                surnames[name] = surname
    if not surnames:
        return
    known = set(conn.scalars(select(SpeakerRow.name).where(SpeakerRow.name.in_(list(surnames)))))
    new = [{"name": n, "surname": s, "linked": None} for n, s in surnames.items() if n not in known]
    if new:
        conn.execute(insert(SpeakerRow), new)
    for surname in sorted(set(surnames.values())):
        _relink_surname(conn, surname)


def _relink_surname(conn: Connection, surname: str) -> None:
    names = list(conn.scalars(select(SpeakerRow.name).where(SpeakerRow.surname == surname)))
    counts = dict(
        conn.execute(
            select(QuoteRow.speaker, func.count())
            .where(QuoteRow.speaker.in_(names))
            .group_by(QuoteRow.speaker)
        ).all()
    )
    gone = [n for n in names if n not in counts]  # no stored quote names them any more
    if gone:
        conn.execute(delete(SpeakerRow).where(SpeakerRow.name.in_(gone)))
    current = dict(
        conn.execute(
            select(SpeakerRow.name, SpeakerRow.linked).where(SpeakerRow.name.in_(list(counts)))
        ).all()
    )
    for name, linked in links_for(counts).items():
        if current.get(name) != linked:
            conn.execute(update(SpeakerRow).where(SpeakerRow.name == name).values(linked=linked))


def relink(conn: Connection) -> None:
    """Rebuild the ``speakers`` table from every stored quote."""
    conn.execute(delete(SpeakerRow))
    names = conn.scalars(select(QuoteRow.speaker).where(QuoteRow.speaker.is_not(None)).distinct())
    update_links(conn, list(names))


def linked_name() -> ColumnElement[str]:
    """The SQL expression of a quote's speaker name after linking (join ``speakers``)."""
    return func.coalesce(SpeakerRow.linked, QuoteRow.speaker)
