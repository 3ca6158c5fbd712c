"""Terminal output for the CLI: results to stdout, messages and progress to stderr."""

from __future__ import annotations

from rich.console import Console

__all__ = ["err"]

err = Console(stderr=True, highlight=False, soft_wrap=True)
