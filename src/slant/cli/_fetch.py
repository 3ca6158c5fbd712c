"""Options and helpers shared by the commands that fetch URLs (analyze, ingest, watch)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from slant.fetch import Links, PageReader, Stopper

PANEL = "Web pages (URLs, feeds, sitemaps)"

DelayOption = Annotated[
    float,
    typer.Option(
        "--delay",
        min=0.0,
        help="Seconds between two requests to one site (a longer robots.txt Crawl-delay wins).",
        rich_help_panel=PANEL,
    ),
]
FetchTimeoutOption = Annotated[
    float,
    typer.Option(
        "--fetch-timeout",
        min=0.1,
        help="Seconds a server may take to answer, and a download to finish.",
        rich_help_panel=PANEL,
    ),
]
KeepOption = Annotated[
    Path | None,
    typer.Option(
        "--keep-html",
        help="Keep every page, feed and sitemap fetched in this folder, as it came.",
        rich_help_panel=PANEL,
    ),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Fetch nothing: read URLs from the --keep-html folder of an earlier run.",
        rich_help_panel=PANEL,
    ),
]


def has_url(values: list[str] | None) -> bool:
    from slant.readers.names import is_url

    return any(is_url(v) for v in values or ())


def open_web(
    *,
    delay: float,
    timeout: float,
    keep: Path | None,
    offline: bool,
    store: Any = None,
    reanalyze: bool = False,
    stopper: Stopper | None = None,
) -> PageReader:
    """A page reader for this command, closed when the command ends."""
    import click

    from slant.errors import UsageError
    from slant.fetch import Fetcher, FetchOptions, PageReader

    if offline and keep is None:
        raise UsageError("--offline reads the pages kept by --keep-html: give --keep-html DIR")
    options = FetchOptions(delay=delay, timeout=timeout, keep=keep, offline=offline)
    index = None
    if store is not None:
        from slant.store.urls import UrlIndex

        index = UrlIndex(store)
    reader = PageReader(Fetcher(options, stopper=stopper), index=index, revalidate=reanalyze)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(reader.close)
    return reader


def feed_list(feeds: list[str] | None, feeds_file: Path | None) -> list[str]:
    """``--feed`` values, then the lines of ``--feeds FILE``."""
    from slant.errors import UsageError
    from slant.fetch import read_feeds_file

    out = list(feeds or ())
    if feeds_file is not None:
        try:
            out += read_feeds_file(feeds_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--feeds {feeds_file}: cannot read ({exc})") from None
    for url in out:
        if not has_url([url]):
            raise UsageError(f"a feed must be an http:// or https:// URL, not {url!r}")
    return out


def gather_links(web: PageReader, feeds: list[str], sitemaps: list[str]) -> Links:
    """The article URLs of the feeds and sitemaps; those that could not be read are
    reported on stderr (and are the caller's to record)."""
    from rich.markup import escape

    from slant.cli._console import err
    from slant.fetch import gather

    links = gather(web.fetcher, feeds=feeds, sitemaps=sitemaps)
    for skip in links.skips:
        err.print(f"[yellow]skipped[/yellow] {escape(skip.error)}")
    return links
