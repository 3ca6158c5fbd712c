"""Regions, seas and place names inside other names (analyzers/_places_regions.py,
_places_mentions.py; the builder training/regions.py). Texts: tests/fixtures/places/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slant.analyzers.places import geocode, load_gazetteer, load_gazetteer_ru
from slant.annotations import Entity
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.training.regions import base_of, core_of, cyrillic

CASES = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "places" / "regions.json").read_text("utf-8")
)["cases"]


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return load_gazetteer()


@pytest.fixture(scope="module")
def pipes() -> dict[str, Pipeline]:
    return {
        lang: Pipeline(Settings(only=("entities", "places"), language=lang))
        for lang in ("en", "ru")
    }


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_fixture_texts(case: dict, pipes: dict[str, Pipeline]) -> None:
    text = case["text"]
    art = pipes[case["lang"]](Article(id="r", text=text))
    got: dict[str, list] = {}
    for e in sorted(art.entities, key=lambda e: e.start):
        g = e.geo
        got.setdefault(text[e.start : e.end], []).append(
            [g.name, g.country_code, g.feature] if g else None
        )
    for surface, expected in case["expect"].items():
        assert got.get(surface) == expected, (surface, got)


def _ents(text: str, *spans: tuple[str, str, int]) -> list[Entity]:
    """Entities of ``text``: (surface, label, occurrence); "US" is named United States."""
    out = []
    for surface, label, nth in spans:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        name = "United States" if surface == "US" else surface
        out.append(Entity(start, start + len(surface), label, name))
    return out


def test_a_city_wins_over_its_region_unless_the_text_says_region(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Shelling hit the Donetsk region. In Donetsk, Ukraine, the mayor spoke."
    ents = _ents(text, ("Donetsk", "GPE", 0), ("Donetsk", "GPE", 1), ("Ukraine", "GPE", 0))
    region, city, _ = geocode(ents, gaz, text=text)
    assert (region.geo.name, region.geo.feature, region.geo.geonameid) == (
        "Donetsk region",
        "region",
        0,
    )
    assert (city.geo.name, city.geo.feature) == ("Donetsk", "city")
    # without the text (or without the word "region") both are the city, as before
    assert {e.geo.feature for e in geocode(ents, gaz)} == {"city", "country"}


def test_place_names_inside_other_names(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Aid reached the US Virgin Islands. He taught at Georgetown University."
    ents = _ents(text, ("US", "GPE", 0), ("Virgin Islands", "GPE", 0), ("Georgetown", "GPE", 0))
    us, vi, georgetown = geocode(ents, gaz, text=text)
    assert us.geo is None  # part of the territory's name, not the United States
    assert (vi.geo.country_code, vi.geo.feature) == ("VI", "country")
    assert georgetown.geo is None  # a university's name
    # the same words as places of their own
    text2 = "Aid reached the US and Georgetown, Guyana."
    ents2 = _ents(text2, ("US", "GPE", 0), ("Georgetown", "GPE", 0), ("Guyana", "GPE", 0))
    got = [e.geo.country_code for e in geocode(ents2, gaz, text=text2)]
    assert got == ["US", "GY", "GY"]


def test_generic_and_common_word_regions_are_left_out(gaz) -> None:  # type: ignore[no-untyped-def]
    for name in ("Gulf", "Southern District", "West", "Central", "Free", "Kurdistan"):
        assert not [p for p, _ in gaz.lookup(name) if p.feature == "region"], name
    assert next(p.country_code for p, _ in gaz.lookup("Zaire")) == "CD"
    assert {p.feature for p, _ in gaz.lookup("Black Sea")} == {"sea"}


def test_regions_in_russian_and_states_in_cyrillic() -> None:
    ru = load_gazetteer_ru()

    def top(name: str) -> tuple[str, str, str]:
        p = max((p for p, primary in ru.lookup(name) if primary), key=lambda p: p.prior)
        return p.name, p.country_code, p.feature

    assert top("Донбасс") == ("Donbas", "UA", "region")
    assert top("Запорожская области") == ("Zaporizhzhia region", "UA", "region")
    assert top("Квемо Картли") == ("Kvemo Kartli", "GE", "region")
    assert top("Ростовская область")[1:] == ("RU", "region")
    assert top("Оклахома") == ("Oklahoma", "US", "state")
    assert top("Азовское море") == ("Sea of Azov", "", "sea")
    # a region's Russian name that a city of its country has stays the city's
    assert top("Кордова") == ("Córdoba", "AR", "city")
    assert top("Киев") == ("Kyiv", "UA", "city")


def test_region_geo_validates_against_the_schema(pipes: dict[str, Pipeline]) -> None:
    from slant.schema import validate

    art = pipes["en"](Article(id="s", text="Russia annexed Crimea in 2014."))
    obj = art.to_dict()
    crimea = next(e for e in obj["entities"] if e["text"] == "Crimea")
    assert crimea["geo"]["feature"] == "region" and crimea["geo"]["geonameid"] == 0
    validate(obj)


def test_builder_names() -> None:
    assert cyrillic("Ul'yanovskaya oblast'") == "Ульяновская область"
    assert cyrillic("Tatarstan, Respublika") == "Республика Татарстан"
    assert cyrillic("Irkutskaya oblast'") == "Иркутская область"
    assert cyrillic("Lipetskaya oblast'") == "Липецкая область"
    assert cyrillic("Yamalo-Nenetskiy avtonomnyy okrug") == "Ямало-Ненецкий автономный округ"
    assert core_of("Donetska oblast") == "donetska"
    assert core_of("Kharkivs’ka Oblast’") == "kharkivska"
    assert (
        base_of("Belgorod Oblast") == "Belgorod"
        and base_of("Republic of Tyva") == "Republic of Tyva"
    )


def test_a_state_name_beside_another_state_is_the_state(gaz) -> None:  # type: ignore[no-untyped-def]
    # "a California professor ... Bethesda, Md.": not California, Maryland (a town)
    text = "A California professor spoke in Bethesda, Md., on Monday."
    ents = _ents(text, ("California", "GPE", 0), ("Bethesda", "GPE", 0), ("Md.", "GPE", 0))
    cal, bethesda, md = geocode(ents, gaz, text=text)
    assert (cal.geo.name, cal.geo.feature) == ("California", "state")
    assert (md.geo.name, bethesda.geo.country_code) == ("Maryland", "US")


def test_congo_follows_the_article(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Ebola cases in Congo rose, officials in Kinshasa said."
    ents = _ents(text, ("Congo", "GPE", 0), ("Kinshasa", "GPE", 0))
    assert geocode(ents, gaz, text=text)[0].geo.country_code == "CD"
    text = "Oil output in Congo rose, officials in Brazzaville said."
    ents = _ents(text, ("Congo", "GPE", 0), ("Brazzaville", "GPE", 0))
    assert geocode(ents, gaz, text=text)[0].geo.country_code == "CG"
    # "Congo" cut before "-Brazzaville" by NER; a river is not the country
    text = "Ebola spread to Congo-Brazzaville along the Congo river."
    ents = _ents(text, ("Congo", "GPE", 0), ("Congo", "LOC", 1))
    country, river = geocode(ents, gaz, text=text)
    assert country.geo.country_code == "CG" and river.geo is None


def test_a_region_at_its_main_towns_point() -> None:
    # GeoNames has no admin1 for South Ossetia: the point of Tskhinvali
    (place,) = [p for p, _ in load_gazetteer_ru().lookup("Южная Осетия")]
    assert (place.name, place.country_code, place.feature) == ("South Ossetia", "GE", "region")
    assert abs(place.lat - 42.23) < 0.01 and abs(place.lon - 43.97) < 0.01


def test_an_acronym_in_brackets_is_what_its_words_name(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Amoris Laetitia (AL) was read in the United Arab Emirates (UAE) and Alabama (AL)."
    ents = _ents(text, ("AL", "GPE", 0), ("UAE", "GPE", 0), ("AL", "GPE", 1))
    exhortation, uae, alabama = geocode(ents, gaz, text=text)
    assert exhortation.geo is None  # not Alabama
    assert uae.geo.country_code == "AE"
    assert alabama.geo.name == "Alabama"


def test_shipped_russian_region_names_are_no_country_names() -> None:
    from babel import Locale

    from slant.analyzers._places_regions import REGIONS

    countries = {n.lower() for n in Locale("ru").territories.values()}
    data = json.loads(REGIONS.read_text(encoding="utf-8"))
    named = {(r[0], r[1]): r[-1] for r in data["regions"]}
    assert not [n for names in named.values() for n in names if n.lower() in countries]
    assert named[("FI", "Pirkanmaa")] == [] and named[("UA", "Donetsk")] == ["Донецкая область"]


def test_a_city_police_is_in_the_city_a_newspaper_is_not(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "A Dallas Police officer was fired, the Washington Post reported."
    ents = _ents(text, ("Dallas", "GPE", 0), ("Washington", "GPE", 0))
    dallas, post = geocode(ents, gaz, text=text)
    assert (dallas.geo.name, dallas.geo.country_code) == ("Dallas", "US")
    assert post.geo is None
