"""``slant analyze``: analyse files, folders or stdin and print the output contract."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import app
from slant.cli._console import err
from slant.cli._fetch import DelayOption, FetchTimeoutOption, KeepOption, OfflineOption
from slant.cli._options import (
    LanguageOption,
    NarrativesOption,
    ProfileOption,
    WithOption,
    split_names,
    with_user_narratives,
)
from slant.cli._progress import AllFilesOption, Progress, format_rate, report_unread

SUMMARIES = ("text", "markdown")  # readable summaries (slant.report.summary)
FORMATS = ("json", "jsonl", "parquet", *SUMMARIES)


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .htm, .jsonl, .parquet, .pdf, .docx), folders (read "
            "recursively), - for stdin, or http(s):// URLs (fetched politely)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="json (one object), jsonl (one per line), parquet (needs --output), or a "
            "summary to read: text (coloured on a terminal) or markdown. "
            "Default: json for a single file or -, jsonl otherwise.",
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Hide technique spans scored below this, in every format (recorded as "
            "extras.techniques_min_score).",
        ),
    ] = None,
    workers: Annotated[
        str,
        typer.Option(
            "--workers",
            "-w",
            help="Analyse in this many processes; auto: the cores available, at most one "
            "per 0.9 GB of free memory and one per input.",
        ),
    ] = "auto",
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Run only these analyzers (comma-separated or repeated)."),
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Leave these analyzers out.")
    ] = None,
    also: WithOption = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Skip inputs larger than this.")
    ] = None,
    language_check: Annotated[
        bool | None,
        typer.Option(
            "--language-check/--no-language-check",
            help="Skip texts confidently identified as not English (default: on).",
        ),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="A slant.toml settings file.")
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local (processes on this machine) or ray (Ray Data actors; --workers is "
            "the number of actors; needs pip install 'slant\\[ray]').",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="Ray cluster to use with --engine ray: auto or ray://host:port "
            "(default: a local Ray instance on 127.0.0.1).",
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
) -> None:
    """Analyse articles and print one JSON object per article (-f text: a summary to read).

    PDF and Word files are found by their content, whatever their name. Bad inputs (empty,
    binary, bad encoding, too large, no article text, an encrypted PDF, a URL) are recorded
    in the output as {"id", "source", "error"} and reported on stderr; the run goes on.
    Parquet inputs hold one article per row (a "text" column, optional id, title, url,
    outlet, published, author, language). A URL is fetched (robots.txt obeyed, one request
    at a time per site) and its url, outlet and published date come from the page.
    """
    from slant.config import load_settings
    from slant.errors import UsageError
    from slant.output import dumps, filter_techniques, write_json
    from slant.pipeline import Pipeline
    from slant.readers import STDIN
    from slant.scale import analyze_paths, check_engine
    from slant.scale.inputs import expand_inputs
    from slant.scale.workers import resolve_workers

    if format not in (None, *FORMATS):
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    if format == "parquet" and output is None:
        raise UsageError("Parquet is binary: give --output FILE")
    check_engine(engine, address)
    settings = load_settings(
        config,
        only=split_names(only),
        skip=split_names(skip),
        add=split_names(also),
        max_bytes=max_bytes,
        language_check=language_check,
        on_error="record",
        profile=profile,
        language=language,
    )
    settings = with_user_narratives(settings, narratives)
    # fail fast on a bad analyzer choice or a missing model, before reading anything
    Pipeline(settings).check()
    unread: list[Path] = []
    files = list(expand_inputs(paths, all_files=all_files, unread=unread))
    report_unread(unread)
    many_per_file = (".jsonl", ".parquet")
    single = (
        len(paths) == 1
        and len(files) == 1
        and (
            paths[0] == STDIN
            # a file, not a folder (compared, not asked of the file system: a name may be too long)
            or (
                Path(paths[0]).suffix.lower() not in many_per_file
                and files[0] in (Path(paths[0]), paths[0])  # a URL is kept as typed
            )
        )
    )
    fmt = format or ("json" if single else "jsonl")
    # None: some input holds an unknown number of articles (JSON Lines, Parquet, stdin)
    total = (
        None
        if any(f.suffix.lower() in many_per_file or str(f) == STDIN for f in files)
        else len(files)
    )
    n_workers = resolve_workers(workers, total)
    from slant.cli._fetch import has_url, open_web

    web = (  # nothing touches the network unless a URL is given
        open_web(delay=delay, timeout=fetch_timeout, keep=keep_html, offline=offline)
        if has_url(paths)
        else None
    )
    results = analyze_paths(
        files, settings=settings, workers=n_workers, engine=engine, address=address, web=web
    )
    if fmt not in SUMMARIES:  # a summary hides them itself, and says how many it hid
        results = (filter_techniques(item, min_score) for item in results)
    n_ok = n_skipped = 0
    # opened before the progress bar starts: the real stdout, not Rich's redirect of it
    out: Any = (
        output.open("w", encoding="utf-8", newline="\n")
        if output and fmt != "parquet"
        else sys.stdout
    )
    # results printed on the terminal show the progress themselves
    show = not single and not (out is sys.stdout and out.isatty())
    with Progress("analysing", total, show=show) as progress:
        items = progress.track(_report(results))
        if fmt == "parquet":
            from slant.scale.parquet import write_parquet

            items = write_parquet(items, output or Path())
        try:
            if fmt == "json":
                collected = list(items)
                n_skipped = sum(1 for i in collected if not hasattr(i, "text"))
                n_ok = len(collected) - n_skipped
                if len(collected) == 1:
                    write_json(collected[0], out)
                else:  # several articles asked for as json: one JSON array
                    out.write("[\n" + ",\n".join(dumps(i) for i in collected) + "\n]\n")
            else:
                write = _summary_writer(fmt, out, min_score) if fmt in SUMMARIES else None
                for item in items:
                    if write is not None:
                        write(item)
                    elif fmt == "jsonl":
                        out.write(dumps(item) + "\n")
                    if hasattr(item, "text"):
                        n_ok += 1
                    else:
                        n_skipped += 1
        finally:
            if out is not sys.stdout:
                out.close()
    if n_ok + n_skipped > 1 or n_skipped or unread:
        not_read = f", not read {len(unread)}" if unread else ""
        err.print(
            f"analysed {n_ok}, skipped {n_skipped}{not_read} in {progress.elapsed:.1f} s "
            f"({format_rate(progress.rate)} articles/s, {n_workers} worker{'s' * (n_workers > 1)})"
        )


def _summary_writer(fmt: str, out: Any, min_score: float | None) -> Callable[[Any], None]:
    """A function writing one result's readable summary to ``out``.

    Text is coloured by Rich when ``out`` is a terminal, plain otherwise (pipes, files);
    Markdown is always written as Markdown source, to be pasted or converted.
    """
    from rich.console import Console

    from slant.report.summary import summary_markdown, summary_text

    console = Console(file=out, highlight=False) if fmt == "text" and out.isatty() else None
    first = True

    def write(item: Any) -> None:
        nonlocal first
        if fmt == "markdown":
            out.write(("" if first else "\n---\n\n") + summary_markdown(item, min_score=min_score))
        elif console is not None:
            if not first:
                console.rule(style="dim")
            console.print(summary_text(item, min_score=min_score), end="")
        else:
            out.write(("" if first else "\n") + summary_text(item, min_score=min_score).plain)
        first = False

    return write


def _report(items: Any) -> Any:
    """Pass items through, telling stderr about every skipped input."""
    from rich.markup import escape

    from slant.article import Skip

    for item in items:
        if isinstance(item, Skip):
            err.print(f"[yellow]skipped[/yellow] {escape(item.error)}")
        yield item
