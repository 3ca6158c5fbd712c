"""stories and article story assignments (slant stories)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Stories group stored articles that tell the same event. ``stories`` keeps one row per
story (its id is stable as it grows; a story merged into another keeps its row with
``merged_into``), ``article_stories`` the story of each assigned article,
``story_merges`` every merge, and ``article_vectors`` what each article looks like to the
clusterer, so that an incremental run never recomputes old articles, and
``story_terms`` the document frequencies its TF-IDF weights come from.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("first", sa.Date(), nullable=True),
        sa.Column("last", sa.Date(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("headline_pk", sa.Integer(), nullable=True),
        sa.Column("representation", sa.String(length=64), nullable=False),
        sa.Column("centroid", sa.LargeBinary(), nullable=True),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_first"), ["first"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_last"), ["last"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_merged_into"), ["merged_into"], unique=False)
    op.create_table(
        "article_stories",
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"]),
        sa.PrimaryKeyConstraint("article_pk"),
    )
    with op.batch_alter_table("article_stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_stories_story_id"), ["story_id"], unique=False)
    op.create_table(
        "story_merges",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("into_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("story_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_merges_from_id"), ["from_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_merges_into_id"), ["into_id"], unique=False)
    op.create_table(
        "article_vectors",
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("representation", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_pk", "representation"),
    )
    op.create_table(
        "story_terms",
        sa.Column("term", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )


def downgrade() -> None:
    op.drop_table("story_terms")
    op.drop_table("article_vectors")
    with op.batch_alter_table("story_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_merges_into_id"))
        batch_op.drop_index(batch_op.f("ix_story_merges_from_id"))
    op.drop_table("story_merges")
    with op.batch_alter_table("article_stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_stories_story_id"))
    op.drop_table("article_stories")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_merged_into"))
        batch_op.drop_index(batch_op.f("ix_stories_last"))
        batch_op.drop_index(batch_op.f("ix_stories_first"))
    op.drop_table("stories")
