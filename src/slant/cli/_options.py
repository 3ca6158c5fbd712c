"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from slant.config import Settings

__all__ = [
    "LanguageOption",
    "NarrativesOption",
    "ProfileOption",
    "split_names",
    "with_user_narratives",
]

ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Models: fast (default; MiniLM) or accurate (techniques on all-mpnet-base-v2: "
        "about 4x slower, more accurate). Recorded in each output and its model_version.",
    ),
]

LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        help="Pipeline: auto (default: Russian text is analysed as Russian, English as "
        "English, other languages refused) or en / ru to force one.",
    ),
]

NarrativesOption = Annotated[
    Path | None,
    typer.Option(
        "--narratives",
        help="Your own narratives (TOML: per \\[\\[narrative]] a name, a description and example "
        "sentences), matched by similarity and reported in `narratives` with taxonomy "
        '"user" (narratives analyzer).',
        exists=True,
        dir_okay=False,
    ),
]


def split_names(values: list[str] | None) -> tuple[str, ...] | None:
    """Analyzer names of repeated, comma-separated options (``--only a,b --only c``);
    ``None`` when none was given."""
    if not values:
        return None
    return tuple(x.strip() for v in values for x in v.split(",") if x.strip())


def with_user_narratives(settings: Settings, path: Path | None) -> Settings:
    """``settings`` with the narratives analyzer's ``user_file`` set to ``path`` (if given)."""
    if path is None:
        return settings
    options = {**settings.analyzers.get("narratives", {}), "user_file": str(path.resolve())}
    return settings.with_(analyzers={**settings.analyzers, "narratives": options})


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLAlchemy URL or SQLite file (default: slant.db here).", envvar="SLANT_DB"
    ),
]

StoriesOption = Annotated[
    bool,
    typer.Option(
        "--stories", help="Then put the new articles into stories (as slant stories does)."
    ),
]


WithOption = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        help="Also run these analyzers, which are off by default (roles: weak, a hint).",
    ),
]
