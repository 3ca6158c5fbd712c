"""quotes: cue class, teaser and duplicate flags; speakers: names linked across the corpus

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Quotes stored before this revision get their flags from their paragraphs (a quote inside
a ``teaser`` paragraph is ``in_teaser``; inside a duplicate paragraph, ``duplicate_of`` is
the offset of the same words in the original paragraph), their cue class from their cue,
and their speakers are linked across the corpus.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cue_class", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("in_teaser", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
    op.create_table(
        "speakers",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("surname", sa.String(length=256), nullable=False),
        sa.Column("linked", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_speakers_surname"), ["surname"], unique=False)
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    quotes = sa.table(
        "quotes",
        sa.column("article_pk", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("cue", sa.Text),
        sa.column("kind", sa.String),
        sa.column("cue_class", sa.String),
        sa.column("in_teaser", sa.Boolean),
        sa.column("duplicate_of", sa.Integer),
    )
    par = sa.table(
        "paragraphs",
        sa.column("article_pk", sa.Integer),
        sa.column("line", sa.Integer),
        sa.column("start", sa.Integer),
        sa.column("end", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("duplicate_of", sa.Integer),
    )
    inside = sa.and_(
        par.c.article_pk == quotes.c.article_pk,
        par.c.start <= quotes.c.start,
        quotes.c.start < par.c.end,
    )
    teaser = sa.exists().where(inside, par.c.kind == "teaser")
    conn.execute(sa.update(quotes).where(teaser).values(in_teaser=True))
    original = par.alias("original")
    offset = (
        sa.select(original.c.start + quotes.c.start - par.c.start)
        .select_from(par.join(original, original.c.article_pk == par.c.article_pk))
        .where(inside, par.c.duplicate_of.is_not(None), original.c.line == par.c.duplicate_of)
        .scalar_subquery()
    )
    conn.execute(sa.update(quotes).values(duplicate_of=offset))
    from slant.analyzers.quotes.cues import cue_class

    pairs = conn.execute(sa.select(quotes.c.cue, quotes.c.kind).distinct()).all()
    for cue, kind in pairs:
        cue_filter = quotes.c.cue.is_(None) if cue is None else quotes.c.cue == cue
        conn.execute(
            sa.update(quotes)
            .where(cue_filter, quotes.c.kind == kind)
            .values(cue_class=cue_class(cue, kind))
        )
    from slant.store.speakers import relink

    relink(conn)


def downgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speakers_surname"))
    op.drop_table("speakers")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("in_teaser")
        batch_op.drop_column("cue_class")
