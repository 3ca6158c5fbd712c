"""Per-article time of the places, counts, dates and tone analyzers, beyond the shared parse.

Usage::

    python bench/analyzers_speed.py [ARTICLE_DIR] [--repeat N]

Default ARTICLE_DIR: ../shared/data/semeval2020-task11-ptc/dev-articles (75 articles). Each
article is cleaned and parsed once (not timed), the entities layer is computed (timed
separately: it is not part of these four), then each analyzer runs on it and is timed.
Prints the mean milliseconds per article per analyzer and their sum, plus one-off
``initialize()`` times. Run with OMP_NUM_THREADS=1 on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from slant import analyzers as registry
from slant.article import Article
from slant.clean import clean
from slant.nlp import load_nlp

NAMES = ("places", "counts", "dates", "tone")
DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/semeval2020-task11-ptc/dev-articles"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=1, help="passes over the articles")
    args = ap.parse_args()

    nlp = load_nlp()
    init: dict[str, float] = {}
    instances = {}
    for name in ("entities", *NAMES):
        t = time.perf_counter()
        inst = registry.get(name)()
        inst.initialize()
        init[name] = time.perf_counter() - t
        instances[name] = inst

    paths = sorted(args.articles.glob("*.txt"))
    times: dict[str, list[float]] = {n: [] for n in ("entities", *NAMES)}
    chars = 0
    for _ in range(args.repeat):
        for path in paths:
            text = path.read_text(encoding="utf-8")
            chars += len(text)
            art = Article(id=path.stem, text=text, source=str(path))
            clean(art)
            art.doc = nlp(text)
            for name in ("entities", *NAMES):
                t = time.perf_counter()
                instances[name](art)
                times[name].append(time.perf_counter() - t)

    n = len(times["tone"])
    print(f"articles: {n} ({len(paths)} files x {args.repeat}), mean chars {chars / n:.0f}")
    for name in ("entities", *NAMES):
        ms = [1000 * x for x in times[name]]
        print(
            f"{name}_ms_mean: {statistics.fmean(ms):.2f}  median: {statistics.median(ms):.2f}  "
            f"max: {max(ms):.1f}  init_s: {init[name]:.2f}"
        )
    total = [1000 * sum(times[k][i] for k in NAMES) for i in range(n)]
    print(f"four_analyzers_ms_mean: {statistics.fmean(total):.2f}")
    print(f"four_analyzers_ms_median: {statistics.median(total):.2f}")
    print(f"four_analyzers_ms_max: {max(total):.1f}")


if __name__ == "__main__":
    main()
