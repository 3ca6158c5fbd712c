"""technique_counts: per stored article, its technique spans and its most used technique."""

from __future__ import annotations

from slant.annotations import TechniqueSpan
from slant.article import Article
from slant.store import Store
from slant.store.queries import technique_counts

TEXT = "They are thugs and traitors, thugs all of them, and liars.\n"


def _article(i: int, techniques: list[tuple[str, str]]) -> Article:
    spans = []
    for technique, word in techniques:
        start = TEXT.index(word)
        spans.append(TechniqueSpan(technique, start, start + len(word), 0.5))
    return Article(id=f"t{i}", text=TEXT + f"Article {i}.\n", techniques=spans)


def test_technique_counts_per_article_with_the_top_technique(store: Store) -> None:
    many = store.add(
        _article(
            1,
            [
                ("Name_Calling-Labeling", "thugs"),
                ("Name_Calling-Labeling", "traitors"),
                ("Loaded_Language", "liars"),
            ],
        ),
        model_version="v1",
    )
    tie = store.add(
        _article(2, [("Loaded_Language", "thugs"), ("Doubt", "liars")]), model_version="v1"
    )
    none = store.add(_article(3, []), model_version="v1")
    got = technique_counts(store, [many, tie, none])
    assert got[many] == {"techniques": 3, "top": "Name_Calling-Labeling", "top_count": 2}
    assert got[tie] == {"techniques": 2, "top": "Doubt", "top_count": 1}  # a tie: A to Z
    assert got[none] == {"techniques": 0, "top": None, "top_count": 0}
    assert technique_counts(store, []) == {}
    assert set(technique_counts(store, [tie])) == {tie}
