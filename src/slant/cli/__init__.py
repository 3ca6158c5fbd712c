"""The ``slant`` command: a typer app with one thin module per command."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.markup import escape

from slant import __version__
from slant.cli._console import err
from slant.errors import ResourceError, SlantError, UsageError

__all__ = ["app", "main"]

app = typer.Typer(
    name="slant",
    help="Explainable, offline analysis of news articles: persuasion techniques, quotes, "
    "entities, counts and more, anchored to character offsets of the original text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"slant {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


from slant.cli import analyze as _analyze  # noqa: E402,F401  (registers the command)


def main() -> None:
    """Entry point: user errors print one line and exit 1 or 2, never a traceback."""
    try:
        app()
    except UsageError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise SystemExit(2) from None
    except (ResourceError, SlantError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise SystemExit(1) from None
