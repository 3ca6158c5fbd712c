"""Russian word forms with pymorphy2 (through natasha's MorphVocab): nominative names."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["is_title_noun", "morph_vocab", "nominative", "nominative_word"]

# the grammemes that must agree when the tagged form picks a pymorphy parse
_AGREE = ("Case", "Number", "Gender")


@functools.lru_cache(maxsize=1)
def morph_vocab() -> Any:
    """natasha's MorphVocab (pymorphy2 with its Russian dictionaries), once per process."""
    from natasha import MorphVocab

    return MorphVocab()


@functools.lru_cache(maxsize=10_000)
def is_title_noun(word: str) -> bool:
    """Whether ``word`` is a dictionary noun for a person that is never a name ("Иммунолог",
    "Сенатор", "Президент"; not "Александр", "Лев", "Роза" or an unknown word)."""
    import pymorphy2

    low = word.lower()
    if not low.isalpha() or not morph_vocab().word_is_known(low):
        return False
    parses = pymorphy2.MorphAnalyzer.parse(morph_vocab(), low)
    tags = [p.tag for p in parses]
    return (
        bool(tags)
        and tags[0].POS == "NOUN"
        and "anim" in tags[0]
        and not any(g in t for t in tags for g in ("Name", "Surn", "Patr"))
    )


def _restore_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return word


@functools.lru_cache(maxsize=100_000)
def nominative_word(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    """``word`` in the nominative, keeping its number and gender, as tagged (``feats``).

    The pymorphy2 parse that agrees best with the tagger's case, number and gender is
    inflected; a word that is already nominative, indeclinable or unknown is kept.
    """
    tagged = dict(feats)
    if tagged.get("Case") in (None, "Nom") or not any(ch.isalpha() for ch in word):
        return word
    parses = morph_vocab().parse(word)
    if not parses:
        return word

    def agreement(p: Any) -> tuple[int, float]:
        same = sum(p.feats.get(k) == tagged.get(k) for k in _AGREE if k in tagged)
        return (same + (p.pos == pos), p.score)

    best = max(parses, key=agreement)
    grams = {"Nom"}
    if tagged.get("Number") == "Plur" or best.feats.get("Number") == "Plur":
        grams.add("Plur")
    try:
        form = best.inflect(grams)
    except (KeyError, ValueError):
        form = None
    nominative = form.word if form is not None else word
    if pos == "PROPN" and tagged.get("Gender") == "Masc" and tagged.get("Number") != "Plur":
        nominative = _foreign_masculine(word, tagged["Case"], nominative)
    return _restore_case(nominative, word)


# a masculine name's case endings, by case, and what its nominative ends in instead
_MASC_ENDINGS = {
    "Gen": ("а", "я"),
    "Acc": ("а", "я"),
    "Dat": ("у", "ю"),
    "Ins": ("ом", "ем", "ём"),
}
_ADJECTIVAL = ("ого", "его", "ому", "ему", "ым", "им", "ой", "ий", "ый")
_VOWELS = frozenset("аеёиоуыэюя")
_HUSHING = frozenset("жшщчц")


def _foreign_masculine(word: str, case: str, guessed: str) -> str:
    """The nominative of a masculine name pymorphy does not know ("Шольца" → "Шольц",
    "Олафа" → "Олаф", "Борреля" → "Боррель"): its ending taken off, where pymorphy's guess
    inserts a vowel ("Шольца" → "Шолец", as "отца" → "отец") or keeps the word as it is.
    Dictionary words ("Кравца" → "Кравец") keep pymorphy's form."""
    low = word.lower()
    if low.endswith(_ADJECTIVAL):  # "Зеленскому", "Коломойского": pymorphy knows these
        return guessed
    ending = next((e for e in _MASC_ENDINGS.get(case, ()) if low.endswith(e)), None)
    if ending is None or len(low) - len(ending) < 2 or morph_vocab().word_is_known(low):
        return guessed
    stem = low[: -len(ending)]
    if guessed.lower() in {stem, stem + "ь", stem + "й"}:
        return guessed
    if ending[0] in "аоу" or stem[-1] in _HUSHING:
        return stem
    # "я", "ю", "ем" after a soft consonant or a vowel: "Борреля" → "Боррель", "Андрея" →
    # "Андрей"
    return stem + ("й" if stem[-1] in _VOWELS else "ь")


def _token_nominative(token: Token, case: str | None = None) -> str:
    feats = token.morph.to_dict()
    if case is not None:
        feats["Case"] = case
    return nominative_word(token.text, token.pos_, tuple(sorted(feats.items())))


def _name_case(span: Span) -> str | None:
    """The case "Nom" when most words of a person's name are tagged nominative and some are not:
    the tagger sometimes gives one word of a name its own case ("Колумнистка Виктория
    Никифорова" with the first word genitive), and a nominative name stays as it is."""
    cases = [t.morph.get("Case")[0] for t in span if t.morph.get("Case")]
    if len(set(cases)) < 2:
        return None
    return "Nom" if cases.count("Nom") * 2 > len(cases) else None


def nominative(span: Span, *, all_words: bool = False) -> str:
    """The name in ``span`` in the nominative ("Министерства обороны России" →
    "Министерство обороны России", "Марии Захаровой" → "Мария Захарова").

    Words up to and including the first noun, and before any preposition, are inflected
    (their complements stay in their case); with ``all_words`` (person names) every word is.
    """
    out: list[str] = []
    inflect = True
    case = _name_case(span) if all_words else None
    for token in span:
        text = _token_nominative(token, case) if inflect else token.text
        out.append(text + token.whitespace_)
        if not all_words and token.pos_ in ("NOUN", "PROPN", "ADP"):
            inflect = False  # (and after a preposition: "один из комментаторов")
    return "".join(out).strip()
