"""The SemEval-2025 subtask-1 measures on toy data with values worked out by hand."""

from __future__ import annotations

import pytest

from slant.training.role_scorer import score_roles

GOLD = {
    ("a", "Putin", 0, 5): ("Antagonist", ("Tyrant",)),
    ("a", "NATO", 10, 14): ("Protagonist", ("Guardian", "Peacemaker")),
    ("b", "children", 3, 11): ("Innocent", ("Victim",)),
}
PRED = {
    ("a", "Putin", 0, 5): ("Antagonist", ("Tyrant",)),
    ("a", "NATO", 10, 14): ("Protagonist", ("Guardian",)),
    ("b", "children", 3, 11): ("Antagonist", ("Deceiver",)),
}


def test_scores_by_hand() -> None:
    s = score_roles(GOLD, PRED)
    # exact: only Putin; tp 2 (Tyrant, Guardian), fp 1 (Deceiver), fn 2 (Peacemaker, Victim)
    assert s.exact_match == pytest.approx(1 / 3)
    assert s.micro_precision == pytest.approx(2 / 3)
    assert s.micro_recall == pytest.approx(2 / 4)
    assert s.micro_f1 == pytest.approx(4 / 7)
    assert s.main_accuracy == pytest.approx(2 / 3)
    assert s.n == 3


def test_same_as_the_official_scorers_sklearn_calls() -> None:
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
    from sklearn.preprocessing import MultiLabelBinarizer

    labels = {r for _, roles in [*GOLD.values(), *PRED.values()] for r in roles}
    mlb = MultiLabelBinarizer().fit([sorted(labels)])
    g = [mlb.transform([roles])[0] for _, roles in GOLD.values()]
    p = [mlb.transform([PRED[k][1]])[0] for k in GOLD]
    s = score_roles(GOLD, PRED)
    assert s.micro_f1 == pytest.approx(f1_score(g, p, average="micro", zero_division=1))
    assert s.micro_precision == pytest.approx(
        precision_score(g, p, average="micro", zero_division=1)
    )
    assert s.micro_recall == pytest.approx(recall_score(g, p, average="micro", zero_division=1))
    main_acc = accuracy_score([m for m, _ in GOLD.values()], [PRED[k][0] for k in GOLD])
    assert s.main_accuracy == pytest.approx(main_acc)


def test_order_of_fine_roles_does_not_matter_and_all_right_is_one() -> None:
    pred = {k: (m, tuple(reversed(f))) for k, (m, f) in GOLD.items()}
    s = score_roles(GOLD, pred)
    assert (s.exact_match, s.micro_f1, s.main_accuracy) == (1.0, 1.0, 1.0)


def test_no_fine_role_predicted_has_precision_one_recall_zero() -> None:
    pred = {k: (m, ()) for k, (m, _) in GOLD.items()}
    s = score_roles(GOLD, pred)
    assert (s.exact_match, s.micro_precision, s.micro_recall, s.micro_f1) == (0.0, 1.0, 0.0, 0.0)


def test_a_missing_prediction_is_an_error() -> None:
    with pytest.raises(ValueError, match="not predicted"):
        score_roles(GOLD, dict(list(PRED.items())[:2]))
