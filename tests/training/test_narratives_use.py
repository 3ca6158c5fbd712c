"""The narratives' USE heads: which lines they read, other-language pooling, model files.

``tests/fixtures/semeval2025`` holds three English and two Portuguese articles written for
the tests (the Portuguese ones carry the war and the climate narratives).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.narratives.model import NarrativeModel, line_ranges, use_features, use_units
from slant.training import semeval2025 as corpus
from slant.training.narratives import _targets
from slant.training.narratives_use import fit_use_heads, load_use

DATA = Path(__file__).parents[1] / "fixtures" / "semeval2025"
WAR = "URW: Blaming the war on others rather than the invader"
CLIMATE = "CC: Amplifying Climate Fears"


def test_use_units_are_the_lines_within_the_budget() -> None:
    text = "Title\n\n" + "a" * 50 + "\n" + "b" * 50 + "\n"
    ranges = line_ranges(text)
    assert ranges == [(0, 5), (7, 57), (58, 108)]
    assert use_units(text, ranges, 60) == [(0, 5), (7, 57)]
    assert use_units(text, ranges, 4) == [(0, 4)]  # a first line longer than the budget: cut
    assert use_units(text, ranges, 10_000) == ranges
    assert use_units("", [], 60) == []


def test_use_features_are_mean_then_max() -> None:
    vecs = np.array([[1.0, 0.0], [0.0, 2.0]], np.float32)
    assert use_features(vecs, dim=2).tolist() == [0.5, 1.0, 1.0, 2.0]
    assert use_features(np.zeros((0, 2), np.float32), dim=2).tolist() == [0.0] * 4


def test_other_languages_fit_heads_that_english_alone_cannot(tmp_path: Path) -> None:
    en = corpus.read_narratives("EN", data_dir=DATA)
    en_ids = [g.article_id for g in en]
    use = load_use(en_ids, DATA, ["PT"], cache_dir=tmp_path)
    assert use.x.shape == (3, 1024) and use.ext_x.shape == (2, 1024)
    assert use.langs == ("PT",)
    assert (tmp_path / "use_PT_2000.npz").exists() and (tmp_path / "use_EN_2000.npz").exists()
    again = load_use(en_ids, DATA, ["PT"], cache_dir=tmp_path)  # read from the cache
    np.testing.assert_array_equal(again.ext_x, use.ext_x)
    np.testing.assert_array_equal(again.x, use.x)

    labels = [WAR, CLIMATE]
    y = _targets([g.narratives for g in en], labels)
    y_ext = _targets(use.ext_coarse, labels)
    only_other = np.array([en_ids.index("EN_UA_000003.txt")])  # no positive of its own
    coef, icpt = fit_use_heads(use, only_other, y, y_ext, 1.0)
    assert (icpt > -29).all(), "both heads learn from the Portuguese articles"
    # the heads, trained on Portuguese, read English: the war article leans to the war
    # narrative more than the climate article does
    z = use.x @ coef.T + icpt
    war, climate = en_ids.index("EN_UA_000001.txt"), en_ids.index("EN_CC_000002.txt")
    assert z[war, 0] - z[war, 1] > z[climate, 0] - z[climate, 1]

    nothing = use.ext_x[:0]
    use.ext_x, use.ext_coarse = nothing, []
    coef, icpt = fit_use_heads(use, only_other, y, y_ext[:0], 1.0)
    assert (icpt == -30).all(), "without them no head can be fitted"


def _model(rng: np.random.Generator, weight: float) -> NarrativeModel:
    coarse, fine = [WAR, CLIMATE], [f"{WAR}: Other", f"{CLIMATE}: Other"]
    return NarrativeModel(
        coarse,
        fine,
        rng.normal(size=(2, 6)),
        rng.normal(size=2),
        rng.normal(size=(2, 6)),
        rng.normal(size=2),
        {"coarse": (1.2, -0.3), "fine": (0.8, -1.0)},
        {"coarse": 0.3, "fine": 0.1},
        {},
        use_coarse_coef=rng.normal(size=(2, 1024)),
        use_coarse_intercept=rng.normal(size=2),
        use_fine_coef=rng.normal(size=(2, 1024)),
        use_fine_intercept=rng.normal(size=2),
        use_weight=weight,
        use_max_chars=1500,
    )


def test_model_with_use_heads_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    model = _model(rng, 0.25)
    x, u = rng.normal(size=(3, 6)), rng.normal(size=(3, 1024)) / 30
    model.save(tmp_path)
    back = NarrativeModel.load(tmp_path)
    assert back.has_use and back.use_weight == 0.25 and back.use_max_chars == 1500
    for a, b in zip(model.probabilities(x, u), back.probabilities(x, u), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4)
    # the USE heads move the probabilities, and a model that has them needs their input
    alone = _model(np.random.default_rng(0), 0.0)
    assert not alone.has_use
    assert not np.allclose(alone.probabilities(x)[0], model.probabilities(x, u)[0])
    with pytest.raises(ValueError, match="USE features"):
        back.probabilities(x)


def test_a_model_without_use_heads_saves_none(tmp_path: Path) -> None:
    _model(np.random.default_rng(1), 0.0).save(tmp_path)
    back = NarrativeModel.load(tmp_path)
    assert not back.has_use and back.use_coarse_coef.size == 0
    with np.load(tmp_path / "weights.npz") as w:
        assert "use_coarse_coef" not in w.files


def test_eval_names_a_missing_language_folder() -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(
        app, ["eval", "narratives", str(DATA), "--use-langs", "BG", "--no-user"]
    )
    from slant.errors import UsageError

    assert result.exit_code != 0 and isinstance(result.exception, UsageError)
    assert "train/BG" in str(result.exception) and "--use-langs none" in str(result.exception)
