"""Throughput and peak memory of a full ``slant analyze`` run (never run in CI).

Usage:
    python bench/throughput.py FOLDER [--workers N|auto] [--limit N] [--only a,b] [--skip a,b]
        [--repeat R] [--profile fast|accurate]

Prints articles/s over the whole run (model loading included) and in steady state
(after the first article of each worker), plus peak RSS of the parent and of the largest
worker process, and the involuntary context switches (a sign of more busy threads than
cores). ``--workers auto`` (the default, as in ``slant analyze``) resolves as the CLI does.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slant.article import Article
from slant.config import Settings, load_settings
from slant.pipeline import analyze_many
from slant.readers import expand_paths
from slant.scale.workers import resolve_workers


def _unpinned(files: list[Path], *, settings: Settings, workers: int) -> Iterator[Any]:
    """The local pool as it was before workers ran one native thread each."""
    import multiprocessing

    from slant.pipeline import _init_worker, _run_in_worker
    from slant.readers import read_paths

    items = read_paths(files, max_bytes=settings.max_bytes)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings, False)) as pool:
        yield from pool.imap(_run_in_worker, items, chunksize=2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", default="auto", help="a number, or auto (the default)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files (sorted)")
    ap.add_argument(
        "--no-pin",
        action="store_true",
        help="leave each worker's BLAS/OpenMP threads at their default (as before --workers "
        "auto pinned them to 1), for comparison",
    )
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--repeat", type=int, default=1, help="analyse the folder this many times")
    ap.add_argument("--profile", default="fast", help="fast (default) or accurate")
    args = ap.parse_args()

    settings = load_settings(
        only=tuple(x for x in args.only.split(",") if x) or None,
        skip=tuple(x for x in args.skip.split(",") if x) or None,
        on_error="record",
        profile=args.profile,
    )
    files = list(expand_paths([args.folder]))
    if args.limit:
        files = sorted(files)[: args.limit]
    files *= args.repeat
    workers = resolve_workers(args.workers, len(files))
    t0 = time.perf_counter()
    first_done: float | None = None
    n = skipped = chars = 0
    run = _unpinned if args.no_pin and workers > 1 else analyze_many
    for item in run(files, settings=settings, workers=workers):
        if first_done is None:
            first_done = time.perf_counter()
        if isinstance(item, Article):
            n += 1
            chars += len(item.text)
        else:
            skipped += 1
    total = time.perf_counter() - t0
    steady = total - (first_done - t0) if first_done else total
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu_s = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"analyzers: {','.join(settings.only) or 'default'} (skip: {','.join(settings.skip)})")
    print(f"profile: {settings.profile}")
    print(f"articles: {n} analysed, {skipped} skipped, {chars / max(n, 1):.0f} chars on average")
    pin = ", BLAS/OpenMP threads not pinned" if args.no_pin and workers > 1 else ""
    print(f"workers: {workers} (--workers {args.workers}{pin})")
    print(f"wall_s: {total:.2f}")
    print(f"articles_per_s: {(n + skipped) / total:.2f}")
    print(f"articles_per_s_steady: {max(n + skipped - 1, 0) / max(steady, 1e-9):.2f}")
    # CPU seconds include model loading; on a loaded machine, wall-clock figures understate
    # what N free cores give, and this one (articles per CPU-second) does not.
    print(f"cpu_s: {cpu_s:.2f}")
    print(f"articles_per_cpu_s: {(n + skipped) / cpu_s:.2f}")
    print(f"involuntary_context_switches: {me.ru_nivcsw + kids.ru_nivcsw}")
    print(f"load_average_1min: {os.getloadavg()[0]:.2f}")
    print(f"peak_rss_mb_parent: {self_rss:.0f}")
    print(f"peak_rss_mb_largest_worker: {child_rss:.0f}")


if __name__ == "__main__":
    sys.exit(main())
