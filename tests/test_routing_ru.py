"""Language routing: Russian text goes to the Russian pipeline, English to the English one,
other languages are refused by name; --language forces a pipeline; only the analyzers that
support an article's language run on it (issue 26)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.analyzers.base import languages_of, requires_for
from slant.article import Article
from slant.cli import app
from slant.config import Settings, load_settings
from slant.errors import ConfigError, NotEnglish
from slant.language import identify, route
from slant.pipeline import Pipeline
from slant.schema import validate

ROOT = Path(__file__).parent.parent
LANG = Path(__file__).parent / "fixtures" / "language"
RU_EXAMPLE = ROOT / "examples" / "kazakhstan_odkb_2022_ru.txt"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tone_and_entities() -> Pipeline:
    """tone has no Russian branch, entities has one."""
    return Pipeline(Settings(only=("entities", "tone")))


@pytest.mark.parametrize("name", ["ru_csto.txt", "ru_weather.txt"])
def test_russian_is_routed_not_refused(name: str, tone_and_entities: Pipeline) -> None:
    text = read(LANG / "other" / name)
    assert route(identify(text), text) == "ru"
    art = tone_and_entities(Article(id=name, text=text))
    assert art.meta["language"] == "ru" and art.language == "ru"
    assert art.analyzers == ["entities"]  # tone does not support Russian: left out, no error
    assert art.entities and art.tone == {}
    validate(art.to_dict())


def test_other_languages_still_refused(tone_and_entities: Pipeline) -> None:
    with pytest.raises(NotEnglish, match="text is in German"):
        tone_and_entities(Article(id="d", text=read(LANG / "other" / "de_politics.txt")))


def test_bilingual_and_titled_texts() -> None:
    text = read(LANG / "mixed" / "bilingual_en_ru.txt")
    assert route(identify(text), text) == "en"  # half of it is English: analysed as English
    art = Pipeline(Settings(only=("tone",)))(Article(id="b", text=text))
    assert art.meta["language"] == "en" and art.extras["identified_language"] == "ru"
    text = read(LANG / "mixed" / "ru_with_english_title.txt")
    assert route(identify(text), text) == "ru"


def test_forced_language_wins_and_never_refuses() -> None:
    ru_text = read(LANG / "other" / "ru_csto.txt")
    art = Pipeline(Settings(only=("tone",), language="en"))(Article(id="f", text=ru_text))
    assert art.meta["language"] == "en" and art.analyzers == ["tone"]
    assert art.extras["identified_language"] == "ru" and art.language_confidence is None
    en_text = read(LANG / "en" / "news_prose.txt")
    art = Pipeline(Settings(only=("entities",), language="ru"))(Article(id="g", text=en_text))
    assert art.meta["language"] == "ru" and art.extras["identified_language"] == "en"


def test_english_pipeline_unchanged_by_routing(tone_and_entities: Pipeline) -> None:
    art = tone_and_entities(Article(id="e", text=read(LANG / "en" / "news_prose.txt")))
    assert art.meta["language"] == "en" and art.analyzers == ["entities", "tone"]
    assert "identified_language" not in art.extras


def test_language_setting_from_toml_and_environment(tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "slant.toml"
    cfg.write_text('language = "ru"\n', encoding="utf-8")
    assert load_settings(cfg).language == "ru"
    monkeypatch.setenv("SLANT_LANGUAGE", "en")
    assert load_settings(cfg).language == "en"
    monkeypatch.setenv("SLANT_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="language must be auto, en or ru"):
        load_settings()


def test_analyzer_languages_and_requirements() -> None:
    from slant import analyzers as registry

    assert languages_of(registry.get("tone")) == {"en"}
    for name in ("entities", "places", "quotes", "counts", "dates"):
        assert languages_of(registry.get(name)) == {"en", "ru"}
    quotes = registry.get("quotes")
    assert requires_for(quotes, "en") == quotes.requires
    assert "doc.parse" in requires_for(quotes, "ru")


def test_cli_language_option_and_russian_summary() -> None:
    runner = CliRunner()
    only = ["--only", "entities,places,quotes,counts,dates"]
    got = runner.invoke(app, ["analyze", str(RU_EXAMPLE), *only])
    assert got.exit_code == 0, got.output
    data = json.loads(got.stdout)
    assert data["language"] == "ru"
    speakers = {q["speaker"]["name"] for q in data["quotes"]}
    assert speakers == {"Сергей Лавров", "Мария Захарова", "Дмитрий Песков"}
    assert [c["number"] for c in data["counts"]] == [3811, 13]
    assert {d["value"] for d in data["dates"]} >= {"2022-01-05", "2022-01-19"}
    text = runner.invoke(app, ["analyze", str(RU_EXAMPLE), *only, "-f", "text"])
    assert text.exit_code == 0 and "ru ·" in text.stdout and " 0 words" not in text.stdout
    forced = runner.invoke(app, ["analyze", str(RU_EXAMPLE), "--only", "tone", "--language", "en"])
    assert json.loads(forced.stdout)["analyzers"] == ["tone"]
    bad = runner.invoke(app, ["analyze", str(RU_EXAMPLE), "--language", "de"])
    assert bad.exit_code != 0
    assert "language must be auto, en or ru" in f"{bad.output}{bad.exception}"


def test_forced_language_is_part_of_the_model_version() -> None:
    assert "language=" not in Pipeline(Settings(only=("tone",))).model_version
    assert Pipeline(Settings(only=("tone",), language="ru")).model_version.endswith("; language=ru")


def test_forced_russian_does_not_load_the_english_model() -> None:
    pipe = Pipeline(Settings(only=("entities",), language="ru"))
    pipe.initialize()
    assert getattr(pipe, "nlp_", None) is None  # 234 MB of spaCy saved per worker
    art = pipe(Article(id="r", text="Сергей Лавров прибыл в Женеву."))
    assert art.language == "ru" and art.entities
