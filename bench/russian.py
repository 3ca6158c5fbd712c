"""The Russian pipeline on SemEval-2023 Task 3 Russian train articles: coverage and cost.

Usage:
    python bench/russian.py [--data DIR] [--workers N] [--limit N] [--places-sample N]

Coverage (the issue's held-out-like checks, measured on ru train because ru dev is held
back): the share of articles analysed as Russian with at least one entity; among articles
holding a «quoted statement» (three words or more) beside a speech verb (a surface pattern,
independent of the quote rules: the verb within 40 characters after the closing mark, or a
colon and the verb just before the opening one), the share where slant found a quote, and
the share of those statements that a quote covers; GPE/LOC mentions with a ``geo``.
``--places-sample N`` prints N random GPE/LOC mentions (seed 0) with what they resolved to,
to be labelled by hand.

Cost: articles per second (wall), CPU seconds (this process and its workers, user+sys),
and the peak resident memory of the largest worker (or of this process with one worker).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from pathlib import Path

from slant.article import Article
from slant.config import Settings
from slant.pipeline import analyze_many

DATA = Path("../shared/data/semeval2023-task3/ru/train-articles-subtask-3")
_VERB = (
    r"(?:заяв|сказа|отмет|подчеркн|сообщ|добав|замет|поясн|указа|рассказ|написа|напомн|"
    r"ответ|призва|предупред|уточн|признал|говор|считает|уверен)\w*"
)
_STATEMENT = re.compile(r"[«„]([^«»„“\n]{10,}?)[»“]")


def statements(text: str) -> list[tuple[int, int]]:
    """«Quoted statements» beside a speech verb (see the module docstring)."""
    out = []
    for m in _STATEMENT.finditer(text):
        if len(m.group(1).split()) < 3:
            continue
        after = text[m.end() : m.end() + 40]
        before = text[max(0, m.start() - 40) : m.start()]
        if re.search(_VERB, after, re.I) or (
            before.rstrip().endswith(":") and re.search(_VERB, before, re.I)
        ):
            out.append((m.start(1), m.end(1)))
    return out


def _person_speakers(art: Article) -> int:
    """Quotes whose speaker name is a person the article names (an entity's canonical
    name), not a description's own words ("министр") or an organisation."""
    persons = {e.canonical for e in art.entities if e.label == "PERSON"}
    return sum(1 for q in art.quotes if q.speaker and q.speaker.name in persons)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--places-sample", type=int, default=0)
    ap.add_argument("--only", default="", help="comma-separated analyzers (default: all)")
    args = ap.parse_args()
    files = sorted(args.data.glob("*.txt"))[: args.limit]
    only = tuple(x for x in args.only.split(",") if x)
    settings = Settings(only=only, on_error="record")
    t0 = time.perf_counter()
    arts = [a for a in analyze_many(files, settings=settings, workers=args.workers)]
    wall = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    peak = max(me.ru_maxrss, kids.ru_maxrss) / 1024
    done = [a for a in arts if isinstance(a, Article)]
    ru = [a for a in done if a.meta.get("language") == "ru"]
    with_ents = [a for a in ru if a.entities]
    holders = [(a, statements(a.text)) for a in ru]
    holders = [(a, s) for a, s in holders if s]
    found = [a for a, _ in holders if a.quotes]
    n_stat = sum(len(s) for _, s in holders)
    covered = sum(
        any(q.start <= b and a_ <= q.end and q.end > a_ for q in a.quotes)
        for a, s in holders
        for a_, b in s
    )
    places = [(a, e) for a in ru for e in a.entities if e.label in ("GPE", "LOC")]
    print(f"articles: {len(files)} read, {len(done)} analysed, {len(arts) - len(done)} skipped")
    print(f"analysed as Russian: {len(ru)} ({len(ru) / len(files):.3f})")
    print(f"Russian with entities: {len(with_ents)} ({len(with_ents) / len(files):.3f})")
    print(
        f"articles with a «quoted statement» beside a speech verb: {len(holders)}; "
        f"with a quote found: {len(found)} ({len(found) / max(len(holders), 1):.3f})"
    )
    print(f"statements covered by a quote: {covered}/{n_stat} ({covered / max(n_stat, 1):.3f})")
    print(
        f"quotes: {sum(len(a.quotes) for a in ru)}, with a speaker name: "
        f"{sum(1 for a in ru for q in a.quotes if q.speaker and q.speaker.name)}, "
        f"named by a person of the article: {sum(map(_person_speakers, ru))}"
    )
    geo = sum(1 for _, e in places if e.geo)
    print(f"GPE/LOC mentions: {len(places)}, with geo: {geo} ({geo / max(len(places), 1):.3f})")
    print(f"counts: {sum(len(a.counts) for a in ru)}, dates: {sum(len(a.dates) for a in ru)}")
    print(
        f"speed: {len(done) / wall:.2f} articles/s wall ({args.workers} worker(s)), "
        f"{cpu:.1f} CPU-s ({cpu / max(len(done), 1):.3f} per article), peak RSS {peak:.0f} MB"
    )
    if args.places_sample:
        rng = random.Random(0)
        for a, e in rng.sample(places, min(args.places_sample, len(places))):
            g = e.geo
            where = f"{g.name} {g.country_code} {g.feature}" if g else "-"
            print(f"  {a.text[e.start : e.end]!r:28} {e.canonical!r:24} -> {where}")


if __name__ == "__main__":
    main()
