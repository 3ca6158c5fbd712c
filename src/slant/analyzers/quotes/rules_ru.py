"""Russian quotes by rules on the Russian parse (slant.nlp.ru: natasha as a spaCy ``Doc``).

Patterns, each anchored on a speech verb found by its lemma (:data:`SPEECH_VERBS`):

* direct, the cue after: «Мы не позволим …», — подчеркнул Лавров. (also „…“ and "…",
  and a paragraph opened by a dash: — Мы готовы, — сказал он.);
* direct, the cue before: Токаев заявил: «Террористы …»;
* direct, the source in a noun: «…», — говорится в сообщении ведомства (the speaker is the
  organisation or person named after the noun, else the nearest one before);
* indirect: Лавров заявил, что Москва не допустит … (the content is the clause after
  «что»/«будто»; a «quoted» part inside makes it mixed);
* «по словам X, …» and «как заявил X, …»: the rest of the sentence is X's.

The speaker is the verb's subject from the parse (``nsubj`` subtree), else the words after
the verb ("— подчеркнул Лавров"). Its name is the canonical name of the entity it holds
(entities analyzer: "Лавров" → "Сергей Лавров"); a pronoun (он, она, они) takes the last
speaker or person of its gender; a description with no name ("дипломат", "министр",
"представитель Кремля") takes the last person quoted before, else keeps its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import IMPERSONAL, SPEECH_VERBS, THOUGHT_VERBS
from slant.analyzers.quotes.speakers_ru import SpeakerResolverRu
from slant.annotations import Cue, Quote, Speaker

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

    from slant.annotations import Entity
    from slant.article import Article

__all__ = ["SPEECH_VERBS", "THOUGHT_VERBS", "russian_quotes"]

_OPEN = {"«": "»", "„": "“", '"': '"', "“": "”"}
_PO_SLOVAM = re.compile(r"\b[Пп]о\s+(?:(?:его|её|ее|их)\s+)?словам\b\s*")
_QUOTE_MIN_WORDS = 3
# nouns that carry words rather than say them ("говорится в заявлении X", "на сайте X")
_DOCUMENTS = frozenset(
    """заявление сообщение документ сайт письмо статья материал публикация доклад отчет
    отчёт релиз пресс-релиз сводка обращение пресс-служба канал telegram-канал""".split()
)
# a clause that points back to the sentence before: its content is there
_ANAPHORA = re.compile(r"(?:[Оо]б? это[мй]|[Оо]б этом|[Ээ]то)\b")


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each top-level quotation: «…» (nested «„“» allowed),
    „…“, “…” and "…"; only those of at least three words (a one-word «Газпром» is a name)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _OPEN.get(ch)
        if close is None:
            i += 1
            continue
        depth, j = 1, i + 1
        while j < n and depth:
            if text[j] == close and (close != '"' or depth == 1):
                depth -= 1
            elif text[j] == ch and ch != close:
                depth += 1
            elif text[j] == "\n":
                break
            j += 1
        if depth == 0:
            inner = text[i + 1 : j - 1]
            if len(inner.split()) >= _QUOTE_MIN_WORDS:
                out.append((i + 1, j - 1))
            i = j
        else:
            i += 1
    return out


def _is_cue(tok: Token, thought: bool = False) -> bool:
    lemma = tok.lemma_.lower().replace("ё", "е")
    if tok.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    form = tok.morph.get("VerbForm")
    if "Conv" in form or "Inf" in form:  # "комментируя", "говоря о …", "можете сказать"
        return False
    if "1" in tok.morph.get("Person") and not any(c.dep_ == "nsubj" for c in tok.children):
        return False  # the author's aside: "Отметим, что …", "Напомню, что …"
    if lemma == "говорить" and _says_nothing(tok):
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


def _span_of(toks: list[Token]) -> tuple[int, int] | None:
    # an adverb or particle before the mention is not part of it ("А ещё я заявил")
    while toks and toks[0].pos_ in ("ADV", "PART", "CCONJ"):
        toks = toks[1:]
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text)) if toks else None


def _subject(verb: Token) -> tuple[int, int] | None:
    """Character span of the verb's subject (its ``nsubj`` subtree, contiguous part); a
    relative pronoun stands for the noun its clause describes ("людям, которые говорят");
    with no subject, a 3rd-person plural verb names its source in a place phrase
    ("в Кремле заявили", "в ведомстве указали")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass"):
            if child.lemma_ in ("который", "кто") and verb.dep_ == "acl:relcl":
                return _span_of([verb.head])
            toks = [t for t in child.subtree if not t.is_punct and not t.is_space]
            # the subtree, cut at the verb
            toks = [t for t in toks if (t.i < verb.i) == (child.i < verb.i)]
            span = _span_of(toks)
            if span:
                return span
    if "Plur" in verb.morph.get("Number"):
        for child in verb.children:
            cases = [c.lower_ for c in child.children if c.dep_ == "case"]
            if child.dep_ == "obl" and cases in (["в"], ["во"]) and child.i < verb.i:
                toks = [t for t in child.subtree if t.dep_ != "case" and not t.is_punct]
                return _span_of(toks)
    return None


def _after_verb(verb: Token, limit: int = 8) -> tuple[int, int] | None:
    """Words after the verb up to a comma or the sentence end ("— подчеркнул Лавров")."""
    toks: list[Token] = []
    for t in verb.doc[verb.i + 1 : min(len(verb.doc), verb.i + 1 + limit)]:
        if t.is_space or t.is_sent_start or t.text in (",", ".", "!", "?", ":", ";", "—", "»"):
            break
        toks.append(t)
    named = [t for t in toks if t.pos_ in ("PROPN", "NOUN", "PRON")]
    if not named:
        return None
    # drop adverbials before the first noun ("сказал в понедельник Лавров" keeps all)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _source_after(verb: Token, entities: list[Entity]) -> tuple[int, int] | None:
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
            return _span_of([t for t in maker[0].subtree if not t.is_punct])
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
        return _span_of([document])
    if not window:
        return None
    start, end = window[0].idx, window[-1].idx + len(window[-1].text)
    for e in entities:
        if start <= e.start and e.end <= end:
            return e.start, e.end
    # "в сообщении ведомства", "на сайте Службы внешней разведки": the phrase after the
    # document noun
    for k, t in enumerate(window):
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_ not in _DOCUMENTS:
            return _span_of(window[k:])
    return None


def _cue_after(doc: Doc, q_end: int, text: str) -> Token | None:
    """The speech verb right after a closing quote: », — подчеркнул …"""
    m = re.match(r"[»“”\"]?\s*[,.!?…]?\s*[—–-]+\s*", text[q_end:])
    if not m:
        return None
    span = doc.char_span(
        q_end + m.end(), min(len(text), q_end + m.end() + 60), alignment_mode="expand"
    )
    if span is None:
        return None
    for t in span[:4]:
        if t.is_punct and t.text not in ("-",):
            break
        if _is_cue(t):
            return t
    return None


def _cue_before(doc: Doc, q_start: int, text: str) -> Token | None:
    """The speech verb of «X заявил: «…»» (a colon right before the opening quote)."""
    head = text[:q_start].rstrip()
    if not head.endswith(("«", "„", "“", '"')):
        return None
    head = head[:-1].rstrip()
    if not head.endswith(":"):
        return None
    colon = doc.char_span(len(head) - 1, len(head), alignment_mode="expand")
    if colon is None:
        return None
    for t in reversed(doc[colon.sent.start : colon.start]):
        if _is_cue(t, thought=True):
            return t
    return None


def _rule_quotes(article: Article) -> list[_Found]:
    doc, text = article.doc, article.text
    assert doc is not None
    found: list[_Found] = []
    used: set[int] = set()  # verbs already given a direct quote

    def speaker_of(verb: Token) -> tuple[int, int] | None:
        if verb.lemma_ in IMPERSONAL:
            return _source_after(verb, article.entities)
        return _subject(verb) or _after_verb(verb)

    for q_start, q_end in quoted_spans(text):
        verb = _cue_after(doc, q_end, text) or _cue_before(doc, q_start, text)
        if verb is None:
            continue
        used.add(verb.i)
        cue = (verb.idx, verb.idx + len(verb.text))
        found.append(_Found(q_start, q_end, "direct", cue, speaker_of(verb)))

    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        _indirect(sent, found, used, speaker_of)
        _po_slovam(sent, found, article)
        if k:
            _about_this(sent, sents[k - 1], found, used, speaker_of)
    return found


def _about_this(
    sent: Span,
    before: Span,
    found: list[_Found],
    used: set[int],
    speaker_of: Callable[[Token], tuple[int, int] | None],
) -> None:
    """«Об этом заявил X»: X said the sentence before (the agencies' usual order)."""
    for tok in sent:
        if tok.i in used or not _is_cue(tok):
            continue
        about = [
            c
            for c in tok.children
            if c.lemma_ == "это" and any(g.lower_ in ("о", "об") for g in c.children)
        ]
        if not about:
            continue
        toks = [t for t in before if not t.is_space]
        while toks and (toks[-1].is_punct and toks[-1].text not in '»"”'):
            toks = toks[:-1]
        if len(toks) < 3:
            return
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if _inside(found, start, end):
            return
        kind = "mixed" if quoted_spans(sent.doc.text[start:end]) else "indirect"
        cue = (tok.idx, tok.idx + len(tok.text))
        found.append(_Found(start, end, kind, cue, speaker_of(tok)))
        used.add(tok.i)
        return


def _inside(found: list[_Found], start: int, end: int) -> bool:
    return any(f.start <= start < f.end or start <= f.start < end for f in found)


def _indirect(
    sent: Span,
    found: list[_Found],
    used: set[int],
    speaker_of: Callable[[Token], tuple[int, int] | None],
) -> None:
    """Verb + «, что …», «как заявил X, …», and «CONTENT, — сообщил X.» (the verb and its
    subject close the sentence)."""
    doc = sent.doc
    for tok in sent:
        if tok.i in used or not _is_cue(tok, thought=True):
            continue
        nxt = doc[tok.i + 1 : min(tok.i + 12, sent.end)]
        conj = next((t for t in nxt if t.lower_ in ("что", "будто", "чтобы")), None)
        prev = doc[tok.i - 1] if tok.i > sent.start else None
        if prev is not None and prev.lower_ == "как":  # как заявил X, CONTENT
            comma = next((t for t in doc[tok.i + 1 : sent.end] if t.text == ","), None)
            if comma is None or (comma.i + 1 < sent.end and _is_cue(doc[comma.i + 1])):
                continue  # "Об этом, как передает X, заявил Y": Y's words are before
            start = comma.idx + 1
            end = _clause_end(sent, comma.i + 1)
            speaker = _subject(tok) or _span_between(doc, tok.i + 1, comma.i)
        elif conj is not None and all(t.text != "." for t in doc[tok.i : conj.i]):
            if conj.i > tok.i + 1 and doc[conj.i - 1].text != ",":
                continue
            start = conj.idx
            end = _clause_end(sent, conj.i + 1)
            speaker = speaker_of(tok)
        elif prev is not None and prev.text in (",", "—", "–") and _closes(tok, sent):
            comma = prev if prev.text == "," else doc[prev.i - 1]
            if comma.text != "," or comma.i <= sent.start:
                continue
            start, end = sent.start_char, comma.idx
            while start < end and not doc.text[start].isalnum() and doc.text[start] not in "«„":
                start += 1
            if _ANAPHORA.match(doc.text, start):  # "Об этом, как передает X, заявил Y"
                continue
            speaker = speaker_of(tok)
        else:
            continue
        while start < end and doc.text[start].isspace():
            start += 1
        if end - start < 10 or _inside(found, start, end):
            continue
        kind = "mixed" if quoted_spans(doc.text[start:end]) else "indirect"
        found.append(_Found(start, end, kind, (tok.idx, tok.idx + len(tok.text)), speaker))


def _closes(verb: Token, sent: Span) -> bool:
    """The verb and a short subject end the sentence ("…, сообщил Песков.")."""
    tail = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_punct and not t.is_space]
    return 0 < len(tail) <= 10 and all(t.pos_ not in ("VERB", "SCONJ") for t in tail)


def _clause_end(sent: Span, i: int) -> int:
    """End of the reported clause: the sentence end, without its final punctuation."""
    last = sent.end - 1
    while last > i and (sent.doc[last].is_punct or sent.doc[last].is_space):
        last -= 1
    return sent.doc[last].idx + len(sent.doc[last].text)


def _span_between(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    toks = [t for t in doc[a:b] if not t.is_punct and not t.is_space]
    return (toks[0].idx, toks[-1].idx + len(toks[-1].text)) if toks else None


def _po_slovam(sent: Span, found: list[_Found], article: Article) -> None:
    """«По словам X, CONTENT»: X said the rest of the sentence."""
    text = article.text
    m = _PO_SLOVAM.search(text, sent.start_char, sent.end_char)
    if not m:
        return
    doc = sent.doc
    cue = (m.start(), m.start() + len(m.group(0).rstrip()))
    comma = text.find(",", m.end(), sent.end_char)
    if m.group(0).split()[1].lower() in ("его", "её", "ее", "их"):
        sp = (m.start() + 3, m.start() + 3 + len(m.group(0).split()[1]))
        content_start = m.end()
    elif comma < 0:
        return
    else:
        sp = (m.end(), comma)
        content_start = comma + 1
    first = doc.char_span(content_start, sent.end_char, alignment_mode="expand")
    if first is None or not len(first):
        return
    end = _clause_end(sent, first.start)
    while content_start < end and (text[content_start].isspace() or text[content_start] == ","):
        content_start += 1
    if end - content_start < 10 or _inside(found, content_start, end):
        return
    kind = "mixed" if quoted_spans(text[content_start:end]) else "indirect"
    found.append(_Found(content_start, end, kind, cue, sp))


_SKIPPED_KINDS = frozenset({"boilerplate", "hashtag", "dateline"})


def _cue_class(article: Article, cue: tuple[int, int] | None) -> str | None:
    if cue is None:
        return None
    span = article.doc.char_span(*cue, alignment_mode="expand")  # type: ignore[union-attr]
    lemma = span[0].lemma_.lower() if span is not None and len(span) else ""
    return "thought/belief" if lemma in THOUGHT_VERBS else "speech"


def russian_quotes(article: Article) -> list[Quote]:
    """The quotes of a Russian article (the parse and the entities must be there), with
    speakers resolved, cue classes, and teaser / duplicate flags as for English."""
    found = sorted(_rule_quotes(article), key=lambda f: (f.start, f.end))
    resolver = SpeakerResolverRu(article)
    quotes: list[Quote] = []
    for f in found:
        par = article.paragraph_at(f.start)
        if par is not None and par.kind in _SKIPPED_KINDS:
            continue
        resolver.persons_before(min(f.start, f.speaker[0] if f.speaker else f.start))
        speaker = None
        if f.speaker is not None:
            speaker = Speaker(resolver.resolve(*f.speaker), f.speaker[0], f.speaker[1])
        duplicate_of = None
        if par is not None and par.duplicate_of is not None:
            original = next((p for p in article.paragraphs if p.line == par.duplicate_of), None)
            if original is not None:
                duplicate_of = original.start + (f.start - par.start)
        quotes.append(
            Quote(
                start=f.start,
                end=f.end,
                kind=f.kind,  # type: ignore[arg-type]
                cue=Cue(*f.cue) if f.cue else None,
                speaker=speaker,
                cue_class=_cue_class(article, f.cue),  # type: ignore[arg-type]
                in_teaser=par is not None and par.kind == "teaser",
                duplicate_of=duplicate_of,
            )
        )
    return quotes
