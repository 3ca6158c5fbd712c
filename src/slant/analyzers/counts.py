"""Event counts: how many were killed, wounded, arrested, kidnapped, protested, affected, seized.

Rules over the shared parse (PTB tags, NER), sentence by sentence, skipping flagged
paragraphs (teasers, datelines, duplicates). A number is a digit string ("3,811", "1.5
million"), number words ("thirteen", "two hundred", "twenty-five") or a vague quantity
("dozens" = 24, "hundreds" = 200, "tens of thousands" = 20,000, all ``estimate=True``),
with an optional modifier ("at least", "about", "nearly"; approximators set ``estimate``).

A number becomes a count when an event word is tied to it by one of these shapes:

* ``NUM [of] OBJECT [have been] EVENT``: "13 law enforcement officers have been killed";
  a bare coordinated ``and NUM EVENT`` ("and 353 injured") takes the object of the count
  before it in the sentence;
* ``EVENT NUM OBJECT``: "police have detained 3,811 people", "the arrest of 50 people";
* ``NUM [OBJECT] EVENT-NOUN``: "13 deaths", "thousands of protesters";
* ``death toll ... NUM``: "the death toll rose to 40".

A partitive whose head is itself an event word ("two of those killed were beheaded") is a
subset of a group already counted and is skipped, so it is never counted twice.

The span runs from the number (with its modifier) through the event word, whichever comes
last, so it covers the object in between: "at least 13 law enforcement officers have been
killed", "detained 3,811 people". ``source`` is the attribution of the number's clause
("…, state media said", "according to the ministry", "the health ministry put the toll at
164"), else one that opens or closes its sentence, if any (see :func:`_sources`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from slant.analyzers import register
from slant.annotations import Count
from slant.article import Article
from slant.labels import COUNT_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["CountsAnalyzer", "find_counts", "parse_number"]

KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE = COUNT_TYPES

# Event words (lower-case surface forms) → type. Verbs and participles:
EVENT_VERBS: dict[str, str] = {
    **dict.fromkeys(
        "killed killing kills died dead slain murdered murdering executed massacred "
        "perished".split(),
        KILL,
    ),
    **dict.fromkeys(
        "injured injuring wounded wounding hurt hospitalized hospitalised maimed shot".split(),
        WOUND,
    ),
    **dict.fromkeys(
        "arrested arresting detained detaining jailed imprisoned apprehended rounded held".split(),
        ARREST,
    ),
    **dict.fromkeys("kidnapped kidnapping abducted abducting taken hostage".split(), KIDNAP),
    **dict.fromkeys(
        "protested protesting rallied rallying marched marching demonstrated demonstrating".split(),
        PROTEST,
    ),
    **dict.fromkeys(
        "displaced displacing evacuated evacuating affected homeless stranded fled "
        "fleeing missing".split(),
        AFFECT,
    ),
    **dict.fromkeys("seized seizing confiscated confiscating impounded".split(), SEIZE),
}
# Words that are only events when a particle follows ("rounded up", "held hostage").
_NEEDS_NEXT = {"rounded": "up", "held": "hostage", "taken": "hostage"}
# Nouns that name the event or its participants ("13 deaths", "thousands of protesters").
EVENT_NOUNS: dict[str, str] = {
    **dict.fromkeys("deaths death fatalities dead casualties killings".split(), KILL),
    **dict.fromkeys("injuries injured wounded".split(), WOUND),
    **dict.fromkeys("arrests arrest detentions detention detainees".split(), ARREST),
    **dict.fromkeys("hostages abductions kidnappings".split(), KIDNAP),
    **dict.fromkeys(
        "protesters protestors demonstrators marchers rioters protest protests rallies".split(),
        PROTEST,
    ),
    **dict.fromkeys("evacuees refugees displaced homeless".split(), AFFECT),
    **dict.fromkeys("seizures".split(), SEIZE),
}
# Nouns after which "of NUM" names the counted group ("the arrest of 50 people").
_OF_NOUNS: dict[str, str] = {
    **dict.fromkeys("killing killings deaths death massacre murder".split(), KILL),
    **dict.fromkeys("arrest arrests detention detentions".split(), ARREST),
    **dict.fromkeys("abduction kidnapping kidnap".split(), KIDNAP),
    **dict.fromkeys("evacuation displacement".split(), AFFECT),
    **dict.fromkeys("seizure".split(), SEIZE),
}
PERSON_NOUNS = frozenset(
    "people persons person civilians passengers students schoolgirls schoolchildren children "
    "girls boys women men workers villagers soldiers officers police policemen journalists "
    "hostages tourists pilgrims residents protesters demonstrators members".split()
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague plurals: a nominal value (twice the unit) flagged as an estimate.
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "tens": 20,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
}
_APPROX = ("about", "around", "some", "nearly", "almost", "approximately", "roughly", "up to",
           "an estimated", "estimated", "as many as", "close to", "over", "more than",
           "at least", "fewer than", "less than", "at most", "upwards of")  # fmt: skip
_ESTIMATING = frozenset(
    {"about", "around", "some", "nearly", "almost", "approximately", "roughly", "an estimated",
     "estimated", "as many as", "close to", "up to", "upwards of"}
)  # fmt: skip
_AUX = frozenset(
    "have has had been were was are is be being got get reportedly also all reported "
    "allegedly believed said thought feared".split()
)
_NOT_ONE = frozenset("no any every each the this that which someone anyone".split())
_PARTITIVE_DET = frozenset({"those", "the", "them", "these", "whom"})
_OBJECT_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH", "VBG"})
_SKIP_ENTS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "LAW", "ORG", "PERSON", "GPE", "FAC",
     "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LOC", "LANGUAGE"}
)  # fmt: skip
# ("claimed" as in "the storm claimed 12 lives" is no attribution)
_SAY = (
    r"(?:said|says|reported|reports|announced|claimed(?![^,.;]{0,30}\blives\b)|confirmed|"
    r"stated|told [^,.;]{1,40})"
)
_SOURCE_END = re.compile(r",\s*([^,;:\"“”]{2,60}?)\s+" + _SAY + r"\s*(?:[.!]?\s*$|,)")
_PRONOUNS = frozenset("he she they it we i you who which".split())
# "Police said …", "Speaking to reporters, Mr. Obama said …"
_LEAD = r"(?:[A-Z][^,;:\"“”]{1,40},\s+)?"
_SOURCE_START = re.compile(
    r"^\s*" + _LEAD + r"([^\W\d][^,;:\"“”]{1,60}?)\s+" + _SAY + r"\s+(?:that\s+)?"
)
# the same after ", and" (lower case): "…, and the health ministry said 164 died"
_SOURCE_CLAUSE = re.compile(r"^\s*([^\W\d][^,;:\"“”]{1,60}?)\s+" + _SAY + r"\s+(?:that\s+)?")
_ACCORDING = re.compile(r"\baccording to\s+([^,.;:\"“”]{2,60})", re.IGNORECASE)
# who gives a figure: "the health ministry put the overall death toll at 164"
_SOURCE_FIGURE = re.compile(
    r"^\s*([^\W\d][^,;:\"“”]{1,60}?)\s+(?:(?:has|have|had)\s+)?"
    r"(?:put|puts|placed|places|estimated|estimates|gave|gives|raised|raises|revised|revises)"
    r"\s+(?:the|its|their|an?)\s+(?:[\w-]+\s+){0,3}?(?:toll|tally|figure|number|count)"
    r"\s+(?:at|to)\b"
)
# auxiliaries and adverbs between a source and its verb ("The WHO has now said")
_SOURCE_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|now|later|then|again|previously|earlier|already|since))+$"
)
# where a sentence's clauses part: an attribution inside one ("X, a spokesman said, and Y")
# is that clause's source only
_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
# a source is a noun phrase: "The declaration was made after two cases were confirmed" is not
_NOT_SOURCE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b", re.IGNORECASE)


def parse_number(words: list[str]) -> tuple[float, bool] | None:
    """Value and estimate flag of a number phrase ("3,811", "two hundred", "dozens").

    Returns ``None`` when the words are not a number.
    """
    words = [w.lower() for w in words if w not in ("-", "and")]
    if not words:
        return None
    if len(words) == 1 and words[0] in _VAGUE:
        return float(_VAGUE[words[0]]), True
    if len(words) == 3 and words[0] in _VAGUE and words[1] == "of" and words[2] in _VAGUE:
        # "tens of thousands", "hundreds of thousands"
        return float(_VAGUE[words[0]] * _VAGUE[words[2]] // 2), True
    total, current, estimate = 0.0, 0.0, False
    seen = False
    for w in words:
        digits = w.replace(",", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", digits):
            current += float(digits)
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in ("a", "an") and not seen:
            current += 1
        elif w in ("dozen", "dozens"):
            current = (current or 1) * 12
            estimate = estimate or w == "dozens"
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current, estimate


def _number_at(toks: Span, i: int) -> tuple[int, float, bool] | None:
    """(end token index, value, estimate) of a number phrase starting at sentence token i."""
    n = len(toks)
    t = toks[i]
    w = t.lower_
    if w in ("tens", "hundreds") and i + 2 < n and toks[i + 1].lower_ == "of":
        if toks[i + 2].lower_ in ("thousands", "millions"):
            value = parse_number([w, "of", toks[i + 2].lower_])
            assert value is not None
            return i + 3, value[0], True
    if w in _VAGUE:
        return i + 1, float(_VAGUE[w]), True
    if w == "a" and i + 1 < n and toks[i + 1].lower_ in ("dozen", "hundred", "thousand"):
        j = i + 2
    elif t.tag_ == "CD" or t.like_num or w in _UNITS or w == "dozen":
        if not (t.like_num or w in _UNITS or w in _SCALES or w == "dozen"):
            return None
        j = i + 1
    else:
        return None
    while j < n:
        w2 = toks[j].lower_
        if w2 in _UNITS or w2 in _SCALES or w2 == "dozen":
            j += 1
        elif w2 == "-" and j + 1 < n and toks[j + 1].lower_ in _UNITS:
            j += 1  # "twenty-five"
        elif w2 == "and" and j + 1 < n and toks[j + 1].lower_ in _UNITS and j > i:
            j += 1  # "two hundred and fifty"
        else:
            break
    value = parse_number([toks[k].text for k in range(i, j)])
    if value is None:
        return None
    return j, value[0], value[1]


def _modifier_start(toks: Span, i: int) -> tuple[int, bool]:
    """Start of an approximator before token i ("at least 13") and whether it estimates."""
    for phrase in _APPROX:
        k = len(phrase.split())
        if i - k >= 0 and " ".join(t.lower_ for t in toks[i - k : i]) == phrase:
            return i - k, phrase in _ESTIMATING
    return i, False


def _event_at(toks: Span, j: int) -> tuple[int, str] | None:
    """(end index, type) when an event verb/participle/adjective starts at token j."""
    if j >= len(toks):
        return None
    w = toks[j].lower_
    kind = EVENT_VERBS.get(w)
    if kind is None:
        if w == "took" and " ".join(t.lower_ for t in toks[j + 1 : j + 4]) == "to the streets":
            return j + 4, PROTEST
        return None
    after = toks[j + 1].lower_ if j + 1 < len(toks) else ""
    if w == "shot" and after == "dead":
        return j + 2, KILL  # "shot" alone is a wounding
    need = _NEEDS_NEXT.get(w)
    if need:
        return (j + 2, kind) if after == need else None
    if toks[j].tag_ in ("NN", "NNS") and w not in ("dead", "missing", "homeless"):
        return None  # "protest" as a noun is handled by the noun rule
    return j + 1, kind


# Verbs that take lives: "claimed 165 lives", "the fire took 12 lives", "cost 40 lives".
_TOOK_LIVES = frozenset("claimed claiming claims claim took taken taking cost costing".split())


def _lives_at(toks: Span, j: int) -> bool:
    """Whether the object starting at token j ends in "lives" ("165 lives", "civilian lives")."""
    end = _object(toks, j)
    return end > j and toks[end - 1].lower_ == "lives"


def _object(toks: Span, j: int, limit: int = 6) -> int:
    """End of the object noun phrase starting at token j ("law enforcement officers")."""
    k = j
    while k < len(toks) and k - j < limit:
        t = toks[k]
        if t.ent_type_ == "PERSON" and k > j:
            break  # "two officers Quentin Smith": the name is not part of the object
        if t.tag_ in _OBJECT_TAGS and t.lower_ not in EVENT_VERBS and t.lower_ not in _AUX:
            k += 1
        elif t.lower_ == "of" and k > j and k + 1 < len(toks) and toks[k + 1].tag_ in _OBJECT_TAGS:
            k += 1  # "tons of cocaine"
        else:
            break
    return k


def _clean_source(src: str) -> str | None:
    """An attribution's words as a source ("the health ministry" → "health ministry"),
    or ``None`` for a pronoun or words with a digit."""
    src = _SOURCE_TAIL.sub("", src.strip())
    if src.lower().startswith("the "):
        src = src[4:]
    if re.search(r"\d", src) or src.lower() in _PRONOUNS or _NOT_SOURCE.search(src):
        return None
    return src


def _sources(sent: Span) -> list[tuple[int, str | None]]:
    """The source of each clause of a sentence: ``(clause start, source)``, offsets into
    ``sent.text``, in order.

    A clause's own attribution ("according to …", "…, X said", "X said …", "X put the
    toll at …") is its source. An attribution that opens the sentence ("Police said …",
    "According to X, …") or closes it ("…, X said.") is also the source of the clauses
    that have none; one in the middle ("16 were killed, a ministry spokesman said, and the
    health ministry put the toll at 164") is not: it belongs to its clause. A sentence the
    parser ran across lines is read line by line.
    """
    found: list[tuple[int, str | None]] = []
    for line in re.finditer(r"[^\n]+", sent.text):
        found += _line_sources(line.group(), line.start())
    return found


def _line_sources(text: str, at: int) -> list[tuple[int, str | None]]:
    """:func:`_sources` of one line of a sentence, which starts at ``at``."""
    cuts = list(_CLAUSE.finditer(text))
    starts, ends = [0, *(m.end() for m in cuts)], [*(m.start() for m in cuts), len(text)]
    bounds = zip(starts, ends, strict=True)
    last = len(cuts)
    own: list[tuple[int, str | None]] = []
    wide: str | None = None
    for k, (a, b) in enumerate(bounds):
        seg = text[a:b]
        found = None
        start_rx = _SOURCE_START if k == 0 else _SOURCE_CLAUSE
        for rx in (_ACCORDING, _SOURCE_END, start_rx, _SOURCE_FIGURE):
            m = rx.search(seg)
            if m is None or (found := _clean_source(m.group(1))) is None:
                continue
            opens = k == 0 and (rx is _SOURCE_START or not seg[: m.start()].strip())
            closes = k == last and not seg[m.end() :].strip(" .!?…\"'”’)")
            if (opens or closes) and rx is not _SOURCE_FIGURE:
                wide = wide or found
            break
        own.append((at + a, found))
    return [(a, src or wide) for a, src in own]


def _source_at(sources: list[tuple[int, str | None]], offset: int) -> str | None:
    """The source of the clause holding ``offset`` (into the sentence's text)."""
    found = None
    for start, src in sources:
        if start > offset:
            break
        found = src
    return found


def find_counts(sent: Span) -> list[Count]:
    """Counts found in one sentence (a spaCy span)."""
    toks = sent
    n = len(toks)
    found: list[Count] = []
    sources: list[tuple[int, str | None]] | None = None  # computed lazily
    i = 0
    while i < n:
        t = toks[i]
        if t.ent_type_ in _SKIP_ENTS or (i > 0 and toks[i - 1].text in ("$", "€", "£", "#")):
            i += 1
            continue
        num = _number_at(toks, i)
        if num is not None and t.lower_ == "one" and i > 0 and toks[i - 1].lower_ in _NOT_ONE:
            num = None  # "no one hurt", "the one killed": a pronoun, not a figure
        if num is None:
            i += 1
            continue
        end, value, estimate = num
        start_i, approx = _modifier_start(toks, i)
        estimate = estimate or approx
        i_next = end
        nxt = toks[end].lower_ if end < n else ""
        # compound modifiers, percentages, years, dates: not a head count
        if nxt in ("-", "%", "percent", "per", "times") or (
            t.tag_ == "CD" and re.fullmatch(r"(1[89]|20)\d\d", t.text) and nxt not in PERSON_NOUNS
        ):
            i = i_next
            continue
        # partitive of an already-counted group: "two of those killed", "one of the dead"
        if nxt == "of" and end + 2 < n and toks[end + 1].lower_ in _PARTITIVE_DET:
            head = toks[end + 2].lower_
            if head in EVENT_VERBS or head in EVENT_NOUNS:
                i = end + 3
                continue
        # type, object start, object end, span end, span start (token indices)
        counts: list[tuple[str, int, int, int, int]] = []
        coordinated = start_i > 0 and toks[start_i - 1].lower_ in ("and", ",", "while", "but")
        # 1. NUM [of] OBJECT [aux] EVENT
        j = end + 1 if nxt == "of" else end
        obj_end = _object(toks, j)
        k = obj_end
        while k < n and toks[k].lower_ in _AUX:
            k += 1
        ev = _event_at(toks, k)
        if ev is None and k < n and toks[k].lower_ == "lost" and _lives_at(toks, j):
            ev = (k + 1, KILL)  # "165 lives were lost"
        if ev is not None:
            counts.append((ev[1], j, obj_end, ev[0], start_i))
        # 2. EVENT NUM OBJECT ("detained 3,811 people", "the arrest of 50 people")
        b = start_i - 1
        prev = toks[b].lower_ if b >= 0 else ""
        kind = None
        if prev == "of" and b >= 1 and toks[b - 1].lower_ in _OF_NOUNS:
            kind, ev_start = _OF_NOUNS[toks[b - 1].lower_], b - 1
        elif prev == "up" and b >= 1 and toks[b - 1].lower_ == "rounded":
            kind, ev_start = ARREST, b - 1
        elif prev in EVENT_VERBS and prev not in _NEEDS_NEXT and toks[b].tag_.startswith("VB"):
            kind, ev_start = EVENT_VERBS[prev], b
        elif prev in _TOOK_LIVES and _lives_at(toks, end + 1 if nxt == "of" else end):
            kind, ev_start = KILL, b  # "the outbreak has claimed at least 165 lives"
        if kind is not None and not any(c[0] == kind for c in counts):
            o_end = _object(toks, end + 1 if nxt == "of" else end)
            if kind == SEIZE and toks[o_end - 1].lower_ in PERSON_NOUNS:
                kind = KIDNAP
            counts.append((kind, end + 1 if nxt == "of" else end, o_end, o_end, ev_start))
        # 3. NUM [of] [OBJECT] EVENT-NOUN ("13 deaths", "thousands of protesters")
        if not counts:
            j = end + 1 if nxt == "of" else end
            o_end = _object(toks, j)
            for h in range(o_end - 1, j - 1, -1):
                noun = toks[h].lower_
                if noun in EVENT_NOUNS and toks[h].tag_.startswith("NN"):
                    kind = EVENT_NOUNS[noun]
                    obj_to = o_end if kind == PROTEST else h
                    counts.append((kind, j, obj_to, h + 1, start_i))
                    break
        # 4. "death toll ... NUM"
        if not counts:
            before = [x.lower_ for x in toks[max(0, start_i - 5) : start_i]]
            if "toll" in before:
                t_at = max(0, start_i - 5) + before.index("toll")
                o_end = _object(toks, end)
                counts.append((KILL, end, o_end, o_end, t_at))
        for kind, o_start, o_end, span_end, span_start in counts:
            if kind == SEIZE and o_end > o_start and toks[o_end - 1].lower_ in PERSON_NOUNS:
                kind = KIDNAP
            obj = toks[o_start:o_end].text if o_end > o_start else ""
            if not obj and found and coordinated and span_start == start_i:
                # "… killed and 353 injured": the object of the count before
                obj = found[-1].object
            if sources is None:
                sources = _sources(sent)
            first = min(span_start, start_i)
            last = max(span_end, end)
            found.append(
                Count(
                    type=kind,
                    number=value,
                    object=obj,
                    start=toks[first].idx,
                    end=toks[last - 1].idx + len(toks[last - 1].text),
                    estimate=estimate,
                    source=_source_at(sources, toks[start_i].idx - sent.start_char),
                )
            )
        i = i_next
    return found


@register("counts")
class CountsAnalyzer:
    """Event counts (KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE) with sources."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc"})
    assigns: ClassVar[frozenset[str]] = frozenset({"counts"})
    default: ClassVar[bool] = True
    # Russian: lemma and parse rules (analyzers/russian/counts.py)
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})
    requires_ru: ClassVar[frozenset[str]] = frozenset({"doc.parse"})

    def initialize(self) -> None:
        """Nothing to load: the lexicons are module constants."""

    def __call__(self, article: Article) -> None:
        assert article.doc is not None, "the pipeline parses before analyzers run"
        flagged = [(p.start, p.end) for p in article.paragraphs if p.is_flagged]
        counts: list[Count] = []
        if article.language == "ru":
            from slant.analyzers.russian.counts import find_counts_ru

            for sent in article.doc.sents:
                if not any(s <= sent.start_char < e for s, e in flagged):
                    counts.extend(find_counts_ru(sent))
            article.counts = counts
            return
        for sent in article.doc.sents:
            if any(s <= sent.start_char < e for s, e in flagged):
                continue
            if not any(_has_digit_or_word(t) for t in sent):
                continue  # most sentences hold no number: skip the rules
            counts.extend(find_counts(sent))
        article.counts = counts


def _has_digit_or_word(t: Token) -> bool:
    return t.like_num or t.lower_ in _UNITS or t.lower_ in _VAGUE or t.lower_ == "dozen"
