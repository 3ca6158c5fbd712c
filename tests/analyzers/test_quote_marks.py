"""The one quote-mark scanner (quotes/marks.py) with each caller's mark set."""

from __future__ import annotations

from slant.analyzers.quotes import find_quoted_spans, quoted_ranges
from slant.analyzers.quotes.marks import (
    ENGLISH_MARKS,
    PARAGRAPH_MARKS,
    RUSSIAN_MARKS,
    QuoteMarks,
    scan,
)
from slant.analyzers.quotes.rules_ru import quoted_spans


def _inside(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[str, bool]]:
    return [(text[s:e], closed) for s, e, closed in spans]


def test_english_single_quotes_are_no_apostrophes() -> None:
    text = "He said 'we don't know' and it's 'open"
    assert _inside(text, scan(text, ENGLISH_MARKS)) == [("we don't know", True)]


def test_english_quote_left_open_runs_to_the_end_scanned() -> None:
    text = "A „mixed“ and ‹guillemet› then “unfinished words. Next"
    end = text.index(" Next")
    assert _inside(text, scan(text, ENGLISH_MARKS, 0, end)) == [
        ("mixed", True),
        ("guillemet", True),
        ("unfinished words.", False),
    ]


def test_english_single_quote_opens_only_at_a_word_edge_of_the_range() -> None:
    text = "x'y z' (a 'b c'"
    # the range starts right at the mark: it opens there, as at a word's edge
    assert _inside(text, scan(text, ENGLISH_MARKS, 1)) == [("y z", True), ("b c", True)]
    assert _inside(text, scan(text, ENGLISH_MARKS)) == [("b c", True)]


def test_find_quoted_spans_leaves_empty_quotations_out() -> None:
    text = 'An "" empty one and "a full one"'
    assert [text[s:e] for s, e, _c in find_quoted_spans(text, 0, len(text))] == ["a full one"]
    assert len(scan(text, ENGLISH_MARKS)) == 2


def test_paragraph_marks_restart_toggle_and_line_ends() -> None:
    text = "“stray “real one” ''Times style'' «mixed” \"open\nnext"
    assert _inside(text, scan(text, PARAGRAPH_MARKS)) == [
        ("real one", True),
        ("Times style", True),
        ("mixed", True),
        ("open", False),
    ]
    assert quoted_ranges(text) == [(s, e) for s, e, _c in scan(text, PARAGRAPH_MARKS)]


def test_russian_marks_nest_and_drop_unclosed() -> None:
    text = (
        'Он сказал: «Проект „Северный поток“ — это «наш» путь». А "детище — "Поток 2", — стало'
        ' другим". Лишнее «незакрытое\nдальше».'
    )
    assert _inside(text, scan(text, RUSSIAN_MARKS)) == [
        ("Проект „Северный поток“ — это «наш» путь", True),
        ('детище — "Поток 2", — стало другим', True),
    ]  # a quotation still open at a line break is none
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "Проект „Северный поток“ — это «наш» путь",
        'детище — "Поток 2", — стало другим',
    ]


def test_russian_unclosed_mark_lets_the_scan_go_on_right_after_it() -> None:
    text = "«Начало без конца\n«Три слова здесь»"
    assert _inside(text, scan(text, RUSSIAN_MARKS)) == [("Три слова здесь", True)]


def test_a_mark_set_of_its_own() -> None:
    marks = QuoteMarks(closers={"<<": (">>",)}, line_ends=True, keep_unclosed=False)
    text = "a <<b>> c <<d\ne>> <<f"
    assert _inside(text, scan(text, marks)) == [("b", True)]
