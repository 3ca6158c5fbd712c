"""Language identification: hard English is never refused, other languages are refused by
name, mixed and short texts follow the rule in slant.language, and nothing is downloaded."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from slant import language
from slant.article import Article
from slant.config import Settings
from slant.errors import NotEnglish
from slant.language import identify, language_name
from slant.pipeline import Pipeline
from slant.readers import read_path
from slant.schema import validate

LANG = Path(__file__).parent / "fixtures" / "language"
ENGLISH = sorted((LANG / "en").glob("*.txt"))
OTHER = sorted((LANG / "other").glob("*.txt"))
REFUSED = [p for p in OTHER if not p.stem.startswith("ru_")]  # Russian is routed, not refused
MIXED = json.loads((LANG / "mixed" / "cases.json").read_text(encoding="utf-8"))
MIXED.pop("_comment")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tone_only() -> Pipeline:
    """A pipeline with one cheap analyzer: the language check runs before any analyzer."""
    return Pipeline(Settings(only=("tone",)))


def test_fixture_sets_are_big_enough() -> None:
    assert len(ENGLISH) >= 30 and len(OTHER) >= 20
    assert {p.stem.split("_")[0] for p in OTHER} >= {"fr", "de", "es", "ru", "kk", "zh", "ar"}


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem)
def test_hard_english_is_english_and_never_refused(path: Path, tone_only: Pipeline) -> None:
    found = identify(read(path))
    assert (found.language, found.refuse) == ("en", False)
    assert found.confidence is not None and 0 < found.confidence <= 1
    art = tone_only(Article(id=path.stem, text=read(path), source=str(path)))
    assert art.meta["language"] == "en"
    assert art.language_confidence == found.confidence


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.stem)
def test_other_languages_are_refused_by_name(path: Path, tone_only: Pipeline) -> None:
    code = path.stem.split("_")[0]
    found = identify(read(path))
    assert (found.language, found.refuse) == (code, True)
    with pytest.raises(NotEnglish) as err:
        tone_only(Article(id=path.stem, text=read(path), source=path.name))
    msg = str(err.value)
    assert msg.startswith(f"{path.name}: text is in {language_name(code)} ({code}, ")
    assert "English and Russian only" in msg and "--no-language-check" in msg
    assert err.value.language == code and err.value.confidence >= language.REFUSE_CONFIDENCE


def test_refusal_names_the_language_in_words() -> None:
    fr = identify(read(LANG / "other" / "fr_council.txt"))
    err = NotEnglish("a.txt", "fr", fr.confidence or 0, language_name("fr"))
    assert str(err).startswith(f"a.txt: text is in French (fr, {fr.confidence:.2f}); ")
    assert language_name("kk") == "Kazakh"
    assert language_name("xyz") == "xyz"  # no English name: the code


@pytest.mark.parametrize("name", sorted(MIXED), ids=lambda n: n.removesuffix(".txt"))
def test_mixed_and_short_texts_follow_the_rule(name: str) -> None:
    want = MIXED[name]
    found = identify(read(LANG / "mixed" / name))
    assert found.refuse is want["refuse"]
    if "language" in want:
        assert found.language == want["language"]


def test_rule_thresholds() -> None:
    # a bilingual notice is analysed because half of its letters are in an English line,
    # though the whole text comes out Russian
    found = identify(read(LANG / "mixed" / "bilingual_en_ru.txt"))
    assert found.language == "ru" and found.english_share is not None
    assert found.english_share >= language.MAX_ENGLISH_SHARE and not found.refuse
    # a French sentence under MIN_LETTERS is identified but never refused
    short = "Le maire a démissionné lundi soir."
    found = identify(short)
    assert found.language == "fr" and not found.refuse
    # the same sentence repeated is long enough to refuse
    assert identify(" ".join([short] * 4)).refuse


def test_no_language_check_analyses_and_still_identifies() -> None:
    text = read(LANG / "other" / "de_weather.txt")
    art = Pipeline(Settings(only=("tone",), language_check=False))(Article(id="d", text=text))
    assert art.meta["language"] == "de" and art.language_confidence is not None
    assert art.tone  # analysed
    data = art.to_dict()
    validate(data)
    assert (data["language"], data["language_confidence"]) == ("de", art.language_confidence)


def test_identified_language_replaces_a_declared_one(tone_only: Pipeline) -> None:
    text = read(LANG / "en" / "news_prose.txt")
    art = tone_only(Article(id="a", text=text, meta={"language": "fr-FR"}))
    assert art.meta["language"] == "en"
    assert art.extras["declared_language"] == "fr-FR"
    same = tone_only(Article(id="b", text=text, meta={"language": "en-GB"}))
    assert same.meta["language"] == "en" and "declared_language" not in same.extras


def test_text_without_letters_keeps_null_language(tone_only: Pipeline) -> None:
    art = tone_only(Article(id="n", text=read(LANG / "mixed" / "no_letters.txt")))
    assert art.meta.get("language") is None and art.language_confidence is None
    validate(art.to_dict())


def test_html_page_gets_a_language(fixtures: Path, tone_only: Pipeline) -> None:
    (art,) = read_path(fixtures / "page.html", max_bytes=2_000_000)
    assert isinstance(art, Article)
    art = tone_only(art)
    assert art.meta["language"] == "en" and art.language_confidence is not None


def test_old_outputs_without_confidence_stay_valid(tone_only: Pipeline) -> None:
    art = tone_only(Article(id="a", text=read(LANG / "en" / "news_prose.txt")))
    data = art.to_dict()
    assert Article.from_dict(data).language_confidence == art.language_confidence
    del data["language_confidence"]
    data["schema_version"] = "1.0"
    validate(data)
    assert Article.from_dict(data).language_confidence is None


def test_model_ships_in_the_package_and_nothing_is_downloaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = language._model_path()
    assert path.is_file() and path.stat().st_size > 500_000

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the language identifier tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    language._fasttext_model.cache_clear()  # load the model again, offline
    assert identify(read(LANG / "other" / "kk_government.txt")).language == "kk"
