"""Fixtures shared by the analyzer tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline


@pytest.fixture(scope="session")
def quotes_pipe() -> Pipeline:
    """A pipeline of entities + quotes (spaCy loads once for the session)."""
    return Pipeline(Settings(only=("entities", "quotes"), language_check=False))


@pytest.fixture(scope="session")
def run(quotes_pipe: Pipeline) -> Callable[[str], list[dict]]:
    """``run(text)`` → the quotes of ``text`` as JSON dicts, after the article's own checks."""

    def _run(text: str) -> list[dict]:
        article = Article(id="t", text=text)
        quotes_pipe(article)
        article.check()
        return article.to_dict()["quotes"]

    return _run
