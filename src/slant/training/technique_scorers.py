"""Scorers that reproduce the official persuasion-technique metrics (our own code).

* :func:`si_score`: SemEval-2020 Task 11 SI, partial-overlap span P/R/F1 after merging
  overlapping spans of each article (gold always, predictions too, as with ``-m``).
* :func:`tc_score`: SemEval-2020 TC micro-F1 on gold spans; a span that carries several
  gold techniques is matched to the predictions for that span as a multiset.
* :func:`paragraph_score`: SemEval-2023 subtask 3, micro- and macro-F1 over the
  (row, technique) decisions of every template row.
* :func:`technique_span_score`: partial-overlap span P/R/F1 where a predicted span only earns
  credit from gold spans of the same technique (NLP4IF FLC / SemEval-2021 style), micro over
  all techniques, plus one F1 per technique.

Spans are ``(start, end)`` with an exclusive end; each is a set of character positions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "expected_calibration_error",
    "merge_spans",
    "paragraph_score",
    "prf",
    "si_score",
    "span_outcomes",
    "tc_score",
    "technique_span_score",
]

Span = tuple[int, int]
Labelled = tuple[str, int, int]


def prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    """Precision, recall and F1; F1 is 1 when there is nothing to find and nothing found."""
    if p_den == 0 and r_den == 0:
        return 1.0, 1.0, 1.0
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f = 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0
    return p, r, f


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Merge spans that share at least one character (touching spans stay apart)."""
    out: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _credit(pred: Sequence[Span], gold: Sequence[Span]) -> tuple[float, float]:
    """Sums of |s∩t|/|s| (precision) and |s∩t|/|t| (recall) over all pairs."""
    p_num = r_num = 0.0
    for s in pred:
        for t in gold:
            inter = _overlap(s, t)
            if inter:
                p_num += inter / (s[1] - s[0])
                r_num += inter / (t[1] - t[0])
    return p_num, r_num


def si_score(
    pred: Mapping[str, Iterable[Span]], gold: Mapping[str, Iterable[Span]]
) -> dict[str, float]:
    """SemEval-2020 SI precision, recall and F1 over articles (keys: article ids)."""
    p_num = r_num = 0.0
    n_pred = n_gold = 0
    for aid in set(pred) | set(gold):
        ps = merge_spans(pred.get(aid, ()))
        gs = merge_spans(gold.get(aid, ()))
        a, b = _credit(ps, gs)
        p_num += a
        r_num += b
        n_pred += len(ps)
        n_gold += len(gs)
    p, r, f = prf(p_num, n_pred, r_num, n_gold)
    return {"precision": p, "recall": r, "f1": f}


def tc_score(
    pred: Mapping[str, Iterable[Labelled]], gold: Mapping[str, Iterable[Labelled]]
) -> dict[str, float]:
    """SemEval-2020 TC micro P/R/F1: labels of identical spans are compared as multisets."""
    correct = n_pred = n_gold = 0
    for aid in set(pred) | set(gold):
        g: dict[Span, Counter[str]] = {}
        for t, s, e in gold.get(aid, ()):
            g.setdefault((s, e), Counter())[t] += 1
            n_gold += 1
        for t, s, e in pred.get(aid, ()):
            n_pred += 1
            bag = g.get((s, e))
            if bag and bag[t] > 0:
                bag[t] -= 1
                correct += 1
    p, r, f = prf(correct, n_pred, correct, n_gold)
    return {"precision": p, "recall": r, "f1": f}


def paragraph_score(
    pred: Mapping[tuple[str, int], Iterable[str]],
    gold: Mapping[tuple[str, int], Iterable[str]],
    labels: Sequence[str],
) -> dict[str, float]:
    """SemEval-2023 subtask-3 micro- and macro-F1 over every gold row and every label.

    Also ``f1/<label>`` and ``support/<label>`` (gold rows with the label) for each label.

    Rows missing from ``pred`` count as predicted empty. Macro-F1 averages the per-label F1
    of ``labels`` (sklearn's ``f1_score(average="macro", zero_division=0)``).
    """
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    known = set(labels)
    for row, g_labels in gold.items():
        g = set(g_labels) & known
        p = set(pred.get(row, ())) & known
        for t in p & g:
            tp[t] += 1
        for t in p - g:
            fp[t] += 1
        for t in g - p:
            fn[t] += 1
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p_micro = TP / (TP + FP) if TP + FP else 0.0
    r_micro = TP / (TP + FN) if TP + FN else 0.0
    f_micro = 2 * p_micro * r_micro / (p_micro + r_micro) if p_micro + r_micro else 0.0
    per = []
    for t in labels:
        d = 2 * tp[t] + fp[t] + fn[t]
        per.append(2 * tp[t] / d if d else 0.0)
    out = {
        "micro_precision": p_micro,
        "micro_recall": r_micro,
        "micro_f1": f_micro,
        "macro_f1": sum(per) / len(per) if per else 0.0,
    }
    # per-label F1 with its gold support (how many rows carry it), for the rare-label table
    for t, f in zip(labels, per, strict=True):
        out[f"f1/{t}"] = f
        out[f"support/{t}"] = float(tp[t] + fn[t])
    return out


def technique_span_score(
    pred: Mapping[str, Iterable[Labelled]],
    gold: Mapping[str, Iterable[Labelled]],
) -> dict[str, float]:
    """Partial-overlap span P/R/F1 where techniques must match; keys ``f1`` and ``f1/<tech>``.

    Overlapping spans of the same technique in one article are merged first.
    """
    num_p: Counter[str] = Counter()
    num_r: Counter[str] = Counter()
    den_p: Counter[str] = Counter()
    den_r: Counter[str] = Counter()
    for aid in set(pred) | set(gold):
        by_p: dict[str, list[Span]] = {}
        by_g: dict[str, list[Span]] = {}
        for t, s, e in pred.get(aid, ()):
            by_p.setdefault(t, []).append((s, e))
        for t, s, e in gold.get(aid, ()):
            by_g.setdefault(t, []).append((s, e))
        for t in set(by_p) | set(by_g):
            ps = merge_spans(by_p.get(t, ()))
            gs = merge_spans(by_g.get(t, ()))
            a, b = _credit(ps, gs)
            num_p[t] += a
            num_r[t] += b
            den_p[t] += len(ps)
            den_r[t] += len(gs)
    p, r, f = prf(
        sum(num_p.values()), sum(den_p.values()), sum(num_r.values()), sum(den_r.values())
    )
    out = {"precision": p, "recall": r, "f1": f}
    for t in sorted(set(den_p) | set(den_r)):
        out[f"f1/{t}"] = prf(num_p[t], den_p[t], num_r[t], den_r[t])[2]
    return out


def span_outcomes(
    pred: Mapping[str, Iterable[tuple[str, int, int, float]]],
    gold: Mapping[str, Iterable[Labelled]],
) -> list[tuple[float, bool]]:
    """``(score, correct)`` of every predicted technique span.

    A span is correct when a gold span of the same technique overlaps it by at least one
    character: what a reader checking a highlight would call right.
    """
    out: list[tuple[float, bool]] = []
    for aid, spans in pred.items():
        g = list(gold.get(aid, ()))
        for t, s, e, score in spans:
            ok = any(gt == t and _overlap((s, e), (gs, ge)) > 0 for gt, gs, ge in g)
            out.append((float(score), ok))
    return out


def expected_calibration_error(outcomes: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """ECE: the mean |accuracy - mean score| over equal-width score bins, weighted by size."""
    if not outcomes:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in outcomes if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            conf = sum(p for p, _ in inside) / len(inside)
            acc = sum(1 for _, y in inside if y) / len(inside)
            total += len(inside) * abs(acc - conf)
    return total / len(outcomes)
