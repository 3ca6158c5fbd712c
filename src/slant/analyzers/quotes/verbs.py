"""The English verbs of speech the quote rules look for, in all their inflected forms.

The shared parse runs no lemmatizer, so each verb is listed as its base form and
:func:`_inflect` spells out the others ("say" → said, says, saying). :data:`CUE_VERBS` are
the reporting verbs of an indirect quote (``X said that …``), :data:`SPEECH_VERBS` the
narrower set that attributes a direct quote (``"…," he said``) and :data:`TELL_VERBS` those
whose first object is the listener. The classes of cues (speech, thought …) are in
:mod:`slant.analyzers.quotes.cues`.
"""

from __future__ import annotations

__all__ = ["CUE_VERBS", "SPEECH_VERBS", "TELL_VERBS"]

_BASES = (
    "say tell add note write ask report announce suggest tweet argue explain continue "
    "acknowledge declare claim state insist warn reply respond recall conclude believe think "
    "predict reveal admit deny confirm assert contend maintain allege complain observe remark "
    "estimate emphasize stress indicate testify disclose concede agree disagree charge "
    "counter propose promise vow pledge urge hope fear worry know expect feel caution "
    "announce describe accuse criticize praise blame question demand mention point "
    "joke quip boast comment reiterate show find speculate wonder post predict imply "
    "acknowledge recommend want"
)
_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "writes", "writing", "written"),
    "think": ("thought", "thinks", "thinking"),
    "know": ("knew", "knows", "knowing", "known"),
    "find": ("found", "finds", "finding"),
    "show": ("showed", "shows", "showing", "shown"),
    "feel": ("felt", "feels", "feeling"),
}


def _inflect(base: str) -> set[str]:
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        past, third = base[:-1] + "ied", base[:-1] + "ies"
    else:
        past = base + "d" if base.endswith("e") else base + "ed"
        third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    if base in ("admit", "quip", "commit"):
        past, ing = base + base[-1] + "ed", base + base[-1] + "ing"
    else:
        ing = stem + "ing"
    return {base, past, third, ing}


CUE_VERBS: frozenset[str] = frozenset(w for b in _BASES.split() for w in _inflect(b))
# Verbs whose first object is the listener, not the content: "told reporters that …".
TELL_VERBS = frozenset(_inflect("tell") | _inflect("ask") | _inflect("warn") | _inflect("urge"))
# Cues used after a direct quote ("…," he said). A narrower set: "showed" is no speech verb.
SPEECH_VERBS = frozenset(
    w
    for b in (
        "say tell add note write ask continue explain argue insist reply respond recall "
        "declare state warn tweet joke quip boast remark observe conclude concede admit "
        "complain acknowledge claim assert contend maintain predict urge comment reiterate "
        "announce report post promise vow suggest joke demand"
    ).split()
    for w in _inflect(b)
)
