"""The official SemEval-2025 Task 10 subtask-1 measures, reimplemented.

As ``scorers/subtask1_scorer.py`` (the organisers' 2024-12-08 version) computes them:

* **exact match ratio**: the share of mentions whose *set* of fine roles equals the gold
  set (fine roles only; the main role is not compared);
* **micro precision, recall, F1** over fine roles, with scikit-learn's ``zero_division=1``
  (no predicted label at all gives precision 1), over the labels seen in gold or prediction;
* **main-role accuracy**.

Gold and prediction are keyed by ``(article, mention, start, end)``; every gold key must be
predicted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["RoleScores", "score_roles"]

Key = tuple[str, str, int, int]
Value = tuple[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class RoleScores:
    """The subtask-1 figures of one prediction."""

    exact_match: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    main_accuracy: float
    n: int

    def as_dict(self) -> dict[str, float]:
        """The figures by name (``n``: number of gold mentions)."""
        return {
            "exact_match": self.exact_match,
            "micro_precision": self.micro_precision,
            "micro_recall": self.micro_recall,
            "micro_f1": self.micro_f1,
            "main_accuracy": self.main_accuracy,
            "n": float(self.n),
        }


def score_roles(gold: Mapping[Key, Value], pred: Mapping[Key, Value]) -> RoleScores:
    """Score ``pred`` against ``gold`` as the official scorer does.

    Args:
        gold: key → (main role, fine roles).
        pred: the same keys → (main role, fine roles).

    Raises:
        ValueError: a gold key has no prediction.
    """
    missing = [k for k in gold if k not in pred]
    if missing:
        raise ValueError(f"{len(missing)} gold mentions are not predicted, e.g. {missing[0]}")
    n = len(gold)
    if not n:
        return RoleScores(0.0, 1.0, 1.0, 1.0, 0.0, 0)
    exact = sum(set(gold[k][1]) == set(pred[k][1]) for k in gold) / n
    tp = fp = fn = 0
    for k in gold:
        g, p = set(gold[k][1]), set(pred[k][1])
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    # sklearn's f1_score with zero_division=1: 1.0 only when there is nothing at all
    if tp + fp + fn == 0:
        f1 = 1.0
    else:
        f1 = 2 * tp / (2 * tp + fp + fn)
    main = sum(gold[k][0] == pred[k][0] for k in gold) / n
    return RoleScores(exact, precision, recall, f1, main, n)
