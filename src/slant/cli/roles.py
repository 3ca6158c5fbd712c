"""``slant train|eval roles``: SemEval-2025 Task 10 subtask 1 (entity framing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from slant.cli import eval_app, train_app

SEMEVAL = Path("../shared/data/semeval2025-task10")

DataDir = Annotated[Path, typer.Argument(help="The SemEval-2025 Task 10 folder (train/EN, ...).")]
Lang = Annotated[
    str, typer.Option(help="Language of the train folder (EN; the encoder is English).")
]
Cache = Annotated[
    Path | None,
    typer.Option(help="Folder for the encoder states of the articles (reused between runs)."),
]


UseLangs = Annotated[
    str,
    typer.Option(
        "--use-langs",
        help="Other train languages whose mentions train the USE fine-role head "
        "(comma-separated; 'none': no USE head). Their rows are cached in --cache.",
    ),
]


Agency = Annotated[
    bool,
    typer.Option(
        "--agency/--no-agency",
        help="The agency columns (who does what to whom, from the dependency parse), as "
        "shipped; --no-agency: the model shipped before them.",
    ),
]


Speech = Annotated[
    bool,
    typer.Option(
        "--speech/--no-speech",
        help="The speech cues (is the mention quoted, does it speak), as shipped; "
        "--no-speech: the model before them.",
    ),
]


def _examples(
    data_dir: Path, lang: str, cache: Path | None, agency: bool = True, speech: bool = True
) -> Any:
    from slant.errors import UsageError
    from slant.training.roles import prepare

    try:
        return prepare(lang, data_dir=data_dir, cache=cache, agency=agency, speech=speech)
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None


UseContext = Annotated[
    str,
    typer.Option(
        help="The USE fine-role head's context: line (the mention's line within the first "
        "2,000 characters, shared with narratives), sentence (about 35 CPU-ms more an "
        "article at run time) or mention."
    ),
]


def _use(examples: Any, data_dir: Path, cache: Path | None, langs: str, context: str) -> Any:
    """USE rows on the examples, and the other languages' rows (None: no USE head)."""
    from slant.training.roles_use import attach_use, foreign_rows

    codes = [x.strip().upper() for x in langs.split(",") if x.strip()]
    if langs.strip().lower() == "none" or not codes:
        return None, []
    for code in codes:
        if not (data_dir / "train" / code / "subtask-1-annotations.txt").is_file():
            from slant.errors import UsageError

            raise UsageError(
                f"{data_dir}: no train/{code} subtask-1 annotations for the USE head; "
                "pass --use-langs with the languages you have, or --use-langs none"
            )
    attach_use(examples, context)
    return foreign_rows(codes, data_dir, cache, context), codes


@eval_app.command("roles")
def eval_roles(
    data_dir: DataDir = SEMEVAL,
    lang: Lang = "EN",
    cache: Cache = None,
    use_langs: UseLangs = "PT,RU,BG",
    use_context: UseContext = "line",
    extra: Annotated[
        str,
        typer.Option(
            help="Measure extra mention features, not shipped (comma-separated: prior, "
            "fprior, side, sidexprior, dep, agency, agencyref (these two with --no-agency), "
            "speaker (with --no-speech), quotes, camp, predprior; see "
            "slant.training.roles_extra)."
        ),
    ] = "",
    agency: Agency = True,
    speech: Speech = True,
    finetune: Annotated[
        bool,
        typer.Option(
            "--finetune",
            help="Instead: fine-tune all-MiniLM-L6-v2 on each half's mentions and score the "
            "other (measured, not shipped; needs torch: the finetune extra; about 8 CPU-min "
            "a half; see slant.training.roles_finetune).",
        ),
    ] = False,
) -> None:
    """Official subtask-1 measures on cross-fitted halves of train (fit on one, score the other).

    Per direction: on the gold mentions (exact match of fine roles, micro P/R/F1, main-role
    accuracy), the all-Antagonist baseline, end to end through slant's entities, and the
    entity-level cast detector. JSON on stdout.
    """
    from slant.training.roles import crossfit

    if finetune:
        from importlib.util import find_spec

        from slant.errors import UsageError

        if find_spec("torch") is None or find_spec("transformers") is None:
            raise UsageError(
                "--finetune needs torch and transformers: pip install -e '.[finetune]'"
            )
    names = [x.strip() for x in extra.split(",") if x.strip()]
    if names:
        from slant.errors import UsageError
        from slant.training.roles_extra import EXTRAS

        if not set(names) <= set(EXTRAS):
            raise UsageError(f"--extra: unknown {sorted(set(names) - set(EXTRAS))}; use {EXTRAS}")
        if agency and {"agency", "agencyref"} & set(names):
            raise UsageError("--extra agency/agencyref: the model has them; add --no-agency")
        if speech and "speaker" in names:
            raise UsageError("--extra speaker: the model has the speech cues; add --no-speech")
    examples = _examples(data_dir, lang, cache, agency, speech)
    if finetune:
        from slant.training.roles_finetune import crossfit_finetune

        typer.echo(json.dumps(crossfit_finetune(examples), indent=1, default=float))
        return
    ext, _ = _use(examples, data_dir, cache, use_langs, use_context)
    if names:
        from slant.training.roles_extra import crossfit_extra

        result = crossfit_extra(
            examples, names, data_dir=data_dir, cache=cache, ext=ext, use_context=use_context
        )
        typer.echo(json.dumps(result, indent=1, default=float))
        return
    result = crossfit(examples, ext=ext, use_context=use_context)
    typer.echo(json.dumps(result, indent=1, default=float))


@train_app.command("roles")
def train_roles(
    data_dir: DataDir = SEMEVAL,
    out: Annotated[Path | None, typer.Option(help="Model folder (default: shipped).")] = None,
    lang: Lang = "EN",
    cache: Cache = None,
    use_langs: UseLangs = "PT,RU,BG",
    use_context: UseContext = "line",
    agency: Agency = True,
    speech: Speech = True,
) -> None:
    """Fit the roles model on every annotated train article of LANG (the USE fine-role head
    also on the --use-langs mentions)."""
    from slant.training.roles import train

    examples = _examples(data_dir, lang, cache, agency, speech)
    ext, codes = _use(examples, data_dir, cache, use_langs, use_context)
    folder = train(examples, out, langs=(lang,), ext=ext, ext_langs=codes, use_context=use_context)
    for f in sorted(folder.iterdir()):
        typer.echo(f"{f.name}: {f.stat().st_size} bytes")


def print_role_stats(
    store: Any, *, filters: Any, role: str | None, top: int, as_json: bool
) -> None:
    """``slant stats --by role``: per outlet and month, whom the articles cast in each role."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from slant.store.roles import role_stats

    rows = role_stats(store, filters=filters, role=role, top=top)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="slant stats by role" + (f" — {role}" if role else ""))
    for col in ("outlet", "month", "role", "name", "articles", "mentions", "score"):
        right = col in ("articles", "mentions", "score")
        table.add_column(col, justify="right" if right else "left")
    for r in rows:
        table.add_row(
            r["outlet"],
            r["month"],
            r["role"],
            r["name"],
            str(r["articles"]),
            str(r["mentions"]),
            f"{r['score']:.2f}",
        )
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)
