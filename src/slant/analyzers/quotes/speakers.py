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
2. **"he"/"she"**: the subject of the nearest sentence before (or of the pronoun's own
   sentence, before it) that is a person of that gender, never a name in quote marks or in
   the pronoun's own quote (:mod:`slant.analyzers.quotes.antecedents`; gender from
   "Mr."/"Ms.", "spokeswoman", a "he"/"she" right after a mention, or the first name);
   else the last person of that gender who spoke in the two paragraphs before, else the
   last such person named before the pronoun outside quote marks; **"it"/"they"**: the
   organisation or government ("it") or group ("they") that spoke last, in the same or
   the previous paragraph; other pronouns ("I", "we", "you") stay unnamed;
3. a **person** inside the mention: the article's full name for it (the people of the
   article are found by :mod:`slant.analyzers.quotes.persons`). Names come from NER
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
   A lone capitalised singular noun of a heading or a label ("…, Expert Says",
   "Spokesman:") names no one: it is no speaker (``kind="label"``, dropped by
   :func:`~slant.analyzers.quotes.refine.refine`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.antecedents import (
    Mention,
    first_name_gender,
    quoted_ranges,
    sentence_antecedent,
)
from slant.analyzers.quotes.persons import Named, find_persons
from slant.analyzers.quotes.phrases import (
    CONJUNCTIONS,
    FUNCTION_WORDS,
    GENDERED_WORDS,
    HE_FORMS,
    HONORIFICS,
    NAME_TAGS,
    ORG_TAIL,
    PERSON_PRONOUNS,
    PLACE_LABELS,
    PRONOUNS,
    RELATIVES,
    SEATS_OF_POWER,
    SHE_FORMS,
    TIME_WORDS,
    TITLE_WORDS,
    TRAILING_RELATIVE,
    backtrack_np,
    char_end,
    clause_subject,
    coordinated_subject,
    forward_np,
    government_places,
    head_noun,
    in_headline,
    is_role,
    same_role,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from slant.article import Article

__all__ = ["SpeakerResolver", "backtrack_np", "clause_subject", "forward_np", "government_places"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved mention: its (possibly widened) span, its name and what it names.

    ``kind`` is ``person``, ``org``, ``group`` (NORP: "Republicans"), ``people`` (a plural
    description: "officials"), ``government``, ``description``, ``label`` (a heading's or
    label's lone noun, "Expert" in "…, Expert Says": no speaker at all, ``name`` is
    ``None``) or ``None`` (unresolved: a pronoun with no antecedent, a function word, an
    ordinary place, a time).
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
            Named(e.start, e.end, e.label, e.canonical)
            for e in sorted(article.entities, key=lambda e: e.start)
        ]
        self.geo_features = {
            (e.start, e.end): e.geo.feature for e in article.entities if e.geo is not None
        }
        self.persons = find_persons(self.doc, self.text, self.entities)
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
        # person mentions, for "he"/"she": the names, then speakers as they are resolved
        self.mentions = [Mention(p.start, p.end, self.full_name(p.name)) for p in self.persons]
        self.quoted = quoted_ranges(self.text)  # words in quote marks name no speaker
        # the contents of the article's quotes (set by refine): "Cruz electrified the crowds,
        # Stovall said. “…,” he said" – Cruz, inside Stovall's words, is no antecedent
        self.contents: list[tuple[int, int]] = []

    def _genders(self) -> dict[str, str]:
        """Full name → "m"/"f": an honorific before the full name ("Mrs. Hillary Clinton"),
        else the first name's usual gender ("Kirsten Gillibrand"), else titles and role
        words ("Mr. Obama", "spokeswoman") and the first personal pronoun after a mention in
        the same sentence (with no other person in between); the article's role words win
        over a first name they contradict. A "Mr. Obama" or a "he" after the name may be
        another Obama's or someone else's, and a "spokesman" a woman."""
        votes: dict[str, list[int]] = {}
        roles: dict[str, list[int]] = {}  # the title and role words alone
        titled: dict[str, str] = {}  # from an honorific right before the full name
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
            before = doc[span.start - 1].lower_.rstrip(".") if span.start else ""
            honorific = GENDERED_WORDS.get(before) if before in HONORIFICS else None
            if p.gender and before not in HONORIFICS:  # a role word, not "Mr." + surname
                roles.setdefault(name, [0, 0])[0 if p.gender == "m" else 1] += 1
            if honorific and len(p.name.split()) >= 2:
                titled.setdefault(name, honorific)
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
                if tok.lower_ in HE_FORMS or tok.lower_ in SHE_FORMS:
                    break  # "his", "her" often belong to someone else
        out = {n: ("m" if m > f else "f") for n, (m, f) in votes.items() if m != f}
        for name in votes:
            first = titled.get(name) or first_name_gender(name)
            m, f = roles.get(name, (0, 0))
            if name not in titled and m != f and first != ("m" if m > f else "f"):
                # the article's own role words outweigh a US census first name: "Yuri
                # Volkonsky, a spokesman" (Yuri is a woman's name in the census lists)
                first = None
            if first is not None:
                out[name] = first
        return out

    def full_name(self, name: str) -> str:
        """The article's one full name ending with ``name`` ("Trump" → "Donald Trump").

        Forms of one name that differ only inside ("Loretta E. Lynch", "Loretta Lynch")
        count as one: the shortest is taken.
        """
        words = name.split()
        if not words:
            return name
        if len(words) >= 2:  # "Loretta E. Lynch" → "Loretta Lynch" when both occur
            same = {f for f in self._by_last.get(words[-1].lower(), ()) if f.split()[0] == words[0]}
            return min(same | {name}, key=lambda f: (len(f.split()), f))
        full = {
            f
            for f in self._by_last.get(words[-1].lower(), ())
            if len(f.split()) > len(words) and f.split()[-len(words) :] == words
        }
        if len({f.split()[0] for f in full}) == 1:
            return min(full, key=lambda f: (len(f.split()), f))
        return name

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
        cut = self._without_relative(start, end)
        res = self._resolve(*cut)
        if cut[1] != end:  # the mention keeps its relative word (PolNeAR's Source may be it)
            res = Resolution(res.name, res.start, end, res.kind)
        relative = self.text[start:end].strip().lower().split(" ")[0] in RELATIVES | {"whose"}
        if remember and res.name is not None and res.kind is not None and not relative:
            self.spoken.append((start, res.kind, res.name))
            if res.kind == "person":
                self.mentions.append(Mention(start, end, res.name, speaker=True))
        return res

    def _without_relative(self, start: int, end: int) -> tuple[int, int]:
        """A mention that runs on into its relative clause ("Western governments, which")
        cut before it for naming: a name never ends in ", which" / ", who"."""
        m = TRAILING_RELATIVE.search(self.text, start, end)
        if m is not None and m.end() == end and m.start() > start:
            return start, m.start()
        return start, end

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
        head = head_noun(toks)
        if head is not None and (head.ent_type_ in ("DATE", "TIME") or head.lower_ in TIME_WORDS):
            return none
        headed = [e for e in ents if head is None or e.start <= head.idx < e.end]
        for e in headed:
            if e.label in ("ORG", "NORP") and " " not in e.name:
                full = self.full_name(e.name)
                if full != e.name:  # NER took a surname for a group: "Burman" (Len Burman)
                    return Resolution(full, start, end, "person")
        for e in headed:
            if e.label == "ORG":
                return Resolution(e.name, start, end, "org")
        for e in headed:
            if e.label == "NORP":
                return Resolution(e.name, start, end, "group")
            if e.label in PLACE_LABELS:
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
            } - HONORIFICS
            for offset, word, name, context in reversed(self.roles):
                if (
                    offset < start
                    and same_role(word, head.lower_)
                    and wanted <= context
                    and not any(s <= offset < e for s, e in self.quoted)  # one addressed
                ):  # in a quote ("“Senator Warren, will you …?” asked a reporter") is no one
                    kind = "org" if word in ORG_TAIL else "person"
                    return Resolution(name, start, end, kind)
        if len(words) == 1 and self._is_label(words[0], ents):
            return Resolution(None, start, end, "label")
        # a heading's lone plural is no name either: "Experts Say" → "experts"
        headline = len(words) == 1 and in_headline(words[0]) and self.full_name(phrase) == phrase
        if (
            all(t.tag_ in NAME_TAGS or not t.text[:1].isalpha() for t in words)
            and not any(t.lower_ in TITLE_WORDS for t in words)
            and not headline
        ):
            # proper nouns NER did not label: a name ("Ekovich") unless it is a place
            return Resolution(self.full_name(phrase), start, end, "person")
        if (words[0].tag_ not in NAME_TAGS or headline) and phrase[:1].isupper():
            phrase = phrase[0].lower() + phrase[1:]  # "Officials said" → "officials"
        plural = head is not None and head.tag_ in ("NNS", "NNPS")
        return Resolution(phrase, start, end, "people" if plural else "description")

    def _is_label(self, tok: Token, ents: list[Named]) -> bool:
        """True for one capitalised singular noun that names no one: a heading's "Expert"
        ("…, Expert Says") or a label's "Spokesman:".

        English puts no bare singular count noun in a subject but in headlinese and labels,
        so such a word is no name and no description of anyone in particular. In a Title
        Case sentence (:func:`in_headline`) any such noun counts, whatever its tag, as the
        capital marks no name there (unless it is the surname of a person the article names
        in full); elsewhere only a title or role word ("Spokesman:"), as a capitalised
        common noun alone may be a mass noun speaking as a body ("Management said").
        """
        if ents or not tok.text[:1].isupper() or tok.tag_ not in ("NN", "NNP"):
            return False
        if in_headline(tok):
            return self.full_name(tok.text) == tok.text
        return tok.tag_ == "NN" and is_role(tok)

    def _person_in(self, start: int, end: int, ents: list[Named]) -> str | None:
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
                and (after[0].tag_ in ("POS", "NN", "NNS") or is_role(after[0]))
            ):
                continue  # "Trump's campaign", "Cruz spokeswoman Catherine Frazier"
            return name
        return None

    def _is_government(self, e: Named) -> bool:
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
            head = head_noun(list(doc[np[0] : np[1]]))
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
        res = self._resolve(doc[np[0]].idx, char_end(doc, np[1]), depth + 1)
        return Resolution(res.name, start, end, res.kind)

    def _clause_subject(self, tok: Token, start: int, end: int, depth: int) -> Resolution:
        """ "X … and said": the clause's subject X, its name and its span."""
        if depth:
            return Resolution(None, start, end, None)
        doc = self.doc
        np = coordinated_subject(doc, tok.i) or clause_subject(doc, tok.sent.start, tok.i)
        if np is None:
            return Resolution(None, start, end, None)
        res = self._resolve(self.doc[np[0]].idx, char_end(self.doc, np[1]), depth + 1)
        if res.name is None:
            return Resolution(None, start, end, None)
        return res  # the mention moves to the subject: "and" is no speaker to show

    def _paragraph_index(self, offset: int) -> int:
        """The last paragraph starting at or before ``offset`` (0 if none): by bisection of
        the starts, which come in text order (a scan per call was O(paragraphs) for each
        mention: 16 of the 28 CPU-s of quotes on a 400,000-character article)."""
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

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
        gender = "m" if low in HE_FORMS else "f"
        near = sentence_antecedent(
            self.doc,
            tok,
            gender,
            self.mentions,
            lambda n: self.genders.get(n, gender) == gender,
            self.quoted,
            self.contents,
            self._paragraph_index,
        )
        if near is not None:
            return Resolution(near, start, end, "person")
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
            if (
                p.start < start
                and self.genders.get(name, gender) == gender
                and not any(s <= p.start < e for s, e in self.quoted)
            ):
                return Resolution(name, start, end, "person")
        return Resolution(None, start, end, None)
