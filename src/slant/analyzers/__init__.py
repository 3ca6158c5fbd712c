"""ANALYZE: the registry of analyzers, one module (or package) each, looked up by name.

Third-party analyzers register through the ``slant.analyzers`` entry-point group.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from importlib import import_module
from importlib.metadata import entry_points
from typing import TypeVar

from slant.analyzers.base import LAYERS, Analyzer
from slant.errors import RegistryError, UsageError

__all__ = ["LAYERS", "Analyzer", "available", "default_names", "get", "register"]

_REGISTRY: dict[str, type[Analyzer]] = {}
_SUPPORT = frozenset({"base", "article_model", "russian"})  # modules that register no analyzer
_loaded = False

A = TypeVar("A", bound=type)


def register(name: str) -> Callable[[A], A]:
    """Class decorator: register an analyzer under ``name`` (a duplicate name is a bug)."""

    def deco(cls: A) -> A:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise RegistryError(f"analyzer {name!r} is already registered")
        unknown = (cls.requires | cls.assigns) - LAYERS  # type: ignore[attr-defined]
        if unknown:
            raise RegistryError(f"analyzer {name!r} names unknown layers {sorted(unknown)}")
        cls.name = name  # type: ignore[attr-defined]
        _REGISTRY[name] = cls  # type: ignore[assignment]
        return cls

    return deco


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    # Every public module or package here is a built-in analyzer (one module, one analyzer),
    # except the support modules shared by several analyzers.
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and info.name not in _SUPPORT:
            import_module(f"slant.analyzers.{info.name}")
    for ep in entry_points(group="slant.analyzers"):
        ep.load()


def available() -> list[str]:
    """Names of every registered analyzer, sorted."""
    _load_all()
    return sorted(_REGISTRY)


def get(name: str) -> type[Analyzer]:
    """The analyzer class registered under ``name``.

    Raises:
        UsageError: no analyzer has that name.
    """
    _load_all()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(
            f"unknown analyzer {name!r}; available: {', '.join(sorted(_REGISTRY))}"
        ) from None


def default_names() -> list[str]:
    """Analyzers run when none are chosen: those whose class sets ``default = True``."""
    return [n for n in available() if getattr(_REGISTRY[n], "default", True)]
