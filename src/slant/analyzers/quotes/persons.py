"""The people an article names, with the roles and context its text gives them.

Names come from NER (PERSON, with the entities analyzer's canonical names; a name NER cut
at a hyphen is widened: "Jomart Tokayev" → "Kassym-Jomart Tokayev") and, so that a name NER
missed still counts, from the proper nouns after a title word ("Kazakh President
Kassym-Jomart Tokayev"). Each person keeps the role words of its title and appositive
("Ambassador", ", a political analyst") for :mod:`slant.analyzers.quotes.speakers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.phrases import (
    GENDERED_WORDS,
    ORG_TAIL,
    RELATIVES,
    TIME_WORDS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    char_end,
    in_headline,
    is_joined,
    is_name,
    is_role,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Span

__all__ = ["Named", "find_persons"]


@dataclass(frozen=True, slots=True)
class Named:
    """An entity of the article at ``[start, end)``, with its label and canonical name."""

    start: int
    end: int
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class _Person:
    """A person named in the article: where, the full name, and the roles it was given."""

    start: int
    end: int
    name: str
    roles: tuple[str, ...]  # role words: "ambassador", "spokeswoman"
    context: frozenset[str]  # capitalised words of its title and appositive: "russian"
    gender: str | None  # "m" / "f" from a title or role word ("Mr.", "spokeswoman")


def find_persons(doc: Doc, text: str, entities: Sequence[Named]) -> list[_Person]:
    """PERSON entities and the proper nouns after a title word, with their roles."""
    out: list[_Person] = []
    covered: set[int] = set()
    for e in entities:
        if e.label != "PERSON":
            continue
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None or _not_a_name(span):
            continue
        s, t = _widen_name(doc, span.start, span.end)
        name = e.name
        if t - s > span.end - span.start:  # NER cut a hyphenated name: "Jomart Tokayev"
            name = _name_text(doc, text, s, t)
        out.append(_person(doc, s, t, name))
        covered.update(range(s, t))
    for i, tok in enumerate(doc):
        if tok.lower_ not in TITLE_WORDS or not tok.text[:1].isupper() or in_headline(tok):
            continue
        run = _name_after(doc, i)
        if run is None or any(k in covered for k in range(*run)):
            continue
        s, t = run
        out.append(_person(doc, s, t, _name_text(doc, text, s, t)))
        covered.update(range(s, t))
    out.sort(key=lambda p: p.start)
    return out


def _not_a_name(span: Span) -> bool:
    """NER noise: one word in lower case or an adjective, adverb or preposition ("his voice
    hoarser than usual", "Harsh? He doesn't think so", "Outright victory is vital")."""
    if len(span) != 1:
        return False
    tok = span[0]
    return not tok.text[:1].isupper() or tok.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR", "IN")


def _widen_name(doc: Doc, s: int, t: int) -> tuple[int, int]:
    """A name's token range widened over hyphen-joined parts ("Kassym" "-" "Jomart")."""
    while s >= 2 and doc[s - 1].text == "-" and is_joined(doc, s - 2) and is_name(doc[s - 2]):
        s -= 2
    while t + 1 < len(doc) and doc[t].text == "-" and is_joined(doc, t - 1) and is_name(doc[t + 1]):
        t += 2
    return s, t


def _name_after(doc: Doc, i: int) -> tuple[int, int] | None:
    """The run of proper nouns naming a person after the title word at token ``i``."""
    n = len(doc)
    k = i + 1
    # more title words, and "to US" / "of State" complements: "Ambassador to US Anatoly"
    while k < n:
        t = doc[k]
        low = t.lower_
        if low in TITLE_WORDS and t.text[:1].isupper():
            k += 1
        elif low in ("of", "to", "for") and k + 1 < n and doc[k + 1].text[:1].isupper():
            k += 1
            while (
                k < n
                and doc[k].ent_type_ in ("GPE", "ORG", "NORP", "LOC")
                and not is_joined(doc, k)
            ):
                k += 1
        else:
            break
    s = k
    while k < n and (
        (is_name(doc[k]) and doc[k].lower_ not in TITLE_WORDS)
        or (doc[k].text == "-" and k > s and is_joined(doc, k - 1) and k + 1 < n)
    ):
        k += 1
    while k > s and doc[k - 1].text == "-":
        k -= 1
    if k == s or k - s > 5:
        return None
    if any(doc[j].ent_type_ in ("ORG", "FAC", "EVENT", "WORK_OF_ART") for j in range(s, k)):
        return None
    return s, k


def _name_text(doc: Doc, text: str, s: int, t: int) -> str:
    return text[doc[s].idx : char_end(doc, t)]


def _person(doc: Doc, s: int, t: int, name: str) -> _Person:
    """A person named by tokens ``[s, t)``, with the roles and context around the name.

    Roles come from the title run before the name ("Russian Ambassador to US") and from
    an appositive after it (", a Romney confidant,"): the noun nearest the name and any
    title word, never an organisation word ("campaign", "ministry").
    """
    roles: list[str] = []
    context: set[str] = set()
    gender = None
    i = s - 1
    nearest = True
    while i >= max(0, s - 8):
        tok = doc[i]
        if tok.tag_ in ("NNP", "NN", "NNPS", "NNS", "JJ") or tok.lower_ in ("to", "of"):
            if tok.tag_.startswith("NN") and not tok.ent_type_:
                if (nearest or is_role(tok)) and tok.lower_ not in TITLE_MODIFIERS:
                    roles.append(tok.lower_)
                elif tok.text[:1].isupper():
                    context.add(tok.lower_)  # "Foreign" in "Foreign Minister"
                nearest = False
            elif tok.text[:1].isupper():
                context.add(tok.lower_)
            gender = gender or GENDERED_WORDS.get(tok.lower_.rstrip("."))
            i -= 1
        else:
            break
    if s >= 1:
        gender = gender or GENDERED_WORDS.get(doc[s - 1].lower_.rstrip("."))
    if t < len(doc) and doc[t].text == ",":
        head = None
        for k in range(t + 1, min(len(doc), t + 12)):
            tok = doc[k]
            if tok.text in (",", ";", "(", ")") or tok.lower_ in RELATIVES or tok.is_sent_start:
                break
            if tok.tag_ in ("NN", "NNS") or (tok.tag_ == "NNP" and not tok.ent_type_):
                if head is None or is_role(tok):
                    roles.append(tok.lower_)
                head = head or tok
            elif tok.text[:1].isupper() and tok.is_alpha:
                context.add(tok.lower_)
            if tok.tag_ == "IN" and head is not None:
                head = tok  # "chief strategist for Bachmann": stop taking nouns as roles
    for r in roles:
        gender = gender or GENDERED_WORDS.get(r)
    roles = [
        r for r in roles if r not in ORG_TAIL and r not in TIME_WORDS and any(map(str.isalpha, r))
    ]
    context -= set(roles)
    return _Person(
        doc[s].idx, char_end(doc, t), name, tuple(dict.fromkeys(roles)), frozenset(context), gender
    )
