"""``slant story ID``: one stored story, every outlet's telling side by side."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from slant.cli import app
from slant.cli._options import DbOption

FORMATS = ("text", "markdown", "json")


@app.command()
def story(
    story_id: Annotated[int, typer.Argument(metavar="ID", help="The story id (slant stories).")],
    db: DbOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (coloured on a terminal), markdown, or json (as GET /api/stories/ID).",
        ),
    ] = "text",
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Leave out technique spans scored below this (as with analyze).",
        ),
    ] = None,
) -> None:
    """Show one stored story: every outlet's telling side by side, and where they differ.

    Per outlet: headlines, dates, genre, frames, techniques per 1,000 words with the top
    spans, the speakers it quotes, its counts, places and tone. Differences: counts that
    disagree, speakers and techniques only one outlet has.
    """
    from rich.console import Console

    from slant.errors import StoreError, UsageError
    from slant.report.story import story_markdown, story_text
    from slant.store import Store
    from slant.stories.view import load_story, story_json

    if format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    with Store(db) as store:
        view = load_story(store, story_id, min_score=min_score)
        if view is None:
            raise StoreError(
                f"{store.safe_url}: no story {story_id} (run `slant stories` to group the "
                "stored articles into stories)"
            )
    if format == "json":
        typer.echo(json.dumps(story_json(view), ensure_ascii=False, indent=2))
    elif format == "markdown":
        sys.stdout.write(story_markdown(view))
    elif sys.stdout.isatty():
        Console(highlight=False).print(story_text(view), end="")
    else:
        sys.stdout.write(story_text(view).plain)
