"""``slant watch``: poll news feeds and store their new articles until stopped."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import app
from slant.cli._console import err
from slant.cli._fetch import DelayOption, FetchTimeoutOption, KeepOption
from slant.cli._options import (
    DbOption,
    LanguageOption,
    NarrativesOption,
    ProfileOption,
    StoriesOption,
    WithOption,
    split_names,
    with_user_narratives,
)


@app.command()
def watch(
    feeds: Annotated[
        list[str] | None, typer.Argument(help="RSS or Atom feed URLs.", show_default=False)
    ] = None,
    db: DbOption = None,
    interval: Annotated[
        float, typer.Option("--interval", min=1.0, help="Seconds between two polls of the feeds.")
    ] = 900.0,
    feeds_file: Annotated[
        Path | None, typer.Option("--feeds", help="A file of feed URLs, one a line (# comments).")
    ] = None,
    polls: Annotated[
        int | None, typer.Option("--polls", min=1, help="Stop after this many polls.")
    ] = None,
    only: Annotated[list[str] | None, typer.Option("--only")] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip")] = None,
    also: WithOption = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Skip pages larger than this.")
    ] = None,
    delay: DelayOption = 1.0,
    fetch_timeout: FetchTimeoutOption = 30.0,
    keep_html: KeepOption = None,
    profile: ProfileOption = None,
    language: LanguageOption = None,
    narratives: NarrativesOption = None,
    stories: StoriesOption = False,
) -> None:
    """Poll feeds every --interval seconds and store each new article (until Ctrl-C or
    SIGTERM, which stop cleanly: the article in hand is finished, nothing is half-written)."""
    from rich.markup import escape

    from slant.article import Skip
    from slant.cli._fetch import feed_list, open_web
    from slant.config import load_settings
    from slant.errors import UsageError
    from slant.fetch import Stopped, Stopper
    from slant.store import Store
    from slant.watch import watch as run_watch

    urls = feed_list(feeds, feeds_file)
    if not urls:
        raise UsageError("give feed URLs to watch (arguments or --feeds FILE)")
    settings = load_settings(
        only=split_names(only),
        skip=split_names(skip),
        add=split_names(also),
        max_bytes=max_bytes,
        on_error="record",
        profile=profile,
        language=language,
    )
    settings = with_user_narratives(settings, narratives)
    from slant.pipeline import Pipeline

    Pipeline(settings).check()  # a missing model: exit 2 before the store or a feed is touched
    store = Store(db)
    stopper = Stopper()
    web = open_web(
        delay=delay,
        timeout=fetch_timeout,
        keep=keep_html,
        offline=False,
        store=store,
        stopper=stopper,
    )

    def stop(signum: int, _frame: Any) -> None:
        stopper.stop()
        if stopper.waiting:  # nothing is being written: leave the network wait now
            raise Stopped

    def tick(item: Any) -> None:
        if isinstance(item, Skip):
            err.print(f"[yellow]skipped[/yellow] {escape(item.error)}")

    def polled(total: Any, report: Any, new: int) -> None:
        err.print(
            f"poll {total.polls}: {new} new item(s), stored {report.stored}, unchanged "
            f"{report.unchanged}, skipped {report.skipped} ({store.count()} articles)"
        )
        if stories and report.stored:
            from slant.cli.stories import assign_and_report

            assign_and_report(store)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    err.print(f"watching {len(urls)} feed(s) every {interval:g} s → {store.safe_url}")
    try:
        total = run_watch(
            urls,
            store,
            web=web,
            settings=settings,
            interval=interval,
            polls=polls,
            on_item=tick,
            on_poll=polled,
        )
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    how = "stopped" if stopper.stopped else "done"
    err.print(
        f"{how} after {total.polls} poll(s): stored {total.stored}, unchanged "
        f"{total.unchanged}, duplicate texts {total.duplicates}, skipped {total.skipped}"
    )
