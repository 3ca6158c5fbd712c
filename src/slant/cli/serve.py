"""``slant serve``: the REST API and the reader pages (FastAPI on uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from slant.cli import app
from slant.cli._options import (
    DbOption,
    LanguageOption,
    NarrativesOption,
    ProfileOption,
    WithOption,
    split_names,
    with_user_narratives,
)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8000,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run just these analyzers.")
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Leave these analyzers out.")
    ] = None,
    also: WithOption = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", min=1, help="Largest article accepted (bytes).")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds one analysis request may take.")
    ] = 60.0,
    warm: Annotated[
        bool, typer.Option("--warm/--lazy", help="Load the models at startup (default: lazy).")
    ] = False,
    profile: ProfileOption = None,
    language: LanguageOption = None,
    narratives: NarrativesOption = None,
) -> None:
    """Serve the reader and the REST API (docs at /docs, schema at /openapi.json)."""
    import uvicorn

    from slant.cli._console import err
    from slant.config import load_settings
    from slant.web import create_app

    settings = load_settings(
        only=split_names(only),
        skip=split_names(skip),
        add=split_names(also),
        max_bytes=max_bytes,
        profile=profile,
        language=language,
    )
    settings = with_user_narratives(settings, narratives)
    from slant.pipeline import Pipeline

    Pipeline(settings).check()  # a missing model: exit 2 now, not a 503 on every request
    web = create_app(settings, db, timeout=timeout, warm=warm)
    # the reader's URL field: visitors from elsewhere must not reach this machine's network
    web.state.fetch_private = host in ("127.0.0.1", "localhost", "::1")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can "
            "read the corpus and run analyses (there is no authentication)"
        )
    err.print(f"slant: reader at http://{host}:{port}/ · corpus {web.state.store.safe_url}")
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=False)
