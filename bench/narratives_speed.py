"""What the narratives analyzer adds to the default run, per article (CPU and wall ms).

Usage::

    OMP_NUM_THREADS=1 python bench/narratives_speed.py [ARTICLE_DIR] [--limit N] [--user TOML]
        [--model DIR]

Default ARTICLE_DIR: ../shared/data/semeval2020-task11-ptc/dev-articles (75 articles). Each
article is cleaned and parsed once (not timed); the techniques analyzer runs first (it is in
the default run and encodes the article with MiniLM), then the narratives analyzer, which
reads the same cached MiniLM states: its time is what it adds to the default run. The cold
figure is the narratives analyzer alone on a fresh text (it encodes the article itself, as
under ``--skip techniques``). Prints means and the peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from slant import analyzers as registry
from slant.clean import clean
from slant.nlp import load_nlp
from slant.readers.txt import article_from_text

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/semeval2020-task11-ptc/dev-articles"


def _timed(fn, *args) -> tuple[float, float]:
    c, w = time.process_time(), time.perf_counter()
    fn(*args)
    return 1000 * (time.process_time() - c), 1000 * (time.perf_counter() - w)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--user", type=Path, default=None, help="a user narratives TOML file")
    ap.add_argument("--model", type=Path, default=None, help="a narratives model folder")
    args = ap.parse_args()
    files = sorted(args.articles.glob("*.txt"))[: args.limit or None]
    nlp = load_nlp("full")
    tech = registry.get("techniques")()
    tech.initialize()
    nar = registry.get("narratives")(
        user_file=str(args.user) if args.user else None,
        model_dir=str(args.model) if args.model else None,
    )
    t = time.perf_counter()
    nar.initialize()
    init = time.perf_counter() - t
    warm_c, warm_w, cold_c, cold_w, tech_c = [], [], [], [], []
    for f in files:
        text = f.read_text(encoding="utf-8")
        art = article_from_text(text, id=f.stem, source=str(f))
        clean(art)
        art.doc = nlp(art.text)
        c, _ = _timed(tech, art)
        tech_c.append(c)
        c, w = _timed(nar, art)
        warm_c.append(c)
        warm_w.append(w)
        # cold: a text the shared encoder has not seen (one space more: new cache key)
        cold = article_from_text(text + " ", id=f.stem, source=str(f))
        clean(cold)
        c, w = _timed(nar, cold)
        cold_c.append(c)
        cold_w.append(w)
    n = len(files)
    print(f"articles: {n}")
    print(f"narratives initialize: {init:.2f} s")
    print(f"techniques: {statistics.mean(tech_c):.1f} CPU-ms/article")
    print(
        f"narratives after techniques (added to the default run): "
        f"{statistics.mean(warm_c):.1f} CPU-ms, {statistics.mean(warm_w):.1f} wall-ms/article "
        f"(median {statistics.median(warm_c):.1f} CPU-ms)"
    )
    print(
        f"narratives alone (encodes the article): {statistics.mean(cold_c):.1f} CPU-ms, "
        f"{statistics.mean(cold_w):.1f} wall-ms/article"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
