from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from slant.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_text() -> str:
    with (EXAMPLES / "kazakhstan_csto_2022.txt").open(encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def pipeline():
    """One default pipeline (spaCy loads once for the whole session)."""
    from slant.config import load_settings
    from slant.pipeline import Pipeline

    return Pipeline(load_settings())


PG_URL = os.environ.get("SLANT_TEST_PG_URL")


def _postgres_store() -> Iterator[Store]:
    """A fresh PostgreSQL database for one test, dropped after it."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must provide PostgreSQL: .ci/run sets SLANT_TEST_PG_URL")
        pytest.skip("PostgreSQL not available here (set SLANT_TEST_PG_URL to run these tests)")
    from sqlalchemy import create_engine, text

    from slant.store import normalise_url

    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"slant_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(PG_URL).rsplit("/", 1)[0] + f"/{name}"
    store = Store(url)
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    """An empty store on SQLite, and on PostgreSQL when SLANT_TEST_PG_URL is set."""
    if request.param == "sqlite":
        s = Store(str(tmp_path / "slant.db"))
        yield s
        s.close()
    else:
        yield from _postgres_store()


@pytest.fixture
def make_story() -> Callable[..., int]:
    """``make_story(store, pks, headline, similarity=None) -> story id``: puts stored
    articles (by pk) into one new story with this headline, through the store's own writes
    (as the clusterer does); its first article is the headline's."""
    from slant.store.stories import assign_articles, create_story, update_story

    def make(
        store: Store, pks: Sequence[int], headline: str, *, similarity: float | None = None
    ) -> int:
        with store.engine.begin() as conn:
            sid = create_story(conn, representation="test")
            assign_articles(conn, sid, [(pk, similarity) for pk in pks])
            update_story(
                conn,
                sid,
                size=len(pks),
                first=None,
                last=None,
                centroid=None,
                headline=headline,
                headline_pk=pks[0],
            )
        return sid

    return make
