"""speakers: who each name stands for; article_persons: the full names each article gives

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

A bare surname now joins the *dominant* full name of the corpus (at least 80 % of the
quotes of the surname's full names and 5 times the next), not only a sole one, and the link
is not applied in an article that quotes another bearer of the surname (or names another
and not the dominant one). For that the store keeps each article's full person names and
whether it quotes them (``article_persons``) and, per speaker name, the
person it stands for (``speakers.person``) and whether it is a bare surname
(``speakers.bare``). Stored articles get their persons from their PERSON entities and
speakers, and every link is rebuilt under the new rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person", sa.String(length=512), nullable=True))
        batch_op.add_column(
            sa.Column("bare", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "article_persons",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("surname", sa.String(length=256), nullable=False),
        sa.Column("person", sa.String(length=512), nullable=False),
        sa.Column("quoted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("article_persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_persons_article_pk"), ["article_pk"])
        batch_op.create_index(batch_op.f("ix_article_persons_surname"), ["surname"])
    _backfill()


def downgrade() -> None:
    op.drop_table("article_persons")
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_column("bare")
        batch_op.drop_column("person")


def _backfill() -> None:
    conn = op.get_bind()
    entities = sa.table(
        "entities",
        sa.column("article_pk", sa.Integer),
        sa.column("label", sa.String),
        sa.column("canonical", sa.Text),
    )
    quotes = sa.table("quotes", sa.column("article_pk", sa.Integer), sa.column("speaker", sa.Text))
    persons = sa.table(
        "article_persons",
        sa.column("article_pk", sa.Integer),
        sa.column("surname", sa.String),
        sa.column("person", sa.String),
        sa.column("quoted", sa.Boolean),
    )
    speakers = sa.table(
        "speakers",
        sa.column("name", sa.Text),
        sa.column("surname", sa.String),
        sa.column("linked", sa.Text),
        sa.column("person", sa.String),
        sa.column("bare", sa.Boolean),
    )
    given: dict[tuple[int, str], bool] = {}  # (article, person) → quoted in it
    for pk, name in conn.execute(
        sa.select(entities.c.article_pk, entities.c.canonical).where(entities.c.label == "PERSON")
    ):
        if key := _person_key(name):
            given.setdefault((pk, key), False)
    for pk, name in conn.execute(
        sa.select(quotes.c.article_pk, quotes.c.speaker).where(quotes.c.speaker.is_not(None))
    ):
        if key := _person_key(name):
            given[(pk, key)] = True
    rows = [
        {"article_pk": pk, "surname": key.split()[1], "person": key, "quoted": quoted}
        for (pk, key), quoted in sorted(given.items())
    ]
    if rows:
        conn.execute(sa.insert(persons), rows)
    counts = dict(
        conn.execute(
            sa.select(quotes.c.speaker, sa.func.count())
            .where(quotes.c.speaker.is_not(None))
            .group_by(quotes.c.speaker)
        ).all()
    )
    conn.execute(sa.delete(speakers))
    links = _links(counts)
    rows = [
        {
            "name": name,
            "surname": _surname(name),
            "linked": links.get(name),
            "person": _person_key(links.get(name) or name),
            "bare": _person_key(name) is None,
        }
        for name in sorted(counts)
        if _surname(name) is not None
    ]
    if rows:
        conn.execute(sa.insert(speakers), rows)


# -- the linking rule as it was at this revision (frozen: a migration must not change when
# slant.store.speakers does) -----------------------------------------------------------------
_TITLE = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|col|lt|sgt|president|senator|governor|"
    r"minister|secretary|ambassador|judge|justice|mayor|pope|saint|st|sir|dame|lord|lady)"
    r"\.?\s+",
    re.IGNORECASE,
)
_PARTICLES = set(
    "de da di del della der den du des la le van von bin ibn al el y e dos das ter".split()
)
_SUFFIXES = set("jr sr ii iii iv".split())
_NOT_SURNAMES = set(
    "ministry department agency campaign committee party office council administration "
    "company group court government commission bureau service embassy organization "
    "foundation union association institute university police board network newspaper "
    "times post news press media house senate congress parliament army military forces "
    "states kingdom republic nations union bank fund center centre".split()
)


def _parts(name: str) -> tuple[tuple[str, ...], str | None] | None:
    """(core words, generational suffix) of a person-like name, or None."""
    bare = name.strip().rstrip(",")
    while (stripped := _TITLE.sub("", bare)) != bare:
        bare = stripped
    words = tuple(bare.replace("\u00a0", " ").replace(",", " ").split())
    suffix = words[-1].lower().strip(".,") if len(words) >= 3 else None
    suffix = suffix if suffix in _SUFFIXES else None
    core = words[:-1] if suffix else words
    if not 1 <= len(core) <= 4 or any(_TITLE.match(w + " ") for w in core[1:]):
        return None
    for i, w in enumerate(core):
        is_name = w[:1].isupper() and all(ch.isalnum() or ch in "'’.-" for ch in w)
        if not is_name and not (0 < i < len(core) - 1 and w.lower() in _PARTICLES):
            return None
    last = core[-1].lower().strip(".")
    if last in _NOT_SURNAMES or not any(ch.isalpha() for ch in last) or len(last) < 2:
        return None
    if core[-1].isupper() and len(core) == 1:
        return None
    return core, suffix


def _surname(name: str) -> str | None:
    got = _parts(name)
    return got[0][-1].lower().strip(".") if got else None


def _person_key(name: str) -> str | None:
    got = _parts(name)
    if got is None or len(got[0]) < 2:
        return None
    core, suffix = got
    return " ".join(w for w in (core[0].lower(), core[-1].lower().strip("."), suffix) if w)


def _links(counts: Mapping[str, int]) -> dict[str, str | None]:
    groups: dict[str, list[str]] = {}
    singles: Iterable[str] = [n for n in counts if _person_key(n) is None and _parts(n)]
    for name in counts:
        if (key := _person_key(name)) is not None:
            groups.setdefault(key, []).append(name)
    best = {k: max(v, key=lambda n: (counts[n], -len(n), n)) for k, v in groups.items()}
    out: dict[str, str | None] = {
        n: (best[k] if best[k] != n else None) for k, v in groups.items() for n in v
    }
    for name in singles:
        totals = {
            k: sum(counts[n] for n in v)
            for k, v in groups.items()
            if k.split()[1] == _surname(name)
        }
        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        key = None
        if len(ranked) == 1:
            key = ranked[0][0]
        elif ranked:
            n1, n2 = ranked[0][1], ranked[1][1]
            if n1 >= 0.8 * sum(totals.values()) and n1 >= 5 * n2:
                key = ranked[0][0]
        out[name] = best[key] if key is not None and best[key] != name else None
    return out
