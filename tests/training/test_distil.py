"""The student's distillation targets: teacher scores mapped onto MiniLM word pieces."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant.training import distil, finetune

IGNORE = finetune.IGNORE

TEXT = (
    "The corrupt elite are destroying our great nation.\n"
    "\n"
    "Officials said the road will reopen next week.\n"
)


def _targets() -> distil.TeacherTargets:
    """Word-level teacher scores of TEXT: high on 'corrupt elite ... destroying', low after."""
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+|[^\w\s]", TEXT)]
    inside = np.array([0.9 if s < 35 else 0.05 for s, _ in words], dtype=np.float32)
    second = TEXT.index("Officials")
    par = np.zeros((2, 3), dtype=np.float32)
    par[0] = [0.8, 0.1, 0.5]
    par[1] = [0.01, 0.3, 0.5]
    return distil.TeacherTargets(
        np.array([s for s, _ in words]),
        np.array([e for _, e in words]),
        inside,
        0.4,
        np.array([0, second]),
        np.array([TEXT.index("\n"), len(TEXT) - 1]),
        par,
        np.array([0.4, 0.3, 0.5], dtype=np.float32),
        ["Loaded_Language", "Doubt", "Slogans"],
    )


def test_shift_puts_the_threshold_at_one_half() -> None:
    out = distil.shift(np.array([0.4, 0.9, 0.05]), 0.4)
    assert out[0] == pytest.approx(0.5, abs=1e-6)
    assert out[1] > 0.9 and 0.05 < out[2] < 0.1  # a threshold under 0.5 raises every score
    per_label = distil.shift(np.array([[0.3, 0.3]]), np.array([0.3, 0.6]))
    assert per_label[0, 0] == pytest.approx(0.5, abs=1e-6) and per_label[0, 1] < 0.5


def test_piece_targets_take_the_highest_overlapping_token() -> None:
    starts, ends = np.array([0, 4, 12]), np.array([3, 11, 15])
    values = np.array([0.1, 0.7, 0.2])
    # a piece inside token 2; a piece spanning tokens 1-3; a piece in no token's characters
    out = distil.piece_targets([(5, 8), (2, 13), (20, 22)], starts, ends, values)
    assert out == [pytest.approx(0.7), pytest.approx(0.7), float(IGNORE)]


def test_targets_round_trip_through_their_file(tmp_path: Path) -> None:
    t = _targets()
    t.save(tmp_path / "a.npz")
    back = distil.TeacherTargets.load(tmp_path / "a.npz")
    assert back.labels == t.labels and back.si_threshold == pytest.approx(0.4)
    assert np.array_equal(back.inside, t.inside) and np.array_equal(back.par_prob, t.par_prob)
    assert not list(tmp_path.glob("*.tmp*"))


def test_windows_carry_soft_gold_and_paragraph_targets() -> None:
    tok = finetune.tokenizer()
    t = _targets()
    labelled = distil._Windows([], [], [])
    distil._article_windows(
        tok, TEXT, t, labelled, si=[(4, 17)], tc=[("Name_Calling,Labeling", 4, 17)]
    )
    unlabelled = distil._Windows([], [], [])
    distil._article_windows(tok, TEXT, t, unlabelled)
    for data in (labelled, unlabelled):
        assert len(data.windows) == 2  # one per non-empty line
        ids, soft, tech, offs = data.windows[0]
        assert len(ids) == len(soft) == len(tech) == len(offs) + 2
        assert soft[0] == soft[-1] == IGNORE  # [CLS], [SEP]
        first = dict(zip(offs, soft[1:-1], strict=True))
        corrupt = next(v for (s, e), v in first.items() if TEXT[s:e] == "corrupt")
        nation = next(v for (s, e), v in first.items() if TEXT[s:e] == "nation")
        assert corrupt > 0.9 and nation < 0.1  # 0.9 and 0.05 shifted by the threshold 0.4
        # each line takes its own paragraph's shifted probabilities
        assert data.paragraph[0][0] > 0.8 and data.paragraph[1][0] < 0.05
        assert data.paragraph[1][2] == pytest.approx(0.5, abs=1e-6)
    gold = labelled.gold[0]
    assert gold is not None and gold[0] == IGNORE and 1 in gold
    assert labelled.windows[0][2].count(IGNORE) < len(labelled.windows[0][2])  # technique labels
    assert unlabelled.gold == [None, None]
    assert set(unlabelled.windows[0][2]) == {IGNORE}  # no gold technique on unlabelled text


def test_teacher_targets_are_computed_once_and_cached(tmp_path: Path, monkeypatch) -> None:
    from slant.analyzers.techniques import RESOURCE_DIR

    texts = [TEXT, "Only a traitor would vote for this disgraceful bill.\n"]
    first = distil.teacher_targets(RESOURCE_DIR, texts, tmp_path, threads=1)
    folder = next(tmp_path.glob("targets-*"))
    assert len(list(folder.glob("*.npz"))) == 2
    t = first[TEXT]
    assert len(t.inside) == len(t.tok_start) and np.all(np.diff(t.tok_start) >= 0)
    assert np.all((t.inside >= 0) & (t.inside <= 1))
    assert t.par_prob.shape == (2, len(t.labels)) and len(t.par_threshold) == len(t.labels)

    def boom(*args, **kwargs):
        raise AssertionError("the teacher ran again")

    monkeypatch.setattr(distil, "_score_text", boom)
    again = distil.teacher_targets(RESOURCE_DIR, texts, tmp_path, threads=1)
    assert np.array_equal(again[TEXT].inside, t.inside)


def test_truncated_student_trains_on_distillation_losses(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch", reason="needs the finetune extra")
    transformers = pytest.importorskip("transformers", reason="needs the finetune extra")

    torch.manual_seed(0)
    cfg = transformers.BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=4,
        num_attention_heads=2,
        intermediate_size=48,
        max_position_embeddings=130,
    )
    folder = tmp_path / "tiny-bert"
    transformers.BertModel(cfg).save_pretrained(folder)
    tok = finetune.tokenizer()
    data = distil._Windows([], [], [], ["Loaded_Language", "Doubt", "Slogans"])
    distil._article_windows(tok, TEXT, _targets(), data, si=[(4, 17)])
    distil._article_windows(tok, TEXT, _targets(), data)
    ft = finetune.FinetuneConfig(epochs=2, batch=2, limit_steps=4, model=folder, layers=2)
    dcfg = distil.DistilConfig(teacher=tmp_path, finetune=ft)
    inside_loss, extra_heads, extra_loss = distil._losses(data, dcfg)
    heads: dict = {}
    enc = finetune.fit_encoder(
        data.windows,
        ft,
        inside_loss,
        float_targets=True,
        heads_out=heads,
        extra_heads=extra_heads,
        extra_loss=extra_loss,
    )
    assert len(enc.encoder.layer) == 2 and enc.config.num_hidden_layers == 2
    assert heads["paragraph.weight"].shape == (3, 32)
    # the losses are finite and reach the paragraph head
    logits = torch.zeros(1, len(data.windows[0][0]), 2, requires_grad=True)
    soft = torch.tensor([data.windows[0][1]])
    loss = inside_loss(logits, soft, [0])
    loss.backward()
    assert torch.isfinite(loss) and logits.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="layers must be"):
        finetune.truncate_layers(enc, 3)
