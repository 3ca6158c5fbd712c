"""Extra role-mention columns measured for issue 24 (slant.training.roles_cues): speech cues,
quotes, camps and the predicate prior."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers.roles.features import RoleMention
from slant.annotations import Quote, Speaker
from slant.labels import MAIN_ROLES
from slant.training.roles_cues import (
    camp_of,
    camp_rows,
    predicate_lemmas,
    predicate_prior,
    quote_rows,
    speaker_rows,
)

TEXT = (
    "Moscow says that NATO provoked the war.\n"
    'A minister said: "The Kremlin will not stop", according to Reuters.\n'
    "Putin told reporters that Kyiv had refused talks."
)


def _span(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def _mention(word: str, key: str) -> RoleMention:
    s, t = _span(word)
    return RoleMention(s, t, "GPE", key)


CONTEXT = [
    _mention("Moscow", "Russia"),
    _mention("NATO", "NATO"),
    _mention("Kremlin", "Russia"),
    _mention("Reuters", "Reuters"),
    _mention("Putin", "Vladimir Putin"),
    _mention("Kyiv", "Ukraine"),
]


def test_speech_cues_of_a_mention_and_of_its_referent() -> None:
    spans = [(c.start, c.end) for c in CONTEXT]
    rows = speaker_rows(TEXT, spans, [c.key for c in CONTEXT], CONTEXT)
    assert rows.shape == (6, 4)
    quoted, said = rows[:, 0], rows[:, 1]
    # "Moscow says", "according to Reuters", "Putin told"
    assert said.tolist() == [1, 0, 0, 1, 1, 0]
    assert quoted.tolist() == [0, 0, 1, 0, 0, 0]  # only the Kremlin stands inside the quote
    # per referent: Moscow and the Kremlin are both Russia, half said, half quoted
    assert rows[0, 2:].tolist() == [0.5, 0.5] and rows[2, 2:].tolist() == [0.5, 0.5]


def test_quote_columns_name_the_speaker_and_the_quoted() -> None:
    q0, q1 = _span('"The Kremlin will not stop"')
    putin = _span("Putin")
    kyiv_quote = (TEXT.index("Kyiv had"), len(TEXT))
    quotes = [
        Quote(q0, q1, "direct", speaker=Speaker("Reuters", *_span("Reuters"))),
        Quote(*kyiv_quote, "indirect", speaker=Speaker("Vladimir Putin", *putin)),
    ]
    spans = [(c.start, c.end) for c in CONTEXT]
    rows = quote_rows(quotes, spans, [c.key for c in CONTEXT], CONTEXT)
    assert rows.shape == (6, 4)
    assert rows[:, 0].tolist() == [0, 0, 0, 1, 1, 0]  # Reuters and Putin speak
    assert rows[:, 1].tolist() == [0, 0, 1, 0, 0, 1]  # the Kremlin and Kyiv are quoted
    assert rows[4, 2] == pytest.approx(np.log(2.0))  # one quote by Putin
    assert rows[0, 3] == pytest.approx(0.5)  # Russia: one of its two mentions is quoted


def test_camps_and_their_cross_with_the_article_side() -> None:
    assert [camp_of(k) for k in ("Kremlin", "Kyiv", "NATO", "Kazakhstan")] == [0, 1, 2, 3]
    side = np.array([0.6, 0.1, 0.3], np.float32)
    rows = camp_rows(["Kremlin", "Kazakhstan"], side)
    assert rows.shape == (2, 16)
    assert rows[0, :4].tolist() == [1, 0, 0, 0] and np.allclose(rows[0, 4:7], side)
    assert np.allclose(rows[0, 7:], 0) and np.allclose(rows[1, 13:16], side)


def test_the_predicate_prior_counts_other_articles_of_the_training_half() -> None:
    train = [
        ("a1", [("shell",), ("help",)], ["Antagonist", "Protagonist"]),
        ("a2", [("shell", "kill"), ()], ["Antagonist", "Innocent"]),
    ]
    rows = predicate_prior(train, [("shell",), ("help",), ("say",)])
    anta, prot = MAIN_ROLES.index("Antagonist"), MAIN_ROLES.index("Protagonist")
    assert rows.shape == (3, 4)
    assert rows[0, anta] > 0 > rows[0, prot] and rows[0, 3] == pytest.approx(np.log(3.0))
    assert rows[1, prot] > 0 > rows[1, anta]
    assert np.allclose(rows[2], 0.0)  # an unseen predicate: the base rates, no count
    own = predicate_prior(train, [("shell",)], leave_out="a1")  # a1's "shell" left out
    assert own[0, 3] == pytest.approx(np.log(2.0)) and 0 < own[0, anta] < rows[0, anta]


def test_predicate_lemmas_come_from_the_agency_slots() -> None:
    from slant.nlp import load_nlp

    text = "Russian troops shelled Kharkiv. Aid was sent to Kyiv by Poland."
    doc = load_nlp("parse")(text)
    spans = [(0, 14), (text.index("Kharkiv"), text.index("Kharkiv") + 7)]
    spans.append((text.index("Poland"), text.index("Poland") + 6))
    lemmas = predicate_lemmas(doc, spans)
    assert "shell" in lemmas[0] and "shell" in lemmas[1]  # the agent and the object
    assert "send" in lemmas[2]  # the passive's "by"


def test_eval_roles_refuses_speaker_on_rows_that_have_the_speech_cues(tmp_path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(app, ["eval", "roles", str(tmp_path), "--extra", "speaker"])
    assert result.exit_code != 0
    assert "--no-speech" in str(result.exception)
