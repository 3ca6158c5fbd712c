"""Russian entities: natasha's PER/ORG/LOC (mapped by slant.nlp.ru) with canonical names.

Each mention's name is put in the nominative ("Министерства обороны России" →
"Министерство обороны России"); a person named by surname alone ("Путина", "Путину") takes
the full name the article gives him ("Владимир Путин") when exactly one full name of the
article has that surname (by lemma, so every case form matches); a few short forms of
countries join their usual name ("РФ" → "Россия").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slant.analyzers.russian.morph import nominative
from slant.annotations import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["ALIASES", "canonical_names_ru", "russian_entities"]

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
ALIASES = {
    "рф": "Россия",
    "российская федерация": "Россия",
    "соединенные штаты": "США",
    "соединенные штаты америки": "США",
    "штаты": "США",
    "америка": "США",
    "британия": "Великобритания",
    "соединенное королевство": "Великобритания",
    "фрг": "Германия",
    "кнр": "Китай",
    "рк": "Казахстан",
}


def _key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _surnames(span: Span, form: str) -> set[str]:
    """Keys of a person's last word: its lemma and its nominative form (pymorphy may give
    a woman's surname the masculine lemma: "Захаровой" → "захаров", nominative "Захарова")."""
    words = [t for t in span if t.is_alpha or "-" in t.text]
    keys = {_key(form.split()[-1])} if form.split() else set()
    if words:
        keys.add(_key(words[-1].lemma_ or words[-1].text))
    return keys


def _by_stem(word: str, full: dict[str, set[str]]) -> set[str]:
    """Full names whose surname differs from ``word`` only in its last two letters."""
    if len(word) < 5:
        return set()
    stem = word[:-2]
    hits = [
        names for key, names in full.items() if key[:-2] == stem and abs(len(key) - len(word)) <= 1
    ]
    return set().union(*hits) if hits else set()


def canonical_names_ru(ents: list[Span]) -> list[str]:
    """One canonical name per entity span (see the module docstring)."""
    forms = [nominative(e, all_words=e.label_ == "PERSON") for e in ents]
    full: dict[str, set[str]] = {}
    for e, form in zip(ents, forms, strict=True):
        if e.label_ == "PERSON" and len(form.split()) >= 2:
            for key in _surnames(e, form):
                full.setdefault(key, set()).add(form)
    out = []
    for e, form in zip(ents, forms, strict=True):
        if e.label_ == "PERSON" and len(form.split()) == 1:
            names = set().union(*(full.get(k, set()) for k in _surnames(e, form)))
            if not names:  # a surname pymorphy does not know: "Небензи" ~ "Небензя"
                names = _by_stem(_key(form), full)
            if len(names) == 1:
                form = next(iter(names))
        elif e.label_ in ("GPE", "LOC"):
            form = ALIASES.get(_key(form), form)
        out.append(form)
    return out


def _trim(ent: Span) -> Span:
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].is_punct or ent.doc[start].is_space):
        start += 1
    while end > start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].is_space):
        end -= 1
    return ent.doc[start:end]


def _merge_owner(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation followed by its country in the genitive is one ORG ("МИД России",
    "Министерство обороны РФ"): natasha tags the two apart."""
    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == "ORG"
            and e.label_ == "GPE"
            and e.start == prev.end
            and doc[prev.end - 1].whitespace_ == " "
            and (doc[e.start].morph.get("Case") == ["Gen"] or doc[e.start].text.isupper())
        ):
            out[-1] = doc.char_span(prev.start_char, e.end_char, label="ORG")
            continue
        out.append(e)
    return out


def russian_entities(doc: Doc, labels: frozenset[str] = LABELS) -> list[Entity]:
    """The entities of a Russian parse, with canonical names."""
    ents = []
    for e in doc.ents:
        span = _trim(e)
        if len(span):
            ents.append(doc.char_span(span.start_char, span.end_char, label=e.label_))
    ents = [e for e in _merge_owner(doc, ents) if e.label_ in labels]
    names = canonical_names_ru(ents)
    return [
        Entity(start=e.start_char, end=e.end_char, label=e.label_, canonical=name)
        for e, name in zip(ents, names, strict=True)
    ]
