"""Stories in the store: reading them (listings, members, an article's story, merges).

A story is a set of stored articles, from any outlet, that tell the same event. Its id is
stable while it grows; when two stories turn out to be one, the smaller is merged into the
larger, its row is kept with ``merged_into`` set and the merge is recorded in
``story_merges``. Every query here follows merges, so an old id still leads to its articles.

The clusterer's writes live in :mod:`slant.store.story_writes` and its stored vectors in
:mod:`slant.store.story_vectors`; both are re-exported here, so ``from slant.store import
stories`` reaches every story function.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from slant.store.story_vectors import DOCUMENTS as DOCUMENTS
from slant.store.story_vectors import clear_vectors as clear_vectors
from slant.store.story_vectors import load_sentence_vectors as load_sentence_vectors
from slant.store.story_vectors import load_terms as load_terms
from slant.store.story_vectors import load_vectors as load_vectors
from slant.store.story_vectors import missing_vectors as missing_vectors
from slant.store.story_vectors import save_sentence_vectors as save_sentence_vectors
from slant.store.story_vectors import save_terms as save_terms
from slant.store.story_vectors import save_vectors as save_vectors
from slant.store.story_writes import PendingArticle as PendingArticle
from slant.store.story_writes import StoryState as StoryState
from slant.store.story_writes import assign_articles as assign_articles
from slant.store.story_writes import assign_articles_to as assign_articles_to
from slant.store.story_writes import clear_stories as clear_stories
from slant.store.story_writes import create_stories as create_stories
from slant.store.story_writes import create_story as create_story
from slant.store.story_writes import live_stories as live_stories
from slant.store.story_writes import merge_story as merge_story
from slant.store.story_writes import pending_articles as pending_articles
from slant.store.story_writes import update_stories as update_stories
from slant.store.story_writes import update_story as update_story
from slant.store.tables import ArticleRow, ArticleStoryRow, StoryMergeRow, StoryRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from slant.store import Store

__all__ = [
    "StorySummary",
    "article_stories",
    "get_story",
    "list_stories",
    "resolve_story",
    "stories_by_hash",
    "story_article_ids",
    "story_article_pks",
    "story_count",
    "story_of",
]


@dataclass(frozen=True)
class StorySummary:
    """One story as a listing shows it.

    Attributes:
        id: the story id (stable while the story grows).
        size: number of member articles.
        outlets: the members' outlets, most frequent first (unknown outlets left out).
        first: ISO date of the earliest member's ``published`` (None: no member dated).
        last: ISO date of the latest member's ``published``.
        headline: the title of its most central member, preferring one whose title carries
            no persuasion technique (else of its earliest member).
    """

    id: int
    size: int
    outlets: list[str]
    first: str | None
    last: str | None
    headline: str | None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- reading ---------------------------------------------------------------------------------
def resolve_story(store: Store, story_id: int) -> int | None:
    """The live story an id stands for: itself, or the story it was merged into (followed
    to the end); None if no story has this id."""
    with store.engine.connect() as conn:
        return _resolve(conn, story_id)


def _resolve(conn: Connection, story_id: int) -> int | None:
    seen: set[int] = set()
    current: int | None = story_id
    while current is not None and current not in seen:
        seen.add(current)
        row = conn.execute(select(StoryRow.merged_into).where(StoryRow.id == current)).first()
        if row is None:
            return None
        if row[0] is None:
            return current
        current = int(row[0])
    return current


def story_summaries(conn: Connection, ids: Sequence[int]) -> dict[int, StorySummary]:
    """Live summaries (sizes, dates and outlets from the member rows) of these stories."""
    if not ids:
        return {}
    agg = conn.execute(
        select(
            ArticleStoryRow.story_id,
            func.count(),
            func.min(ArticleRow.published),
            func.max(ArticleRow.published),
        )
        .join(ArticleRow, ArticleRow.pk == ArticleStoryRow.article_pk)
        .where(ArticleStoryRow.story_id.in_(ids))
        .group_by(ArticleStoryRow.story_id)
    ).all()
    outlets: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for sid, outlet, n in conn.execute(
        select(ArticleStoryRow.story_id, ArticleRow.outlet, func.count())
        .join(ArticleRow, ArticleRow.pk == ArticleStoryRow.article_pk)
        .where(ArticleStoryRow.story_id.in_(ids), ArticleRow.outlet.is_not(None))
        .group_by(ArticleStoryRow.story_id, ArticleRow.outlet)
    ):
        outlets[sid].append((-int(n), str(outlet)))
    headlines = dict(
        conn.execute(select(StoryRow.id, StoryRow.headline).where(StoryRow.id.in_(ids))).all()
    )
    missing = [sid for sid in ids if not headlines.get(sid)]
    if missing:  # earliest dated member's title, else the first stored member's
        for sid, title in conn.execute(
            select(ArticleStoryRow.story_id, ArticleRow.title)
            .join(ArticleRow, ArticleRow.pk == ArticleStoryRow.article_pk)
            .where(ArticleStoryRow.story_id.in_(missing), ArticleRow.title.is_not(None))
            .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.pk)
        ):
            if not headlines.get(sid):
                headlines[sid] = title
    out = {}
    for sid, n, first, last in agg:
        out[int(sid)] = StorySummary(
            id=int(sid),
            size=int(n),
            outlets=[o for _, o in sorted(outlets.get(sid, []))],
            first=_iso(first),
            last=_iso(last),
            headline=headlines.get(sid),
        )
    return out


def list_stories(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    min_size: int = 1,
) -> list[StorySummary]:
    """Stories, largest first, then by latest member date (newest first), then id.

    Args:
        store: the corpus.
        limit: at most this many stories.
        offset: skip this many (paging).
        since: only stories with a member published on or after this date.
        until: only stories with a member published on or before this date.
        min_size: only stories with at least this many members.

    Returns:
        One :class:`StorySummary` per story.
    """
    since_d = dt.date.fromisoformat(since) if isinstance(since, str) else since
    until_d = dt.date.fromisoformat(until) if isinstance(until, str) else until
    n = func.count().label("n")
    last = func.max(ArticleRow.published).label("last")
    query = (
        select(ArticleStoryRow.story_id, n, last)
        .join(ArticleRow, ArticleRow.pk == ArticleStoryRow.article_pk)
        .group_by(ArticleStoryRow.story_id)
        .having(func.count() >= min_size)
    )
    if since_d is not None:
        query = query.having(func.max(ArticleRow.published) >= since_d)
    if until_d is not None:
        query = query.having(func.min(ArticleRow.published) <= until_d)
    query = (
        query.order_by(n.desc(), last.is_(None), last.desc(), ArticleStoryRow.story_id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        ids = [int(r[0]) for r in conn.execute(query)]
        summaries = story_summaries(conn, ids)
    return [summaries[i] for i in ids if i in summaries]


def get_story(store: Store, story_id: int) -> StorySummary | None:
    """One story's summary (a merged id leads to the story it went into)."""
    with store.engine.connect() as conn:
        live = _resolve(conn, story_id)
        if live is None:
            return None
        return story_summaries(conn, [live]).get(live)


def story_count(store: Store) -> int:
    """Number of live stories with at least one member."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count(func.distinct(ArticleStoryRow.story_id)))) or 0)


def story_article_pks(store: Store, story_id: int) -> list[int]:
    """Primary keys of a story's members, oldest first (by date, then as stored)."""
    with store.engine.connect() as conn:
        live = _resolve(conn, story_id)
        if live is None:
            return []
        rows = conn.execute(
            select(ArticleRow.pk)
            .join(ArticleStoryRow, ArticleRow.pk == ArticleStoryRow.article_pk)
            .where(ArticleStoryRow.story_id == live)
            .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.pk)
        )
        return [int(r[0]) for r in rows]


def story_article_ids(store: Store, story_id: int) -> list[str]:
    """Article ids of a story's members, oldest first (a merged id leads to the story it
    went into; an unknown id gives an empty list)."""
    with store.engine.connect() as conn:
        live = _resolve(conn, story_id)
        if live is None:
            return []
        rows = conn.execute(
            select(ArticleRow.article_id)
            .join(ArticleStoryRow, ArticleRow.pk == ArticleStoryRow.article_pk)
            .where(ArticleStoryRow.story_id == live)
            .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.pk)
        )
        return [str(r[0]) for r in rows]


def story_of(store: Store, article_id: str) -> int | None:
    """The story of an article, by its article id (the newest stored article with this
    id); None when it has not been assigned."""
    with store.engine.connect() as conn:
        pk = conn.scalar(
            select(ArticleRow.pk)
            .where(ArticleRow.article_id == article_id)
            .order_by(ArticleRow.pk.desc())
            .limit(1)
        )
        if pk is None:
            return None
        sid = conn.scalar(select(ArticleStoryRow.story_id).where(ArticleStoryRow.article_pk == pk))
        return int(sid) if sid is not None else None


def stories_by_hash(store: Store) -> dict[str, int]:
    """content hash → story id of every assigned article (how exports find the story of
    each Article they read)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ArticleRow.content_hash, ArticleStoryRow.story_id).join(
                ArticleStoryRow, ArticleStoryRow.article_pk == ArticleRow.pk
            )
        )
        return {str(h): int(sid) for h, sid in rows}


def article_stories(store: Store) -> dict[int, int]:
    """article pk → story id of every assigned article (for exports)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(ArticleStoryRow.article_pk, ArticleStoryRow.story_id))
        return {int(pk): int(sid) for pk, sid in rows}


def merges(store: Store) -> list[tuple[int, int]]:
    """Every recorded merge (from id, into id), oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(StoryMergeRow.from_id, StoryMergeRow.into_id).order_by(StoryMergeRow.pk)
        )
        return [(int(a), int(b)) for a, b in rows]
