"""CPU per article and per call of int8 encoder graphs, and how far their states move (never in CI).

Usage:
    python bench/encoder_graphs.py ../shared/data/semeval2020-task11-ptc/dev-articles \
        --graphs src/slant/resources/techniques/minilm-int8.onnx,fused.onnx --limit 40 --repeat 3

Each graph runs under :class:`MiniLMEncoder` with one intra-op thread (as a worker runs it),
one window per ONNX call, over the same articles. The passes alternate between the graphs
(graph 1, graph 2, ..., graph 1, ...), so a change of the machine's load hits them all alike;
the best pass of each is reported, with ``time.process_time`` (CPU, not wall-clock). The
calls are counted (distinct windows of each article), so the fixed cost of a call shows as
``CPU-ms/call`` beside ``CPU-ms/article``. Every graph after the first is compared with the
first, token by token: mean and minimum cosine of the states, and the largest absolute
difference. ``--opt-level`` picks ONNX Runtime's graph optimisation level for all graphs
(``all``, the default of :class:`MiniLMEncoder`, ``extended``, ``basic``, ``disable``);
``--disable SkipLayerNormFusion,...`` turns off single ORT graph transformers by name.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--graphs", required=True, help="comma-separated int8 ONNX graphs")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3, help="passes per graph (best kept)")
    ap.add_argument("--opt-level", default="all", choices=["all", "extended", "basic", "disable"])
    ap.add_argument("--disable", default="", help="comma-separated ORT optimizers to turn off")
    args = ap.parse_args()

    import onnxruntime as ort
    from threadpoolctl import threadpool_limits

    from slant.analyzers.techniques import TOKENIZER, MiniLMEncoder

    threadpool_limits(1)
    level = {
        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    }[args.opt_level]
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    texts = texts[: args.limit]
    graphs = [Path(g) for g in args.graphs.split(",")]
    encs = []
    for graph in graphs:
        enc = MiniLMEncoder(TOKENIZER, graph, threads=1)
        if args.opt_level != "all" or args.disable:
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = level
            enc.session = ort.InferenceSession(
                str(graph),
                opts,
                providers=["CPUExecutionProvider"],
                disabled_optimizers=[x for x in args.disable.split(",") if x],
            )
        enc.encode(texts[0])  # warm-up
        encs.append(enc)
    calls = 0
    for text in texts:
        from slant.analyzers.techniques.encoder import line_windows

        wins = line_windows(encs[0].tokenizer, text, encs[0].max_len - 2)
        calls += len({tuple(ids) for ids, _ in wins})
    best = [float("inf")] * len(graphs)
    states: list[list[np.ndarray]] = [[] for _ in graphs]
    for r in range(args.repeat):
        for g, enc in enumerate(encs):
            t = time.process_time()
            out = [enc.encode(text).states for text in texts]
            best[g] = min(best[g], time.process_time() - t)
            if r == 0:
                states[g] = out
    pieces = sum(len(s) for s in states[0])
    print(f"{len(texts)} articles, {calls} calls, {pieces} pieces, opt level {args.opt_level}")
    for g, graph in enumerate(graphs):
        line = (
            f"{graph}: {best[g] / len(texts) * 1000:.1f} CPU-ms/article, "
            f"{best[g] / calls * 1000:.3f} CPU-ms/call, {pieces / best[g]:.0f} pieces/CPU-s, "
            f"{graph.stat().st_size / 1e6:.1f} MB"
        )
        if g:
            a = np.concatenate(states[0])
            b = np.concatenate(states[g])
            cos = (a * b).sum(1) / np.maximum(
                np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12
            )
            line += (
                f"; against the first: cosine mean {cos.mean():.6f}, min {cos.min():.6f}, "
                f"max |diff| {np.abs(a - b).max():.4g}, identical {np.array_equal(a, b)}"
            )
        print(line)


if __name__ == "__main__":
    sys.exit(main())
