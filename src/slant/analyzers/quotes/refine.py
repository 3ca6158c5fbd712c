"""The last step of the quotes analyzer, whichever tagger found the quotes.

:func:`refine` takes the tagger's quotes and

1. drops what is no quote at all (:func:`is_false_quote`);
2. gives a cued quote with no speaker the subject of its cue when that names someone;
3. resolves every speaker mention again, in text order, with one
   :class:`~slant.analyzers.quotes.speakers.SpeakerResolver` (names of people, titles,
   descriptions, governments; pronouns, relative pronouns and conjunctions to their
   antecedent; never a place or a function word). An ordinary place may widen to the phrase
   it ends ("Aktau" → "residents of Zhanaozen and Aktau");
4. gives each quote its cue class (:func:`~slant.analyzers.quotes.cues.cue_class`);
5. flags quotes inside a teaser paragraph (``in_teaser``) or a duplicate paragraph
   (``duplicate_of``: the offset of the same words in the original paragraph). Flagged
   quotes stay in the output but are left out of corpus statistics, and a teaser's speaker
   is never the antecedent of a later pronoun.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from slant.analyzers.quotes.cues import cue_class, cue_lemma
from slant.analyzers.quotes.speakers import SpeakerResolver, backtrack_np, forward_np
from slant.annotations import Speaker

if TYPE_CHECKING:
    from collections.abc import Sequence

    from slant.annotations import Paragraph, Quote
    from slant.article import Article

__all__ = ["is_false_quote", "refine"]

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


def is_false_quote(article: Article, quote: Quote) -> bool:
    """True for a "quote" that reports no words.

    * a sentence-initial participial clause whose content is only its topic ("Commenting
      on his remarks, the ministry said …": the ministry's words follow "said");
    * an act performed by a verb of speech ("Tokayev declared a state of emergency").

    Both are narrow on purpose: PolNeAR annotates "commenting on X" and "announced a
    curfew" as attributions, and these two patterns never match one of its relations.
    """
    if quote.cue is None or quote.kind == "direct":
        return False
    text = article.text
    cue = text[quote.cue.start : quote.cue.end].strip()
    content = text[quote.start : quote.end]
    if _PARTICIPLE_TOPIC.match(cue):
        before = text[: quote.cue.start].rstrip(" \t")
        starts_sentence = not before or before[-1] in '\n.!?"”'
        return starts_sentence and text[quote.end : quote.end + 1] == ","
    words = cue.split()
    return bool(words) and cue_lemma(words[-1]) in _ACT_VERBS and bool(_ACTS.match(content))


def refine(article: Article, quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes of ``article`` filtered, with speakers resolved, classes and flags."""
    kept = [q for q in quotes if not is_false_quote(article, q)]
    if article.doc is None:
        return [_classify(article, q) for q in kept]
    resolver = SpeakerResolver(article)
    teasers = [p for p in article.paragraphs if p.kind == "teaser"]
    cache: dict[tuple[int, int], Speaker] = {}
    out: list[Quote] = []
    kept = [_with_subject(article, resolver, q) if q.speaker is None else q for q in kept]
    order = sorted(kept, key=lambda q: q.speaker.start if q.speaker else q.start)
    for q in order:
        speaker = q.speaker
        if speaker is not None:
            key = (speaker.start, speaker.end)
            if key not in cache:
                in_teaser = any(p.start <= speaker.start < p.end for p in teasers)
                res = resolver.resolution(speaker.start, speaker.end, remember=not in_teaser)
                cache[key] = Speaker(res.name, res.start, res.end)
            speaker = cache[key]
        out.append(_classify(article, dataclasses.replace(q, speaker=speaker)))
    return sorted(out, key=lambda q: (q.start, q.end))


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


def _classify(article: Article, q: Quote) -> Quote:
    text = article.text
    cue = text[q.cue.start : q.cue.end] if q.cue else None
    par = _paragraph(article.paragraphs, q.start)
    duplicate_of = None
    if par is not None and par.duplicate_of is not None:
        original = next((p for p in article.paragraphs if p.line == par.duplicate_of), None)
        if original is not None:
            duplicate_of = original.start + (q.start - par.start)
    return dataclasses.replace(
        q,
        cue_class=cue_class(cue, q.kind, text[q.start : q.end]),
        in_teaser=par is not None and par.kind == "teaser",
        duplicate_of=duplicate_of,
    )


def _paragraph(paragraphs: Sequence[Paragraph], offset: int) -> Paragraph | None:
    for p in paragraphs:
        if p.start <= offset < p.end:
            return p
    return None
