r"""Named entities from the shared spaCy parse, with one canonical name per referent.

Within an article, "Blinken" and "Mr Blinken" join "Antony Blinken"; "CSTO" joins
"Collective Security Treaty Organization" when both appear; "U.S." and "US" become
"United States". A short mention that could belong to two different full names (two
Smiths) keeps its own name rather than guessing.

The repairs of spaCy's entities are in :mod:`slant.analyzers._entity_repairs` (no entity
across a line break, one type per person, hyphenated first names, given names after a
title, possessives, demonyms tagged as places), the naming in
:mod:`slant.analyzers._entity_names`; this module re-exports their public names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from slant.analyzers import register
from slant.analyzers._entity_lines import wrapped_names
from slant.analyzers._entity_names import (
    PERSON_TITLES,
    canonical_names,
    country_of_demonym,
    demonym_table,
)
from slant.analyzers._entity_repairs import hyphen_name_matcher, place_names, repair_entities
from slant.annotations import Entity
from slant.article import Article

if TYPE_CHECKING:
    from spacy.matcher import Matcher

__all__ = ["EntitiesAnalyzer", "canonical_names", "country_of_demonym", "repair_entities"]

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


@register("entities")
class EntitiesAnalyzer:
    """spaCy NER entities (named types only), repaired, with canonical names."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc.ents"})
    assigns: ClassVar[frozenset[str]] = frozenset({"entities"})
    # Russian: natasha's PERSON/ORG/GPE/LOC, canonical names by lemma (analyzers/russian)
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})

    def __init__(self, *, labels: tuple[str, ...] = tuple(sorted(NAMED_LABELS))) -> None:
        self.labels = labels

    def initialize(self) -> None:
        self.labels_ = frozenset(self.labels)
        demonym_table()  # build once, before the first article
        place_names()
        self.matcher_: Matcher | None = None

    def __call__(self, article: Article) -> None:
        assert article.doc is not None, "the pipeline parses before analyzers run"
        if not hasattr(self, "labels_"):
            self.initialize()
        if article.language == "ru":
            from slant.analyzers.russian.entities import russian_entities

            article.entities = russian_entities(article.doc, self.labels_)
            return
        if self.matcher_ is None or self.matcher_.vocab is not article.doc.vocab:
            self.matcher_ = hyphen_name_matcher(article.doc.vocab)
        ents = [e for e in repair_entities(article.doc, self.matcher_) if e.label_ in self.labels_]
        full = wrapped_names(article.doc, ents, PERSON_TITLES)  # "H.R.\nMcMaster": H.R. McMaster
        names = canonical_names([(full.get(e.start, e.text), e.label_) for e in ents], article.text)
        article.entities = [
            Entity(start=e.start_char, end=e.end_char, label=e.label_, canonical=name)
            for e, name in zip(ents, names, strict=True)
        ]
