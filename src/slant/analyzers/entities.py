"""Named entities from the shared spaCy parse, with one canonical name per referent.

Within an article, "Blinken" and "Mr Blinken" join "Antony Blinken"; "CSTO" joins
"Collective Security Treaty Organization" when both appear; "U.S." and "US" become
"United States". A short mention that could belong to two different full names (two
Smiths) keeps its own name rather than guessing.
"""

from __future__ import annotations

import re
from typing import ClassVar

from slant.analyzers import register
from slant.annotations import Entity
from slant.article import Article

__all__ = ["EntitiesAnalyzer", "canonical_names"]

NAMED_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
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
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|prof|sen|rep|gen|col|lt|sgt|president|minister|ambassador|secretary|"
    r"senator|governor|mayor|general|judge|pope|king|queen|prince|princess|sir|lady|lord)\.?\s+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACE = re.compile(r"\s+")


def _surface(s: str) -> str:
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
    surfaces = [_surface(surface) for surface, _ in mentions]
    labels = [label for _, label in mentions]
    persons = {
        _TITLES.sub("", s) for s, lab in zip(surfaces, labels, strict=True) if lab == "PERSON"
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
        bare = _TITLES.sub("", s)
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


@register("entities")
class EntitiesAnalyzer:
    """spaCy NER entities (named types only) with canonical names."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc.ents"})
    assigns: ClassVar[frozenset[str]] = frozenset({"entities"})

    def __init__(self, *, labels: tuple[str, ...] = tuple(sorted(NAMED_LABELS))) -> None:
        self.labels = labels

    def initialize(self) -> None:
        self.labels_ = frozenset(self.labels)

    def __call__(self, article: Article) -> None:
        assert article.doc is not None, "the pipeline parses before analyzers run"
        ents = [e for e in article.doc.ents if e.label_ in self.labels_]
        names = canonical_names([(e.text, e.label_) for e in ents], article.text)
        article.entities = [
            Entity(start=e.start_char, end=e.end_char, label=e.label_, canonical=name)
            for e, name in zip(ents, names, strict=True)
        ]
