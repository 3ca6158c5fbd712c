"""One name per speaker across the corpus.

Within one article the quotes analyzer already names "Trump" Donald Trump when the article
names him, and only him, in full. Across articles, the store links the names in the
``speakers`` table:

* full names of one person link to the variant quoted most often: the same first word,
  surname and generational suffix ("Donald J. Trump", "Donald Trump"; never "Donald Trump
  Jr.", who is another person);
* a bare surname ("Trump", "Saris") links to the **dominant** full name of that surname:
  the corpus's only person with it, or the one that holds at least
  :data:`DOMINANT_SHARE` (80 %) of the quotes of the surname's full names and at least
  :data:`DOMINANT_RATIO` (5) times the next one. "Trump" joins Donald Trump in an election
  corpus that also quotes Donald Trump Jr. a few times; "Clinton" stays apart while Bill
  and Hillary Clinton are both quoted often;
* the link is not applied to a quote whose own article quotes another bearer of the
  surname, or names another bearer and not the dominant one (an article quoting Donald
  Trump Jr. keeps its bare "Trump" apart; one about Ted Cruz that mentions his father
  Rafael Cruz, unquoted, does not): each stored article's full person names, and whether
  it quotes them, are kept in ``article_persons`` for this check;
* descriptions ("the foreign ministry spokeswoman"), organisations whose last word is a
  common noun ("Foreign Ministry") and anything not written like a name are never linked.

The links are recomputed for the surnames of each stored article as it arrives
(:func:`update_links`, called by :meth:`slant.store.Store.add`), so they follow the
corpus: a surname that becomes ambiguous loses its link. :func:`relink` recomputes all.
Queries read the linked name through :func:`linked_name`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import and_, case, delete, exists, func, insert, or_, select, update

from slant.store.tables import ArticlePersonRow, QuoteRow, SpeakerRow

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.engine import Connection

__all__ = [
    "DOMINANT_RATIO",
    "DOMINANT_SHARE",
    "article_links",
    "article_persons",
    "linked_name",
    "links_for",
    "name_parts",
    "person_key",
    "relink",
    "update_links",
]

DOMINANT_SHARE = 0.8
"""A bare surname joins a full name holding at least this share of the surname's quotes…"""
DOMINANT_RATIO = 5.0
"""…and at least this many times the quotes of the next full name with that surname."""

_TITLE = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|col|lt|sgt|president|senator|governor|"
    r"minister|secretary|ambassador|judge|justice|mayor|pope|saint|st|sir|dame|lord|lady)"
    r"\.?\s+",
    re.IGNORECASE,
)
_PARTICLES = frozenset(
    "de da di del della der den du des la le van von bin ibn al el y e dos das ter".split()
)
# generational suffixes: "Donald Trump Jr." is not Donald Trump, and his surname is Trump
_SUFFIXES = frozenset("jr sr ii iii iv".split())
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


def _suffix(word: str) -> str | None:
    bare = word.lower().strip(".,")
    return bare if bare in _SUFFIXES else None


def name_parts(name: str) -> tuple[str, ...] | None:
    """The words of a person-like name without titles, or ``None`` if it is not one.

    A person-like name has one to four words (a generational suffix such as "Jr." not
    counted), each capitalised (initials and particles such as "van" or "bin" allowed),
    and does not end in an organisation word.
    """
    bare = name.strip().rstrip(",")
    while True:
        stripped = _TITLE.sub("", bare)
        if stripped == bare:
            break
        bare = stripped
    words = tuple(bare.replace("\u00a0", " ").replace(",", " ").split())
    core = words[:-1] if len(words) >= 3 and _suffix(words[-1]) else words
    if not 1 <= len(core) <= 4:
        return None
    if any(_TITLE.match(w + " ") for w in core[1:]):
        return None  # a title inside: "Saint Francis Predict Pope Francis" is no name
    for i, w in enumerate(core):
        if not _is_name_word(w) and not (0 < i < len(core) - 1 and w.lower() in _PARTICLES):
            return None
    last = core[-1].lower().strip(".")
    if last in _NOT_SURNAMES or not any(ch.isalpha() for ch in last) or len(last) < 2:
        return None
    if core[-1].isupper() and len(core) == 1:
        return None  # an acronym: "CIA", "FBI"
    return words


def _surname_of(parts: tuple[str, ...]) -> str:
    core = parts[:-1] if len(parts) >= 3 and _suffix(parts[-1]) else parts
    return core[-1].lower().strip(".")


def _surname(name: str) -> str | None:
    parts = name_parts(name)
    return _surname_of(parts) if parts else None


def person_key(name: str) -> str | None:
    """Who a full name stands for: first word, surname and suffix, lower case ("donald
    trump", "donald trump jr"); ``None`` for a bare surname or a non-name."""
    parts = name_parts(name)
    if parts is None:
        return None
    suffix = _suffix(parts[-1]) if len(parts) >= 3 else None
    core = parts[:-1] if suffix else parts
    if len(core) < 2:
        return None
    return " ".join(w for w in (core[0].lower(), _surname_of(parts), suffix) if w)


def _dominant(totals: Mapping[str, int]) -> str | None:
    """The person key a bare surname joins, given the quotes of each bearer's names."""
    if len(totals) == 1:
        return next(iter(totals))
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, n1), (_second, n2) = ranked[0], ranked[1]
    total = sum(totals.values())
    if total and n1 >= DOMINANT_SHARE * total and n1 >= DOMINANT_RATIO * n2:
        return best
    return None


def links_for(counts: Mapping[str, int]) -> dict[str, str | None]:
    """Links among names that share a surname: name → linked name (``None``: itself).

    ``counts`` holds each name's number of quotes: it picks the variant a person's names
    link to and the dominant bearer a bare surname joins (see the module docstring).
    """
    groups: dict[str, list[str]] = {}
    singles: list[str] = []
    out: dict[str, str | None] = {}
    for name in counts:
        key = person_key(name)
        if key is not None:
            groups.setdefault(key, []).append(name)
        elif name_parts(name) is not None:
            singles.append(name)
        else:
            out[name] = None
    best: dict[str, str] = {}
    for key, names in groups.items():
        best[key] = max(names, key=lambda n: (counts[n], -len(n), n))
        for n in names:
            out[n] = best[key] if best[key] != n else None
    for name in singles:
        surname = _surname(name)
        totals = {
            key: sum(counts[n] for n in names)
            for key, names in groups.items()
            if key.split()[1] == surname
        }
        key = _dominant(totals) if totals else None
        out[name] = best[key] if key is not None and best[key] != name else None
    return out


def article_persons(
    named: Iterable[str], quoted: Iterable[str] = ()
) -> dict[tuple[str, str], bool]:
    """(surname, person key) → whether the article quotes them, for each full person name
    an article gives: ``named`` (its PERSON entities' canonical names) and ``quoted`` (its
    speakers' names)."""
    out: dict[tuple[str, str], bool] = {}
    for names, is_quoted in ((named, False), (quoted, True)):
        for name in names:
            key = person_key(name)
            if key is not None:
                pair = (key.split()[1], key)
                out[pair] = out.get(pair, False) or is_quoted
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
    new = [
        {
            "name": n,
            "surname": s,
            "linked": None,
            "person": person_key(n),
            "bare": person_key(n) is None,
        }
        for n, s in surnames.items()
        if n not in known
    ]
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
    current = {
        name: (linked, person)
        for name, linked, person in conn.execute(
            select(SpeakerRow.name, SpeakerRow.linked, SpeakerRow.person).where(
                SpeakerRow.name.in_(list(counts))
            )
        )
    }
    for name, linked in links_for(counts).items():
        person = person_key(linked or name)
        if current.get(name) != (linked, person):
            conn.execute(
                update(SpeakerRow)
                .where(SpeakerRow.name == name)
                .values(linked=linked, person=person)
            )


def relink(conn: Connection) -> None:
    """Rebuild the ``speakers`` table from every stored quote."""
    conn.execute(delete(SpeakerRow))
    names = conn.scalars(select(QuoteRow.speaker).where(QuoteRow.speaker.is_not(None)).distinct())
    update_links(conn, list(names))


def linked_name() -> ColumnElement[str]:
    """The SQL expression of a quote's speaker name after linking (join ``speakers`` on
    ``speakers.name = quotes.speaker``): the linked name, except for a bare surname whose
    article quotes another bearer of it, or names another and not the linked one."""
    here = (ArticlePersonRow.article_pk == QuoteRow.article_pk,)
    other = (*here, ArticlePersonRow.surname == SpeakerRow.surname)
    other += (ArticlePersonRow.person != SpeakerRow.person,)
    blocked = or_(
        exists().where(*other, ArticlePersonRow.quoted.is_(True)),
        and_(
            exists().where(*other),
            ~exists().where(*here, ArticlePersonRow.person == SpeakerRow.person),
        ),
    )
    return case(
        (and_(SpeakerRow.bare.is_(True), blocked), QuoteRow.speaker),
        else_=func.coalesce(SpeakerRow.linked, QuoteRow.speaker),
    )


def article_links(conn: Connection, article_pk: int) -> dict[str, str]:
    """The speaker names of one stored article that the corpus links to another name
    (name → linked name), under the same rule as :func:`linked_name`."""
    name = linked_name()
    rows = conn.execute(
        select(QuoteRow.speaker, name)
        .select_from(QuoteRow)
        .outerjoin(SpeakerRow, SpeakerRow.name == QuoteRow.speaker)
        .where(QuoteRow.article_pk == article_pk, QuoteRow.speaker.is_not(None))
        .distinct()
    )
    return {speaker: linked for speaker, linked in rows if linked and linked != speaker}
