"""CPU cost of the local process pool: ``slant.pool.ordered_map`` (what ``analyze_items``
uses) against the ``multiprocessing.Pool.imap`` it replaced, same code and analyzers
otherwise (never run in CI).

Usage:
    python bench/pool_overhead.py old|new FOLDER [--workers N]

Prints articles, wall seconds and CPU seconds (user + sys of this process and of its
finished children, the workers). Alternate ``old`` and ``new`` runs: on a shared machine
only the CPU seconds compare.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from slant.config import Settings, load_settings
from slant.errors import ResourceError
from slant.pipeline import Pipeline, _init_worker, _run_in_worker, analyze_items
from slant.readers import read_paths


def old_pool(items: Iterable[Any], settings: Settings, workers: int) -> Iterator[Any]:
    """The pool before issue 22: Pool.imap, chunks of 2, one native thread per worker."""
    Pipeline(settings)  # as the old analyze_items did, before starting processes
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings, True)) as pool:
        yield from pool.imap(_run_in_worker, items, chunksize=2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["old", "new"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    skip: list[str] = []  # analyzers whose model is not built here (e.g. narratives)
    while True:
        try:
            Pipeline(Settings(skip=tuple(skip))).check()
            break
        except ResourceError as exc:
            skip.append(str(exc).split("'")[1])
    names = Pipeline(Settings(skip=tuple(skip))).names
    settings = load_settings(only=tuple(names), on_error="record")
    items = read_paths([args.folder], max_bytes=settings.max_bytes)
    started = time.monotonic()
    if args.mode == "old":
        results = old_pool(items, settings, args.workers)
    else:
        results = analyze_items(items, settings=settings, workers=args.workers)
    n = sum(1 for _ in results)
    wall = time.monotonic() - started
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    parent = me.ru_utime + me.ru_stime
    cpu = parent + kids.ru_utime + kids.ru_stime
    print(f"analyzers: {','.join(names)}")
    print(f"{args.mode}: {n} articles, wall {wall:.1f} s, cpu {cpu:.1f} s (parent {parent:.1f})")


if __name__ == "__main__":
    main()
