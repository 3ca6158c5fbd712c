"""One type per person within an article, on short news articles written for these tests
(tests/fixtures/entities/news_ner_articles.json, also scored by
``bench/ner_news.py --set articles``).

spaCy tags a bare surname ORG, GPE, FAC or NORP in some sentences ("Trump" ORG, "Scott"
GPE, "McAuliffe" FAC) while the article names the person in full. The entities analyzer
makes such a mention PERSON, and a surname NER left untagged too, but leaves alone the
Trump Organization, Ford the company in an article naming no person Ford, and Jordan the
country beside Michael Jordan.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slant.analyzers.entities import repair_entities
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "entities" / "news_ner_articles.json"
ARTICLES = json.loads(GOLD.read_text(encoding="utf-8"))["sentences"]
BOTH_FORDS = ARTICLES[-1]  # Gerald Ford and Ford the company in one article


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings(only=("entities",), language_check=False))


def _named(article: Article) -> list[list[str]]:
    """[text, label] of each entity, without a leading "the" (as the gold set writes it)."""
    out = []
    for e in article.entities:
        text = article.text[e.start : e.end]
        out.append([text.removeprefix("the "), e.label])
    return out


@pytest.mark.parametrize("item", ARTICLES, ids=lambda item: item["text"][:30])
def test_articles_get_their_gold_entities(pipe: Pipeline, item: dict) -> None:
    article = pipe(Article(id="x", text=item["text"]))
    named = [x for x in _named(article) if x != ["State", "ORG"]]  # "Secretary of State"
    assert named == item["entities"]


def test_bare_surnames_take_the_full_name_and_spacy_differed(pipe: Pipeline) -> None:
    text = ARTICLES[0]["text"]
    article = pipe(Article(id="x", text=text), keep_doc=True)
    assert article.doc is not None
    spacy_labels = {e.label_ for e in article.doc.ents if e.text == "Trump"}
    assert spacy_labels == {"ORG"}  # what spaCy says; doc.ents stays as it made it
    trumps = [e for e in article.entities if article.text[e.start : e.end] == "Trump"]
    assert len(trumps) == 2  # the ORG one, and the one NER did not tag
    assert {(e.label, e.canonical) for e in trumps} == {("PERSON", "Donald Trump")}
    before = [(e.text, e.label_) for e in repair_entities(article.doc, consistent=False)]
    assert ("Trump", "ORG") in before


def test_a_company_beside_the_person_of_its_name_stays_org(pipe: Pipeline) -> None:
    """Gerald Ford and Ford the company in one article: "Ford shares" marks the word as a
    company's name, so spaCy's ORG mentions of it are not made PERSON (they were)."""
    article = pipe(Article(id="x", text=BOTH_FORDS["text"]), keep_doc=True)
    assert article.doc is not None
    fords = [(e.label, e.canonical) for e in article.entities if e.canonical == "Ford"]
    assert fords == [("ORG", "Ford"), ("ORG", "Ford")]
    before = [(e.text, e.label_) for e in repair_entities(article.doc, consistent=False)]
    assert before.count(("Ford", "ORG")) == 2  # spaCy's reading, which the repair keeps


COMPANY_CASES = [
    # the company's cues: its suffix, its shares, "the automaker" in apposition
    (
        "Former President Gerald Ford spoke in Detroit. Ford Motor said on Tuesday it would "
        "cut jobs. Ford shares fell 3 percent. Ford, the automaker, said sales rose.",
        [
            ("Gerald Ford", "PERSON", "Gerald Ford"),
            ("Detroit", "GPE", "Detroit"),
            ("Ford Motor", "ORG", "Ford Motor"),
            ("Ford", "ORG", "Ford"),
            ("Ford", "ORG", "Ford"),
        ],
    ),
    # cues that a person's things share are not a company's: the surname stays the person
    (
        "Donald Trump said the Trump Organization would hire. Trump shares his view often. "
        "Trump said so.",
        [
            ("Donald Trump", "PERSON", "Donald Trump"),
            ("the Trump Organization", "ORG", "Trump Organization"),
            ("Trump", "PERSON", "Donald Trump"),
            ("Trump", "PERSON", "Donald Trump"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), COMPANY_CASES)
def test_company_cues_keep_a_surname_org(pipe: Pipeline, text: str, expected: list) -> None:
    article = pipe(Article(id="x", text=text))
    got = [(article.text[e.start : e.end], e.label, e.canonical) for e in article.entities]
    assert got == expected


def test_entities_are_the_same_at_every_parse_level(pipe: Pipeline) -> None:
    """``--only entities`` parses without the tagger ("ents" level): the repairs read word
    shapes only, so the entities match those of a full run."""
    full = Pipeline(Settings(only=("entities", "quotes"), language_check=False))
    texts = [item["text"] for item in ARTICLES] + [
        "Kazakh MP Daulet Nurgaliyev said the protests would end. He spoke in Almaty.",
        "Gas blast hits market\nPhoto: Reuters\nPolice said four people were hurt.",
    ]
    for text in texts:
        a = pipe(Article(id="x", text=text))
        b = full(Article(id="x", text=text))
        assert [(e.start, e.end, e.label, e.canonical) for e in a.entities] == [
            (e.start, e.end, e.label, e.canonical) for e in b.entities
        ], text
