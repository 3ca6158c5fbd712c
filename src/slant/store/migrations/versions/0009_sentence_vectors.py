"""sentence_vectors: each article's sentence vector, computed where it was analysed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

The analysis workers of ``slant ingest`` / ``slant watch`` (local or on Ray) compute an
article's sentence vector (all-MiniLM-L6-v2, 384 float16 numbers) as they analyse it;
``sentence_vectors`` keeps the bytes with the name and version of the encoder that made
them, so ``slant stories`` reads them instead of running the encoder again, and recomputes
only vectors that are missing or were made by another encoder. Articles stored before
have none: ``slant stories`` computes theirs as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sentence_vectors",
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("encoder", sa.String(length=128), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_pk"),
    )


def downgrade() -> None:
    op.drop_table("sentence_vectors")
