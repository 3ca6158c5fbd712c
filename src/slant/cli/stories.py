"""``slant stories`` (put stored articles into stories) and ``slant eval stories``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import app, eval_app
from slant.cli._console import err
from slant.cli._options import DbOption

STORY_DATA = Path("../shared/data/story-clusters")

Representation = Annotated[
    str | None,
    typer.Option(
        "--representation",
        help="mixed (TF-IDF + MiniLM, the most accurate), tfidf (no MiniLM: for large "
        "backfills) or minilm [default: the store's, else mixed].",
        show_default=False,
    ),
]
Threshold = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0.0,
        max=1.0,
        help="Lowest mean similarity within a story (default: the measured one).",
    ),
]
Window = Annotated[
    int,
    typer.Option("--window", min=0, help="Days: dated articles further apart are never one story."),
]
NoDates = Annotated[
    bool, typer.Option("--no-dates", help="Ignore publication dates (content alone).")
]


def _options(
    representation: str | None, threshold: float | None, window: int, no_dates: bool
) -> Any:
    from slant.stories import StoryOptions

    return StoryOptions(
        representation=representation,
        threshold=threshold,
        window=None if no_dates else window,
    )


def assign_and_report(store: Any, options: Any = None, *, rebuild: bool = False) -> Any:
    """Run :func:`slant.stories.assign` and print one line about it."""
    from slant.stories import assign

    report = assign(store, options, rebuild=rebuild)
    err.print(
        f"stories: {report.articles} article(s) assigned ({report.vectors} vectors computed), "
        f"{report.opened} new, {report.grown} grown, {report.merges} merged → "
        f"{report.stories} stories in {report.seconds:.1f} s ({report.cpu_seconds:.1f} cpu-s)"
    )
    return report


@app.command()
def stories(
    db: DbOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Forget every story and recluster all articles.")
    ] = False,
    representation: Representation = None,
    threshold: Threshold = None,
    window: Window = 3,
    no_dates: NoDates = False,
) -> None:
    """Put every stored article without a story into one (incremental; ids stay stable as
    stories grow, merges are recorded). List them with `slant stats --by story`."""
    from slant.store import Store

    assign_and_report(
        Store(db), _options(representation, threshold, window, no_dates), rebuild=rebuild
    )


def print_story_stats(store: Any, *, filters: Any, top: int, as_json: bool) -> None:
    """``slant stats --by story``: one row per story, largest first."""
    from rich.console import Console
    from rich.table import Table

    from slant.store.queries import story_stats

    rows = story_stats(store, filters=filters, top=top)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="slant stats by story")
    for col in ("story", "articles", "outlets", "dates", "headline", "spans/article", "quotes"):
        table.add_column(col, justify="right" if col in ("articles", "quotes") else "left")
    for r in rows:
        dates = r["first"] or ""
        if r["last"] and r["last"] != r["first"]:
            dates += f" … {r['last']}"
        table.add_row(
            str(r["story"]),
            str(r["articles"]),
            ", ".join(r["outlets"][:4]) + (" …" if len(r["outlets"]) > 4 else ""),
            dates,
            (r["headline"] or "")[:70],
            f"{r['spans_per_article']:.2f}",
            str(r["quotes"]),
        )
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)


@eval_app.command("stories")
def eval_stories(
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="The story-clusters folder.")
    ] = STORY_DATA,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="ecbplus, basil, allsides, pac (default: all there)."),
    ] = None,
    representation: Representation = None,
    threshold: Threshold = None,
    window: Window = 3,
    no_dates: NoDates = False,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline/--no-baseline",
            help="Also score the TF-IDF average-link baseline (fitted on the set itself).",
        ),
    ] = True,
    work_dir: Annotated[
        Path | None, typer.Option("--work-dir", help="Keep each set's store and export here.")
    ] = None,
) -> None:
    """B-cubed and pairwise P/R/F1 of `slant stories` on story-cluster sets: each set goes
    through ingest (--only tone: the clusterer reads title and text) → stories → export."""
    import tempfile

    from slant.stories.evaluate import SETS, read_set

    names = list(sets or [n for n, (folder, _) in SETS.items() if (data_dir / folder).is_dir()])
    opts = _options(representation, threshold, window, no_dates)
    with tempfile.TemporaryDirectory(prefix="slant-eval-stories-") as tmp:
        root = work_dir or Path(tmp)
        for name in names:
            docs = read_set(data_dir, name)
            scores = run_product(docs, root / name, opts, dates=not no_dates)
            for key, value in scores.items():
                typer.echo(f"{name}.{key}: {value:.4f}")
            if baseline:
                from slant.stories.evaluate import BASELINE_THRESHOLD, baseline_partition
                from slant.stories.evaluate import score_partition as score

                gold = {d.id: d.cluster for d in docs}
                pred = baseline_partition(docs, threshold=BASELINE_THRESHOLD)
                for key, value in score(gold, pred).items():
                    typer.echo(f"{name}.baseline_{key}: {value:.4f}")


def run_product(docs: list[Any], folder: Path, options: Any, *, dates: bool) -> dict[str, float]:
    """ingest → stories → export of one set in ``folder``; the exported stories scored."""
    from slant.config import load_settings
    from slant.ingest import ingest
    from slant.store import Store
    from slant.store.export import export
    from slant.stories import assign
    from slant.stories.evaluate import score_partition

    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "articles.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.record(dates=dates), ensure_ascii=False) + "\n")
    db = folder / "stories.db"
    for old in folder.glob("stories.db*"):
        old.unlink()
    store = Store(str(db))
    try:
        settings = load_settings(only=("tone",), on_error="record")
        ingest([src], store, settings=settings, workers=1)
        report = assign(store, options)
        err.print(
            f"{folder.name}: {report.articles} articles → {report.stories} stories "
            f"in {report.seconds:.1f} s"
        )
        out = folder / "export.jsonl"
        export(store, "jsonl", out)
    finally:
        store.close()
    pred: dict[str, Any] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        pred[rec["id"]] = rec["story"] if rec["story"] is not None else ("none", rec["id"])
    gold = {d.id: d.cluster for d in docs}
    return score_partition(gold, pred)
