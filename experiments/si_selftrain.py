"""Experiment (not shipped unless it wins; never run in CI): self-training for the SI encoder.

The shipped span finder (CRF + token head + sentence head, as tuned) labels unlabelled
English news — PolNeAR's training texts, 2016 US election coverage from seven outlets,
Breitbart and the Western Journal among them — with its mixed P(inside a span) per token.
all-MiniLM-L6-v2 is then fine-tuned as ``slant train encoder`` does, on the PTC-train
windows (hard labels) plus those windows with the teacher's probabilities as soft targets
(weight ``--weight`` in the loss); the encoder is exported and quantized like the shipped
one, the heads are retrained on it (``slant train techniques --reuse-crf`` into a copy of
the shipped model) and dev half B is scored (everything tuned on half A).

Needs the ``finetune`` extra (torch, transformers)::

    pip install -e '.[finetune]'
    python experiments/si_selftrain.py --data ../shared/data --work /tmp/si-selftrain

Measured 2026-11-27 on 2 cores (400 PolNeAR articles: 8,527 soft windows beside the 16,692
PTC ones, mean teacher P(inside) 0.208; labels 243 s, 2 epochs of fine-tuning about 40 min
beside another job, heads 10 min): SI F1 0.439 on half A and 0.406 on half B (P 0.452,
R 0.369) against the shipped 0.444 / 0.438; TC 0.622 (same), paragraph micro-F1 0.405
(shipped 0.381), span F1 0.213 (0.181). SI, the point of it, got worse: not shipped.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from slant.training import finetune as F
from slant.training import techniques as T
from slant.training.technique_scorers import merge_spans

log = logging.getLogger("si_selftrain")


def pseudo_labels(texts: list[str], teacher_dir: Path) -> list[list[tuple[int, int, float]]]:
    """(start, end, P(inside)) of every token of every text, from the shipped span finder."""
    from slant.training.technique_corpora import GoldArticle

    an = T.load_analyzer(teacher_dir)
    parsed = T.ParsedTexts()
    arts = parsed.articles([GoldArticle(str(i), t) for i, t in enumerate(texts)])
    out = []
    for art in arts:
        rows = []
        for sc in an.span_scores(art):
            p = an.inside_probabilities(sc)
            rows += list(zip(sc.starts, sc.ends, (float(x) for x in p), strict=True))
        out.append(rows)
    return out


def soft_windows(tok: Any, text: str, tokens: list[tuple[int, int, float]]) -> list[Any]:
    """Windows of one unlabelled text whose inside labels are the teacher's probabilities."""
    starts = np.array([s for s, _, _ in tokens])
    ends = np.array([e for _, e, _ in tokens])
    probs = np.array([p for _, _, p in tokens])
    out = []
    for ids, _, tech, offs in F.line_windows(tok, text, []):
        soft = []
        for s, e in offs:
            hit = (starts < e) & (ends > s)
            soft.append(float(probs[hit].max()) if hit.any() else 0.0)
        out.append((ids, [float(F.IGNORE), *soft, float(F.IGNORE)], tech, offs))
    return out


def soft_inside_loss(n_hard: int, cfg: F.FinetuneConfig, weight: float) -> Any:
    """The inside head's loss for ``finetune.fit_encoder``: hard windows as shipped, then soft.

    Windows before ``n_hard`` keep the shipped weighted cross-entropy; the others have the
    teacher's probabilities as targets (weight ``weight``, the same class weights spread by
    the soft target).
    """
    import torch

    cw = torch.tensor([1.0, cfg.inside_weight])

    def loss(logits: Any, target: Any, batch: list[int]) -> Any:
        logp = torch.log_softmax(logits, dim=-1)
        soft = torch.tensor([i >= n_hard for i in batch])
        valid = target != F.IGNORE
        hard_tok = valid & ~soft[:, None]
        soft_tok = valid & soft[:, None]
        out = torch.zeros(())
        if hard_tok.any():
            y = target[hard_tok].long()
            out = out + torch.nn.functional.nll_loss(logp[hard_tok], y, weight=cw)
        if soft_tok.any():
            p = target[soft_tok]
            w = (1 - p) * cw[0] + p * cw[1]
            ce = -(p * logp[soft_tok][:, 1] + (1 - p) * logp[soft_tok][:, 0])
            out = out + weight * (w * ce).sum() / w.sum()
        return out

    return loss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/si-selftrain"))
    ap.add_argument("--articles", type=int, default=400, help="unlabelled articles used")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--weight", type=float, default=0.5, help="weight of the soft loss")
    ap.add_argument("--limit-steps", type=int, default=None, help="smoke test")
    ap.add_argument("--labels-only", action="store_true", help="stop after the teacher's labels")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import torch

    from slant.training.encoder import build_encoder

    torch.set_num_threads(2)
    args.work.mkdir(parents=True, exist_ok=True)
    shipped = Path(T.__file__).resolve().parent.parent / "resources" / "techniques"
    t0 = time.time()

    # 1. the teacher's labels (cached in --work)
    texts_dir = args.data / "polnear" / "train" / "text"
    paths = sorted(texts_dir.glob("*.txt"))
    random.Random(F.SEED).shuffle(paths)
    texts = [p.read_text(encoding="utf-8") for p in paths[: args.articles]]
    cache = args.work / f"pseudo-{args.articles}.pkl"
    if cache.exists():
        labels = pickle.loads(cache.read_bytes())
    else:
        labels = pseudo_labels(texts, shipped)
        cache.write_bytes(pickle.dumps(labels))
    mean_p = np.mean([p for rows in labels for _, _, p in rows])
    log.info(
        "pseudo-labels: %d articles, mean P(inside) %.3f, %.0f s",
        len(texts),
        mean_p,
        time.time() - t0,
    )

    if args.labels_only:
        return

    # 2. windows: PTC train (hard), then the unlabelled texts (soft)
    tok = F.tokenizer()
    dev = set(T.english_dev_ids(args.data))
    si = {a.id: a for a in T.read_ptc2020(args.data, "train", task="si") if a.id not in dev}
    tc = {a.id: a for a in T.read_ptc2020(args.data, "train") if a.id in si}
    hard = [
        (ids, [float(x) for x in inside], tech, offs)
        for aid, a in si.items()
        for ids, inside, tech, offs in F.line_windows(
            tok,
            a.text,
            merge_spans((s, e) for _, s, e in a.spans),
            list(tc[aid].spans) if aid in tc else [],
        )
    ]
    soft = [
        w for text, rows in zip(texts, labels, strict=True) for w in soft_windows(tok, text, rows)
    ]
    log.info("windows: %d hard, %d soft", len(hard), len(soft))

    # 3. fine-tune, export, quantize
    cfg = F.FinetuneConfig(data=args.data, epochs=args.epochs, limit_steps=args.limit_steps)
    encoder = F.fit_encoder(
        hard + soft, cfg, soft_inside_loss(len(hard), cfg, args.weight), float_targets=True
    )
    model = args.work / "model"
    if model.exists():
        shutil.rmtree(model)
    shutil.copytree(shipped, model)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        F.export_onnx(encoder, fp32)
        sha = build_encoder(model / "minilm-int8.onnx", source=fp32)
    info = {
        "experiment": "si_selftrain",
        "articles": args.articles,
        "epochs": args.epochs,
        "weight": args.weight,
        "hard": len(hard),
        "soft": len(soft),
        "seconds": round(time.time() - t0),
        "sha256": sha,
    }
    (model / "encoder.json").write_text(json.dumps(info, indent=1))
    log.info("encoder: %s", info)

    # 4. heads on the new encoder, tuned on half A; half B reported
    scores = T.train(T.TrainConfig(data=args.data, out=model, reuse_crf=True))
    for k in ("si_f1", "si_precision", "si_recall", "tc_f1", "paragraph_micro_f1", "span_f1"):
        print(f"{k}: {scores[k]:.4f}")


if __name__ == "__main__":
    main()
