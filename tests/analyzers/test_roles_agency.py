"""Who does what to whom: the slot × act features of role mentions (slant.analyzers.roles.agency),
their columns in the roles model's rows and in ``slant eval roles --no-agency --extra
agency,agencyref``."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.roles.agency import (
    AGENCY_WIDTH,
    CELLS,
    MENTION_COLUMNS,
    REFERENT_COLUMNS,
    SLOTS,
    agency_matrix,
    mention_agency,
    referent_agency,
)
from slant.analyzers.roles.features import RoleMention, entity_rows
from slant.training.roles_eval import Example
from slant.training.semeval2025 import Mention

TEXT = (Path(__file__).parent.parent / "fixtures" / "roles" / "agency_en.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture(scope="module")
def doc():
    from slant.nlp import load_nlp

    return load_nlp("parse")(TEXT)


def _span(word: str, last: bool = False) -> tuple[int, int]:
    start = TEXT.rindex(word) if last else TEXT.index(word)
    return start, start + len(word)


# mention (last occurrence?) → (slot, act, cross cell)
EXPECTED = {
    ("Russian troops", False): ("agent", "harm", "agent_harm"),  # shelled Kharkiv
    ("Kharkiv", False): ("patient", "harm", "patient_harm"),
    ("Izium", False): ("patient", "suffer", "patient_harm"),  # residents of … forced to flee
    ("Kazakhstan", False): ("setting", None, "setting"),  # protests in Kazakhstan
    ("occupiers", False): ("agent", "harm", "agent_harm"),  # bombed by the occupiers
    ("Kyiv", False): ("agent", None, None),  # Kyiv said
    ("Moscow", False): ("patient", "blame", "patient_blame"),  # accused Moscow of lying
    ("Poland", False): ("agent", "help", "agent_help"),  # … and pledged to help
    ("Lithuania", False): ("agent", "help", "agent_help"),  # a conjunct: Poland's slot
    ("Moldova", False): ("agent", "suffer", "patient_harm"),  # Moldova suffered
    ("Russia", True): ("possessor", "harm", "agent_harm"),  # Russia's invasion
}


def test_each_mention_gets_its_slot_and_the_polarity_of_its_act(doc) -> None:
    spans = [_span(word, last) for word, last in EXPECTED]
    found, rows = mention_agency(doc, spans)
    assert rows.shape == (len(spans), len(MENTION_COLUMNS))
    got = {key: (a.slot, a.act, a.cell) for key, a in zip(EXPECTED, found, strict=True)}
    assert got == EXPECTED
    for (slot, _, cell), row in zip(EXPECTED.values(), rows, strict=True):
        assert row[SLOTS.index(slot)] == 1 and row[: len(SLOTS)].sum() == 1
        cells = row[len(SLOTS) : len(SLOTS) + len(CELLS)]
        assert cells.sum() == (cell is not None)
        if cell is not None:
            assert cells[CELLS.index(cell)] == 1
    # the VADER valence of the act: "bombed" is negative, "help" positive; an agent of harm
    # gets it in the agent column, a sufferer in the patient column
    occupiers = list(EXPECTED).index(("occupiers", False))
    poland = list(EXPECTED).index(("Poland", False))
    moldova = list(EXPECTED).index(("Moldova", False))
    assert rows[occupiers, -2] < 0 and rows[occupiers, -1] == 0
    assert rows[poland, -2] > 0
    assert rows[moldova, -1] < 0 and rows[moldova, -2] == 0


def test_a_title_joined_to_the_first_sentence_gives_no_slot() -> None:
    from slant.nlp import load_nlp

    text = "Shelling resumes in the east\n\nRussian troops shelled Kharkiv overnight."
    found, _ = mention_agency(load_nlp("parse")(text), [(30, 44), (53, 60)])
    assert found[0].slot != "setting" and found[0].cell in (None, "agent_harm")
    assert found[1].cell == "patient_harm"


def test_a_referent_gets_the_share_of_its_mentions_in_each_cell() -> None:
    rows = np.zeros((3, len(MENTION_COLUMNS)), np.float32)
    agent_harm = len(SLOTS) + CELLS.index("agent_harm")
    setting = len(SLOTS) + CELLS.index("setting")
    rows[0, agent_harm] = 1
    rows[0, -2] = -0.5
    rows[1, setting] = 1
    rows[2, setting] = 1
    out = referent_agency(
        ["Russia", "Kazakhstan", "Putin"], ["Russia", "Russia", "Kazakhstan"], rows
    )
    assert out.shape == (3, len(REFERENT_COLUMNS))
    assert out[0, CELLS.index("agent_harm")] == 0.5 and out[0, CELLS.index("setting")] == 0.5
    assert out[0, -2] == pytest.approx(-0.25)
    assert out[1, CELLS.index("setting")] == 1 and out[1].sum() == 1
    assert not out[2].any()  # no mention of the referent among the context


def test_the_extras_append_the_mention_and_referent_columns(doc) -> None:
    from slant.training.roles_extra import EXTRAS, _augment

    assert {"agency", "agencyref"} <= set(EXTRAS)
    names = ["Russian troops", "Kharkiv", "Kazakhstan"]
    cand = [RoleMention(*_span(n), "GPE", n.lower()) for n in names]
    cand.append(RoleMention(*_span("Kharkiv overnight"), "GPE", "kharkiv"))  # a 2nd Kharkiv
    gold = [Mention("a1", "Kharkiv", *_span("Kharkiv"), "Innocent", ("Victim",))]
    gold.append(Mention("a1", "Izium", *_span("Izium"), "Innocent", ("Victim",)))
    cx = np.ones((len(cand), 3), np.float32)
    keys, kx = entity_rows(cx, [c.key for c in cand])
    e = Example(
        "a1",
        TEXT,
        gold,
        np.ones((2, 3), np.float32),
        cx,
        cand,
        np.zeros(len(cand)),
        keys,
        kx,
        np.zeros(len(keys)),
        np.array([keys.index(c.key) for c in cand]),
    )
    out = _augment(e, [e], ["agency", "agencyref"], {}, doc)
    width = 3 + len(MENTION_COLUMNS) + len(REFERENT_COLUMNS)
    assert out.gold_x.shape == (2, width) and out.cand_x.shape == (4, width)
    assert out.key_x.shape == (3, width + 1)
    ref = 3 + len(MENTION_COLUMNS)
    # gold Kharkiv: its referent's two candidate mentions are both patients of the shelling
    assert out.gold_x[0, ref + CELLS.index("patient_harm")] == 1
    # gold Izium has no candidate: its own mention describes the referent
    assert out.gold_x[1, ref + CELLS.index("patient_harm")] == 1
    assert out.cand_x[2, ref + CELLS.index("setting")] == 1  # Kazakhstan
    assert np.array_equal(out.gold_x[:, :3], e.gold_x)  # the shipped columns stay first
    # the same columns as agency_matrix gives the roles model (gold in slant's context)
    named = ["kharkiv", "izium"]
    gold_m = [RoleMention(g.start, g.end, "", k) for g, k in zip(gold, named, strict=True)]
    assert np.array_equal(out.gold_x[:, 3:], agency_matrix(doc, gold_m, context=cand))
    assert np.array_equal(out.cand_x[:, 3:], agency_matrix(doc, cand))
    with pytest.raises(ValueError, match="already"):
        from slant.training.roles_extra import crossfit_extra

        crossfit_extra([dataclasses.replace(e, agency=True)], ["agencyref"])


def test_agency_matrix_without_mentions_and_the_model_flag(tmp_path) -> None:
    from slant.analyzers.roles.model import RoleModel
    from slant.nlp import load_nlp

    assert agency_matrix(load_nlp("parse")("Nothing here."), []).shape == (0, AGENCY_WIDTH)
    z = np.zeros
    model = RoleModel(z((3, 2)), z(3), z((22, 2)), z(22), z(3), 0.0, agency=True)
    model.save(tmp_path)
    assert RoleModel.load(tmp_path).agency and "agency" not in RoleModel.load(tmp_path).meta
    RoleModel(z((3, 2)), z(3), z((22, 2)), z(22), z(3), 0.0).save(tmp_path)
    assert not RoleModel.load(tmp_path).agency


def test_eval_roles_takes_the_agency_extras_only_with_no_agency(tmp_path) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(app, ["eval", "roles", str(tmp_path), "--extra", "agency"])
    assert result.exit_code != 0 and "--no-agency" in str(result.exception)


def test_a_doc_without_dependencies_is_parsed_on_a_copy_with_its_sentences() -> None:
    from slant.analyzers.roles.agency import parsed
    from slant.nlp import load_nlp

    full = load_nlp("full")(TEXT)
    assert not full.has_annotation("DEP")
    dep = parsed(full)
    assert dep is not full and not full.has_annotation("DEP")  # the article's doc is untouched
    assert dep.has_annotation("DEP") and parsed(dep) is dep
    assert [s.start for s in dep.sents] == [s.start for s in full.sents]
    spans = [_span(word, last) for word, last in EXPECTED]
    found, rows = mention_agency(full, spans)  # parses the copy itself
    assert {k: a.cell for k, a in zip(EXPECTED, found, strict=True)} == {
        k: v[2] for k, v in EXPECTED.items()
    }
    assert np.array_equal(rows, mention_agency(dep, spans)[1])
