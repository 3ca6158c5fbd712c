"""The roles' USE fine-role head: sentences, rows, other-language mentions, model files.

``tests/fixtures/semeval2025/train/PT`` holds two Portuguese articles written for the
tests, with three role mentions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.roles.model import RoleModel
from slant.analyzers.roles.use import USE_DIM, sentence_spans, use_rows, use_texts
from slant.analyzers.techniques.russian import ParagraphEncoder
from slant.labels import FINE_ROLES
from slant.training.roles_use import fit_use_fine, foreign_rows

DATA = Path(__file__).parents[1] / "fixtures" / "semeval2025"


@pytest.fixture(scope="module")
def use() -> ParagraphEncoder:
    return ParagraphEncoder("use")


def test_sentences_are_cut_at_end_punctuation_and_lines() -> None:
    text = 'NATO moved east. "Why?" he asked!  Moscow replied…\nA new line\n\n  U.S. troops'
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == [
        "NATO moved east.",
        '"Why?"',
        "he asked!",
        "Moscow replied…",
        "A new line",
        "U.S.",
        "troops",
    ]


def test_a_mention_reads_its_sentence_or_line_and_itself() -> None:
    text = "Kyiv was shelled. The Kremlin denied it."
    kremlin = (text.index("The Kremlin"), text.index("The Kremlin") + len("The Kremlin"))
    sents, mentions = use_texts(text, [kremlin, (0, 4)], "sentence")
    assert sents == ["The Kremlin denied it.", "Kyiv was shelled."]
    assert mentions == ["The Kremlin", "Kyiv"]
    # a mention that runs over a sentence end widens its sentence
    across = (text.index("shelled"), text.index("Kremlin"))
    assert use_texts(text, [across], "sentence")[0] == ["Kyiv was shelled. The "]
    # a line: only within the narratives' first 2,000 characters
    long = "Title with NATO\n\n" + "x" * 2100 + "\nNATO again\n"
    first, last = (11, 15), (len(long) - 11, len(long) - 7)
    assert long[first[0] : first[1]] == long[last[0] : last[1]] == "NATO"
    assert use_texts(long, [first, last], "line")[0] == ["Title with NATO", None]


def test_use_rows(use: ParagraphEncoder) -> None:
    text = "Russia attacked Ukraine. Russia denies it."
    spans = [(0, 6), (25, 31), (16, 23)]
    rows = use_rows(use, text, spans, "sentence")
    assert rows.shape == (3, 2 * USE_DIM)
    np.testing.assert_allclose(rows[0, USE_DIM:], rows[1, USE_DIM:], atol=1e-6)  # same mention
    assert not np.allclose(rows[0, :USE_DIM], rows[1, :USE_DIM])  # in different sentences
    mentions = use_rows(use, text, spans, "mention")
    np.testing.assert_allclose(mentions, rows[:, USE_DIM:], atol=1e-6)
    lines = use_rows(use, text, spans)  # the shipped context: the line (one line here)
    np.testing.assert_allclose(lines[0, :USE_DIM], lines[1, :USE_DIM], atol=1e-6)
    np.testing.assert_allclose(lines[:, USE_DIM:], rows[:, USE_DIM:], atol=1e-6)
    assert use_rows(use, text, [], "mention").shape == (0, USE_DIM)
    assert use_rows(use, text, []).shape == (0, 2 * USE_DIM)
    far = text + "\n" + "y" * 2100 + "\nRussia\n"
    tail = use_rows(use, far, [(0, 6), (len(far) - 7, len(far) - 1)])
    assert np.isfinite(tail[0]).all() and np.isnan(tail[1]).all()
    with pytest.raises(ValueError):
        use_rows(use, text, spans, "paragraph")


def test_other_language_mentions_are_read_and_cached(tmp_path: Path) -> None:
    x, y = foreign_rows(["PT"], DATA, tmp_path)
    assert x.shape == (3, 2 * USE_DIM)
    assert sorted(FINE_ROLES[i] for i in y) == ["Guardian", "Instigator", "Victim"]
    assert (tmp_path / "use_PT_line.npz").exists()
    again = foreign_rows(["PT"], DATA, tmp_path)
    np.testing.assert_array_equal(again[0], x)
    narrow, _ = foreign_rows(["PT"], DATA, tmp_path, "mention")
    assert narrow.shape == (3, USE_DIM) and (tmp_path / "use_PT_mention.npz").exists()
    assert foreign_rows([], DATA)[0].shape == (0, 2 * USE_DIM)


def test_the_use_head_learns_roles_only_other_languages_have() -> None:
    rng = np.random.default_rng(0)
    x_en = rng.normal(size=(6, 8))
    y_en = np.array([FINE_ROLES.index("Instigator")] * 3 + [FINE_ROLES.index("Victim")] * 3)
    x_pt = rng.normal(size=(3, 8)) + 3.0
    y_pt = np.full(3, FINE_ROLES.index("Guardian"))
    coef, icpt = fit_use_fine(x_en, y_en, None)
    assert icpt[FINE_ROLES.index("Guardian")] == -30
    coef, icpt = fit_use_fine(x_en, y_en, (x_pt, y_pt))
    assert icpt[FINE_ROLES.index("Guardian")] > -29
    z = (x_pt + 0.1) @ coef.T + icpt
    assert (z.argmax(axis=1) == FINE_ROLES.index("Guardian")).all()


def _model(weight: float, rng: np.random.Generator) -> RoleModel:
    return RoleModel(
        main_coef=rng.normal(size=(3, 5)).astype(np.float32),
        main_intercept=np.zeros(3, np.float32),
        fine_coef=rng.normal(size=(22, 5)).astype(np.float32),
        fine_intercept=np.zeros(22, np.float32),
        cast_coef=rng.normal(size=6).astype(np.float32),
        cast_intercept=0.0,
        use_fine_coef=rng.normal(size=(22, 2 * USE_DIM)).astype(np.float32),
        use_fine_intercept=rng.normal(size=22).astype(np.float32),
        use_fine_weight=weight,
    )


def test_the_use_head_moves_fine_roles_only_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    model = _model(0.5, rng)
    x, u = rng.normal(size=(4, 5)).astype(np.float32), rng.normal(size=(4, 2 * USE_DIM)) / 20
    with_u, without = model.predict(x, u=u), model.predict(x)
    assert [p.main for p in with_u] == [p.main for p in without]
    assert [p.score for p in with_u] == [p.score for p in without]
    assert not np.allclose(model.fine_probabilities(x, u), model.fine_probabilities(x))
    np.testing.assert_allclose(model.fine_probabilities(x, u).sum(axis=1), 1.0, rtol=1e-5)
    # a mention without a USE context (a NaN row) keeps the MiniLM head's probabilities
    u[2] = np.nan
    mixed, alone = model.fine_probabilities(x, u), model.fine_probabilities(x)
    np.testing.assert_allclose(mixed[2], alone[2])
    assert not np.allclose(mixed[1], alone[1])
    model.save(tmp_path)
    back = RoleModel.load(tmp_path)
    assert back.has_use and back.use_fine_weight == 0.5 and back.use_fine_context == "line"
    np.testing.assert_allclose(
        back.fine_probabilities(x, u), model.fine_probabilities(x, u), atol=2e-3
    )
    off = _model(0.0, np.random.default_rng(3))
    off.save(tmp_path / "off")
    assert not RoleModel.load(tmp_path / "off").has_use
