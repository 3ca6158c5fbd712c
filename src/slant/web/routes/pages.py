"""Server-rendered reader pages: paste/upload and read, stored articles, corpus, API docs."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from slant.errors import InputError
from slant.labels import CATEGORIES, TECHNIQUES
from slant.readers.names import printable_path
from slant.web.analysis import read_upload
from slant.web.deps import (
    MAX_INT,
    Key,
    ServiceDep,
    StoreDep,
    corpus_filters,
    input_status,
    query_date,
    store_outcome,
)

if TYPE_CHECKING:
    from slant.article import Article

__all__ = ["EXAMPLE", "error_page", "example_bytes", "router", "templates"]

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).parent.parent / "templates"
PAGE_SIZE = 25
# The "try the example" article: a copy of examples/kazakhstan_csto_2022.txt shipped in
# slant.resources, so that an installed package (not only a checkout) has it.
EXAMPLE = "kazakhstan_csto_2022.txt"
# One hue per technique category (colour family); techniques in a category vary lightness.
HUES = (0, 215, 28, 275, 135, 48, 190)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The Jinja2 templates, autoescaping every template whatever its name."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from slant.analyzers.dates import describe_date
    from slant.report._render import number, quoted

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["CATEGORIES"] = CATEGORIES
    env.globals["TECHNIQUES"] = TECHNIQUES
    env.filters["number"] = number  # 3,811 as the summaries and the story page write it
    env.filters["date_words"] = describe_date  # "19 January, year not stated" for --01-19
    env.filters["quoted"] = lambda text: quoted(text, "“”")  # a mixed quote keeps its marks
    return Jinja2Templates(env=env)


def error_page(status: int, message: str) -> HTMLResponse:
    """A plain error page (the message is escaped like everything else)."""
    env = templates().env
    html = env.get_template("error.html").render(status=status, message=message)
    return HTMLResponse(html, status_code=status)


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates().TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def reader(request: Request, service: ServiceDep) -> HTMLResponse:
    """The paste/upload form."""
    return _render(request, "index.html", max_bytes=service.settings.max_bytes, error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(
    request: Request,
    store: StoreDep,
    service: ServiceDep,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str, Form()] = "",
    save: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Analyse the pasted text, uploaded file or fetched URL and show the first article."""
    from slant.web.routes.api import run_analysis

    max_bytes = service.settings.max_bytes
    try:
        if url.strip() and not (file is not None and file.filename):
            from starlette.concurrency import run_in_threadpool

            from slant.web.analysis import read_url

            private = getattr(request.app.state, "fetch_private", True)
            items = await run_in_threadpool(
                read_url, url.strip(), max_bytes=max_bytes, private=private
            )
        elif file is not None and file.filename:
            name = printable_path(file.filename)
            suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ".txt"
            stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "upload"
            items = read_upload(
                await file.read(),
                suffix=suffix,
                id=stem,
                source=f"upload:{name}",
                max_bytes=max_bytes,
            )
        else:
            items = read_upload(
                text.encode("utf-8"), suffix=".txt", id="pasted", source="form", max_bytes=max_bytes
            )
    except InputError as exc:
        return _render(
            request, "index.html", input_status(exc), max_bytes=max_bytes, error=str(exc)
        )
    if title.strip():
        from slant.article import Article

        items = [
            Article(id=i.id, text=i.text, source=i.source, title=title.strip(), meta=i.meta)
            if isinstance(i, Article)
            else i
            for i in items
        ]
    outcome = await run_analysis(service, items[:1] if save is False else items)
    if not outcome.articles:
        reason = outcome.skips[0].error if outcome.skips else "no article in the input"
        return _render(request, "index.html", 422, max_bytes=max_bytes, error=reason)
    pk = None
    if save:
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(store_outcome, store, outcome, service.model_version)
        pk = outcome.stored[0]
    return _article_page(request, outcome.articles[0], pk=pk, skipped=len(outcome.skips))


def example_bytes() -> bytes:
    """The bundled example article, read from the installed package."""
    return (files("slant.resources") / "examples" / EXAMPLE).read_bytes()


@router.post("/example", response_class=HTMLResponse)
async def example_page(request: Request, service: ServiceDep) -> HTMLResponse:
    """Analyse the bundled example article (the home page's "try the example" button)."""
    from slant.web.routes.api import run_analysis

    max_bytes = service.settings.max_bytes
    try:
        items = read_upload(
            example_bytes(),
            suffix=".txt",
            id=EXAMPLE.rsplit(".", 1)[0],
            source=f"example:{EXAMPLE}",
            max_bytes=max_bytes,
        )
    except InputError as exc:  # a server started with a --max-bytes below its size
        return _render(
            request, "index.html", input_status(exc), max_bytes=max_bytes, error=str(exc)
        )
    outcome = await run_analysis(service, items[:1])
    if not outcome.articles:
        reason = outcome.skips[0].error if outcome.skips else "no article in the example"
        return _render(request, "index.html", 422, max_bytes=max_bytes, error=reason)
    return _article_page(request, outcome.articles[0], pk=None)


def _article_page(
    request: Request,
    article: Article,
    *,
    pk: int | None,
    skipped: int = 0,
    speaker_links: dict[str, str] | None = None,
) -> HTMLResponse:
    from slant.web.render import article_view

    view = article_view(article, speaker_links=speaker_links)
    return _render(request, "article.html", pk=pk, skipped=skipped, **view)


@router.get("/articles/{pk}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, pk: Key) -> HTMLResponse:
    """A stored article in the reader."""
    article = store.get(pk)
    if article is None:
        raise HTTPException(404, f"no stored article with key {pk}")
    return _article_page(request, article, pk=pk, speaker_links=store.speaker_links(pk))


@router.get("/corpus", response_class=HTMLResponse)
def corpus_page(
    request: Request,
    store: StoreDep,
    q: str | None = None,
    outlet: str | None = None,
    technique: str | None = None,
    since: Annotated[str | None, Query()] = None,
    until: Annotated[str | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=MAX_INT // PAGE_SIZE)] = 1,
) -> HTMLResponse:
    """Search and filter stored articles; technique trend per outlet."""
    from slant.store.queries import UNKNOWN_OUTLET, list_articles, stats, technique_counts
    from slant.web.charts import outlet_trends, trend_svg

    since_d, until_d = query_date(since, "since"), query_date(until, "until")
    filters, snippets = corpus_filters(
        store, outlet=outlet, since=since_d, until=until_d, technique=technique, q=q
    )
    total, items = (
        (0, [])
        if filters is None
        else list_articles(store, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    )
    counts = technique_counts(store, [item["pk"] for item in items])
    for item in items:
        item["snippet"] = snippets.get(item["pk"])
        item |= counts[item["pk"]]  # technique spans and the most used technique
    by_outlet = stats(store, by="outlet")
    outlets = [r["group"] for r in sorted(by_outlet, key=lambda r: -r["articles"])]
    charted = [o for o in ([outlet] if outlet else outlets) if o != UNKNOWN_OUTLET]
    series = outlet_trends(
        store, technique=technique or None, since=since_d, until=until_d, outlets=charted
    )
    ylabel = f"{technique} spans per article" if technique else "technique spans per article"
    from urllib.parse import urlencode

    params = {"q": q, "outlet": outlet, "technique": technique, "since": since, "until": until}
    query = urlencode({k: v for k, v in params.items() if v})
    return _render(
        request,
        "corpus.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        params={k: v or "" for k, v in params.items()},
        query=query,
        outlets=[o for o in outlets if o != UNKNOWN_OUTLET],
        chart=trend_svg(series, ylabel=ylabel),
        stored=store.count(),
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json, from local assets (no CDN, no inline script)."""
    return _render(request, "docs.html")


@router.get("/assets/techniques.css")
def techniques_css() -> Response:
    """Colours per technique, generated from labels.py so they never drift from it."""
    return Response(
        _techniques_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@lru_cache(maxsize=1)
def _techniques_css() -> str:
    # family colours first: the per-technique shades below override them (same specificity)
    rules = [
        f".c{ci}{{--tc:hsl({hue} 75% 40%);--tb:hsl({hue} 85% 62% / .28)}}"
        for ci, hue in enumerate(HUES)
    ]
    for ci, group in enumerate(CATEGORIES.values()):
        hue = HUES[ci]
        for ti, tech in enumerate(group):
            light = 38 + 28 * ti / max(1, len(group) - 1)  # shades within the family
            rules.append(
                f'[data-tech="{tech}"]{{--tc:hsl({hue} 75% {light:.0f}%);'
                f"--tb:hsl({hue} 85% {light + 22:.0f}% / .28)}}"
            )
    return "\n".join(rules) + "\n"
