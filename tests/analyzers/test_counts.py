from __future__ import annotations

import pytest
from _events import analyze, fixture_text

from slant.analyzers.counts import parse_number
from slant.labels import COUNT_TYPES


def _counts(text: str) -> list[tuple[str, float | None, str]]:
    return [(c.type, c.number, c.object) for c in analyze(text).counts]


@pytest.mark.parametrize(
    ("words", "value", "estimate"),
    [
        (["3,811"], 3811, False),
        (["thirteen"], 13, False),
        (["two", "hundred"], 200, False),
        (["Twenty", "-", "five"], 25, False),
        (["two", "hundred", "and", "fifty"], 250, False),
        (["1.5", "million"], 1_500_000, False),
        (["a", "dozen"], 12, False),
        (["dozens"], 24, True),
        (["hundreds"], 200, True),
        (["tens", "of", "thousands"], 20_000, True),
        (["banana"], None, None),
    ],
)
def test_parse_number(words: list[str], value: float | None, estimate: bool | None) -> None:
    got = parse_number(words)
    if value is None:
        assert got is None
    else:
        assert got == (value, estimate)


def test_seed_style_article() -> None:
    art = analyze(fixture_text("osh_fuel_protests.txt"))
    got = {(c.type, c.number, c.object, c.source) for c in art.counts}
    assert got == {
        ("PROTEST", 2000, "protesters", None),
        ("ARREST", 1204, "people", "interior ministry"),
        ("KILL", 7, "police officers", "interior ministry"),
        ("WOUND", 212, "police officers", "interior ministry"),
        ("AFFECT", 3000, "residents", "local media"),
        ("SEIZE", 40, "rifles", "local media"),
    }
    text = art.text
    spans = {c.type: text[c.start : c.end] for c in art.counts}
    assert spans["KILL"] == "at least seven police officers have been killed"
    assert spans["WOUND"] == "212 injured"
    assert spans["ARREST"] == "arrested 1,204 people"
    estimates = {c.type for c in art.counts if c.estimate}
    assert estimates == {"PROTEST", "AFFECT"}  # "thousands", "some 3,000"


def test_no_spurious_counts() -> None:
    # an article clause number, an n-fold rise, a partitive subset, a year, a percentage
    text = (
        "Kazakhstan applied to Article 4 of the treaty after a two-fold rise in prices.\n"
        "Of the 40 people killed, two of those killed were children.\n"
        "In 2021, 30 percent of the people voted.\n"
    )
    assert _counts(text) == [("KILL", 40, "people")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen killed 12 villagers on Monday.", ("KILL", 12, "villagers")),
        ("Thirteen people died in the fire.", ("KILL", 13, "people")),
        ("Dozens of protesters were wounded by rubber bullets.", ("WOUND", 24, "protesters")),
        ("Police detained two hundred students.", ("ARREST", 200, "students")),
        ("Armed men abducted 30 schoolgirls from a dormitory.", ("KIDNAP", 30, "schoolgirls")),
        ("Rebels held 12 hostages for a week.", ("KIDNAP", 12, "")),
        ("Some 10,000 people marched through the capital.", ("PROTEST", 10_000, "people")),
        (
            "Tens of thousands of demonstrators filled the square.",
            ("PROTEST", 20_000, "demonstrators"),
        ),
        ("The floods displaced 5,000 families.", ("AFFECT", 5000, "families")),
        ("Customs officers seized 2.5 tons of cocaine.", ("SEIZE", 2.5, "tons of cocaine")),
        ("The death toll rose to 41 on Sunday.", ("KILL", 41, "")),
    ],
)
def test_each_count_type(sentence: str, expected: tuple[str, float, str]) -> None:
    assert _counts(sentence) == [expected]


def test_all_types_covered_by_the_cases_above() -> None:
    assert set(COUNT_TYPES) == {"KILL", "WOUND", "ARREST", "KIDNAP", "PROTEST", "AFFECT", "SEIZE"}


def test_coordination_and_estimates_and_sources() -> None:
    art = analyze(
        "About 40 people were killed and 120 wounded in the clashes, the health ministry said.\n"
        "According to rights groups, police arrested more than 300 demonstrators.\n"
    )
    c = {x.type: x for x in art.counts}
    assert (c["KILL"].number, c["KILL"].estimate, c["KILL"].source) == (40, True, "health ministry")
    assert (c["WOUND"].number, c["WOUND"].object) == (
        120,
        "people",
    )  # object of the coordinated count
    assert c["ARREST"].source == "rights groups" and c["ARREST"].estimate is False
    assert c["ARREST"].number == 300


def test_no_source_without_attribution_and_pronoun_is_not_a_source() -> None:
    art = analyze("Police arrested 25 people, he said.\nSoldiers killed 3 militants.\n")
    assert [(c.type, c.source) for c in art.counts] == [("ARREST", None), ("KILL", None)]


def test_flagged_paragraphs_are_skipped() -> None:
    text = "Police arrested 25 people in Almaty.\nPolice arrested 25 people in Almaty.\n"
    assert len(analyze(text).counts) == 1  # the duplicate paragraph is not counted again


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a story fixture's sentence: the spokesman gives 16, the health ministry 164
            "At least 16 law enforcement officers were killed, a ministry spokesman said, and "
            "the health ministry put the overall death toll at 164.\n",
            [(16, "a ministry spokesman"), (164, "health ministry")],
        ),
        (  # an attribution that opens the sentence covers the clause after ", and"
            "Police said 16 people were killed, and 20 were wounded in Almaty.\n",
            [(16, "Police"), (20, "Police")],
        ),
        (  # and one that closes it covers the clause before
            "Troops killed 12 militants, and 3 soldiers died, the army said.\n",
            [(12, "army"), (3, "army")],
        ),
        (  # a clause of its own with its own speaker
            "The authorities recorded more than 2,000 cases, and Tedros said Wednesday the "
            "death toll stood at 207.\n",
            [(207, "Tedros")],
        ),
        ("The health ministry put the death toll at 41 on Sunday.\n", [(41, "health ministry")]),
        (  # a phrase before the speaker
            "Speaking to reporters, Mr. Obama said 50 people were killed and 53 wounded.\n",
            [(50, "Mr. Obama"), (53, "Mr. Obama")],
        ),
        ("On Monday, police said 40 people were arrested.\n", [(40, "police")]),
        (  # a pronoun's clause has no source; the other clause keeps its own
            "Police arrested 25 people, he said, and the interior ministry said 12 officers "
            "were injured.\n",
            [(25, None), (12, "interior ministry")],
        ),
        (  # words with a verb are not a source ("… was declared after officials")
            "The state of emergency was declared after officials confirmed 12 people were "
            "killed.\n",
            [(12, None)],
        ),
    ],
)
def test_source_is_the_attribution_of_the_numbers_clause(
    text: str, expected: list[tuple[float, str | None]]
) -> None:
    assert [(c.number, c.source) for c in analyze(text).counts] == expected


def test_source_never_crosses_a_line() -> None:
    # whatever the parser makes of a caption run into the next line, the count on one line
    # never takes an attribution written on another
    art = analyze(
        "Ebola outbreak declared in Congo\n\n"
        "The declaration was made after two cases of the disease were confirmed in the "
        "Bikoro province ten months after the end of an earlier outbreak.\n"
        "© AP Photo / Abbas Dulleh Ebola-Like Marburg Virus Kills Two People in Uganda\n"
        "According to the country's Health Ministry, five samples were taken from suspected "
        "cases in Bikoro.\n"
    )
    assert [(c.number, c.source) for c in art.counts] == [(2, None)]


def test_lives_claimed_taken_or_lost_are_deaths() -> None:
    text = (
        "The plague outbreak has so far claimed at least 165 lives, officials said.\n"
        "The storm claimed 12 lives on Monday.\n"
        "About 300 lives were lost in the flood, the ministry said.\n"
        "The party claimed 12 seats, and the rebels claimed 30 villages.\n"
    )
    art = analyze(text)
    got = [(c.type, c.number, c.object, c.source, c.estimate) for c in art.counts]
    assert got == [
        ("KILL", 165, "lives", "officials", False),  # "at least": a bound, not an estimate
        ("KILL", 12, "lives", None, False),  # the storm took them; it is not a source
        ("KILL", 300, "lives", "ministry", True),
    ]
    assert art.text[art.counts[0].start : art.counts[0].end] == "claimed at least 165 lives"
