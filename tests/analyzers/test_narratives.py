"""The narratives analyzer on short texts written for these tests, with the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant import analyzers as registry
from slant.annotations import Narrative
from slant.article import Article
from slant.errors import UsageError
from slant.schema import validate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "narratives"


def read(name: str) -> str:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="module")
def analyzer():
    an = registry.get("narratives")()
    an.initialize()
    return an


def run(analyzer, text: str, id: str = "t") -> Article:
    art = Article(id=id, text=text, analyzers=["narratives"])
    analyzer(art)
    return art


def test_registered_and_default() -> None:
    assert "narratives" in registry.default_names()
    cls = registry.get("narratives")
    assert cls.assigns == frozenset({"narratives"})


def test_ukraine_war_text_fires_a_war_narrative(analyzer) -> None:
    text = read("urw_west_aggressor.txt")
    art = run(analyzer, text)
    tops = [n for n in art.narratives if n.subnarrative is None]
    assert tops, "a text blaming NATO for the war pushes a SemEval-2025 narrative"
    assert all(n.narrative.startswith("URW: ") for n in tops)
    assert all(n.taxonomy == "semeval2025" for n in art.narratives)
    assert tops[0].score >= 0.5
    for n in art.narratives:
        assert 0.0 <= n.score <= 1.0
        assert n.evidence
        for s, e in n.evidence:
            assert 0 <= s < e <= len(text)
            assert text[s:e].strip() == text[s:e]  # a whole line, no surrounding blanks
    art.check()


def test_neutral_text_and_the_bundled_example_stay_empty(analyzer) -> None:
    assert run(analyzer, read("neutral_bakery.txt")).narratives == []
    example = Path(__file__).parents[2] / "examples" / "kazakhstan_csto_2022.txt"
    if example.exists():  # about neither the war in Ukraine nor climate change
        assert all(n.score < 0.3 for n in run(analyzer, example.read_text("utf-8")).narratives)
    assert run(analyzer, "   \n").narratives == []


def test_hierarchy_is_consistent(analyzer) -> None:
    for name in ("urw_west_aggressor.txt", "neutral_bakery.txt"):
        items = run(analyzer, read(name)).narratives
        tops = {n.narrative: n.score for n in items if n.subnarrative is None}
        for n in items:
            if n.subnarrative is not None:
                assert n.narrative in tops, "no sub-narrative without its narrative"
                assert n.subnarrative.startswith(n.narrative + ": ")
                assert n.score <= tops[n.narrative]
        official = set(analyzer.model_.coarse) | set(analyzer.model_.fine)
        assert all(n.narrative in official for n in items)
        assert all(n.subnarrative in official for n in items if n.subnarrative)


def test_min_score_is_the_users_threshold() -> None:
    an = registry.get("narratives")(min_score=0.7)
    an.initialize()
    items = run(an, read("urw_west_aggressor.txt")).narratives
    assert items and all(n.score >= 0.7 for n in items)
    with pytest.raises(UsageError):
        registry.get("narratives")(min_score=1.5)


def test_identical_text_identical_output(analyzer) -> None:
    text = read("urw_west_aggressor.txt")
    assert run(analyzer, text, "a").narratives == run(analyzer, text, "b").narratives


def test_schema_round_trip(analyzer) -> None:
    art = run(analyzer, read("urw_west_aggressor.txt"))
    art.narratives.append(Narrative("My own", None, 0.61, ((0, 4),), "user"))
    data = art.to_dict()
    assert data["schema_version"] == "1.4"
    validate(data)
    for item in data["narratives"]:
        for ev in item["evidence"]:
            assert ev["text"] == art.text[ev["start"] : ev["end"]]
    assert Article.from_dict(data).narratives == [
        Narrative(n.narrative, n.subnarrative, round(n.score, 4), n.evidence, n.taxonomy)
        for n in art.narratives
    ]
    empty = Article(id="e", text="x").to_dict()
    assert empty["narratives"] == []
    validate(empty)


def test_the_use_heads_read_only_the_start_of_the_article(analyzer) -> None:
    from slant.analyzers.narratives.model import line_ranges

    assert analyzer.model_.has_use, "the shipped model mixes in heads on USE vectors"
    text = read("urw_west_aggressor.txt")
    assert len(text) < analyzer.model_.use_max_chars
    longer = text + "\n" + "The bakery opened a second shop in the old town. " * 60 + "\n"
    u = analyzer._use_features(text, line_ranges(text))
    np.testing.assert_array_equal(u, analyzer._use_features(longer, line_ranges(longer)))
    # they weigh in, and they read the war in the text as the MiniLM heads do
    from dataclasses import replace

    from slant.analyzers.narratives.model import article_features

    model = analyzer.model_
    dense, _, _ = article_features(analyzer.encoder_.states(text), text)
    x = model.features(dense, text)
    mixed, _ = model.probabilities(x, u)
    alone, _ = replace(model, use_weight=0.0).probabilities(x)
    assert not np.allclose(mixed, alone)
    use_only = u @ model.use_coarse_coef.T + model.use_coarse_intercept
    assert model.coarse[int(np.argmax(use_only))].startswith("URW: ")
