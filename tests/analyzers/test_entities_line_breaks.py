"""No entity runs across a line break, on news lines written for these tests.

spaCy's NER reads a line break as a space: a photo credit, a byline, a dateline or a
headline runs into the next line's first words ("Photo: Reuters\\nPolice said" gave ORG
"Reuters Police" and the speaker "Reuters Police"). The entities analyzer cuts such an
entity to the line that holds the name, and the quote's speaker is then "Police".

The first cases are spaCy's own output (en_core_web_md 3.7.1: each checks that spaCy
does run across the line); the others set the crossing entity by hand, as spaCy gives it
on other texts (a time zone before the break, a title or initials at the end of a
wrapped line, a web address before a byline).
"""

from __future__ import annotations

import pytest

from slant.analyzers import get
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings(only=("entities", "quotes"), language_check=False))


def _entities(article: Article) -> list[tuple[str, str]]:
    return [(article.text[e.start : e.end], e.label) for e in article.entities]


def _speakers(article: Article) -> list[str | None]:
    return [q.speaker.name for q in article.quotes if q.speaker is not None]


# (text, an entity spaCy runs across the break, entities expected, speaker names expected)
SPACY_CASES = [
    (
        "Gas blast hits market\nPhoto: Reuters\nPolice said four people were hurt in the blast.",
        "Reuters\nPolice",
        [("Reuters", "ORG")],
        ["Police"],
    ),
    (
        "Gunmen attack bus in Kaduna\n\nUpdated 14 March 2025 10:32 GMT\n"
        "Police said the attackers fled into the forest after the raid.",
        "Kaduna\n\nUpdated",
        [("Kaduna", "LOC")],
        ["Police"],
    ),
    (
        "Image caption, Boris Johnson\nDowning Street said the prime minister would not resign.",
        "Boris Johnson\nDowning Street",
        [("Boris Johnson", "PERSON")],
        ["Downing Street"],
    ),
    (
        "Reporting by Olzhas Auyezov; Editing by Peter Graff\n"
        "Police said the protest had ended by the evening.",
        "Peter Graff\nPolice",
        [("Olzhas Auyezov", "PERSON"), ("Peter Graff", "PERSON")],
        ["Police"],
    ),
    (
        "Posted by Admin\nPolice in Almaty said the curfew would stay.",
        "Admin\nPolice",
        [("Admin", "ORG"), ("Almaty", "GPE")],
        ["Police in Almaty"],
    ),
]


@pytest.mark.parametrize(("text", "crossing", "expected", "speakers"), SPACY_CASES)
def test_spacy_entities_across_a_line_are_cut_to_the_name(
    pipe: Pipeline, text: str, crossing: str, expected: list, speakers: list
) -> None:
    article = pipe(Article(id="x", text=text), keep_doc=True)
    assert article.doc is not None
    assert crossing in [e.text for e in article.doc.ents]  # spaCy's reading, left in doc.ents
    assert _entities(article) == expected
    assert _speakers(article) == speakers
    article.check()


def _forced(pipe: Pipeline, text: str, spans: list[tuple[str, str]]) -> Article:
    """``text`` analysed as if spaCy had found exactly ``spans`` (surface, label)."""
    from spacy.tokens import Span

    article = pipe(Article(id="x", text=text), keep_doc=True)
    doc = article.doc
    assert doc is not None
    ents, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        pos = start + len(surface)
        span = doc.char_span(start, pos, label=label)
        assert span is not None, surface
        ents.append(Span(doc, span.start, span.end, label))
    doc.ents = ents
    entities, quotes = get("entities")(), get("quotes")()
    quotes.initialize()
    entities(article)
    quotes(article)
    article.check()
    return article


FORCED_CASES = [
    # a time zone, then a common noun at the start of the next line: no entity at all
    (
        "Protesters storm Almaty city hall\nUpdated 6 January 2022 10:32 GMT\n"
        "Police said the curfew would stay in place until Wednesday.",
        [("Almaty", "GPE"), ("GMT\nPolice", "ORG")],
        [("Almaty", "GPE")],
        ["Police"],
    ),
    # a title at the end of a wrapped line: the name is on the next line
    (
        "Reporters have posed real questions of Sheriff\nLombardo and forced him to answer.",
        [("Sheriff\nLombardo", "PERSON")],
        [("Lombardo", "PERSON")],
        [],
    ),
    (
        "National Security Adviser H.R.\nMcMaster said that the talks had failed.",
        [("H.R.\nMcMaster", "PERSON")],
        [("McMaster", "PERSON")],
        ["H.R. McMaster"],
    ),
    # a web address before a byline: the full name after it
    (
        "COPYRIGHT 2018 CREATORS.COM\nPatrick J. Buchanan said the war was a mistake.",
        [("CREATORS.COM\nPatrick J. Buchanan", "PERSON")],
        [("Patrick J. Buchanan", "PERSON")],
        ["Patrick J. Buchanan"],
    ),
    # a credit, then a surname tagged elsewhere: both keep their own label
    (
        "Officer John Smith was shot on Monday. Photo via AP\n"
        "Smith, who had a rifle, was taken to hospital.",
        [("John Smith", "PERSON"), ("AP\nSmith", "ORG")],
        [("John Smith", "PERSON"), ("AP", "ORG"), ("Smith", "PERSON")],
        [],
    ),
    # a title alone, then a copyright sign: nothing is a name
    (
        "The cardinal's letter contradicts Pope\n\n© EPA\nThe pope arrived in Dublin on Friday.",
        [("Pope\n\n©", "PERSON"), ("EPA", "ORG"), ("Dublin", "GPE")],
        [("EPA", "ORG"), ("Dublin", "GPE")],
        [],
    ),
]


@pytest.mark.parametrize(("text", "spans", "expected", "speakers"), FORCED_CASES)
def test_entities_across_a_line_are_cut_to_the_name(
    pipe: Pipeline, text: str, spans: list, expected: list, speakers: list
) -> None:
    article = _forced(pipe, text, spans)
    assert _entities(article) == expected
    assert all("\n" not in article.text[e.start : e.end] for e in article.entities)
    assert _speakers(article) == speakers


# a hard-wrapped text (every line a paragraph): spaCy's PERSON runs across the wrap
WRAPPED_CASES = [
    (
        "National Security Adviser H.R.\nMcMaster said on Monday that the talks would go on. "
        "McMaster added that he was hopeful.",
        [("McMaster", "PERSON", "H.R. McMaster"), ("McMaster", "PERSON", "H.R. McMaster")],
        ["H.R. McMaster", "H.R. McMaster"],
    ),
    (
        "Deputy National Security Adviser K.T.\nMcFarland said on Monday that she would go.",
        [("McFarland", "PERSON", "K.T. McFarland")],
        ["K.T. McFarland"],
    ),
    (
        "Former President George W.\nBush said on Monday that he would attend.",
        [("Bush", "PERSON", "George W. Bush")],
        ["George W. Bush"],
    ),
    (
        "He served under President George H.W.\nBush until 1993, when he retired.",
        [("Bush", "PERSON", "George H.W. Bush")],
        [],
    ),
    # a regnal number, then a stop word starting the next line: the name is the first line's
    (
        "The letter of Pope Honorius I.\nWould Saint Francis have agreed with it?",
        [("Honorius I.", "PERSON", "Honorius I.")],
        [],
    ),
    # a blank line is not a wrap: the initials are not the name's
    (
        "National Security Adviser H.R.\n\nMcMaster said on Monday that the talks would go on.",
        None,
        None,
    ),
    # initials of a place end a paragraph: not a person's
    (
        "The decision was made in the U.S.\nTrump said on Monday that he would attend. "
        "Donald Trump is in Ohio.",
        [
            ("U.S.", "GPE", "United States"),
            ("Trump", "PERSON", "Donald Trump"),
            ("Donald Trump", "PERSON", "Donald Trump"),
            ("Ohio", "GPE", "Ohio"),
        ],
        ["Donald Trump"],
    ),
]


@pytest.mark.parametrize(("text", "expected", "speakers"), WRAPPED_CASES)
def test_a_name_wrapped_after_its_initials_is_named_whole(
    pipe: Pipeline, text: str, expected: list | None, speakers: list | None
) -> None:
    article = pipe(Article(id="x", text=text))
    article.check()
    got = [(article.text[e.start : e.end], e.label, e.canonical) for e in article.entities]
    assert all("\n" not in surface for surface, _, _ in got)
    if expected is None:  # the blank-line case: whatever spaCy finds, never "H.R. McMaster"
        assert all(not name.startswith("H.R.") for _, _, name in got)
        return
    assert got == expected
    assert _speakers(article) == speakers
