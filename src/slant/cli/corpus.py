"""Corpus commands: ``ingest``, ``stats``, ``search``, ``export``, ``report``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import app
from slant.cli._console import err
from slant.cli._fetch import PANEL, DelayOption, FetchTimeoutOption, KeepOption, OfflineOption
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
from slant.cli._progress import AllFilesOption


def _date(value: str | None, name: str) -> dt.date | None:
    from slant.errors import UsageError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} must be a date like 2022-01-31, not {value!r}") from None


def _filters(
    outlet: str | None,
    since: str | None,
    until: str | None,
    technique: str | None,
    language: str | None = None,
) -> Any:
    from slant.errors import UsageError
    from slant.labels import TECHNIQUES
    from slant.store.queries import Filters

    if technique is not None and technique not in TECHNIQUES:
        raise UsageError(f"unknown technique {technique!r}; one of: {', '.join(TECHNIQUES)}")
    return Filters(
        outlet=outlet,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        technique=technique,
        language=language,
    )


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders, - or URLs (as for analyze).")
    ] = None,
    db: DbOption = None,
    workers: Annotated[
        str,
        typer.Option(
            "--workers", "-w", help="Processes, or auto (as for analyze: cores, memory, inputs)."
        ),
    ] = "auto",
    reanalyze: Annotated[
        bool, typer.Option("--reanalyze", help="Re-analyse texts stored by another model version.")
    ] = False,
    only: Annotated[list[str] | None, typer.Option("--only")] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip")] = None,
    also: WithOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local (processes) or ray (Ray Data actors, --workers of them; also reads "
            "Parquet; needs pip install 'slant\\[ray]').",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster for --engine ray: auto or ray://host:port."),
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Skip inputs larger than this.")
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            help="An RSS or Atom feed: store every article it links.",
            rich_help_panel=PANEL,
        ),
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option(
            "--sitemap",
            help="A sitemap or sitemap index: store every article it lists.",
            rich_help_panel=PANEL,
        ),
    ] = None,
    feeds_file: Annotated[
        Path | None,
        typer.Option(
            "--feeds", help="A file of feed URLs, one a line (# comments).", rich_help_panel=PANEL
        ),
    ] = None,
    delay: DelayOption = 1.0,
    fetch_timeout: FetchTimeoutOption = 30.0,
    keep_html: KeepOption = None,
    offline: OfflineOption = False,
    all_files: AllFilesOption = False,
    profile: ProfileOption = None,
    language: LanguageOption = None,
    narratives: NarrativesOption = None,
    stories: StoriesOption = False,
) -> None:
    """Analyse articles and store them (each text once; safe to kill and resume).

    URLs, feeds and sitemaps are fetched politely; a page whose article is stored is not
    downloaded again (with --reanalyze it is asked for again, conditionally)."""
    from slant.cli._fetch import feed_list, gather_links, has_url, open_web
    from slant.cli._progress import Progress, format_rate, report_unread
    from slant.config import load_settings
    from slant.errors import UsageError
    from slant.scale import check_engine, ingest_paths
    from slant.scale.inputs import expand_inputs
    from slant.scale.workers import resolve_workers
    from slant.store import Store

    check_engine(engine, address)
    feeds, sitemaps = feed_list(feed, feeds_file), list(sitemap or ())
    if not paths and not feeds and not sitemaps:
        raise UsageError("give files, folders or URLs to ingest, or --feed / --sitemap / --feeds")
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
    store = Store(db)
    web = None  # nothing touches the network unless a URL is given
    feed_skips: list[Any] = []
    urls: list[Any] = []
    if feeds or sitemaps or has_url(paths):
        web = open_web(
            delay=delay,
            timeout=fetch_timeout,
            keep=keep_html,
            offline=offline,
            store=store,
            reanalyze=reanalyze,
        )
        links = gather_links(web, feeds, sitemaps)
        urls, feed_skips = links.urls, links.skips
        for skip_ in feed_skips:
            store.add_skip(skip_)
    unread: list[Path] = []  # folder files of no known type (read with --all-files)
    files = [*expand_inputs(paths or (), all_files=all_files, unread=unread), *urls]
    report_unread(unread)
    # None: some input holds an unknown number of articles
    many = (".jsonl", ".parquet")
    total = None if any(f.suffix.lower() in many or str(f) == "-" for f in files) else len(files)
    n_workers = resolve_workers(workers, total)
    with Progress("ingesting", total) as progress:

        def tick(item: Any) -> None:
            from rich.markup import escape

            from slant.article import Skip

            if isinstance(item, Skip):
                err.print(f"[yellow]skipped[/yellow] {escape(item.error)}")
            progress.advance()

        report = ingest_paths(
            files,
            store,
            settings=settings,
            workers=n_workers,
            reanalyze=reanalyze,
            on_item=tick,
            engine=engine,
            address=address,
            web=web,
        )
    report.skipped += len(feed_skips)  # feeds and sitemaps that could not be read
    fetched = f", downloaded {web.downloaded} page(s)" if web is not None else ""
    err.print(
        f"stored {report.stored}, unchanged {report.unchanged}, duplicate texts "
        f"{report.duplicates}, skipped {report.skipped}{fetched}"
        f"{f', not read {len(unread)}' if unread else ''} → {store.safe_url} "
        f"({store.count()} articles) in {progress.elapsed:.1f} s "
        f"({format_rate(progress.rate)} articles/s, {n_workers} worker{'s' * (n_workers > 1)})"
    )
    if stories:
        from slant.cli.stories import assign_and_report

        assign_and_report(store)


@app.command()
def stats(
    db: DbOption = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="outlet, month or week; or speaker: quotes (speech) per speaker, with their "
            "other attributions (thoughts, intentions, stances) apart (names linked across "
            "the corpus; teaser and repeated paragraphs left out); or story: per story "
            "(slant stories), largest first; or role: per outlet and month, whom the "
            "articles cast as heroes, villains and victims (--role to pick one); or "
            "narrative: per outlet and month, the narratives the articles push.",
        ),
    ] = "outlet",
    role: Annotated[
        str | None,
        typer.Option("--role", help="With --by role: hero, villain or victim (or the main role)."),
    ] = None,
    technique: Annotated[
        str | None, typer.Option("--technique", help="Only articles using it.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only articles analysed as en or ru.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=1,
            help="With --by speaker or story: the N most quoted or largest; with --by role: "
            "the N most cast per outlet, month and role.",
        ),
    ] = 50,
) -> None:
    """Technique use per outlet, month or week; or quotes per speaker."""
    import json

    from rich.console import Console
    from rich.table import Table

    from slant.store import Store
    from slant.store.queries import speaker_stats
    from slant.store.queries import stats as run_stats

    filters = _filters(outlet, since, until, technique, language)
    if by == "story":
        from slant.cli.stories import print_story_stats

        print_story_stats(Store(db), filters=filters, top=top, as_json=as_json)
        return
    if by == "narrative":
        from slant.cli.narratives import print_narrative_stats

        print_narrative_stats(Store(db), filters=filters, top=top, as_json=as_json)
        return
    if by == "role":
        from slant.cli.roles import print_role_stats

        print_role_stats(Store(db), filters=filters, role=role, top=top, as_json=as_json)
        return
    if by == "speaker":
        speakers = speaker_stats(Store(db), filters=filters, top=top)
        if as_json:
            typer.echo(json.dumps(speakers, ensure_ascii=False, indent=2))
            return
        table = Table(
            title="slant stats by speaker" + (f" — {technique}" if technique else ""),
            caption="quotes: what was said; other attributions: thoughts, intentions, stances",
        )
        for col in ("speaker", "quotes", "articles", "other attributions"):
            table.add_column(col, justify="left" if col == "speaker" else "right")
        for r in speakers:
            table.add_row(
                r["speaker"], str(r["quotes"]), str(r["articles"]), str(r["other_attributions"])
            )
        Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)
        return
    rows = run_stats(Store(db), by=by, filters=filters)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"slant stats by {by}" + (f" — {technique}" if technique else ""))
    for col in (by, "articles", "words", "spans", "spans/article", "quotes", "top techniques"):
        table.add_column(col, justify="right" if col not in (by, "top techniques") else "left")
    if technique:
        table.add_column(f"{technique} share", justify="right")
    for r in rows:
        cells = [
            r["group"],
            str(r["articles"]),
            f"{r['words']:,}",
            str(r["technique_spans"]),
            f"{r['spans_per_article']:.2f}",
            str(r["quotes"]),
            ", ".join(f"{t} {n}" for t, n in r["top_techniques"]),
        ]
        if technique:
            cells.append(f"{r['technique_share']:.1%}")
        table.add_row(*cells)
    # a pipe or file gets a wide table rather than rich's 80-column default
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="Words that must all appear (stemmed).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 20,
) -> None:
    """Full-text search over stored titles and texts."""
    from rich.console import Console
    from rich.markup import escape

    from slant.store import Store
    from slant.store.queries import search as run_search

    hits = run_search(Store(db), words, limit=limit)
    out = Console(soft_wrap=True)
    for h in hits:
        out.print(
            f"[bold]{escape(h['id'])}[/bold]  {escape(h['title'] or '')}  "
            f"[dim]{escape(h['outlet'] or '')} {h['published'] or ''}[/dim]"
        )
        out.print("   " + escape((h["snippet"] or "").replace("\n", " ")))
    err.print(f"{len(hits)} result(s)")


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Leave out technique spans scored below this (as with analyze).",
        ),
    ] = None,
) -> None:
    """Export every stored article."""
    from slant.store import Store
    from slant.store.export import export as run_export

    n = run_export(Store(db), format, output if output else sys.stdout, min_score=min_score)
    err.print(f"exported {n} articles")


@app.command()
def report(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("report.html"),
    png: Annotated[bool, typer.Option("--png", help="Also write each plot as a PNG.")] = False,
    outlet: Annotated[str | None, typer.Option("--outlet")] = None,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only articles analysed as en or ru.")
    ] = None,
) -> None:
    """Write a self-contained HTML report with plots (viewable with no network)."""
    from slant.report import write_report
    from slant.store import Store

    filters = _filters(outlet, since, until, None, language)
    files = write_report(Store(db), output, filters=filters, png=png)
    for f in files:
        err.print(f"wrote {f}")
