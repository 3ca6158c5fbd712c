"""Store benchmark (never run in CI).

1. Analyses real articles (default: the 446 English SemEval-2023 articles plus the PTC dev
   articles) and times analysis and storage separately: storage overhead in % of analysis.
2. Synthesises an N-article corpus (default 10,000) from those analyses with varied outlets
   and dates over two years (each copy's text made unique), stores it, and times
   ``stats`` (by outlet, month, week, with a technique filter), ``search`` and the report.

Usage:
    python bench/store_bench.py [--db /tmp/bench.db] [--n 10000] [--only a,b] [--skip a,b]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from slant.article import Article
from slant.config import load_settings
from slant.pipeline import Pipeline
from slant.readers import read_paths
from slant.store import Store
from slant.store.queries import Filters, search, stats

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_DIRS = [
    SHARED / "semeval2023-task3" / "en" / "train-articles-subtask-3",
    SHARED / "semeval2020-task11-ptc" / "dev-articles",
]
OUTLETS = [
    "RT",
    "Sputnik",
    "TASS",
    "BBC",
    "Reuters",
    "AP",
    "Fox News",
    "CNN",
    "Breitbart",
    "The Guardian",
]


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", default=None, help="SQLAlchemy URL or file (default: a temp file)")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    args = ap.parse_args()
    settings = load_settings(
        only=tuple(x for x in args.only.split(",") if x) or None,
        skip=tuple(x for x in args.skip.split(",") if x) or None,
        on_error="record",
    )
    tmp = tempfile.mkdtemp()
    real = Store(args.db or str(Path(tmp) / "real.db"))
    pipeline = Pipeline(settings)
    pipeline.initialize()
    seen: set[str] = set()
    analysed: list[Article] = []
    t_analyse = t_store = 0.0
    for item in read_paths(args.dirs, max_bytes=settings.max_bytes):
        if not isinstance(item, Article) or item.id in seen:
            continue
        seen.add(item.id)
        result, dt_a = timed(pipeline.run_one, item)
        t_analyse += dt_a
        if isinstance(result, Article):
            _, dt_s = timed(real.add, result, model_version=pipeline.model_version)
            t_store += dt_s
            analysed.append(result)
    print(f"analysers: {','.join(pipeline.names)}")
    print(f"real_articles: {len(analysed)}")
    print(f"analysis_s: {t_analyse:.2f}")
    print(f"storage_s: {t_store:.2f}")
    print(f"storage_overhead_pct: {100 * t_store / t_analyse:.1f}")

    synth = Store(str(Path(tmp) / "synth.db")) if not args.db else real
    rng = random.Random(7)
    start = dt.date(2021, 1, 1)
    t0 = time.perf_counter()
    for i in range(args.n):
        base = analysed[i % len(analysed)]
        copy = dataclasses.replace(
            base,
            id=f"{base.id}-{i}",
            text=base.text + f"\n[synthetic copy {i}]",
            meta=dict(
                base.meta,
                outlet=rng.choice(OUTLETS),
                published=(start + dt.timedelta(days=rng.randrange(730))).isoformat(),
            ),
            analyzers=list(base.analyzers),
        )
        synth.add(copy, model_version="bench")
    print(f"synthetic_articles: {synth.count()} stored in {time.perf_counter() - t0:.1f} s")
    for by in ("outlet", "month", "week"):
        _, secs = timed(stats, synth, by=by)
        print(f"stats_by_{by}_s: {secs:.3f}")
    _, secs = timed(
        stats, synth, by="month", filters=Filters(technique="Loaded_Language", outlet="RT")
    )
    print(f"stats_filtered_s: {secs:.3f}")
    _, secs = timed(search, synth, "president election")
    print(f"search_s: {secs:.3f}")
    from slant.report import write_report

    _, secs = timed(write_report, synth, Path(tmp) / "report.html")
    print(f"report_s: {secs:.3f}")
    print(f"tmp: {tmp}")


if __name__ == "__main__":
    main()
