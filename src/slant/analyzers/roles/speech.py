"""Speech cues of a role mention: is it quoted, does it speak.

Articles let their heroes speak and quote what their villains are accused of: among the
English SemEval-2025 gold mentions, 13 % of the protagonists stand next to a speech verb
("X said", "according to X") against 2 % of the antagonists, and 17 % of the innocents stand
inside quotation marks against 9 % of the antagonists. Two cues per mention, from the text
alone (no parse):

* **quoted**: inside quotation marks on its line (an odd number of straight quotes before
  it, or more opening than closing curly ones);
* **speaks**: a speech verb right after it ("X said", "X has told") or "according to",
  "said", "told" right before it ("according to X").

:func:`speech_matrix` gives both for the mention and their means over its referent's
mentions (slant's own, as the analyzer sees them): the four columns the roles model appends
to its rows when built with them (``RoleModel.speech``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from slant.analyzers.roles.features import RoleMention

__all__ = ["SPEECH_WIDTH", "speech_cues", "speech_matrix"]

SPEECH_WIDTH = 4
_SAY = re.compile(
    r"^\W{0,3}(?:has |had |have )?(?:said|says|say|told|stated|added|noted|claimed|declared"
    r"|wrote|argued|insisted|warned|explained|tweeted|announced)\b",
    re.I,
)
_SAID_BY = re.compile(r"(?:according to|said|says|told)\s+(?:the\s+)?$", re.I)


def speech_cues(text: str, start: int, end: int) -> tuple[float, float]:
    """(quoted, speaks) of the mention ``text[start:end]`` (see the module)."""
    line = text.rfind("\n", 0, start) + 1
    before = text[line:start]
    opening, closing = before.count("\u201c"), before.count("\u201d")
    quoted = (before.count('"') + opening - closing) % 2 == 1 or opening > closing
    speaks = bool(_SAY.match(text[end : end + 40])) or bool(
        _SAID_BY.search(text[max(line, start - 30) : start])
    )
    return float(quoted), float(speaks)


def speech_matrix(
    text: str, mentions: Sequence[RoleMention], context: Sequence[RoleMention] | None = None
) -> np.ndarray:
    """The speech columns of ``mentions``: their cues, then the mean cues of their referent.

    Args:
        text: the article.
        mentions: the mentions to describe.
        context: the mentions that give each key its mean (default: ``mentions``); a key
            absent from it gets the mention's own cues.
    """
    ctx = list(mentions if context is None else context)
    own = np.array([speech_cues(text, m.start, m.end) for m in mentions], np.float32)
    ctx_cues = np.array([speech_cues(text, m.start, m.end) for m in ctx], np.float32)
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for m, row in zip(ctx, ctx_cues, strict=True):
        sums[m.key] = sums.get(m.key, np.zeros(2, np.float32)) + row
        counts[m.key] = counts.get(m.key, 0) + 1
    out = np.zeros((len(mentions), SPEECH_WIDTH), np.float32)
    for i, m in enumerate(mentions):
        out[i, :2] = own[i]
        out[i, 2:] = sums[m.key] / counts[m.key] if m.key in counts else own[i]
    return out
