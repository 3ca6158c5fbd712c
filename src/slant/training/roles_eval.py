"""Evaluation of the roles model on SemEval-2025 Task 10 subtask 1 examples.

The official measures on the gold mentions (:mod:`slant.training.role_scorer`), the
all-Antagonist baseline, the end-to-end figures through slant's own entities, the main
role's calibration, the cast detector and the coverage of the gold mentions by slant's
role mentions; :func:`slant.training.roles.crossfit` calls them on each held-out half.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from slant.analyzers.roles.features import RoleMention
from slant.analyzers.roles.model import RoleModel
from slant.training.role_scorer import score_roles
from slant.training.semeval2025 import Mention

__all__ = ["Example", "coverage", "evaluate"]


@dataclass
class Example:
    """One annotated article, parsed, with its features."""

    id: str
    text: str
    gold: list[Mention]
    gold_x: np.ndarray  # one row per gold mention
    cand_x: np.ndarray  # one row per candidate (slant entity) mention
    cand: list[RoleMention]
    cand_y: np.ndarray  # 1 when the candidate overlaps a gold mention
    keys: list[str]  # the cast keys of the entities (first-seen order)
    key_x: np.ndarray  # one cast-detector row per key
    key_y: np.ndarray  # 1 when one of the key's mentions overlaps a gold mention
    key_of: np.ndarray  # per candidate: the index of its key
    # USE rows of the gold and candidate mentions (:func:`slant.training.roles_use.attach_use`)
    gold_u: np.ndarray | None = None
    cand_u: np.ndarray | None = None
    # the rows end with the agency columns (:func:`slant.analyzers.roles.agency.agency_matrix`)
    agency: bool = False
    # ... then with the speech cues (:func:`slant.analyzers.roles.speech.speech_matrix`)
    speech: bool = False


def _gold_dict(examples: Sequence[Example]) -> dict[tuple[str, str, int, int], Any]:
    return {
        (g.article_id, g.mention, g.start, g.end): (g.main, g.fine)
        for e in examples
        for g in e.gold
    }


def evaluate(model: RoleModel, examples: Sequence[Example]) -> dict[str, Any]:
    """Official measures on the gold mentions, baselines, and the end-to-end figures."""
    gold = _gold_dict(examples)
    pred: dict[tuple[str, str, int, int], Any] = {}
    e2e: dict[tuple[str, str, int, int], Any] = {}
    e2e_found = 0
    cast_p: list[float] = []
    cast_y: list[int] = []
    conf: list[float] = []
    right: list[bool] = []
    for e in examples:
        for g, p in zip(e.gold, model.predict(e.gold_x, u=e.gold_u), strict=True):
            pred[(g.article_id, g.mention, g.start, g.end)] = (p.main, p.fine)
            conf.append(max(p.main_probs))
            right.append(p.main == g.main)
        ent_p = model.cast_probabilities(e.key_x) if len(e.keys) else np.zeros(0)
        cands = model.predict(e.cand_x, ent_p[e.key_of], e.cand_u)
        for key in range(len(e.keys)):
            cast_p.append(
                max((p.score for p, o in zip(cands, e.key_of, strict=False) if o == key), default=0)
            )
            cast_y.append(int(e.key_y[key]))
        for g in e.gold:
            # end to end: the slant mention that overlaps the gold one most, if cast
            hits = [
                (min(c.end, g.end) - max(c.start, g.start), p)
                for c, p in zip(e.cand, cands, strict=True)
                if c.start < g.end and g.start < c.end and p.score >= model.threshold
            ]
            key = (g.article_id, g.mention, g.start, g.end)
            if hits:
                p = max(hits, key=lambda h: h[0])[1]
                e2e[key] = (p.main, p.fine)
                e2e_found += 1
            else:
                e2e[key] = ("", ())
    baseline = {k: ("Antagonist", ("Conspirator",)) for k in gold}
    return {
        "gold_mentions": score_roles(gold, pred).as_dict(),
        "end_to_end": {**score_roles(gold, e2e).as_dict(), "found": e2e_found},
        "all_antagonist": score_roles(gold, baseline).as_dict(),
        "main_calibration": _ece(np.array(conf), np.array(right, dtype=float)),
        "cast_detector": _detector(np.array(cast_p), np.array(cast_y), model.threshold),
    }


def _ece(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> dict[str, float]:
    """Expected calibration error of the main-role probability (10 equal-width bins)."""
    if not len(conf):
        return {}
    edges = np.minimum((conf * bins).astype(int), bins - 1)
    ece = sum(
        abs(conf[edges == b].mean() - right[edges == b].mean()) * (edges == b).mean()
        for b in range(bins)
        if (edges == b).any()
    )
    return {
        "ece": float(ece),
        "mean_confidence": float(conf.mean()),
        "accuracy": float(right.mean()),
    }


def _detector(p: np.ndarray, y: np.ndarray, thr: float) -> dict[str, float]:
    """Entity-level "is cast" precision, recall, F1 and Brier score at ``thr``."""
    if not len(y):
        return {}
    pos = p >= thr
    tp = float((pos & (y == 1)).sum())
    return {
        "precision": tp / max(pos.sum(), 1),
        "recall": tp / max((y == 1).sum(), 1),
        "f1": 2 * tp / max(pos.sum() + (y == 1).sum(), 1),
        "brier": float(np.mean((p - y) ** 2)),
        "positives": float(y.mean()),
    }


def coverage(examples: Sequence[Example]) -> dict[str, float]:
    """How many gold mentions slant's role mentions match exactly, and overlap."""
    n = exact = overlap = 0
    for e in examples:
        for g in e.gold:
            n += 1
            if any(c.start == g.start and c.end == g.end for c in e.cand):
                exact += 1
            elif any(c.start < g.end and g.start < c.end for c in e.cand):
                overlap += 1
    return {
        "gold_mentions": n,
        "exact": exact / max(n, 1),
        "exact_or_overlapping": (exact + overlap) / max(n, 1),
    }
