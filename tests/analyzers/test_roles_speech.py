"""Speech cues of role mentions (slant.analyzers.roles.speech) and the analyzer reading them."""

from __future__ import annotations

import dataclasses

import numpy as np

from slant.analyzers.roles import RoleMention, RoleModel, default_model_dir
from slant.analyzers.roles.speech import SPEECH_WIDTH, speech_cues, speech_matrix
from slant.article import Article
from slant.config import Settings
from slant.labels import MAIN_ROLES
from slant.pipeline import Pipeline

TEXT = (
    "Beijing warns Canberra over trade\n"
    "Chinese officials said on Tuesday that Australia had broken its promises.\n"
    '"Canberra will pay for this," according to the Xinhua news agency.\n'
    "Australia told reporters it \u201cwould never accept pressure from Beijing\u201d."
)


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def test_speech_cues_of_single_mentions() -> None:
    assert speech_cues(TEXT, *_at("Chinese officials")) == (0.0, 1.0)  # "... said"
    assert speech_cues(TEXT, *_at("Australia")) == (0.0, 0.0)  # the object of the claim
    assert speech_cues(TEXT, *_at("Canberra", 1)) == (1.0, 0.0)  # inside straight quotes
    assert speech_cues(TEXT, *_at("Xinhua")) == (0.0, 1.0)  # "according to the Xinhua"
    assert speech_cues(TEXT, *_at("Australia", 1)) == (0.0, 1.0)  # "Australia told"
    assert speech_cues(TEXT, *_at("Beijing", 1)) == (1.0, 0.0)  # inside curly quotes
    assert speech_cues(TEXT, *_at("Beijing")) == (0.0, 0.0)  # the title's subject


def test_the_referent_columns_average_its_mentions() -> None:
    mentions = [
        RoleMention(*_at("Australia"), "GPE", "Australia"),
        RoleMention(*_at("Australia", 1), "GPE", "Australia"),
        RoleMention(*_at("Canberra", 1), "GPE", "Australia"),
        RoleMention(*_at("Xinhua"), "ORG", "Xinhua"),
    ]
    rows = speech_matrix(TEXT, mentions)
    assert rows.shape == (4, SPEECH_WIDTH)
    assert rows[:, :2].tolist() == [[0, 0], [0, 1], [1, 0], [0, 1]]
    third = 1 / 3
    assert np.allclose(rows[:3, 2:], [[third, third]] * 3)  # Australia: 1 of 3 quoted, speaks
    assert rows[3, 2:].tolist() == [0, 1]
    # a key absent from the context keeps the mention's own cues
    alone = speech_matrix(TEXT, mentions[3:], context=mentions[:3])
    assert alone.tolist() == [[0, 1, 0, 1]]
    assert speech_matrix(TEXT, []).shape == (0, SPEECH_WIDTH)


def _with_speech(model: RoleModel, weight: float) -> RoleModel:
    """The model with speech columns whose only weight is ``weight`` on Protagonist for a
    mention that speaks (the shipped ones replaced, or appended if it has none)."""
    keep = -SPEECH_WIDTH if model.speech else None
    pad = np.zeros((3, SPEECH_WIDTH), np.float32)
    pad[MAIN_ROLES.index("Protagonist"), 1] = weight
    main = np.hstack([model.main_coef[:, :keep], pad])
    fine = np.hstack([model.fine_coef[:, :keep], np.zeros((22, SPEECH_WIDTH), np.float32)])
    body, count = model.cast_coef[:-1], model.cast_coef[-1:]
    cast = np.concatenate([body[:keep], np.zeros(SPEECH_WIDTH, np.float32), count])
    return dataclasses.replace(
        model, main_coef=main, fine_coef=fine, cast_coef=cast, speech=True, use_fine_weight=0.0
    )


def _roles(model_dir: str) -> dict[tuple[int, int], str]:
    settings = Settings(
        only=("entities", "roles"),
        language_check=False,
        language="en",
        analyzers={"roles": {"model_dir": model_dir, "threshold": 0.0}},
    )
    art = Pipeline(settings)(Article(id="t", text=TEXT))
    return {(e.role.start, e.role.end): e.role.main for e in art.entities if e.role}


def test_the_analyzer_appends_the_speech_columns(tmp_path) -> None:
    shipped = RoleModel.load(default_model_dir())
    _with_speech(shipped, 0.0).save(tmp_path / "mute")
    _with_speech(shipped, 60.0).save(tmp_path / "loud")
    mute, loud = _roles(str(tmp_path / "mute")), _roles(str(tmp_path / "loud"))
    speaking = [span for span in loud if speech_cues(TEXT, *span)[1]]
    starts = {TEXT[s : s + 6] for s, _ in speaking}
    assert starts == {"Chines", "Xinhua", "Austra"}, starts
    # the mentions that speak become heroes, the others keep the model's reading
    assert all(loud[span] == "Protagonist" for span in speaking)
    assert any(mute[span] != "Protagonist" for span in speaking)
    assert all(loud[span] == main for span, main in mute.items() if span not in speaking)
    assert len(mute) == len(loud) > len(speaking)
