"""Stories: the JSON API (``/api/stories``) and the reader's pages (``/stories``).

A story is the stored articles, from any outlet, that tell one event (``slant stories``
groups them). ``/stories`` lists them, largest first; ``/stories/{id}`` shows every
outlet's telling side by side, with the counts that disagree and the speakers and
techniques only one outlet has highlighted, each span linked to its place in the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from slant.store.stories import StorySummary
from slant.stories.columns import CountDisagreement, OutletColumn
from slant.web.deps import MAX_INT, Key, StoreDep, query_date

__all__ = ["StoryDetail", "StoryItem", "StoryList", "api", "pages"]

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
ERROR = {"content": {"application/json": {"example": {"error": "what went wrong"}}}}


@dataclass(frozen=True)
class StoryItem:
    """One story in a listing.

    Attributes:
        size: member articles; outlets: theirs, most frequent first (unknown left out).
        first, last: the earliest and latest ``published`` date of a member (ISO).
        headline: the title of its most central plain-titled (else central, else earliest)
            member.
        page: the reader's page of the story.
    """

    id: int
    size: int
    outlets: list[str]
    first: str | None
    last: str | None
    headline: str | None
    page: str


@dataclass(frozen=True)
class StoryList:
    """A page of stories (``stories``: every story in the store, before any filter)."""

    stories: int
    limit: int
    offset: int
    items: list[StoryItem]


@dataclass(frozen=True)
class StoryDetail:
    """One story side by side (the fields of :class:`slant.stories.compare.StoryComparison`).

    Articles are referred to by ``index`` (``outlets[].articles[].index``), each of which
    carries its store key ``pk``; spans by their index in the article's ``techniques``
    (``/articles/{pk}#span-{span}`` in the reader) and quotes by theirs in ``quotes``.
    """

    story: StorySummary
    page: str
    outlets: tuple[OutletColumn, ...]
    count_disagreements: tuple[CountDisagreement, ...]
    unique_speakers: dict[str, tuple[str, ...]]
    unique_techniques: dict[str, tuple[str, ...]]
    min_score: float | None


def _item(s: StorySummary) -> StoryItem:
    return StoryItem(**asdict(s), page=f"/stories/{s.id}")


def _detail(store: StoreDep, story_id: int, min_score: float | None) -> StoryDetail:
    from slant.stories.view import load_story

    view = load_story(store, story_id, min_score=min_score)
    if view is None:
        raise HTTPException(404, f"no story {story_id}")
    c = view.comparison
    return StoryDetail(
        story=view.summary,
        page=f"/stories/{view.summary.id}",
        outlets=c.outlets,
        count_disagreements=c.count_disagreements,
        unique_speakers=c.unique_speakers,
        unique_techniques=c.unique_techniques,
        min_score=c.min_score,
    )


MinScore = Annotated[
    float | None,
    Query(ge=0.0, le=1.0, description="leave out technique spans scored below this"),
]


@api.get("/stories", summary="List stories, largest first")
def list_stories(
    store: StoreDep,
    since: Annotated[dt.date | None, Query(description="a member published on or after")] = None,
    until: Annotated[dt.date | None, Query(description="a member published on or before")] = None,
    min_size: Annotated[
        int, Query(ge=1, le=MAX_INT, description="at least this many articles")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> StoryList:
    """Stories (groups of stored articles telling one event, made by ``slant stories``),
    largest first, then the most recent: size, outlets, date span, headline."""
    from slant.store.stories import list_stories as run_list
    from slant.store.stories import story_count

    found = run_list(store, limit=limit, offset=offset, since=since, until=until, min_size=min_size)
    return StoryList(story_count(store), limit, offset, [_item(s) for s in found])


@api.get(
    "/stories/{story_id}",
    summary="One story, every outlet's telling side by side",
    responses={404: {"description": "no such story", **ERROR}},
)
def get_story(store: StoreDep, story_id: Key, min_score: MinScore = None) -> StoryDetail:
    """Per outlet: headlines, dates, genre, frames, techniques per 1,000 words with the
    top spans, the speakers quoted and how often, counts, places and tone. The
    differences: counts of one event type and object whose numbers disagree, speakers
    and techniques only one outlet has. A merged story id leads to the story it joined."""
    return _detail(store, story_id, min_score)


@pages.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    store: StoreDep,
    page: Annotated[int, Query(ge=1, le=MAX_INT // PAGE_SIZE)] = 1,
    min_size: Annotated[int, Query(ge=1, le=MAX_INT)] = 1,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """The stories of the corpus, largest first (a form's empty dates mean no limit)."""
    from urllib.parse import urlencode

    from slant.store.stories import list_stories as run_list
    from slant.store.stories import story_count
    from slant.web.routes.pages import templates

    found = run_list(
        store,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
        since=query_date(since, "since"),
        until=query_date(until, "until"),
        min_size=min_size,
    )
    params = {"min_size": min_size, "since": since or "", "until": until or ""}
    return templates().TemplateResponse(
        request,
        "stories.html",
        {
            "items": [_item(s) for s in found[:PAGE_SIZE]],
            "page": page,
            "more": len(found) > PAGE_SIZE,
            "params": params,
            "query": urlencode({k: v for k, v in params.items() if v}),
            "min_size": min_size,
            "stories": story_count(store),
            "stored": store.count(),
        },
    )


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(
    request: Request, store: StoreDep, story_id: Key, min_score: MinScore = None
) -> HTMLResponse:
    """One story: a column per outlet, the disagreements highlighted."""
    from slant.report.story import count_value, date_span
    from slant.web.render import category_index
    from slant.web.routes.pages import templates

    detail = _detail(store, story_id, min_score)
    pks = {a.index: a.pk for col in detail.outlets for a in col.articles}
    # the differences table: a column for each outlet that gives one of the disputed counts
    named = {outlet for dis in detail.count_disagreements for outlet, _ in dis.values}
    return templates().TemplateResponse(
        request,
        "story.html",
        {
            "d": detail,
            "pks": pks,
            "disputing": [col for col in detail.outlets if col.name in named],
            "span": date_span(detail.story.first, detail.story.last),
            "count_value": count_value,
            "category_index": category_index,
        },
    )
