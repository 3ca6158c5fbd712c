"""narratives per article (the narratives analyzer)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

One row per narrative item of an article (a narrative, or a sub-narrative under it), with
its calibrated score, its taxonomy (``semeval2025`` or ``user``) and its first evidence
span. Articles stored before this revision have no narratives in their analysis (schema
1.3 and older), so there is nothing to fill in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "narratives",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("narrative", sa.String(length=256), nullable=False),
        sa.Column("subnarrative", sa.Text(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("taxonomy", sa.String(length=16), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("model_version", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_narratives_article_pk"), ["article_pk"], unique=False)
        batch_op.create_index(batch_op.f("ix_narratives_narrative"), ["narrative"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narratives_narrative"))
        batch_op.drop_index(batch_op.f("ix_narratives_article_pk"))
    op.drop_table("narratives")
