from __future__ import annotations

from slant.analyzers.entities import canonical_names
from slant.readers.txt import article_from_text


def test_canonical_person_surname_joins_full_name() -> None:
    names = canonical_names(
        [("Antony Blinken", "PERSON"), ("Blinken", "PERSON"), ("Mr. Blinken", "PERSON")]
    )
    assert names == ["Antony Blinken"] * 3


def test_ambiguous_surname_is_not_guessed() -> None:
    names = canonical_names(
        [("John Smith", "PERSON"), ("Mary Smith", "PERSON"), ("Smith", "PERSON")]
    )
    assert names == ["John Smith", "Mary Smith", "Smith"]


def test_aliases_and_acronyms() -> None:
    text = "The Collective Security Treaty Organization (CSTO) met. The U.S. objected."
    names = canonical_names([("CSTO", "ORG"), ("U.S.", "GPE"), ("the US", "GPE")], text)
    assert names == ["Collective Security Treaty Organization", "United States", "United States"]


def test_possessive_and_article_are_stripped() -> None:
    assert canonical_names([("Kazakhstan's", "GPE"), ("the Kremlin", "ORG")]) == [
        "Kazakhstan",
        "Kremlin",
    ]


def test_entities_on_seed_article(pipeline, seed_text: str) -> None:
    art = pipeline(article_from_text(seed_text, id="seed", source="seed"))
    found = {(seed_text[e.start : e.end], e.label, e.canonical) for e in art.entities}
    assert ("Anatoly Antonov", "PERSON", "Anatoly Antonov") in found
    assert ("Blinken", "PERSON", "Antony Blinken") in found
    assert ("Zhanaozen", "GPE", "Zhanaozen") in found
    assert ("Aktau", "GPE", "Aktau") in found
    assert ("CSTO", "ORG", "Collective Security Treaty Organization") in found
    assert all(e.label not in ("CARDINAL", "DATE") for e in art.entities)
