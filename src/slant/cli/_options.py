"""Options shared by several commands."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["LanguageOption", "ProfileOption"]

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
