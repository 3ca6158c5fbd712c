"""The SemEval-2025 Task 10 subtask-2 measure, reimplemented (``scorers/subtask2_scorer.py``).

``F1@fine`` (the official ranking measure) and ``F1@coarse`` are **samples-F1**: the mean,
over articles, of the binary F1 of the article's one-hot label vector, with the scorer's
quirks kept:

* only labels in the class files count (``Other`` is one of them, so an article whose gold
  is ``Other`` scores 1 when the prediction is ``Other``); a label missing from the list
  (four gold sub-narratives are) is dropped from both sides;
* repeats collapse (one-hot);
* an article with no counted label on either side scores 0 (``zero_division=0``);
* gold and predictions are paired by position (the file order), not by id; the score is
  the mean and the population standard deviation (``numpy.std``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["article_f1", "samples_f1", "to_scorer_labels"]


def article_f1(gold: Iterable[str], pred: Iterable[str], classes: Iterable[str]) -> float:
    """F1 of one article's label sets, counting only labels in ``classes``."""
    known = set(classes)
    g = {x for x in gold if x in known}
    p = {x for x in pred if x in known}
    tp = len(g & p)
    return 0.0 if tp == 0 else 2.0 * tp / (len(g) + len(p))


def samples_f1(
    gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]], classes: Iterable[str]
) -> tuple[float, float]:
    """(mean, std) of :func:`article_f1` over paired articles (the official samples-F1).

    Raises:
        ValueError: the two sides hold a different number of articles (the official
            scorer refuses mismatched files).
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold articles but {len(pred)} predictions")
    known = list(classes)
    scores = [article_f1(g, p, known) for g, p in zip(gold, pred, strict=True)]
    if not scores:
        return 0.0, 0.0
    mean = sum(scores) / len(scores)
    std = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    return mean, std


def to_scorer_labels(
    items: Iterable[tuple[str, str | None]], subnarratives: Iterable[str]
) -> tuple[list[str], list[str]]:
    """The (coarse, fine) label lists the official files would hold for an analyzer output.

    ``items`` are ``(narrative, subnarrative or None)`` pairs. No narrative gives
    ``["Other"], ["Other"]``; a narrative that none of its sub-narratives accompanies gets
    ``"<narrative>: Other"`` when the official list has it (the annotators' convention).
    """
    subs = set(subnarratives)
    coarse: list[str] = []
    fine: list[str] = []
    for narrative, sub in items:
        if narrative not in coarse:
            coarse.append(narrative)
        if sub is not None and sub not in fine:
            fine.append(sub)
    if not coarse:
        return ["Other"], ["Other"]
    for narrative in coarse:
        if not any(f.startswith(narrative + ": ") for f in fine):
            other = f"{narrative}: Other"
            if other in subs:
                fine.append(other)
    return coarse, fine
