"""The techniques profiles: fast (MiniLM) by default, accurate (MPNet) on request."""

from __future__ import annotations

import pytest

from slant.analyzers.techniques import ACCURATE_DIR, RESOURCE_DIR, TechniquesAnalyzer
from slant.config import Settings, load_settings
from slant.errors import ConfigError, UsageError
from slant.pipeline import Pipeline


def test_profile_defaults_to_fast_and_keeps_the_fast_version() -> None:
    pipe = Pipeline(Settings(only=("techniques",)))
    (an,) = pipe.analyzers
    assert an.profile == "fast"
    assert "techniques@1" in pipe.model_version.split("; ")[1].split(",")


def test_profile_accurate_reaches_the_analyzer_and_the_model_version() -> None:
    pipe = Pipeline(load_settings(only=("techniques",), profile="accurate"))
    (an,) = pipe.analyzers
    assert an.profile == "accurate"
    assert "techniques@1-accurate" in pipe.model_version


def test_profile_unknown_is_refused() -> None:
    with pytest.raises(ConfigError, match="profile"):
        load_settings(profile="fastest")
    with pytest.raises(UsageError, match="profile"):
        TechniquesAnalyzer(profile="fastest")


def test_profile_explicit_model_dir_wins(tmp_path) -> None:
    an = TechniquesAnalyzer(profile="accurate", model_dir=str(tmp_path))
    with pytest.raises(Exception, match=str(tmp_path)):
        an.initialize()


def test_profile_folders_are_siblings() -> None:
    assert ACCURATE_DIR.parent == RESOURCE_DIR.parent
    assert ACCURATE_DIR != RESOURCE_DIR


def test_profile_is_recorded_in_the_output() -> None:
    from slant.article import Article
    from slant.schema import validate

    pipe = Pipeline(Settings(only=("tone",)))
    art = pipe(Article(id="a", text="The council met on Tuesday and approved the budget."))
    data = art.to_dict()
    assert data["profile"] == "fast"
    validate(data)
    assert Article.from_dict(data).profile == "fast"
