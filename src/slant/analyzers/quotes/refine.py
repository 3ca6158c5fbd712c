"""The last step of the quotes analyzer, whichever tagger found the quotes.

:func:`refine` takes the tagger's quotes and

0. mends content boundaries: a wire dateline opening a paragraph ("ALMATY, Jan 10 (Steppe
   Wire) - ") is never content nor speaker (:func:`dateline_end`); an indirect content
   running on into a later sentence that has a cue of its own ends before it; one ending
   inside the next clause's subject (", and a remark| by …") ends before that clause;
1. drops what is no quote at all (:func:`is_false_quote`), and every content of a cue that
   performs an act;
2. gives a cued quote with no speaker the subject of its cue when that names someone;
3. resolves every speaker mention again, in text order, with one
   :class:`~slant.analyzers.quotes.speakers.SpeakerResolver` (names of people, titles,
   descriptions, governments; pronouns, relative pronouns and conjunctions to their
   antecedent; never a place or a function word). An ordinary place may widen to the phrase
   it ends ("Aktau" → "residents of Zhanaozen and Aktau"); a place speaking as a government
   is named only with a cue of speech, thought or intention ("Moscow said", not "Moscow has
   rejected criticism": that mention keeps ``name=None``); a heading's or label's lone noun
   ("…, Expert Says", "Spokesman:") is no speaker (``speaker=None``);
4. gives each quote its cue class (:func:`~slant.analyzers.quotes.cues.cue_class`): a verb
   of attitude whose content is a noun phrase ("opposed a two-fold increase",
   "criticized the decision") reports a stance, not words, and is ``other``;
5. flags quotes inside a teaser paragraph (``in_teaser``) or a duplicate paragraph
   (``duplicate_of``: the offset of the same words in the original paragraph). Flagged
   quotes stay in the output but are left out of corpus statistics, and a teaser's speaker
   is never the antecedent of a later pronoun.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from slant.analyzers._lives import takes_lives
from slant.analyzers.quotes.cues import cue_class, cue_lemma
from slant.analyzers.quotes.speakers import SpeakerResolver, backtrack_np, forward_np
from slant.annotations import Speaker

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slant.annotations import Paragraph, Quote
    from slant.article import Article

__all__ = ["dateline_end", "is_false_quote", "refine"]

# "Commenting on his remarks, the ministry said …": a participial clause names a topic
_PARTICIPLE_TOPIC = re.compile(
    r"^(?:commenting|speaking|remarking|reacting|responding|referring)\s+"
    r"(?:on|about|to|upon|of)$",
    re.I,
)
# "declared a state of emergency": a verb of speech that performs an act, not a report
_ACT_VERBS = frozenset({"declare", "impose", "introduce", "extend", "order", "proclaim"})
_ACTS = re.compile(
    r"^(?:an? |the )?(?:(?:national |nationwide |regional |local )?state of "
    r"(?:emergency|siege|alert)|martial law|curfew|lockdown|quarantine|emergency rule|"
    r"(?:national |public health )?emergency|(?:partial |general )?mobili[sz]ation)\b",
    re.I,
)

# A wire dateline opening a paragraph: "ALMATY, Jan 10 (Steppe Wire) - ", "MOSCOW (AP) — ",
# "WASHINGTON, Jan. 7, 2022 -- ": a place in capitals, an optional date, an optional agency
# in brackets, then a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ -]{1,40}?)(?:,\s*[A-Z][A-Za-z.'’ ]{1,30}?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*(?:-{1,2}|–|—)\s+"
    r"""(?=[A-Z\"“‘'])"""
)


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the wire dateline prefix of the paragraph ``[start, end)`` ends (``start``
    when it has none): "ALMATY, Jan 10 (Steppe Wire) - Kazakh authorities said …".

    The place must be in capitals ("Moscow - " starts no dateline).
    """
    m = _DATELINE.match(text, start, end)
    if m is None or sum(c.isalpha() for c in m.group("place")) < 3:
        return start
    return m.end()


def _without_dateline(article: Article, quote: Quote) -> Quote | None:
    """The quote with a dateline prefix cut from its content (``None`` when nothing is left)
    and no speaker inside the dateline ("(Pamir Wire)")."""
    par = _paragraph(article.paragraphs, quote.start)
    if par is None:
        return quote
    cut = dateline_end(article.text, par.start, par.end)
    if cut == par.start:
        return quote
    sp = quote.speaker
    if sp is not None and sp.start < cut:
        # the place and agency of the dateline speak for no one: "(Pamir Wire) - Tajik
        # officials" keeps "Tajik officials", else the cue's subject is found later
        rest = Speaker(None, cut, sp.end) if sp.end > cut else None
        quote = dataclasses.replace(quote, speaker=rest)
    if cut <= quote.start:
        return quote
    if cut >= quote.end:
        return None
    return dataclasses.replace(quote, start=cut)


_DANGLING = re.compile(r",\s+(?:and|but|or)\s+(?:[\w'’-]+\s+){0,2}[\w'’-]+\s*$")
_QUOTE_MARKS = '"“”«»„'
# "said nothing when the gangs burned …": the content is the absence of words
_NOTHING = re.compile(
    r"^nothing(?:\s*$|\s*[,.;]|\s+(?:when|while|as|about|on|of|since|after|before|until)\b)",
    re.I,
)


def _clipped(article: Article, quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes whose content runs on into a later sentence with a cue of its own cut before
    that sentence ("X said the clashes showed … . "We were not prepared," he said")."""
    doc = article.doc
    if doc is None:
        return list(quotes)
    cues = sorted({(q.cue.start, q.cue.end) for q in quotes if q.cue is not None})
    out = []
    for q in quotes:
        if q.kind == "direct" or q.cue is None:
            out.append(q)
            continue
        cut = q.end
        for cs, _ in cues:
            if not (q.start < cs < q.end) or cs <= q.cue.end:
                continue
            tok = doc.char_span(cs, cs + 1, alignment_mode="expand")
            if tok is None:
                continue
            sent_start = tok[0].sent[0].idx
            if q.start < sent_start and q.cue.end < sent_start:
                cut = min(cut, sent_start)
        text = article.text
        dangling = _DANGLING.search(text, q.start, cut)
        if dangling is not None and text[cut : cut + 40].lstrip()[:1].islower():
            # "rejected Western criticism of the deployment, and a remark| by …": the
            # content ends inside the next clause's subject; it ends before that clause
            cut = dangling.start()
        if cut < q.end:
            while cut > q.start and text[cut - 1].isspace():
                cut -= 1
            mixed = any(ch in text[q.start : cut] for ch in _QUOTE_MARKS)
            kind = "mixed" if mixed else "indirect"
            q = dataclasses.replace(q, end=cut, kind=kind)  # type: ignore[arg-type]
        out.append(q)
    return out


def is_false_quote(article: Article, quote: Quote) -> bool:
    """True for a "quote" that reports no words.

    * a sentence-initial participial clause whose content is only its topic ("Commenting
      on his remarks, the ministry said …": the ministry's words follow "said");
    * an act performed by a verb of speech ("Tokayev declared a state of emergency");
    * silence: "said nothing when …";
    * lives taken: "the outbreak has claimed at least 165 lives" (any kind of quote);
    * a bare object followed by more deeds of the same subject ("gangs, who attacked the
      police, looted shops and stormed …").

    All are narrow on purpose: PolNeAR annotates "commenting on X", "announced a curfew"
    and "attacked Trump" as attributions; the first two patterns never match one of its
    relations, and the four together change no PolNeAR dev score but by +0.0001.
    """
    if quote.cue is None:
        return False
    text = article.text
    cue = text[quote.cue.start : quote.cue.end].strip()
    words = cue.split()
    lemma = cue_lemma(words[-1]) if words else ""
    if lemma == "claim" and takes_lives(text, quote.cue.end):
        return True  # "the storm claimed 12 lives": a death toll (analyzers._lives), no words
    if quote.kind == "direct":
        return False
    if _PARTICIPLE_TOPIC.match(cue):
        before = text[: quote.cue.start].rstrip(" \t")
        starts_sentence = not before or before[-1] in '\n.!?"”'
        return starts_sentence and text[quote.end : quote.end + 1] == ","
    if _is_act_cue(text, quote):
        return True
    if lemma in ("say", "tell") and _NOTHING.match(text[quote.start : quote.end]):
        return True  # "governments, which said nothing when …": silence, no words
    return _in_series_of_deeds(article, quote)


def _is_act_cue(text: str, quote: Quote) -> bool:
    """True when the quote's cue is a verb of speech performing an act (see above)."""
    assert quote.cue is not None
    words = text[quote.cue.start : quote.cue.end].split()
    return (
        bool(words)
        and cue_lemma(words[-1]) in _ACT_VERBS
        and bool(_ACTS.match(text[quote.start : quote.end]))
    )


def _in_series_of_deeds(article: Article, quote: Quote) -> bool:
    """ "gangs, who attacked the police, looted shops and stormed government buildings":
    a cue whose content is a bare noun phrase followed by more verbs of the same subject
    that are not speech, a list of deeds ("attacked" names no words here)."""
    doc = article.doc
    if doc is None or quote.cue is None:
        return False
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) > 6 or any(t.tag_.startswith("VB") for t in span):
        return False
    k = span.end
    if k + 1 >= len(doc) or doc[k].text != "," or doc[k + 1].tag_ not in ("VBD", "VBN", "VBZ"):
        return False
    return cue_class(doc[k + 1].text, "indirect", "") == "other"


def refine(article: Article, quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes of ``article`` filtered, with speakers resolved, classes and flags."""
    undated = [_without_dateline(article, q) for q in _clipped(article, quotes)]
    candidates = [q for q in undated if q is not None]
    false = [is_false_quote(article, q) for q in candidates]
    # a cue that performs an act cues nothing else either: "declared a state of emergency
    # … and asked the CSTO, a Russian-led alliance, to send peacekeepers"
    acts = {
        (q.cue.start, q.cue.end)
        for q, f in zip(candidates, false, strict=True)
        if f and q.cue is not None and _is_act_cue(article.text, q)
    }
    kept = [
        q
        for q, f in zip(candidates, false, strict=True)
        if not f and (q.cue is None or (q.cue.start, q.cue.end) not in acts)
    ]
    if article.doc is None:
        return [_classify(article, q) for q in kept]
    resolver = SpeakerResolver(article)
    teasers = [p for p in article.paragraphs if p.kind == "teaser"]
    cache: dict[tuple[int, int], Speaker | None] = {}
    governments: set[str] = set()  # names of places resolved as governments
    out: list[Quote] = []
    text = article.text
    closed = [
        (s, e)
        for s, e in resolver.quoted
        if text[e : e + 1] in _QUOTE_MARKS or text[e : e + 2] == "''"
    ]
    kept = [_not_addressed(q, closed) for q in kept]
    kept = [_with_subject(article, resolver, q) if q.speaker is None else q for q in kept]
    kept = [_document_speaker(article, q) for q in kept]
    order = sorted(kept, key=lambda q: q.speaker.start if q.speaker else q.start)
    # the people a quote's words name are no antecedents of a pronoun ("Trump lied, he said")
    resolver.contents = [(q.start, q.end) for q in kept]
    for q in order:
        speaker = q.speaker
        if speaker is not None:
            key = (speaker.start, speaker.end)
            if key not in cache:
                in_teaser = any(p.start <= speaker.start < p.end for p in teasers)
                res = resolver.resolution(speaker.start, speaker.end, remember=not in_teaser)
                if res.kind == "government" and res.name is not None:
                    governments.add(res.name)
                # a heading's or label's lone noun ("…, Expert Says") is no speaker at all
                label = res.kind == "label"
                cache[key] = None if label else Speaker(res.name, res.start, res.end)
            speaker = cache[key]
            if (
                speaker is not None
                and speaker.name is not None
                and speaker.name in governments
                and q.kind != "direct"
                and cue_class(_cue_text(article, q), q.kind, "") == "other"
            ):
                # "Moscow has rejected …": a place is named as a speaker only when it is the
                # subject of a verb of speech, thought or intention ("Moscow said")
                speaker = dataclasses.replace(speaker, name=None)
        out.append(_classify(article, dataclasses.replace(q, speaker=speaker)))
    return sorted(_without_stray_cues(article.text, out), key=lambda q: (q.start, q.end))


_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z.]{0,3}\.")


def _attached(text: str, q: Quote) -> bool:
    """Whether a quote's cue is in the same sentence as its words: ``“…,” Branch said`` or
    ``Branch said, “…``, not ``Branch claimed. “…`` (that cue closes the sentence before)."""
    assert q.cue is not None
    if q.cue.start >= q.end:
        if text[q.start : q.end].rstrip(" " + _QUOTE_MARKS).endswith("."):
            return False  # "“… the same gender.” Asked why, he …": the sentence ended
        between = text[q.end : q.cue.start]
    else:
        between = text[q.cue.end : q.start]
    between = _ABBREVIATION.sub("", between)  # "Mr. Romney told", "Sen. Warren said"
    return not any(ch in between for ch in ".!?\n")


def _without_stray_cues(text: str, quotes: list[Quote]) -> list[Quote]:
    """Direct quotes given twice: ``“Jesus was taught,” Branch claimed. “The students …,”
    Branch said.`` made the second quote once with "said" and once with "claimed". Where a
    direct quote's cue is not in its sentence and another direct quote with its cue in its own
    sentence holds its opening words, it goes. A continuation (``“…,” X said. “More.”``) that
    only a later run-on overlaps stays, and so does a quote nested in another (its cue
    inside the outer words)."""
    direct = [q for q in quotes if q.kind == "direct" and q.cue is not None]
    stray: set[int] = set()
    for a in direct:
        assert a.cue is not None
        if _attached(text, a):
            continue
        for b in direct:
            if (
                b is not a
                and b.start <= a.start < b.end  # b has a's opening words
                and not (b.start <= a.cue.start < b.end)
                and _attached(text, b)
            ):
                stray.add(id(a))
                break
    return [q for q in quotes if id(q) not in stray]


def _not_addressed(q: Quote, quoted: Sequence[tuple[int, int]]) -> Quote:
    """A quote's words in quote marks never hold its speaker: a name there is someone spoken
    to or about ("“Mr. President, …,” Mills told Trump"); the speaker is looked for again
    at the cue. (A speaker between two quoted parts that the tagger joined stays.)"""
    sp = q.speaker
    if sp is None or not (q.start <= sp.start and sp.end <= q.end):
        return q
    if any(s <= sp.start and sp.end <= e for s, e in quoted):
        return dataclasses.replace(q, speaker=None)
    return q


_AUX = frozenset(
    "has have had is was were are be been will would also not n't reportedly later then "
    "previously".split()
)
_NAMED = frozenset({"person", "org", "government", "group"})


def _with_subject(article: Article, resolver: SpeakerResolver, q: Quote) -> Quote:
    """A cued quote the tagger gave no speaker: the subject of its cue, when that names a
    person, organisation, group or government ("Blinken …, adding that", "according to
    the ministry", "…, said Smith")."""
    doc = article.doc
    if q.cue is None or doc is None:
        return q
    cue = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
    if cue is None or not len(cue):
        return q
    i = cue.start
    floor = doc[i].sent.start
    if cue.text.lower().startswith("according to"):
        np = forward_np(doc, cue.end, doc[cue.end - 1].sent.end)
    else:
        k = i
        while k - 1 >= floor and (doc[k - 1].tag_ in ("RB", "MD") or doc[k - 1].lower_ in _AUX):
            k -= 1
        np = backtrack_np(doc, k, floor)
        if np is None and i - 1 >= floor and doc[i - 1].text == "," and q.end <= doc[i].idx:
            np = forward_np(doc, cue.end, doc[i].sent.end)  # "…, said Smith"
    if np is None:
        return q
    s, e = doc[np[0]].idx, doc[np[1] - 1].idx + len(doc[np[1] - 1])
    if s < q.end and q.start < e:
        return q
    res = resolver.resolution(s, e, remember=False)
    if res.kind not in _NAMED:
        return q
    return dataclasses.replace(q, speaker=Speaker(res.name, res.start, res.end))


# "a letter saying …", "the bishops' letters to Congress saying …": a document that says
_DOCUMENTS = frozenset(
    "letter letters statement statements report reports memo memos message messages email "
    "emails tweet tweets post posts petition petitions complaint complaints lawsuit filing "
    "editorial editorials column op-ed note notes leaflet leaflets poster posters banner "
    "banners sign signs resolution ruling verdict document documents study survey".split()
)
_PARTICIPLE_CUE = re.compile(
    r"^(?:saying|stating|claiming|arguing|warning|calling|urging|asking|demanding|noting|"
    r"accusing|alleging|insisting|explaining|declaring|describing)$",
    re.I,
)
_NP_TAGS = frozenset({"DT", "PRP$", "POS", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD"})


def _document_speaker(article: Article, q: Quote) -> Quote:
    """ "has sent Ryan a letter saying he misused …": the document right before a participle
    cue is what says it, not a person the tagger took from elsewhere in the sentence (Ryan,
    the letter's addressee). A phrase naming whom it was sent to may stand between them
    ("letters to Congress saying": the letters, not Congress). Only a speaker the tagger found
    in the addressee's place moves; the subject ("Smith posted a tweet saying"), an author
    ("a statement from her doctor declaring") and no speaker at all stay."""
    doc = article.doc
    if doc is None or q.cue is None or not _PARTICIPLE_CUE.match(_cue_text(article, q) or ""):
        return q
    cue = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
    if cue is None or not len(cue):
        return q
    floor = doc[cue.start].sent.start
    k = cue.start - 1
    if k >= floor and doc[k].text == ",":
        k -= 1
    # skip the addressee after the document: "letters to Congress" ("a statement from her
    # doctor": the doctor is the author, and the tagger's speaker stays)
    for j in range(k, max(floor, k - 6) - 1, -1):
        if doc[j].lower_ == "to" and j - 1 >= floor:
            if doc[j - 1].lower_ in _DOCUMENTS:
                k = j - 1
            break
        if doc[j].tag_ not in _NP_TAGS:
            break
    if k < floor or doc[k].lower_ not in _DOCUMENTS or not doc[k].tag_.startswith("NN"):
        return q
    s = k
    while (
        s - 1 >= floor
        and doc[s].tag_ not in ("DT", "PRP$")  # a determiner opens the phrase
        and doc[s - 1].tag_ in _NP_TAGS
        and doc[s - 1].lower_ not in _DOCUMENTS
    ):
        s -= 1
    start, end = doc[s].idx, doc[k].idx + len(doc[k])
    sp = q.speaker
    if sp is None or (sp.start >= start and sp.end <= end):
        return q  # none: "made light of his tweet calling it a joke" is his, not the tweet's
    first = doc.char_span(sp.start, sp.end, alignment_mode="expand")
    if first is None or first.start < max(floor, s - 8) or first.start >= cue.start:
        return q  # "Smith posted a tweet saying": Smith, the subject, says it
    before = doc[first.start - 1] if first.start > floor else None
    if before is None or not (before.tag_.startswith("VB") or before.lower_ == "to"):
        return q  # only a speaker that is the document's addressee moves
    return dataclasses.replace(q, speaker=Speaker(None, start, end))


def _cue_text(article: Article, q: Quote) -> str | None:
    return article.text[q.cue.start : q.cue.end] if q.cue else None


def _classify(article: Article, q: Quote) -> Quote:
    text = article.text
    cue = text[q.cue.start : q.cue.end] if q.cue else None
    par = _paragraph(article.paragraphs, q.start)
    duplicate_of = None
    if par is not None and par.duplicate_of is not None:
        original = next((p for p in article.paragraphs if p.line == par.duplicate_of), None)
        if original is not None:
            duplicate_of = original.start + (q.start - par.start)
    content = text[q.start : q.end]
    np = q.kind == "indirect" and _is_noun_phrase(article, q)
    return dataclasses.replace(
        q,
        cue_class=cue_class(cue, q.kind, content, noun_phrase=np),
        in_teaser=par is not None and par.kind == "teaser",
        duplicate_of=duplicate_of,
    )


# tags a noun phrase may open with; a finite verb makes the content a clause
_NP_START = frozenset(
    {"DT", "PDT", "PRP$", "PRP", "JJ", "JJR", "JJS", "CD", "NN", "NNS", "NNP", "NNPS"}
)
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _is_noun_phrase(article: Article, q: Quote) -> bool:
    """True when the quote's content is a noun phrase, not a clause: "a two-fold increase
    in prices", "the decision to send troops" (not "that the road was closed")."""
    if article.doc is None:
        return False
    span = article.doc.char_span(q.start, q.end, alignment_mode="expand")
    toks = [t for t in span or () if not t.is_space and not t.is_punct]
    return bool(toks) and toks[0].tag_ in _NP_START and not any(t.tag_ in _FINITE for t in toks)


def _paragraph(paragraphs: Sequence[Paragraph], offset: int) -> Paragraph | None:
    for p in paragraphs:
        if p.start <= offset < p.end:
            return p
    return None
