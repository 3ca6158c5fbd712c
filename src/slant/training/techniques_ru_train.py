"""Russian heads: the evidence choice, ``train`` and ``evaluate`` (protocol in
:mod:`slant.training.techniques_ru`).

``slant train techniques --lang ru`` writes ``src/slant/resources/techniques-ru/``:
``heads.npz`` (one logistic regression per technique), ``frames.npz``, ``genre.npz`` and
``model.json`` (the model card: encoder, data and terms, emitted labels, thresholds on the
calibrated scale, Platt maps, evidence kind, cross-fitted figures and file sizes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.techniques.russian import ParagraphEncoder, platt
from slant.labels import TECHNIQUES
from slant.training.techniques_ru import (
    CACHE,
    FOLDS,
    OOF,
    OTHER_LANGUAGES,
    SEED,
    Corpus,
    crossfit,
    encode_corpus,
    fit_heads,
    out_of_fold,
    pooled_rows,
    tune,
)

__all__ = ["RuConfig", "evaluate", "evidence_scores", "sentence_vectors", "train"]


# -- evidence: the best sentence or the whole paragraph -------------------------------------
def sentence_vectors(ru: Corpus, encoder_name: str, *, cache: Path = CACHE) -> list[list[Any]]:
    """Per article, per line: ``[(start, end, vector), ...]`` of its razdel sentences."""
    from slant.analyzers.techniques.russian import sentences

    texts_of = {a.id: a.text for a in ru.articles}
    spans = []
    flat: list[str] = []
    for a in ru.articles:
        text = texts_of[a.id]
        per_line = [sentences(text, s, e) for s, e in a.offsets]
        spans.append(per_line)
        flat += [text[s:e] for line in per_line for s, e in line]
    digest = hashlib.sha1("\n".join(flat).encode("utf-8")).hexdigest()[:16]
    path = cache / f"sent-{encoder_name}-ru-train-{digest}.npy"
    if path.exists():
        vecs = np.load(path)
    else:
        enc = ParagraphEncoder(encoder_name, threads=1)
        vecs = np.vstack([enc.encode(flat[i : i + 256]) for i in range(0, len(flat), 256)])
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    out, k = [], 0
    for per_line in spans:
        art = []
        for line in per_line:
            art.append([(s, e, vecs[k + i]) for i, (s, e) in enumerate(line)])
            k += len(line)
        out.append(art)
    return out


def evidence_scores(
    ru: Corpus,
    oof: OOF,
    sents: list[list[Any]],
    gold: dict[str, list[tuple[str, int, int]]],
    labels: Sequence[str] = TECHNIQUES,
    *,
    min_rate: float,
    min_f1: float,
    one_threshold: bool = True,
) -> dict[str, float]:
    """Technique-span F1 (partial overlap, techniques must match) of the two kinds of
    evidence for the cross-fitted paragraph labels: the whole paragraph, and the
    paragraph's best sentence by the label's head (the fold's own head: out of fold)."""
    from slant.training.technique_scorers import technique_span_score

    index = {a.id: k for k, a in enumerate(ru.articles)}
    half_a = oof.fold < FOLDS // 2
    d = ru.vecs[0].shape[1]
    out: dict[str, float] = {}
    for name, tune_on in (("A->B", half_a), ("B->A", ~half_a)):
        t = tune(
            oof.z[tune_on],
            oof.rows.y[tune_on],
            labels,
            min_rate=min_rate,
            min_f1=min_f1,
            one_threshold=one_threshold,
        )
        pred = (platt(oof.z, t.cal[:, 0], t.cal[:, 1]) >= t.thresholds) & t.emitted
        whole: dict[str, list[tuple[str, int, int]]] = {}
        best: dict[str, list[tuple[str, int, int]]] = {}
        for r in np.flatnonzero(~tune_on):
            aid, line = oof.rows.keys[r]
            k = index[aid]
            a = ru.articles[k]
            li = [ln for ln, _ in a.lines].index(line)
            hits = np.flatnonzero(pred[r])
            if not len(hits):
                continue
            s0, e0 = a.offsets[li]
            coef, bias = oof.heads[oof.fold[r]]
            cand = sents[k][li]
            rows = np.repeat(oof.rows.x[r][None, :], len(cand), axis=0)
            rows[:, :d] = np.vstack([v for _, _, v in cand])
            z = rows @ coef[:, hits] + bias[hits]
            for i, j in enumerate(hits):
                whole.setdefault(aid, []).append((labels[j], s0, e0))
                s, e, _ = cand[int(np.argmax(z[:, i]))]
                best.setdefault(aid, []).append((labels[j], s, e))
        ids = {oof.rows.keys[r][0] for r in np.flatnonzero(~tune_on)}
        g = {aid: gold.get(aid, []) for aid in ids}
        out[f"{name}/paragraph"] = technique_span_score(whole, g)["f1"]
        out[f"{name}/sentence"] = technique_span_score(best, g)["f1"]
    for kind in ("paragraph", "sentence"):
        out[f"mean/{kind}"] = (out[f"A->B/{kind}"] + out[f"B->A/{kind}"]) / 2
    return out


# -- the shipped model ----------------------------------------------------------------------
@dataclass
class RuConfig:
    """Options of ``slant train techniques --lang ru`` (defaults: the shipped model)."""

    data: Path
    out: Path | None = None  # default: src/slant/resources/techniques-ru
    encoder: str = "use"
    pool: tuple[str, ...] = OTHER_LANGUAGES  # add "en" for English train
    c: float = 1.0
    ru_weight: float = 1.0
    # a label is emitted when at least 2 % of the tuning set's paragraphs carry it (about
    # 40 of Russian train's 1,962) and its F1 there at its tuned threshold reaches 0.3
    min_rate: float = 0.02
    min_f1: float = 0.3
    one_threshold: bool = True  # one calibrated threshold shared by the emitted labels
    threads: int = 1
    articles: bool = True  # frames and genre too
    cache: Path = CACHE


def _pool(cfg: RuConfig) -> list[Corpus]:
    out = []
    for lang in cfg.pool:
        for split in ("train",) if lang == "en" else ("train", "dev"):
            out.append(encode_corpus(cfg.data, lang, split, cfg.encoder, cache=cfg.cache))
    return out


def _gold_spans(root: Path) -> dict[str, list[tuple[str, int, int]]]:
    from slant.training.technique_corpora import read_semeval2023

    return {g.id: list(g.spans) for g in read_semeval2023(root, "ru", "train")}


def evaluate(cfg: RuConfig) -> dict[str, dict[str, float]]:
    """Cross-fitted figures on Russian train (techniques; frames and genre with
    ``cfg.articles``): ``{"A->B": ..., "B->A": ..., "mean": ...}`` per task."""
    ru = encode_corpus(cfg.data, "ru", "train", cfg.encoder, cache=cfg.cache)
    pool = _pool(cfg)
    oof = out_of_fold(ru, pooled_rows(pool), c=cfg.c, ru_weight=cfg.ru_weight, threads=cfg.threads)
    res = {
        "techniques": crossfit(
            oof, min_rate=cfg.min_rate, min_f1=cfg.min_f1, one_threshold=cfg.one_threshold
        )
    }
    sents = sentence_vectors(ru, cfg.encoder, cache=cfg.cache)
    ev = evidence_scores(
        ru,
        oof,
        sents,
        _gold_spans(cfg.data),
        min_rate=cfg.min_rate,
        min_f1=cfg.min_f1,
        one_threshold=cfg.one_threshold,
    )
    res["evidence"] = ev
    if cfg.articles:
        from slant.training.articles_ru import crossfit_articles

        full = [*pool, *_english_articles(cfg)]
        for task in ("frames", "genre"):
            res[task] = crossfit_articles(task, ru, full)
    return res


def _english_articles(cfg: RuConfig) -> list[Corpus]:
    """English train for the article heads (frames and genre are labelled there too)."""
    if "en" in cfg.pool:
        return []
    return [encode_corpus(cfg.data, "en", "train", cfg.encoder, cache=cfg.cache)]


def _package_versions(encoder_name: str) -> dict[str, str]:
    from importlib.metadata import version

    from slant.analyzers.techniques.russian import ENCODERS

    out = {}
    for part in encoder_name.split("+"):
        dist = ENCODERS[part][0]
        out[dist] = version(dist)
    return out


def train(cfg: RuConfig) -> dict[str, Any]:
    """Fit and write the Russian heads to ``cfg.out``; return the model card."""
    from slant.analyzers.techniques.russian import ENCODERS, RU_DIR

    out = cfg.out or RU_DIR
    ru = encode_corpus(cfg.data, "ru", "train", cfg.encoder, cache=cfg.cache)
    pool = _pool(cfg)
    prow = pooled_rows(pool)
    oof = out_of_fold(ru, prow, c=cfg.c, ru_weight=cfg.ru_weight, threads=cfg.threads)
    figures = crossfit(
        oof, min_rate=cfg.min_rate, min_f1=cfg.min_f1, one_threshold=cfg.one_threshold
    )
    sents = sentence_vectors(ru, cfg.encoder, cache=cfg.cache)
    ev = evidence_scores(
        ru,
        oof,
        sents,
        _gold_spans(cfg.data),
        min_rate=cfg.min_rate,
        min_f1=cfg.min_f1,
        one_threshold=cfg.one_threshold,
    )
    evidence = "sentence" if ev["mean/sentence"] > ev["mean/paragraph"] else "paragraph"
    tuned = tune(
        oof.z,
        oof.rows.y,
        TECHNIQUES,
        min_rate=cfg.min_rate,
        min_f1=cfg.min_f1,
        one_threshold=cfg.one_threshold,
    )
    x = np.vstack([prow.x, oof.rows.x])
    y = np.vstack([prow.y, oof.rows.y])
    w = np.concatenate([np.ones(len(prow.x)), np.full(len(oof.rows.x), cfg.ru_weight)])
    coef, bias = fit_heads(x, y, w, cfg.c, threads=cfg.threads)
    thr_cal = tuned.thresholds
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "heads.npz", coef=coef.astype(np.float32), intercept=bias)
    sizes = {"heads.npz": (out / "heads.npz").stat().st_size}
    articles: dict[str, Any] = {}
    if cfg.articles:
        from slant.training.articles_ru import crossfit_articles, fit_article_model

        full = [*pool, *_english_articles(cfg)]
        for task in ("frames", "genre"):
            model = fit_article_model(task, ru, full, cfg.encoder)
            model.save(out / f"{task}.npz")
            sizes[f"{task}.npz"] = (out / f"{task}.npz").stat().st_size
            articles[task] = _rounded(crossfit_articles(task, ru, full))
    labels = list(TECHNIQUES)
    support = oof.rows.y.sum(axis=0)
    card: dict[str, Any] = {
        "model": "slant Russian paragraph techniques, frames and genre",
        "encoder": cfg.encoder,
        "encoder_packages": _package_versions(cfg.encoder),
        "dim": ENCODERS[cfg.encoder][1],
        "features": "paragraph vector, article mean, previous and next paragraph vectors",
        "data": {
            "russian": "SemEval-2023 Task 3 ru train (subtasks 1-3); ru dev held back",
            "pooled": [f"{lang} {'train' if lang == 'en' else 'train+dev'}" for lang in cfg.pool],
            "terms": "SemEval-2023 Task 3: free for research, no commercial use without the "
            "organisers' authorisation",
            "paragraphs": {"ru_train": len(oof.rows.keys), "pooled": len(prow.keys)},
            "frames_and_genre": "ru train + en, fr, ge, it, po train (subtasks 1 and 2)",
        },
        "training": {
            "c": cfg.c,
            "ru_weight": cfg.ru_weight,
            "folds": FOLDS,
            "seed": SEED,
            "min_rate": cfg.min_rate,
            "min_f1": cfg.min_f1,
            "one_threshold": cfg.one_threshold,
        },
        "labels": labels,
        "emitted": [t for t, e in zip(labels, tuned.emitted, strict=True) if e],
        "support_ru_train": {t: int(n) for t, n in zip(labels, support, strict=True)},
        "thresholds": {t: round(float(v), 6) for t, v in zip(labels, thr_cal, strict=True)},
        "calibration": {
            t: [round(float(a), 6), round(float(b), 6)]
            for t, (a, b) in zip(labels, tuned.cal, strict=True)
        },
        "evidence": evidence,
        "figures": {
            "protocol": "out-of-fold scores on ru train (4 folds by article); thresholds, "
            "Platt maps and emitted labels tuned on half A, reported on half B, and vice versa",
            "techniques": _rounded(figures),
            "evidence_span_f1": {k: round(v, 4) for k, v in ev.items()},
            **articles,
        },
        "sizes_bytes": sizes,
    }
    (out / "model.json").write_text(
        json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return card


def _rounded(res: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {k: {m: round(float(v), 4) for m, v in d.items()} for k, d in res.items()}
