"""The quote-attribution scorer behind ``slant eval quotes`` (PolNeAR relations).

There is no official scorer; this one follows the metrics of Citron (Newell et al. 2018,
BBC R&D):

* **content** P/R/F1, *exact* and *overlap*. Spans are compared on their alphanumeric
  characters only, so whitespace, punctuation and quote marks at the edges never decide a
  match (PolNeAR is inconsistent about including the closing quote mark and full stop).
  *Exact*: the same characters. *Overlap*: the shared characters are at least half of the
  longer of the two spans (so neither a fragment nor a whole paragraph matches).
  Gold and predictions are paired one-to-one, best overlap first.
* **cue** P/R/F1: predicted and gold cue spans paired one-to-one when they share a character.
* **speaker** P/R/F1: over the content pairs matched by *overlap*, a speaker is correct when
  its mention span shares a character with the gold Source. Precision divides by the
  predictions that name a speaker span, recall by the gold relations that have a Source.
* **per quote kind** (``direct_*``, ``indirect_*``, ``mixed_*``): content overlap and speaker
  P/R/F1 of the relations of one kind. PolNeAR does not label kinds, so gold and predicted
  contents alike get theirs from the text (:func:`content_kind`): *direct* when every
  alphanumeric character is inside quote marks, *mixed* when some are, *indirect* otherwise.
  Recall counts matches by the gold relation's kind, precision by the prediction's.

A quote split around its cue (``"…," he said. "…"``) is one relation with a discontinuous
Content in PolNeAR; :func:`predictions_from_quotes` therefore joins predicted quotes that share
one cue span into one relation before scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from slant.annotations import Quote
from slant.training.quotes.polnear import Attribution, Ranges

__all__ = [
    "KINDS",
    "Scores",
    "content_kind",
    "predictions_from_quotes",
    "score_documents",
]


def predictions_from_quotes(quotes: Iterable[Quote]) -> list[Attribution]:
    """Turn predicted quotes into relations, joining the parts of a quote split by its cue."""
    by_cue: dict[tuple[int, int], list[Quote]] = {}
    out: list[Attribution] = []
    for q in quotes:
        if q.cue is None:
            src = ((q.speaker.start, q.speaker.end),) if q.speaker else ()
            out.append(Attribution(((q.start, q.end),), (), src))
        else:
            by_cue.setdefault((q.cue.start, q.cue.end), []).append(q)
    for cue, group in by_cue.items():
        content = tuple(sorted((q.start, q.end) for q in group))
        sp = next((q.speaker for q in group if q.speaker), None)
        out.append(Attribution(content, (cue,), ((sp.start, sp.end),) if sp else ()))
    return out


KINDS = ("direct", "indirect", "mixed")


def content_kind(text: str, ranges: Ranges, quoted: Sequence[tuple[int, int]]) -> str:
    """``direct``, ``indirect`` or ``mixed``: how much of a content is inside quote marks.

    ``quoted`` holds the text inside quote marks of the whole article (``find_quoted_spans``).
    A content of several ranges is *direct* or *indirect* when all its ranges are, else
    *mixed*.
    """
    from slant.analyzers.quotes import quote_kind

    kinds = {quote_kind(text, s, e, quoted) for s, e in ranges}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _chars(text: str, ranges: Ranges) -> frozenset[int]:
    """Positions of alphanumeric characters inside ``ranges``."""
    return frozenset(i for a, b in ranges for i in range(a, min(b, len(text))) if text[i].isalnum())


def _pair(
    gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]], min_ratio: float
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, pred index)``, best overlap ratio first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            shared = len(g & p)
            if not shared:
                continue
            ratio = shared / max(len(g), len(p))
            if ratio >= min_ratio:
                cands.append((ratio, -gi, -pi))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, ngi, npi in cands:
        gi, pi = -ngi, -npi
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


@dataclass(slots=True)
class Scores:
    """Counts behind every metric; :meth:`as_dict` turns them into P/R/F1."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    gold_cues: int = 0
    pred_cues: int = 0
    cue: int = 0
    gold_sources: int = 0
    pred_speakers: int = 0
    speaker: int = 0
    docs: int = 0
    extra: dict[str, float] = field(default_factory=dict)
    # per quote kind: gold, pred, overlap hits by gold / pred kind, sources, speaker hits
    kinds: dict[str, list[int]] = field(default_factory=lambda: {k: [0] * 8 for k in KINDS})

    def add(self, text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> None:
        """Score one document's relations and add the counts."""
        self.docs += 1
        gc = [_chars(text, a.content) for a in gold]
        pc = [_chars(text, a.content) for a in pred]
        self.gold += len(gold)
        self.pred += len(pred)
        self.exact += sum(1 for gi, pi in _pair(gc, pc, 1.0) if gc[gi] == pc[pi])
        matched = _pair(gc, pc, 0.5)
        self.overlap += len(matched)
        gk = [_chars(text, a.cue) for a in gold if a.cue]
        pk = [_chars(text, a.cue) for a in pred if a.cue]
        self.gold_cues += len(gk)
        self.pred_cues += len(pk)
        self.cue += len(_pair(gk, pk, 0.0))
        self.gold_sources += sum(1 for a in gold if a.source)
        self.pred_speakers += sum(1 for a in pred if a.source)
        from slant.analyzers.quotes import find_quoted_spans

        quoted = [(s, e) for s, e, _c in find_quoted_spans(text, 0, len(text))]
        gk_ = [content_kind(text, a.content, quoted) for a in gold]
        pk_ = [content_kind(text, a.content, quoted) for a in pred]
        for i, a in enumerate(gold):
            self.kinds[gk_[i]][0] += 1
            self.kinds[gk_[i]][4] += bool(a.source)
        for i, a in enumerate(pred):
            self.kinds[pk_[i]][1] += 1
            self.kinds[pk_[i]][5] += bool(a.source)
        for gi, pi in matched:
            self.kinds[gk_[gi]][2] += 1
            self.kinds[pk_[pi]][3] += 1
            g, p = gold[gi].source, pred[pi].source
            if g and p and _chars(text, g) & _chars(text, p):
                self.speaker += 1
                self.kinds[gk_[gi]][6] += 1
                self.kinds[pk_[pi]][7] += 1

    def as_dict(self) -> dict[str, float]:
        """``name -> value``: P/R/F1 of content (exact, overlap), cue and speaker."""
        out: dict[str, float] = {"documents": self.docs, "gold": self.gold, "predicted": self.pred}
        for name, hit_p, hit_r, n_p, n_r in (
            ("content_exact", self.exact, self.exact, self.pred, self.gold),
            ("content_overlap", self.overlap, self.overlap, self.pred, self.gold),
            ("cue", self.cue, self.cue, self.pred_cues, self.gold_cues),
            ("speaker", self.speaker, self.speaker, self.pred_speakers, self.gold_sources),
        ):
            p = hit_p / n_p if n_p else 0.0
            r = hit_r / n_r if n_r else 0.0
            out[f"{name}_p"] = round(p, 4)
            out[f"{name}_r"] = round(r, 4)
            out[f"{name}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
        for kind, (g, pr, hit_g, hit_p, src, psrc, sp_g, sp_p) in self.kinds.items():
            out[f"{kind}_gold"] = g
            out[f"{kind}_predicted"] = pr
            for name, hp, hr, n_p, n_r in (
                ("content_overlap", hit_p, hit_g, pr, g),
                ("speaker", sp_p, sp_g, psrc, src),
            ):
                p = hp / n_p if n_p else 0.0
                r = hr / n_r if n_r else 0.0
                out[f"{kind}_{name}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
        return out


def score_documents(
    items: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]],
) -> Scores:
    """Score ``(text, gold relations, predicted relations)`` triples."""
    scores = Scores()
    for text, gold, pred in items:
        scores.add(text, gold, pred)
    return scores
