"""Shared request plumbing: the store and analysis service, corpus filters, error codes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Path, Request

from slant.errors import InputError, TooLarge

if TYPE_CHECKING:
    from slant.article import Article
    from slant.store import Store
    from slant.store.queries import Filters
    from slant.web.analysis import AnalysisService, Outcome

__all__ = [
    "MAX_INT",
    "SEARCH_CAP",
    "Key",
    "ServiceDep",
    "StoreDep",
    "corpus_filters",
    "input_status",
    "query_date",
    "store_outcome",
    "stored_key",
]

SEARCH_CAP = 1000  # full-text hits considered before the other filters and paging apply
# SQL BIGINT: a key, offset or page past it is the client's error (422), not an overflow
# in the database driver (500)
MAX_INT = 2**63 - 1
Key = Annotated[int, Path(ge=-MAX_INT - 1, le=MAX_INT)]


def stored_key(text: str) -> int | None:
    """``text`` as a primary key when it is one: ASCII digits within BIGINT ("²" and
    "١٢" are digits to ``str.isdigit`` but no key)."""
    if text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_INT:
        return int(text)
    return None


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _service(request: Request) -> AnalysisService:
    return request.app.state.analysis  # type: ignore[no-any-return]


StoreDep = Annotated["Store", Depends(_store)]
ServiceDep = Annotated["AnalysisService", Depends(_service)]


def input_status(exc: InputError) -> int:
    """413 for an input over the size limit, 422 for every other unusable input."""
    return 413 if isinstance(exc, TooLarge) else 422


def corpus_filters(
    store: Store,
    *,
    outlet: str | None,
    since: dt.date | None,
    until: dt.date | None,
    technique: str | None,
    q: str | None,
) -> tuple[Filters | None, dict[int, str]]:
    """Filters for a corpus question and, with ``q``, the search snippet per article.

    Returns ``(None, {})`` when the search matches nothing.

    Raises:
        HTTPException: 422 for an unknown technique or a search with no words.
    """
    from slant.errors import UsageError
    from slant.labels import TECHNIQUES
    from slant.store.queries import Filters, search

    if technique and technique not in TECHNIQUES:
        raise HTTPException(
            422, f"unknown technique {technique!r}; one of: {', '.join(TECHNIQUES)}"
        )
    snippets: dict[int, str] = {}
    pks: tuple[int, ...] | None = None
    if q and q.strip():
        try:
            hits = search(store, q, limit=SEARCH_CAP)
        except UsageError as exc:
            raise HTTPException(422, str(exc)) from exc
        snippets = {h["pk"]: h["snippet"] for h in hits}
        if not snippets:
            return None, {}
        pks = tuple(snippets)
    filters = Filters(
        outlet=outlet or None,
        since=since,
        until=until,
        technique=technique or None,
        article_pks=pks,
    )
    return filters, snippets


def store_outcome(store: Store, outcome: Outcome, model_version: str) -> None:
    """Write the analysed articles to the corpus; their primary keys go to ``outcome``."""
    for article in outcome.articles:
        outcome.stored.append(store.add(article, model_version=model_version))


def summary(article: Article, pk: int | None = None) -> dict[str, Any]:
    """A short description of an analysed article (for the analyze response)."""
    return {"pk": pk, "id": article.id, "title": article.title}


def query_date(value: str | None, name: str) -> dt.date | None:
    """A page's ``since``/``until`` query value as a date (422 on anything else)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name} must be a date like 2022-01-31, not {value!r}") from None
