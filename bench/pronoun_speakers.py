"""Who the quotes analyzer says a speaker's "he"/"she" is, against hand labels.

PolNeAR marks a pronoun Source as the pronoun, so ``slant eval quotes`` cannot tell whom
it stands for. This runs the analyzer (entities, quotes) on a PolNeAR split
(../shared/data/polnear) and, for every quote whose speaker mention is "he"/"she":

* with ``--split dev``, compares the name given with the person labelled by hand in
  ``bench/pronoun_speakers_dev.json`` (key ``article id:offset``; ``null``: no one the
  article names; ``?``: left undecided): right, wrong name, or unnamed;
* on any split, counts the names whose first name has the other gender ("she" → Pete
  Buttigieg), a check that needs no labels (``--half 0|1``: the train articles whose
  crc32 of the id is even / odd, the half the rules were tuned on is 0).

Never run in CI. ``python bench/pronoun_speakers.py --split dev`` (84 articles, about 30 s
on 2 cores); ``--split train --half 0`` (412 articles, about 3 min).
"""

from __future__ import annotations

import argparse
import collections
import json
import zlib
from pathlib import Path

from slant.analyzers.quotes import first_name_gender
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.training.quotes import read_polnear

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
LABELS = Path(__file__).with_name("pronoun_speakers_dev.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--half", type=int, choices=(0, 1), default=None)
    ap.add_argument("--show", action="store_true", help="print every wrong or unnamed case")
    args = ap.parse_args()
    docs = read_polnear(POLNEAR, args.split)
    if args.half is not None:
        docs = [d for d in docs if zlib.crc32(d.id.encode("utf-8")) % 2 == args.half]
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"] if args.split == "dev" else {}
    pipe = Pipeline(Settings(only=("entities", "quotes"), language_check=False))
    counts: collections.Counter[str] = collections.Counter({"gender clash": 0})
    for d in docs:
        art = Article(id=d.id, text=d.text)
        pipe(art)
        seen = set()
        for q in art.quotes:
            sp = q.speaker
            if sp is None or sp.start in seen:
                continue
            pron = d.text[sp.start : sp.end].strip().lower()
            if pron not in ("he", "she"):
                continue
            seen.add(sp.start)
            counts["he/she speakers"] += 1
            counts["named"] += sp.name is not None
            if sp.name and first_name_gender(sp.name) not in (None, "m" if pron == "he" else "f"):
                counts["gender clash"] += 1
            key = f"{d.id}:{sp.start}"
            if key not in labels:
                continue
            gold = labels[key]
            if gold == "?":
                counts["undecided"] += 1
                continue
            verdict = "right" if sp.name == gold else "unnamed" if sp.name is None else "wrong name"
            counts[verdict] += 1
            if args.show and verdict != "right":
                ctx = d.text[max(0, sp.start - 160) : sp.end + 40].replace("\n", " / ")
                print(f"{verdict}: {sp.name!r} (labelled {gold!r}) … {ctx}")
    for k, v in counts.items():
        print(f"{k}: {v}")
    judged = counts["right"] + counts["wrong name"] + counts["unnamed"]
    if judged:
        print(f"right share: {counts['right'] / judged:.3f} of {judged}")


if __name__ == "__main__":
    main()
