"""``slant train|eval narratives``: SemEval-2025 Task 10 subtask 2 (English)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import eval_app, train_app

SEMEVAL = Path("../shared/data/semeval2025-task10")

DataDir = Annotated[
    Path, typer.Argument(help="The SemEval-2025 Task 10 folder (train/EN, scorers/).")
]
Cache = Annotated[
    Path | None,
    typer.Option(help="Cache the encoded articles in this .npz (reused when it exists)."),
]
CValue = Annotated[float, typer.Option("--c", help="Inverse L2 strength of the heads.")]
UseLangs = Annotated[
    str,
    typer.Option(
        "--use-langs",
        help="Other train languages pooled into the USE heads (comma-separated; 'none': "
        "no USE heads). Their USE vectors are cached next to --cache.",
    ),
]
UserEncoder = Annotated[
    str | None,
    typer.Option(
        "--user-encoder",
        help="Sentence encoder of the user-narrative matcher: use-m3 or minilm-l6 "
        "(default: the shipped choice). Its line vectors are cached next to --cache.",
    ),
]
PTC_DIR = "semeval2020-task11-ptc/train-articles"  # the user narratives' background, next
# to the SemEval-2025 folder


def _user_setup(data: Any, data_dir: Path, cache: Path | None, encoder: str | None):
    """(background, line vectors) of the user matcher on ``encoder``."""
    from slant.analyzers.narratives import DEFAULT_ENCODER
    from slant.training.user_narratives import PTC, build_background, user_lines

    name = encoder or DEFAULT_ENCODER
    ptc = data_dir.parent / PTC_DIR
    background = build_background(ptc if ptc.is_dir() else PTC, encoder=name)
    lines = user_lines(data, name, cache.parent / f"user_{name}.npz" if cache else None)
    return background, lines


def _data(data_dir: Path, cache: Path | None):
    from slant.errors import UsageError
    from slant.training.narratives import load_data

    if not (data_dir / "train" / "EN").is_dir():
        raise UsageError(f"{data_dir}: no train/EN folder (SemEval-2025 Task 10)")
    return load_data(data_dir, cache)


def _use(data_dir: Path, cache: Path | None, langs: str, en_ids: list[str]):
    from slant.training.narratives_use import load_use

    if langs.strip().lower() == "none":
        return None
    codes = [x.strip().upper() for x in langs.split(",") if x.strip()]
    for code in codes:
        if not (data_dir / "train" / code / "subtask-2-annotations.txt").is_file():
            from slant.errors import UsageError

            raise UsageError(
                f"{data_dir}: no train/{code} subtask-2 annotations for the USE heads; "
                "pass --use-langs with the languages you have, or --use-langs none"
            )
    return load_use(en_ids, data_dir, codes, cache.parent if cache else None)


@eval_app.command("narratives")
def eval_narratives(
    data_dir: DataDir = SEMEVAL,
    cache: Cache = None,
    c: CValue = 1.0,
    use_langs: UseLangs = "PT,RU",
    user: Annotated[bool, typer.Option(help="Also score the user-narrative matcher (k=3).")] = True,
    user_encoder: UserEncoder = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every figure here.")
    ] = None,
) -> None:
    """Official samples-F1 (fine, coarse) on cross-fitted halves of the EN train split.

    Also prints the TF-IDF baseline, "Other" everywhere, the model without its USE heads
    and user narratives (each sub-narrative with 3 examples from train) under the same
    protocol. The other languages only ever train the USE heads; scored articles are English.
    """
    from functools import partial

    from slant.training.narratives import crossfit
    from slant.training.user_narratives import evaluate_user

    data = _data(data_dir, cache)
    use = _use(data_dir, cache, use_langs, data.ids)
    user_eval = None
    if user:
        background, lines = _user_setup(data, data_dir, cache, user_encoder)
        user_eval = partial(evaluate_user, background=background, lines=lines)
    figures = crossfit(data, c=c, user_eval=user_eval, use=use)
    for name, row in figures.items():
        for key, value in row.items():
            if key != "halves":
                typer.echo(f"{name}.{key}: {value:.4f}")
    if json_out is not None:
        json_out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


@train_app.command("narratives")
def train_narratives(
    data_dir: DataDir = SEMEVAL,
    out: Annotated[
        Path | None, typer.Option(help="Model folder (default: the shipped one).")
    ] = None,
    cache: Cache = None,
    c: CValue = 1.0,
    use_langs: UseLangs = "PT,RU",
    user_encoder: UserEncoder = None,
) -> None:
    """Fit the narratives heads (and the user-narrative calibration) on all EN train articles;
    the USE heads also on the ``--use-langs`` train articles.

    The user narratives' background (``background.npz``) is rebuilt from SemEval-2020 PTC
    train articles (next to the SemEval-2025 folder) on the user matcher's sentence encoder
    (``--user-encoder``); the taxonomy heads read the techniques encoder's states."""
    import numpy as np

    from slant.analyzers.narratives import RESOURCE_DIR
    from slant.training.narratives import train
    from slant.training.user_narratives import fit_user

    data = _data(data_dir, cache)
    folder = out or RESOURCE_DIR
    model = train(data, folder, c=c, use=_use(data_dir, cache, use_langs, data.ids))
    background, lines = _user_setup(data, data_dir, cache, user_encoder)
    background.save(folder / "background.npz")
    cal = fit_user(data, np.arange(len(data.ids)), background, lines)
    model.meta["user_calibration"] = cal
    model.save(folder)
    typer.echo(f"model: {folder}")
    typer.echo(f"thresholds: coarse {model.thresholds['coarse']} fine {model.thresholds['fine']}")
    typer.echo(f"user calibration: {cal}")
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    typer.echo(f"bytes: {size}")


def print_narrative_stats(store: Any, *, filters: Any, top: int, as_json: bool) -> None:
    """``slant stats --by narrative``: per outlet and month, the narratives pushed."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from slant.store.narratives import narrative_stats

    rows = narrative_stats(store, filters=filters, top=top)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="slant stats by narrative")
    cols = ("outlet", "month", "narrative", "taxonomy", "articles", "share", "score")
    for col in cols:
        table.add_column(col, justify="right" if col in ("articles", "share", "score") else "left")
    for r in rows:
        table.add_row(*(f"{r[c]:.2f}" if c in ("share", "score") else str(r[c]) for c in cols))
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)
