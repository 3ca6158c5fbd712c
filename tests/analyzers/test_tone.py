from __future__ import annotations

from _events import analyze, fixture_text

from slant.analyzers.tone import load_lexicon, tone_of


def _tone(text: str) -> dict[str, float]:
    words, pairs = load_lexicon()
    return tone_of(text, words, pairs)


def test_lexicon_ships_in_the_package() -> None:
    words, pairs = load_lexicon()
    assert len(words) > 7000
    assert words["killed"] < 0 < words["peace"]
    assert ("fed", "up") in pairs


def test_sign_on_clearly_positive_and_negative_text() -> None:
    good = _tone("The peace deal was a great success and people celebrated with joy and hope.")
    bad = _tone("The attack killed dozens; terrified victims fled the horrific violence and chaos.")
    assert good["tone"] > 5 and good["positive"] > good["negative"]
    assert bad["tone"] < -5 and bad["negative"] > bad["positive"]
    for t in (good, bad):
        assert t["polarity"] == round(t["positive"] + t["negative"], 4)
        assert abs(t["tone"] - (t["positive"] - t["negative"])) < 1e-3


def test_counts_words_and_pairs() -> None:
    t = _tone("I am fed up with this.")
    assert t["word_count"] == 6
    assert t["negative"] == round(100 / 6, 4)  # "fed up" counts once, as one negative entry
    assert t["pronoun_density"] == round(100 / 6, 4)  # "I"


def test_empty_text() -> None:
    assert _tone("")["word_count"] == 0 and _tone("")["tone"] == 0


def test_article_tone_skips_duplicates_and_datelines() -> None:
    text = fixture_text("osh_fuel_protests.txt")
    art = analyze(text)
    doubled = analyze(text + text.splitlines()[-1] + "\n")  # the quote paragraph again
    assert art.tone["tone"] < 0  # killings, clashes, violence
    assert doubled.tone == art.tone
    assert art.tone["word_count"] < len(text.split())  # the dateline is left out
