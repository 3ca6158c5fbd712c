"""Russian places: the Cyrillic index over the English gazetteer (analyzers/russian/places.py)
and geocoding in the context of a Russian article."""

from __future__ import annotations

import pytest

from slant.analyzers.places import load_gazetteer_ru
from slant.analyzers.russian.places import _latin
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline


@pytest.fixture(scope="module")
def places_ru() -> Pipeline:
    return Pipeline(Settings(only=("entities", "places"), language="ru"))


def _geo(pipe: Pipeline, text: str) -> dict[str, tuple[str, str] | None]:
    art = pipe(Article(id="p", text=text))
    return {
        text[e.start : e.end]: (e.geo.name, e.geo.country_code) if e.geo else None
        for e in art.entities
    }


def test_transliteration_key() -> None:
    assert _latin("Калининград") == _latin("Kaliningrad") == "kaliningrad"
    assert _latin("Ёлкино-2") == "elkino"


def test_a_former_name_of_a_smaller_town_is_an_alternate_name() -> None:
    # Korolev (Moscow region) was called Kaliningrad until 1996; Kaliningrad is the city
    cands = {p.name: primary for p, primary in load_gazetteer_ru().lookup("Калининград")}
    assert cands["Kaliningrad"] is True
    assert cands.get("Korolev", False) is False


def test_kaliningrad_near_moscow_in_the_text_is_still_kaliningrad(places_ru: Pipeline) -> None:
    text = (
        "Военный аналитик заявил, что попытка захватить Калининград вынудит Москву нанести "
        "удар. В Москве считают, что Литва не решится на блокаду Калининграда."
    )
    got = _geo(places_ru, text)
    assert got["Калининград"] == ("Kaliningrad", "RU")
    assert got["Калининграда"] == ("Kaliningrad", "RU")
    assert got["Москву"] == ("Moscow", "RU")
    assert got["Литва"] == ("Lithuania", "LT")
