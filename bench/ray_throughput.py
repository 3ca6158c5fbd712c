"""Ray engine vs local engine: start-up and steady-state throughput (never run in CI).

Usage:
    python bench/ray_throughput.py FOLDER [--only a,b] [--repeat R] [--batch-size B]
        [--runs local2,ray1,ray2] [--address auto]

For each run prints the wall time, the time to the first result, and the steady-state rate:
the articles after the first returned batch divided by the time from that batch to the
last result (so model loading and actor start-up are left out). Ray's start-up is reported
as ``ray.init`` (a local instance on 127.0.0.1, or connecting to --address) plus the time to
the first result (actors start, load the pipeline and analyse their first batch).
Also checks that every run returns the same JSON as the first one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from slant.article import Article, Skip
from slant.config import Settings, load_settings
from slant.output import dumps
from slant.readers import expand_paths


def timed(items: Iterator[Article | Skip], t0: float) -> tuple[list[str], list[float]]:
    out, stamps = [], []
    for item in items:
        out.append(dumps(item))
        stamps.append(time.perf_counter() - t0)
    return out, stamps


def report(name: str, stamps: list[float]) -> dict[str, float]:
    n = len(stamps)
    first = stamps[0]
    k0 = sum(1 for s in stamps if s <= first)  # results of the first returned batch
    steady = (n - k0) / (stamps[-1] - first) if stamps[-1] > first else float("nan")
    row = {"wall_s": stamps[-1], "first_result_s": first, "steady_articles_per_s": steady}
    print(
        f"{name}: articles {n}, wall_s {stamps[-1]:.2f}, first_result_s {first:.2f}, "
        f"steady_articles_per_s {steady:.3f}, load_1min {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    return row


def run_local(files: list[Path], settings: Settings, workers: int) -> tuple[list[str], list[float]]:
    from slant.pipeline import analyze_many

    t0 = time.perf_counter()
    return timed(analyze_many(files, settings=settings, workers=workers), t0)


def run_ray(
    files: list[Path], settings: Settings, workers: int, batch_size: int
) -> tuple[list[str], list[float]]:
    from slant.scale.ray_engine import analyze_paths_ray

    t0 = time.perf_counter()
    items = analyze_paths_ray(files, settings=settings, workers=workers, batch_size=batch_size)
    return timed(items, t0)


def first_difference(a: list[str], b: list[str]) -> str:
    import json

    if len(a) != len(b):
        return f"{len(a)} vs {len(b)} results"
    for x, y in zip(a, b, strict=True):
        if x != y:
            dx, dy = json.loads(x), json.loads(y)
            keys = [k for k in dx.keys() | dy.keys() if dx.get(k) != dy.get(k)]
            k = keys[0]
            return (
                f"{dx['id']}: fields {keys}; {k}: {str(dx.get(k))[:300]} vs {str(dy.get(k))[:300]}"
            )
    return "none"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--only", default="entities,quotes,places,counts,dates,tone")
    ap.add_argument("--repeat", type=int, default=2, help="analyse the folder this many times")
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--runs", default="local2,ray1,ray2")
    ap.add_argument("--address", default=None)
    args = ap.parse_args()

    settings = load_settings(only=tuple(x for x in args.only.split(",") if x), on_error="record")
    files = list(expand_paths([args.folder])) * args.repeat
    print(f"inputs: {len(files)} ({args.folder} x{args.repeat}), analyzers: {args.only}")
    print(f"cpus: {os.cpu_count()}, load_1min at start: {os.getloadavg()[0]:.2f}", flush=True)
    runs = args.runs.split(",")
    results: dict[str, dict[str, float]] = {}
    reference: list[str] | None = None
    conn = None
    for run in runs:
        if run.startswith("ray") and conn is None:
            t = time.perf_counter()
            from slant.scale.ray_engine import connect, require_ray

            require_ray(local=not args.address)
            t_import = time.perf_counter() - t
            conn = connect(args.address, num_cpus=2)
            t_init = time.perf_counter() - t - t_import
            print(f"ray_import_s: {t_import:.2f}, ray_init_s: {t_init:.2f}", flush=True)
        workers = int(run[-1])
        if run.startswith("local"):
            out, stamps = run_local(files, settings, workers)
        else:
            out, stamps = run_ray(files, settings, workers, args.batch_size)
        results[run] = report(run, stamps)
        if reference is None:
            reference = out
        elif out != reference:
            print(f"MISMATCH: {run} differs from {runs[0]}: {first_difference(reference, out)}")
    if conn is not None:
        conn.close()
    rate = {k: v["steady_articles_per_s"] for k, v in results.items()}
    if "ray1" in rate and "ray2" in rate:
        print(f"ray2_over_ray1: {rate['ray2'] / rate['ray1']:.2f} (target >= 1.8)")
    if "local2" in rate and "ray2" in rate:
        print(f"ray2_over_local2: {rate['ray2'] / rate['local2']:.2f} (target >= 0.9)")
    print(f"load_1min at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
