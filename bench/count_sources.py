"""Every event count of a corpus with its source, one tab-separated line each (never run
in CI). Run it at two commits and ``diff`` the outputs to see what a counts change does.

Usage:
    python bench/count_sources.py --set semeval > counts.tsv
    python bench/count_sources.py --set basil > counts.tsv

Sets (../shared/data): ``semeval`` (SemEval-2023 task 3 en train, 446 articles), ``basil``
(story-clusters/basil, 300 articles: the title, a blank line, one paragraph per line).
Columns: file, type, number, source, the count's words; the last line is a total.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = {
    "semeval": "semeval2023-task3/en/train-articles-subtask-3/*.txt",
    "basil": "story-clusters/basil/articles/*/*.json",
}


def _text(path: Path) -> str:
    if path.suffix != ".json":
        return path.read_text(encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    paras = [" ".join(p) if isinstance(p, list) else p for p in data["body-paragraphs"]]
    return data["title"] + "\n\n" + "\n".join(paras)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="semeval")
    args = parser.parse_args()
    pipe = Pipeline(Settings(only=("counts",), language_check=False))
    files = sorted(DATA.glob(SETS[args.set]))
    total = 0
    for path in files:
        text = _text(path)
        art = pipe(Article(id=path.stem, text=text, source=str(path)))
        for c in art.counts:
            words = " ".join(text[c.start : c.end].split())
            print(f"{path.name}\t{c.type}\t{c.number:g}\t{c.source}\t{words}")
            total += 1
    print(f"# {len(files)} articles, {total} counts")


if __name__ == "__main__":
    main()
