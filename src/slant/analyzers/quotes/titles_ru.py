"""Russian speakers named by a title alone (used by
:mod:`slant.analyzers.quotes.speakers_ru`).

A person is first named with a title ("Канцлер Германии Олаф Шольц", "Олаф Шольц, канцлер
Германии,"), then by the title alone, in any case ("канцлер заявил", "по словам канцлера",
"глава МИД добавил", "дипломат отметила"). A bare title takes the person introduced with that
title or a synonym (offices in :data:`~slant.analyzers.quotes.lexicon_ru.OFFICES`: "глава
МИД" is "министр иностранных дел"; "дипломат" is an ambassador, a foreign minister or the
ministry's spokesperson), when exactly one person named before fits: the title's other
words must be in that person's title ("министр обороны" is not "министр иностранных дел";
"президент России" is not "президент Франции"; "немецкий лидер" is "канцлер ФРГ"), a former
office is only a former office ("экс-госсекретарь"), and a verb that shows a gender
("заявила") excludes persons of the other. Two persons who both fit leave the title
unresolved (:data:`AMBIGUOUS`): ambiguity is not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import (
    ABBREVIATIONS,
    COUNTRIES,
    IMPLIES,
    OFFICES,
    ROLE_NOUNS,
    SAME_BODY,
    TITLE_IGNORED,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Token

__all__ = ["AMBIGUOUS", "Title", "TitleHolders", "read_title", "title_after", "title_before"]

AMBIGUOUS = "\x00ambiguous"  # resolve()'s answer when several persons fit
_FORMER = frozenset({"бывший", "экс"})
_TITLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_LEADS = frozenset({"глава", "руководитель"})
_HEADS_VERBS = frozenset({"возглавлять", "возглавить"})
_PHRASE_MARKS = frozenset({"-", "«", "»", '"', "„", "“"})


@dataclass(frozen=True, slots=True)
class Title:
    """A title phrase read by lemmas: its offices (those it names and, for a holder's
    title, those they imply), its head noun, the other nouns, the countries it names and
    whether it is a former office."""

    offices: frozenset[str]
    head: str
    words: frozenset[str]  # lemmas of its other nouns, not taken by an office
    all_words: frozenset[str]  # every lemma of the phrase
    countries: frozenset[str]
    former: bool


def _closure(offices: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    todo = list(offices)
    while todo:
        o = todo.pop()
        if o not in out:
            out.add(o)
            todo.extend(IMPLIES.get(o, ()))
    return frozenset(out)


def _lemmas(toks: Iterable[Token]) -> tuple[list[tuple[str, str]], bool]:
    """(lemma, part of speech) of a title's words with compounds spelled out ("зампред" →
    "заместитель", "председатель"; "экс-министр" → "министр", former), and whether it is
    a former office."""
    out: list[tuple[str, str]] = []
    former = False
    for t in toks:
        lemma = t.lemma_.lower().replace("ё", "е")
        if lemma.startswith("экс-"):
            former, lemma = True, lemma[4:]
        if lemma in _FORMER:
            former = True
            continue
        pos = "NOUN" if t.pos_ == "PROPN" and lemma in ROLE_NOUNS else t.pos_
        if lemma in ABBREVIATIONS:
            out.extend((w, "NOUN" if k == 0 else "ADJ") for k, w in enumerate(ABBREVIATIONS[lemma]))
        else:
            out.append((lemma, pos))
    return out, former


def read_title(toks: list[Token], holder: bool = False, lead: str = "") -> Title | None:
    """The title a phrase names ("глава МИД России", "немецкий лидер", "министра"), or None
    when its head (first noun) is no title. ``holder``: the phrase introduces a person, whose
    offices include what they imply; ``lead``: a title noun the phrase's words complement
    ("глава" of "возглавляющий российскую делегацию")."""
    words, former = _lemmas(toks)
    if lead:
        words.insert(0, (lead, "NOUN"))
    nouns = [w for w, pos in words if pos in ("NOUN", "PROPN")]
    if not nouns:
        return None
    head = nouns[0]
    lemmas = {w for w, _ in words}
    found: set[str] = set()
    taken: set[str] = set()
    countries = {COUNTRIES[w] for w in lemmas if w in COUNTRIES}
    for office, pattern, country in OFFICES:
        if pattern[0] == head and all(w in lemmas for w in pattern[1:]):
            found.add(office)
            taken.update(pattern)
            if country:
                countries.add(country)
    if not found and head not in ROLE_NOUNS:
        return None
    rest = {
        w
        for w in nouns
        if w not in taken and w != head and w not in COUNTRIES and w not in TITLE_IGNORED
    }
    if not found and not rest and countries and head in _LEADS:
        found.add("leader")  # "глава Китая" is its leader
    if holder:
        offices = _closure(found)
    else:  # the most specific: "министр иностранных дел" is not any "министр"
        offices = frozenset(o for o in found if not any(o in _closure([f]) - {f} for f in found))
    return Title(
        offices=offices | {"head:" + head},
        head=head,
        words=frozenset(rest),
        all_words=frozenset(lemmas),
        countries=frozenset(countries),
        former=former,
    )


def title_before(first: Token) -> list[list[Token]]:
    """The titles right before a name that starts at ``first``, within its sentence
    ("министр иностранных дел России Сергей Лавров" → "министр иностранных дел России";
    "политолог, экономист, экс-председатель движения «Битва за Донбасс» Алексей Живов" →
    three). A title whose head is in another case than the name is no title of it
    ("Глава офиса Зеленского": the office's head is someone else)."""
    doc = first.doc
    out: list[list[Token]] = []
    i = first.i - 1
    while i >= first.sent.start:
        toks: list[Token] = []
        while i >= max(first.sent.start, first.i - 24) and len(toks) < 12:
            t = doc[i]
            if t.pos_ not in ("NOUN", "ADJ", "PROPN", "ADP") and t.text not in _PHRASE_MARKS:
                break
            toks.insert(0, t)
            i -= 1
        # its first title noun opens it ("встретился с министром …": from "министром")
        start = next((k for k, t in enumerate(toks) if _is_title_word(t)), None)
        if start is None:
            break
        while start and toks[start - 1].pos_ == "ADJ":
            start -= 1
        if _same_case(toks[start:], first):
            out.append(toks[start:])
        # a list of titles: "политолог, экономист, …"
        if start or i < first.sent.start or doc[i].text != ",":
            break
        i -= 1
    return out


def title_after(last: Token) -> tuple[list[Token], str]:
    """The title in apposition after a name that ends at ``last`` ("Олаф Шольц, канцлер
    Германии, заявил" → "канцлер Германии"): a comma, then a title word first; or what the
    person heads ("Владимир Ильичев, возглавляющий российскую делегацию" → "российскую
    делегацию", with the lead noun "глава")."""
    doc = last.doc
    i = last.i + 1
    if i + 1 >= len(doc) or doc[i].text != ",":
        return [], ""
    lead = ""
    if doc[i + 1].lemma_.lower() in _HEADS_VERBS and "Part" in doc[i + 1].morph.get("VerbForm"):
        lead, i = "глава", i + 1
    toks: list[Token] = []
    for t in doc[i + 1 : min(len(doc), i + 10, last.sent.end)]:
        if t.pos_ not in _TITLE_POS and (lead or t.pos_ != "ADP") and t.text != "-":
            break
        toks.append(t)
    if lead:
        return (toks, lead) if any(t.pos_ in ("NOUN", "PROPN") for t in toks) else ([], "")
    first_noun = next((t for t in toks if t.pos_ in ("NOUN", "PROPN")), None)
    if first_noun is None or not _is_title_word(first_noun):
        return [], ""
    return (toks, "") if _same_case(toks, last) else ([], "")


def _same_case(toks: list[Token], name: Token) -> bool:
    """Whether a title's head noun and a name agree in case (where both show one)."""
    head = next((t for t in toks if _is_title_word(t)), None)
    a = head.morph.get("Case") if head is not None else []
    b = name.morph.get("Case")
    return not (a and b and a[0] != b[0])


def _is_title_word(t: Token) -> bool:
    lemma = t.lemma_.lower().replace("ё", "е").removeprefix("экс-")
    return t.pos_ in ("NOUN", "PROPN") and (lemma in ROLE_NOUNS or lemma in ABBREVIATIONS)


@dataclass(frozen=True, slots=True)
class _Holder:
    name: str
    gender: str
    title: Title


def _same_word(w: str, words: frozenset[str]) -> bool:
    """Whether a title word is among a holder's title words: the same lemma, one holding
    the other ("евродипломатия" / "дипломатия"), or a word for the same body ("Кремль" /
    "президент")."""
    if w in words:
        return True
    if any(len(r) >= 5 and (r in w or w in r) for r in words):
        return True
    return bool(SAME_BODY.get(w, frozenset()) & words)


def fits(title: Title, holder: Title) -> bool:
    """Whether a bare title can stand for the person introduced with ``holder``."""
    specific = [o for o in title.offices if not o.startswith("head:")]
    if specific:
        if not all(o in holder.offices for o in specific):
            return False
    elif "head:" + title.head not in holder.offices:
        return False
    if title.former != holder.former:
        return False
    if not title.countries <= holder.countries:
        return False
    return all(_same_word(w, holder.all_words) for w in title.words)


class TitleHolders:
    """The persons introduced with a title so far, in text order, and the bare titles
    that name them."""

    def __init__(self) -> None:
        self.holders: list[_Holder] = []

    def add(self, name: str, gender: str, toks: list[Token], lead: str = "") -> None:
        """Record that ``name`` was introduced with the title words ``toks`` (complementing
        the title noun ``lead``, if any)."""
        title = read_title(toks, holder=True, lead=lead)
        if title is not None:
            self.holders.append(_Holder(name, gender, title))

    def resolve(self, title: Title, gender: str = "") -> str | None:
        """The one person named before whose title ``title`` fits (and of ``gender``, when
        the verb shows one); :data:`AMBIGUOUS` when several do; None when none does."""
        names = {
            h.name
            for h in self.holders
            if fits(title, h.title) and not (gender and h.gender and gender != h.gender)
        }
        if len(names) > 1:
            return AMBIGUOUS
        return names.pop() if names else None

    def gender_of(self, name: str) -> str:
        """The gender a holder's name shows ("" when unknown)."""
        return next((h.gender for h in self.holders if h.name == name and h.gender), "")
