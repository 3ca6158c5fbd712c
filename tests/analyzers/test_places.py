from __future__ import annotations

import pytest
from _events import analyze, fixture_text

from slant.analyzers.places import geocode, load_gazetteer
from slant.annotations import Entity


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def _geo(gaz, *mentions: tuple[str, str]) -> dict:  # type: ignore[no-untyped-def]
    ents = [Entity(0, 0, label, name) for name, label in mentions]
    return {e.canonical: e.geo for e in geocode(ents, gaz)}


def test_same_name_paris_follows_state_context(gaz) -> None:  # type: ignore[no-untyped-def]
    alone = _geo(gaz, ("Paris", "GPE"))["Paris"]
    assert (alone.country_code, alone.feature) == ("FR", "city")
    texas = _geo(gaz, ("Paris", "GPE"), ("Texas", "GPE"))
    assert texas["Paris"].country_code == "US"
    assert 33 < texas["Paris"].lat < 34 and -96 < texas["Paris"].lon < -95
    assert texas["Texas"].feature == "state"


def test_country_mention_alone_does_not_move_a_big_city(gaz) -> None:  # type: ignore[no-untyped-def]
    # "US officials met in Paris": the US is named, but Paris is still France's
    assert _geo(gaz, ("Paris", "GPE"), ("United States", "GPE"))["Paris"].country_code == "FR"


def test_washington_capital_versus_english_town(gaz) -> None:  # type: ignore[no-untyped-def]
    dc = _geo(gaz, ("Washington", "GPE"), ("Russia", "GPE"), ("United States", "GPE"))
    assert dc["Washington"].country_code == "US" and dc["Washington"].geonameid == 4140963
    uk = _geo(gaz, ("Washington", "GPE"), ("Sunderland", "GPE"), ("United Kingdom", "GPE"))
    assert uk["Washington"].country_code == "GB"


def test_georgia_country_or_state(gaz) -> None:  # type: ignore[no-untyped-def]
    assert _geo(gaz, ("Georgia", "GPE"), ("Tbilisi", "GPE"))["Georgia"].feature == "country"
    us = _geo(gaz, ("Georgia", "GPE"), ("Atlanta", "GPE"))["Georgia"]
    assert (us.country_code, us.feature) == ("US", "state")


def test_countries_continents_and_unknown_places(gaz) -> None:  # type: ignore[no-untyped-def]
    geo = _geo(
        gaz,
        ("Kazakhstan", "GPE"),
        ("Europe", "LOC"),
        ("transatlantic bloc", "LOC"),
        ("Kassym", "GPE"),
        ("Blinken", "PERSON"),
    )
    kz = geo["Kazakhstan"]
    assert (kz.country_code, kz.feature, kz.geonameid) == ("KZ", "country", 1522867)
    assert geo["Europe"].feature == "continent"
    assert geo["transatlantic bloc"] is None and geo["Kassym"] is None
    assert geo["Blinken"] is None  # not a place label: left alone


def test_adjective_tagged_as_place_is_context_not_a_place(gaz) -> None:  # type: ignore[no-untyped-def]
    # "Kazakh" tagged GPE is not geocoded (no second "Kazakhstan" row in the reader) ...
    geo = _geo(gaz, ("Kazakh", "GPE"), ("Kazakhstan", "GPE"))
    assert geo["Kazakh"] is None and geo["Kazakhstan"].country_code == "KZ"
    # ... but it still tells which country the article is about
    geo = _geo(gaz, ("Kazakh", "GPE"), ("Aktau", "GPE"))
    assert geo["Kazakh"] is None and geo["Aktau"].country_code == "KZ"


def test_article_places_resolve_in_context() -> None:
    art = analyze(fixture_text("osh_fuel_protests.txt"))
    geo = {e.canonical: e.geo for e in art.entities if e.label in ("GPE", "LOC")}
    assert geo["Osh"] is not None and geo["Osh"].country_code == "KG"
    assert geo["Bishkek"].country_code == "KG"
    assert geo["Kyrgyzstan"].feature == "country"
    # every mention of a place carries the same geo
    osh = [e.geo for e in art.entities if e.canonical == "Osh"]
    assert len(osh) >= 2 and len(set(osh)) == 1
    assert all(e.geo is None for e in art.entities if e.label == "PERSON")


def test_kazakh_cities_in_a_kazakhstan_article() -> None:
    art = analyze(
        "Protests in Kazakhstan began as residents of Zhanaozen and Aktau opposed a rise in "
        "gas prices. Washington urged restraint.\n"
    )
    geo = {e.canonical: e.geo for e in art.entities if e.geo}
    assert geo["Zhanaozen"].country_code == "KZ" and geo["Aktau"].country_code == "KZ"
    assert geo["Aktau"].geonameid == 610612  # the city of 147k, not the villages
    assert geo["Washington"].country_code == "US"
    assert geo["Kazakhstan"].feature == "country"


def test_georgia_next_to_russia_is_the_country(gaz) -> None:  # type: ignore[no-untyped-def]
    geo = _geo(gaz, ("Georgia", "GPE"), ("Russia", "GPE"), ("United States", "GPE"))
    assert geo["Georgia"].feature == "country"
    us = _geo(gaz, ("Georgia", "GPE"), ("New Mexico", "GPE"))["Georgia"]
    assert us.feature == "state"


def test_facility_named_like_a_small_town_is_not_geocoded(gaz) -> None:  # type: ignore[no-untyped-def]
    geo = _geo(gaz, ("White House", "FAC"), ("United States", "GPE"), ("TX", "GPE"))
    assert geo["White House"] is None  # White House, Tennessee (13k) is not what is meant
    assert geo["TX"].name == "Texas"
