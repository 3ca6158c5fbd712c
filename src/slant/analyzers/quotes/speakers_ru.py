"""Names of Russian speaker mentions (used by :mod:`slant.analyzers.quotes.rules_ru`).

In text order: a mention holding a person's name is that person (canonical name from the
entities analyzer); a surname NER missed joins the article's one full name with that stem;
он/она/его/её take the last person of that gender, not counting the persons named inside
the words of someone quoted ("Шольц подчеркнул, что Путин … . Он также отметил" is Шольц's);
a role noun takes the person named with that role ("министр … Сергей Лавров", later
"министр"); generic descriptions ("дипломат", "представитель Кремля") the person quoted
before; else an organisation or country named in the mention, "ведомство" the organisation
named before, or the mention's own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import GENERIC_ROLES, ORG_NOUNS, PRONOUNS, ROLE_NOUNS
from slant.analyzers.russian.morph import nominative

if TYPE_CHECKING:
    from slant.article import Article

__all__ = ["SpeakerResolverRu"]


class SpeakerResolverRu:
    """Names of speaker mentions, in text order (see the module docstring)."""

    def __init__(self, article: Article, quoted: list[tuple[int, int]] | None = None) -> None:
        """Args:
        article: the article, with its parse and entities.
        quoted: (start, end) of the quotes that have a speaker: the persons named inside
            them are what someone said, not who a later "он" is.
        """
        self.article = article
        self.quoted = sorted(quoted or [])
        self.entities = sorted(article.entities, key=lambda e: e.start)
        self.last: dict[str, str] = {}  # gender ("Masc", "Fem", "Plur", "") → last name
        self.last_person: str | None = None  # last full name of a person
        self.last_quoted: str | None = None  # last person resolved as a speaker
        self.last_org: str | None = None
        # role lemma → the person last named with it, and the words of that role phrase
        self.roles: dict[str, tuple[str, frozenset[str]]] = {}
        self._seen = 0  # entities already read by persons_before

    def _gender(self, start: int, end: int) -> str:
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        for t in span or []:
            g = t.morph.get("Gender")
            if t.pos_ in ("PROPN", "NOUN") and g:
                return g[0]
        return ""

    def persons_before(self, offset: int) -> None:
        while self._seen < len(self.entities) and self.entities[self._seen].start < offset:
            e = self.entities[self._seen]
            self._seen += 1
            if e.label == "PERSON" and len(e.canonical.split()) >= 2:
                if not self._in_quote(e.start, e.end):
                    self.last_person = e.canonical
                    self.last[self._gender(e.start, e.end)] = e.canonical
                role = self._role_before(e.start)
                if role:
                    self.roles[role[0]] = (e.canonical, role[1])
            elif e.label == "ORG":
                self.last_org = e.canonical

    def _in_quote(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quoted)

    def _role_before(self, start: int) -> tuple[str, frozenset[str]] | None:
        """The role noun of the phrase a name ends ("министр иностранных дел России Сергей
        Лавров" → "министр"), if any, with the lemmas of the phrase's words."""
        doc = self.article.doc
        assert doc is not None
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        if first is None:
            return None
        found = None
        words: set[str] = set()
        for t in reversed(doc[max(first.sent.start, first.start - 7) : first.start]):
            if t.pos_ not in ("NOUN", "ADJ", "PROPN", "ADP") and t.text != "-":
                break
            words.add(t.lemma_.lower())
            if t.pos_ == "NOUN" and t.lemma_.lower() in ROLE_NOUNS:
                found = t.lemma_.lower()
        return (found, frozenset(words)) if found else None

    def _same_role(self, start: int, end: int, role_words: frozenset[str]) -> bool:
        """Whether the nouns of a role mention ("глава Центра по истории Древней Руси") are
        all in the phrase the person was named with: "глава" alone is anyone's, "глава
        Центра украинских исследований" is someone else."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        nouns = {t.lemma_.lower() for t in span or [] if t.pos_ in ("NOUN", "PROPN")}
        return all(
            any(w == r or (len(r) >= 5 and r in w) for r in role_words)
            for w in nouns - {self._head_lemma(start, end)}
        )  # ("белорусский президент" is "Президент Беларуси"; "глава евродипломатии" is
        # "глава европейской дипломатии")

    def resolve(self, start: int, end: int) -> str | None:
        text = self.article.text[start:end]
        words = text.lower().split()
        if len(words) == 1 and words[0] in PRONOUNS:
            return self.last.get(PRONOUNS[words[0]]) or (
                self.last_person if PRONOUNS[words[0]] != "Plur" else None
            )
        inside = [e for e in self.entities if start <= e.start and e.end <= end]
        head = self._head_lemma(start, end)
        persons = [e for e in inside if e.label == "PERSON"]
        if persons:
            name = persons[-1].canonical
            self.last_person = self.last_quoted = name
            self.last[self._gender(persons[-1].start, persons[-1].end)] = name
            return name
        surname = self._by_surname(start, end)
        if surname:
            return surname
        if head in self.roles and self._same_role(start, end, self.roles[head][1]):
            return self.roles[head][0]  # "министр" after "министр … Сергей Лавров"
        if head in GENERIC_ROLES and (self.last_quoted or self.last_person):
            # "дипломат", "представитель Кремля": the person quoted (or named) before
            return self.last_quoted or self.last_person
        if head in ROLE_NOUNS:  # "Президент России" with no one named so: its own words
            return self._own_words(start, end)
        # an organisation or country that heads the mention ("Киев", "МИД России"); one
        # inside a description ("очевидцы из Северодонецка") leaves the description
        at = self._head_offset(start, end)
        for label in ("ORG", "GPE"):
            named = [e for e in inside if e.label == label and e.start <= at < e.end]
            if named:
                return named[-1].canonical
        if head in ORG_NOUNS and self.last_org:
            return self.last_org
        return self._own_words(start, end) or None

    def _own_words(self, start: int, end: int) -> str:
        """The mention's words as a name: in the nominative ("главы украинской делегации"
        → "глава украинской делегации", "в пресс-службе" → "пресс-служба")."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        if span is None or not len(span):
            return " ".join(self.article.text[start:end].split())
        first = span.start
        while first < span.end - 1 and span.doc[first].pos_ == "ADP":
            first += 1  # "в пресс-службе" → "пресс-служба"
        if span.doc[first].pos_ == "NUM" or span.doc[first].lemma_ == "оба":
            return " ".join(span.doc[first : span.end].text.split())  # "обе стороны" as is
        return " ".join(nominative(span.doc[first : span.end]).split())

    def _by_surname(self, start: int, end: int) -> str | None:
        """A surname that NER missed ("По словам Небензи"): the article's one full name
        whose last word shares all but its ending (two letters) with the mention's word."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        words = [t.text.lower() for t in span or [] if t.pos_ == "PROPN"]
        if len(words) != 1 or len(words[0]) < 4:
            return None
        stem = words[0][:-2]
        names = {
            e.canonical
            for e in self.entities
            if e.label == "PERSON"
            and len(e.canonical.split()) >= 2
            and e.canonical.split()[-1].lower().startswith(stem)
        }
        return names.pop() if len(names) == 1 else None

    def _head_offset(self, start: int, end: int) -> int:
        """Offset of the mention's first noun or name (its head), else of the mention."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        for t in span or []:
            if t.pos_ in ("NOUN", "PROPN") or t.ent_type_:
                return t.idx
        return start

    def _head_lemma(self, start: int, end: int) -> str:
        """Lemma of the mention's head: its first noun (Russian names its head first)."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        for t in span or []:
            if t.pos_ in ("NOUN", "PROPN"):
                return t.lemma_.lower()
        return ""
