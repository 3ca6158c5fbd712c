"""The quote rules: direct, indirect and mixed quotes from the parse, no learned model.

Rules over the shared parse (tagger, sentences, NER; no dependency parser):

* **direct**: text between quote marks ("", “”, ‘’, «», „“; a quote left open at the end of
  a paragraph runs to its end), attributed by a cue right after it (``"…," he said``,
  ``"…," said Smith``) or right before it (``Smith said: "…"``, ``Smith added that "…"``).
  A quote that follows its cue sentence directly (``"…," he said. "…"``) is a second part of
  the same quote: it gets the same cue and speaker (PolNeAR joins them into one relation).
* **indirect**: a reporting verb from :data:`~slant.analyzers.quotes.verbs.CUE_VERBS` with
  its subject before it (``X said that …``), after it (``…, said X.``), or ``according to
  X``; the content is the rest of the clause, or the sentence before ``, X said``.
* **mixed**: an indirect content that contains a quoted fragment.

Speakers are resolved by :mod:`slant.analyzers.quotes.speakers`. A quote with no speaker mention
gets ``speaker=None``; a mention that cannot be resolved keeps its span with ``name=None``
(pronouns) or the description itself as its name.

Duplicate paragraphs (``Paragraph.duplicate_of``) are analysed like the others: their text is
in the article, so their quotes are reported at their own offsets. Only boilerplate, hashtag
and dateline paragraphs are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.marks import ENGLISH_MARKS, scan
from slant.analyzers.quotes.speakers import (
    SpeakerResolver,
    backtrack_np,
    clause_subject,
    forward_np,
)
from slant.analyzers.quotes.verbs import CUE_VERBS, SPEECH_VERBS, TELL_VERBS
from slant.annotations import Cue, Quote, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from slant.article import Article

__all__ = ["RuleQuotes", "find_quoted_spans"]

_MIN_DIRECT_WORDS = 4  # shorter quoted spans are fragments ("scare quotes"), not quotes
_SKIP_KINDS = frozenset({"boilerplate", "hashtag", "dateline"})
_ADVERBS = frozenset({"RB", "RBR", "RBS", "MD"})
_AUX = frozenset({"has", "have", "had", "is", "was", "were", "are", "be", "been", "will", "would"})


def find_quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of the text inside quote marks within ``text[start:end]``.

    Offsets exclude the marks. Straight and curly single quotes count only where they cannot
    be an apostrophe. A quote still open at ``end`` ends there (``closed=False``). Empty
    quotations are left out (:data:`~slant.analyzers.quotes.marks.ENGLISH_MARKS`).
    """
    return [q for q in scan(text, ENGLISH_MARKS, start, end) if q[1] > q[0]]


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None  # token range
    speaker: tuple[int, int] | None  # token range


def _words(text: str) -> int:
    return len(text.split())


class RuleQuotes:
    """The rule system: direct, indirect and mixed quotes from the parse alone.

    Args:
        indirect: also find indirect quotes (reporting verbs), not only quoted text.
        uncued: keep a long quoted sentence that has no cue (speaker unknown).
        per_sentence: at most this many indirect quotes per sentence.
    """

    def __init__(self, *, indirect: bool = True, uncued: bool = True, per_sentence: int = 2):
        self.indirect = indirect
        self.uncued = uncued
        self.per_sentence = per_sentence

    def find(self, article: Article) -> list[Quote]:
        """The rule system's quotes of a parsed article, in text order."""
        doc = article.doc
        assert doc is not None
        found: list[_Found] = []
        used: set[int] = set()  # tokens already part of a cue or speaker
        colon = None  # last token of the previous paragraph when it ends with ":"
        for p in article.paragraphs:
            if p.kind in _SKIP_KINDS:
                continue
            found.extend(self._direct(doc, article.text, p.start, p.end, used, colon))
            last = article.text[p.start : p.end].rstrip()
            colon = self._tok_at(doc, p.start + len(last) - 1, after=False) + 1
            colon = colon if last.endswith(":") else None
        direct_spans = [(f.start, f.end) for f in found]
        if self.indirect:
            found.extend(self._indirect(doc, article.text, direct_spans, used, article))
        resolver = SpeakerResolver(article)
        quotes = []
        for f in sorted(found, key=lambda f: f.speaker[0] if f.speaker else len(doc)):
            speaker = None
            if f.speaker is not None:
                s, e = doc[f.speaker[0]].idx, doc[f.speaker[1] - 1].idx
                e += len(doc[f.speaker[1] - 1])
                speaker = Speaker(resolver.resolve(s, e), s, e)
            cue = None
            if f.cue is not None:
                last = doc[f.cue[1] - 1]
                cue = Cue(doc[f.cue[0]].idx, last.idx + len(last))
            quotes.append(Quote(f.start, f.end, f.kind, cue=cue, speaker=speaker))  # type: ignore[arg-type]
        return sorted(quotes, key=lambda q: (q.start, q.end))

    # -- direct quotes -------------------------------------------------------------------

    def _direct(
        self,
        doc: Doc,
        text: str,
        pstart: int,
        pend: int,
        used: set[int],
        prev_par_colon: int | None,
    ) -> list[_Found]:
        out: list[_Found] = []
        done: list[tuple[int, int, bool]] = []
        prev: _Found | None = None
        prev_cue_end = -1  # char offset of the end of prev's cue
        for qs, qe, _closed in find_quoted_spans(text, pstart, pend):
            inner = text[qs:qe]
            if _words(inner) < _MIN_DIRECT_WORDS:
                continue
            close_tok = self._tok_at(doc, min(qe, len(text) - 1), after=True)
            open_tok = self._tok_at(doc, max(qs - 1, 0), after=False)
            cue = self._cue_after(doc, text, close_tok, pend, used)
            kind, start = "direct", qs
            if cue is not None:
                # "America needs leaders “who …,” Clinton said": the lead-in is part of it
                lead = doc[self._sentence_start(doc, open_tok + 1, pstart)].idx
                if _words(text[lead : qs - 1]) >= 2 and not any(s < qs for s, _e, _c in done):
                    kind, start = "mixed", lead
            if cue is None:
                cue = self._cue_before(doc, text, open_tok, pstart, used)
                if cue is not None:
                    # "warned that the deficit could grow “far beyond …” by December"
                    after_cue = doc[cue[0][1] - 1].idx + len(doc[cue[0][1] - 1])
                    gap = re.sub(r"\bthat\b|[,:—\s]", "", text[after_cue : qs - 1])
                    if gap:
                        kind = "mixed"
                        start = (
                            after_cue
                            + len(text[after_cue:qs])
                            - len(text[after_cue:qs].lstrip(" ,:"))
                        )
                        qe = max(qe, self._clause_end(doc, close_tok, pend))
            if cue is None and qs - 1 == pstart and prev_par_colon is not None:
                cue = self._cue_before(doc, text, prev_par_colon, 0, used)
            if cue is not None:
                (cs, ce), spk = cue
                used.update(range(cs, ce))
                if spk:
                    used.update(range(*spk))
                f = _Found(start, qe, kind, (cs, ce), spk)
                prev_cue_end = doc[ce - 1].idx
            elif (
                prev is not None
                and prev.cue is not None
                and prev_cue_end < qs
                and _is_gap(text[prev_cue_end : qs - 1])
            ):
                f = _Found(qs, qe, "direct", prev.cue, prev.speaker)  # second half of a split
            elif self.uncued and _words(inner) >= 8 and inner.rstrip()[-1:] in ".?!":
                f = _Found(qs, qe, "direct", None, None)
            else:
                continue
            done.append((qs, qe, True))
            out.append(f)
            prev = f
        return out

    @staticmethod
    def _tok_at(doc: Doc, char: int, *, after: bool) -> int:
        """Index of the token just after (or just before) character ``char``."""
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return len(doc) if after else -1
        return span.end if after else span.start - 1

    @staticmethod
    def _clause_end(doc: Doc, tok: int, pend: int) -> int:
        """End of the sentence holding token ``tok`` (before its final punctuation)."""
        k = min(tok, len(doc) - 1)
        while k + 1 < len(doc) and not doc[k + 1].is_sent_start and doc[k + 1].idx < pend:
            k += 1
        while k > tok and doc[k].is_punct:
            k -= 1
        return doc[k].idx + len(doc[k])

    @staticmethod
    def _sentence_start(doc: Doc, tok: int, pstart: int) -> int:
        """First token of the sentence holding ``tok``, not before the paragraph."""
        k = min(tok, len(doc) - 1)
        while k > 0 and not doc[k].is_sent_start and doc[k - 1].idx >= pstart:
            k -= 1
            if doc[k].text in ('"', "”", "“", "»", "«") and k < tok - 1:
                return k + 1  # stop after an earlier quote in the same sentence
        return k

    def _cue_after(
        self, doc: Doc, text: str, i: int, pend: int, used: set[int]
    ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        """``"…," he said`` / ``"…," said Smith`` right after a quote: (cue, speaker)."""
        n = len(doc)
        while i < n and doc[i].text in (",", "—", "–", "-", "''", '"', "”", "’"):
            i += 1
        if i >= n or doc[i].idx >= pend:
            return None
        ceil = min(n, i + 14)
        # "said Smith" (inverted)
        if doc[i].lower_ in SPEECH_VERBS and doc[i].tag_.startswith("VB"):
            np = forward_np(doc, i + 1, ceil)
            return (i, i + 1), np
        np = forward_np(doc, i, ceil)
        if np is None:
            return None
        j = np[1]
        while j < ceil and (doc[j].tag_ in _ADVERBS or doc[j].lower_ in _AUX):
            j += 1
        if j < ceil and doc[j].lower_ in SPEECH_VERBS and doc[j].tag_.startswith("VB"):
            if j in used:
                return None
            return (j, j + 1), np
        return None

    def _cue_before(
        self, doc: Doc, text: str, i: int, pstart: int, used: set[int]
    ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        """``Smith said: "…"`` / ``Smith added that "…"`` right before a quote."""
        while i >= 0 and doc[i].text in (",", ":", "that", "—") and doc[i].idx >= pstart:
            i -= 1
        # allow a short adverbial between the cue and the quote: "said in a statement:"
        for j in range(i, max(i - 7, -1), -1):
            if doc[j].idx < pstart or doc[j].text in ('"', "”", "“", ".", "?", "!"):
                break
            if doc[j].lower_ in SPEECH_VERBS and doc[j].tag_.startswith("VB") and j not in used:
                k = j
                while k - 1 >= 0 and (doc[k - 1].tag_ in _ADVERBS or doc[k - 1].lower_ in _AUX):
                    k -= 1
                floor = max(0, doc[j].sent.start)
                while floor < k and doc[floor].idx < pstart:
                    floor += 1  # spaCy sentences may run across paragraph breaks
                np = backtrack_np(doc, k, floor)
                if np is None and doc[k - 1].text in (",", "and"):
                    np = clause_subject(doc, floor, k)  # "Blinken …, adding that "…""
                if np is not None and doc[np[0]].idx < pstart:
                    np = None
                return (j, j + 1), np
        return None

    # -- indirect quotes -----------------------------------------------------------------

    def _indirect(
        self,
        doc: Doc,
        text: str,
        direct: list[tuple[int, int]],
        used: set[int],
        article: Article,
    ) -> list[_Found]:
        out: list[_Found] = []
        in_direct = _covered(doc, direct)
        for s0, s1 in _sentences(doc, article):
            # the last cue first: "X believes that …, Y said." is Y's (and nests X's)
            taken: list[tuple[int, int]] = []
            end = _end_before_punct(doc, s0, s1)  # once per sentence: O(n) per cue was O(n²)
            for i in range(s1 - 1, s0 - 1, -1):
                if i in used or in_direct[i] or len(taken) >= self.per_sentence:
                    continue
                f = self._indirect_at(doc, text, s0, end, i)
                if f is None or f.cue is None:
                    continue
                if (f.start, f.end) in taken:
                    continue
                if any(s < f.end and f.start < e for s, e in direct):
                    # it overlaps a direct quote: keep it only if it says more than the quote
                    if all(in_direct[k] for k in self._content_tokens(doc, f)):
                        continue
                    f.kind = "mixed"
                out.append(f)
                taken.append((f.start, f.end))
                used.update(range(*f.cue))
        return out

    @staticmethod
    def _content_tokens(doc: Doc, f: _Found) -> list[int]:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        return [t.i for t in span] if span is not None else []

    def _indirect_at(self, doc: Doc, text: str, s0: int, s1: int, i: int) -> _Found | None:
        """The indirect quote whose cue is token ``i`` of the sentence ``s0..s1`` (``s1``
        before its closing punctuation: :func:`_end_before_punct`)."""
        t = doc[i]
        low = t.lower_
        if low == "according" and i + 1 < s1 and doc[i + 1].lower_ == "to":
            np = forward_np(doc, i + 2, s1)
            if np is None:
                return None
            cue = (i, i + 2)
            if i == s0 or (i - 1 == s0 and doc[s0].is_punct):
                # "According to X, content."
                k = np[1]
                while k < s1 and doc[k].text == ",":
                    k += 1
                return self._make(doc, text, k, s1, cue, np)
            end = i - 1 if doc[i - 1].text == "," else i
            return self._make(doc, text, s0, end, cue, np)
        if low not in CUE_VERBS or not t.tag_.startswith("VB"):
            return None
        # the subject before the cue (skipping "also", "has", "would")
        k = i
        while k - 1 >= s0 and (doc[k - 1].tag_ in _ADVERBS or doc[k - 1].lower_ in _AUX):
            k -= 1
        np = backtrack_np(doc, k, s0)
        if np is not None and np[0] - 1 >= s0 and doc[np[0] - 1].lower_ in ("who", "which"):
            np = None
        # "…, said X." / "…, X said." : content before, nothing but adverbials after
        after = i + 1
        inverted = None
        if np is None and i - 1 >= s0 and doc[i - 1].text == ",":
            inverted = forward_np(doc, i + 1, s1)
            if inverted is not None:
                after = inverted[1]
        tail_ok = self._only_adverbials(doc, after, s1)
        if tail_ok:
            src = np or inverted
            head_end = (np[0] if np else i) - 1
            if src is not None and head_end > s0 and doc[head_end].text == ",":
                return self._make(doc, text, s0, head_end, (i, i + 1), src)
        if np is None:
            if low.endswith("ing") and i - 1 >= s0 and doc[i - 1].text == ",":
                # "…, adding that …": the subject of the main clause speaks
                np = clause_subject(doc, s0, i)
            if np is None:
                return None
        c0 = i + 1
        if low in TELL_VERBS:
            obj = forward_np(doc, c0, s1)
            if obj is not None:
                c0 = obj[1]
        while c0 < s1 and doc[c0].text in (",", ":"):
            c0 += 1
        if c0 < s1 and doc[c0].tag_ in ("IN", "RB", "NNP") and doc[c0].lower_ != "that":
            # "said on Monday that …": skip the adverbial up to "that"
            for k in range(c0 + 1, min(s1, c0 + 7)):
                if doc[k].lower_ == "that":
                    c0 = k
                    break
        if s1 - c0 < 2 or (
            doc[c0].tag_ in ("IN", "TO") and doc[c0].lower_ not in ("that", "if", "whether")
        ):
            return None
        return self._make(doc, text, c0, s1, (i, i + 1), np)

    @staticmethod
    def _only_adverbials(doc: Doc, i: int, end: int) -> bool:
        """True when tokens ``i..end`` are empty or a short adverbial ("on Tuesday")."""
        if i >= end:
            return True
        if end - i > 8:
            return False
        return doc[i].tag_ in ("IN", "RB", "NNP", "CD", ",") or doc[i].lower_ in (
            "last",
            "this",
            "earlier",
        )

    @staticmethod
    def _make(
        doc: Doc,
        text: str,
        t0: int,
        t1: int,
        cue: tuple[int, int],
        speaker: tuple[int, int] | None,
    ) -> _Found | None:
        if t1 - t0 < 2:
            return None
        start, end = doc[t0].idx, doc[t1 - 1].idx + len(doc[t1 - 1])
        has_quote = re.search(r"[\"“”«»„]", text[start:end]) is not None
        return _Found(start, end, "mixed" if has_quote else "indirect", cue, speaker)


def _is_gap(between: str) -> bool:
    """True for the rest of a cue sentence before a quote's next part ("on Tuesday. ")."""
    return (
        len(between) <= 80
        and not re.search(r"[\"“”«»]", between)
        and bool(re.search(r"[.,:;!?]\s*$", between))
    )


def _sentences(doc: Doc, article: Article) -> list[tuple[int, int]]:
    """Token ranges of the sentences, cut at paragraph ends, without skipped paragraphs."""
    bounds = []
    for p in article.paragraphs:
        if p.kind in _SKIP_KINDS:
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        start = span.start
        for k in range(span.start + 1, span.end):
            if doc[k].is_sent_start:
                bounds.append((start, k))
                start = k
        bounds.append((start, span.end))
    return bounds


def _covered(doc: Doc, spans: list[tuple[int, int]]) -> list[bool]:
    """Per token: does it lie inside one of the character ``spans``?"""
    flags = [False] * len(doc)
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                flags[k] = True
    return flags


def _end_before_punct(doc: Doc, s0: int, s1: int) -> int:
    """The sentence ``s0..s1``'s end before its closing punctuation (a closing quote mark
    stays)."""
    while s1 - 1 > s0 and doc[s1 - 1].is_punct and doc[s1 - 1].text not in ('"', "”"):
        s1 -= 1
    return s1
