from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.clean import clean, is_dateline, is_headline, is_title_line, split_paragraphs


def cleaned(text: str, title: str | None = None) -> list[tuple[int, str, int | None, str]]:
    art = Article(id="t", text=text, title=title)
    return [(p.line, p.kind, p.duplicate_of, text[p.start : p.end]) for p in clean(art)]


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def test_split_counts_blank_lines_and_strips_whitespace() -> None:
    text = "  First line. \n\nThird line.\r\nFourth\rFifth"
    paras = split_paragraphs(text)
    assert [p.line for p in paras] == [1, 3, 4, 5]
    assert [text[p.start : p.end] for p in paras] == [
        "First line.",
        "Third line.",
        "Fourth",
        "Fifth",
    ]


def test_seed_article_flags(seed_text: str) -> None:
    rows = cleaned(seed_text)
    by_line = {line: (kind, dup, s) for line, kind, dup, s in rows}
    assert len(rows) == 14
    assert by_line[9][1] == 8  # line 9 duplicates line 8
    assert by_line[8][1] is None
    assert by_line[10][0] == "teaser"
    assert by_line[10][2].startswith("’Coincidence?’ US, Foreign NGOs")
    assert by_line[11][0] == "dateline"
    assert by_line[1][0] == "body"  # line 1 ends in "said.": not a title
    assert [r[1] for r in rows].count("body") == 12


def test_semeval_fixture_kinds(fixtures: Path) -> None:
    rows = cleaned(read(fixtures / "article1001.txt"), "Officials Say Curfew Will Stay in Almaty")
    kinds = {line: (kind, dup) for line, kind, dup, _ in rows}
    assert kinds[1] == ("title", None)
    assert kinds[6] == ("body", 4)
    assert kinds[7] == ("boilerplate", None)  # "Advertisement"
    assert kinds[8] == ("teaser", None)  # headline-case, no period, dateline follows
    assert kinds[9] == ("dateline", None)
    assert kinds[10] == ("hashtag", None)
    assert kinds[11] == ("body", None)


def test_teaser_after_related_line(fixtures: Path) -> None:
    rows = cleaned(read(fixtures / "related_teaser.txt"))
    assert [k for _, k, _, _ in rows] == ["body", "body", "boilerplate", "teaser", "body"]


def test_teaser_with_read_more_prefix_and_updated_dateline(fixtures: Path) -> None:
    rows = cleaned(read(fixtures / "readmore_teaser.txt"))
    assert [k for _, k, _, _ in rows] == ["body", "teaser", "body", "dateline"]


def test_subheading_is_not_a_teaser(fixtures: Path) -> None:
    rows = cleaned(read(fixtures / "subheading.txt"))
    assert [k for _, k, _, _ in rows] == ["body", "body", "body"]


@pytest.mark.parametrize(
    "line",
    [
        "7 January 2022, 20:28 GMT",
        "Updated: Jan. 7, 2022 8:28 pm ET",
        "2022-01-07",
        "Friday, 7 January 2022",
        "07/01/2022 20:28",
    ],
)
def test_datelines(line: str) -> None:
    assert is_dateline(line)


@pytest.mark.parametrize(
    "line",
    ["Police arrived on 7 January 2022.", "January was cold.", "The 2022 budget passed"],
)
def test_not_datelines(line: str) -> None:
    assert not is_dateline(line)


def test_headline_detection() -> None:
    assert is_headline("US, Foreign NGOs May Have Played Key Role in Social Unrest")
    assert is_headline("Why the Fed Will Keep Raising Rates?")
    assert not is_headline("The council met on Monday and approved the budget.")
    assert not is_headline("Police said the protest was peaceful")


def test_duplicates_ignore_quote_style_and_spacing() -> None:
    text = (
        'He said “no deal”, the aide added.\nSomething else.\nHe said "no  deal", the aide added.'
    )
    rows = cleaned(text)
    assert rows[2][2] == 1


def test_cleaning_never_changes_text(seed_text: str) -> None:
    art = Article(id="s", text=seed_text)
    clean(art)
    assert art.text == seed_text


def read_article(path: Path) -> Article:
    from slant.readers.txt import article_from_text

    art = article_from_text(read(path), id=path.stem, source=str(path))
    clean(art)
    return art


def test_sentence_case_title_then_subtitle_without_blank_line(fixtures: Path) -> None:
    # Russian sites put the title and the subtitle on adjacent lines (CRLF here).
    art = read_article(fixtures / "ru_title_subtitle.txt")
    assert art.title == "Мэр Казани рассказал о планах на ремонт трамвайных путей"
    assert [p.kind for p in art.paragraphs] == ["title", "body", "body", "body"]
    assert art.paragraphs[0].line == 1 and art.paragraphs[1].line == 2


def test_english_same_layout_gets_the_same_title(fixtures: Path) -> None:
    art = read_article(fixtures / "en_title_subtitle.txt")
    assert art.title == "Council says the tram repairs will finish before September"
    assert [p.kind for p in art.paragraphs] == ["title", "body", "body", "body"]
    # headline case on the same layout was a title before and still is
    rows = cleaned("Council Says Tram Repairs Will Finish\nThe mayor promised it.\n\nBody text.")
    assert [r[1] for r in rows] == ["title", "body", "body"]


def test_wrapped_first_sentence_is_not_a_title(fixtures: Path) -> None:
    art = read_article(fixtures / "wrapped_sentence.txt")
    assert art.title is None
    assert [p.kind for p in art.paragraphs] == ["body", "body", "body"]


def test_leading_blank_lines_before_semeval_title(fixtures: Path) -> None:
    art = read_article(fixtures / "leading_blank.txt")
    assert art.title == "Посол обвинил власти в отсутствии гостеприимства"
    assert [p.kind for p in art.paragraphs] == ["title", "body"]


@pytest.mark.parametrize(
    ("first", "following", "expected"),
    [
        ("Философ сообщил о главном желании дочери", "Философ заявил, что…", True),
        ("Что на самом деле произошло в Кременчуге?", "В результате удара…", True),
        ("«Нет другого пути»: канцлер готовит немцев к лишениям", "«Возьмемся за руки»", True),
        ("Посол заявил, что беженцы уезжают из страны.", "Власти не ответили.", False),
        ("Власти сообщили о том, что в городе", "введён режим ЧС.", False),  # wrapped
        ("Срочно", "Власти сообщили о взрыве.", False),  # one word: a rubric
        ("Итоги дня:", "Власти сообщили о взрыве.", False),
        ("Слово " * 40, "Власти сообщили о взрыве.", False),  # too long for a title
    ],
)
def test_title_line(first: str, following: str, expected: bool) -> None:
    assert is_title_line(first, following) is expected


def test_given_title_is_not_overridden_by_a_title_line() -> None:
    text = (
        "Мэр рассказал о планах на ремонт путей\nГлава города пообещал закончить работы\n\nТекст."
    )
    rows = cleaned(text, title="Другой заголовок страницы")
    assert rows[0][1] == "body"


def test_press_release_marker_is_boilerplate_not_a_title() -> None:
    text = "FOR IMMEDIATE RELEASE\nContact: Jane Doe, (555) 010-2234\n\nACME reports results.\n"
    art = Article(id="pr", text=text)
    kinds = [p.kind for p in clean(art)]
    assert kinds == ["boilerplate", "body", "body"]
    assert art.title is None
