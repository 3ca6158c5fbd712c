"""User narratives (``--narratives FILE``): TOML parsing and similarity matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant import analyzers as registry
from slant.analyzers.narratives import parse_user_narratives
from slant.article import Article
from slant.errors import ConfigError, ResourceError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "narratives"

TOML = """
[[narrative]]
name = "Sanctions hurt Europe more than Russia"
description = "Western sanctions against Russia backfire on the Europeans who impose them."
examples = [
    "The sanctions sent energy prices soaring in Europe while Russia sells its gas elsewhere.",
    "German factories are closing because of the sanctions their own government imposed.",
    "Europeans are freezing this winter, paying for Brussels' sanctions on Moscow.",
]

[[narrative]]
name = "Local bakeries are disappearing"
description = "Family bakeries close as supermarkets take over bread."
examples = ["Another family bakery closed its doors this month."]
"""


def test_parse_user_narratives() -> None:
    items = parse_user_narratives(TOML)
    assert [n.name for n in items] == [
        "Sanctions hurt Europe more than Russia",
        "Local bakeries are disappearing",
    ]
    assert len(items[0].examples) == 3
    assert items[1].description.startswith("Family bakeries")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not valid TOML"),
        ("[other]\nx = 1\n", r"no \[\[narrative\]\]"),
        ('[[narrative]]\ndescription = "d"\n', "has no name"),
        ('[[narrative]]\nname = "a"\n', "needs a description or examples"),
        ('[[narrative]]\nname = "a"\nexamples = "one"\n', "examples a list of text"),
        ('[[narrative]]\nname = "a"\ndescription = "d"\ncolour = 1\n', "unknown keys"),
        (
            '[[narrative]]\nname = "a"\ndescription = "d"\n[[narrative]]\nname = "a"\n'
            'description = "e"\n',
            "defined twice",
        ),
    ],
)
def test_bad_files_are_config_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_user_narratives(text)


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("user") / "narratives.toml"
    path.write_text(TOML, encoding="utf-8")
    an = registry.get("narratives")(user_file=str(path))
    an.initialize()
    return an


def _user(analyzer, name: str) -> dict[str, float]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        art = Article(id=name, text=fh.read())
    analyzer(art)
    art.check()
    return {n.narrative: n.score for n in art.narratives if n.taxonomy == "user"}


def test_user_narrative_matches_the_text_that_carries_it(analyzer) -> None:
    pushed = _user(analyzer, "sanctions_backfire.txt")
    bakery = _user(analyzer, "neutral_bakery.txt")
    sanctions = "Sanctions hurt Europe more than Russia"
    assert sanctions in pushed
    assert sanctions not in bakery
    # every reported user narrative reaches the threshold, and each has evidence
    assert all(p >= analyzer.user_min_score for p in (*pushed.values(), *bakery.values()))


def test_sanctions_narrative_does_not_fire_on_the_bundled_example(analyzer) -> None:
    # about Kazakhstan and the CSTO, not sanctions: the even-prior matcher gave it 0.52
    example = Path(__file__).parents[2] / "examples" / "kazakhstan_csto_2022.txt"
    with example.open(encoding="utf-8", newline="") as fh:
        art = Article(id="kz", text=fh.read())
    analyzer(art)
    assert not [n for n in art.narratives if n.taxonomy == "user"]


def test_a_passing_mention_scores_below_a_text_that_pushes_it(analyzer) -> None:
    from slant.analyzers.narratives.model import line_ranges
    from slant.analyzers.narratives.user import embed

    def best(name: str) -> float:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        pieces = [text[s:e] for s, e in line_ranges(text)]
        lines = embed(analyzer.user_encoder_, pieces, scope=text)
        return float(analyzer.user_.probability(analyzer.user_.zscores(lines)[0].max()))

    # one paragraph on sanctions inside an article on NATO: below the threshold
    mixed, pushed = best("urw_west_aggressor.txt"), best("sanctions_backfire.txt")
    assert best("neutral_bakery.txt") < mixed < 0.5 <= pushed


def test_user_evidence_lines_beat_the_background(analyzer) -> None:
    text = (FIXTURES / "sanctions_backfire.txt").read_text(encoding="utf-8")
    art = Article(id="s", text=text)
    analyzer(art)
    (item,) = [n for n in art.narratives if n.taxonomy == "user"]
    assert item.evidence
    for start, end in item.evidence:
        assert "sanction" in text[start:end].lower()


def test_user_calibration_is_monotonic(analyzer) -> None:
    import numpy as np

    z = np.linspace(-5.0, 20.0, 101)
    p = analyzer.user_.probability(z)
    assert analyzer.user_.a > 0
    assert np.all(np.diff(p) > 0)
    assert 0.0 < p[0] < 0.01 and p[-1] > 0.9


def test_background_space_is_fitted_on_generic_lines() -> None:
    import numpy as np

    from slant.analyzers.narratives.user import Background

    rng = np.random.RandomState(0)
    common = rng.normal(size=16)
    states = common * 5 + rng.normal(size=(200, 16))
    bg = Background.from_states(states.astype(np.float32), 2)
    # the shared direction is gone: two unrelated lines are no longer alike
    raw = states[:2] / np.linalg.norm(states[:2], axis=1, keepdims=True)
    assert float(raw[0] @ raw[1]) > 0.8
    t = bg.transform(states[:2])
    assert abs(float(t[0] @ t[1])) < 0.5
    assert np.allclose(np.linalg.norm(bg.lines, axis=1), 1.0, atol=1e-5)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    an = registry.get("narratives")(user_file=str(tmp_path / "none.toml"))
    with pytest.raises(ConfigError):
        an.initialize()


def test_cli_narratives_option(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from slant.cli import app

    good = tmp_path / "mine.toml"
    good.write_text(TOML, encoding="utf-8")
    article = str(FIXTURES / "sanctions_backfire.txt")
    runner = CliRunner()
    result = runner.invoke(
        app, ["analyze", article, "--only", "narratives", "--narratives", str(good)]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["narratives"]
    assert any(n["taxonomy"] == "user" for n in items)
    assert any(n["taxonomy"] == "semeval2025" for n in items)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[narrative]]\nname = "a"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", article, "--only", "narratives", "--narratives", str(bad)]
    )
    # slant's main() prints this one line and exits 2, before any article is read
    assert isinstance(result.exception, ResourceError)
    assert "needs a description or examples" in str(result.exception)


def test_user_matcher_runs_on_the_encoder_the_model_names(analyzer) -> None:
    from slant.analyzers.narratives.user import SENTENCE_ENCODERS

    cal = analyzer.model_.meta["user_calibration"]
    assert cal["encoder"] in SENTENCE_ENCODERS
    assert analyzer.user_encoder_.name == cal["encoder"] == analyzer.user_.background.encoder
    assert analyzer.user_.background.lines.shape[1] == analyzer.user_encoder_.dim


def test_a_background_of_another_encoder_is_refused(tmp_path: Path) -> None:
    import numpy as np

    from slant.analyzers.narratives.user import Background, UserNarratives, sentence_encoder

    path = tmp_path / "mine.toml"
    path.write_text(TOML, encoding="utf-8")
    rng = np.random.RandomState(0)
    for name in ("minilm-l6", ""):  # another encoder's, or an older slant's (unnamed)
        bg = Background.from_states(rng.normal(size=(50, 512)).astype(np.float32), 2, name)
        bg.save(tmp_path / "background.npz")
        loaded = Background.load(tmp_path / "background.npz")
        assert loaded.encoder == name
        with pytest.raises(ResourceError, match="built by encoder"):
            UserNarratives.load(path, sentence_encoder("use-m3"), (1.0, 0.0), loaded)
    with pytest.raises(ResourceError, match="unknown user-narrative encoder"):
        sentence_encoder("techniques-minilm")
