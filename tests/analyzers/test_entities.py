from __future__ import annotations

import json
from pathlib import Path

import pytest

from slant.analyzers.entities import canonical_names, country_of_demonym
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.readers.txt import article_from_text

NEWS_NER = Path(__file__).parent.parent / "fixtures" / "entities" / "news_ner.json"


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
    # the president is one PERSON; "Kassym" is no place; "Kazakh" is an adjective
    assert ("Kassym-Jomart Tokayev", "PERSON", "Kassym-Jomart Tokayev") in found
    assert not any(text == "Kassym" for text, _, _ in found)
    assert ("Kazakh", "NORP", "Kazakh") in found


# -- repairs of spaCy's entities (hyphenated names, possessives, demonyms) -----------------


@pytest.fixture(scope="module")
def ents_pipe() -> Pipeline:
    return Pipeline(Settings(only=("entities", "places"), language_check=False))


def _found(pipe: Pipeline, text: str) -> set[tuple[str, str]]:
    art = pipe(Article(id="t", text=text))
    return {(text[e.start : e.end], e.label) for e in art.entities}


def test_country_of_demonym() -> None:
    assert country_of_demonym("Kazakh") == "kazakhstan"
    assert country_of_demonym("Uzbek") == "uzbekistan"
    assert country_of_demonym("Russian") == "russia"
    assert country_of_demonym("Iraqi") == "iraq"
    assert country_of_demonym("Chinese") == "china"
    assert country_of_demonym("Italian") == "italy"
    assert country_of_demonym("Guatemalan") == "guatemala"
    # countries, aliases and words made by other rules are not demonyms
    for word in ("Niger", "Georgia", "Kazakhstan", "Indiana", "Britain", "UK", "Aktau", "Roman"):
        assert country_of_demonym(word) is None, word


def test_hyphenated_first_names_are_one_person(ents_pipe: Pipeline) -> None:
    text = "Kazakh President Kassym-Jomart Tokayev declared a state of emergency in Almaty."
    found = _found(ents_pipe, text)
    assert ("Kassym-Jomart Tokayev", "PERSON") in found
    assert ("Kazakh", "NORP") in found  # spaCy says GPE here
    assert not any(t == "Kassym" for t, _ in found)
    # no title before it: the surname tagged PERSON elsewhere in the article is the evidence
    text = "Kassym-Jomart Tokayev sacked the cabinet on Wednesday. Tokayev said order was restored."
    assert ("Kassym-Jomart Tokayev", "PERSON") in _found(ents_pipe, text)
    found = _found(ents_pipe, "Jean-Luc Mélenchon called for a march in Paris.")
    assert ("Jean-Luc Mélenchon", "PERSON") in found


def test_possessive_is_not_part_of_the_name(ents_pipe: Pipeline) -> None:
    text = "Belarusian opposition figures accused Alexander Lukashenko's government of fraud."
    found = _found(ents_pipe, text)
    assert ("Alexander Lukashenko", "PERSON") in found
    assert ("Alexander Lukashenko's", "PERSON") not in found


def test_hyphen_chains_that_are_not_one_name_are_left_alone(ents_pipe: Pipeline) -> None:
    found = _found(ents_pipe, "Former Vice-President Joe Biden spoke in Ohio on Monday.")
    assert ("Joe Biden", "PERSON") in found and not any("Vice" in t for t, _ in found)
    found = _found(ents_pipe, "Guinea-Bissau President Umaro Sissoco Embalo dissolved parliament.")
    assert not any("Guinea-Bissau" in t and lab == "PERSON" for t, lab in found)
    text = "Read the Pre-Order Jamie Glazov edition. Jamie Glazov said the book was done."
    found = _found(ents_pipe, text)
    assert not any(t.startswith("Pre") and lab == "PERSON" for t, lab in found)
    found = _found(ents_pipe, "The Russia-Ukraine War has pushed up wheat prices, Putin said.")
    assert ("Russia", "GPE") in found and not any("War" in t for t, _ in found)


def test_demonym_is_not_a_second_place_row(ents_pipe: Pipeline) -> None:
    text = "Kazakh officials said protests in Kazakhstan had spread from Zhanaozen to Aktau."
    art = ents_pipe(Article(id="k", text=text))
    kazakh = [e for e in art.entities if text[e.start : e.end] == "Kazakh"]
    assert kazakh and all(e.label == "NORP" and e.geo is None for e in kazakh)
    places = {e.geo.name for e in art.entities if e.geo}
    assert places == {"Kazakhstan", "Zhanaozen", "Aktau"}


def test_ner_on_the_hand_made_news_set(ents_pipe: Pipeline) -> None:
    """Exact span + label F1 on tests/fixtures/entities/news_ner.json (bench/ner_news.py
    prints the full table): spaCy alone scores 0.872, the repairs lift it to 0.959."""
    data = json.loads((NEWS_NER).read_text(encoding="utf-8"))
    gold: set[tuple[int, int, int, str]] = set()
    pred: set[tuple[int, int, int, str]] = set()
    for i, sent in enumerate(data["sentences"]):
        text, pos = sent["text"], 0
        for surface, label in sent["entities"]:
            start = text.index(surface, pos)
            pos = start + len(surface)
            gold.add((i, start, pos, label))
        for e in ents_pipe(Article(id=str(i), text=text)).entities:
            start = e.start + 4 if text.startswith("the ", e.start) else e.start
            pred.add((i, start, e.end, e.label))
    tp = len(gold & pred)
    f1 = 2 * tp / (len(gold) + len(pred))
    assert f1 >= 0.95, f1
    persons = {g for g in gold if g[3] == "PERSON"}
    assert len(persons & pred) >= len(persons) - 1  # all but "Umaro Sissoco Embalo"
