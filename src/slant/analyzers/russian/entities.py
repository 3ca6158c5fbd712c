"""Russian entities: natasha's PER/ORG/LOC (mapped by slant.nlp.ru) with canonical names.

Each mention's name is put in the nominative ("Министерства обороны России" → "Министерство
обороны России"); a title that starts a person's span is dropped ("Иммунолог Жемчугов"); a
name cut inside brackets is split from its alias ("Мика Аалтола (Mika Aaltola": two mentions
of "Мика Аалтола") and one cut before its closing quote takes it; a person named by surname
alone ("Путина", "Путину") takes the full name the article gives him ("Владимир Путин") when
exactly one full name of the article has that surname (by lemma, so every case form matches;
of two, the one of the same gender: "Дугин" is Александр Дугин, not Дарья Дугина); a few
short forms of countries join their usual name ("РФ" → "Россия").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slant.analyzers.russian.morph import is_title_noun, nominative
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


_BRACKETS = re.compile(r"[\[\]]")


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
    forms = [
        " ".join(_BRACKETS.sub("", nominative(e, all_words=e.label_ == "PERSON")).split())
        for e in ents
    ]
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
            if len(names) > 1:  # "Дугин": Александр Дугин, not Дарья Дугина
                names = {n for n in names if _key(n.split()[-1]) == _key(form)} or names
            if len(names) == 1:
                form = next(iter(names))
        elif e.label_ in ("GPE", "LOC"):
            if form.isupper() and sum(ch.isalpha() for ch in form) > 4:
                # a dateline's capitals ("МОСКВА, 13 июн"), not an acronym (США, СССР)
                form = form.title()
            form = ALIASES.get(_key(form), form)
        out.append(form)
    return out


def _trim(ent: Span) -> Span:
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].is_punct or ent.doc[start].is_space):
        start += 1
    while end > start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].is_space):
        end -= 1
    if ent.label_ == "PERSON":
        # a title the sentence starts with is no part of the name ("Иммунолог Жемчугов")
        while end - start > 1 and is_title_noun(ent.doc[start].text):
            start += 1
    return ent.doc[start:end]


def _balance(doc: Doc, ent: Span) -> list[tuple[Span, bool]]:
    """An entity NER cut inside brackets or quotes, made whole: "Мика Аалтола (Mika
    Aaltola" is "Мика Аалтола" and its alias "Mika Aaltola" (True: named like the first);
    "Радио «Комсомольская правда" takes its closing quote; a bracket the editor inserted
    ("[президента России Владимира] Путина") stays in the span and the canonical name
    leaves it out. Returns (span, is an alias of the span before)."""
    text = ent.text
    start = ent.start_char
    if "(" in text and ")" not in text[text.index("(") :]:
        cut = text.index("(")
        outer = doc.char_span(start, start + cut, alignment_mode="contract")
        inner_text = text[cut + 1 :].split(",")[0]
        inner_start = start + cut + 1 + (len(inner_text) - len(inner_text.lstrip()))
        inner = doc.char_span(
            inner_start, start + cut + 1 + len(inner_text.rstrip()), alignment_mode="contract"
        )
        out = []
        for span, alias in ((outer, False), (inner, True)):
            if span is not None and len(span):
                span = _trim(doc.char_span(span.start_char, span.end_char, label=ent.label_))
                if len(span):
                    out.append(
                        (doc.char_span(span.start_char, span.end_char, label=ent.label_), alias)
                    )
        return out
    if ")" in text and "(" not in text[: text.index(")")]:
        span = doc.char_span(start, start + text.index(")"), alignment_mode="contract")
        if span is None or not len(span):
            return []
        return [(doc.char_span(span.start_char, span.end_char, label=ent.label_), False)]
    end = ent.end_char
    if text.count("«") > text.count("»") and doc.text[end : end + 1] == "»":
        whole = doc.char_span(start, end + 1, label=ent.label_)
        if whole is not None:
            return [(whole, False)]
    return [(ent, False)]


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
    ents: list[Span] = []
    aliases: set[int] = set()  # positions in ents of aliases of the entity before
    for e in doc.ents:
        span = _trim(e)
        if not len(span):
            continue
        for part, alias in _balance(
            doc, doc.char_span(span.start_char, span.end_char, label=e.label_)
        ):
            if alias:
                aliases.add(len(ents))
            ents.append(part)
    merged = _merge_owner(doc, ents)
    if len(merged) != len(ents):
        aliases = set()  # (an ORG and its country merged: no alias rests on a position)
    keep = [i for i, e in enumerate(merged) if e.label_ in labels]
    names = canonical_names_ru([merged[i] for i in keep])
    name_at = dict(zip(keep, names, strict=True))
    for i in sorted(aliases):
        if i in name_at and i - 1 in name_at:
            name_at[i] = name_at[i - 1]
    return [
        Entity(
            start=merged[i].start_char,
            end=merged[i].end_char,
            label=merged[i].label_,
            canonical=name_at[i],
        )
        for i in keep
    ]
