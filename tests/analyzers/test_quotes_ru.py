"""Russian quotes: the rules of analyzers/quotes/rules_ru.py on the natasha parse, and the
hand-annotated set tests/fixtures/ru/quotes.json as `slant eval quotes --lang ru` scores it."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.analyzers.quotes.rules_ru import quoted_spans
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.training.quotes_ru import evaluate_russian_quotes

SET = Path(__file__).parent.parent / "fixtures" / "ru" / "quotes.json"


@pytest.fixture(scope="module")
def quotes_ru() -> Pipeline:
    return Pipeline(Settings(only=("entities", "quotes"), language="ru"))


def _quotes(pipe: Pipeline, text: str) -> list[tuple[str, str, str | None, str | None]]:
    art = pipe(Article(id="q", text=text))
    out = []
    for q in art.quotes:
        cue = text[q.cue.start : q.cue.end] if q.cue else None
        name = q.speaker.name if q.speaker else None
        out.append((q.kind, text[q.start : q.end], cue, name))
    return out


def test_quoted_spans_skip_names_in_quotes() -> None:
    text = "Партия «Единая Россия» заявила: «Мы поддержим этот закон». Газета „Известия“ пишет."
    assert [text[a:b] for a, b in quoted_spans(text)] == ["Мы поддержим этот закон"]


def test_direct_quote_with_cue_after_and_pronoun(quotes_ru: Pipeline) -> None:
    text = (
        "Министр иностранных дел России Сергей Лавров прибыл в Женеву.\n\n"
        "«Мы не позволим никому раскачивать ситуацию», — подчеркнул Лавров.\n\n"
        "Он также отметил, что Москва готова к диалогу."
    )
    got = _quotes(quotes_ru, text)
    assert (
        "direct",
        "Мы не позволим никому раскачивать ситуацию",
        "подчеркнул",
        "Сергей Лавров",
    ) in got
    assert ("indirect", "Москва готова к диалогу", "отметил", "Сергей Лавров") in [
        (k, c.removeprefix("что "), cue, n) for k, c, cue, n in got
    ]


def test_colon_quote_and_po_slovam(quotes_ru: Pipeline) -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев заявил: «Террористы получили подготовку "
        "за рубежом». По словам Токаева, в стране задержаны 3811 человек."
    )
    got = _quotes(quotes_ru, text)
    kinds = {(k, n) for k, _, _, n in got}
    assert ("direct", "Касым-Жомарт Токаев") in kinds
    assert any(
        c.startswith("в стране задержаны") and n == "Касым-Жомарт Токаев" for _, c, _, n in got
    )


def test_impersonal_cue_names_the_organisation(quotes_ru: Pipeline) -> None:
    text = (
        "Министерство обороны России сообщило об ударе. «Все цели поражены, потерь нет», — "
        "говорится в заявлении Министерства обороны России."
    )
    got = _quotes(quotes_ru, text)
    assert (
        "direct",
        "Все цели поражены, потерь нет",
        "говорится",
        "Министерство обороны России",
    ) in got


def test_offsets_are_into_the_text(quotes_ru: Pipeline) -> None:
    text = SET.read_text(encoding="utf-8")  # any Russian text: the JSON itself
    art = quotes_ru(Article(id="j", text=text))
    art.check()


def test_russian_quote_set_speaker_accuracy() -> None:
    scores = evaluate_russian_quotes(SET)
    assert scores["gold_quotes"] >= 20
    assert scores["speaker_accuracy"] >= 0.80  # 0.966 when written
    assert scores["found"] >= 0.90


def test_sources_without_a_subject_and_non_quotes(quotes_ru: Pipeline) -> None:
    got = _quotes(quotes_ru, "В Кремле заявили, что не видят оснований для беспокойства.")
    assert [(k, n) for k, _, _, n in got] == [("indirect", "Кремль")]
    # a gerund names a topic; an inanimate subject "говорит о том" only indicates
    assert _quotes(quotes_ru, "Говоря о санкциях, Шива забывает, что без удобрений нельзя.") == []
    assert (
        _quotes(quotes_ru, "Такая позиция говорит о том, что Кремль рассчитывает на время.") == []
    )


def test_role_nouns_resolve_to_the_person_named_with_them(quotes_ru: Pipeline) -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев провёл совещание. Вице-премьер Александр "
        "Новак заявил, что поставки идут. Президент также отметил, что ситуация стабильна."
    )
    got = _quotes(quotes_ru, text)
    assert [(c.split()[-1], n) for _, c, _, n in got] == [
        ("идут", "Александр Новак"),
        ("стабильна", "Касым-Жомарт Токаев"),
    ]


def test_impersonal_cues_name_their_source_or_none(quotes_ru: Pipeline) -> None:
    text = "Накануне Bild опубликовал статью, в которой говорится, что зимой будет дефицит газа."
    assert [n for *_, n in _quotes(quotes_ru, text)] == ["Bild"]
    text = "Отмечается, что 26 штатов могут запретить аборты в ближайшие месяцы."
    assert [n for *_, n in _quotes(quotes_ru, text)] == [None]


def test_ob_etom_takes_the_sentence_before_and_asides_are_no_quotes(quotes_ru: Pipeline) -> None:
    text = (
        "Наши ценности и идеалы останутся незыблемыми. Об этом президент Белоруссии "
        "Александр Лукашенко заявил сегодня в Послании, передает корреспондент БЕЛТА."
    )
    got = _quotes(quotes_ru, text)
    assert [(c, cue, n) for _, c, cue, n in got] == [
        ("Наши ценности и идеалы останутся незыблемыми", "заявил", "Александр Лукашенко")
    ]
    text = "Отметим, что ещё в июне украинка обратилась в суд. Вы можете сказать, что это не так."
    assert _quotes(quotes_ru, text) == []


def test_descriptions_keep_their_words_and_sites_name_their_owner(quotes_ru: Pipeline) -> None:
    text = "Ранее очевидцы из Северодонецка рассказали, что военные переодевались в штатское."
    assert [n for *_, n in _quotes(quotes_ru, text)] == ["очевидцы из Северодонецка"]
    text = (
        "Власти Украины приступили к распродаже страны. Об этом сообщается на сайте "
        "Службы внешней разведки России."
    )
    assert [n for *_, n in _quotes(quotes_ru, text)] == ["Служба внешней разведки России"]


def test_he_after_a_quote_is_its_speaker_not_a_person_it_names(quotes_ru: Pipeline) -> None:
    text = (
        "Канцлер Германии Олаф Шольц подчеркнул, что президент России Владимир Путин должен "
        "быть остановлен. Он также отметил, что граждане Германии страдают от высоких цен."
    )
    got = _quotes(quotes_ru, text)
    assert [(c.split()[-1], n) for _, c, _, n in got] == [
        ("остановлен", "Олаф Шольц"),
        ("цен", "Олаф Шольц"),
    ]
    # a person named outside any quote is still who "он" is
    text = (
        "Олаф Шольц встретился с послом. Посол Андрей Мельник прибыл в Берлин. "
        "Он заявил, что Украине нужно оружие."
    )
    assert [n for *_, n in _quotes(quotes_ru, text)] == ["Андрей Мельник"]


def test_dialogue_lines_with_a_hyphen_or_a_dash_are_direct_speech(quotes_ru: Pipeline) -> None:
    text = (
        "Президент Белоруссии Александр Лукашенко раскритиковал западную демократию.\n\n"
        "- Вот и вся демократия! Слава богу, что у нас порядок. Не было бы порядка, так "
        "ходили бы голытьбой, - добавил он.\n\n"
        "— Рынок открыт, надо шевелиться, а не плакаться, — сказал Лукашенко. — Санкции нас "
        "не сломят.\n\n"
        "- Вы ожидали такого удара? - Бить надо систематически."
    )
    got = _quotes(quotes_ru, text)
    assert got == [
        (
            "direct",
            "Вот и вся демократия! Слава богу, что у нас порядок. Не было бы порядка, так "
            "ходили бы голытьбой",
            "добавил",
            "Александр Лукашенко",
        ),
        (
            "direct",
            "Рынок открыт, надо шевелиться, а не плакаться",
            "сказал",
            "Александр Лукашенко",
        ),
        ("direct", "Санкции нас не сломят", "сказал", "Александр Лукашенко"),
    ]  # the interview's question and answer have no speech verb: no quote


def test_nested_straight_quotes_and_a_title_before_a_name(quotes_ru: Pipeline) -> None:
    text = (
        '"В итоге детище Меркель — "Северный поток — 2", — стал жертвой ее же политики", '
        "— написал сенатор Алексей Пушков.\n\n"
        "Зампред Совбеза Медведев заявил, что Россия будет добиваться мира на своих условиях. "
        "Об этом высказался заместитель главы Совета безопасности Дмитрий Медведев."
    )
    got = _quotes(quotes_ru, text)
    assert got[0] == (
        "direct",
        'В итоге детище Меркель — "Северный поток — 2", — стал жертвой ее же политики',
        "написал",
        "Алексей Пушков",
    )
    assert got[1][3] == "Дмитрий Медведев"
    assert (
        quotes_ru(Article(id="m", text=text)).quotes[1].speaker.start  # type: ignore[union-attr]
        == text.index("Зампред")
    )


def test_a_date_or_a_topic_after_the_verb_is_no_speaker(quotes_ru: Pipeline) -> None:
    text = (
        "Исследование показало, что вирус появился в декабре 2019 года. В материале "
        "журнала, опубликованном 30 марта 2020 года, сообщалось об исследовании пациентов "
        "в американском городе Сиэтле. Группу возглавлял Винит Менахери. Об этом было "
        "рассказано 9 ноября 2015 года в медицинском журнале."
    )
    got = _quotes(quotes_ru, text)
    assert all(n is None or "Сиэтл" not in n for *_, n in got)
    assert not any(c.startswith("В материале") for _, c, _, _ in got)
    assert [n for _, c, _, n in got if c.startswith("Группу")] == [None]


def test_subject_the_parse_hung_on_the_reported_clause(quotes_ru: Pipeline) -> None:
    text = (
        "В то же время экс-президент США Дональд Трамп отметил, что решение суда является "
        "большой победой.\n\nНапомним, выступая в Каире, глава Госдепа США Кондолиза Райс "
        "заявила, что США слишком долго пытались удержать стабильность.\n\nСамо ее наличие и "
        "расположение как будто подтверждает версию Минобороны РФ, которое заявило, что "
        "нанесло удар по заводу, где хранились боеприпасы."
    )
    got = _quotes(quotes_ru, text)
    assert [n for *_, n in got] == ["Дональд Трамп", "Кондолиза Райс", "Минобороны РФ"]


def test_handing_things_over_is_no_speech(quotes_ru: Pipeline) -> None:
    text = (
        "Так, только Украина, отказавшись от ядерных боеголовок и всех ракет, способных их "
        "нести, передала России почти 400 Х-22. Протесты продолжаются третий день, передает "
        "ТАСС. Собеседник передал, что погибли 5 человек."
    )
    got = _quotes(quotes_ru, text)
    assert [(c, n) for _, c, _, n in got] == [
        ("Протесты продолжаются третий день", "ТАСС"),
        ("что погибли 5 человек", "Собеседник"),
    ]


def test_document_before_the_cue_and_role_phrases_that_differ(quotes_ru: Pipeline) -> None:
    text = (
        "Верховный суд США отменил право на аборт. В постановлении суда сухо говорится: "
        '"Конституция не даёт права на аборт". В этот день сообщалось, что протесты '
        "начались в Вашингтоне.\n\n"
        "Глава Центра украинских исследований Института Европы РАН Виктор Мироненко назвал "
        "Россию «младшим братом». «Украинский национализм появился ещё в XIX веке в "
        "Малороссии», – подчеркнул глава Центра по истории Древней Руси Института "
        "российской истории. «Мы не можем с этим согласиться ни при каких условиях», – "
        "сказал глава Центра украинских исследований."
    )
    got = [(c.split()[0], n) for _, c, _, n in _quotes(quotes_ru, text)]
    assert ("Конституция", "постановление суда") in got  # nominative, no preposition
    assert ("что", None) in got  # "В этот день" is a time, not a source
    # another centre's head is not Мироненко; his own centre's head is
    assert (
        "Украинский",
        "глава Центра по истории Древней Руси Института российской истории",
    ) in got
    assert ("Мы", "Виктор Мироненко") in got


def test_description_speakers_in_the_nominative(quotes_ru: Pipeline) -> None:
    text = (
        "По словам главы украинской делегации, переговоры зашли в тупик. Скажем, обе стороны "
        "уверены, что не перейдут критических границ. «Утвержденный перечень не является "
        "окончательным», — отметили в пресс-службе."
    )
    assert [n for *_, n in _quotes(quotes_ru, text)] == [
        "глава украинской делегации",
        "обе стороны",
        "пресс-служба",
    ]


def test_a_passive_cue_takes_the_document_before_it(quotes_ru: Pipeline) -> None:
    text = (
        "Системы ПВО отразили атаки беспилотников. В сообщении Минобороны РФ указано, что "
        "было уничтожено и перехвачено пять беспилотников. В декабре 2020 года сообщалось, "
        "что вакцина безопасна."
    )
    got = [(c.split()[1], n) for _, c, _, n in _quotes(quotes_ru, text)]
    assert ("было", "сообщение Минобороны РФ") in got
    assert ("вакцина", None) in got  # a month is no source


def test_an_outlet_told_is_not_the_speaker(quotes_ru: Pipeline) -> None:
    text = (
        "Турция не может быть посредником в мирных переговорах по Украине. Об этом "
        "NewsInfo.Ru рассказал директор Института политических исследований Сергей Марков. "
        "Bloomberg сообщил со ссылкой на источники, что сделка сорвалась."
    )
    assert [n for *_, n in _quotes(quotes_ru, text)] == ["Сергей Марков", "Bloomberg"]


def test_a_full_participle_is_no_cue(quotes_ru: Pipeline) -> None:
    text = (
        "Улетая с саммита, президент Турции Реджеп Тайип Эрдоган сделал ряд заявлений, "
        "поясняющих мотивацию Анкары. В сообщении ведомства сказано, что переговоры "
        "продолжатся."
    )
    got = _quotes(quotes_ru, text)
    assert [cue for _, _, cue, _ in got] == ["сказано"]  # a short participle still is
