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
164"), else one that opens or closes its sentence, if any (see
:func:`slant.analyzers._count_sources.clause_sources`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from slant.analyzers import register
from slant.analyzers._count_sources import clause_sources, source_at
from slant.analyzers._lives import LIFE_VERBS, lives_after, takes_lives
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


def _end(t: Token) -> int:
    """Character offset (into the doc's text) where token ``t`` ends."""
    return t.idx + len(t.text)


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


def find_counts(sent: Span, text: str | None = None) -> list[Count]:
    """Counts found in one sentence (a spaCy span); ``text``: the doc's text, passed once
    (``doc.text`` joins every token again on each read: per sentence, O(n²) per article)."""
    toks = sent
    text = sent.doc.text if text is None else text
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
        if (
            ev is None
            and k < n
            and toks[k].lower_ == "lost"
            and lives_after(text, _end(toks[end - 1]))
        ):
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
        elif prev in LIFE_VERBS and takes_lives(text, _end(toks[b])):
            kind, ev_start = KILL, b  # "the outbreak has claimed at least 165 lives"
        elif (
            prev == "of"
            and b >= 3
            and toks[b - 3].lower_ in LIFE_VERBS
            and takes_lives(text, _end(toks[b - 3]))
        ):
            kind, ev_start = KILL, b - 3  # "took the lives of six million people"
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
                sources = clause_sources(sent)
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
                    source=source_at(sources, toks[start_i].idx - sent.start_char),
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
                    counts.extend(find_counts_ru(sent, article.text))
            article.counts = counts
            return
        for sent in article.doc.sents:
            if any(s <= sent.start_char < e for s, e in flagged):
                continue
            if not any(_has_digit_or_word(t) for t in sent):
                continue  # most sentences hold no number: skip the rules
            counts.extend(find_counts(sent, article.text))
        article.counts = counts


def _has_digit_or_word(t: Token) -> bool:
    return t.like_num or t.lower_ in _UNITS or t.lower_ in _VAGUE or t.lower_ == "dozen"
