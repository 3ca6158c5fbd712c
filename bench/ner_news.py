"""Score named entities on slant's hand-made news set (tests/fixtures/entities/news_ner.json).

Usage:
    python bench/ner_news.py [--errors] [--lang ru] [--set articles]

``--set articles`` scores short articles instead (tests/fixtures/entities/news_ner_articles.json:
a person named in full, then by a surname spaCy tags ORG or GPE in some sentences), with a
third row: the analyzer without its type consistency within the article.

``--lang ru`` scores the Russian set (tests/fixtures/ru/news_ner.json) with the Russian
pipeline: "natasha NER alone" is natasha's spans mapped to slant's labels (slant.nlp.ru).

Two rows: spaCy's NER alone (en_core_web_md 3.7.1, ``doc.ents`` with slant's named labels:
what the entities analyzer returned before its repairs) and the entities analyzer as shipped.
Scores are exact span + label (a leading lower-case "the" in a predicted span is ignored):
precision, recall and F1 over all gold labels, then F1 per label. ``--errors`` lists the
misses and false alarms of each row.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from slant.analyzers.entities import NAMED_LABELS
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "entities" / "news_ner.json"
GOLD_RU = GOLD.parent.parent / "ru" / "news_ner.json"
GOLD_ARTICLES = GOLD.parent / "news_ner_articles.json"

Span = tuple[int, int, int, str]  # sentence index, start, end, label


def load_gold(path: Path = GOLD) -> tuple[list[str], set[Span]]:
    """The sentences and their gold spans (offsets found from each entity's text)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    texts: list[str] = []
    gold: set[Span] = set()
    for i, sent in enumerate(data["sentences"]):
        text = sent["text"]
        texts.append(text)
        pos = 0  # entities are listed in text order: each is found after the previous one
        for surface, label in sent["entities"]:
            start = text.index(surface, pos)
            pos = start + len(surface)
            gold.add((i, start, pos, label))
    return texts, gold


def predict(texts: list[str], *, raw: bool, lang: str = "en", consistent: bool = True) -> set[Span]:
    """Entities of each sentence: spaCy's ``doc.ents`` (raw) or slant's entities analyzer
    (``consistent=False``: its repairs but the type consistency within the article)."""
    from slant.analyzers.entities import repair_entities

    language = "ru" if lang == "ru" else "auto"
    pipe = Pipeline(Settings(only=("entities",), language_check=False, language=language))
    out: set[Span] = set()
    for i, text in enumerate(texts):
        art = pipe(Article(id=str(i), text=text), keep_doc=raw or not consistent)
        if raw:
            assert art.doc is not None
            spans = [(e.start_char, e.end_char, e.label_) for e in art.doc.ents]
        elif not consistent:
            assert art.doc is not None
            spans = [
                (e.start_char, e.end_char, e.label_)
                for e in repair_entities(art.doc, consistent=False)
            ]
        else:
            spans = [(e.start, e.end, e.label) for e in art.entities]
        for s, e, lab in spans:
            if text.startswith("the ", s) and e - s > 4:
                s += 4  # OntoNotes and spaCy keep a leading "the" ("the World Bank"): ignored
            if lab in NAMED_LABELS:
                out.add((i, s, e, lab))
    return out


def prf(pred: set[Span], gold: set[Span]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="list misses and false alarms")
    ap.add_argument("--lang", choices=("en", "ru"), default="en", help="which set and pipeline")
    ap.add_argument("--set", choices=("sentences", "articles"), default="sentences")
    args = ap.parse_args()
    path = GOLD_RU if args.lang == "ru" else GOLD_ARTICLES if args.set == "articles" else GOLD
    texts, gold = load_gold(path)
    labels = sorted(Counter(lab for *_, lab in gold))
    print(f"{len(texts)} sentences, {len(gold)} gold entities: {dict(Counter(g[3] for g in gold))}")
    header = "system | P | R | F1 | " + " | ".join(f"{lab} F1" for lab in labels)
    print(header)
    alone = "natasha NER alone" if args.lang == "ru" else "spaCy NER alone"
    rows = [(alone, True, True), ("slant entities", False, True)]
    if args.set == "articles":
        rows.insert(1, ("slant without type consistency", False, False))
    for name, raw, consistent in rows:
        pred = predict(texts, raw=raw, lang=args.lang, consistent=consistent)
        p, r, f = prf(pred, gold)
        per = [
            prf({x for x in pred if x[3] == lab}, {g for g in gold if g[3] == lab})[2]
            for lab in labels
        ]
        print(f"{name} | {p:.3f} | {r:.3f} | {f:.3f} | " + " | ".join(f"{x:.3f}" for x in per))
        if args.errors:
            for tag, spans in (("miss", gold - pred), ("false", pred - gold)):
                for i, s, e, lab in sorted(spans):
                    print(f"    {tag:5} {lab:7} {texts[i][s:e]!r}  (sentence {i})")


if __name__ == "__main__":
    main()
