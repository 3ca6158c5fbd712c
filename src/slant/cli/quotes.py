"""``slant eval quotes``: score the quotes analyzer on PolNeAR (brat standoff)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slant.cli import eval_app

POLNEAR = Path("../shared/data/polnear")


@eval_app.command("quotes")
def eval_quotes(
    data_dir: Annotated[
        Path, typer.Argument(help="The PolNeAR folder holding train/ and dev/.")
    ] = POLNEAR,
    split: Annotated[str, typer.Option(help="Split to score: dev or train.")] = "dev",
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N articles (quick checks).")
    ] = None,
) -> None:
    """Content (exact, overlap), cue and speaker P/R/F1; prints `name: value` lines."""
    from slant.errors import UsageError
    from slant.training.quotes import evaluate_polnear

    if split not in ("dev", "train"):
        raise UsageError(f"--split must be dev or train, not {split!r}")
    try:
        scores = evaluate_polnear(data_dir, split, limit=limit)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"split: {split}")
    for k, v in scores.items():
        typer.echo(f"{k}: {v:g}" if isinstance(v, int) else f"{k}: {v:.4f}")
