"""Training and evaluation of genre/frames on a tiny SemEval-shaped fixture corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from slant.labels import FRAMES, GENRES
from slant.training.frames import cross_validate, fold_of, read_corpus, reliability, train

DATA = Path(__file__).parent.parent / "fixtures" / "frames"


def test_read_corpus_reads_labels_and_articles() -> None:
    genre = read_corpus(DATA, "genre")
    frames = read_corpus(DATA, "frames")
    assert len(genre.ids) == len(frames.ids) == 12
    assert {lab[0] for lab in genre.labels} == set(GENRES)
    assert all(set(lab) <= set(FRAMES) for lab in frames.labels)
    i = genre.ids.index("1001")
    assert genre.texts[i].startswith("Court jails man for bank robbery\n")
    assert frames.labels[frames.ids.index("1001")] == (
        "Crime_and_punishment",
        "Legality_Constitutionality_and_jurisprudence",
    )


def test_read_corpus_missing_language_raises() -> None:
    with pytest.raises(FileNotFoundError):
        read_corpus(DATA, "genre", lang="fr")


def test_fold_of_is_stratified_and_fixed() -> None:
    labels = ["a"] * 10 + ["b"] * 5 + ["c"] * 2
    f1, f2 = fold_of(labels, 5, seed=1), fold_of(labels, 5, seed=1)
    assert (f1 == f2).all()
    assert sorted(np.bincount(f1).tolist()) == [3, 3, 3, 4, 4]
    for lab in "ab":
        members = f1[np.array(labels) == lab]
        assert len(set(members.tolist())) == 5  # spread over every fold
    assert not (fold_of(labels, 5, seed=2) == f1).all()


def test_reliability_bins_count_every_score() -> None:
    p = np.array([[0.05, 0.95], [0.15, 0.85], [0.95, 0.05]])
    y = np.array([[0, 1], [0, 1], [1, 0]])
    rows = reliability(p, y, bins=10)
    assert sum(r["n"] for r in rows) == 6
    top = rows[9]
    assert top["n"] == 2 and top["observed"] == 1.0
    assert top["predicted"] == pytest.approx(0.95)


def test_cross_validate_genre_on_fixture() -> None:
    scores = cross_validate("genre", DATA, folds=2)
    assert scores["articles"] == 12
    assert 0.0 <= scores["macro_f1"] <= 1.0
    assert sum(scores[f"gold.{g}"] for g in GENRES) == 12
    assert sum(scores[f"predicted.{g}"] for g in GENRES) == 12
    assert sum(scores[k] for k in scores if k.startswith("reliability.") and k.endswith(".n")) == 36


def test_cross_validate_frames_on_fixture() -> None:
    scores = cross_validate("frames", DATA, folds=2)
    assert 0.0 <= scores["micro_f1"] <= 1.0
    assert 0.0 <= scores["macro_f1"] <= 1.0
    assert all(f"f1.{f}" in scores for f in FRAMES)
    assert 0.0 <= scores["ece"] <= 1.0


def test_train_writes_a_model_the_analyzers_load(tmp_path: Path) -> None:
    from slant.analyzers.frames import FramesAnalyzer
    from slant.analyzers.genre import GenreAnalyzer
    from slant.article import Article

    g_path = train("genre", DATA, tmp_path / "genre.npz")
    f_path = train("frames", DATA, tmp_path / "frames.npz")
    genre, frames = GenreAnalyzer(model=str(g_path)), FramesAnalyzer(model=str(f_path))
    genre.initialize()
    frames.initialize()
    art = Article(id="t", text=read_corpus(DATA, "genre").texts[0])
    genre(art)
    frames(art)
    assert art.genre is not None and art.genre.label in GENRES
    assert all(f.label in FRAMES for f in art.frames)


@pytest.mark.parametrize(("task", "metric"), [("genre", "macro_f1"), ("frames", "micro_f1")])
def test_eval_command_prints_name_value_lines(task: str, metric: str) -> None:
    from slant.cli import app

    result = CliRunner().invoke(app, ["eval", task, str(DATA), "--folds", "2"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.strip().splitlines())
    assert lines["task"] == task
    assert 0.0 <= float(lines[metric]) <= 1.0
    assert "reliability.0.9-1.0.n" in lines


def test_eval_command_missing_data_is_a_usage_error(tmp_path: Path) -> None:
    from slant.cli import app

    result = CliRunner().invoke(app, ["eval", "genre", str(tmp_path)])
    assert result.exit_code != 0
