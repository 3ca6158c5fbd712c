"""Places on real articles: the share of GPE/LOC mentions with a ``geo``, and samples to judge.

Usage:
    python bench/places.py --lang en [--data DIR] [--limit N] [--sample N] [--dump FILE]
    python bench/places.py --lang ru --sample 50

Runs the ``entities`` and ``places`` analyzers on a folder of articles (English: SemEval-2020
task 11 PTC train, 371 articles; Russian: SemEval-2023 task 3 ru train, 143 articles) and
prints the number of GPE/LOC mentions, the share with a ``geo``, the share by feature (city,
country, state, region, sea, continent), the most frequent unresolved names, and
``--sample N`` random mentions (``random.Random(seed)``, seed 0) with what they resolved to,
to be labelled by hand. ``--dump FILE`` writes every GPE/LOC/FAC mention, one a line
(article, start, end, text, canonical, label, geo), to diff two versions of the gazetteer.
The load of the gazetteer (CPU-s and the growth of resident memory) is timed first, in this
process, before any article is read.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import time
from pathlib import Path

from slant.article import Article
from slant.config import Settings
from slant.pipeline import analyze_many

DATA = {
    "en": Path("../shared/data/semeval2020-task11-ptc/train-articles"),
    "ru": Path("../shared/data/semeval2023-task3/ru/train-articles-subtask-3"),
}


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--lang", choices=("en", "ru"), default="en")
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dump", type=Path, default=None)
    args = ap.parse_args()

    from slant.analyzers.places import load_gazetteer, load_gazetteer_ru

    rss0, cpu0 = _rss_mb(), time.process_time()
    load_gazetteer()
    cpu1, rss1 = time.process_time(), _rss_mb()
    print(f"gazetteer load (en): {cpu1 - cpu0:.2f} CPU-s, +{rss1 - rss0:.0f} MB RSS")
    if args.lang == "ru":
        load_gazetteer_ru()
        cpu2, rss2 = time.process_time(), _rss_mb()
        print(f"gazetteer load (ru, on top): {cpu2 - cpu1:.2f} CPU-s, +{rss2 - rss1:.0f} MB RSS")

    files = sorted((args.data or DATA[args.lang]).glob("*.txt"))[: args.limit]
    settings = Settings(only=("entities", "places"), on_error="record")
    arts = [a for a in analyze_many(files, settings=settings, workers=1)]
    done = [a for a in arts if isinstance(a, Article) and a.meta.get("language") == args.lang]
    places = [(a, e) for a in done for e in a.entities if e.label in ("GPE", "LOC")]
    geo = [e for _, e in places if e.geo]
    print(f"articles: {len(files)} read, {len(done)} analysed as {args.lang}")
    share = len(geo) / max(len(places), 1)
    print(f"GPE/LOC mentions: {len(places)}, with geo: {len(geo)} ({share:.3f})")
    by_feature = collections.Counter(e.geo.feature for e in geo)
    print("by feature: " + ", ".join(f"{k} {v}" for k, v in by_feature.most_common()))
    missing = collections.Counter(e.canonical for _, e in places if not e.geo)
    print("most frequent unresolved: " + ", ".join(f"{k} {v}" for k, v in missing.most_common(25)))
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for a in done:
                for e in a.entities:
                    if e.label not in ("GPE", "LOC", "FAC"):
                        continue
                    g = e.geo
                    where = f"{g.name}|{g.country_code}|{g.feature}" if g else "-"
                    f.write(f"{a.id}\t{e.start}\t{e.end}\t{a.text[e.start : e.end]!r}\t")
                    f.write(f"{e.canonical}\t{e.label}\t{where}\n")
    if args.sample:
        rng = random.Random(args.seed)
        for a, e in rng.sample(places, min(args.sample, len(places))):
            g = e.geo
            where = f"{g.name} {g.country_code} {g.feature}" if g else "-"
            print(f"  {a.id:>12} {a.text[e.start : e.end]!r:28} {e.canonical!r:24} -> {where}")


if __name__ == "__main__":
    main()
