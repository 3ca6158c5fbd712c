"""urls: the URL index of fetched pages (slant ingest URL / --feed / --sitemap, slant watch)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

One row per URL fetched: its final address after redirects, its validators (ETag,
Last-Modified) and the content hash of the article read from it, so that a page whose
article is stored is not downloaded again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "urls",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url_hash", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("url_hash"),
    )
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_urls_content_hash"), ["content_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urls_content_hash"))
    op.drop_table("urls")
