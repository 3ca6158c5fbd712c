"""Words an article uses as a company's name: the cue that keeps "Ford" the company apart
from Gerald Ford in the entities analyzer's one-type-per-person repair.

An article can name both a person and the company that bears the surname ("The museum
honours Gerald Ford … Ford shares fell 2 percent"). :func:`company_words` finds the
capitalised words the article itself marks as a company somewhere: followed by a
company's suffix ("Ford Motor", "Ford Co.", "Ford Inc"), by its shares or stock ("Ford
shares fell", "Ford's stock"), set beside a company noun ("Ford, the automaker,",
"carmaker Ford"). A name followed by a word that a person's things also take
("Trump Organization", "Trump campaign", "Trump administration") is not such a cue, and
neither is "shares" as a verb ("Trump shares his view").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["company_words"]

# a company's suffix right after its name ("Ford Motor", "Ford Co.")
_SUFFIXES = frozenset(
    "inc corp corporation co ltd llc plc lp ag sa nv gmbh motor motors airlines airways "
    "bank pharmaceuticals holdings".split()
)
_MARKET = frozenset("shares share stock stocks shareholders".split())
# a company noun in apposition ("Ford, the automaker,"), the head of its phrase
_NOUNS = frozenset(
    "automaker carmaker company firm manufacturer maker conglomerate retailer airline "
    "insurer lender bank corporation".split()
)
# an industry's noun before the name ("carmaker Ford"; not "the company Trump founded")
_BEFORE = frozenset(
    "automaker carmaker manufacturer conglomerate retailer airline insurer lender".split()
)
_HEAD_END = frozenset({",", ".", ";", ":", ")", "that", "which", "said", "says"})
# after "shares" these make it a verb ("Trump shares his view")
_OBJECTS = frozenset(
    "his her its their the a an this that these those my our your some many".split()
)
_POSSESSIVE = frozenset({"'s", "’s"})


def _word(doc: Doc, i: int) -> str:
    """The lower-cased token ``i`` without a final dot ("co." → "co"); "" outside ``doc``."""
    if not 0 <= i < len(doc):
        return ""
    w = doc[i].lower_
    return w.rstrip(".") if len(w) > 1 else w


def company_words(doc: Doc) -> frozenset[str]:
    """The capitalised words of ``doc`` that the article marks as a company's name at least
    once (see the module): word shapes only, as the ``ents`` parse level has no tagger."""
    found: set[str] = set()
    for t in doc:
        if not (t.is_alpha and t.text[:1].isupper()):
            continue
        i = t.i + 1
        if _word(doc, i) in _POSSESSIVE:
            i += 1  # "Ford's shares"
        after = _word(doc, i)
        market = after in _MARKET and _word(doc, i + 1) not in _OBJECTS
        suffix = i == t.i + 1 and after in _SUFFIXES and doc[i].text[:1].isupper()
        # ", the automaker," / ", the Detroit carmaker, said": the noun heads the apposition
        apposition = _word(doc, t.i + 1) == "," and _word(doc, t.i + 2) in ("the", "a", "an")
        apposition = apposition and any(
            _word(doc, k) in _NOUNS and _word(doc, k + 1) in _HEAD_END
            for k in range(t.i + 3, min(t.i + 6, len(doc)))
        )
        before = _word(doc, t.i - 1) in _BEFORE
        if market or suffix or apposition or before:
            found.add(t.text)
    return frozenset(found)
