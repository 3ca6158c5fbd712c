"""Shared helpers for the places/counts/dates/tone tests (one pipeline per session)."""

from __future__ import annotations

import functools
from pathlib import Path

from slant.article import Article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"


@functools.lru_cache(maxsize=1)
def _pipeline():  # type: ignore[no-untyped-def]
    from slant.config import Settings
    from slant.pipeline import Pipeline

    only = ("entities", "places", "counts", "dates", "tone")
    return Pipeline(Settings(only=only, language_check=False))


def analyze(text: str, **meta: str) -> Article:
    """Run entities, places, counts, dates and tone on ``text``."""
    article = Article(id="t", text=text, source="t", meta=dict(meta))
    _pipeline()(article)
    article.check()
    return article


def fixture_text(name: str) -> str:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return fh.read()
