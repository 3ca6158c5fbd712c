"""entity roles and cast per article (the roles analyzer)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

One row per member of an article's cast: the referent (cast key), its main role
(Protagonist, Antagonist, Innocent), its fine roles, score and number of role mentions.
The per-mention roles stay in the stored analysis JSON (``entities[].role``). Articles
stored before have no cast (the analyzer had not run), so there is nothing to backfill.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cast_members",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("main", sa.String(length=16), nullable=False),
        sa.Column("fine", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("cast_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cast_members_article_pk"), ["article_pk"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cast_members_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_cast_members_main"), ["main"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cast_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cast_members_main"))
        batch_op.drop_index(batch_op.f("ix_cast_members_name"))
        batch_op.drop_index(batch_op.f("ix_cast_members_article_pk"))
    op.drop_table("cast_members")
