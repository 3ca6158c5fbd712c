"""The teacher: top MPNet layers trained on cached lower-layer states (a tiny random MPNet)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="needs the accurate extra (torch, transformers)")
pytest.importorskip("transformers", reason="needs the accurate extra")

import torch
import transformers

from slant.training import finetune, teacher

IGNORE = finetune.IGNORE


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised 4-layer MPNet saved as a model folder."""
    torch.manual_seed(0)
    cfg = transformers.MPNetConfig(
        vocab_size=60,
        hidden_size=32,
        num_hidden_layers=4,
        num_attention_heads=2,
        intermediate_size=48,
        max_position_embeddings=80,
    )
    folder = tmp_path_factory.mktemp("tiny-mpnet")
    transformers.MPNetModel(cfg).save_pretrained(folder)
    return folder


def _windows(n: int = 6) -> list:
    """Windows of different lengths: ``<s>`` (0) … ``</s>`` (2), inside and technique labels."""
    out = []
    for k in range(n):
        body = [5 + (3 * k + j) % 50 for j in range(3 + k)]
        inside = [(j + k) % 2 for j in range(len(body))]
        tech = [3 if v else IGNORE for v in inside]
        out.append(([0, *body, 2], [IGNORE, *inside, IGNORE], [IGNORE, *tech, IGNORE], []))
    return out


def _model(folder: Path):  # type: ignore[no-untyped-def]
    return transformers.AutoModel.from_pretrained(str(folder)).eval()


def test_top_layers_on_lower_states_equal_the_full_forward(tiny: Path) -> None:
    model = _model(tiny)
    ids = torch.tensor([[0, 7, 8, 9, 10, 2], [0, 11, 12, 2, 1, 1]])
    mask = (ids != 1).long()
    with torch.no_grad():
        full = model(input_ids=ids, attention_mask=mask).last_hidden_state
        for lower in (0, 1, 3):
            low = teacher.lower_states(model, ids, mask, lower)
            top = teacher.TopLayers(model, lower)(low, mask)
            keep = mask.bool()
            assert torch.allclose(top[keep], full[keep], atol=1e-5), lower


def test_cache_resumes_after_a_kill_and_holds_the_lower_states(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, windows = _model(tiny), _windows()
    fp = teacher.cache_fingerprint(tiny, windows, 2)
    real = teacher.lower_states
    calls: list[int] = []

    def dies_on_the_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(teacher, "lower_states", dies_on_the_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        teacher.StateCache.build(tmp_path, model, windows, 2, fingerprint=fp, chunk=2)
    folder = teacher.StateCache.folder_for(tmp_path, fp)
    assert json.loads((folder / teacher.META).read_text())["chunks_done"] == 1
    monkeypatch.setattr(teacher, "lower_states", real)
    cache = teacher.StateCache.build(tmp_path, model, windows, 2, fingerprint=fp, chunk=2)
    assert json.loads((folder / teacher.META).read_text())["chunks_done"] == 3
    assert cache.nbytes == sum(len(w[0]) for w in windows) * 32 * 2  # float16, no padding
    for i, w in enumerate(windows):
        ids = torch.tensor([w[0]])
        want = real(model, ids, torch.ones_like(ids), 2)[0].numpy()
        got = cache.batch([i], len(w[0]))[0]
        np.testing.assert_allclose(got, want, atol=2e-2, rtol=2e-3)  # float16 on disk
    # other windows or another depth: another fingerprint, another folder
    assert teacher.cache_fingerprint(tiny, windows[:-1], 2) != fp
    assert teacher.cache_fingerprint(tiny, windows, 1) != fp


def _cfg(tiny: Path, tmp_path: Path, **kw) -> finetune.FinetuneConfig:  # type: ignore[no-untyped-def]
    opts = {
        "epochs": 2,
        "batch": 2,
        "limit_steps": 6,
        "checkpoint_every": 2,
        "top_layers": 2,
        "model": tiny,
        "cache_root": tmp_path / "cache",
        **kw,
    }
    return finetune.FinetuneConfig(**opts)


def test_teacher_trains_only_the_top_layers(tiny: Path, tmp_path: Path) -> None:
    torch.set_num_threads(1)
    before = _model(tiny).state_dict()
    heads: dict = {}
    after = finetune.fit_encoder(_windows(), _cfg(tiny, tmp_path), heads_out=heads).state_dict()
    assert heads["inside.weight"].shape == (2, 32)  # kept for a student's soft targets
    assert heads["technique.weight"].shape == (len(finetune.PTC_TECHNIQUES), 32)
    changed = {k for k in before if not torch.equal(before[k], after[k])}
    assert changed and all(k.startswith(("encoder.layer.2.", "encoder.layer.3.")) for k in changed)
    assert any(k.startswith("encoder.layer.2.") for k in changed)


def test_teacher_resumed_run_gives_the_unbroken_weights(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    torch.set_num_threads(1)
    unbroken = finetune.fit_encoder(_windows(), _cfg(tiny, tmp_path)).state_dict()
    cfg = _cfg(tiny, tmp_path, run_dir=tmp_path / "run")
    save = finetune._save_checkpoint
    steps: list[int] = []

    def save_then_die(*args, **kwargs):  # type: ignore[no-untyped-def]
        save(*args, **kwargs)
        steps.append(args[5])
        if len(steps) == 2:  # killed right after the step-4 checkpoint
            raise KeyboardInterrupt

    monkeypatch.setattr(finetune, "_save_checkpoint", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        finetune.fit_encoder(_windows(), cfg)
    assert steps == [2, 4]
    monkeypatch.setattr(finetune, "_save_checkpoint", save)
    resumed = finetune.fit_encoder(_windows(), cfg).state_dict()
    assert all(torch.equal(resumed[k], unbroken[k]) for k in unbroken)
    # the step-4 checkpoint is still there: a run of another depth refuses it
    assert (tmp_path / "run" / "checkpoint.pt").exists()
    with pytest.raises(ValueError, match="top layers"):
        finetune.fit_encoder(
            _windows(), _cfg(tiny, tmp_path, run_dir=tmp_path / "run", top_layers=1)
        )
