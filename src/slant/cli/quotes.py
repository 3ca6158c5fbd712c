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
        str,
        typer.Option(
            help="crf (the shipped tagger), minilm (the fine-tuned MiniLM tagger) or rules "
            "(the rule system alone)."
        ),
    ] = "crf",
    model_dir: Annotated[
        Path | None,
        typer.Option(
            help="Folder with attribution.npz (crf) or attribution-int8.onnx (minilm); "
            "default: shipped."
        ),
    ] = None,
    holdout: Annotated[
        bool,
        typer.Option(
            "--holdout",
            help="With --split train: score only the held-out tenth (where settings are chosen).",
        ),
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="en (PolNeAR) or ru: the Russian rules on the hand-annotated set "
            "tests/fixtures/ru/quotes.json (--ru-set to choose another file).",
        ),
    ] = "en",
    ru_set: Annotated[
        Path | None, typer.Option("--ru-set", help="Russian quote set (JSON) for --lang ru.")
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
    """Content (exact, overlap), cue and speaker P/R/F1, then per quote kind (direct /
    indirect / mixed: content overlap and speaker F1); prints `name: value` lines."""
    from slant.errors import UsageError
    from slant.training.quotes import annotator_agreement, evaluate_polnear

    if lang == "ru":
        from slant.training.quotes_ru import RU_QUOTES, evaluate_russian_quotes

        try:
            scores = evaluate_russian_quotes(ru_set or RU_QUOTES)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        typer.echo(f"set: {ru_set or RU_QUOTES}")
        _echo_scores(scores)
        return
    if lang != "en":
        raise UsageError(f"--lang must be en or ru, not {lang!r}")
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
    if holdout and split != "train":
        raise UsageError("--holdout needs --split train")
    options = {"method": method, "model_dir": str(model_dir) if model_dir else None}
    try:
        scores = evaluate_polnear(
            data_dir, split, limit=limit, options=options, only_holdout=holdout
        )
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    typer.echo(f"split: {split}" + (" (held-out tenth)" if holdout else ""))
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


@train_app.command("attribution")
def train_attribution_cmd(
    data_dir: Annotated[Path, typer.Argument(help="The PolNeAR folder holding train/.")] = POLNEAR,
    run_dir: Annotated[
        Path, typer.Option(help="Run folder: checkpoints; a re-run resumes from it.")
    ] = Path("runs/attribution"),
    out: Annotated[
        Path | None,
        typer.Option(help="Folder for the int8 ONNX model (default: the run folder)."),
    ] = None,
    epochs: Annotated[int, typer.Option(help="Passes over the training windows.")] = 2,
    layers: Annotated[int, typer.Option(help="MiniLM layers kept (of 6).")] = 6,
    batch: Annotated[int, typer.Option(help="Windows per step.")] = 8,
    lr: Annotated[float, typer.Option(help="AdamW learning rate.")] = 5e-5,
    threads: Annotated[int, typer.Option(help="CPU threads.")] = 2,
    checkpoint_every: Annotated[int, typer.Option(help="Save a checkpoint every N steps.")] = 50,
    full: Annotated[
        bool, typer.Option(help="Train on all of train, held-out tenth included.")
    ] = False,
    limit_articles: Annotated[
        int | None, typer.Option(help="Train on the first N articles only (a smoke test).")
    ] = None,
    limit_steps: Annotated[
        int | None, typer.Option(help="Stop and export after N steps in all (a smoke test).")
    ] = None,
) -> None:
    """Fine-tune MiniLM as the cue/source/content tagger and write it as int8 ONNX (needs torch).

    Resumable: run the same command again and it continues from the run folder's checkpoint.
    Score it with `slant eval quotes --method minilm --model-dir DIR --split train --holdout`.
    """
    import logging

    from slant.training.attribution import AttributionConfig, train_attribution

    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.WARNING)
    logging.getLogger("slant").setLevel(logging.INFO)
    cfg = AttributionConfig(
        data=data_dir,
        run_dir=run_dir,
        out=out,
        epochs=epochs,
        lr=lr,
        batch=batch,
        layers=layers,
        threads=threads,
        checkpoint_every=checkpoint_every,
        full=full,
        limit_articles=limit_articles,
        limit_steps=limit_steps,
    )
    info = train_attribution(cfg)
    for k, v in info.items():
        typer.echo(f"{k}: {v}")
