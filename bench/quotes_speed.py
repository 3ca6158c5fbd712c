"""Time the quotes analyzer per article beyond the shared parse (never run in CI).

Usage: python bench/quotes_speed.py [PolNeAR dir] [split] [n articles] [MiniLM model dir]
Parses every article once (entities + quotes pipeline), then times the quotes analyzer alone:
the shipped learned tagger (``method="crf"``, which runs the rules too, as features) and the
rules alone; with a fourth argument (a folder with ``attribution-int8.onnx``, or ``shipped``)
also ``method="minilm"`` (the rules + the MiniLM tagger, one ONNX thread). CPU time of this
process, so other jobs on the machine count less.
"""

from __future__ import annotations

import sys
import time

from slant.analyzers.entities import EntitiesAnalyzer
from slant.analyzers.quotes import QuotesAnalyzer
from slant.article import Article
from slant.clean import clean
from slant.nlp import load_nlp
from slant.training.quotes import read_polnear


def main() -> None:
    data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/polnear"
    split = sys.argv[2] if len(sys.argv) > 2 else "dev"
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 84
    docs = read_polnear(data, split)[:n]
    nlp = load_nlp()
    ents, quotes, rules = EntitiesAnalyzer(), QuotesAnalyzer(), QuotesAnalyzer(method="rules")
    minilm = None
    if len(sys.argv) > 4:
        minilm = QuotesAnalyzer(
            method="minilm", model_dir=None if sys.argv[4] == "shipped" else sys.argv[4]
        )
        minilm.initialize()
    ents.initialize()
    quotes.initialize()
    rules.initialize()
    parse_s = quote_s = rule_s = minilm_s = 0.0
    chars = 0
    for d in docs:
        art = Article(id=d.id, text=d.text)
        clean(art)
        t0 = time.process_time()
        art.doc = nlp(art.text)
        ents(art)
        t1 = time.process_time()
        quotes(art)
        t2 = time.process_time()
        rules(art)
        t3 = time.process_time()
        parse_s += t1 - t0
        quote_s += t2 - t1
        rule_s += t3 - t2
        if minilm is not None:
            minilm(art)
            minilm_s += time.process_time() - t3
        chars += len(d.text)
    k = len(docs)
    print(f"articles: {k}")
    print(f"mean_chars: {chars / k:.0f}")
    print(f"parse_plus_entities_ms_per_article: {1000 * parse_s / k:.1f}")
    print(f"quotes_ms_per_article: {1000 * quote_s / k:.2f}")
    print(f"quotes_rules_only_ms_per_article: {1000 * rule_s / k:.2f}")
    if minilm is not None:
        print(f"quotes_minilm_ms_per_article: {1000 * minilm_s / k:.2f}")


if __name__ == "__main__":
    main()
