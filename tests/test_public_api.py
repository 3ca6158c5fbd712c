from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import slant
from slant.errors import EmptyInput, InputError, NotEnglish, UsageError


def test_all_is_sorted_and_complete() -> None:
    assert slant.__all__ == sorted(slant.__all__)
    for name in slant.__all__:
        assert hasattr(slant, name)


def test_import_is_light() -> None:
    code = "import slant, sys; print('spacy' in sys.modules, 'trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_analyze_text_returns_article_with_doc() -> None:
    art = slant.analyze("Antony Blinken met Anatoly Antonov in Geneva on Monday, officials said.")
    assert isinstance(art, slant.Article)
    assert art.doc is not None and len(list(art.doc.sents)) == 1
    assert {e.canonical for e in art.entities} >= {"Antony Blinken", "Anatoly Antonov", "Geneva"}
    assert art.to_dict()["id"].startswith("text-")


def test_analyze_path(tmp_path: Path) -> None:
    p = tmp_path / "article77.txt"
    p.write_text("Title Here\n\nThe mayor of Leeds said the bridge would open.\n", encoding="utf-8")
    art = slant.analyze(p)
    assert (art.id, art.title) == ("77", "Title Here")
    assert slant.analyze(str(p)).id == "77"


def test_analyze_errors() -> None:
    with pytest.raises(EmptyInput):
        slant.analyze("   ")
    french = (
        "Le conseil municipal s'est réuni lundi pour voter le budget de la ville, et les élus "
        "de l'opposition ont dénoncé une hausse des impôts locaux et une baisse des subventions "
        "aux associations culturelles de la commune."
    )
    with pytest.raises(NotEnglish):
        slant.analyze(french)
    assert isinstance(NotEnglish("x", "fr", 0.98), InputError)
    # with the check off the text is analysed, and its language is still identified
    assert slant.analyze(french, language_check=False).meta.get("language") == "fr"
    with pytest.raises(UsageError):
        slant.analyze("Some text here.", only=("nosuch",))


def test_analyze_text_with_a_lone_surrogate_is_analysed_with_offsets_kept() -> None:
    import json

    import slant

    text = "The minister said \ud800 the talks failed. Officials met on Monday."
    art = slant.analyze(text, only=("tone",))
    assert art.text == text.replace("\ud800", "\ufffd") and len(art.text) == len(text)
    json.dumps(art.to_dict()).encode("utf-8")  # writable as UTF-8
