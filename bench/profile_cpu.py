"""CPU-seconds per article of a full ``slant analyze`` run, per analyzer (never run in CI).

Usage:
    python bench/profile_cpu.py FOLDER [FOLDER ...] [--limit N] [--only a,b] [--skip a,b]
        [--cprofile OUT.prof] [--digest OUT.txt] [--warmup N]

One process, native threads pinned to one (as each worker of ``--workers 2`` runs), models
loaded and warmed up on the first ``--warmup`` articles, then ``time.process_time`` around
every stage of the pipeline (language id + cleaning, the spaCy parse, each analyzer) for
every article. CPU time, unlike wall-clock, hardly moves with the load other jobs put on
the machine, so two versions can be compared on a shared VM. Files are taken in order,
folder by folder (``--limit`` keeps the first N of them all).

``--digest`` writes one line per article: its id and the SHA-256 of its JSON output (or of
the ``--fields`` named), so that two versions can be checked to give identical output
(``cmp`` the two files).
``--cprofile`` profiles the timed articles with cProfile (adds ~30 % overhead; the
per-stage figures printed are then inflated).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--profile", default="fast")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--cprofile", type=Path, default=None)
    ap.add_argument("--digest", type=Path, default=None)
    ap.add_argument(
        "--fields",
        default="",
        help="digest only these top-level output fields (e.g. techniques,paragraphs)",
    )
    args = ap.parse_args()

    from slant.pipeline import _one_thread_per_worker

    _one_thread_per_worker()
    from slant.article import Article
    from slant.clean import clean
    from slant.config import load_settings
    from slant.pipeline import Pipeline
    from slant.readers import expand_paths, read_paths

    settings = load_settings(
        only=tuple(x for x in args.only.split(",") if x) or None,
        skip=tuple(x for x in args.skip.split(",") if x) or None,
        on_error="raise",
        language_check=False,
        profile=args.profile,
    )
    files = [f for folder in args.folders for f in sorted(expand_paths([folder]))]
    if args.limit:
        files = files[: args.limit]
    t_load = time.process_time()
    pipe = Pipeline(settings)
    pipe.initialize()
    _one_thread_per_worker()
    load_cpu = time.process_time() - t_load
    items = [a for a in read_paths(files, max_bytes=settings.max_bytes) if isinstance(a, Article)]

    def run(article: Article, spent: dict[str, float]) -> Article:
        t = time.process_time()
        pipe._identify_language(article)
        clean(article)
        spent["clean"] += time.process_time() - t
        if pipe.needs_doc:
            t = time.process_time()
            article.doc = pipe.nlp_(article.text)
            spent["parse"] += time.process_time() - t
        for name, analyzer in zip(pipe.names, pipe.analyzers, strict=True):
            t = time.process_time()
            analyzer(article)
            spent[name] += time.process_time() - t
            article.analyzers.append(name)
        article.profile = settings.profile
        article.doc = None
        return article

    warm: dict[str, float] = defaultdict(float)
    for a in items[: args.warmup]:
        run(Article(id=a.id, text=a.text, source=a.source), warm)
    spent: dict[str, float] = defaultdict(float)
    prof = None
    if args.cprofile:
        import cProfile

        prof = cProfile.Profile(time.process_time)
        prof.enable()
    digests = []
    chars = 0
    t0 = time.process_time()
    for a in items:
        out = run(a, spent)
        chars += len(out.text)
        if args.digest:
            record = out.to_dict()
            if args.fields:
                record = {k: record.get(k) for k in args.fields.split(",")}
            blob = json.dumps(record, sort_keys=True, ensure_ascii=False)
            digests.append(f"{out.id}\t{hashlib.sha256(blob.encode()).hexdigest()}")
    total = time.process_time() - t0
    if prof is not None:
        prof.disable()
        prof.dump_stats(str(args.cprofile))
    if args.digest:
        args.digest.write_text("\n".join(digests) + "\n", encoding="utf-8")
    n = max(len(items), 1)
    print(f"analyzers: {','.join(pipe.names)}  profile: {settings.profile}")
    print(f"articles: {len(items)} ({chars / n:.0f} chars on average)")
    print(f"load_cpu_s: {load_cpu:.2f}")
    print(f"cpu_s_per_article: {total / n:.4f}  (incl. digest/serialisation when asked)")
    for k, v in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {k:12s} {v / n * 1000:8.1f} ms/article")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    sys.exit(main())
