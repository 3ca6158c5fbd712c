"""stories/compare.py on hand-built Articles: columns, count disagreements, what only one
outlet has, thresholds and the paragraphs left out."""

from __future__ import annotations

import pytest

from slant.annotations import Count, Cue, Entity, Geo, Paragraph, Quote, Speaker, TechniqueSpan
from slant.article import Article
from slant.stories.compare import compare_story, count_key, is_named, object_head


def _article(
    id: str,
    lines: list[str],
    *,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    kinds: dict[int, str] | None = None,
) -> Article:
    """An article of these lines (line 1 the title), paragraphs flagged as ``kinds`` say."""
    text = "\n".join(lines) + "\n"
    paragraphs, pos = [], 0
    for n, line in enumerate(lines, start=1):
        kind = (kinds or {}).get(n, "title" if n == 1 else "body")
        paragraphs.append(Paragraph(n, pos, pos + len(line), kind))
        pos += len(line) + 1
    meta = {k: v for k, v in (("outlet", outlet), ("published", published), ("url", url)) if v}
    return Article(id=id, text=text, source=f"{id}.txt", meta=meta, paragraphs=paragraphs)


def _at(article: Article, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return start, start + len(phrase)


def _count(a: Article, phrase: str, type_: str, n: float, obj: str, **kw: object) -> Count:
    s, e = _at(a, phrase)
    return Count(type_, n, obj, s, e, **kw)  # type: ignore[arg-type]


def _quote(a: Article, content: str, speaker: str, name: str | None) -> Quote:
    s, e = _at(a, content)
    ss, se = _at(a, speaker)
    return Quote(s, e, "direct", Cue(se, se), Speaker(name, ss, se))


def _tech(a: Article, phrase: str, technique: str, score: float) -> TechniqueSpan:
    s, e = _at(a, phrase)
    return TechniqueSpan(technique, s, e, score)


@pytest.fixture
def story() -> list[Article]:
    a = _article(
        "a1",
        [
            "Police detain 3,811",
            "Police detained 3,811 people and 13 law enforcement officers were killed.",
            '"Outside forces provoked this," Antonov said.',
            "A shameful, boorish joke, the ministry said.",
        ],
        outlet="Outlet A",
        published="2022-01-08",
    )
    a.counts = [
        _count(a, "detained 3,811 people", "ARREST", 3811, "people"),
        _count(
            a, "13 law enforcement officers were killed", "KILL", 13, "law enforcement officers"
        ),
    ]
    a.quotes = [_quote(a, "Outside forces provoked this,", "Antonov", "Anatoly Antonov")]
    a.techniques = [
        _tech(a, "shameful, boorish joke", "Loaded_Language", 0.8),
        _tech(a, "boorish", "Name_Calling-Labeling", 0.3),
    ]
    a.tone = {"tone": -2.0, "word_count": 40.0}
    b = _article(
        "b1",
        [
            "Nearly 8,000 detained",
            "Nearly 8,000 people were detained; 7,939 people were held in all.",
            "At least 16 police officers died, Laura Fenwick said.",
            '"We call for restraint," Fenwick said. "Release them," Antonov said.',
        ],
        outlet="Outlet B",
        published="2022-01-10",
    )
    b.counts = [
        _count(b, "Nearly 8,000 people were detained", "ARREST", 8000, "people", estimate=True),
        _count(b, "7,939 people were held", "ARREST", 7939, "people"),
        _count(b, "16 police officers died", "KILL", 16, "police officers"),
    ]
    b.quotes = [
        _quote(b, "We call for restraint,", "Fenwick", "Fenwick"),
        _quote(b, "Release them,", "Antonov", "Antonov"),
    ]
    b.techniques = [_tech(b, "Nearly 8,000", "Exaggeration-Minimisation", 0.25)]
    b.tone = {"tone": 1.0, "word_count": 20.0}
    c = _article(
        "c1",
        [
            "Peacekeepers save Kazakhstan",
            "More than 5,000 rioters were arrested in Almaty.",
            "READ MORE: 9,000 arrested in Minsk",
        ],
        url="https://www.courier.example/news/1",
        kinds={3: "teaser"},
    )
    c.counts = [
        _count(c, "5,000 rioters were arrested", "ARREST", 5000, "rioters"),
        _count(c, "9,000 arrested", "ARREST", 9000, ""),  # in a teaser: another story
    ]
    s, e = _at(c, "Almaty")
    c.entities = [Entity(s, e, "GPE", "Almaty", Geo("Almaty", "KZ", 43.25, 76.95, 1526384))]
    c.techniques = [_tech(c, "9,000 arrested", "Loaded_Language", 0.9)]  # teaser: left out
    return [a, b, c]


def test_object_head_is_the_singular_head_noun() -> None:
    assert object_head("law enforcement officers") == "officer"
    assert object_head("brave police officers") == "officer"
    assert object_head("members of the security forces") == "member"
    assert object_head("people") == "people"
    assert object_head("casualties") == "casualty"
    assert object_head("") == ""


def test_count_key_matches_people_loosely_only_for_arrests_and_the_like() -> None:
    assert count_key("ARREST", "rioters") == count_key("ARREST", "people") == "people"
    assert count_key("ARREST", "") == "people"
    assert count_key("KILL", "civilians") == "civilian"  # a death toll of civilians is apart
    assert count_key("KILL", "persons") == "people"
    assert count_key("SEIZE", "") == ""


def test_compare_story_one_column_per_outlet_and_one_per_outletless_article(story) -> None:
    c = compare_story(story)
    assert [col.name for col in c.outlets] == ["Outlet A", "Outlet B", "courier.example"]
    a = c.outlets[0]
    assert (
        a.articles[0].headline == "Police detain 3,811" and a.articles[0].published == "2022-01-08"
    )
    assert a.tone == -2.0 and a.words == 40
    # two articles without an outlet from the same domain are two columns
    twin = _article("c2", ["Another", "Text."], url="https://courier.example/2")
    names = [col.name for col in compare_story([*story, twin]).outlets]
    assert "courier.example" in names and "courier.example (c2)" in names


def test_compare_story_finds_counts_that_disagree(story) -> None:
    c = compare_story(story)
    keys = [(d.type, d.object) for d in c.count_disagreements]
    assert keys == [("ARREST", "people"), ("KILL", "officer")]
    arrest = c.count_disagreements[0]
    values = {(outlet, ref.number) for outlet, ref in arrest.values}
    assert values == {
        ("Outlet A", 3811),
        ("Outlet B", 8000),
        ("Outlet B", 7939),
        ("courier.example", 5000),
    }
    # the teaser's count belongs to another story: not shown, not compared
    assert all(ref.number != 9000 for col in c.outlets for ref in col.counts)
    a_counts = {(k.type, k.number): k.disputed for k in c.outlets[0].counts}
    assert a_counts == {("ARREST", 3811): True, ("KILL", 13): True}
    # every count keeps its evidence: article, offsets, text
    ref = c.outlets[0].counts[0]
    assert story[ref.article].text[ref.start : ref.end] == ref.text == "detained 3,811 people"


def test_compare_story_estimates_within_tolerance_agree() -> None:
    a = _article("a", ["T", "Police detained 7,939 people."], outlet="A")
    a.counts = [_count(a, "detained 7,939 people", "ARREST", 7939, "people")]
    b = _article("b", ["T", "Nearly 8,000 people were detained."], outlet="B")
    b.counts = [_count(b, "Nearly 8,000 people", "ARREST", 8000, "people", estimate=True)]
    assert compare_story([a, b]).count_disagreements == ()
    # exact figures must be equal
    b.counts = [_count(b, "Nearly 8,000 people", "ARREST", 8000, "people")]
    assert len(compare_story([a, b]).count_disagreements) == 1


def test_compare_story_speakers_only_one_outlet_quotes(story) -> None:
    c = compare_story(story)
    # "Antonov" in B stays apart from "Anatoly Antonov" without the corpus's links ...
    assert c.unique_speakers["Outlet A"] == ("Anatoly Antonov",)
    assert set(c.unique_speakers["Outlet B"]) == {"Fenwick", "Antonov"}
    # ... and joins him with them
    linked = compare_story(story, speaker_links=[{}, {"Antonov": "Anatoly Antonov"}, {}])
    assert linked.unique_speakers["Outlet A"] == ()
    assert linked.unique_speakers["Outlet B"] == ("Fenwick",)
    b = linked.outlets[1]
    antonov = next(s for s in b.speakers if s.name == "Anatoly Antonov")
    assert not antonov.unique and antonov.quotes == 1
    assert story[antonov.article].text[antonov.start : antonov.end] == "Antonov"


def test_compare_story_techniques_only_one_outlet_uses_and_the_threshold(story) -> None:
    c = compare_story(story)
    assert c.unique_techniques["Outlet A"] == ("Loaded_Language", "Name_Calling-Labeling")
    assert c.unique_techniques["Outlet B"] == ("Exaggeration-Minimisation",)
    assert c.unique_techniques["courier.example"] == ()  # its only span is in a teaser
    a = c.outlets[0]
    loaded = next(u for u in a.techniques if u.technique == "Loaded_Language")
    assert loaded.per_1000 == 25.0  # 1 span in 40 words
    top = loaded.top[0]
    assert (top.article, top.span, top.text, top.score) == (0, 0, "shameful, boorish joke", 0.8)
    # spans under the threshold are left out of everything
    high = compare_story(story, min_score=0.5)
    assert [u.technique for u in high.outlets[0].techniques] == ["Loaded_Language"]
    assert high.outlets[1].techniques == () and high.min_score == 0.5


def test_compare_story_places_keys_and_a_single_outlet(story) -> None:
    c = compare_story(story, keys=[11, 12, 13])
    courier = c.outlets[2]
    assert [(p.name, p.country_code, p.mentions) for p in courier.places] == [("Almaty", "KZ", 1)]
    assert [a.pk for col in c.outlets for a in col.articles] == [11, 12, 13]
    alone = compare_story(story[:1])
    assert len(alone.outlets) == 1 and alone.count_disagreements == ()
    assert alone.unique_speakers == {} and alone.unique_techniques == {}
    with pytest.raises(ValueError):
        compare_story(story, keys=[1])


def test_is_named_tells_names_from_descriptions() -> None:
    assert is_named("Laura Fenwick") and is_named("Russian Foreign Ministry")
    assert is_named("Ursula von der Leyen")
    assert not is_named("a ministry spokesman") and not is_named("Kazakh authorities")
    assert not is_named("The Kremlin") and not is_named("residents") and not is_named("")
