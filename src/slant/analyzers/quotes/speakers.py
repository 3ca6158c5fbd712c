"""Speaker mentions and their resolution to a name within one article.

A speaker mention is a noun phrase found by part-of-speech tags next to a cue ("the Russian
diplomat", "he", "Russian Ambassador to US Anatoly Antonov"). Its name is resolved, in order:

1. the canonical name of a named entity inside the mention (a PERSON first, then ORG, GPE,
   NORP): "Russian Ambassador to US Anatoly Antonov" → "Anatoly Antonov";
2. for "he"/"she": the last PERSON who spoke in the two paragraphs before, else the last
   PERSON named before the pronoun; other pronouns stay unresolved (``None``);
3. for a description ("the diplomat", "the ministry"): the most recent entity introduced with
   that role word ("Ambassador ... Anatoly Antonov") or whose name ends in it ("the Russian
   Foreign Ministry"); role synonyms count ("diplomat" ~ "ambassador");
4. otherwise the description itself ("the foreign ministry spokeswoman", "sources").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from slant.article import Article

__all__ = ["SpeakerResolver", "backtrack_np", "forward_np"]

NP_TAGS = frozenset(
    {"NNP", "NNPS", "NN", "NNS", "PRP", "DT", "JJ", "JJR", "JJS", "CD", "POS", "HYPH"}
)
HEAD_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "PRP"})
# Words inside a title run that link its parts: "Secretary of State", "Ambassador to US".
NP_LINKS = frozenset({"of", "to", "for", "at", "and", "&"})
PERSON_PRONOUNS = frozenset({"he", "she"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
NOT_SPEAKERS = frozenset(
    {"there", "what", "which", "this", "that", "these", "those", "who", "one", "all", "some"}
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
_ENT_PRIORITY = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3}


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
            if e.label in _ENT_PRIORITY
        ]
        # (offset, role word, name): who was introduced as what ("Ambassador" → Antonov).
        self.roles: list[tuple[int, str, str]] = []
        for e in self.entities:
            if e.label == "PERSON":
                for word in self._role_words(e):
                    self.roles.append((e.start, word, e.name))
            elif e.label == "ORG":
                last = e.name.split()[-1].lower() if e.name.split() else ""
                if last in ORG_TAIL:
                    self.roles.append((e.start, last, e.name))
        self.spoken: list[tuple[int, str, str]] = []  # (offset, label, name) of resolved speakers

    def _role_words(self, e: _Named) -> list[str]:
        """Common nouns of the title run before a PERSON, and of an appositive after it."""
        span = self.doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is None:
            return []
        words = []
        i = span.start - 1
        while i >= max(0, span.start - 8):
            t = self.doc[i]
            if t.tag_ in ("NNP", "NN", "NNPS", "NNS", "JJ") or t.lower_ in ("to", "of"):
                if t.tag_.startswith("NN") and not t.ent_type_:
                    words.append(t.lower_)
                i -= 1
            else:
                break
        j = span.end
        if j < len(self.doc) and self.doc[j].text == ",":
            k = j + 1
            while k < min(len(self.doc), j + 10) and self.doc[k].text != ",":
                t = self.doc[k]
                if t.tag_ in ("NN", "NNS") or (t.tag_ == "NNP" and not t.ent_type_):
                    words.append(t.lower_)
                k += 1
        return words

    def _paragraph_index(self, offset: int) -> int:
        idx = 0
        for i, s in enumerate(self.paragraph_starts):
            if s <= offset:
                idx = i
        return idx

    def resolve(self, start: int, end: int) -> str | None:
        """The name for the speaker mention at ``[start, end)``; ``None`` if unresolved."""
        # a nationality or place only names the speaker when it is the whole phrase's head
        # ("Russia said"), not a modifier ("the Russian diplomat")
        inside = [
            e
            for e in self.entities
            if e.start < end
            and start < e.end
            and (e.label in ("PERSON", "ORG") or e.end >= end - 3)
        ]
        if inside:
            best = min(inside, key=lambda e: (_ENT_PRIORITY[e.label], -e.start))
            self._remember(start, best.label, best.name)
            return best.name
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        words = [t for t in span if t.tag_ not in ("DT", "POS")]
        if len(words) == 1 and words[0].lower_ in PRONOUNS:
            name = self._pronoun(words[0], start)
            if name:
                self._remember(start, "PERSON", name)
            return name
        head = self._head(span)
        if head is not None:
            for offset, word, name in reversed(self.roles):
                if offset < start and _same_role(word, head):
                    self._remember(start, "PERSON", name)
                    return name
        return self.text[start:end]

    @staticmethod
    def _head(span: object) -> str | None:
        head = None
        for t in span:  # type: ignore[attr-defined]
            if t.lower_ in NP_LINKS and head is not None:
                break  # "secretary of state": the head comes before "of"
            if t.tag_ in ("NN", "NNS", "NNP", "NNPS"):
                head = t.lower_
        return head

    def _pronoun(self, tok: Token, offset: int) -> str | None:
        if tok.lower_ not in PERSON_PRONOUNS:
            return None
        par = self._paragraph_index(offset)
        for off, label, name in reversed(self.spoken):
            if off < offset and label == "PERSON" and par - self._paragraph_index(off) <= 2:
                return name
        for e in reversed(self.entities):
            if e.start < offset and e.label == "PERSON":
                return e.name
        return None

    def _remember(self, offset: int, label: str, name: str) -> None:
        self.spoken.append((offset, label, name))
