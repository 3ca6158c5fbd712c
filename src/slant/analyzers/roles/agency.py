"""Who does what to whom: a role mention's place in its clause and the polarity of the act.

Framing is largely carried by verbs: "X attacked / invaded / lied" casts X as a villain, "X was
shelled / forced to flee" or "X suffered" as a victim, "X helped / defended / negotiated" as a
hero, and a place in "unrest in X" is a setting, not an actor. For each mention, from
spaCy's dependency parse (:func:`parsed`; the default run does not compute it):

* its **slot**: ``agent`` (active subject, the "by" of a passive or of a noun: "the
  invasion by Russia"), ``patient`` (object, passive subject, the object of "on", "against",
  "to", "for", "at", "of"... : "the attack on Kyiv", "aid to Ukraine"), ``setting`` (the object
  of "in", "across", "throughout", ...), ``possessor`` ("Russia's invasion", a modifier or a
  compound: "US sanctions", "the Russian invasion": the agent of the noun), ``prep`` (another
  preposition), ``other``; a conjunct or an apposition takes its first conjunct's slot, and a
  mention that only modifies a neutral noun ("the residents of Mariupol", "Kazakhstan's
  government") takes that noun's slot (at most two steps up); a slot across a line break (a
  title the parser joined to the first sentence) is ``other``;
* the **act** it does or undergoes: the first of its predicate (the verb, or the noun of a
  possessor), the predicate's open complement ("forced to flee"), its object noun ("launched
  an invasion", "provided aid") and a copula's complement ("is a victim") that is in a hand-kept
  list: ``harm`` (attack, invade, kill, shell, threaten, sanction, occupy, lie, ...), ``help``
  (help, defend, liberate, protect, aid, negotiate, ...), ``blame`` (accuse, blame, condemn:
  the *object* is cast as the villain) or ``suffer`` (suffer, die, flee, "is a victim": the
  *subject* undergoes harm); plus the VADER valence (−4 … +4; ``vader_lexicon.txt`` of the
  ``vaderSentiment`` package, the tone analyzer's lexicon) of the act's word, or without an
  act of the first of those words that has one. The lists hold general English words of harm
  and help, none taken from an article.

The columns (:data:`MENTION_COLUMNS`): the slot one-hot, seven cross cells (agent of harm,
agent of help, agent of blame, patient of harm (a suffering subject too), patient of help,
target of blame, setting) and the valence/4 of the act for an agent and for a patient. Per
referent (:func:`referent_agency`, :data:`REFERENT_COLUMNS`): the share of its mentions in
each cross cell and the mean agent and patient valence. :func:`agency_matrix` gives both,
the columns the roles model appends to :func:`~.features.feature_matrix` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from slant.analyzers.roles.features import RoleMention

__all__ = [
    "AGENCY_WIDTH",
    "BLAME",
    "HARM",
    "HELP",
    "MENTION_COLUMNS",
    "NOUN_POS",
    "REFERENT_COLUMNS",
    "SLOTS",
    "SUFFER",
    "Agency",
    "act_candidates",
    "agency_matrix",
    "agency_of",
    "mention_agency",
    "parsed",
    "referent_agency",
    "slot_of",
]

# lemmas (verbs and their nouns) of acts that hurt someone
HARM = frozenset(
    """attack assault invade invasion occupy occupation annex annexation seize kill killing
    murder massacre slaughter execute execution shell shelling bomb bombing bombard
    bombardment shoot shooting raid besiege siege blockade ambush destroy destruction devastate
    damage wound injure harm hurt torture rape abuse terrorize terrorise terror threaten
    threat intimidate intimidation coerce coercion blackmail bully oppress oppression persecute
    persecution repress repression suppress suppression crackdown censor censorship arrest
    detain detention imprison jail deport expel displace loot plunder steal exploit
    exploitation sanction punish aggression war wage escalate escalation provoke provocation
    lie deceive deception mislead manipulate manipulation propaganda disinformation undermine
    sabotage hack interfere interference meddle violate violation betray cheat defraud bribe
    pollute poison smear demonize demonise weaponize weaponise crush overthrow topple subjugate
    enslave starve mobilize mobilise invader occupier aggressor""".split()
)
# lemmas of acts that help, protect or make peace
HELP = frozenset(
    """help aid assist assistance support defend defence defense protect protection guard
    liberate liberation free rescue save evacuate evacuation shelter feed heal donate donation
    provide supply relief negotiate negotiation mediate mediation broker reconcile
    reconciliation peace peacekeeping ceasefire truce cooperate cooperation welcome secure
    stabilize stabilise restore rebuild reconstruct reconstruction guarantee uphold champion
    empower praise honor honour thank reward volunteer comfort ally alliance partner
    partnership""".split()
)
# acts whose object is cast as the villain (the accuser is not the one harmed)
BLAME = frozenset(
    """blame accuse accusation condemn condemnation denounce criticize criticise criticism
    slam allege vilify""".split()
)
# acts and states whose subject undergoes harm ("X suffered", "X is a victim")
SUFFER = frozenset(
    """suffer suffering die death perish flee starve mourn bleed endure lose loss struggle
    victim casualty hostage refugee""".split()
)
SLOTS = ("agent", "patient", "setting", "possessor", "prep", "other")
SETTING_PREPS = frozenset("in across throughout inside within around near amid amidst".split())
TARGET_PREPS = frozenset("on upon against at to toward towards for into of over".split())
CELLS = (
    "agent_harm",
    "agent_help",
    "agent_blame",
    "patient_harm",
    "patient_help",
    "patient_blame",
    "setting",
)
MENTION_COLUMNS = (*SLOTS, *CELLS, "agent_valence", "patient_valence")
REFERENT_COLUMNS = (
    *(f"share_{c}" for c in CELLS),
    "mean_agent_valence",
    "mean_patient_valence",
)
AGENCY_WIDTH = len(MENTION_COLUMNS) + len(REFERENT_COLUMNS)
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})


@dataclass(frozen=True, slots=True)
class Agency:
    """A mention's slot, the act it does or undergoes (``act``: harm, help, blame, suffer or
    None), the act's word and its VADER valence (0 without one)."""

    slot: str
    act: str | None
    word: str
    valence: float

    @property
    def cell(self) -> str | None:
        """The cross cell (:data:`CELLS`) of slot × act, or None."""
        if self.slot == "setting":
            return "setting"
        if self.act is None or self.slot not in ("agent", "possessor", "patient"):
            return None
        if self.act == "suffer":  # "X suffered", "X's losses", "X was forced to flee"
            return "patient_harm"
        agentive = self.slot in ("agent", "possessor")
        return f"{'agent' if agentive else 'patient'}_{self.act}"


def _act(token: Any) -> str | None:
    lemma = token.lemma_.lower()
    for name, words in (("suffer", SUFFER), ("blame", BLAME), ("harm", HARM), ("help", HELP)):
        if lemma in words or token.lower_ in words:
            return name
    return None


def _valence(token: Any, lexicon: dict[str, float]) -> float | None:
    return lexicon.get(token.lower_, lexicon.get(token.lemma_.lower()))


def act_candidates(pred: Any, slot: str) -> list[Any]:
    """The words that may name the act of ``pred``: itself, its open complements, its object
    noun (for an agent: "launched an invasion"), a copula's complement ("is a victim"); for
    an agent, the same of the verbs it shares its subject with ("invaded Ukraine and killed
    civilians", "delivered medicines and pledged to help")."""
    out = [pred]
    verbs = [pred]
    if slot == "agent":
        verbs += [
            c
            for c in pred.children
            if c.dep_ == "conj"
            and c.pos_ in ("VERB", "AUX")
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ]
        out += verbs[1:]
    for verb in verbs:
        for child in verb.children:
            if child.dep_ in ("xcomp", "attr", "acomp"):
                out.append(child)
            elif child.dep_ == "dobj" and slot == "agent":
                out.append(child)
    return out


def slot_of(root: Any) -> tuple[str, Any | None]:
    """The syntactic slot of a mention's root token and the token that names its act."""
    dep, head = root.dep_, root.head
    if dep in ("nsubj", "csubj", "expl"):
        return "agent", head
    if dep in ("nsubjpass", "dobj", "iobj", "dative", "oprd"):
        return "patient", head
    if dep in ("poss", "compound", "amod", "nmod") and head.pos_ in NOUN_POS:
        return "possessor", head
    if dep == "pobj" and head.dep_ in ("prep", "agent", "dative"):
        prep, gov = head.lower_, head.head
        if head.dep_ == "agent" or prep == "by":
            return "agent", gov
        if prep in SETTING_PREPS:
            return "setting", gov
        if prep in TARGET_PREPS:
            return "patient", gov
        return "prep", gov
    return "other", None


def _crosses_line(a: Any, b: Any, text: str) -> bool:
    """Whether a line break separates tokens ``a`` and ``b`` or ``a`` and its head."""
    for other in (b, a.head):
        lo, hi = sorted((a.idx, other.idx))
        if "\n" in text[lo:hi]:
            return True
    return False


def agency_of(root: Any, lexicon: dict[str, float], text: str | None = None) -> Agency:
    """The :class:`Agency` of a mention whose root token (in a parsed doc) is ``root``.

    ``text``: the doc's text (spaCy rebuilds ``doc.text`` on every access; pass it once).
    """
    text = root.doc.text if text is None else text
    while root.dep_ in ("conj", "appos") and root.head is not root and root.head.pos_ in NOUN_POS:
        root = root.head
    slot, pred = slot_of(root)
    for _ in range(2):  # "the residents of Mariupol", "Kazakhstan's government": the noun's slot
        modifier = slot == "possessor" or (slot == "patient" and root.head.lower_ == "of")
        if not modifier or pred is None or pred.pos_ not in NOUN_POS or _act(pred) is not None:
            break
        root = pred
        slot, pred = slot_of(root)
    if pred is not None and _crosses_line(root, pred, text):  # a title parsed into the next line
        return Agency("other", None, "", 0.0)
    if pred is None or slot == "setting":
        return Agency(slot, None, "", 0.0)
    words = act_candidates(pred, slot)
    act, word = None, ""
    for w in words:
        act = _act(w)
        if act is not None:
            word = w.lower_
            words = [w]  # the valence of the act's word, if it has one
            break
    valence = next((v for w in words if (v := _valence(w, lexicon)) is not None), 0.0)
    return Agency(slot, act, word, float(valence))


def _lexicon() -> dict[str, float]:
    from slant.analyzers.tone import load_lexicon

    return load_lexicon()[0]


def parsed(doc: Any) -> Any:
    """``doc`` if it has a dependency parse, else a parsed copy of it.

    The default run parses at the ``full`` level (no dependencies). Rather than parse every
    article at the ``parse`` level for all analyzers (which moves the sentence boundaries
    the others read), the ``parse`` pipeline's parser and lemmatizer run on a copy: they
    read the copy's tok2vec tensor, and its sentence boundaries (the ``full`` level's) stay.
    A doc without that tensor is parsed afresh at the ``parse`` level.
    """
    if doc.has_annotation("DEP"):
        return doc
    from slant.nlp import load_nlp

    nlp = load_nlp("parse")
    if doc.tensor is None or len(doc.tensor) != len(doc):
        return nlp(doc.text)
    out = doc.copy()
    for name in ("parser", "lemmatizer"):
        out = nlp.get_pipe(name)(out)
    return out


def mention_agency(doc: Any, spans: Sequence[tuple[int, int]]) -> tuple[list[Agency], np.ndarray]:
    """Each mention's :class:`Agency` and its :data:`MENTION_COLUMNS` row.

    Args:
        doc: the parsed article (:func:`parsed` parses one that has no dependencies).
        spans: ``(start, end)`` of each mention in the article.
    """
    doc = parsed(doc)
    lexicon = _lexicon()
    text = doc.text
    found: list[Agency] = []
    rows = np.zeros((len(spans), len(MENTION_COLUMNS)), np.float32)
    for i, (s, e) in enumerate(spans):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            found.append(Agency("other", None, "", 0.0))
        else:
            found.append(agency_of(span.root, lexicon, text))
        a = found[-1]
        rows[i, SLOTS.index(a.slot)] = 1.0
        if a.cell is not None:
            rows[i, len(SLOTS) + CELLS.index(a.cell)] = 1.0
        if a.slot in ("agent", "possessor") and a.act != "suffer":
            rows[i, -2] = a.valence / 4
        elif a.slot == "patient" or a.act == "suffer":
            rows[i, -1] = a.valence / 4
    return found, rows


def referent_agency(
    keys: Sequence[str], context_keys: Sequence[str], context_rows: np.ndarray
) -> np.ndarray:
    """Per mention, its referent's :data:`REFERENT_COLUMNS`: the share of the referent's
    context mentions in each cross cell and their mean agent and patient valence.

    Args:
        keys: the referent key of each mention to describe.
        context_keys: the keys of the article's mentions that describe a referent (the
            analyzer's own mentions; a key absent from them gets zeros).
        context_rows: their :data:`MENTION_COLUMNS` rows.
    """
    out = np.zeros((len(keys), len(REFERENT_COLUMNS)), np.float32)
    groups: dict[str, list[int]] = {}
    for j, key in enumerate(context_keys):
        groups.setdefault(key, []).append(j)
    means = {
        key: np.concatenate(
            [
                context_rows[idx, len(SLOTS) : len(SLOTS) + len(CELLS)].mean(axis=0),
                context_rows[idx, -2:].mean(axis=0),
            ]
        )
        for key, idx in groups.items()
    }
    for i, key in enumerate(keys):
        if key in means:
            out[i] = means[key]
    return out


def agency_matrix(
    doc: Any, mentions: Sequence[RoleMention], context: Sequence[RoleMention] | None = None
) -> np.ndarray:
    """The :data:`AGENCY_WIDTH` columns of each mention: its own :data:`MENTION_COLUMNS`,
    then its referent's :data:`REFERENT_COLUMNS`.

    Args:
        doc: the parsed article (:func:`parsed` parses one that has no dependencies: pass
            it parsed once when calling twice).
        mentions: the mentions to describe.
        context: the mentions that describe each referent (default: ``mentions``), as in
            :func:`~.features.feature_matrix`: training describes the gold mentions in the
            context of slant's own mentions; a key absent from the context is described by
            the mentions of it being described.
    """
    if not mentions:
        return np.zeros((0, AGENCY_WIDTH), np.float32)
    doc = parsed(doc)
    own = mention_agency(doc, [(m.start, m.end) for m in mentions])[1]
    if context is None:
        ctx, ctx_rows = list(mentions), own
    else:
        ctx = list(context)
        ctx_rows = mention_agency(doc, [(c.start, c.end) for c in ctx])[1]
        known = {c.key for c in ctx}
        alone = [i for i, m in enumerate(mentions) if m.key not in known]
        ctx += [mentions[i] for i in alone]
        ctx_rows = np.vstack([ctx_rows, own[alone]])
    ref = referent_agency([m.key for m in mentions], [c.key for c in ctx], ctx_rows)
    return np.hstack([own, ref]).astype(np.float32)
