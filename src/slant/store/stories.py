"""Stories in the store: reading them (listings, members, an article's story) and the
row-level writes the story clusterer (:mod:`slant.stories`) makes.

A story is a set of stored articles, from any outlet, that tell the same event. Its id is
stable while it grows; when two stories turn out to be one, the smaller is merged into the
larger, its row is kept with ``merged_into`` set and the merge is recorded in
``story_merges``. Every query here follows merges, so an old id still leads to its articles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update

from slant.store.tables import (
    ArticleRow,
    ArticleStoryRow,
    ArticleVectorRow,
    SentenceVectorRow,
    StoryMergeRow,
    StoryRow,
    StoryTermRow,
)

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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


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


# -- writing (used by slant.stories) ---------------------------------------------------------
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


def missing_vectors(conn: Connection, pks: Sequence[int], representation: str) -> list[int]:
    """Those of ``pks`` that have no stored vector of this representation."""
    have: set[int] = set()
    for chunk in _chunks(pks):
        have.update(
            int(r[0])
            for r in conn.execute(
                select(ArticleVectorRow.article_pk).where(
                    ArticleVectorRow.representation == representation,
                    ArticleVectorRow.article_pk.in_(chunk),
                )
            )
        )
    return [pk for pk in pks if pk not in have]


def _blobs(conn: Connection, row: Any, kind: Any, pks: Sequence[int]) -> dict[int, bytes]:
    """``{article_pk: vector bytes}`` of the rows of table ``row`` matching ``kind`` (a
    column comparison: the representation or the encoder) for these articles."""
    out: dict[int, bytes] = {}
    for chunk in _chunks(pks):
        for pk, blob in conn.execute(
            select(row.article_pk, row.vector).where(kind, row.article_pk.in_(chunk))
        ):
            out[int(pk)] = bytes(blob)
    return out


def load_vectors(conn: Connection, pks: Sequence[int], representation: str) -> dict[int, bytes]:
    """Stored vectors (raw float32 bytes) of these articles."""
    return _blobs(conn, ArticleVectorRow, ArticleVectorRow.representation == representation, pks)


def save_vectors(conn: Connection, vectors: dict[int, bytes], representation: str) -> None:
    """Store vectors (replacing any of the same representation)."""
    if not vectors:
        return
    pks = list(vectors)
    for chunk in _chunks(pks):
        conn.execute(
            delete(ArticleVectorRow).where(
                ArticleVectorRow.representation == representation,
                ArticleVectorRow.article_pk.in_(chunk),
            )
        )
    conn.execute(
        insert(ArticleVectorRow),
        [
            {"article_pk": pk, "representation": representation, "vector": v}
            for pk, v in vectors.items()
        ],
    )


def load_sentence_vectors(conn: Connection, pks: Sequence[int], encoder: str) -> dict[int, bytes]:
    """Stored sentence vectors (float16 bytes) of these articles made by ``encoder`` (a
    vector made by another encoder is left out: the caller recomputes it)."""
    return _blobs(conn, SentenceVectorRow, SentenceVectorRow.encoder == encoder, pks)


def save_sentence_vectors(conn: Connection, vectors: dict[int, bytes], encoder: str) -> None:
    """Store sentence vectors made by ``encoder`` (replacing any earlier one)."""
    if not vectors:
        return
    for chunk in _chunks(list(vectors)):
        conn.execute(delete(SentenceVectorRow).where(SentenceVectorRow.article_pk.in_(chunk)))
    conn.execute(
        insert(SentenceVectorRow),
        [{"article_pk": pk, "encoder": encoder, "vector": v} for pk, v in vectors.items()],
    )


DOCUMENTS = -1  # the story_terms row that holds the number of documents counted


def load_terms(conn: Connection) -> tuple[Counter[int], int]:
    """Document frequency of every counted term, and the number of documents counted."""
    df: Counter[int] = Counter()
    for t, n in conn.execute(select(StoryTermRow.term, StoryTermRow.df)):
        df[int(t)] = int(n)
    return df, df.pop(DOCUMENTS, 0)


def save_terms(conn: Connection, changed: dict[int, int], documents: int) -> None:
    """Write the document frequencies of these terms and the document count."""
    rows = {**changed, DOCUMENTS: documents}
    keys = list(rows)
    for chunk in _chunks(keys):
        conn.execute(delete(StoryTermRow).where(StoryTermRow.term.in_(chunk)))
    conn.execute(insert(StoryTermRow), [{"term": t, "df": n} for t, n in rows.items()])


def clear_vectors(conn: Connection, representation: str) -> None:
    """Forget the stored vectors of a representation and the term counts behind them."""
    conn.execute(delete(ArticleVectorRow).where(ArticleVectorRow.representation == representation))
    conn.execute(delete(StoryTermRow))


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


def merges(store: Store) -> list[tuple[int, int]]:
    """Every recorded merge (from id, into id), oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(StoryMergeRow.from_id, StoryMergeRow.into_id).order_by(StoryMergeRow.pk)
        )
        return [(int(a), int(b)) for a, b in rows]


def _chunks(items: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
