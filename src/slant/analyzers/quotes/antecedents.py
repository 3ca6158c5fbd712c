"""The antecedent of a speaker's "he"/"she": gender of names, quoted words, nearby subjects.

:class:`~slant.analyzers.quotes.speakers.SpeakerResolver` asks :func:`sentence_antecedent`
first, and falls back to the last speaker of that gender only when it finds nothing:

* **agreement**: a person's gender comes from a title or role word ("Mr.", "Sen." does not
  tell), a "he"/"she" right after the name, and the usual gender of the first name
  (:func:`first_name_gender`, the 1990 US Census lists in ``resources/quotes/first_names.json``,
  built by :mod:`slant.training.first_names`): "he" is never "Kirsten Gillibrand";
* **never a name in quote marks**: the words a speaker says name the people spoken to or
  about ("Mr. President, …", "“Kirsten has been a leader,” he said"), not who speaks;
  neither is a name inside the content of the pronoun's own quote ("Trump was wrong, he
  said");
* **the subject of the sentence before**: going back from the pronoun, sentence by
  sentence (the pronoun's own sentence first, up to the words before it), the first
  subject that is a person of the pronoun's gender is the antecedent ("Ed Brookover spoke to
  reporters Thursday … He says" is Brookover, not the Trump of the paragraph before); a
  subject that is itself "he"/"she" continues the chain (its own antecedent, when it was a
  speaker, else the sentences before it); a sentence with no such subject gives its first
  person of that gender in any role ("courtesy of Wes Nakagiri, a delegate … “…,” he said").
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slant.analyzers.quotes.marks import PARAGRAPH_MARKS, scan
from slant.analyzers.quotes.phrases import GENDERED_WORDS, TIME_WORDS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from spacy.tokens import Doc, Span, Token

__all__ = ["Mention", "first_name_gender", "quoted_ranges", "sentence_antecedent"]

_FIRST_NAMES = Path(__file__).resolve().parents[2] / "resources" / "quotes" / "first_names.json"
# sentences looked at before the pronoun's own, and paragraphs they may go back
MAX_SENTENCES = 5
MAX_PARAGRAPHS = 2
_NOMINATIVE = {"he": "m", "she": "f"}
# verbs of speech before an inverted subject ("…,” said Reince Priebus"); the parse has no
# lemmas, so the forms are listed
_SPEECH_FORMS = frozenset(
    "said says say told tells added adds wrote writes asked asks noted notes explained "
    "explains continued continues argued argues recalled recalls replied replies".split()
)
_DASHES = frozenset({",", "—", "–", "--"})
_NOT_NAME_TAGS = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "IN"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A person mentioned at ``[start, end)`` (characters), with its full name."""

    start: int
    end: int
    name: str
    speaker: bool = False  # a quote's speaker mention: never inside its own quote's words


@functools.cache
def _first_names() -> dict[str, str]:
    table = json.loads(_FIRST_NAMES.read_text(encoding="utf-8"))
    return {n: g for g in ("m", "f") for n in table[g]}


def first_name_gender(name: str) -> str | None:
    """``"m"``/``"f"`` when the first word of ``name`` is a clearly gendered US first name
    ("Pete Buttigieg" → m, "Kirsten Gillibrand" → f), else ``None`` ("Jordan", "Jeb")."""
    words = name.split()
    if len(words) < 2:  # a bare surname tells nothing ("Warren", "Jordan")
        return None
    return _first_names().get(words[0].lower().strip(".,"))


_OPEN, _BOTH = "“«„", '"'
_CLOSING = frozenset({"”", "»", '"', "''", "’", "'"})  # a token that may close a quote


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside double quote marks, paragraph by paragraph (a paragraph
    with an unclosed mark, as a quote running on into the next paragraph, counts to its
    end). Curly marks open and close; a straight mark, or two apostrophes (the New York
    Times' ``''…''``), toggles (:data:`~slant.analyzers.quotes.marks.PARAGRAPH_MARKS`)."""
    return [(s, e) for s, e, _closed in scan(text, PARAGRAPH_MARKS)]


def _inside(ranges: Sequence[tuple[int, int]], offset: int) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _subject_like(doc: Doc, s: int, t: int) -> bool:
    """True when tokens ``[s, t)`` look like a clause's subject: a verb follows (after
    adverbs, a modal or an appositive between commas: "Cox, who runs the NRA's lobbying
    arm, says"), or a verb of speech comes right before ("…,” said Reince Priebus")."""
    n, sent = len(doc), _unit(doc, s)
    if s > sent.start and doc[s - 1].lower_ in _SPEECH_FORMS:
        return True
    k = t
    if k < n and doc[k].text == "(":  # "Rep. Jim Jordan (R-Ohio) said"
        while k < min(n, t + 8) and doc[k].text != ")":
            k += 1
        k += 1
    if k < n and doc[k].text in _DASHES:  # an appositive or a relative clause
        j = k + 1
        while j < min(sent.end, k + 25) and doc[j].text != doc[k].text and doc[j].text != ";":
            j += 1
        if j < sent.end and doc[j].text == doc[k].text:
            k = j + 1
    while k < n and (
        doc[k].tag_ in ("RB", "RBR", "MD")
        or doc[k].ent_type_ in ("DATE", "TIME")  # "the senator on Tuesday dismissed"
        or (doc[k].lower_ == "on" and k + 1 < n and doc[k + 1].ent_type_ == "DATE")
    ):
        k += 1
    return k < sent.end and doc[k].tag_ in ("VBD", "VBZ", "VBP", "VBN", "VB")


def sentence_antecedent(
    doc: Doc,
    pronoun: Token,
    gender: str,
    mentions: Sequence[Mention],
    compatible: Callable[[str], bool],
    quoted: Sequence[tuple[int, int]],
    contents: Sequence[tuple[int, int]],
    paragraph_of: Callable[[int], int],
) -> str | None:
    """The name a speaker's "he"/"she" stands for, from the sentences before it, or ``None``.

    Args:
        doc: the article's parse.
        pronoun: the pronoun token.
        gender: ``"m"`` or ``"f"``.
        mentions: the article's person mentions (names, and speakers already resolved).
        compatible: whether a name may be of ``gender`` (known to be, or not known).
        quoted: character ranges inside quote marks: no name there is an antecedent.
        contents: the contents of the article's quotes: no name there is an antecedent but
            a speaker the tagger put inside one.
        paragraph_of: the paragraph index of a character offset.
    """
    par = paragraph_of(pronoun.idx)
    sent = _unit(doc, pronoun.i)
    first = {}  # name -> where the article first names it
    for m in sorted(mentions, key=lambda m: m.start):
        first.setdefault(m.name, m.start)
    # the pronoun's own sentence: the words before it, unless they open with a participle
    # ("Asked about the race that Clinton leads, she said": not Clinton); when they are the
    # words it reports, only the subject of a verb of speech there ("Tyler said that …
    # Cruz has …, he said": Tyler; "Also, Trump isn't a conservative, he said": no one)
    words = [t for t in sent if t.is_alpha]
    asked = bool(words) and (words[0].tag_ in ("VBN", "VBG") or words[0].lower_ == "asked")
    after = doc[pronoun.i + 1].lower_ if pronoun.i + 1 < len(doc) else ""
    before = doc[pronoun.i - 1].text if pronoun.i > sent.start else ""
    reports = after in _SPEECH_FORMS and (before in _DASHES or before in _CLOSING)
    limit = sent.start_char if asked else pronoun.idx
    own = True
    for _ in range(MAX_SENTENCES + 1):
        if paragraph_of(sent.start_char) < par - MAX_PARAGRAPHS + 1:
            return None
        items = _items(doc, sent, limit, gender, mentions, compatible, quoted, contents, pronoun)
        if own and reports:
            items = [i for i in items if i[3] is not None and _speaks(doc, i[2])]
        order = list(items)
        if own:  # its own sentence: the nearest first ("…, said Christopher Preble. “…,” he
            order.reverse()  # said", where the parse made one sentence of two)
        else:  # a clause put first is background: "After Glenn Beck asked …, D'Souza replied"
            cut = _fronted_end(doc, sent)
            order = [i for i in order if i[1] >= cut] + [i for i in order if i[1] < cut]
        found = _pick(doc, order, items, first)
        if found is not _ON:
            return found  # type: ignore[return-value]
        k = sent.start - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        if k < 0:
            return None
        sent = _unit(doc, k)
        limit = sent.end_char
        own = False
    return None


_ON = object()  # go on to the sentence before


def _pick(
    doc: Doc,
    order: list[tuple[int, int, int, str | None]],
    items: list[tuple[int, int, int, str | None]],
    first: dict[str, int],
) -> str | object | None:
    """The antecedent among one sentence's items, ``None`` to stop looking (let the last
    speaker decide), or ``_ON`` to go on to the sentence before.

    The first subject in the sentence decides: a person is the antecedent; a "he"/"she" or
    a description ("the Florida senator") stands for someone named earlier, so the search
    goes on ("He met Obama. He said": not Obama), unless a person of that gender comes
    before it in the sentence ("… against Mr. Trump would exceed the voters he would
    attract": Trump, the nearest). ``order`` is ``items`` in the order to try. With no
    subject, a person the sentence introduces (first named there: "courtesy of Wes
    Nakagiri, a delegate") is the antecedent; one named before ("… more liberal nominees
    than Obama?") is not, and the last speaker decides.
    """
    for off, s, t, name in order:
        if name is None:  # "he" stands for the nearest name before it in the sentence
            earlier = [n for o, _s, _t, n in items if o < off and n is not None]
            return earlier[-1] if earlier else _ON
        if _subject_like(doc, s, t):
            return name
    named = [(off, name) for off, _s, _t, name in order if name is not None]
    if not named:
        return _ON
    off, name = named[0]
    return name if first.get(name) == off else None


def _items(
    doc: Doc,
    sent: Span,
    limit: int,
    gender: str,
    mentions: Sequence[Mention],
    compatible: Callable[[str], bool],
    quoted: Sequence[tuple[int, int]],
    contents: Sequence[tuple[int, int]],
    pronoun: Token,
) -> list[tuple[int, int, int, str | None]]:
    """``(offset, first token, end token, name)`` of the persons of the pronoun's gender in
    one sentence (its words before ``limit``), in text order; ``name`` is ``None`` for a
    "he"/"she" no one resolved and for a definite description that is a subject."""
    start = sent.start_char
    items: list[tuple[int, int, int, str | None]] = []
    for m in mentions:
        if (
            start <= m.start < limit
            and not _inside(quoted, m.start)
            and (m.speaker or not _inside(contents, m.start))
            and compatible(m.name)
        ):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            if len(span) == 1 and (
                span[0].tag_ in _NOT_NAME_TAGS or not span[0].text[:1].isupper()
            ):  # NER noise: "Harsh? He doesn't think so", "Outright victory is vital"
                continue
            title = doc[span.start - 1].lower_.rstrip(".") if span.start else ""
            if GENDERED_WORDS.get(title, gender) != gender:
                continue  # "Mrs. Clinton" for "he": another Clinton, or no one
            items.append((m.start, span.start, span.end, m.name))
    named = {off for off, *_ in items}
    named_at = {s for _o, s, _t, _n in items}
    for tok in sent:
        if tok.idx >= limit:
            break
        if tok.idx in named or _inside(quoted, tok.idx):
            continue
        if tok is not pronoun and _NOMINATIVE.get(tok.lower_) == gender:
            # ("Top advisers said he had rejected …": a "he" inside reported words counts)
            items.append((tok.idx, tok.i, tok.i + 1, None))
        elif tok.lower_ == "the" and not _inside(contents, tok.idx):
            t = _description_end(doc, tok.i)
            if (
                t is not None
                and _subject_like(doc, tok.i, t)
                and not any(k in named_at for k in range(t, t + 3))  # "The nominee, Gov. Mike
            ):  # Pence of Indiana, may be": Pence is named
                items.append((tok.idx, tok.i, t, None))
    items.sort()
    return items


_SUBORDINATORS = frozenset(
    "after when as while if although though because before since until once whereas asked".split()
)


def _fronted_end(doc: Doc, sent: Span) -> int:
    """The token after the comma that closes a clause opening the sentence ("After …,",
    "Asked by Matt Lauer whether …,"), or the sentence's start when it has none."""
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words or words[0].lower_ not in _SUBORDINATORS:
        return sent.start
    for t in sent:
        if t.text == ",":
            return t.i + 1
    return sent.start


def _speaks(doc: Doc, t: int) -> bool:
    """True when a verb of speech follows token ``t - 1`` (after an appositive between
    commas and adverbs): "Tyler said", "Smith, a spokesman, told"."""
    k = t
    if k < len(doc) and doc[k].text == ",":
        while k + 1 < len(doc) and doc[k + 1].text != "," and k < t + 15:
            k += 1
        k += 2
    while k < len(doc) and doc[k].tag_ in ("RB", "MD"):
        k += 1
    return k < len(doc) and doc[k].lower_ in _SPEECH_FORMS


def _unit(doc: Doc, i: int) -> Span:
    """The sentence of token ``i``, cut at line breaks (the parse runs a headline or a
    short paragraph on into the next one)."""
    sent = doc[i].sent
    s, t = i, i + 1
    while s > sent.start and "\n" not in doc[s - 1].text and not _opens(doc, s):
        s -= 1
    while t < sent.end and "\n" not in doc[t].text and not _opens(doc, t):
        t += 1
    return doc[s:t]


def _opens(doc: Doc, k: int) -> bool:
    """True when token ``k`` opens a quoted sentence after a full stop (``… a libertarian
    policy group. "This debate is misleading," he said``: one sentence in the parse)."""
    tok = doc[k]
    opening = tok.text in _OPEN or (tok.text in (_BOTH, "''") and not tok.whitespace_)
    return opening and k > 0 and doc[k - 1].text in (".", "?", "!")


def _description_end(doc: Doc, i: int) -> int | None:
    """The end of a definite singular description starting at token ``i`` ("the Kentucky
    Republican", "the radio talker"), or ``None`` (a name, a plural, a time: "the week")."""
    j = i + 1
    while j < len(doc) and doc[j].tag_ in ("JJ", "NN", "NNP", "HYPH", "CD", "VBN"):
        j += 1
    if j - i < 2:
        return None
    head = doc[j - 1]
    if head.tag_ not in ("NN", "NNP") or head.ent_type_ in ("PERSON", "DATE", "TIME"):
        return None
    if head.lower_ in TIME_WORDS:
        return None
    return j
