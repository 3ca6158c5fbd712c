"""Extra role-mention features measured on the cross-fitted halves: the referent prior and
the syntactic slot (slant.training.roles_extra)."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers.roles.features import RoleMention
from slant.labels import FINE_ROLES, MAIN_ROLES
from slant.training.roles_eval import Example
from slant.training.roles_extra import DEPS, crossfit_extra, dep_rows, referent_prior
from slant.training.semeval2025 import Mention

TEXTS = {
    "a1": "Russia shelled Kharkiv again on Monday.",
    "a2": "Kyiv says Russia bombed a school.",
    "a3": "Officials in Kyiv asked NATO for more air defence.",
}
# (article, mention, main role, fine roles)
GOLD = [
    ("a1", "Russia", "Antagonist", ("Instigator",)),
    ("a1", "Kharkiv", "Innocent", ("Victim",)),
    ("a2", "Russia", "Antagonist", ("Instigator", "Tyrant")),
    ("a3", "NATO", "Protagonist", ("Guardian",)),
]


def _example(aid: str) -> Example:
    text = TEXTS[aid]
    gold = []
    for a, m, main, fine in GOLD:
        if a == aid:
            s = text.index(m)
            gold.append(Mention(aid, m, s, s + len(m), main, fine))
    cand = [RoleMention(g.start, g.end, "GPE", g.mention) for g in gold]
    empty = np.zeros((0, 1), np.float32)
    return Example(
        aid, text, gold, empty, empty, cand, np.zeros(0), [], empty, np.zeros(0), np.zeros(0)
    )


def test_the_referent_prior_counts_other_articles_of_the_training_half() -> None:
    train = [_example(a) for a in TEXTS]
    rows = referent_prior(train, ["Russia", "Putin"])
    anta = MAIN_ROLES.index("Antagonist")
    assert rows.shape == (2, 4)
    assert rows[0, anta] > 0 and rows[0, MAIN_ROLES.index("Innocent")] < 0
    assert rows[0, 3] == pytest.approx(np.log(3.0))  # two training mentions
    assert np.allclose(rows[1], 0.0)  # an unseen referent: the base rates, no count
    # a training row does not see its own article: a1 leaves one Russia mention
    own = referent_prior(train, ["Russia"], leave_out="a1")
    assert own[0, 3] == pytest.approx(np.log(2.0)) and 0 < own[0, anta] < rows[0, anta]
    # fine roles: a mention with two fine roles counts half for each
    fine = referent_prior(train, ["Russia"], fine=True)
    assert fine.shape == (1, len(FINE_ROLES))
    assert fine[0, FINE_ROLES.index("Instigator")] > fine[0, FINE_ROLES.index("Tyrant")] > 0
    assert fine[0, FINE_ROLES.index("Guardian")] < 0


def test_the_syntactic_slot_of_a_mention() -> None:
    from slant.nlp import load_nlp

    text = (
        "Russian troops shelled Kharkiv. The school was bombed by Russia. "
        "Kyiv protested against Moscow."
    )
    doc = load_nlp("parse")(text)
    spans = [(0, 14), (23, 30), (text.index("Russia."), text.index("Russia.") + 6)]
    spans.append((text.index("Moscow"), text.index("Moscow") + 6))
    rows = dep_rows(doc, spans)
    assert rows.shape == (4, len(DEPS) + 2)
    assert rows[0, DEPS.index("nsubj")] == 1 and rows[0, -2] == 1  # the shelling's agent
    assert rows[1, DEPS.index("dobj")] == 1  # its object
    assert rows[2, DEPS.index("agent_pobj")] == 1 and rows[2, -1] == 0  # passive "by Russia"
    assert rows[3, DEPS.index("pobj")] == 1 and rows[3, -1] == 1  # "against Moscow"


def test_unknown_extras_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown extra"):
        crossfit_extra([_example("a1")], ["prior", "colour"])


def test_finetune_inputs_mark_the_mention_in_its_sentence() -> None:
    from tokenizers import Tokenizer

    from slant.analyzers.techniques import TOKENIZER
    from slant.training.roles_finetune import _encode, mention_inputs

    text = "Kyiv under fire\nRussia shelled Kharkiv again. Officials in Kyiv asked NATO for help."
    s = text.index("NATO")
    gold = [Mention("a9", "NATO", s, s + 4, "Protagonist", ("Guardian",))]
    empty = np.zeros((0, 1), np.float32)
    e = Example("a9", text, gold, empty, empty, [], np.zeros(0), [], empty, empty, empty)
    rows = mention_inputs([e])
    assert rows == [
        {
            "id": "a9",
            "title": "Kyiv under fire",
            "left": "Officials in Kyiv asked ",
            "mention": "NATO",
            "right": " for help.",
            "main": MAIN_ROLES.index("Protagonist"),
            "fine": [FINE_ROLES.index("Guardian")],
        }
    ]
    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.no_padding()
    tok.no_truncation()
    seq, marker, m0, m1 = _encode(tok, rows[0], 128)
    words = [tok.id_to_token(i) for i in seq]
    assert words[0] == "[CLS]" and words[-1] == "[SEP]" and words.count("[SEP]") == 2
    assert words[marker] == "[unused1]" and words[m1] == "[unused2]"
    assert words[m0:m1] == ["nato"] and words[1:4] == ["kyiv", "under", "fire"]
    # cut to the budget around the mention, which always stays whole
    seq, marker, m0, m1 = _encode(tok, {**rows[0], "left": "war " * 200}, 32)
    assert len(seq) <= 32 and [tok.id_to_token(i) for i in seq[m0:m1]] == ["nato"]


def test_eval_roles_refuses_unknown_extras_before_reading_data(tmp_path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(app, ["eval", "roles", str(tmp_path), "--extra", "prior,colour"])
    assert result.exit_code != 0
    assert "unknown ['colour']" in str(result.exception)  # main() prints it as one line
