"""Incremental against one-shot story clustering on the story-cluster sets.

    python bench/stories_stream.py [--batch 20] [--representation mixed] [--no-dates]

Each set is stored (no analysis: the clusterer reads title, text and date) in date order,
ECB+ (undated) in file order, and ``slant.stories.assign`` runs after every ``--batch``
articles, as ``slant watch --stories`` would; then the same set is clustered in one run.
Prints B3 / pairwise F1 of both, the merges recorded and the time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from slant.article import Article
from slant.store import Store
from slant.store import stories as rows
from slant.stories import StoryOptions, assign
from slant.stories.evaluate import SETS, read_set, score_partition

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "story-clusters"


def run(docs, opts: StoryOptions, batch: int | None, dates: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "s.db"))
        order = sorted(docs, key=lambda d: (d.published or "", d.id)) if dates else docs
        t0 = time.process_time()
        step = batch or len(order)
        for i in range(0, len(order), step):
            for d in order[i : i + step]:
                rec = d.record(dates=dates)
                meta = {k: rec[k] for k in ("outlet", "published") if k in rec}
                store.add(
                    Article(id=d.id, text=d.text, title=d.title, meta=meta), model_version="b"
                )
            assign(store, opts)
        cpu = time.process_time() - t0
        pred = {}
        for s in rows.list_stories(store, limit=100_000):
            for aid in rows.story_article_ids(store, s.id):
                pred[aid] = s.id
        merges = len(rows.merges(store))
        store.close()
    scores = score_partition({d.id: d.cluster for d in docs}, pred)
    return {"b3_f1": scores["b3_f1"], "pair_f1": scores["pair_f1"], "merges": merges, "cpu_s": cpu}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--representation", default="mixed")
    ap.add_argument("--no-dates", action="store_true")
    ap.add_argument("--set", action="append")
    args = ap.parse_args()
    opts = StoryOptions(representation=args.representation, window=None if args.no_dates else 3)
    print(f"| set | one run B3 / pair F1 | every {args.batch} articles B3 / pair F1 | merges |")
    for name in args.set or list(SETS):
        docs = read_set(DATA, name)
        once = run(docs, opts, None, not args.no_dates)
        stream = run(docs, opts, args.batch, not args.no_dates)
        print(
            f"| {name} | {once['b3_f1']:.3f} / {once['pair_f1']:.3f} | "
            f"{stream['b3_f1']:.3f} / {stream['pair_f1']:.3f} | {stream['merges']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
