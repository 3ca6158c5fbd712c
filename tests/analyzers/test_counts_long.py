"""Counts over a long article cost time in proportion to its length. Found while sizing
the fuzzing campaign's time limit (bench/fuzz_campaign.py): the rules read ``doc.text``,
which spaCy joins from every token again on each read, once per sentence with a number:
a 200,000-character article spent 14.9 CPU-s in counts (now 0.2), a 400,000-character one
59.0 CPU-s in all (now 30.7).
"""

from __future__ import annotations

from slant.analyzers.counts import find_counts
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

SENTENCE = "Police arrested {n} protesters in the capital on Monday, officials said."


def test_the_doc_text_is_passed_in_not_rebuilt_per_sentence() -> None:
    pipe = Pipeline(Settings(only=("counts",), language_check=False))
    text = " ".join(SENTENCE.format(n=10 + i) for i in range(3))
    article = pipe(Article(id="c", text=text), keep_doc=True)
    assert article.doc is not None
    sents = list(article.doc.sents)
    # the text is an argument: the per-sentence rules never rebuild it from the tokens
    given = [c for s in sents for c in find_counts(s, text)]
    assert [(c.type, c.number) for c in given] == [("ARREST", 10), ("ARREST", 11), ("ARREST", 12)]
    assert given == [c for s in sents for c in find_counts(s)]


def test_many_counts_in_one_article() -> None:
    pipe = Pipeline(Settings(only=("counts",), language_check=False))
    text = " ".join(SENTENCE.format(n=100 + i) for i in range(400))
    counts = pipe(Article(id="c", text=text)).counts
    assert [c.number for c in counts] == list(range(100, 500))
    assert all(f"{c.number:g}" in text[c.start : c.end] for c in counts)
