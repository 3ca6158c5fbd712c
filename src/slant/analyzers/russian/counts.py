"""Russian event counts: KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE.

Rules over the Russian parse (lemmas and the dependency tree, so every case form counts:
"погибли 13 сотрудников", "13 погибших", "трое погибших", "гибель пятерых"). A number is
a digit string ("3811", "3 811", "1,5 тыс."), a numeral by lemma ("тринадцать", "трое",
"пятьсот"), or a vague quantity ("десятки" = 24, "сотни" = 200, "тысячи" = 2,000, all
estimates), with a modifier: "около", "примерно", "порядка", "почти", "свыше", "более",
"до" make it an estimate; "не менее", "по меньшей мере", "как минимум" do not (as
"at least" in English).

A number becomes a count when an event word is tied to it:

* the counted noun is itself the event ("13 погибших", "353 раненых", "сотни протестующих");
* the counted noun (or the number) is the subject or object of an event verb, before or
  after it ("задержаны 3811 человек", "13 сотрудников погибли", "изъяли 5 автоматов");
* an event verb stands just before the number ("погибли 13 …") when the parse is unsure.

Years, percentages, money, dates and clock times are not counts. ``source`` is the
attribution of the sentence ("по данным МВД", "сообщили в Минздраве", "передаёт ТАСС").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slant.annotations import Count
from slant.labels import COUNT_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["EVENT_LEMMAS", "find_counts_ru", "number_value"]

KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE = COUNT_TYPES

# Lemmas of event verbs, participles and nouns → type (natasha/pymorphy lemmas).
EVENT_LEMMAS: dict[str, str] = {
    **dict.fromkeys(
        "погибнуть убить гибнуть убивать скончаться умереть погибший убитый гибель смерть "
        "жертва расстрелять казнить погибать умерший уничтожить ликвидировать".split(),
        KILL,
    ),
    **dict.fromkeys(
        "ранить ранение раненый ранен пострадать пострадавший госпитализировать "
        "травмировать травма".split(),
        WOUND,
    ),
    **dict.fromkeys(
        "задержать задерживать арестовать арестовывать задержание арест задержанный "
        "арестованный арестован задержан".split(),
        ARREST,
    ),
    **dict.fromkeys("похитить похищение похищенный заложник похищать".split(), KIDNAP),
    **dict.fromkeys(
        "протестующий митингующий демонстрант протестовать митинговать манифестант".split(),
        PROTEST,
    ),
    **dict.fromkeys("эвакуировать эвакуированный эвакуация беженец переселенец".split(), AFFECT),
    **dict.fromkeys("изъять изымать конфисковать изъятый захватить".split(), SEIZE),
}
# nouns that stand for the event itself, not for who is counted ("гибель пятерых")
_EVENT_OF = frozenset({"гибель", "смерть", "задержание", "арест", "похищение", "эвакуация"})
# verbs whose object names the event: "получили ранения", "стали жертвами"
_LIGHT_VERBS = frozenset(
    {"получить", "получать", "стать", "становиться", "оказаться", "оказываться", "взять"}
)
_DESTROY = frozenset({"уничтожить", "ликвидировать", "уничтожать"})
_ONE = frozenset({"один", "одна", "одно"})

_UNITS = {
    "ноль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11,
    "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200,
    "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700,
    "восемьсот": 800, "девятьсот": 900, "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5,
    "шестеро": 6, "семеро": 7, "восьмеро": 8, "девятеро": 9, "десятеро": 10,
    "оба": 2, "полтора": 1.5,
}  # fmt: skip
_MULT = {"тысяча": 1e3, "тыс": 1e3, "миллион": 1e6, "млн": 1e6, "миллиард": 1e9, "млрд": 1e9}
_VAGUE = {"десяток": 24, "сотня": 200, "тысяча": 2000, "несколько": 3, "дюжина": 12}
_ONE_OF = {"десяток": 10, "сотня": 100, "тысяча": 1000}  # in the singular
_TENS = {"десяток": 10, "сотня": 100}  # "три десятка" = 30
_ESTIMATE = ("около", "примерно", "порядка", "почти", "свыше", "более", "до", "приблизительно")
_AT_LEAST = ("не менее", "по меньшей мере", "как минимум", "минимум", "по крайней мере")
_NOT_HEADS = frozenset(
    """год месяц день неделя час минута секунда процент рубль доллар евро гривна тенге
    километр метр тонна литр гектар раз балл место этаж января февраля""".split()
)
_MONTHS = re.compile(
    r"^(январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)", re.I
)
_SOURCE = (
    re.compile(r"\b[Пп]о (?:данным|информации|сообщению|словам) ([^,.;]+)"),
    re.compile(r"\b(?:сообщает|передает|передаёт|пишет|сообщили в|сообщил[аи]? в) ([^,.;]+)"),
    re.compile(r"[,—]\s*(?:сообщил[аои]?|заявил[аои]?|сообщает|передает|передаёт) ([^,.;]+)\.?$"),
)


def number_value(tok: Token) -> tuple[float, bool] | None:
    """(value, vague?) of one token: digits ("3811", "1,5") or a numeral by lemma."""
    text = tok.text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", ".")), False
    lemma = tok.lemma_.lower()
    if lemma in _UNITS:
        return float(_UNITS[lemma]), False
    if lemma in _VAGUE and tok.pos_ in ("NOUN", "NUM", "ADV", "DET"):
        if "Sing" in tok.morph.get("Number") and lemma in _ONE_OF:
            return float(_ONE_OF[lemma]), True  # "с десятком специалистов": about ten
        return float(_VAGUE[lemma]), True
    return None


def _number_at(sent: Span, i: int) -> tuple[int, float, bool] | None:
    """(end index, value, vague) of the number starting at sentence token ``i``."""
    doc = sent.doc
    got = number_value(doc[i])
    if got is None:
        return None
    value, vague = got
    j = i + 1
    # compound numerals and digit groups: "двадцать пять", "3 811"
    while j < sent.end:
        nxt = number_value(doc[j])
        if nxt is None or nxt[1]:
            break
        if doc[j].text.isdigit() and len(doc[j].text) == 3 and doc[j - 1].text.isdigit():
            value = value * 1000 + nxt[0]
        elif nxt[0] < value and not doc[j].text.isdigit():
            value += nxt[0]
        else:
            break
        j += 1
    if j < sent.end and not vague and doc[j].lemma_.lower() in _TENS:
        value *= _TENS[doc[j].lemma_.lower()]  # "три десятка людей": 30
        j += 1
    if j < sent.end:
        mult = doc[j].lemma_.lower().rstrip(".")
        if mult in _MULT and not vague:
            value *= _MULT[mult]
            j += 1 + (j + 1 < sent.end and doc[j + 1].text == ".")
        elif vague and mult in _MULT:  # "десятки тысяч"
            value *= _MULT[mult]
            j += 1
    return j, value, vague


def _modifier(sent: Span, i: int) -> tuple[int, bool]:
    """(start index, estimate?) of a modifier just before the number."""
    doc = sent.doc
    before = doc[max(sent.start, i - 3) : i].text.lower()
    for phrase in _AT_LEAST:
        if before.endswith(phrase):
            return i - len(phrase.split()), False
    if i > sent.start:
        word = doc[i - 1].lower_
        if word in _ESTIMATE:
            start = i - 1
            if word == "более" and i - 2 >= sent.start and doc[i - 2].lower_ == "не":
                return i - 2, False
            return start, True
        if word == "чем" and i - 2 >= sent.start and doc[i - 2].lower_ == "более":
            return i - 2, True
    return i, False


def _event(tok: Token) -> str | None:
    return EVENT_LEMMAS.get(tok.lemma_.lower().replace("ё", "е")) or EVENT_LEMMAS.get(
        tok.lemma_.lower()
    )


def _object_span(noun: Token, num_end: int) -> tuple[int, int]:
    """Token range of the counted noun phrase: the noun and the words after it that belong
    to it ("сотрудников правоохранительных органов"), at most five."""
    inside = {t.i for t in noun.subtree}
    end = noun.i + 1
    for t in noun.doc[noun.i + 1 : min(noun.i + 6, noun.sent.end)]:
        if t.i in inside and t.pos_ in ("NOUN", "ADJ", "PROPN") and t.dep_ not in ("conj",):
            end = t.i + 1
        else:
            break
    start = noun.i
    while start - 1 >= num_end and noun.doc[start - 1].pos_ == "ADJ":
        start -= 1
    return start, end


def _source(sent: Span) -> str | None:
    for rx in _SOURCE:
        m = rx.search(sent.text)
        if m:
            src = m.group(1).strip()
            if src and not re.search(r"\d", src):
                return src
    return None


def _event_of(
    sent: Span, tok: Token, noun: Token | None, start: int, end: int
) -> tuple[str | None, Token | None]:
    """The event tied to a number (``tok``) and its counted noun, and its token."""
    doc = sent.doc
    if end + 1 < sent.end and doc[end].lower_ == "из" and _event(doc[end + 1]):
        return None, None  # "один из задержанных": part of a group counted elsewhere
    one = tok.lemma_.lower() in _ONE or tok.lower_.startswith("одн")
    if noun is not None and _event(noun) and noun.lemma_ not in _EVENT_OF and not one:
        return _event(noun), noun  # "13 погибших", "сотни протестующих"
    # up the tree: "задержаны 3811 человек", "не менее 40 человек погибли", "погибли трое";
    # a coordinated noun takes its first conjunct's verb ("изъяли 15 автоматов и 3 тыс. …"),
    # a coordinated clause does not ("трое ранены, ещё семерых ищут"). "один" is mostly a
    # pronoun or an article: only its own head counts.
    node = noun if noun is not None else tok
    depth = 1 if one else 3
    for _ in range(depth):
        head = node.head
        if head.i == node.i or (node.dep_ == "conj" and node.pos_ == "VERB"):
            break
        if node.dep_ in ("acl:relcl", "parataxis"):
            break  # "уничтожил канал, на котором было 3 миллиона подписчиков"
        if _event(head):
            if _is_thing(head, noun):
                return None, None
            return _event(head), head
        if head.lemma_ in _LIGHT_VERBS:  # "353 человека получили ранения"
            for child in head.children:
                if child.dep_ in ("obj", "obl", "nsubj") and _event(child):
                    return _event(child), child
        node = head
    if depth == 1:
        return None, None
    # the parse is unsure: an event verb just before the number (no comma between) or just
    # after the noun
    for t in reversed(doc[max(sent.start, start - 3) : start]):
        if t.is_punct:
            break
        if _event(t) and t.pos_ == "VERB" and not _is_thing(t, noun):
            return _event(t), t
    after = (noun.i + 1) if noun is not None and noun.i >= end else end
    for t in doc[after : min(after + 2, sent.end)]:
        if _event(t) and t.pos_ == "VERB" and not _is_thing(t, noun):
            return _event(t), t
    return None, None


def _inanimate(noun: Token | None, event: Token) -> bool:
    """The counted noun names things, not people ("94 машины", "трёх взрывных устройств",
    "обеих ног"), and is not the event itself."""
    return noun is not None and noun.i != event.i and "Inan" in noun.morph.get("Animacy")


def _is_thing(verb: Token, noun: Token | None) -> bool:
    """Destroying things is no KILL ("уничтожили 13 танков": the counted noun is
    inanimate)."""
    return (
        noun is not None
        and _event(verb) == KILL
        and verb.lemma_ in _DESTROY
        and "Inan" in noun.morph.get("Animacy")
    )


def find_counts_ru(sent: Span, text: str | None = None) -> list[Count]:
    """Counts found in one Russian sentence; ``text``: the doc's text, passed once
    (``doc.text`` joins every token again on each read)."""
    doc = sent.doc
    text = doc.text if text is None else text
    found: list[Count] = []
    source: str | bool | None = False
    i = sent.start
    while i < sent.end:
        num = _number_at(sent, i)
        if num is None:
            i += 1
            continue
        end, value, vague = num
        tok = doc[i]
        nxt = doc[end] if end < sent.end else None
        # years, dates, percentages, money, times, model names: not head counts
        glued = tok.idx > 0 and (text[tok.idx - 1].isalpha() or text[tok.idx - 1] in ":-")
        if (
            glued  # "13:50", "G7", "М119"
            or re.fullmatch(r"(1[89]|20)\d\d", tok.text)
            or (nxt is not None and (nxt.text in ("%", ":", "-") or _MONTHS.match(nxt.text)))
            or (nxt is not None and nxt.lemma_.lower() in _NOT_HEADS)
        ):
            i = end
            continue
        start, estimate = _modifier(sent, i)
        estimate = estimate or vague
        # the counted noun: the number's head (UD nummod / nummod:gov), else the next noun
        noun = tok.head if tok.dep_.startswith("nummod") and tok.head.i >= end else None
        # (a participle used as a noun counts, "сотни протестующих"; a finite verb does not:
        # "один погиб" counts the number itself, the verb's subject)
        is_noun = nxt is not None and (
            nxt.pos_ in ("NOUN", "ADJ", "PROPN")
            or (nxt.pos_ == "VERB" and "Part" in nxt.morph.get("VerbForm"))
        )
        if noun is None and is_noun:
            noun = (
                nxt
                if nxt.pos_ != "ADJ"
                else next((t for t in doc[end : min(end + 3, sent.end)] if t.pos_ == "NOUN"), nxt)
            )
        kind, ev_tok = _event_of(sent, tok, noun, start, end)
        if (
            kind is None
            or ev_tok is None
            or (kind != SEIZE and _inanimate(noun, ev_tok))
            or any(t.lemma_ == "который" for t in doc[min(ev_tok.i, i) : max(ev_tok.i, i)])
        ):
            # "пострадали 94 машины", "убил … два дрона": things are no victims; "уничтожил
            # канал, на котором было 3 миллиона подписчиков": another clause's number
            i = end
            continue
        obj = ""
        last = end
        if noun is not None and noun.i != ev_tok.i:
            o_start, o_end = _object_span(noun, end)
            obj = doc[o_start:o_end].text
            last = max(last, o_end)
        elif noun is not None and noun.i == ev_tok.i:
            obj = ""
        if kind == SEIZE and obj.split()[:1] and doc[noun.i].lemma_ in ("человек", "заложник"):
            kind = KIDNAP
        first = min(start, ev_tok.i)
        last = max(last, ev_tok.i + 1)
        if source is False:
            source = _source(sent)
        found.append(
            Count(
                type=kind,
                number=value,
                object=obj,
                start=doc[first].idx,
                end=doc[last - 1].idx + len(doc[last - 1].text),
                estimate=estimate,
                source=source or None,
            )
        )
        i = end
    return found
