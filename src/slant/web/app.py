"""The FastAPI app: REST API under ``/api``, server-rendered reader pages, local assets.

Security model: every byte of article text is untrusted. Templates autoescape, the reader
passes data to its script only through escaped ``data-*`` attributes, and every response
carries a Content-Security-Policy that allows scripts, styles and images from this origin
only (no inline script, no eval), forbids framing and sniffing. Request bodies are capped
(413) and each analysis has a time limit (503).
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from slant.config import Settings
from slant.version import __version__
from slant.web.analysis import AnalysisService

__all__ = ["CSP", "RequestTooLarge", "create_app"]

HERE = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# multipart framing, field names and the JSON envelope around a text at the article limit
BODY_OVERHEAD = 64 * 1024


class RequestTooLarge(StarletteHTTPException):
    """The request body is over the server's limit (an HTTPException, so FastAPI's body
    parsing passes it through instead of turning it into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"request body is over the limit of {limit:,} bytes (start the server with a "
            "larger --max-bytes to accept bigger articles)",
        )


class SecurityHeaders:
    """Adds the CSP and friends to every HTTP response (pure ASGI: no body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {h for h, _ in SECURITY_HEADERS}
                ]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.max_bytes:
                    exc = RequestTooLarge(self.max_bytes)
                    if declared < 0:
                        exc = StarletteHTTPException(400, "bad Content-Length header")
                    await _error_response(scope, exc.status_code, exc.detail)(scope, receive, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


def _wants_json(scope: Scope) -> bool:
    path = scope.get("path", "")
    return path.startswith("/api") or path == "/openapi.json"


def _error_response(scope: Scope, status: int, message: str) -> Response:
    if _wants_json(scope):
        return JSONResponse({"error": message}, status_code=status)
    from slant.web.routes.pages import error_page

    return error_page(status, message)


def create_app(
    settings: Settings | None = None,
    db_url: str | None = None,
    *,
    timeout: float = 60.0,
    max_request_bytes: int | None = None,
    warm: bool = False,
) -> FastAPI:
    """Build the web app.

    Args:
        settings: pipeline settings (analyzer choice, ``max_bytes`` per article...).
        db_url: the corpus store (SQLAlchemy URL or SQLite path; default ``slant.db``).
        timeout: seconds one analysis request may take, queueing included.
        max_request_bytes: request body limit; default ``settings.max_bytes`` + 64 KiB.
        warm: load the pipeline at startup instead of on the first analysis.

    Raises:
        UsageError: a bad analyzer choice in ``settings``.
        StoreError: the database cannot be opened.
    """
    from contextlib import asynccontextmanager

    from slant.pipeline import Pipeline
    from slant.store import Store
    from slant.web.routes import api, pages, stories

    # stored uploads carry their sentence vector for `slant stories`, as ingest's do
    settings = (settings or Settings()).with_(on_error="record", story_vectors=True)
    Pipeline(settings)  # a bad analyzer choice fails here, not on the first request
    store = Store(db_url)
    service = AnalysisService(settings, timeout=timeout)
    limit = max_request_bytes or settings.max_bytes + BODY_OVERHEAD

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        if warm:
            await service.warm_up()
        yield
        service.close()
        store.close()

    app = FastAPI(
        title="slant",
        version=__version__,
        summary="Explainable, offline analysis of news articles.",
        docs_url=None,  # our /docs page uses local assets and no inline script
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.analysis = service
    app.state.max_request_bytes = limit
    app.state.templates = pages.templates()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error_response(request.scope, exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = json.loads(json.dumps(exc.errors(), default=str))
        message = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors
        )
        if _wants_json(request.scope):
            return JSONResponse({"error": message, "detail": errors}, status_code=422)
        return _error_response(request.scope, 422, message)

    app.include_router(api.router)
    app.include_router(stories.api)
    app.include_router(pages.router)
    app.include_router(stories.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/vendor/swagger-ui", StaticFiles(directory=_swagger_dir()), name="swagger")
    app.add_middleware(BodyLimit, max_bytes=limit)
    app.add_middleware(SecurityHeaders)
    return app


def _swagger_dir() -> Path:
    """The Swagger UI 5 assets shipped inside the ``fastapi-offline`` wheel (no CDN)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"
