"""Names of Russian speaker mentions (used by :mod:`slant.analyzers.quotes.rules_ru`).

In text order: a mention holding a person's name is that person (canonical name from the
entities analyzer); a surname NER missed joins the article's one full name with that stem;
он/она/его/её take the last person of that gender, not counting the persons named inside
the words of someone quoted ("Шольц подчеркнул, что Путин … . Он также отметил" is Шольц's);
a bare title takes the one person introduced with it or a synonym ("министр … Сергей
Лавров", later "министр", "глава МИД", "дипломат": :mod:`slant.analyzers.quotes.titles_ru`;
two who fit leave the title's own words); a bare generic description no one was introduced
with ("дипломат", "эксперт") the person quoted before, of the verb's gender; else an
organisation or country named in the mention, "ведомство" the organisation named before,
or the mention's own words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import (
    DESCRIPTIONS,
    GENERIC_ROLES,
    ORG_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
)
from slant.analyzers.quotes.titles_ru import (
    AMBIGUOUS,
    TitleHolders,
    read_title,
    title_after,
    title_before,
)
from slant.analyzers.russian.morph import nominative

if TYPE_CHECKING:
    from spacy.tokens import Token

    from slant.article import Article

__all__ = ["SpeakerResolverRu"]

_SOME = frozenset({"другой", "один", "многий", "весь", "некоторый", "иной"})


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
        # the last person who spoke or was named as a subject (in the nominative), and gender
        self.last_agent: tuple[str, str] | None = None
        self.last_quoted: str | None = None  # last person resolved as a speaker
        self.last_quoted_gender = ""
        self.last_org: str | None = None
        self.titles = TitleHolders()  # the persons introduced with a title
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
                    gender = self._gender(e.start, e.end)
                    self.last[gender] = e.canonical
                    if self._nominative(e.start, e.end):  # not "напомнил о … Орбане"
                        self.last_agent = (e.canonical, gender)
                self._titles_of(e.start, e.end, e.canonical)
            elif e.label == "ORG":
                self.last_org = e.canonical

    def _in_quote(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quoted)

    def _titles_of(self, start: int, end: int, name: str) -> None:
        """Record the titles a person's name comes with: before it ("министр иностранных
        дел России Сергей Лавров") or in apposition after it ("Олаф Шольц, канцлер
        Германии,")."""
        doc = self.article.doc
        assert doc is not None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return
        gender = self._gender(start, end)
        for toks in title_before(span[0]):
            self.titles.add(name, gender, toks)
        toks, lead = title_after(span[-1])
        if toks:
            self.titles.add(name, gender, toks, lead)

    def resolve(self, start: int, end: int, cue: tuple[int, int] | None = None) -> str | None:
        """The name of the speaker mention ``start:end`` (None when it names no one);
        ``cue``: the cue's span, whose verb may show the speaker's gender ("заявила")."""
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
            self.last_quoted_gender = self._gender(persons[-1].start, persons[-1].end)
            self.last_agent = (name, self.last_quoted_gender)
            self.last[self.last_quoted_gender] = name
            return name
        surname = self._by_surname(start, end)
        if surname:
            return surname
        title = read_title(self._title_words(start, end))
        gender = self._verb_gender(cue)
        if title is not None:
            holder = self.titles.resolve(title, gender)
            if holder not in (None, AMBIGUOUS) and self._quoted_other(head, holder, gender):
                holder = AMBIGUOUS
            if holder == AMBIGUOUS:  # two persons fit: no guess
                return self._own_words(start, end)
            if holder is not None:  # "канцлер", "глава МИД" after "… Сергей Лавров"
                # the one who spoke last: a later "он" is this person
                g = self.titles.gender_of(holder)
                self.last_quoted, self.last_quoted_gender = holder, g
                self.last_agent = (holder, g)
                if g:
                    self.last[g] = holder
                return holder
        if (
            head in GENERIC_ROLES
            and title is not None
            and not title.words
            and self._one_person(start, end)
            and (self.last_quoted or self.last_person)
        ):
            # a bare "дипломат", "венгерский политик" no one was introduced as: the person
            # quoted (or named) before, unless the verb says another gender
            name = self.last_quoted or self.last_person
            g = self.last_quoted_gender if self.last_quoted else ""
            if not (gender and g and gender != g):
                return name
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

    def _title_words(self, start: int, end: int) -> list[Token]:
        """The mention's title phrase: its words up to the first that cannot be part of a
        title ("глава региона в своем канале" → "глава региона в")."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        toks: list[Token] = []
        for t in span or []:
            if t.pos_ not in ("NOUN", "PROPN", "ADJ", "ADP") and t.text != "-":
                break
            toks.append(t)
        return toks

    def _quoted_other(self, head: str, holder: str | None, gender: str) -> bool:
        """Whether a description ("юрист", "эксперт") may just as well be the person who
        spoke or was named as a subject last, who is not ``holder``: the press calls whoever
        it has just quoted by such a word, whatever they were introduced as ("… партнёр АБ
        «Инмарин» Владислав Беляков. «…», — поясняет юрист" after "юрист Чарльз Норчи")."""
        if head not in DESCRIPTIONS or self.last_agent is None:
            return False
        last, g = self.last_agent
        return last != holder and not (gender and g and gender != g)

    def _nominative(self, start: int, end: int) -> bool:
        """Whether a name is in the nominative (where the parse shows a case)."""
        span = self.article.doc.char_span(start, end, alignment_mode="expand")  # type: ignore[union-attr]
        cases = [t.morph.get("Case") for t in span or [] if t.pos_ == "PROPN"]
        return not cases or not cases[0] or cases[0][0] == "Nom"

    def _one_person(self, start: int, end: int) -> bool:
        """Whether a description is of one person in particular: singular, with no
        "другой", "один из", "многие", "все" ("другой европейский чиновник")."""
        toks = self._title_words(start, end)
        head = next((t for t in toks if t.pos_ in ("NOUN", "PROPN")), None)
        return (
            head is not None
            and "Plur" not in head.morph.get("Number")
            and not any(t.lemma_.lower() in _SOME for t in toks)
        )

    def _verb_gender(self, cue: tuple[int, int] | None) -> str:
        """The gender a singular past verb shows ("заявила" → "Fem"), else ""."""
        if cue is None:
            return ""
        span = self.article.doc.char_span(*cue, alignment_mode="expand")  # type: ignore[union-attr]
        for t in span or []:
            if t.pos_ in ("VERB", "AUX", "ADJ") and "Sing" in t.morph.get("Number"):
                g = t.morph.get("Gender")
                if g:
                    return g[0]
        return ""

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
