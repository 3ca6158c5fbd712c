"""The ``slant`` command: a typer app with one thin module per command."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.markup import escape

from slant.cli._console import err
from slant.errors import ResourceError, SlantError, UsageError
from slant.version import __version__

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


train_app = typer.Typer(
    help="Train a shipped model from the data in ../shared/data.", no_args_is_help=True
)
eval_app = typer.Typer(
    help="Score an analyzer on a benchmark; prints `name: value` lines.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


def _register_commands() -> None:
    """Import every command module of this package (each registers its commands)."""
    import pkgutil
    from importlib import import_module

    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            import_module(f"slant.cli.{info.name}")


_register_commands()


def main() -> None:
    """Entry point: user errors print one line and exit 1 or 2, never a traceback."""
    try:
        app()
    except (UsageError, ResourceError) as exc:  # a missing model: nothing was analysed
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise SystemExit(2) from None
    except SlantError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise SystemExit(1) from None
