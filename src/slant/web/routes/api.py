"""The JSON API: analyse, list, fetch and count articles."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from slant.article import Article, Skip
from slant.errors import InputError
from slant.readers.names import printable_path
from slant.web.analysis import AnalysisBusy, AnalysisFailed, Outcome, read_json_body, read_upload
from slant.web.deps import (
    MAX_INT,
    ServiceDep,
    StoreDep,
    corpus_filters,
    input_status,
    store_outcome,
    stored_key,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

JSONL_TYPES = ("application/jsonl", "application/x-ndjson", "application/x-jsonlines")
ERROR = {"content": {"application/json": {"example": {"error": "what went wrong"}}}}

_ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {"type": "string"},
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": "string"},
                        "outlet": {"type": "string"},
                        "published": {"type": "string", "format": "date"},
                        "author": {"type": "string"},
                    },
                },
                "example": {"text": "Police detained 40 people in Almaty, officials said."},
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": ".txt, .html or .jsonl, read like a file of that kind",
                        },
                        "text": {"type": "string"},
                    },
                }
            },
            "application/jsonl": {
                "schema": {"type": "string", "description": "one JSON object per line"}
            },
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


async def _items_from(request: Request, max_bytes: int) -> list[Article | Skip]:
    """Read the analysis input in whichever form it came.

    Raises:
        InputError: an unusable body (empty, binary, bad UTF-8, too large, bad JSON...).
        HTTPException: 400 malformed request, 415 unsupported content type.
    """
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        raw = await request.body()
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, nested too deep
            detail = f"{type(exc).__name__}: {exc}" if isinstance(exc, RecursionError) else exc
            raise HTTPException(400, f"the request body is not valid JSON ({detail})") from exc
        return read_json_body(obj, max_bytes=max_bytes)
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        async with request.form(max_files=1, max_fields=10) as form:  # closes temp files
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str):
                name = printable_path(upload.filename or "upload.txt")
                data = await upload.read()
                suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ".txt"
                stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "upload"
                return read_upload(
                    data, suffix=suffix, id=stem, source=f"upload:{name}", max_bytes=max_bytes
                )
            text = form.get("text")
            if isinstance(text, str):
                return read_upload(
                    text.encode("utf-8"),
                    suffix=".txt",
                    id="text",
                    source="form",
                    max_bytes=max_bytes,
                )
        raise HTTPException(400, 'send a "file" upload or a "text" field')
    if ctype in JSONL_TYPES:
        data = await request.body()
        return read_upload(
            data, suffix=".jsonl", id="request", source="request", max_bytes=max_bytes
        )
    if ctype in ("text/plain", "text/html"):
        data = await request.body()
        suffix = ".html" if ctype == "text/html" else ".txt"
        return read_upload(data, suffix=suffix, id="text", source="request", max_bytes=max_bytes)
    raise HTTPException(
        415,
        f"unsupported content type {ctype or '(none)'!r}: send application/json, "
        "multipart/form-data, application/jsonl or text/plain",
    )


@router.post(
    "/analyze",
    summary="Analyse text, an uploaded file or JSON Lines",
    openapi_extra=_ANALYZE_BODY,
    responses={
        200: {"description": "the analysed articles (output contract) and skipped inputs"},
        400: {"description": "malformed request", **ERROR},
        413: {"description": "body or article over the size limit", **ERROR},
        415: {"description": "unsupported content type", **ERROR},
        422: {"description": "no input could be analysed; the reason", **ERROR},
        503: {"description": "analysis timed out or the models could not load", **ERROR},
    },
)
async def analyze(
    request: Request,
    store: StoreDep,
    service: ServiceDep,
    save: Annotated[bool, Query(description="Also store the results in the corpus.")] = False,
) -> JSONResponse:
    """Analyse one article (JSON ``{"text": ...}``, a ``text/plain`` body or a multipart
    ``text`` field), an uploaded ``.txt``/``.html``/``.jsonl`` file, or a JSON Lines body.

    Returns ``{"articles": [...], "skipped": [...]}``: articles follow the output contract
    (``schema/article-1.json``); each skipped input says why. If nothing could be analysed
    the status is 422 (413 when the input is over the size limit) with the reason.
    """
    max_bytes = service.settings.max_bytes
    try:
        items = await _items_from(request, max_bytes)
    except InputError as exc:
        return JSONResponse({"error": str(exc)}, status_code=input_status(exc))
    outcome = await run_analysis(service, items)
    if not outcome.articles:
        reasons = [s.error for s in outcome.skips] or ["no article in the input"]
        return JSONResponse(
            {"error": reasons[0], "skipped": [s.to_dict() for s in outcome.skips]},
            status_code=422,
        )
    if save:
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(store_outcome, store, outcome, service.model_version)
    return JSONResponse(
        {
            "articles": [a.to_dict() for a in outcome.articles],
            "skipped": [s.to_dict() for s in outcome.skips],
            "stored": outcome.stored,
        }
    )


async def run_analysis(service: ServiceDep, items: list[Article | Skip]) -> Outcome:
    """Analyse with the service, turning its failures into HTTP errors (503)."""
    try:
        return await service.analyse(items)
    except AnalysisBusy as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "10"}) from exc
    except AnalysisFailed as exc:
        raise HTTPException(503, str(exc)) from exc


@router.get("/articles", summary="List stored articles")
def list_articles(
    store: StoreDep,
    outlet: str | None = None,
    since: Annotated[dt.date | None, Query(description="published on or after")] = None,
    until: Annotated[dt.date | None, Query(description="published on or before")] = None,
    technique: Annotated[str | None, Query(description="has a span of this technique")] = None,
    q: Annotated[str | None, Query(description="full-text search: all words must match")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> dict[str, Any]:
    """Article summaries, newest first, filtered and paginated (``total`` counts all
    matches). With ``q``, each item has the search ``snippet`` (the first
    1,000 hits are considered)."""
    from slant.store.queries import list_articles as run_list

    filters, snippets = corpus_filters(
        store, outlet=outlet, since=since, until=until, technique=technique, q=q
    )
    if filters is None:
        total, items = 0, []
    else:
        total, items = run_list(store, filters=filters, limit=limit, offset=offset)
    for item in items:
        item["page"] = f"/articles/{item['pk']}"
        if snippets:
            item["snippet"] = snippets.get(item["pk"])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/articles/{article_id}",
    summary="One stored article (output contract)",
    responses={404: {"description": "no such article", **ERROR}},
)
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """The stored analysis of one article, by its article id (or, if no article has that
    id, by its numeric primary key)."""
    article = store.get(article_id)
    key = stored_key(article_id) if article is None else None
    if key is not None:
        article = store.get(key)
    if article is None:
        raise HTTPException(404, f"no stored article {article_id!r}")
    return article.to_dict()


@router.get("/stats", summary="Technique use per outlet, month or week")
def stats(
    store: StoreDep,
    by: Annotated[str, Query(pattern="^(outlet|month|week)$")] = "outlet",
    technique: str | None = None,
    outlet: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Any]:
    """The same table as ``slant stats``: per group, articles, words, technique spans,
    spans per article, quotes, the top techniques (and with ``technique`` its share)."""
    from slant.store.queries import stats as run_stats

    filters, _ = corpus_filters(
        store, outlet=outlet, since=since, until=until, technique=technique, q=None
    )
    rows = run_stats(store, by=by, filters=filters)
    for row in rows:
        row["top_techniques"] = [list(pair) for pair in row["top_techniques"]]
    return {"by": by, "technique": technique, "rows": rows}


@router.get("/status", summary="Server and corpus status")
def status(store: StoreDep, service: ServiceDep) -> dict[str, Any]:
    """Stored article count, analyzers, limits, and whether the models are loaded."""
    from slant.pipeline import Pipeline
    from slant.version import __version__

    return {
        "version": __version__,
        "articles": store.count(),
        "analyzers": Pipeline(service.settings).names,
        "pipeline_loaded": service.loaded,
        "max_bytes": service.settings.max_bytes,
        "timeout_s": service.timeout,
    }
