"""Russian speakers named by a title alone (analyzers/quotes/titles_ru.py): "канцлер", "глава
МИД", "дипломат отметила", "по словам министра" take the one person introduced with that
title or a synonym; two who fit leave the title's own words. Texts written for these tests."""

from __future__ import annotations

import pytest

from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(Settings(only=("entities", "quotes"), language="ru"))


def _speakers(pipe: Pipeline, text: str) -> list[tuple[str, str | None]]:
    """(mention text, speaker name) of each quote, in order."""
    art = pipe(Article(id="t", text=text))
    return [
        (text[q.speaker.start : q.speaker.end], q.speaker.name) if q.speaker else ("", None)
        for q in art.quotes
    ]


def test_a_bare_title_in_any_case_takes_the_person_introduced_with_it(pipe: Pipeline) -> None:
    text = (
        "Канцлер Германии Олаф Шольц подчеркнул, что Европа едина. Позже канцлер заявил, что "
        "поставки оружия продолжатся. По словам канцлера, санкции работают."
    )
    assert _speakers(pipe, text) == [
        ("Канцлер Германии Олаф Шольц", "Олаф Шольц"),
        ("канцлер", "Олаф Шольц"),  # the mention stays the title's words
        ("канцлера", "Олаф Шольц"),
    ]


def test_synonyms_of_a_title(pipe: Pipeline) -> None:
    text = (
        "Министр иностранных дел России Сергей Лавров прибыл в Анкару. Глава МИД добавил, "
        "что Москва готова к переговорам. Как сообщил глава ведомства, встреча прошла "
        "конструктивно.\n\n"
        "Олаф Шольц, канцлер Германии, посетил Прагу. Немецкий лидер заявил, что Чехия — "
        "надёжный партнёр."
    )
    assert [n for _, n in _speakers(pipe, text)] == [
        "Сергей Лавров",
        "Сергей Лавров",
        "Олаф Шольц",  # introduced by the title after his name
    ]


def test_the_verb_s_gender_picks_the_person(pipe: Pipeline) -> None:
    text = (
        "Посол России в США Анатолий Антонов встретился с журналистами. Официальный "
        "представитель МИД Мария Захарова провела брифинг. Дипломат отметила, что Запад "
        "провоцирует кризис. Дипломат заявил, что ответ последует."
    )
    got = _speakers(pipe, text)
    assert got[0] == ("Дипломат", "Мария Захарова")
    assert got[1] == ("Дипломат", "Анатолий Антонов")  # "заявил": not Захарова


def test_two_persons_who_fit_leave_the_title_unresolved(pipe: Pipeline) -> None:
    text = (
        "Министр обороны России Сергей Шойгу и министр иностранных дел Сергей Лавров провели "
        "переговоры с турецкой делегацией. Министр заявил, что стороны договорились.\n\n"
        "Президент России Владимир Путин позвонил президенту Франции Эммануэлю Макрону. "
        "Президент заявил, что ситуация остаётся сложной. Президент России подчеркнул, что "
        "Москва открыта к диалогу."
    )
    assert _speakers(pipe, text) == [
        ("Министр", "Министр"),  # two ministers
        ("Президент", "Президент"),  # two presidents
        ("Президент России", "Владимир Путин"),  # the country settles it
    ]


def test_a_title_s_complement_must_be_the_person_s(pipe: Pipeline) -> None:
    text = (
        "Министр обороны России Сергей Шойгу провёл совещание. Министр иностранных дел "
        "заявил, что переговоры продолжатся. Экс-президент США Дональд Трамп выступил в "
        "Техасе. Президент США сказал, что выборы прошли честно."
    )
    # Шойгу is not the foreign minister; Трамп is a former president, not "президент США"
    assert [n for _, n in _speakers(pipe, text)] == [
        "Министр иностранных дел",
        "Президент США",
    ]


def test_a_name_in_the_genitive_after_a_title_is_not_its_holder(pipe: Pipeline) -> None:
    text = (
        "Глава офиса президента Украины Владимира Зеленского ответил журналистам. "
        "«Мы не готовы к уступкам», — заявил глава ОП."
    )
    assert [n for _, n in _speakers(pipe, text)] == ["глава ОП"]


def test_a_list_of_titles_before_a_name(pipe: Pipeline) -> None:
    text = (
        "Политолог Никита Донцов уверен, что долги растут. Об этом рассказал политолог, "
        "экономист, экс-председатель движения «Битва за Донбасс» Алексей Живов. По мнению "
        "экономиста, кредиты не вернут. «Это загадка», — подчеркнул политолог."
    )
    got = [n for _, n in _speakers(pipe, text)]
    assert got[-1] == "политолог"  # Донцов and Живов are both political scientists


def test_a_description_is_the_person_just_named_not_an_earlier_holder(pipe: Pipeline) -> None:
    text = (
        "Юрист Чарльз Норчи ссылается на статью 234. «Россия толкует её слишком широко», — "
        "сказал Норчи. Об этом рассказал эксперт по морскому праву Владислав Беляков. «Это "
        "вся Арктика целиком», — поясняет юрист.\n\n"
        "Политолог Никита Донцов уверен, что долги растут. Политолог напомнил о премьере "
        "Венгрии Викторе Орбане. «Платить всё равно придётся», — подчеркнул политолог."
    )
    got = [n for _, n in _speakers(pipe, text)]
    # Беляков, named last, may be the "юрист" as well as Норчи; Орбан is only talked about
    assert got[-2:] == ["юрист", "Никита Донцов"]


def test_what_a_person_heads_and_a_country_s_head(pipe: Pipeline) -> None:
    text = (
        "Об этом заявил заместитель министра экономического развития Владимир Ильичев, "
        "возглавляющий российскую делегацию на конференции ВТО. «Мы не уйдём с этого "
        "рынка», — сказал глава делегации.\n\n"
        "Председатель КНР Си Цзиньпин встретился с Виктором Орбаном. Глава Китая заявил, "
        "что конфликт надо завершить как можно скорее."
    )
    assert [n for _, n in _speakers(pipe, text)][-2:] == ["Владимир Ильичев", "Си Цзиньпин"]


def test_a_former_official_in_apposition(pipe: Pipeline) -> None:
    text = (
        "На телешоу выступил Васыль Вакаров, бывший высокопоставленный чиновник. Бывший "
        "чиновник заявил, что винницкий сыр есть на каждом российском прилавке."
    )
    assert [n for _, n in _speakers(pipe, text)] == ["Васыль Вакаров"]


def test_he_after_a_title_is_the_title_s_person(pipe: Pipeline) -> None:
    text = (
        "Канцлер Германии Олаф Шольц провёл переговоры с президентом Франции Эммануэлем "
        "Макроном. Канцлер заявил, что Европа едина. Он добавил, что санкции сохранятся."
    )
    assert [n for _, n in _speakers(pipe, text)] == ["Олаф Шольц", "Олаф Шольц"]
