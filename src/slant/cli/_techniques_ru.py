"""``slant train techniques --lang ru`` and ``slant eval techniques --lang ru`` (thin)."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["eval_ru", "train_ru"]


def _config(data: Path, out: Path | None, threads: int, with_en: bool) -> object:
    from slant.training.techniques_ru import OTHER_LANGUAGES
    from slant.training.techniques_ru_train import RuConfig

    return RuConfig(
        data=data,
        out=out,
        pool=(*OTHER_LANGUAGES, "en") if with_en else OTHER_LANGUAGES,
        threads=threads,
    )


def train_ru(data: Path, out: Path | None, threads: int, with_en: bool = False) -> None:
    """Fit the Russian heads (techniques, frames, genre) and print the cross-fitted means."""
    import logging

    from slant.training.techniques_ru_train import train

    logging.getLogger("slant").setLevel(logging.INFO)
    card = train(_config(data, out, threads, with_en))  # type: ignore[arg-type]
    typer.echo(f"emitted: {', '.join(card['emitted'])}")
    typer.echo(f"evidence: {card['evidence']}")
    for task in ("techniques", "frames", "genre"):
        for k, v in card["figures"].get(task, {}).get("mean", {}).items():
            if "/" not in k:
                typer.echo(f"{task}.{k}: {v:.4f}")
    for name, size in card["sizes_bytes"].items():
        typer.echo(f"size.{name}: {size}")


def eval_ru(data: Path, threads: int, with_en: bool = False) -> None:
    """Cross-fitted figures on Russian train: one row per metric, A->B, B->A and the mean."""
    from slant.training.techniques_ru_train import evaluate

    res = evaluate(_config(data, None, threads, with_en))  # type: ignore[arg-type]
    typer.echo("metric\tA->B\tB->A\tmean")
    for task in ("techniques", "frames", "genre"):
        folds = res.get(task)
        if not folds:
            continue
        for k in folds["mean"]:
            if k not in folds["A->B"]:
                continue
            a, b, m = folds["A->B"][k], folds["B->A"][k], folds["mean"][k]
            typer.echo(f"{task}.{k}\t{a:.4f}\t{b:.4f}\t{m:.4f}")
    ev = res["evidence"]
    for kind in ("paragraph", "sentence"):
        a, b, m = ev[f"A->B/{kind}"], ev[f"B->A/{kind}"], ev[f"mean/{kind}"]
        typer.echo(f"evidence_span_f1.{kind}\t{a:.4f}\t{b:.4f}\t{m:.4f}")
