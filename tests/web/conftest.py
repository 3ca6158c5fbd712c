from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _webcorpus import CORPUS, MAX_BYTES, make_article

from slant.config import Settings
from slant.store import Store


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    """Headless Chromium for the end-to-end tests, started after the module's own ``server``
    fixture (which skips, or fails in CI, when the browser is missing)."""
    from _browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """A SQLite corpus with five hand-built articles (pks 1..5); the first lacks one technique."""
    url = str(tmp_path / "web.db")
    store = Store(url)
    for i, (outlet, day, extra) in enumerate(CORPUS):
        art = make_article(i, outlet, day, extra)
        if i == 0:
            art.techniques = art.techniques[:2]  # no Appeal_to_Fear-Prejudice in a0
        store.add(art, model_version="test")
    store.close()
    yield url


@pytest.fixture
def settings() -> Settings:
    # tone needs no spaCy model: real analyses that stay fast in the API tests
    return Settings(only=("tone",), max_bytes=MAX_BYTES)


@pytest.fixture
def client(settings: Settings, db_url: str):
    from fastapi.testclient import TestClient

    from slant.web import create_app

    app = create_app(settings, db_url, timeout=30)
    with TestClient(app) as c:
        yield c
