"""The multilingual USE cache never carries a vector from one article into another.

USE's vectors differ in their last bits with the batch a text was encoded in, so a line
kept from another article's batch would make an article's narratives, roles or Russian
labels depend on what the worker read before it.
"""

from __future__ import annotations

import numpy as np

from slant.analyzers.techniques.russian import ParagraphEncoder

ARTICLE_A = [
    "Follow us on Telegram for the latest news.",
    "The ministry said on Tuesday that the grain corridor would stay open until March.",
    "Farmers in the south said prices had fallen by a third since the harvest began.",
    "Officials in Brussels declined to comment on the report.",
]
ARTICLE_B = [
    "Parliament voted late on Monday to extend the state of emergency by sixty days.",
    "Follow us on Telegram for the latest news.",
    "Opposition deputies walked out of the chamber before the vote was taken.",
]


def test_an_article_gets_the_same_vectors_whatever_came_before() -> None:
    fresh = ParagraphEncoder("use").encode(ARTICLE_A, scope="\n".join(ARTICLE_A))
    worker = ParagraphEncoder("use")
    worker.encode(ARTICLE_B, scope="\n".join(ARTICLE_B))  # shares a line with A
    again = worker.encode(ARTICLE_A, scope="\n".join(ARTICLE_A))
    assert np.array_equal(fresh, again)


def test_within_one_article_the_cache_serves_repeated_texts() -> None:
    enc = ParagraphEncoder("use")
    scope = "\n".join(ARTICLE_A)
    first = enc.encode(ARTICLE_A, scope=scope)
    # another analyzer of the same article (e.g. roles after narratives) reads cached rows
    assert np.array_equal(enc.encode(ARTICLE_A[1:3], scope=scope), first[1:3])
