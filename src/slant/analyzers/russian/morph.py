"""Russian word forms with pymorphy2 (through natasha's MorphVocab): nominative names."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["morph_vocab", "nominative", "nominative_word"]

# the grammemes that must agree when the tagged form picks a pymorphy parse
_AGREE = ("Case", "Number", "Gender")


@functools.lru_cache(maxsize=1)
def morph_vocab() -> Any:
    """natasha's MorphVocab (pymorphy2 with its Russian dictionaries), once per process."""
    from natasha import MorphVocab

    return MorphVocab()


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
    return _restore_case(form.word, word) if form is not None else word


def _token_nominative(token: Token) -> str:
    feats = tuple(sorted(token.morph.to_dict().items()))
    return nominative_word(token.text, token.pos_, feats)


def nominative(span: Span, *, all_words: bool = False) -> str:
    """The name in ``span`` in the nominative ("Министерства обороны России" →
    "Министерство обороны России", "Марии Захаровой" → "Мария Захарова").

    Words up to and including the first noun are inflected (their complements stay in
    their case); with ``all_words`` (person names) every word is.
    """
    out: list[str] = []
    inflect = True
    for token in span:
        text = _token_nominative(token) if inflect else token.text
        out.append(text + token.whitespace_)
        if not all_words and token.pos_ in ("NOUN", "PROPN"):
            inflect = False
    return "".join(out).strip()
