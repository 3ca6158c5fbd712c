"""What a quote is: the class of its cue, from the cue's lemma.

Every quote gets one of :data:`CUE_CLASSES`:

* ``speech``: words said or written ("said", "told", "added", "according to", "tweeted");
* ``thought/belief``: an inner state ("believes", "thinks", "fears", "hopes", "knows");
* ``intention``: what the speaker means to do ("wants", "plans", "vowed", "promised");
* ``other``: a stance, an act or a finding ("opposed", "endorsed", "a poll found"), and a
  cue followed by the *topic* rather than the words ("commenting on", "referring to").

The lemma comes from a small lexicon of inflected forms (the shared parse runs no
lemmatizer). A cue of several words takes the class of its first word in the lexicon,
after auxiliaries and adverbs ("has also said" → say → speech). A direct quote with no
cue is ``speech``; any other quote with no cue is ``other``.

A verb of attitude ("opposed", "supported", "criticized", "praised", "condemned") whose
content is a noun phrase reports a stance towards a thing, not words: "residents opposed
a two-fold increase", "Blinken criticized the decision" are ``other`` (the caller, which
has the parse, says so with ``noun_phrase``); with a clause or a quote ("criticized the
decision, saying that …", "condemned it as “barbaric”") the class is the verb's own.
"""

from __future__ import annotations

import re

__all__ = ["CUE_CLASSES", "cue_class", "cue_lemma"]

CUE_CLASSES = ("speech", "thought/belief", "intention", "other")

_LEXICON = {
    "speech": (
        "say tell add note write ask report announce suggest tweet post argue explain "
        "continue acknowledge declare claim state insist warn reply respond answer recall "
        "conclude reveal admit deny confirm assert contend maintain allege complain observe "
        "remark emphasize emphasise stress testify disclose concede agree disagree charge "
        "counter propose urge caution describe accuse criticize criticise praise blame "
        "question demand mention point joke quip boast comment reiterate predict call "
        "cite quote retort exclaim shout yell whisper speak talk discuss inform assure "
        "express voice blast slam attack dismiss defend decry denounce condemn lament "
        "brag repeat read statement remarks interview according announcement reportedly "
        "reaffirm affirm hail indicate"
    ),
    "thought/belief": (
        "believe think fear hope know feel expect worry doubt suspect consider assume "
        "suppose wonder understand realize realise see view regard reckon imagine trust "
        "guess estimate speculate recognize recognise remember learn deem sense convince "
        "sure concern concerned belief opinion"
    ),
    "intention": (
        "want plan intend vow promise pledge aim seek wish threaten decide try attempt "
        "mean prepare commit resolve determine refuse strive"
    ),
}
# Forms the suffix rules below get wrong.
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "saw": "see",
    "seen": "see",
    "sees": "see",
    "meant": "mean",
    "sought": "seek",
    "spoke": "speak",
    "spoken": "speak",
    "understood": "understand",
    "learnt": "learn",
    "according": "according",
    "remarks": "remarks",
    "views": "view",
    "beliefs": "belief",
    "opinions": "opinion",
    "concerns": "concern",
    "statements": "statement",
}
# Words a cue may hold before its verb ("has also said", "is expected to").
_SKIP = frozenset(
    "has have had is was were are be been being will would could should may might must "
    "also not never later then again repeatedly previously publicly privately "
    "to do does did n't not".split()
)
# A cue ending in one of these names the topic, not the words: "commenting on his remarks".
_TOPIC_PREPOSITIONS = frozenset({"on", "about", "of", "to", "over", "regarding"})
# ... except these, whose preposition introduces the content or the listener.
_TOPIC_EXCEPT = frozenset({"according", "call", "point", "tell", "say", "add", "write"})

# Verbs of attitude: with a noun phrase for content they report a stance, not words.
_ATTITUDES = frozenset(
    "oppose support back endorse reject welcome favor favour applaud hail laud praise "
    "criticize criticise condemn denounce decry deplore slam blast lambast attack blame "
    "dismiss defend resist accept approve disapprove like dislike hate love".split()
)
# "expressed concern", "voiced support": the noun after the verb says what is reported
_STATE_VERBS = frozenset({"express", "voice", "raise", "share", "signal"})
_STATES = {
    **dict.fromkeys(
        "concern concerns fear fears hope hopes doubt doubts worry worries belief confidence "
        "optimism pessimism skepticism scepticism regret frustration anger dismay alarm "
        "surprise disappointment satisfaction sympathy".split(),
        "thought/belief",
    ),
    **dict.fromkeys(
        "intention intent plan plans desire wish readiness willingness determination".split(),
        "intention",
    ),
    **dict.fromkeys("support opposition solidarity condolences gratitude thanks".split(), "other"),
}
_CLASS_OF: dict[str, str] = {}
for _cls, _words in _LEXICON.items():
    for _w in _words.split():
        _CLASS_OF.setdefault(_w, _cls)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def cue_lemma(word: str) -> str:
    """The lemma of one cue word ("said" → "say", "believes" → "believe")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in _CLASS_OF or w in _STATE_VERBS or w in _ATTITUDES:
        return w
    candidates = []
    if w.endswith("ies") or w.endswith("ied"):
        candidates.append(w[:-3] + "y")
    if w.endswith("ing"):
        stem = w[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])  # "quipping" → "quip"
    if w.endswith("ed"):
        stem = w[:-2]
        candidates += [stem, w[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])  # "admitted" → "admit"
    if w.endswith("es"):
        candidates.append(w[:-2])
    if w.endswith("s"):
        candidates.append(w[:-1])
    for c in candidates:
        if c in _CLASS_OF or c in _STATE_VERBS or c in _ATTITUDES:
            return c
    return w


def cue_class(
    cue: str | None,
    kind: str = "indirect",
    content: str | None = None,
    *,
    noun_phrase: bool = False,
) -> str:
    """The class of a cue's text (``None``: no cue; a direct quote is then speech).

    ``content`` lets "expressed concern over …" (content "concern over …") be a
    thought/belief and "voiced support for …" other, rather than speech. ``noun_phrase``
    (the content is a noun phrase, not a clause) makes a verb of attitude's quote
    ``other``: "opposed a two-fold increase".
    """
    if not cue:
        return "speech" if kind == "direct" else "other"
    words = [w.lower() for w in _WORD.findall(cue)]
    if words and cue_lemma(words[-1]) in _STATE_VERBS and content and kind != "direct":
        first = _WORD.findall(content)[:1]
        noun = cue_lemma(first[0]) if first else ""
        if noun in _STATES:
            return _STATES[noun]
    if not words:
        return "speech"  # a bare colon: "Smith: “…”"
    lemmas = [cue_lemma(w) for w in words]
    head = next((lem for lem in lemmas if lem not in _SKIP and lem in _CLASS_OF), None)
    if noun_phrase and kind == "indirect" and (head or lemmas[-1]) in _ATTITUDES:
        return "other"
    if (
        len(lemmas) >= 2
        and lemmas[-1] in _TOPIC_PREPOSITIONS
        and not any(lem in _TOPIC_EXCEPT for lem in lemmas)
    ):
        return "other"
    for lem in lemmas:
        if lem in _SKIP:
            continue
        if lem in _CLASS_OF:
            return _CLASS_OF[lem]
    return "other"
