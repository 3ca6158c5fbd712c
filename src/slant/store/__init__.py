"""STORE: the corpus database. SQLite file by default, any SQLAlchemy URL (PostgreSQL tested).

The schema is created and upgraded with Alembic migrations when a store is opened. Each
article is written in one transaction with all its child rows, so a process killed at any
moment leaves either the whole article or nothing; the text's sha256 is unique, so an
article is stored once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slant.article import Article, Skip
from slant.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["DEFAULT_URL", "Store", "normalise_url"]

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///slant.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str | None) -> str:
    """``None`` → ``sqlite:///slant.db``; a bare file path → a SQLite URL;
    ``postgresql://`` → the psycopg 3 driver."""
    if not url:
        return DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """A corpus of analysed articles.

    Args:
        url: SQLAlchemy URL or SQLite file path (default ``slant.db`` in the working folder).
        migrate: bring the schema up to date on open (Alembic ``upgrade head``).

    Raises:
        StoreError: the database cannot be reached or migrated.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = normalise_url(url)
        self.engine: Engine = _create_engine(self.url)
        if migrate:
            self.migrate()

    # -- schema ----------------------------------------------------------------------------
    def migrate(self) -> None:
        """Run the Alembic migrations up to the newest revision."""
        from alembic import command
        from alembic.config import Config
        from sqlalchemy.exc import SQLAlchemyError

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{self.safe_url}: cannot open the database ({exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0]})"
            ) from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- writing ---------------------------------------------------------------------------
    def known_hashes(self) -> dict[str, str]:
        """content hash → model version of every stored article."""
        from sqlalchemy import select

        from slant.store.tables import ArticleRow

        with self.engine.connect() as conn:
            rows = conn.execute(select(ArticleRow.content_hash, ArticleRow.model_version))
            return {h: mv for h, mv in rows}

    def add(self, article: Article, *, model_version: str) -> int:
        """Store one analysed article (replacing an older analysis of the same text).

        Returns:
            The article's primary key.
        """
        from sqlalchemy import delete, select
        from sqlalchemy.orm import Session

        from slant.store.mapping import rows_for
        from slant.store.speakers import update_links
        from slant.store.tables import ArticleRow, SentenceVectorRow, SkipRow

        row, children = rows_for(article, model_version=model_version)
        with Session(self.engine) as session, session.begin():
            old = session.scalar(
                select(ArticleRow).where(ArticleRow.content_hash == row.content_hash)
            )
            if old is not None:
                session.delete(old)  # children go with it (ON DELETE CASCADE)
                session.flush()
            session.add(row)
            session.flush()
            for child in children:
                child.article_pk = row.pk
            session.add_all(children)
            if article.story_vector is not None:  # computed by the pipeline (slant stories)
                encoder, vector = article.story_vector
                session.add(SentenceVectorRow(article_pk=row.pk, encoder=encoder, vector=vector))
            session.execute(delete(SkipRow).where(SkipRow.source == article.source))
            session.flush()
            # one name per speaker across the corpus, relinked as each article arrives
            update_links(
                session.connection(), {q.speaker.name for q in article.quotes if q.speaker}
            )
            return row.pk

    def add_skip(self, skip: Skip) -> None:
        """Record an input that could not be analysed (one row per source, latest reason)."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from slant.store.tables import SkipRow

        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(SkipRow).where(SkipRow.source == skip.source))
            if row is None:
                session.add(
                    SkipRow(
                        source=skip.source, article_id=skip.id, error=skip.error, recorded_at=now
                    )
                )
            else:
                row.error, row.recorded_at = skip.error, now

    # -- reading ---------------------------------------------------------------------------
    def count(self) -> int:
        """Number of stored articles."""
        from sqlalchemy import func, select

        from slant.store.tables import ArticleRow

        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(ArticleRow)) or 0)

    def skips(self) -> list[Skip]:
        """Every recorded skip."""
        from sqlalchemy import select

        from slant.store.tables import SkipRow

        with self.engine.connect() as conn:
            rows = conn.execute(
                select(SkipRow.article_id, SkipRow.source, SkipRow.error).order_by(SkipRow.pk)
            )
            return [Skip(id=i, source=s, error=e) for i, s, e in rows]

    def get(self, key: str | int) -> Article | None:
        """An article by primary key (int) or by its article id (str; the newest if several)."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from slant.store.mapping import article_from_row
        from slant.store.tables import ArticleRow

        with Session(self.engine) as session:
            if isinstance(key, int):
                row = session.get(ArticleRow, key)
            else:
                row = session.scalar(
                    select(ArticleRow)
                    .where(ArticleRow.article_id == key)
                    .order_by(ArticleRow.pk.desc())
                    .limit(1)
                )
            return article_from_row(row) if row is not None else None

    def speaker_links(self, pk: int) -> dict[str, str]:
        """The speaker names of a stored article that the corpus links to another name
        ("Trump" → "Donald Trump"; see :mod:`slant.store.speakers`)."""
        from slant.store.speakers import article_links

        with self.engine.connect() as conn:
            return article_links(conn, pk)

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every stored article, in insertion order."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from slant.store.mapping import article_from_row
        from slant.store.tables import ArticleRow

        with Session(self.engine) as session:
            for row in session.scalars(
                select(ArticleRow).order_by(ArticleRow.pk).execution_options(yield_per=batch)
            ):
                yield article_from_row(row)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _create_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    try:
        engine = create_engine(url)
    except Exception as exc:  # bad URL or missing driver: a user error, say which
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            # WAL + NORMAL survives a killed process (not a power cut) and is fast
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

    return engine
