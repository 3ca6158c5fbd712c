"""The URL index: which fetched URL gave which stored article, and its validators.

``slant ingest`` with URLs, feeds or sitemaps (and ``slant watch``) asks it before
downloading a page: a URL whose article is stored is not downloaded again (with
``--reanalyze`` it is asked for again with its ETag / Last-Modified). A row is written when
a page has been read, before its analysis; a page is "stored" only once the article with
its text's hash is in the store, so a run killed in between downloads it again, and no
more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from slant.article import META_KEYS, Article

if TYPE_CHECKING:
    from slant.fetch.client import Response
    from slant.store import Store

__all__ = ["UrlIndex", "url_hash"]


def url_hash(url: str) -> str:
    """sha256 of the URL (the unique key: URLs may be longer than an index allows)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class UrlIndex:
    """The store's URL index (the ``urls`` table)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stored(self, url: str) -> tuple[Article, str | None, str | None] | None:
        """The stored article read from ``url`` (its text and metadata, no analysis) with
        the URL's ETag and Last-Modified; None if the URL gave no stored article."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from slant.store.tables import ArticleRow, UrlRow

        query = (
            select(ArticleRow, UrlRow.etag, UrlRow.last_modified)
            .join(UrlRow, UrlRow.content_hash == ArticleRow.content_hash)
            .where(UrlRow.url_hash == url_hash(url))
            .limit(1)
        )
        with Session(self.store.engine) as session:
            found = session.execute(query).first()
            if found is None:
                return None
            row, etag, modified = found
            analysis = row.analysis or {}
            meta = {k: analysis[k] for k in META_KEYS if analysis.get(k)}
            article = Article(
                id=row.article_id, text=row.text, source=row.source, title=row.title, meta=meta
            )
            return article, etag, modified

    def record(self, response: Response, *, kind: str, text: str | None) -> None:
        """Remember what ``response.url`` answered (insert or update its row)."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from slant.store.mapping import content_hash
        from slant.store.tables import UrlRow

        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        digest = content_hash(text) if text is not None else None
        key = url_hash(response.url)
        with Session(self.store.engine) as session, session.begin():
            row = session.scalar(select(UrlRow).where(UrlRow.url_hash == key))
            if row is None:
                row = UrlRow(url_hash=key, url=response.url, kind=kind)
                session.add(row)
            row.final_url = response.final_url
            row.etag, row.last_modified = response.etag, response.last_modified
            row.content_hash, row.fetched_at = digest, now

    def count(self) -> int:
        """Number of URLs in the index."""
        from sqlalchemy import func, select

        from slant.store.tables import UrlRow

        with self.store.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(UrlRow)) or 0)
