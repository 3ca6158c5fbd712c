"""SCALE: the engines that run the pipeline over many articles.

``local`` (the default) analyses in this machine's processes
(:func:`slant.pipeline.analyze_items`); ``ray`` runs the same per-article analysis on a Ray
cluster with Ray Data (:mod:`slant.scale.ray_engine`, needs ``pip install 'slant[ray]'``).
Both read the same inputs (plus Parquet, :mod:`slant.scale.parquet`) and return the same
results in the same order.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from slant.article import Article, Skip
from slant.config import Settings
from slant.errors import UsageError

__all__ = ["ENGINES", "analyze_paths", "check_engine", "ingest_paths"]

ENGINES = ("local", "ray")


def check_engine(engine: str, address: str | None = None) -> None:
    """Raise a usage error for an unknown engine, an address without Ray, or no Ray."""
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if address and engine != "ray":
        raise UsageError("--address is for --engine ray")
    if engine == "ray":
        from slant.scale.ray_engine import require_ray

        require_ray(local=not address)


def analyze_paths(
    paths: Iterable[str | Path],
    *,
    settings: Settings,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    web: Any = None,
    **options: Any,
) -> Iterator[Article | Skip]:
    """Read and analyse every input (files, folders, ``-``, Parquet, and URLs fetched by
    ``web``, a :class:`slant.fetch.PageReader`) with ``engine``, in input order; Ray is
    connected to (or started) on first use and let go at the end."""
    check_engine(engine, address)
    if engine == "local":
        from slant.pipeline import analyze_items
        from slant.scale.inputs import read_inputs

        yield from analyze_items(
            read_inputs(paths, max_bytes=settings.max_bytes, web=web),
            settings=settings,
            workers=workers,
        )
        return
    from slant.scale.ray_engine import analyze_paths_ray, connect

    # a local instance gets a CPU per worker even past the core count (else actors wait)
    with connect(address, num_cpus=max(workers, os.cpu_count() or 1)):
        yield from analyze_paths_ray(paths, settings=settings, workers=workers, web=web, **options)


def ingest_paths(
    paths: Iterable[str | Path],
    store: Any,
    *,
    settings: Settings,
    workers: int = 1,
    reanalyze: bool = False,
    on_item: Callable[[Article | Skip | None], None] | None = None,
    engine: str = "local",
    address: str | None = None,
    web: Any = None,
) -> Any:
    """:func:`slant.ingest.ingest` with a choice of engine; returns its IngestReport.
    ``web`` (a :class:`slant.fetch.PageReader`) fetches the URLs among ``paths``."""
    check_engine(engine, address)
    if engine == "local":
        from slant.ingest import ingest
        from slant.scale.inputs import read_inputs

        return ingest(
            paths,
            store,
            settings=settings,
            workers=workers,
            reanalyze=reanalyze,
            on_item=on_item,
            read=functools.partial(read_inputs, web=web),  # Parquet and URLs too
        )
    from slant.scale.ray_engine import connect, ingest_ray

    with connect(address, num_cpus=max(workers, os.cpu_count() or 1)):
        return ingest_ray(
            paths,
            store,
            settings=settings,
            workers=workers,
            reanalyze=reanalyze,
            on_item=on_item,
            web=web,
        )
