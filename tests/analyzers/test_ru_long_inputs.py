"""Russian inputs with many quotes or a run-on "sentence" cost time in proportion to their
length. Found by the fuzzing campaign's probes (bench/fuzz_campaign.py, ``--language
ru``): 2,000 sentences of one quote each took 27.3 CPU-s (the quotes rules read
``doc.text``, which joins every token again, once per quote; now 5.9), and 16,000 commas
after a sentence 21.9 CPU-s (slovnet's syntax parser scores every pair of a sentence's
words; now parsed in pieces of 256 tokens: 2.9).
"""

from __future__ import annotations

from typing import Any

import pytest

from slant.analyzers.quotes.rules_ru import _latin_only
from slant.article import Article
from slant.config import Settings
from slant.nlp.ru import MAX_SENTENCE_TOKENS, RussianParser
from slant.pipeline import Pipeline


@pytest.fixture(scope="module")
def parser() -> RussianParser:
    return RussianParser("ents")


def test_a_run_on_sentence_is_parsed_in_pieces(parser: RussianParser) -> None:
    text = "Министр заявил в понедельник. " + ", " * 600 + "конец. Второе предложение."
    sents = parser.sentences(text)
    assert all(len(toks) <= MAX_SENTENCE_TOKENS for _, _, toks in sents)
    tokens = [t for _, _, toks in sents for t in toks]
    assert tokens == sorted(tokens) and len(tokens) == len(set(tokens)) > 600
    for start, end, toks in sents:  # every piece spans its own tokens
        assert start <= toks[0][0] and toks[-1][1] <= end
    assert sents[0][:2] == (0, 29) and text[sents[-1][0] : sents[-1][1]] == "Второе предложение."


def test_ordinary_sentences_are_not_cut(parser: RussianParser) -> None:
    text = "Путин провёл встречу с Лукашенко в Минске. Песков сказал, что всё хорошо."
    assert [text[a:b] for a, b, _ in parser.sentences(text)] == [
        "Путин провёл встречу с Лукашенко в Минске.",
        "Песков сказал, что всё хорошо.",
    ]


def test_latin_only_reads_the_article_text() -> None:
    assert _latin_only("NewsInfo.Ru сообщил", (0, 11))
    assert not _latin_only("Сергей Марков сообщил", (0, 13))


def test_many_quotes_in_one_article() -> None:
    text = " ".join(f"Министр {i} сказал, что переговоры сорвались." for i in range(200))
    art = Pipeline(Settings(only=("entities", "quotes"), language="ru"))(Article(id="r", text=text))
    assert len(art.quotes) >= 190
    assert all(text[q.start : q.end].startswith("что переговоры") for q in art.quotes)


def test_a_run_of_opening_marks_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """15,437 "“" after a sentence (Russian marks nest): each mark scanned to the end of
    the line, 40 CPU-s; the marks a scan showed are never closed are not scanned again."""
    from slant.analyzers.quotes import marks

    calls: list[int] = []
    real = marks._closing

    def counted(*args: Any) -> tuple[int, int | None]:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(marks, "_closing", counted)
    assert marks.scan("Сказал он. " + "“" * 5000, marks.RUSSIAN_MARKS) == []
    assert len(calls) <= 3  # was 5,000
    # still found: a nested quotation that closes, after marks left open
    assert marks.scan("“ a “b” c “ «d»", marks.RUSSIAN_MARKS) == [(5, 6, True), (13, 14, True)]
