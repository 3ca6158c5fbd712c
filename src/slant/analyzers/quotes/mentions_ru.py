"""Russian cue verbs and speaker mentions on the parse (used by
:mod:`slant.analyzers.quotes.rules_ru`): whether a token is a speech or belief cue, and the
character span of the one who speaks: the verb's subject, the words after it, or the source
an impersonal cue names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import SPEECH_VERBS, THOUGHT_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from slant.annotations import Entity

__all__ = [
    "after_verb",
    "before_verb",
    "is_cue",
    "next_word",
    "source_after",
    "source_before",
    "span_of",
    "subject",
]

# nouns that carry words rather than say them ("говорится в заявлении X", "на сайте X")
_DOCUMENTS = frozenset(
    """заявление сообщение документ сайт письмо статья материал публикация доклад отчет
    отчёт релиз пресс-релиз сводка обращение пресс-служба канал telegram-канал""".split()
)


_TOPIC = frozenset({"о", "об", "обо", "про"})
_TIME_NOUNS = frozenset(
    """день год время момент неделя месяц случай период ход итог результат раз январь
    февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь который""".split()
)
_SOURCE_PREPS = frozenset({"в", "во", "на", "у"})


def is_cue(tok: Token, thought: bool = False) -> bool:
    """Whether ``tok`` is a speech verb (or, with ``thought``, a belief verb) that reports
    someone's words: not a gerund, an infinitive or the author's "Отметим"."""
    lemma = tok.lemma_.lower().replace("ё", "е")
    if tok.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    form = tok.morph.get("VerbForm")
    if "Conv" in form or "Inf" in form:  # "комментируя", "говоря о …", "можете сказать"
        return False
    if "Part" in form and "Short" not in tok.morph.get("Variant"):
        return False  # "заявлений, поясняющих мотивацию", "указанного постановления"
    if "1" in tok.morph.get("Person") and not any(c.dep_ == "nsubj" for c in tok.children):
        return False  # the author's aside: "Отметим, что …", "Напомню, что …"
    if lemma == "говорить" and _says_nothing(tok):
        return False
    if lemma in ("передать", "передавать") and any(
        c.dep_ == "iobj" or (c.dep_ == "obj" and any(g.like_num for g in c.subtree))
        for c in tok.children
    ):  # "передала России почти 400 ракет" hands things over; "передает ТАСС" reports
        return False
    return (
        lemma in SPEECH_VERBS
        or tok.lemma_.lower() in SPEECH_VERBS
        or (thought and lemma in THOUGHT_VERBS)
    )


def _says_nothing(verb: Token) -> bool:
    """An inanimate subject that "speaks" only indicates ("Такая позиция говорит о том,
    что …")."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subj) and "Inan" in subj[0].morph.get("Animacy")


def span_of(toks: list[Token]) -> tuple[int, int] | None:
    # an adverb or particle before the mention is not part of it ("А ещё я заявил")
    while toks and toks[0].pos_ in ("ADV", "PART", "CCONJ"):
        toks = toks[1:]
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text)) if toks else None


def subject(verb: Token) -> tuple[int, int] | None:
    """Character span of the verb's subject (its ``nsubj`` subtree, contiguous part); a
    relative pronoun stands for the noun its clause describes ("людям, которые говорят");
    with no subject, a 3rd-person plural verb names its source in a place phrase
    ("в Кремле заявили", "в ведомстве указали")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    for child in subjects:
        if child.lemma_ in ("который", "кто") and verb.dep_ == "acl:relcl":
            return span_of([verb.head])
        toks = [t for t in child.subtree if not t.is_punct and not t.is_space]
        # the parse may split a title and its name into two subjects ("Зампред Совбеза
        # Медведев заявил"): the next subject right after this one's words belongs to it
        for other in subjects:
            if other.i > child.i and toks and other.left_edge.i == toks[-1].i + 1:
                toks += [t for t in other.subtree if not t.is_punct and not t.is_space]
        # the subtree, cut at the verb
        toks = [t for t in toks if (t.i < verb.i) == (child.i < verb.i)]
        span = span_of(toks)
        if span:
            return span
    if "Plur" in verb.morph.get("Number"):
        for child in verb.children:
            cases = [c.lower_ for c in child.children if c.dep_ == "case"]
            if child.dep_ == "obl" and cases in (["в"], ["во"]) and child.i < verb.i:
                toks = [t for t in child.subtree if t.dep_ != "case" and not t.is_punct]
                return span_of(toks)
    return None


_NOMINAL = frozenset({"NOUN", "PROPN", "ADJ", "X"})


def before_verb(verb: Token) -> tuple[int, int] | None:
    """The noun phrase right before a verb the parse gave no subject (it hung the subject
    on the reported clause: "глава Госдепа США Кондолиза Райс заявила, что …"), from its
    first nominative word ("В то же время экс-президент США Дональд Трамп отметил" →
    "экс-президент США Дональд Трамп"); after "…, который заявил", the name before the
    comma ("версию Минобороны РФ, которое заявило" → "Минобороны РФ")."""
    if any(c.dep_ in ("nsubj", "nsubj:pass") for c in verb.children):
        return None
    doc = verb.doc
    i = verb.i - 1
    if i > 0 and doc[i].lemma_ == "который" and doc[i - 1].text == ",":
        ents = [e for e in doc.ents if e.end <= i - 1]
        if not ents or ents[-1].end != i - 1 or ents[-1].label_ not in ("ORG", "PERSON", "GPE"):
            return None
        first = len(ents) - 1  # with the names right before it: "Минобороны" + "РФ"
        while first and ents[first - 1].end == ents[first].start:
            first -= 1
        return ents[first].start_char, ents[-1].end_char
    toks: list[Token] = []
    while i >= 0 and (doc[i].pos_ in _NOMINAL or doc[i].text == "-") and not doc[i].is_space:
        toks.insert(0, doc[i])
        i -= 1
    while toks and "Nom" not in toks[0].morph.get("Case") and toks[0].pos_ != "X":
        toks = toks[1:]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def after_verb(verb: Token, limit: int = 8) -> tuple[int, int] | None:
    """Words after the verb up to a comma or the sentence end ("— подчеркнул Лавров")."""
    toks: list[Token] = []
    for t in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + 1 + limit)]:
        if t.is_space or t.is_sent_start or t.text in (",", ".", "!", "?", ":", ";", "—", "»"):
            break
        toks.append(t)
    # "сообщает о нем Straits Times": the topic pronoun is no part of the source
    while len(toks) > 2 and toks[0].lower_ in _TOPIC and toks[1].pos_ == "PRON":
        toks = toks[2:]
    named = [
        t
        for t in toks
        if t.pos_ in ("PROPN", "NOUN", "PRON") or (t.pos_ == "X" and t.text[:1].isupper())
    ]  # (natasha tags a Latin name X: "Straits Times")
    if not named:
        return None
    # a date, a topic or a partner is not who spoke ("сказано 9 ноября в журнале",
    # "говорили об этом с X"); a place or document is ("отметили в пресс-службе")
    first = toks[0]
    if first.like_num or (first.pos_ == "ADP" and first.lower_ not in _SOURCE_PREPS):
        return None
    # drop adverbials before the first noun ("сказал в понедельник Лавров" keeps all)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def source_after(verb: Token, entities: list[Entity]) -> tuple[int, int] | None:
    """The source an impersonal cue names in the phrase right after it ("говорится в
    заявлении МИД", "в сообщении ведомства"), up to a comma or «что»; "в которой
    говорится" (a document described before) takes the subject that made the document
    ("Bild опубликовал статью, в которой говорится …" → Bild). None when nothing is named
    ("Отмечается, что …")."""
    doc = verb.doc
    window = []
    for t in doc[verb.i + 1 : verb.sent.end]:
        if t.is_punct or t.pos_ == "SCONJ":
            break
        window.append(t)
    if verb.dep_ == "acl:relcl" and any(c.lemma_ == "который" for c in verb.subtree):
        document = verb.head
        maker = [c for c in document.head.children if c.dep_ == "nsubj"]
        if maker and document.head.pos_ == "VERB":
            return span_of([t for t in maker[0].subtree if not t.is_punct])
        # the parse missed the subject ("Bild опубликовал статью"): a name before the verb
        before = [
            e
            for e in entities
            if e.label in ("ORG", "PERSON")
            and verb.sent.start_char <= e.start
            and e.end <= document.head.idx
        ]
        if before and document.head.pos_ == "VERB":
            return before[-1].start, before[-1].end
        return span_of([document])
    if not window or window[0].lower_ in ("о", "об", "обо", "про"):
        # "сообщалось об исследовании … в Сиэтле": the topic, not the source; the source
        # may stand before the verb: "В постановлении суда говорится: …"
        return source_before(verb)
    start, end = window[0].idx, window[-1].idx + len(window[-1].text)
    for e in entities:
        if start <= e.start and e.end <= end:
            return e.start, e.end
    # "в сообщении ведомства", "на сайте Службы внешней разведки": the phrase after the
    # document noun
    for k, t in enumerate(window):
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_ not in _DOCUMENTS:
            return span_of(window[k:])
    return None


def source_before(verb: Token) -> tuple[int, int] | None:
    """The document or place phrase before an impersonal cue ("В документации также
    отмечается", "В постановлении суда сухо говорится"), without its preposition."""
    for child in verb.children:
        cases = [c.lower_ for c in child.children if c.dep_ == "case"]
        if (
            child.dep_ == "obl"
            and child.i < verb.i
            and cases in (["в"], ["во"], ["на"])
            and child.lemma_ not in _TIME_NOUNS  # "В этот день сообщалось", "в котором"
            and child.pos_ != "PRON"
        ):
            return span_of(
                [t for t in child.subtree if t.dep_ != "case" and not t.is_punct and t.i < verb.i]
            )
    return None


def next_word(tok: Token) -> str:
    """The lower-cased word after ``tok`` ("" at the end)."""
    return tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
