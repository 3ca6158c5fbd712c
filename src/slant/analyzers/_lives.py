"""Lives taken: "the storm claimed 12 lives", "took the lives of 11 people".

One definition for every analyzer that meets these words: :mod:`slant.analyzers.counts`
reads them as a KILL count, and its clause sources (:mod:`slant.analyzers._count_sources`)
do not read "claimed" there as an attribution (the storm is not a source). "The ministry
claimed 3,811 were detained" counts no lives: there "claimed" attributes.
"""

from __future__ import annotations

import re

__all__ = ["LIFE_VERBS", "TAKEN_LIVES", "lives_after", "takes_lives"]

#: Word forms of the verbs that take lives ("claimed 165 lives", "took 12 lives", "cost 40").
LIFE_VERBS = frozenset(
    "claim claims claimed claiming take takes took taken taking cost costs costing".split()
)

# a number's object that counts lives: "165 lives", "thousands of lives", "12 more civilian
# lives" (at most three words between, none a verb or a determiner: "300 people lost their
# lives" has "people" as its object)
_NOT_BETWEEN = (
    r"(?!(?:the|a|an|their|his|her|its|our|your|my|and|or|but|were|was|are|is|have|has|had|"
    r"been|lost|saved|risked|who|which|that)\b)"
)
_LIVES = r"(?i:(?:\s+of)?(?:\s+" + _NOT_BETWEEN + r"[^\W\d_][\w-]*){0,3}?\s+lives\b)"
_APPROX = (
    r"(?:at least|at most|more than|fewer than|less than|over|nearly|almost|about|around|"
    r"some|roughly|approximately|an estimated|estimated|as many as|close to|up to|"
    r"upwards of|another)"
)
_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|dozens?|scores|tens|hundreds|"
    r"thousands|millions)"
)
_NUMBER = (
    r"(?:\d[\d,.]*|an?\s+(?:dozen|hundred|thousand)|"
    + _NUMBER_WORD
    + r"(?:(?:\s+and\s+|[\s-]+)"
    + _NUMBER_WORD
    + r")*|(?:so\s+|too\s+|how\s+)?many|countless|numerous|several|untold|more|their|his|her|"
    r"its|our)"
    r"(?:\s+(?:hundred|thousand|million|billion))?"
)
#: What follows a verb of :data:`LIFE_VERBS` when it takes lives (a regular expression, to
#: be matched right after the verb): "at least 165 lives", "50 million lives", "many lives",
#: "their lives", "the lives of 11 people". Case-insensitive wherever it is embedded.
TAKEN_LIVES = r"(?i:\s+(?:(?:" + _APPROX + r"\s+)?" + _NUMBER + _LIVES + r"|the\s+lives\s+of\b))"

_LIVES_RX = re.compile(_LIVES)
_TAKEN_RX = re.compile(TAKEN_LIVES)


def lives_after(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` (the end of a number) are the lives it counts."""
    return _LIVES_RX.match(text, pos) is not None


def takes_lives(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` (the end of one of :data:`LIFE_VERBS`) count lives
    taken: "[claimed] at least 165 lives", "[took] the lives of 11 people"."""
    return _TAKEN_RX.match(text, pos) is not None
