"""GDELT-style document tone from the VADER sentiment lexicon (English articles only).

Russian articles get no tone: no Russian sentiment lexicon with a known licence ships in a
PyPI package that installs and runs offline (docs/models.md#tone says what was checked).

Like GDELT's V2Tone, every word is looked up in a sentiment lexicon and the article gets:

* ``positive``: % of words that are positive; ``negative``: % that are negative;
* ``tone``: positive − negative (−100 … +100; news usually −10 … +10);
* ``polarity``: positive + negative (how emotionally charged, whatever the direction);
* ``pronoun_density``: % of words that are personal pronouns (GDELT's "self/group
  reference density");
* ``word_count``: words counted (letters, with inner apostrophes and hyphens);
* ``valence``: mean lexicon valence of the sentiment words (−4 … +4), 0 when there are none.

The lexicon is ``vader_lexicon.txt`` from the ``vaderSentiment`` PyPI package (7,520 entries
with a mean human valence rating from −4 to +4; MIT licence; Hutto & Gilbert, ICWSM 2014).
It is read straight from the installed package: nothing is downloaded. A word counts as
positive or negative by the sign of its valence, and entries with ``|valence| <
min_valence`` are ignored. Two-word entries ("fed up") are matched as pairs. As in GDELT,
there is no negation handling: this is a word-count measure, not VADER's sentence scorer.

Text: the title and body paragraphs (teasers, datelines, boilerplate and duplicates are
left out); the whole text when the article has no paragraphs.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import ClassVar

from slant.analyzers import register
from slant.article import Article
from slant.errors import ResourceError

__all__ = ["ToneAnalyzer", "count_words", "load_lexicon", "tone_of", "tone_text"]

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
# Russian articles (Article.language "ru"): Cyrillic and Latin words
_WORD_RU = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:['’-][A-Za-zА-Яа-яЁё]+)*")
_PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "he him his himself she her hers herself it its itself they them their theirs "
    "themselves".split()
)


@functools.lru_cache(maxsize=4)
def load_lexicon(min_valence: float = 0.0) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """VADER's word → valence map and its two-word entries, read from the installed package.

    Raises:
        ResourceError: vaderSentiment is not installed.
    """
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or spec.origin is None:
        raise ResourceError("the tone lexicon is missing: pip install 'vaderSentiment==3.3.2'")
    path = Path(spec.origin).parent / "vader_lexicon.txt"
    words: dict[str, float] = {}
    pairs: dict[tuple[str, str], float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        entry, valence = parts[0].strip().lower(), float(parts[1])
        if abs(valence) < min_valence or not valence:
            continue
        tokens = entry.split()
        if len(tokens) == 2:
            pairs[(tokens[0], tokens[1])] = valence
        elif len(tokens) == 1 and _WORD.fullmatch(entry):  # emoticons never match a word
            words[entry] = valence
    return words, pairs


def count_words(text: str, language: str = "en") -> int:
    """Words in ``text`` as tone counts them (letters, with inner apostrophes and hyphens).

    The one word count of slant: tone's ``word_count`` and the web reader's both come from
    here, on :func:`tone_text`, so the two never disagree. ``language`` is the article's
    pipeline (``Article.language``): for ``"ru"`` Cyrillic words count too.
    """
    rx = _WORD_RU if language == "ru" else _WORD
    return sum(1 for _ in rx.finditer(text))


def tone_text(article: Article) -> str:
    """The text tone reads: the title and body paragraphs, one per line (teasers,
    datelines, boilerplate and duplicates left out); the whole text without paragraphs."""
    if article.paragraphs:
        return "\n".join(article.text[p.start : p.end] for p in article.body_paragraphs())
    return article.text


def tone_of(
    text: str, words: dict[str, float], pairs: dict[tuple[str, str], float]
) -> dict[str, float]:
    """GDELT-style tone figures of ``text`` (see the module docstring)."""
    tokens = [m.group().lower().replace("’", "'") for m in _WORD.finditer(text)]
    n = len(tokens)
    pos = neg = pron = 0
    total = 0.0
    i = 0
    while i < n:
        w = tokens[i]
        if w in _PRONOUNS:
            pron += 1
        valence = pairs.get((w, tokens[i + 1])) if i + 1 < n else None
        step = 2 if valence is not None else 1
        if valence is None:
            valence = words.get(w)
        if valence is not None:
            total += valence
            if valence > 0:
                pos += 1
            else:
                neg += 1
        i += step
    if n == 0:
        return {"tone": 0.0, "positive": 0.0, "negative": 0.0, "polarity": 0.0,
                "pronoun_density": 0.0, "word_count": 0, "valence": 0.0}  # fmt: skip
    p, q = 100.0 * pos / n, 100.0 * neg / n
    return {
        "tone": round(p - q, 4),
        "positive": round(p, 4),
        "negative": round(q, 4),
        "polarity": round(p + q, 4),
        "pronoun_density": round(100.0 * pron / n, 4),
        "word_count": n,
        "valence": round(total / (pos + neg), 4) if pos + neg else 0.0,
    }


@register("tone")
class ToneAnalyzer:
    """GDELT-style tone (positive/negative word shares) from the VADER lexicon."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()  # plain text: no parse needed
    assigns: ClassVar[frozenset[str]] = frozenset({"tone"})
    default: ClassVar[bool] = True

    def __init__(self, *, min_valence: float = 0.0) -> None:
        self.min_valence = min_valence

    def initialize(self) -> None:
        self.words_, self.pairs_ = load_lexicon(self.min_valence)

    def __call__(self, article: Article) -> None:
        if not hasattr(self, "words_"):
            self.initialize()
        article.tone = tone_of(tone_text(article), self.words_, self.pairs_)
