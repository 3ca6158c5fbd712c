"""Russian counts, dates and places: rules of analyzers/russian/ on hand-written sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from slant.analyzers.russian.dates import find_dates_ru
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline


@pytest.fixture(scope="module")
def counts_ru() -> Pipeline:
    return Pipeline(Settings(only=("counts",), language="ru"))


def _counts(pipe: Pipeline, text: str) -> list[tuple[str, float | None, str, bool, str]]:
    art = pipe(Article(id="c", text=text))
    return [(c.type, c.number, c.object, c.estimate, text[c.start : c.end]) for c in art.counts]


def test_counts_in_every_case_form(counts_ru: Pipeline) -> None:
    text = (
        "В Алма-Ате задержаны 3811 человек, погибли 13 сотрудников правоохранительных "
        "органов, сообщили в МВД."
    )
    got = _counts(counts_ru, text)
    assert ("ARREST", 3811.0, "человек", False, "задержаны 3811 человек") in got
    assert ("KILL", 13.0, "сотрудников правоохранительных органов", False,
            "погибли 13 сотрудников правоохранительных органов") in got  # fmt: skip
    art = counts_ru(Article(id="s", text=text))
    assert {c.source for c in art.counts} == {"МВД"}


def test_counts_estimates_and_number_words(counts_ru: Pipeline) -> None:
    got = _counts(counts_ru, "Свыше двух тысяч протестующих вышли на улицы.")
    assert got == [("PROTEST", 2000.0, "", True, "Свыше двух тысяч протестующих")]
    got = _counts(counts_ru, "В результате обстрела погибли трое мирных жителей, пятеро ранены.")
    assert ("KILL", 3.0, "мирных жителей", False, "погибли трое мирных жителей") in got
    assert ("WOUND", 5.0, "", False, "пятеро ранены") in got
    got = _counts(counts_ru, "Около 50 пострадавших госпитализированы.")
    assert got[0][:2] == ("WOUND", 50.0) and got[0][3] is True


def test_years_percentages_and_dates_are_not_counts(counts_ru: Pipeline) -> None:
    assert _counts(counts_ru, "В 2022 году цены выросли на 15 % и 5 января снова.") == []


def test_russian_dates() -> None:
    text = (
        "Режим ЧС введён до 19 января. 5 января 2022 года начались протесты; "
        "в январе 2021 года было тихо. Вчера и на прошлой неделе, в 2020 году. Касым-Жомарт."
    )
    base = dt.date(2022, 1, 7)
    got = [(text[d.start : d.end], d.value) for d in find_dates_ru(text, base, [])]
    assert got == [
        ("19 января", "2022-01-19"),
        ("5 января 2022 года", "2022-01-05"),
        ("январе 2021 года", "2021-01"),
        ("Вчера", "2022-01-06"),
        ("прошлой неделе", "2021-W52"),
        ("2020 году", "2020"),
    ]
    # no base date: relative dates stay unresolved, never today
    got = {text[d.start : d.end]: d.value for d in find_dates_ru(text, None, [])}
    assert got["Вчера"] == "" and got["19 января"] == "--01-19"


def test_dateline_month_abbreviations() -> None:
    text = (
        "МОСКВА, 13 июн — РИА Новости. Переговоры пройдут 5 сент. 2022 года, встреча — "
        "20 апр. Опубликовано 5 сентиментальных писем и 3 марки."
    )
    got = [(text[d.start : d.end], d.value) for d in find_dates_ru(text, None, [])]
    assert got == [
        ("13 июн", "--06-13"),
        ("5 сент. 2022 года", "2022-09-05"),
        ("20 апр", "--04-20"),
    ]


def test_thousands_and_month_names_in_counts(counts_ru: Pipeline) -> None:
    got = _counts(counts_ru, "По данным МВД, более 3 тыс. человек задержаны 5 января.")
    assert [g[:4] for g in got] == [("ARREST", 3000.0, "человек", True)]


def test_things_clock_times_and_model_numbers_are_not_counts(counts_ru: Pipeline) -> None:
    text = (
        "При обстреле Белгорода пострадали 94 машины. Семью убил украинский дрон, вернее, два "
        "дрона. Ранения получил обстрел Севастополя 13:50. G7 решит изъять активы. Уничтожены "
        "два американских орудия М119. Он уничтожил канал, на котором было 3 миллиона "
        "подписчиков. Ранены четыре человека."
    )
    got = _counts(counts_ru, text)
    assert [g[:2] for g in got] == [("WOUND", 4.0)]


def test_tens_and_hundreds(counts_ru: Pipeline) -> None:
    got = _counts(counts_ru, "ВСУ убили почти три десятка людей, ударив по рынку.")
    assert [g[:4] for g in got] == [("KILL", 30.0, "людей", True)]
    got = _counts(counts_ru, "Установки уничтожены вместе с десятком западных специалистов.")
    assert [g[:2] for g in got] == [("KILL", 10.0)]


def test_russian_places_geocoded() -> None:
    pipe = Pipeline(Settings(only=("entities", "places"), language="ru"))
    text = "Протесты прошли в Алма-Ате и Москве, заявили в США. Лавров прибыл в Харьков."
    art = pipe(Article(id="p", text=text))
    geo = {text[e.start : e.end]: e.geo.country_code for e in art.entities if e.geo}
    assert geo == {"Алма-Ате": "KZ", "Москве": "RU", "США": "US", "Харьков": "UA"}
