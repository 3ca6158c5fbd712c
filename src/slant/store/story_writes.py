"""The row-level writes the story clusterer (:mod:`slant.stories`) makes: articles still
to assign, live stories' running states, new stories, assignments and merges.

Each function takes a ``Connection`` so the clusterer runs them in one transaction;
:mod:`slant.store.stories` re-exports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, insert, or_, select, update

from slant.store.tables import ArticleRow, ArticleStoryRow, StoryMergeRow, StoryRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = [
    "PendingArticle",
    "StoryState",
    "assign_articles",
    "assign_articles_to",
    "clear_stories",
    "create_stories",
    "create_story",
    "live_stories",
    "merge_story",
    "pending_articles",
    "update_stories",
    "update_story",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class PendingArticle:
    """An article the clusterer has not assigned yet."""

    pk: int
    title: str | None
    published: dt.date | None


def pending_articles(conn: Connection) -> list[PendingArticle]:
    """Stored articles without a story, by date (undated last), then as stored."""
    rows = conn.execute(
        select(ArticleRow.pk, ArticleRow.title, ArticleRow.published)
        .outerjoin(ArticleStoryRow, ArticleStoryRow.article_pk == ArticleRow.pk)
        .where(ArticleStoryRow.article_pk.is_(None))
        .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.pk)
    )
    return [PendingArticle(int(pk), title, published) for pk, title, published in rows]


@dataclass
class StoryState:
    """A live story as the clusterer sees it."""

    id: int
    size: int
    first: dt.date | None
    last: dt.date | None
    centroid: bytes | None
    representation: str


def live_stories(
    conn: Connection,
    *,
    representation: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    undated: bool = False,
) -> list[StoryState]:
    """Live (not merged) stories of this representation: those whose date span reaches
    ``[since, until]``, or with ``undated`` those without any dated member."""
    query = select(
        StoryRow.id,
        StoryRow.size,
        StoryRow.first,
        StoryRow.last,
        StoryRow.centroid,
        StoryRow.representation,
    ).where(StoryRow.merged_into.is_(None), StoryRow.representation == representation)
    conds: list[Any] = []
    if since is not None or until is not None:
        dated: list[Any] = [StoryRow.first.is_not(None)]
        if since is not None:
            dated.append(StoryRow.last >= since)
        if until is not None:
            dated.append(StoryRow.first <= until)
        conds.append(and_(*dated))
    if undated:
        conds.append(StoryRow.first.is_(None))
    if conds:
        query = query.where(or_(*conds))
    return [
        StoryState(int(i), int(n), f, la, c, r)
        for i, n, f, la, c, r in conn.execute(query.order_by(StoryRow.id))
    ]


def create_story(conn: Connection, *, representation: str) -> int:
    """A new empty story; returns its id."""
    now = _now()
    result = conn.execute(
        insert(StoryRow)
        .values(created_at=now, updated_at=now, size=0, representation=representation)
        .returning(StoryRow.id)
    )
    return int(result.scalar_one())


def create_stories(conn: Connection, n: int, representation: str) -> list[int]:
    """``n`` new empty stories (one statement); returns their ids in order."""
    if n <= 0:
        return []
    now = _now()
    rows = [{"created_at": now, "updated_at": now, "size": 0, "representation": representation}] * n
    got = conn.execute(
        insert(StoryRow).returning(StoryRow.id, sort_by_parameter_order=True), rows
    ).all()
    return [int(r[0]) for r in got]


def update_stories(conn: Connection, states: Sequence[dict[str, Any]]) -> None:
    """Write many stories' running states (each: id, size, first, last, centroid,
    headline, headline_pk) in one statement."""
    if not states:
        return
    now = _now()
    # bound names differ from the columns' (SQLAlchemy reserves those for SET)
    conn.execute(
        update(StoryRow)
        .where(StoryRow.id == bindparam("b_id"))
        .values(
            size=bindparam("b_size"),
            first=bindparam("b_first"),
            last=bindparam("b_last"),
            centroid=bindparam("b_centroid"),
            headline=bindparam("b_headline"),
            headline_pk=bindparam("b_headline_pk"),
            updated_at=now,
        ),
        [{f"b_{k}": v for k, v in st.items()} for st in states],
    )


def assign_articles_to(
    conn: Connection, members: Iterable[tuple[int, Iterable[tuple[int, float | None]]]]
) -> None:
    """Put articles (pk, similarity) into stories: ``(story id, members)`` pairs, in one
    statement."""
    now = _now()
    rows = [
        {"article_pk": pk, "story_id": sid, "assigned_at": now, "similarity": sim}
        for sid, group in members
        for pk, sim in group
    ]
    if rows:
        conn.execute(insert(ArticleStoryRow), rows)


def update_story(
    conn: Connection,
    story_id: int,
    *,
    size: int,
    first: dt.date | None,
    last: dt.date | None,
    centroid: bytes | None,
    headline: str | None,
    headline_pk: int | None,
) -> None:
    """Write a story's running state."""
    conn.execute(
        update(StoryRow)
        .where(StoryRow.id == story_id)
        .values(
            size=size,
            first=first,
            last=last,
            centroid=centroid,
            headline=headline,
            headline_pk=headline_pk,
            updated_at=_now(),
        )
    )


def assign_articles(
    conn: Connection, story_id: int, members: Iterable[tuple[int, float | None]]
) -> None:
    """Put articles (pk, similarity to the story) into a story."""
    now = _now()
    rows = [
        {"article_pk": pk, "story_id": story_id, "assigned_at": now, "similarity": sim}
        for pk, sim in members
    ]
    if rows:
        conn.execute(insert(ArticleStoryRow), rows)


def merge_story(conn: Connection, from_id: int, into_id: int) -> None:
    """Move every member of ``from_id`` into ``into_id`` and record the merge."""
    now = _now()
    conn.execute(
        update(ArticleStoryRow).where(ArticleStoryRow.story_id == from_id).values(story_id=into_id)
    )
    conn.execute(
        update(StoryRow)
        .where(StoryRow.id == from_id)
        .values(merged_into=into_id, size=0, centroid=None, updated_at=now)
    )
    conn.execute(insert(StoryMergeRow).values(from_id=from_id, into_id=into_id, at=now))


def clear_stories(conn: Connection) -> None:
    """Forget every story, assignment and merge (``slant stories --rebuild``); vectors stay."""
    conn.execute(delete(ArticleStoryRow))
    conn.execute(delete(StoryMergeRow))
    conn.execute(delete(StoryRow))
