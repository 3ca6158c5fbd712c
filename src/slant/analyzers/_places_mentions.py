"""Which name each place mention is looked up by, read from the words around it.

NER tags a place name inside a longer name on its own: "Georgetown" of "Georgetown
Preparatory School", "US" of "US Virgin Islands". Such a mention names an institution or
another place, not the place it spells, so the places analyzer must not geocode it as that
place. The rules, on the article's text:

* a place mention followed by a capitalised word of a school, medium, company or treaty on
  the same line ("Georgetown University", "Georgetown Prep", "Kyiv Independent", "Minsk
  Protocol") or after "University of", "Bank of" … ("University of Texas") is part of that
  name, which need not be where the place is: no place. A police force, airport or hospital
  is where its city is ("Dallas Police" stays Dallas);
* a place mention followed by "river" ("the Congo river") or after "река" ("на реке
  Днепр") names the river, which the gazetteer does not hold: no place;
* two place mentions one space apart whose joined words are a place of the gazetteer ("US" +
  "Virgin Islands") are that place: the first is part of the second's name (no place of its
  own) and the second is looked up by the joined words; so is a mention NER cut before a
  hyphen ("Congo" of "Congo-Brazzaville");
* an acronym in brackets after the words it stands for is what they name: "Amoris
  Laetitia (AL)" is no Alabama, "Democratic Republic of Congo (DRC)" the DRC;
* a mention followed by "region", "oblast", "province", "governorate" or "krai" ("the
  Donetsk region", "the Donetsk and Luhansk regions"; Russian "области", "края" after an
  adjective NER took alone: "Херсонская" of "Херсонская и Запорожская области") is looked
  up by those words when the gazetteer has them, so the region wins over the city of the
  same name ("Donetsk").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["mention_names"]

# capitalised words that end the name of an institution or a medium that is not where its
# place name says, or not only there: "Georgetown Prep" is in Bethesda, the "Washington
# Post" writes about the world. A city's police, airport, hospital or jail is in the city,
# so "Dallas Police" stays Dallas.
_INSTITUTION = frozenset(
    """University College Prep Preparatory School Academy Institute Seminary Conservatory
    Polytechnic Post Times Herald Tribune Journal Gazette Independent Observer Chronicle
    Courier Examiner Bank Club FC Corporation Corp Inc Foundation Symphony Orchestra Opera
    Convention Accords Protocol""".split()
)
_INSTITUTION_OF = re.compile(
    r"\b(?:University|College|Institute|Academy|Bank|Museum|Conservatory)\s+of\s+(?:the\s+)?$"
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][A-Za-z]*)\b")
_RIVER = re.compile(r"[ \t]+(?:river|River)\b")
_RIVER_BEFORE = re.compile(r"\b(?:[Рр]ек[аиеуо]й?)[ \t]+$")  # "на реке Днепр"
_HYPHENED = re.compile(r"-[A-Z][A-Za-z]+\b")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_LINKS = frozenset({"of", "the", "and", "de", "du", "la", "и"})


def _expansion(text: str, start: int, end: int) -> str | None:
    """The words an acronym in brackets stands for ("Amoris Laetitia (AL)" → "Amoris
    Laetitia"), or None when the mention is not such an acronym."""
    acronym = text[start:end]
    if not (start and text[start - 1] == "(" and text[end : end + 1] == ")"):
        return None
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
        return None
    words = list(_WORD.finditer(text, max(0, start - 120), start - 1))
    initials: list[str] = []
    first = None
    for m in reversed(words):
        w = m.group()
        if w.lower() in _LINKS and initials:
            continue
        if not w[:1].isupper():
            break
        initials.append(w[0])
        first = m.start()
        if len(initials) == len(acronym):
            break
    if first is None or "".join(reversed(initials)) != acronym:
        return None
    return text[first : start - 1].strip()


_REGION_WORD = re.compile(
    r"(?:[ \t]+(?:and|и)[ \t]+[\w'’-]+)?"  # "Donetsk and Luhansk regions"
    r"[ \t]+(region|oblast|province|governorate|krai|област[ьиюея]\w*|кра[йяюе]\b)",
    re.IGNORECASE,
)


def mention_names(
    entities: Sequence[Any],
    text: str,
    labels: frozenset[str],
    known: Callable[[str], bool],
) -> dict[int, str | None]:
    """The lookup name of each place mention that the words around it change.

    Args:
        entities: the article's entities (``start``, ``end``, ``label``, ``canonical``).
        text: the article's text (the entities' offsets point into it).
        labels: the labels that are places.
        known: whether the gazetteer has a name.

    Returns:
        index in ``entities`` → the name to look the mention up by, or None when the
        mention is no place of its own; mentions not in it keep their canonical name.
    """
    out: dict[int, str | None] = {}
    places = sorted(
        (i for i, e in enumerate(entities) if e.label in labels), key=lambda i: entities[i].start
    )
    for k, i in enumerate(places):
        e = entities[i]
        expansion = _expansion(text, e.start, e.end)
        if expansion is not None:
            # "Amoris Laetitia (AL)" is no Alabama; "United Arab Emirates (UAE)" is a place
            out[i] = expansion if known(expansion) else None
            continue
        nxt = _NEXT_WORD.match(text, e.end)
        if (
            (nxt and nxt.group(1) in _INSTITUTION)
            or _INSTITUTION_OF.search(text, max(0, e.start - 40), e.start)
            or _RIVER.match(text, e.end)
            or _RIVER_BEFORE.search(text, max(0, e.start - 10), e.start)
        ):
            out[i] = None
            continue
        hyphened = _HYPHENED.match(text, e.end)
        if hyphened and known(text[e.start : hyphened.end()]):
            out[i] = text[e.start : hyphened.end()]  # "Congo" of "Congo-Brazzaville"
            continue
        if k + 1 < len(places):
            f = entities[places[k + 1]]
            joined = text[e.start : f.end]
            if text[e.end : f.start] == " " and known(joined):
                out[i] = None
                out[places[k + 1]] = joined
                continue
        region = _REGION_WORD.match(text, e.end)
        if region and i not in out:
            word = region.group(1).lower().removesuffix("s")
            word = "область" if word.startswith("област") else "край" if word[:3] == "кра" else word
            name = f"{e.canonical} {word}"
            if known(name):
                out[i] = name
    return out
