"""Stored vectors of the story clusterer: one per article and representation, the
articles' sentence vectors, and the document frequencies of the hashed TF-IDF terms.

These are the row-level reads and writes :mod:`slant.stories` makes inside its own
transaction (each function takes a ``Connection``); :mod:`slant.store.stories` re-exports
them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select

from slant.store.tables import ArticleVectorRow, SentenceVectorRow, StoryTermRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = [
    "DOCUMENTS",
    "clear_vectors",
    "load_sentence_vectors",
    "load_terms",
    "load_vectors",
    "missing_vectors",
    "save_sentence_vectors",
    "save_terms",
    "save_vectors",
]


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


def _chunks(items: Sequence[int], size: int = 900) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
