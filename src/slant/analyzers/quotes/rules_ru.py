"""Russian quotes by rules on the Russian parse (slant.nlp.ru: natasha as a spaCy ``Doc``).

Patterns, each anchored on a speech verb found by its lemma (:data:`SPEECH_VERBS`):

* direct, the cue after: «Мы не позволим …», — подчеркнул Лавров. (also „…“ and "…",
  and a paragraph opened by a dash: — Мы готовы, — сказал он.);
* direct, the cue before: Токаев заявил: «Террористы …»;
* direct, the source in a noun: «…», — говорится в сообщении ведомства (the speaker is the
  organisation or person named after the noun, else the nearest one before);
* indirect: Лавров заявил, что Москва не допустит … (the content is the clause after
  «что»/«будто»; a «quoted» part inside makes it mixed);
* «по словам X, …» and «как заявил X, …»: the rest of the sentence is X's;
* dialogue: a line opened by a dash (—, – or a hyphen, as many sites type it) whose words
  run to «, — сказал он» (or «! —», «? —») are direct speech, several sentences long, and
  words after the author's («… — сказал он. — Но …») go on with the same speaker.

The speaker is the verb's subject from the parse (``nsubj`` subtree), else the words after
the verb ("— подчеркнул Лавров"). Its name is the canonical name of the entity it holds
(entities analyzer: "Лавров" → "Сергей Лавров"); a pronoun (он, она, они) takes the last
speaker or person of its gender; a bare title ("канцлер", "глава МИД", "дипломат
отметила") takes the one person introduced with it or a synonym (titles_ru.py), else keeps
its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.lexicon_ru import IMPERSONAL, SPEECH_VERBS, THOUGHT_VERBS
from slant.analyzers.quotes.marks import RUSSIAN_MARKS, scan
from slant.analyzers.quotes.mentions_ru import (
    after_verb,
    before_verb,
    is_cue,
    next_word,
    source_after,
    source_before,
    subject,
)
from slant.analyzers.quotes.speakers_ru import SpeakerResolverRu
from slant.annotations import Cue, Quote, Speaker

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

    from slant.article import Article

__all__ = ["SPEECH_VERBS", "THOUGHT_VERBS", "russian_quotes"]

_PO_SLOVAM = re.compile(r"\b[Пп]о\s+(?:(?:его|её|ее|их)\s+)?словам\b\s*")
_QUOTE_MIN_WORDS = 3
# a clause that points back to the sentence before: its content is there
_ANAPHORA = re.compile(r"(?:[Оо]б? это[мй]|[Оо]б этом|[Ээ]то)\b")
# a line of dialogue: it opens with a dash; the author's words follow «, —» / «! —» / «? —»
_DIALOGUE = re.compile(r"^[ \t]*[—–-][ \t\u00a0]+(?=\S)", re.MULTILINE)
_AUTHOR = re.compile(r"(?<=[,!?…])[ \t\u00a0]+[—–-][ \t\u00a0]+(?=\w)")
_GOES_ON = re.compile(r"[.,][ \t\u00a0]+[—–-][ \t\u00a0]+(?=\S)")


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each top-level quotation: «…» (nested «„“» allowed),
    „…“, “…” and "…"; only those of at least three words (a one-word «Газпром» is a name)
    (:data:`~slant.analyzers.quotes.marks.RUSSIAN_MARKS`)."""
    return [
        (s, e)
        for s, e, _closed in scan(text, RUSSIAN_MARKS)
        if len(text[s:e].split()) >= _QUOTE_MIN_WORDS
    ]


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
        if is_cue(t):
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
        if is_cue(t, thought=True):
            return t
    return None


def _rule_quotes(article: Article) -> list[_Found]:
    doc, text = article.doc, article.text
    assert doc is not None
    found: list[_Found] = []
    used: set[int] = set()  # verbs already given a direct quote

    def speaker_of(verb: Token) -> tuple[int, int] | None:
        if verb.lemma_ in IMPERSONAL:
            return source_after(verb, article.entities)
        found = subject(verb)
        if found is not None and _latin_only(text, found) and found[0] < verb.idx:
            # "Об этом NewsInfo.Ru рассказал директор … Сергей Марков": the outlet told
            found = after_verb(verb) or found
        # "В сообщении Минобороны РФ указано, что …": the document before a passive cue
        return found or before_verb(verb) or after_verb(verb) or source_before(verb)

    for q_start, q_end in quoted_spans(text):
        verb = _cue_after(doc, q_end, text) or _cue_before(doc, q_start, text)
        if verb is None:
            continue
        used.add(verb.i)
        cue = (verb.idx, verb.idx + len(verb.text))
        found.append(_Found(q_start, q_end, "direct", cue, speaker_of(verb)))

    _dialogue(doc, text, found, used, speaker_of)
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        _indirect(sent, text, found, used, speaker_of)
        _po_slovam(sent, found, article)
        if k:
            _about_this(sent, sents[k - 1], text, found, used, speaker_of)
    return found


def _latin_only(text: str, span: tuple[int, int]) -> bool:
    """Whether a mention is written in Latin letters only (an outlet: "NewsInfo.Ru").

    ``text`` is the article's text: ``doc.text`` joins every token again on each read
    (O(n) per quote, O(n²) per article: 1,000 sentences of one quote each took 27 CPU-s)."""
    letters = [ch for ch in text[span[0] : span[1]] if ch.isalpha()]
    return bool(letters) and all(ch.isascii() for ch in letters)


def _dialogue(
    doc: Doc,
    text: str,
    found: list[_Found],
    used: set[int],
    speaker_of: Callable[[Token], tuple[int, int] | None],
) -> None:
    """Direct speech in dialogue lines: «— Рынок открыт, надо шевелиться, — сказал он. —
    Санкции нас не сломят.» (the dash may be a hyphen: «- Вот и вся демократия! …, -
    добавил он.»). A line with no speech verb after a dash (an interview's questions and
    answers) gives nothing."""
    for m in _DIALOGUE.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        for a in _AUTHOR.finditer(text, m.end(), line_end):
            verb = _cue_at(doc, text, a.end())
            if verb is None or verb.i in used:
                continue
            used.add(verb.i)
            cue = (verb.idx, verb.idx + len(verb.text))
            speaker = speaker_of(verb)
            parts = [(m.end(), a.start())]
            more = _GOES_ON.search(text, verb.idx, line_end)
            if more is not None and not _AUTHOR.search(text, more.end(), line_end):
                parts.append((more.end(), line_end))
            for start, end in parts:
                while end > start and (text[end - 1].isspace() or text[end - 1] in ",."):
                    end -= 1
                if end - start >= 10 and not _inside(found, start, end):
                    found.append(_Found(start, end, "direct", cue, speaker))
            break


def _cue_at(doc: Doc, text: str, at: int) -> Token | None:
    """The speech verb that starts at character ``at`` (or one word later: «— тихо
    сказал он»)."""
    span = doc.char_span(at, min(len(text), at + 40), alignment_mode="expand")
    for t in (span or [])[:2]:
        if t.is_punct:
            break
        if is_cue(t):
            return t
    return None


def _about_this(
    sent: Span,
    before: Span,
    text: str,
    found: list[_Found],
    used: set[int],
    speaker_of: Callable[[Token], tuple[int, int] | None],
) -> None:
    """«Об этом заявил X»: X said the sentence before (the agencies' usual order)."""
    for tok in sent:
        if tok.i in used or not is_cue(tok):
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
        kind = "mixed" if quoted_spans(text[start:end]) else "indirect"
        cue = (tok.idx, tok.idx + len(tok.text))
        found.append(_Found(start, end, kind, cue, speaker_of(tok)))
        used.add(tok.i)
        return


def _inside(found: list[_Found], start: int, end: int) -> bool:
    return any(f.start <= start < f.end or start <= f.start < end for f in found)


def _indirect(
    sent: Span,
    text: str,
    found: list[_Found],
    used: set[int],
    speaker_of: Callable[[Token], tuple[int, int] | None],
) -> None:
    """Verb + «, что …», «как заявил X, …», and «CONTENT, — сообщил X.» (the verb and its
    subject close the sentence)."""
    doc = sent.doc
    for tok in sent:
        if tok.i in used or not is_cue(tok, thought=True):
            continue
        nxt = doc[tok.i + 1 : min(tok.i + 12, sent.end)]
        conj = next((t for t in nxt if t.lower_ in ("что", "будто", "чтобы")), None)
        prev = doc[tok.i - 1] if tok.i > sent.start else None
        if prev is not None and prev.lower_ == "как":  # как заявил X, CONTENT
            comma = next((t for t in doc[tok.i + 1 : sent.end] if t.text == ","), None)
            if comma is None or (comma.i + 1 < sent.end and is_cue(doc[comma.i + 1])):
                continue  # "Об этом, как передает X, заявил Y": Y's words are before
            start = comma.idx + 1
            end = _clause_end(sent, comma.i + 1)
            speaker = subject(tok) or _span_between(doc, tok.i + 1, comma.i)
        elif conj is not None and all(t.text != "." for t in doc[tok.i : conj.i]):
            if conj.i > tok.i + 1 and doc[conj.i - 1].text != ",":
                continue
            start = conj.idx
            end = _clause_end(sent, conj.i + 1)
            speaker = speaker_of(tok)
        elif (
            prev is not None
            and prev.text in (",", "—", "–")
            and _closes(tok, sent)
            and not (tok.lemma_ in IMPERSONAL and next_word(tok) in ("о", "об", "обо", "про"))
        ):  # "В материале, опубликованном …, сообщалось об исследовании": no words quoted
            comma = prev if prev.text == "," else doc[prev.i - 1]
            if comma.text != "," or comma.i <= sent.start:
                continue
            start, end = sent.start_char, comma.idx
            while start < end and not text[start].isalnum() and text[start] not in "«„":
                start += 1
            if _ANAPHORA.match(text, start):  # "Об этом, как передает X, заявил Y"
                continue
            speaker = speaker_of(tok)
        else:
            continue
        while start < end and text[start].isspace():
            start += 1
        if end - start < 10 or _inside(found, start, end):
            continue
        kind = "mixed" if quoted_spans(text[start:end]) else "indirect"
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
    resolver = SpeakerResolverRu(article, [(f.start, f.end) for f in found if f.speaker])
    quotes: list[Quote] = []
    for f in found:
        par = article.paragraph_at(f.start)
        if par is not None and par.kind in _SKIPPED_KINDS:
            continue
        resolver.persons_before(min(f.start, f.speaker[0] if f.speaker else f.start))
        speaker = None
        if f.speaker is not None:
            name = resolver.resolve(*f.speaker, cue=f.cue)
            speaker = Speaker(name, f.speaker[0], f.speaker[1])
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
