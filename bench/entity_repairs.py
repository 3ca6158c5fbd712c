"""What two entity repairs change on real articles (never run in CI).

Usage:
    python bench/entity_repairs.py --set polnear-dev [--samples 20] [--seed 0]
    python bench/entity_repairs.py --set propaganda

Sets (../shared/data): ``polnear-dev`` (84 articles), ``polnear-train`` (840),
``propaganda`` (the distinct English texts of SemEval-2023 task 3 subtask-1 train,
NLP4IF-2019 PTC train and SemEval-2020 task 11 train).

* **Line breaks**: spaCy entities of a named label (``doc.ents``) that run across a line
  break, and what the entities analyzer made of each (the parts it kept, with labels).
* **Type consistency**: entity mentions whose label the consistency repair changes, or
  that it adds (``none->PERSON``: a surname NER did not tag), from
  ``repair_entities(doc, consistent=False)`` to the default, counted by (before → after)
  label, with a random sample.

Prints plain lines; the samples are seeded, so a rerun prints the same ones.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from slant.analyzers.entities import NAMED_LABELS, repair_entities
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = {
    "polnear-dev": ["polnear/dev/text"],
    "polnear-train": ["polnear/train/text"],
    "propaganda": [
        "semeval2023-task3/en/train-articles-subtask-1",
        "nlp4if2019-ptc-v1/train-articles",
        "semeval2020-task11-ptc/train-articles",
    ],
}


def texts(name: str) -> list[tuple[str, str]]:
    """(file name, text) of the set's distinct texts, in file-name order."""
    seen: set[str] = set()
    out = []
    for folder in SETS[name]:
        for path in sorted((DATA / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text not in seen:
                seen.add(text)
                out.append((path.name, text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="polnear-dev")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    pipe = Pipeline(Settings(only=("entities",), language_check=False))
    articles = texts(args.set)
    crossing: list[tuple[str, str, str, list[tuple[str, str]]]] = []
    changes: list[tuple[str, str, str, str, str]] = []
    mentions = 0
    for name, text in articles:
        article = pipe(Article(id=name, text=text), keep_doc=True)
        doc = article.doc
        assert doc is not None
        assert all("\n" not in text[e.start : e.end] for e in article.entities)
        mentions += len(article.entities)
        for e in doc.ents:
            if e.label_ in NAMED_LABELS and "\n" in e.text:
                kept = [
                    (text[x.start : x.end], x.label)
                    for x in article.entities
                    if e.start_char <= x.start and x.end <= e.end_char
                ]
                crossing.append((name, e.text, e.label_, kept))
        before = {
            (x.start_char, x.end_char): x.label_ for x in repair_entities(doc, consistent=False)
        }
        for x in repair_entities(doc):
            old = before.get((x.start_char, x.end_char), "none")
            if old != x.label_:
                context = text[max(0, x.start_char - 40) : x.end_char + 40].replace("\n", " ")
                changes.append((name, x.text, old, x.label_, context))
    print(f"set: {args.set}, {len(articles)} articles, {mentions} entity mentions")
    print(f"line breaks: {len(crossing)} spaCy entities of a named label cross one")
    outcome = Counter(
        "dropped" if not kept else "one kept" if len(kept) == 1 else "two kept"
        for *_, kept in crossing
    )
    print("  what the analyzer kept:", dict(outcome))
    for name, surface, label, kept in crossing:
        print(f"  {name}: {surface!r} {label} -> {kept}")
    print(f"type consistency: {len(changes)} mentions change label or are added")
    print("  by change:", dict(Counter(f"{a}->{b}" for _, _, a, b, _ in changes).most_common()))
    print("  by text:", dict(Counter(t for _, t, *_ in changes).most_common(15)))
    rng = random.Random(args.seed)
    for name, surface, old, new, context in rng.sample(changes, min(args.samples, len(changes))):
        print(f"  {name}: {surface!r} {old}->{new} | …{context}…")


if __name__ == "__main__":
    main()
