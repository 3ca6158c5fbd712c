from __future__ import annotations

from typing import ClassVar

import pytest

from slant import analyzers as registry
from slant.article import Article, Skip
from slant.config import load_settings
from slant.errors import AnalyzerError, ConfigError, UsageError
from slant.pipeline import Pipeline
from slant.readers.txt import article_from_text


def test_default_pipeline_runs_entities() -> None:
    assert "entities" in Pipeline(load_settings()).names


def test_skip_removes_and_unknown_names_fail() -> None:
    assert "entities" not in Pipeline(load_settings(skip=("entities",))).names
    with pytest.raises(UsageError, match="unknown analyzer"):
        Pipeline(load_settings(only=("nope",)))


def test_settings_layers(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    cfg = tmp_path / "slant.toml"
    cfg.write_text('max_bytes = 1000\nskip = ["entities"]\n', encoding="utf-8")
    monkeypatch.setenv("SLANT_MAX_BYTES", "2000")
    s = load_settings(cfg)
    assert s.max_bytes == 2000 and s.skip == ("entities",)
    assert load_settings(cfg, max_bytes=5).max_bytes == 5
    cfg.write_text("colour = 'red'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="colour"):
        load_settings(cfg)


@registry.register("_test_boom")
class Boom:
    requires: ClassVar[frozenset[str]] = frozenset({"paragraphs"})
    assigns: ClassVar[frozenset[str]] = frozenset()
    default = False

    def initialize(self) -> None:
        pass

    def __call__(self, article: Article) -> None:
        raise ZeroDivisionError("boom")


def test_analyzer_failure_is_recorded_or_raised() -> None:
    art = article_from_text(
        "The mayor of Leeds opened the new bridge on Monday.", id="b", source="b"
    )
    recording = Pipeline(load_settings(only=("_test_boom",), on_error="record"))
    skip = recording.run_one(art)
    assert isinstance(skip, Skip)
    assert "_test_boom" in skip.error and "ZeroDivisionError" in skip.error
    raising = Pipeline(load_settings(only=("_test_boom",)))
    with pytest.raises(AnalyzerError) as info:
        raising(article_from_text("The mayor spoke.", id="c", source="c"))
    assert isinstance(info.value.__cause__, ZeroDivisionError)
    assert "_test_boom" not in Pipeline(load_settings()).names  # default = False


def test_pipeline_drops_doc_by_default(pipeline) -> None:
    art = pipeline(article_from_text("The mayor of Leeds spoke on Monday.", id="d", source="d"))
    assert art.doc is None
    assert art.analyzers == pipeline.names
