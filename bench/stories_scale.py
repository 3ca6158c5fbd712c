"""Time ``slant stories`` on a 100,000-article store, then an incremental run of 1,000.

    python bench/stories_scale.py [--articles 100000] [--new 1000] [--representation mixed]
                                  [--no-vectors] [--db PATH]

The store is made from the story-cluster sets in ../shared/data (ECB+, BASIL, AllSides,
PAC: 2,686 articles) by repetition: copy k gets ids ``<id>~k``, its dates shifted by
``k * 35`` days (ECB+, undated, gets a date from its id's hash within the copy's month) and
a last line naming the copy, so every text is new to the store. Rows are written directly
with no analysis (the clusterer reads title, text and date only), and with each one its
sentence vector, as ``slant ingest`` stores it (its analysis workers compute it): the bench
computes the 2,686 originals' vectors once (cached under ~/.cache/slant/stories/) and
stores each copy with its original's vector (a copy's text differs from it by the last
line only); ``--no-vectors`` stores none, as a store ingested before migration 0009, so
``slant stories`` computes them. Then ``slant stories --db`` runs in a subprocess (its
wall time, CPU time and peak RSS are measured), 1,000 more articles are stored (the next
copy), and ``slant stories`` runs again (incremental). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "story-clusters"
CACHE = Path.home() / ".cache" / "slant" / "stories"


def base_docs() -> list[dict[str, str]]:
    from slant.stories.evaluate import SETS, read_set

    docs = []
    for name in SETS:
        for d in read_set(DATA, name):
            docs.append(d.record(dates=True))
    return docs


def copies(docs: list[dict[str, str]], start: int, n: int) -> list[dict[str, str]]:
    """Articles ``start`` .. ``start + n - 1`` of the endless repetition."""
    origin = dt.date(2000, 1, 1)
    out = []
    for i in range(start, start + n):
        k, doc = divmod(i, len(docs))
        base = docs[doc]
        shift = dt.timedelta(days=35 * k)
        if base.get("published"):
            day = dt.date.fromisoformat(base["published"][:10]) + shift
        else:
            day = origin + shift + dt.timedelta(days=zlib.crc32(base["id"].encode()) % 28)
        rec = dict(base)
        rec["id"] = f"{base['id']}~{k}"
        rec["published"] = day.isoformat()
        rec["text"] = base["text"] + f"(copy {k})\n"
        out.append(rec)
    return out


def base_vectors(docs: list[dict[str, str]]) -> dict[str, bytes]:
    """Original id → its stored sentence vector (as the ingest workers compute it)."""
    from slant.sentence_vectors import ENCODER, article_vector

    path = CACHE / f"scale-sentences-{zlib.crc32(ENCODER.encode()):08x}.json"
    if path.exists():
        return {k: bytes.fromhex(v) for k, v in json.loads(path.read_text()).items()}
    out = {d["id"]: article_vector(d.get("title"), d["text"]) for d in docs}
    path.write_text(json.dumps({k: v.hex() for k, v in out.items()}))
    return out


def store_rows(db: Path, recs: list[dict[str, str]], vectors: dict[str, bytes] | None) -> float:
    """Write the records as stored articles (no analysis) with their originals' sentence
    vectors (none if ``vectors`` is None); returns seconds."""
    from sqlalchemy import insert

    from slant.article import Article
    from slant.sentence_vectors import ENCODER
    from slant.store import Store
    from slant.store.mapping import rows_for
    from slant.store.tables import ArticleRow, SentenceVectorRow

    t0 = time.perf_counter()
    store = Store(str(db))

    def write(batch: list[dict[str, object]]) -> None:
        with store.engine.begin() as conn:
            got = conn.execute(
                insert(ArticleRow).returning(
                    ArticleRow.pk, ArticleRow.article_id, sort_by_parameter_order=True
                ),
                batch,
            ).all()
            if vectors is not None:
                rows = [
                    {"article_pk": pk, "encoder": ENCODER, "vector": vectors[aid.rsplit("~", 1)[0]]}
                    for pk, aid in got
                ]
                conn.execute(insert(SentenceVectorRow), rows)

    batch = []
    for rec in recs:
        meta = {k: rec[k] for k in ("outlet", "published", "url") if rec.get(k)}
        art = Article(id=rec["id"], text=rec["text"], title=rec.get("title"), meta=meta)
        row, _ = rows_for(art, model_version="bench")
        batch.append(
            {c.key: getattr(row, c.key) for c in ArticleRow.__table__.columns if c.key != "pk"}
        )
        if len(batch) == 5000:
            write(batch)
            batch = []
    if batch:
        write(batch)
    store.close()
    return time.perf_counter() - t0


def run_stories(db: Path, *extra: str) -> dict[str, float | str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "slant", "stories", "--db", str(db), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
        # RUSAGE_CHILDREN's maxrss is the largest child so far (KiB on Linux)
        "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
        "log": proc.stderr.strip().splitlines()[-1],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=1000)
    ap.add_argument("--db", type=Path, default=CACHE / "scale.db")
    ap.add_argument("--representation", default="mixed")
    ap.add_argument(
        "--no-vectors",
        action="store_true",
        help="store no sentence vectors (slant stories computes them, as for old stores)",
    )
    args = ap.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for old in args.db.parent.glob(args.db.name + "*"):
        old.unlink()
    docs = base_docs()
    vectors = None if args.no_vectors or args.representation == "tfidf" else base_vectors(docs)
    made = store_rows(args.db, copies(docs, 0, args.articles), vectors)
    extra = ("--representation", args.representation)
    full = run_stories(args.db, *extra)
    added = store_rows(args.db, copies(docs, args.articles, args.new), vectors)
    incremental = run_stories(args.db, *extra)
    print(
        json.dumps(
            {
                "articles": args.articles,
                "new": args.new,
                "base_documents": len(docs),
                "representation": args.representation,
                "stored_sentence_vectors": vectors is not None,
                "store_seconds": round(made + added, 1),
                "full": full,
                "incremental": incremental,
                "cpus": os.cpu_count(),
                "load_avg": os.getloadavg(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
