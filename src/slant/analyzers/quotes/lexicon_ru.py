"""Russian quote lexicons: speech and thought verbs, pronouns, role and organisation nouns
(lemmas as natasha/pymorphy2 give them). Used by :mod:`slant.analyzers.quotes.rules_ru`."""

from __future__ import annotations

__all__ = [
    "GENERIC_ROLES",
    "IMPERSONAL",
    "ORG_NOUNS",
    "PRONOUNS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "THOUGHT_VERBS",
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
    вице-президент замминистра постпред полпред политолог""".split()
)
# descriptions that stand for whoever was quoted or named just before
GENERIC_ROLES = frozenset(
    "дипломат политик эксперт аналитик политолог спикер представитель чиновник".split()
)
# nouns of a description that stands for an organisation named before ("ведомство")
ORG_NOUNS = frozenset(
    "ведомство министерство служба пресс-служба посольство дипмиссия штаб минобороны".split()
)
