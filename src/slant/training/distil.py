"""Distil the techniques teacher into a smaller MiniLM: the fast profile's student.

``slant train encoder --distil-from DIR --layers N`` trains all-MiniLM-L6-v2 cut to its
first ``N`` layers on soft targets from a techniques model folder (the teacher, e.g. the
K = 2 MPNet of :mod:`slant.training.teacher` with its heads), then exports and quantizes it
like :mod:`slant.training.finetune`:

1. **Teacher targets.** The teacher's analyzer runs over every training text, once: each
   spaCy token gets the span finder's mixed P(inside a span) (CRF, token head and sentence
   head, as the analyzer scores before decoding), and each paragraph the paragraph head's
   per-technique probabilities raised by the spans found in it. Both are stored with the
   teacher's thresholds, one ``.npz`` per text under ``~/.cache/slant/student/targets-<fp>``
   (the fingerprint covers the teacher's files), so a killed run keeps what it computed.
2. **Soft targets on word pieces.** Each MiniLM piece takes the highest P(inside) of the
   spaCy tokens that overlap its characters (:func:`piece_targets`), shifted so that the
   teacher's own threshold maps to 0.5: ``t = σ(logit p − logit θ)``. A window (one line,
   so one paragraph) takes its paragraph's probabilities, shifted by each label's threshold.
3. **Loss.** On the inside head, ``α · CE(gold) + (1 − α) · CE(t)`` (gold only on the PTC
   training articles, class weight 2 for inside as in the fine-tuning); the technique head
   keeps its gold loss; a paragraph head on the window's mean state adds ``β · BCE`` against
   the teacher's paragraph probabilities. Batches, schedule and resumable checkpoints are
   those of :func:`slant.training.finetune.fit_encoder`.

Training texts: the SemEval-2020 PTC training articles (gold used) and, with their gold or
labels unused, the NLP4IF-2019 articles outside PTC (every one has a PTC text today, so none
remain) and the story-cluster news of BASIL and PAC (``../shared/data/story-clusters``;
``ecbplus`` and ``allsides`` on request). A text equal to a PTC article's is dropped, and
the English dev articles (PTC dev, the cross-fitted halves) are never read for training.
Needs torch and transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.training.finetune import IGNORE, MAX_PIECES, FinetuneConfig
from slant.training.teacher import CACHE_ROOT

__all__ = [
    "UNLABELLED_SETS",
    "DistilConfig",
    "TeacherTargets",
    "distil_encoder",
    "piece_targets",
    "shift",
    "teacher_fingerprint",
    "teacher_targets",
    "training_texts",
]

log = logging.getLogger(__name__)

STUDENT_ROOT = CACHE_ROOT.with_name("student")
TARGETS_VERSION = "v1"
UNLABELLED_SETS = ("nlp4if2019", "basil", "pac")


@dataclass
class DistilConfig:
    """Options of a distillation run (the fine-tuning options are in ``finetune``)."""

    teacher: Path
    finetune: FinetuneConfig
    unlabelled: tuple[str, ...] = UNLABELLED_SETS
    alpha: float = 0.5  # weight of the gold inside loss (1 - alpha: the teacher's)
    beta: float = 0.1  # weight of the paragraph loss (summed over the 23 labels)
    cache_root: Path = STUDENT_ROOT
    max_texts: int | None = None  # per unlabelled set (smoke tests)


@dataclass
class TeacherTargets:
    """The teacher's outputs on one text (character offsets into it)."""

    tok_start: np.ndarray  # spaCy tokens scored by the span finder
    tok_end: np.ndarray
    inside: np.ndarray  # mixed P(inside a span) of each token
    si_threshold: float
    par_start: np.ndarray  # paragraphs
    par_end: np.ndarray
    par_prob: np.ndarray  # paragraphs × labels, with span evidence
    par_threshold: np.ndarray  # labels
    labels: list[str] = field(default_factory=list)

    def save(self, path: Path) -> None:
        """Write atomically (``np.savez`` to a temporary name, then rename)."""
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(
            tmp,
            tok_start=self.tok_start,
            tok_end=self.tok_end,
            inside=self.inside,
            si_threshold=np.float32(self.si_threshold),
            par_start=self.par_start,
            par_end=self.par_end,
            par_prob=self.par_prob,
            par_threshold=self.par_threshold,
            labels=np.array(self.labels),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> TeacherTargets:
        """Read a file written by :meth:`save`."""
        with np.load(path) as z:
            return cls(
                z["tok_start"],
                z["tok_end"],
                z["inside"],
                float(z["si_threshold"]),
                z["par_start"],
                z["par_end"],
                z["par_prob"],
                z["par_threshold"],
                [str(x) for x in z["labels"]],
            )


def shift(p: np.ndarray, threshold: float | np.ndarray) -> np.ndarray:
    """``σ(logit p − logit θ)``: a probability whose 0.5 is the teacher's decision point."""
    eps = 1e-4
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    t = np.clip(np.asarray(threshold, dtype=np.float64), 0.02, 0.98)
    z = np.log(p / (1 - p)) - np.log(t / (1 - t))
    return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


def piece_targets(
    offsets: Sequence[tuple[int, int]], starts: np.ndarray, ends: np.ndarray, values: np.ndarray
) -> list[float]:
    """Each piece's highest value among the tokens overlapping its characters (``IGNORE``
    when none does). ``starts``/``ends`` are sorted token offsets."""
    out: list[float] = []
    for s, e in offsets:
        lo = int(np.searchsorted(ends, s, side="right"))
        hi = int(np.searchsorted(starts, e, side="left"))
        out.append(float(values[lo:hi].max()) if hi > lo else float(IGNORE))
    return out


def teacher_fingerprint(model_dir: Path) -> str:
    """What the targets depend on: the teacher's model files and this module's version."""
    from slant.training.teacher import file_digest

    h = hashlib.sha256(TARGETS_VERSION.encode())
    for name in sorted(p.name for p in model_dir.iterdir() if p.is_file()):
        if name.endswith((".json", ".npz", ".onnx", ".gz")):
            h.update(name.encode())
            h.update(file_digest(model_dir / name).encode())
    return h.hexdigest()[:16]


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _score_text(an: Any, nlp: Any, text: str) -> TeacherTargets:
    """The teacher analyzer's span-finder and paragraph scores on one text."""
    from slant.article import Article
    from slant.clean import clean

    art = Article(id="", text=text)
    clean(art)
    art.doc = nlp(text)
    scores = an.span_scores(art)
    starts = [s for sc in scores for s in sc.starts]
    ends = [e for sc in scores for e in sc.ends]
    inside = [p for sc in scores for p in an.inside_probabilities(sc)]
    order = np.argsort(np.asarray(starts, dtype=np.int64), kind="stable")
    raw = an.decode_spans(scores)
    ranked = an.classify_spans(art, [(s, e) for s, e, _ in raw])
    from slant.annotations import TechniqueSpan

    spans = [
        TechniqueSpan(r[0][0], s, e, sc * r[0][1])
        for (s, e, sc), r in zip(raw, ranked, strict=True)
    ]
    paras = list(art.paragraphs)
    probs = an.with_span_evidence(an.paragraph_probabilities(art, paras), paras, spans)
    return TeacherTargets(
        np.asarray(starts, dtype=np.int64)[order],
        np.asarray(ends, dtype=np.int64)[order],
        np.asarray(inside, dtype=np.float32)[order],
        float(an.span_thr_),
        np.asarray([p.start for p in paras], dtype=np.int64),
        np.asarray([p.end for p in paras], dtype=np.int64),
        np.asarray(probs, dtype=np.float32).reshape(len(paras), len(an.labels_)),
        np.asarray(an.par_thr_, dtype=np.float32),
        list(an.labels_),
    )


def teacher_targets(
    model_dir: Path, texts: Sequence[str], cache_root: Path = STUDENT_ROOT, *, threads: int = 2
) -> dict[str, TeacherTargets]:
    """The teacher's targets on each text (by text), computed once and cached on disk.

    One file per text under ``cache_root/targets-<fingerprint>/``: a run that is killed
    keeps every text it finished, and a rerun computes only the missing ones.
    """
    from slant.analyzers.techniques import TechniquesAnalyzer

    folder = cache_root / f"targets-{teacher_fingerprint(model_dir)}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "teacher.txt").write_text(str(model_dir.resolve()) + "\n", encoding="utf-8")
    out: dict[str, TeacherTargets] = {}
    todo = [t for t in dict.fromkeys(texts) if not (folder / f"{_text_key(t)}.npz").exists()]
    log.info("teacher targets: %d texts, %d to compute (%s)", len(texts), len(todo), folder)
    if todo:
        from slant.nlp.en import load_nlp

        an = TechniquesAnalyzer(model_dir=str(model_dir), threads=threads)
        an.initialize()
        nlp = load_nlp()
        t0 = time.time()
        for k, text in enumerate(todo, 1):
            _score_text(an, nlp, text).save(folder / f"{_text_key(text)}.npz")
            if k % 50 == 0:
                log.info("teacher targets: %d/%d, %.0f s", k, len(todo), time.time() - t0)
    for text in texts:
        out[text] = TeacherTargets.load(folder / f"{_text_key(text)}.npz")
    return out


def _story_texts(root: Path, name: str) -> list[tuple[str, str]]:
    from slant.stories.evaluate import read_set

    return [(f"{name}:{d.id}", d.text) for d in read_set(root / "story-clusters", name)]


def training_texts(
    root: Path, unlabelled: Iterable[str], max_texts: int | None = None
) -> tuple[list[Any], list[tuple[str, str]]]:
    """(PTC training articles with gold, unlabelled ``(id, text)``), the dev ids left out.

    Unlabelled sets: ``nlp4if2019`` (its articles outside PTC), and the story-cluster sets
    ``basil``, ``pac``, ``ecbplus``, ``allsides``. A text equal to a PTC article's is dropped.
    """
    from slant.training.technique_corpora import english_dev_ids, read_nlp4if2019, read_ptc2020

    dev = set(english_dev_ids(root))
    ptc = [a for a in read_ptc2020(root, "train", task="si") if a.id not in dev]
    seen = {a.text for a in ptc} | {a.text for a in read_ptc2020(root, "dev", task="si")}
    extra: list[tuple[str, str]] = []
    for name in unlabelled:
        if name == "nlp4if2019":
            rows = [
                (f"nlp4if2019:{a.id}", a.text) for a in read_nlp4if2019(root) if a.id not in dev
            ]
        else:
            rows = _story_texts(root, name)
        rows = [(i, t) for i, t in rows if t.strip() and t not in seen]
        for _, t in rows:
            seen.add(t)
        extra += rows[:max_texts] if max_texts else rows
    return ptc, extra


@dataclass
class _Windows:
    """The student's training windows and their targets, by window index."""

    windows: list[tuple[list[int], list[float], list[int], list[tuple[int, int]]]]
    gold: list[list[int] | None]  # gold inside labels (None: an unlabelled text)
    paragraph: list[np.ndarray | None]  # the teacher's shifted paragraph probabilities
    paragraph_labels: list[str] = field(default_factory=list)


def _article_windows(
    tok: Any,
    text: str,
    targets: TeacherTargets,
    into: _Windows,
    si: list[tuple[int, int]] | None = None,
    tc: Sequence[tuple[str, int, int]] = (),
) -> None:
    """Append one text's windows: soft inside targets, gold (``si`` given) and paragraphs."""
    from slant.analyzers.techniques import line_windows as piece_windows
    from slant.training.finetune import line_windows

    soft_tok = shift(targets.inside, targets.si_threshold)
    par = shift(targets.par_prob, targets.par_threshold) if len(targets.par_prob) else None
    if si is not None:
        rows = [(w[0], w[1], w[2], w[3]) for w in line_windows(tok, text, si, tc)]
    else:
        cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
        rows = [
            ([cls, *ids, sep], None, [IGNORE] * (len(ids) + 2), offs)
            for ids, offs in piece_windows(tok, text, MAX_PIECES)
        ]
    for ids, gold, tech, offs in rows:
        soft = [float(IGNORE), *piece_targets(offs, targets.tok_start, targets.tok_end, soft_tok)]
        into.windows.append((ids, [*soft, float(IGNORE)], tech, offs))
        into.gold.append(gold)
        row = None
        if par is not None and offs:
            k = int(np.searchsorted(targets.par_start, offs[0][0], side="right")) - 1
            if k >= 0 and targets.par_end[k] > offs[0][0]:
                row = par[k]
        into.paragraph.append(row)


def _losses(data: _Windows, cfg: DistilConfig) -> tuple[Any, Any, Any]:
    """(inside_loss, extra_heads, extra_loss) hooks of :func:`finetune.fit_encoder`."""
    import torch

    weight = torch.tensor([1.0, cfg.finetune.inside_weight])
    alpha, beta = cfg.alpha, cfg.beta

    def inside_loss(logits: Any, soft: Any, batch: list[int]) -> Any:
        logp = torch.log_softmax(logits, dim=-1)
        seen = soft != IGNORE
        t = soft.clamp(0.0, 1.0)
        ce = -(t * logp[..., 1] + (1 - t) * logp[..., 0])
        loss = (1 - alpha) * (ce * seen).sum() / seen.sum().clamp(min=1)
        gold = torch.full(logits.shape[:2], IGNORE, dtype=torch.long)
        for r, i in enumerate(batch):
            g = data.gold[i]
            if g is not None:
                gold[r, : len(g)] = torch.tensor(g)
        if (gold != IGNORE).any():
            loss = loss + alpha * torch.nn.functional.cross_entropy(
                logits.reshape(-1, 2),
                gold.to(logits.device).view(-1),
                weight=weight.to(logits.device),
                ignore_index=IGNORE,
            )
        return loss

    def extra_heads(dim: int) -> dict[str, Any]:
        return {"paragraph": torch.nn.Linear(dim, len(data.paragraph_labels))}

    def extra_loss(heads: Any, hidden: Any, mask: Any, batch: list[int]) -> Any:
        rows = [r for r, i in enumerate(batch) if data.paragraph[i] is not None]
        if not rows or beta <= 0:
            return hidden.sum() * 0.0
        pieces = mask[rows].clone().float()
        pieces[:, 0] = 0.0  # [CLS]
        pieces[torch.arange(len(rows)), mask[rows].sum(1) - 1] = 0.0  # [SEP]
        h = hidden[rows]
        mean = (h * pieces.unsqueeze(-1)).sum(1) / pieces.sum(1, keepdim=True).clamp(min=1)
        target = torch.from_numpy(np.stack([data.paragraph[batch[r]] for r in rows]))
        bce = torch.nn.functional.binary_cross_entropy_with_logits(
            heads["paragraph"](mean), target.to(mean.device), reduction="none"
        )
        return beta * bce.sum(1).mean()

    return inside_loss, extra_heads, extra_loss


def distil_encoder(cfg: DistilConfig) -> dict[str, Any]:
    """Teacher targets, distillation, ONNX export and int8 quantization; provenance."""
    import tempfile

    import torch

    from slant.training.encoder import build_encoder
    from slant.training.finetune import export_onnx, fit_encoder, tokenizer
    from slant.training.technique_corpora import read_ptc2020
    from slant.training.technique_scorers import merge_spans

    ft = cfg.finetune
    torch.set_num_threads(ft.threads)
    t0 = time.time()
    ptc, extra = training_texts(ft.data, cfg.unlabelled, cfg.max_texts)
    tc = {a.id: a for a in read_ptc2020(ft.data, "train") if a.id in {p.id for p in ptc}}
    texts = [a.text for a in ptc] + [t for _, t in extra]
    targets = teacher_targets(cfg.teacher, texts, cfg.cache_root, threads=ft.threads)
    t_targets = time.time() - t0
    tok = tokenizer()
    data = _Windows([], [], [])
    for a in ptc:
        si = merge_spans((s, e) for _, s, e in a.spans)
        spans = list(tc[a.id].spans) if a.id in tc else []
        _article_windows(tok, a.text, targets[a.text], data, si, spans)
    n_gold = len(data.windows)
    for _, text in extra:
        _article_windows(tok, text, targets[text], data)
    data.paragraph_labels = targets[texts[0]].labels
    log.info(
        "distillation data: %d PTC articles (%d windows), %d unlabelled texts (%d windows)",
        len(ptc),
        n_gold,
        len(extra),
        len(data.windows) - n_gold,
    )
    inside_loss, extra_heads, extra_loss = _losses(data, cfg)
    encoder = fit_encoder(
        data.windows,
        ft,
        inside_loss,
        float_targets=True,
        extra_heads=extra_heads,
        extra_loss=extra_loss,
    )
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "student-fp32.onnx"
        export_onnx(encoder, fp32)
        sha = build_encoder(ft.out, source=fp32, fused=ft.fused)
    if ft.run_dir is not None:
        (ft.run_dir / "checkpoint.pt").unlink(missing_ok=True)
    teacher_info = cfg.teacher / "encoder.json"
    return {
        "model": f"all-MiniLM-L6-v2, its first {ft.layers or 6} layers, distilled from the "
        f"techniques teacher in {cfg.teacher.name} (slant train encoder --distil-from), "
        "dynamic int8 ONNX" + (", fused (fuse_encoder)" if ft.fused else ""),
        "layers": ft.layers or 6,
        **({"fused": True} if ft.fused else {}),
        "teacher": json.loads(teacher_info.read_text(encoding="utf-8")).get("model")
        if teacher_info.exists()
        else str(cfg.teacher),
        "teacher_fingerprint": teacher_fingerprint(cfg.teacher),
        "unlabelled": list(cfg.unlabelled),
        "articles": len(ptc),
        "unlabelled_texts": len(extra),
        "windows": len(data.windows),
        "gold_windows": n_gold,
        "alpha": cfg.alpha,
        "beta": cfg.beta,
        "epochs": ft.epochs,
        "steps": min(
            ft.epochs * math.ceil(len(data.windows) / ft.batch), ft.limit_steps or 1 << 30
        ),
        "lr": ft.lr,
        "seed": 13,
        "targets_seconds": round(t_targets),
        "seconds": round(time.time() - t0),
        "sha256": sha,
    }
