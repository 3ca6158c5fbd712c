"""Cost of the teacher: cache build and per-step time of top-K MPNet fine-tuning (not CI).

Usage (needs the accurate extra: torch, transformers, the MPNet part packages):
    python bench/profile_teacher.py --data ../shared/data --articles 10 --top 2,4,6 --steps 6

Builds the PTC training windows of the first ``--articles`` training articles (the English
dev ids excluded, as ``slant train encoder`` does), then for each K: the float16 cache of
the lower ``12 - K`` layers (time, CPU time and size; under ``--cache-root``, default a
``bench`` folder beside the real caches) and ``--steps`` training steps of the top K
layers on it (batches of 16 windows of similar length, AdamW, as
``slant train encoder --profile accurate --finetune --top-layers K``). Per step it prints
wall-clock and CPU seconds (user + sys of this process, ``--threads`` torch threads); the
first step is left out of the mean (allocation, warm-up).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import resource
import sys
import time
from pathlib import Path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--articles", type=int, default=10)
    ap.add_argument("--top", default="2,4,6")
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cache-root", type=Path, default=None)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    import torch
    from torch.optim.optimizer import register_optimizer_step_post_hook
    from transformers import AutoModel

    from slant.training import finetune
    from slant.training.teacher import CACHE_ROOT, StateCache, cache_fingerprint
    from slant.training.technique_corpora import english_dev_ids, read_ptc2020
    from slant.training.technique_scorers import merge_spans

    torch.set_num_threads(args.threads)
    tok = finetune.tokenizer("mpnet")
    dev = set(english_dev_ids(args.data))
    arts = [a for a in read_ptc2020(args.data, "train", task="si") if a.id not in dev]
    arts = arts[: args.articles]
    windows = [
        w
        for a in arts
        for w in finetune.line_windows(tok, a.text, merge_spans((s, e) for _, s, e in a.spans))
    ]
    pieces = sum(len(w[0]) for w in windows)
    print(f"articles: {len(arts)}  windows: {len(windows)}  pieces: {pieces}")
    base = Path(finetune.model_dir("mpnet"))
    root = args.cache_root or CACHE_ROOT / "bench"
    for k in (int(x) for x in args.top.split(",")):
        model = AutoModel.from_pretrained(str(base)).eval()
        lower = model.config.num_hidden_layers - k
        w0, c0 = time.time(), _cpu()
        cache = StateCache.build(
            root, model, windows, lower, fingerprint=cache_fingerprint(base, windows, lower)
        )
        wall, cpu = time.time() - w0, _cpu() - c0
        print(
            f"K={k}: cache of {lower} layers: {wall:.1f} s wall, {cpu:.1f} CPU-s, "
            f"{cache.nbytes / 1e6:.1f} MB ({cache.nbytes / pieces:.0f} B/piece), "
            f"{wall / len(windows) * 1000:.1f} ms/window"
        )
        times: list[tuple[float, float]] = []
        hook = register_optimizer_step_post_hook(
            lambda *_, t=times: t.append((time.time(), _cpu()))
        )
        try:
            cfg = finetune.FinetuneConfig(
                data=args.data,
                top_layers=k,
                limit_steps=args.steps,
                threads=args.threads,
                base="mpnet",
                cache_root=root,
            )
            finetune.fit_encoder(windows, cfg)
        finally:
            hook.remove()
        walls = [b[0] - a[0] for a, b in itertools.pairwise(times)]
        cpus = [b[1] - a[1] for a, b in itertools.pairwise(times)]
        if walls:
            print(
                f"K={k}: {len(walls)} steps after the first: {sum(walls) / len(walls):.2f} s/step "
                f"wall, {sum(cpus) / len(cpus):.2f} CPU-s/step ({args.threads} threads)"
            )
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    sys.exit(main())
