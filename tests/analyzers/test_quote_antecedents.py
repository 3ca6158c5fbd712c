"""Who "he" and "she" are, and names that are spoken to, on news text written for these tests.

Each case is a class of wrong speaker a journalist would notice, seen in an audit and on
PolNeAR train: a pronoun given to the nearest earlier name of the wrong gender (a quote by
Buttigieg attributed to Gillibrand), to the last speaker when the sentence before names
someone else as its subject, to a name inside quote marks or inside the words the pronoun
reports; and a name addressed inside a quote ("Senator Warren, will you …?") taken for the
speaker or for the person a description stands for.
"""

from __future__ import annotations

from slant.analyzers.quotes import first_name_gender, quoted_ranges
from slant.analyzers.quotes.refine import refine
from slant.annotations import Cue, Quote, Speaker
from slant.article import Article


def _speaker(quotes: list[dict], fragment: str) -> dict | None:
    hits = [q for q in quotes if fragment in q["text"]]
    assert len(hits) == 1, (fragment, [q["text"] for q in quotes])
    return hits[0]["speaker"]


HEARING = (
    "Senators question nominee on rail safety\n\n"
    '"You have not answered the question," Sen. Elizabeth Warren said on Tuesday.\n\n'
    "Transportation Secretary Pete Buttigieg spoke after Sen. Kirsten Gillibrand of New "
    'York. "Kirsten has been a leader on this issue for years," he said.\n'
)


def test_a_pronoun_agrees_with_the_first_name(run):
    # "he" was Elizabeth Warren, the last speaker: neither she nor Gillibrand is a "he"
    sp = _speaker(run(HEARING), "Kirsten has been a leader")
    assert sp is not None and sp["text"] == "he"
    assert sp["name"] == "Pete Buttigieg"


def test_first_name_gender_from_the_census_lists():
    assert first_name_gender("Pete Buttigieg") == "m"
    assert first_name_gender("Kirsten Gillibrand") == "f"
    assert first_name_gender("Jordan Smith") is None  # given to both
    assert first_name_gender("Warren") is None  # a bare surname tells nothing


CAMPAIGN = (
    "Trump adviser predicts quick win\n\n"
    'Donald Trump told supporters in Albany that "we are going to win big."\n\n'
    "Ed Brookover, a senior adviser, spoke to reporters on Thursday after a meeting with "
    "House members. He says the campaign is on a glide path to the nomination.\n"
)


def test_he_is_the_subject_of_the_sentence_before_not_the_last_speaker(run):
    sp = _speaker(run(CAMPAIGN), "glide path")
    assert sp is not None and sp["text"] == "He"
    assert sp["name"] == "Ed Brookover"


DEBATE = (
    "Rivals trade barbs in Iowa\n\n"
    "Donald Trump took the stage in Des Moines on Monday night.\n\n"
    '"Marco Rubio is very, very weak on immigration," he said.\n'
)


def test_a_name_inside_quote_marks_is_no_antecedent(run):
    # "he" was Marco Rubio, the last name before the pronoun, inside the quote itself
    sp = _speaker(run(DEBATE), "very weak on immigration")
    assert sp is not None and sp["name"] == "Donald Trump"


OHIO = (
    "Kasich steps up attacks\n\n"
    "John Kasich spoke to voters in Columbus on Monday. Donald Trump is not fit to lead the "
    "country, he said.\n"
)


def test_a_name_in_the_words_a_pronoun_reports_is_not_its_antecedent(run):
    sp = _speaker(run(OHIO), "not fit to lead")
    assert sp is not None and sp["text"] == "he"
    assert sp["name"] == "John Kasich"


SENATE = (
    "McConnell criticizes gun actions\n\n"
    '"This is an overreach," President Barack Obama said of the critics.\n\n'
    "Senate Majority Leader Mitch McConnell has led the opposition to the rules for weeks.\n\n"
    "In a statement, the Kentucky Republican on Tuesday dismissed the rules as "
    "unconstitutional. He says Congress will review them closely.\n"
)


def test_a_description_as_subject_continues_to_the_person_it_stands_for(run):
    # "He" was Obama, the last speaker: "the Kentucky Republican" stands for McConnell
    sp = _speaker(run(SENATE), "review them closely")
    assert sp is not None and sp["text"] == "He"
    assert sp["name"] == "Mitch McConnell"


PRESS = (
    "Reporters press candidates\n\n"
    "Reporters crowded the hallway after the vote on Monday.\n\n"
    '"Senator Warren, will you support the bill?" asked one reporter.\n'
)


def test_a_name_addressed_in_a_quote_is_not_who_a_description_is(run):
    # "one reporter" was named Warren: the senator is spoken to, not introduced as a reporter
    sp = _speaker(run(PRESS), "will you support the bill")
    assert sp is not None and sp["text"] == "one reporter"
    assert sp["name"] != "Warren"


COURT = (
    "Governor vows legal fight\n\n"
    "Janet Mills met Donald Trump at the White House on Friday.\n\n"
    '"Mr. President, we will see you in court," Mills told Trump.\n'
)


def test_a_speaker_inside_the_quote_marks_is_replaced_by_the_cue_subject(quotes_pipe):
    article = Article(id="court", text=COURT)
    quotes_pipe(article, keep_doc=True)
    text = article.text
    s = text.index("Mr. President")
    e = text.index('court,"') + len("court,")
    cue = text.index("told")
    vocative = Quote(
        s,
        e,
        "direct",
        cue=Cue(cue, cue + len("told")),
        speaker=Speaker(None, s, s + len("Mr. President")),
    )
    (quote,) = refine(article, [vocative])
    assert quote.speaker is not None
    assert text[quote.speaker.start : quote.speaker.end] == "Mills"
    assert quote.speaker.name == "Janet Mills"


def test_quoted_ranges_by_paragraph():
    text = 'He said "one" and “two”.\n"Three runs on\nand stops.'
    spans = [text[s:e] for s, e in quoted_ranges(text)]
    assert spans == ["one", "two", "Three runs on"]


TYLER = (
    "Cruz campaign sharpens message\n\n"
    "Ted Cruz spoke in Iowa on Sunday.\n\n"
    "Campaign spokesman Rick Tyler said that the campaign will show voters that Donald Trump "
    'lacks "guiding principles to make critical decisions as president," he said.\n'
)


def test_in_its_own_sentence_he_is_the_subject_of_the_verb_of_speech(run):
    # "he" was Ted Cruz, the speaker before: the sentence's own "Rick Tyler said" is it
    hes = [q["speaker"] for q in run(TYLER) if q["speaker"] and q["speaker"]["text"] == "he"]
    assert hes
    assert {sp["name"] for sp in hes} == {"Rick Tyler"}


NASHUA = (
    "Bill Clinton returns to the trail\n\n"
    "Hillary Clinton was not in Nashua on Monday.\n\n"
    "In his first solo campaign appearance, the former president, his voice hoarser than "
    'usual, gave a personal endorsement. "I thought she was the most amazing person," he '
    "said.\n"
)


def test_a_lower_case_word_ner_took_for_a_person_is_no_antecedent(run):
    # NER tags "hoarser" PERSON here; "he" was named "hoarser"
    sp = _speaker(run(NASHUA), "most amazing person")
    assert sp is not None and sp["text"] == "he"
    assert sp["name"] == "Bill Clinton"


def test_two_apostrophes_mark_a_quote_as_in_the_new_york_times():
    text = "''Senator Warren, will you vote?'' he asked. It's Mr. Smith's view.\n"
    assert [text[s:e] for s, e in quoted_ranges(text)] == ["Senator Warren, will you vote?"]


ENVOY = (
    "Peacekeepers begin withdrawal\n\n"
    "President Kassym-Jomart Tokayev thanked the allies on Tuesday.\n"
    '"The mission is complete," Yuri Volkonsky, a spokesman for the command, said in '
    "Almaty.\n"
    "Volkonsky said the troops would leave within ten days. "
    '"Our soldiers will go home as soon as the job is done," he added.\n'
)


def test_a_role_word_outweighs_a_census_first_name(run):
    # "Yuri" is a woman's name in the US census lists; the article calls him a spokesman,
    # so "he" is Volkonsky, the subject of the sentence before, not Tokayev
    speaker = _speaker(run(ENVOY), "Our soldiers will go home")
    assert speaker is not None and speaker["name"] == "Yuri Volkonsky"
