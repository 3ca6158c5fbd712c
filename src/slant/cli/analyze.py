"""``slant analyze``: analyse files, folders or stdin and print the output contract."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import app
from slant.cli._console import err


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(x.strip() for v in values for x in v.split(",") if x.strip())


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .htm, .jsonl), folders (read recursively) or - for stdin."
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
            help="json (one object), jsonl (one per line) or parquet (needs --output). "
            "Default: json for a single file or -, jsonl otherwise.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Analyse in this many processes.")
    ] = 1,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Run only these analyzers (comma-separated or repeated)."),
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Leave these analyzers out.")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="Skip inputs larger than this.")
    ] = None,
    language_check: Annotated[
        bool | None,
        typer.Option(
            "--language-check/--no-language-check",
            help="Skip texts that do not look like English (default: on).",
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
            "the number of actors; needs pip install 'slant[ray]').",
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
) -> None:
    """Analyse articles and print one JSON object per article.

    Bad inputs (empty, binary, bad encoding, too large, no article text) are recorded in
    the output as {"id", "source", "error"} and reported on stderr; the run goes on.
    Parquet inputs hold one article per row (a "text" column, optional id, title, url,
    outlet, published, author, language).
    """
    from slant.config import load_settings
    from slant.errors import UsageError
    from slant.output import dumps, write_json
    from slant.pipeline import Pipeline
    from slant.readers import STDIN
    from slant.scale import analyze_paths, check_engine
    from slant.scale.inputs import expand_inputs

    if format not in (None, "json", "jsonl", "parquet"):
        raise UsageError(f"--format must be json, jsonl or parquet, not {format!r}")
    if format == "parquet" and output is None:
        raise UsageError("Parquet is binary: give --output FILE")
    check_engine(engine, address)
    settings = load_settings(
        config,
        only=_split(only),
        skip=_split(skip),
        max_bytes=max_bytes,
        language_check=language_check,
        on_error="record",
    )
    Pipeline(settings)  # fail fast on a bad analyzer choice, before reading anything
    files = list(expand_inputs(paths))
    many_per_file = (".jsonl", ".parquet")
    single = (
        len(paths) == 1
        and len(files) == 1
        and (
            paths[0] == STDIN
            or (Path(paths[0]).suffix.lower() not in many_per_file and not Path(paths[0]).is_dir())
        )
    )
    fmt = format or ("json" if single else "jsonl")
    results = analyze_paths(
        files, settings=settings, workers=workers, engine=engine, address=address
    )
    if fmt == "parquet":
        from slant.scale.parquet import write_parquet

        n_ok = n_skipped = 0
        for item in _report(write_parquet(results, output or Path())):
            if hasattr(item, "text"):
                n_ok += 1
            else:
                n_skipped += 1
        err.print(f"analysed {n_ok}, skipped {n_skipped}")
        return
    out: Any = output.open("w", encoding="utf-8", newline="\n") if output else sys.stdout
    n_ok = n_skipped = 0
    try:
        if fmt == "json":
            items = list(_report(results))
            n_skipped = sum(1 for i in items if not hasattr(i, "text"))
            n_ok = len(items) - n_skipped
            if len(items) == 1:
                write_json(items[0], out)
            else:  # several articles asked for as json: one JSON array
                out.write("[\n" + ",\n".join(dumps(i) for i in items) + "\n]\n")
        else:
            total = (
                None
                if any(f.suffix.lower() in many_per_file or str(f) == STDIN for f in files)
                else len(files)
            )
            for item in _progress(
                _report(results), total=total, show=len(files) > 1 or total is None
            ):
                out.write(dumps(item) + "\n")
                if hasattr(item, "text"):
                    n_ok += 1
                else:
                    n_skipped += 1
    finally:
        if output:
            out.close()
    if n_ok + n_skipped > 1 or n_skipped:
        err.print(f"analysed {n_ok}, skipped {n_skipped}")


def _report(items: Any) -> Any:
    """Pass items through, telling stderr about every skipped input."""
    from rich.markup import escape

    from slant.article import Skip

    for item in items:
        if isinstance(item, Skip):
            err.print(f"[yellow]skipped[/yellow] {escape(item.error)}")
        yield item


def _progress(items: Any, *, total: int | None, show: bool) -> Any:
    if not show or not err.is_terminal:
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("analyse", total=total)
        for item in items:
            yield item
            progress.advance(task)
