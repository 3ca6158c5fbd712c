"""Role mentions and the cast, without the model: widening, cast keys, the cast summary."""

from __future__ import annotations

from slant.analyzers.roles import build_cast, cast_key, entity_mentions, widen
from slant.annotations import Entity, EntityRole

TEXT = "The Russian military and Russian civilians met Biden administration officials in Kyiv."


def test_widen_takes_group_nouns_after_the_entity() -> None:
    start = TEXT.index("Russian")
    assert TEXT[start : widen(TEXT, start, start + 7)] == "Russian military"
    civ = TEXT.index("Russian civilians")
    assert TEXT[civ : widen(TEXT, civ, civ + 7)] == "Russian civilians"
    biden = TEXT.index("Biden")
    # two group nouns at most: "Biden administration officials"
    assert TEXT[biden : widen(TEXT, biden, biden + 5)] == "Biden administration officials"
    kyiv = TEXT.index("Kyiv")
    assert widen(TEXT, kyiv, kyiv + 4) == kyiv + 4  # "." is not a noun
    assert widen("Russia Military", 0, 6) == 6  # capitalised: not a common group noun
    plural = "the Western countries' concern"
    assert plural[4 : widen(plural, 4, 11)] == "Western countries"  # not the apostrophe


def test_entity_mentions_keep_castable_types_only() -> None:
    ents = [(4, 11, "NORP", "Russia"), (47, 52, "PERSON", "Joe Biden"), (0, 3, "DATE", "x")]
    found = entity_mentions(TEXT, ents)
    assert [i for i, _ in found] == [0, 1]
    assert [(m.start, m.end, m.label, m.key) for _, m in found] == [
        (4, 20, "NORP", "Russia"),
        (47, 47 + len("Biden administration officials"), "PERSON", "Joe Biden"),
    ]


def test_cast_key_joins_a_people_to_its_country() -> None:
    text = "Americans, an American, Russians, the Russian, Kazakh, NATO"

    def key(word: str, label: str = "NORP") -> str:
        s = text.index(word)
        return cast_key(text, Entity(s, s + len(word), label, word))

    assert key("Americans") == "United States"
    assert key("American,"[:-1]) == "United States"
    assert key("Russians") == "Russia"
    assert key("Kazakh") == "Kazakhstan"
    assert key("NATO", "ORG") == "NATO"


def _role(main: str, fine: tuple[str, ...], score: float, s: int, e: int) -> EntityRole:
    return EntityRole(main, fine, score, s, e)


def test_build_cast_one_member_per_referent_dominant_role_first() -> None:
    text = "Americans came. The US lied. Washington bullied Kazakhstan. Kazakhstan suffered."
    a = text.index("Americans")
    us = text.index("US")
    w = text.index("Washington")
    k1 = text.index("Kazakhstan")
    k2 = text.index("Kazakhstan", k1 + 1)
    ents = [
        Entity(
            a, a + 9, "NORP", "Americans", role=_role("Antagonist", ("Instigator",), 0.7, a, a + 9)
        ),
        Entity(
            us,
            us + 2,
            "GPE",
            "United States",
            role=_role("Antagonist", ("Deceiver",), 0.6, us, us + 2),
        ),
        Entity(
            w, w + 10, "GPE", "Washington", role=_role("Antagonist", ("Tyrant",), 0.2, w, w + 10)
        ),
        Entity(
            k1, k1 + 10, "GPE", "Kazakhstan", role=_role("Innocent", ("Victim",), 0.5, k1, k1 + 10)
        ),
        Entity(
            k2,
            k2 + 10,
            "GPE",
            "Kazakhstan",
            role=_role("Protagonist", ("Underdog",), 0.4, k2, k2 + 10),
        ),
    ]
    cast = build_cast(text, ents, threshold=0.3)
    assert [(c.name, c.main) for c in cast] == [
        ("United States", "Antagonist"),
        ("Kazakhstan", "Innocent"),
    ]
    us_member = cast[0]
    assert us_member.score == 0.7
    assert us_member.fine == ("Deceiver", "Instigator")  # as frequent: alphabetical
    assert us_member.mentions == ((a, a + 9), (us, us + 2))  # Washington: under threshold
    assert cast[1].mentions == ((k1, k1 + 10),)
    assert build_cast(text, ents, threshold=0.9) == []


def test_summaries_and_reader_show_the_cast() -> None:
    from slant.annotations import CastMember
    from slant.article import Article
    from slant.report.summary import render_summary
    from slant.web.render import article_view

    text = "Americans stir unrest\n\nOnce Americans are in your house, Kazakhstan suffers.\n"
    a = text.index("Americans", 10)
    k = text.index("Kazakhstan")
    art = Article(
        id="x",
        text=text,
        entities=[
            Entity(
                a,
                a + 9,
                "NORP",
                "Americans",
                role=_role("Antagonist", ("Instigator",), 0.8, a, a + 9),
            ),
            Entity(
                k, k + 10, "GPE", "Kazakhstan", role=_role("Innocent", ("Victim",), 0.6, k, k + 10)
            ),
        ],
        cast=[
            CastMember("United States", "Antagonist", ("Instigator",), 0.8, ((a, a + 9),)),
            CastMember("Kazakhstan", "Innocent", ("Victim",), 0.6, ((k, k + 10),)),
        ],
    )
    plain = render_summary(art, "text")
    assert "Cast: heroes / villains / victims" in plain
    assert "villain: United States 0.80 (Instigator): “Americans”" in plain
    assert "victim: Kazakhstan 0.60 (Victim): “Kazakhstan”" in plain
    md = render_summary(art, "markdown")
    assert "### Cast: heroes / villains / victims" in md
    assert "- villain: **United States** 0.80 (Instigator): “Americans”" in md
    view = article_view(art)
    assert [(c["noun"], c["name"]) for c in view["cast"]] == [
        ("villain", "United States"),
        ("victim", "Kazakhstan"),
    ]
    html = "".join(str(p["html"]) for p in view["paragraphs"])
    assert '<span class="cm" data-cast="0">Americans</span>' in html
    assert '<span class="cm" data-cast="1">Kazakhstan</span>' in html
