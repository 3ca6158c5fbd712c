"""Speaker names across a corpus, before and after the dominant-bearer rule (issue 22).

Stores the PolNeAR articles of one split (../shared/data/polnear) with ``slant ingest
--only entities,quotes``, then prints, for a few names, the quotes / articles that
``slant stats --by speaker`` gives, beside what the rule before it (a bare surname joins
only the corpus's sole bearer: store/speakers.py at a6fbd4a, read from git) gives on the
same stored quotes. Never run in CI.

    python bench/speaker_links.py --split dev      # 84 articles, about 1 min on 2 cores
    python bench/speaker_links.py --split train    # 840 articles, about 7 min
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.util
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
BEFORE = "a6fbd4a"  # the last commit with the sole-bearer rule
NAMES = (
    "Donald Trump,Trump,Hillary Clinton,Clinton,Bill Clinton,Ted Cruz,Cruz,"
    "Bernie Sanders,Sanders,Barack Obama,Obama"
)


def write_jsonl(split: str, out: Path) -> int:
    meta = {}
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for path in sorted((POLNEAR / split / "text").glob("*.txt")):
            m = meta.get(path.stem, {})
            publisher, date = path.stem.split("_")[:2]
            record = {
                "id": path.stem,
                "text": path.read_text(encoding="utf-8"),
                "outlet": m.get("publisher", publisher),
                "published": date,
                "title": m.get("title") or None,
            }
            f.write(json.dumps(record) + "\n")
            n += 1
    return n


def old_links(counts: dict[str, int]) -> dict[str, str | None]:
    source = subprocess.run(
        ["git", "show", f"{BEFORE}:src/slant/store/speakers.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("speakers_before", f.name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.links_for(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--names", default=NAMES)
    parser.add_argument("--workdir", type=Path, default=Path.home() / ".cache/slant/speakers")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = args.workdir / f"polnear_{args.split}.jsonl"
    db = args.workdir / f"{args.split}.db"
    n = write_jsonl(args.split, corpus)
    db.unlink(missing_ok=True)
    slant = [sys.executable, "-m", "slant"]
    subprocess.run(
        [*slant, "ingest", str(corpus), "--db", str(db), "--only", "entities,quotes",
         "--max-bytes", str(50 * 10**6)],
        check=True,
    )  # fmt: skip
    con = sqlite3.connect(db)
    rows = con.execute(
        "select speaker, article_pk from quotes where speaker is not null "
        "and in_teaser = 0 and duplicate_of is null"
    ).fetchall()
    links = old_links(collections.Counter(s for s, _ in rows))
    quotes: collections.Counter[str] = collections.Counter()
    articles: dict[str, set[int]] = collections.defaultdict(set)
    for speaker, pk in rows:
        name = links.get(speaker) or speaker
        quotes[name] += 1
        articles[name].add(pk)
    stats = subprocess.run(
        [*slant, "stats", "--db", str(db), "--by", "speaker", "--json", "--top", "1000000"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    after = {r["speaker"]: (r["quotes"], r["articles"]) for r in json.loads(stats)}
    print(f"PolNeAR {args.split}: {n} articles, {len(rows):,} counted quotes")
    print(f"{'name':18} {'before':>12} {'after':>12}   (quotes / articles)")
    for name in args.names.split(","):
        before = f"{quotes[name]}/{len(articles[name])}" if quotes[name] else "-"
        now = "{}/{}".format(*after[name]) if name in after else "-"
        print(f"{name:18} {before:>12} {now:>12}")


if __name__ == "__main__":
    main()
