"""``slant train|eval genre|frames``: SemEval-2023 Task 3 subtasks 1 and 2."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import eval_app, train_app

SEMEVAL = Path("../shared/data/semeval2023-task3")

DataDir = Annotated[
    Path, typer.Argument(help="The SemEval-2023 Task 3 folder holding en/, fr/, ...")
]
Folds = Annotated[int, typer.Option(help="Cross-validation folds.")]
Seed = Annotated[int, typer.Option(help="Seed of the fold assignment.")]
Lang = Annotated[str, typer.Option(help="Language folder with train labels (en, fr, ge, ...).")]


def _print(scores: dict[str, Any]) -> None:
    for k, v in scores.items():
        if isinstance(v, int):
            typer.echo(f"{k}: {v}")
        else:
            typer.echo(f"{k}: {'nan' if math.isnan(v) else f'{v:.4f}'}")


def _evaluate(task: str, data_dir: Path, lang: str, folds: int, seed: int) -> None:
    from slant.errors import UsageError
    from slant.training.frames import cross_validate

    if folds < 2:
        raise UsageError("--folds must be at least 2")
    try:
        scores = cross_validate(task, data_dir, lang=lang, folds=folds, seed=seed)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"task: {task}")
    typer.echo(f"lang: {lang}")
    _print(scores)


def _train(task: str, data_dir: Path, out: Path | None, lang: str) -> None:
    from slant.errors import UsageError
    from slant.training.frames import train

    try:
        path = train(task, data_dir, out, lang=lang)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"model: {path}")
    typer.echo(f"bytes: {path.stat().st_size}")


@eval_app.command("genre")
def eval_genre(
    data_dir: DataDir = SEMEVAL, lang: Lang = "en", folds: Folds = 5, seed: Seed = 13
) -> None:
    """Genre macro-F1 (official), per-class F1 and reliability by k-fold CV."""
    _evaluate("genre", data_dir, lang, folds, seed)


@eval_app.command("frames")
def eval_frames(
    data_dir: DataDir = SEMEVAL, lang: Lang = "en", folds: Folds = 5, seed: Seed = 13
) -> None:
    """Frames micro-F1 (official), macro-F1, per-frame F1 and reliability by k-fold CV."""
    _evaluate("frames", data_dir, lang, folds, seed)


@train_app.command("genre")
def train_genre(
    data_dir: DataDir = SEMEVAL,
    out: Annotated[Path | None, typer.Option(help="Model file (default: shipped).")] = None,
    lang: Lang = "en",
) -> None:
    """Fit the genre model on all train articles of LANG."""
    _train("genre", data_dir, out, lang)


@train_app.command("frames")
def train_frames(
    data_dir: DataDir = SEMEVAL,
    out: Annotated[Path | None, typer.Option(help="Model file (default: shipped).")] = None,
    lang: Lang = "en",
) -> None:
    """Fit the frames model on all train articles of LANG."""
    _train("frames", data_dir, out, lang)
