"""Per-article cost of the roles analyzer in the default run, beyond the parse and encoder.

Usage::

    python bench/roles_speed.py [ARTICLE_DIR] [--limit N] [--model DIR] [--after-narratives]

Default ARTICLE_DIR: ../shared/data/semeval2020-task11-ptc/dev-articles (75 articles). Each
article is cleaned, parsed and its entities found (not timed); its MiniLM states are
computed by the shared encoder first, as the techniques analyzer does in the default run
(timed apart: ``encode``), then the roles analyzer runs (``roles``: features, the three
regressions, the cast; for a model with agency columns, also its own dependency parse of
the article, :func:`slant.analyzers.roles.agency.parsed`). Wall milliseconds and CPU
milliseconds (this thread's user + sys) per article. Run with OMP_NUM_THREADS=1.
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

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/semeval2020-task11-ptc/dev-articles"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--model", type=Path, default=None, help="a roles model folder")
    ap.add_argument(
        "--after-narratives",
        action="store_true",
        help="run the narratives analyzer first (untimed), as the default run does: its USE "
        "line vectors are then cached for the roles' USE head",
    )
    args = ap.parse_args()

    nlp = load_nlp()
    ents = registry.get("entities")()
    ents.initialize()
    roles = registry.get("roles")(model_dir=str(args.model) if args.model else None)
    t = time.perf_counter()
    roles.initialize()
    init_s = time.perf_counter() - t
    narratives = None
    if args.after_narratives:
        narratives = registry.get("narratives")()
        narratives.initialize()
    paths = sorted(args.articles.glob("*.txt"))[: args.limit or None]
    wall: dict[str, list[float]] = {"encode": [], "roles": []}
    cpu: dict[str, list[float]] = {"encode": [], "roles": []}
    cast = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        art = Article(id=path.stem, text=text, source=str(path))
        clean(art)
        art.doc = nlp(text)
        ents(art)
        if narratives is not None:
            narratives(art)
        for name, run in (
            ("encode", lambda a=art: roles.encoder_.states(a.text)),
            ("roles", lambda a=art: roles(a)),
        ):
            w, c = time.perf_counter(), time.thread_time()
            run()
            cpu[name].append(1000 * (time.thread_time() - c))
            wall[name].append(1000 * (time.perf_counter() - w))
        cast += len(art.cast)
    print(f"articles: {len(paths)}, cast members per article: {cast / max(len(paths), 1):.1f}")
    print(f"roles_init_s: {init_s:.2f}")
    for name in ("encode", "roles"):
        print(
            f"{name}_ms_wall_mean: {statistics.fmean(wall[name]):.2f}  "
            f"cpu_mean: {statistics.fmean(cpu[name]):.2f}  "
            f"cpu_median: {statistics.median(cpu[name]):.2f}  cpu_max: {max(cpu[name]):.1f}"
        )


if __name__ == "__main__":
    main()
