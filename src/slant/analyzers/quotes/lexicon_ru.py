"""Russian quote lexicons: speech and thought verbs, pronouns, role and organisation nouns
(lemmas as natasha/pymorphy2 give them). Used by :mod:`slant.analyzers.quotes.rules_ru`."""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "COUNTRIES",
    "DESCRIPTIONS",
    "GENERIC_ROLES",
    "IMPERSONAL",
    "IMPLIES",
    "OFFICES",
    "ORG_NOUNS",
    "PRONOUNS",
    "ROLE_NOUNS",
    "SAME_BODY",
    "SPEECH_VERBS",
    "THOUGHT_VERBS",
    "TITLE_IGNORED",
]

# Lemmas of verbs that report speech (natasha/pymorphy lemmas: infinitives).
SPEECH_VERBS = frozenset(
    """заявить заявлять сказать говорить отметить отмечать подчеркнуть подчёркивать
    подчеркивать сообщить сообщать добавить добавлять заметить замечать пояснить пояснять
    указать указывать рассказать рассказывать напомнить напоминать признать признавать
    ответить отвечать предупредить предупреждать призвать призывать пообещать обещать
    написать писать объявить объявлять утверждать уточнить уточнять резюмировать заверить
    заверять констатировать высказаться прокомментировать комментировать назвать называть
    процитировать цитировать передать передавать уверить уверять сообщиться заявиться
    добавиться отметиться подчеркнуться говориться сообщаться отмечаться указываться
    рассказываться подчеркиваться подчёркиваться""".split()
)
# Lemmas of verbs that report a belief or an intention (indirect quotes only).
THOUGHT_VERBS = frozenset(
    "считать полагать думать уверен убеждён убежден опасаться надеяться выразить".split()
)
# A speech verb in the passive-impersonal form names its source in a noun phrase after it:
# «…», — говорится в заявлении МИД; отмечается в сообщении ведомства.
IMPERSONAL = frozenset(
    "говориться сообщаться отмечаться указываться подчеркиваться подчёркиваться".split()
)
PRONOUNS = {
    "он": "Masc",
    "она": "Fem",
    "они": "Plur",
    "его": "Masc",
    "её": "Fem",
    "ее": "Fem",
    "их": "Plur",
    "ему": "Masc",
    "ей": "Fem",
}
# nouns of a description that stands for a person quoted before ("дипломат", "министр")
ROLE_NOUNS = frozenset(
    """министр дипломат посол президент премьер премьер-министр глава председатель
    представитель пресс-секретарь спикер политик эксперт аналитик губернатор мэр генерал
    секретарь генсек депутат сенатор лидер руководитель советник замглавы вице-премьер
    вице-президент замминистра постпред полпред политолог канцлер госсекретарь зампред
    зампредседателя замглавы заместитель король командующий начальник директор
    помощник экономист историк журналист публицист юрист обозреватель парламентарий
    европарламентарий чиновник""".split()
)
# descriptions that stand for whoever was quoted or named just before
GENERIC_ROLES = frozenset(
    "дипломат политик эксперт аналитик политолог спикер представитель чиновник".split()
)
# words for a person by what they do rather than an office: whoever was just quoted may be
# the one meant, whatever title they came with
DESCRIPTIONS = GENERIC_ROLES | frozenset(
    "юрист журналист публицист историк экономист обозреватель".split()
)
# nouns of a description that stands for an organisation named before ("ведомство")
ORG_NOUNS = frozenset(
    "ведомство министерство служба пресс-служба посольство дипмиссия штаб минобороны".split()
)

# Titles (quotes/titles_ru.py): a bare title ("канцлер", "глава МИД", "по словам министра")
# names the person introduced with it or a synonym. Compound titles are read as their words
# ("зампред Совбеза" = "заместитель председателя Совбеза"), then an office is a head noun
# with the words that must come with it: (office, (head, *words), country implied or "").
ABBREVIATIONS = {
    "зампред": ("заместитель", "председатель"),
    "зампредседателя": ("заместитель", "председатель"),
    "замминистра": ("заместитель", "министр"),
    "замглавы": ("заместитель", "глава"),
    "замгоссекретаря": ("заместитель", "госсекретарь"),
    "генсек": ("секретарь", "генеральный"),
    "постпред": ("представитель", "постоянный"),
    "премьер": ("премьер-министр",),
    "экс-премьер": ("премьер-министр",),
}
OFFICES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("president", ("президент",), ""),
    ("president", ("глава", "белый", "дом"), "US"),
    ("head_of_state", ("глава", "государство"), ""),
    ("head_of_state", ("председатель", "кнр"), "CN"),
    ("head_of_state", ("король",), ""),
    ("chancellor", ("канцлер",), ""),
    ("premier", ("премьер-министр",), ""),
    ("head_of_government", ("глава", "правительство"), ""),
    ("head_of_government", ("председатель", "правительство"), ""),
    ("head_of_government", ("глава", "кабмин"), ""),
    ("leader", ("лидер",), ""),
    ("deputy_premier", ("вице-премьер",), ""),
    ("deputy_premier", ("заместитель", "председатель", "правительство"), ""),
    ("deputy_premier", ("заместитель", "премьер-министр"), ""),
    ("governor", ("губернатор",), ""),
    ("governor", ("глава", "регион"), ""),
    ("governor", ("глава", "область"), ""),
    ("governor", ("глава", "край"), ""),
    ("governor", ("руководитель", "регион"), ""),
    ("minister", ("министр",), ""),
    ("minister", ("глава", "ведомство"), ""),
    ("minister", ("руководитель", "ведомство"), ""),
    ("minister", ("глава", "министерство"), ""),
    ("foreign_minister", ("министр", "иностранный", "дело"), ""),
    ("foreign_minister", ("глава", "мид"), ""),
    ("foreign_minister", ("руководитель", "мид"), ""),
    ("foreign_minister", ("глава", "дипломатия"), ""),
    ("foreign_minister", ("глава", "евродипломатия"), "EU"),
    ("foreign_minister", ("глава", "внешнеполитический", "ведомство"), ""),
    ("foreign_minister", ("глава", "дипведомство"), ""),
    ("secretary_of_state", ("госсекретарь",), "US"),
    ("secretary_of_state", ("секретарь", "государственный"), "US"),
    ("secretary_of_state", ("глава", "госдеп"), "US"),
    ("secretary_of_state", ("глава", "госдепартамент"), "US"),
    ("defence_minister", ("министр", "оборона"), ""),
    ("defence_minister", ("глава", "минобороны"), ""),
    ("defence_minister", ("глава", "военный", "ведомство"), ""),
    ("defence_minister", ("глава", "пентагон"), "US"),
    ("deputy_foreign_minister", ("заместитель", "министр", "иностранный", "дело"), ""),
    ("deputy_foreign_minister", ("заместитель", "глава", "мид"), ""),
    ("nato_secretary_general", ("секретарь", "генеральный", "нато"), ""),
    ("nato_secretary_general", ("секретарь", "генеральный", "альянс"), ""),
    ("nato_secretary_general", ("глава", "нато"), ""),
    ("nato_secretary_general", ("глава", "альянс"), ""),
    ("nato_secretary_general", ("глава", "блок", "североатлантический"), ""),
    ("ambassador", ("посол",), ""),
    ("ambassador", ("представитель", "постоянный"), ""),
    ("diplomat", ("дипломат",), ""),
    ("spokesperson", ("представитель",), ""),
    ("spokesperson", ("представитель", "ведомство"), ""),
    ("press_secretary", ("пресс-секретарь",), ""),
    ("mfa_spokesperson", ("представитель", "мид"), ""),
    ("mfa_spokesperson", ("представитель", "внешнеполитический", "ведомство"), ""),
    ("mfa_spokesperson", ("представитель", "министерство", "иностранный", "дело"), ""),
)
# what holding an office also makes someone ("глава МИД" is a minister and a diplomat)
IMPLIES = {
    "president": ("head_of_state",),
    "head_of_state": ("leader",),
    "chancellor": ("head_of_government",),
    "premier": ("head_of_government",),
    "head_of_government": ("leader",),
    "secretary_of_state": ("foreign_minister",),
    "foreign_minister": ("minister", "diplomat"),
    "defence_minister": ("minister",),
    "deputy_foreign_minister": ("diplomat",),
    "ambassador": ("diplomat",),
    "press_secretary": ("spokesperson",),
    "mfa_spokesperson": ("spokesperson", "diplomat"),
}
# a country by the lemmas that name it, as a noun or an adjective ("немецкий лидер" is
# "канцлер ФРГ"'s country)
COUNTRIES = {
    lemma: key
    for key, lemmas in {
        "RU": "россия рф российский",
        "US": "сша америка американский",
        "DE": "германия фрг германский немецкий",
        "FR": "франция французский",
        "UK": "великобритания британия британский англия английский",
        "UA": "украина украинский",
        "BY": "белоруссия беларусь белорусский",
        "CN": "китай кнр китайский",
        "HU": "венгрия венгерский",
        "PL": "польша польский",
        "TR": "турция турецкий",
        "JP": "япония японский",
        "IT": "италия итальянский",
        "KZ": "казахстан казахстанский",
        "FI": "финляндия финский",
        "EE": "эстония эстонский",
        "LV": "латвия латвийский",
        "LT": "литва литовский",
        "MD": "молдавия молдова молдавский",
        "GE": "грузия грузинский",
        "AM": "армения армянский",
        "AZ": "азербайджан азербайджанский",
        "SK": "словакия словацкий",
        "CZ": "чехия чешский",
        "RS": "сербия сербский",
        "NL": "нидерланды голландия нидерландский голландский",
        "IR": "иран иранский",
        "IL": "израиль израильский",
        "IN": "индия индийский",
        "SE": "швеция шведский",
        "ES": "испания испанский",
        "AT": "австрия австрийский",
        "CA": "канада канадский",
        "EU": "ес евросоюз евросюз евродипломатия",
    }.items()
    for lemma in lemmas.split()
}
# other words of a title that name the same body ("представитель Кремля" is "пресс-секретарь
# президента"; "зампред Совбеза" is "заместитель председателя Совета безопасности")
SAME_BODY = {
    "кремль": frozenset({"президент", "администрация"}),
    "мид": frozenset({"министерство", "иностранный", "внешнеполитический", "дипломатия"}),
    "минобороны": frozenset({"оборона", "военный", "пентагон"}),
    "госдеп": frozenset({"госдепартамент"}),
    "госдепартамент": frozenset({"госдеп"}),
    "совбез": frozenset({"безопасность"}),
    "ек": frozenset({"еврокомиссия"}),
    "еврокомиссия": frozenset({"ек"}),
    "оп": frozenset({"офис"}),
    "офис": frozenset({"оп"}),
    "генштаб": frozenset({"штаб"}),
    "совфед": frozenset({"федерация"}),
    "госдума": frozenset({"дума"}),
}
# words of a title that say nothing of which office it is ("официальный представитель")
TITLE_IGNORED = frozenset(
    """официальный новый нынешний действующий высокопоставленный главный нелегитимный
    уходящий сам""".split()
)
