"""``slant eval quotes`` / ``slant train quotes``: the attribution tagger on PolNeAR."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slant.cli import eval_app, train_app

POLNEAR = Path("../shared/data/polnear")


def _echo_scores(scores: dict[str, float]) -> None:
    """``name: value`` lines: counts as integers, scores to four places."""
    for k, v in scores.items():
        typer.echo(f"{k}: {v:g}" if isinstance(v, int) else f"{k}: {v:.4f}")


@eval_app.command("quotes")
def eval_quotes(
    data_dir: Annotated[
        Path, typer.Argument(help="The PolNeAR folder holding train/ and dev/.")
    ] = POLNEAR,
    split: Annotated[str, typer.Option(help="Split to score: dev or train.")] = "dev",
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N articles (quick checks).")
    ] = None,
    method: Annotated[
        str, typer.Option(help="crf (the shipped tagger) or rules (the rule system alone).")
    ] = "crf",
    model_dir: Annotated[
        Path | None, typer.Option(help="Folder with attribution.npz (default: shipped).")
    ] = None,
    agreement: Annotated[
        bool,
        typer.Option(
            "--agreement",
            help="Score PolNeAR's annotators against each other instead (articles annotated "
            "more than once in train and annotator-training): the human ceiling of each metric.",
        ),
    ] = False,
) -> None:
    """Content (exact, overlap), cue and speaker P/R/F1; prints `name: value` lines."""
    from slant.errors import UsageError
    from slant.training.quotes import annotator_agreement, evaluate_polnear

    if agreement:
        try:
            scores = annotator_agreement(data_dir)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        typer.echo("split: annotators (train, annotator-training)")
        _echo_scores(scores)
        return
    if split not in ("dev", "train"):
        raise UsageError(f"--split must be dev or train, not {split!r}")
    options = {"method": method, "model_dir": str(model_dir) if model_dir else None}
    try:
        scores = evaluate_polnear(data_dir, split, limit=limit, options=options)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"split: {split}")
    typer.echo(f"method: {method}")
    _echo_scores(scores)


@train_app.command("quotes")
def train_quotes(
    data_dir: Annotated[Path, typer.Argument(help="The PolNeAR folder holding train/.")] = POLNEAR,
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default: the shipped resources).")
    ] = None,
    full: Annotated[
        bool, typer.Option(help="Train on all of train, held-out tenth included.")
    ] = False,
) -> None:
    """Train the cue and role CRFs (fixed settings); prints held-out `name: value` lines."""
    import logging

    from slant.analyzers.quotes import model_dir_default
    from slant.errors import UsageError
    from slant.training.quotes import train_polnear

    logging.getLogger("slant.training.quotes").setLevel(logging.INFO)
    target = out or Path(model_dir_default())
    try:
        scores = train_polnear(data_dir, target, full=full)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"model: {target / 'attribution.npz'}")
    _echo_scores(scores)
