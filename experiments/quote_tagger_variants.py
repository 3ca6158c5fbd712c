"""Experiment (not shipped, never run in CI): variants of the quote attribution tagger.

Trains the cue and role CRFs of :mod:`slant.analyzers.quotes.tagger` on PolNeAR train minus
its held-out tenth (:func:`slant.training.quotes.holdout`), as ``slant train quotes`` does,
and scores the held-out tenth with the ``slant eval quotes`` scorer; dev is never read.

Variants::

    python experiments/quote_tagger_variants.py ../shared/data/polnear base
    python experiments/quote_tagger_variants.py ../shared/data/polnear clusters
    python experiments/quote_tagger_variants.py ../shared/data/polnear marginals
    python experiments/quote_tagger_variants.py ../shared/data/polnear states

* ``base``: the shipped features and settings (content overlap F1 0.6655 on the hold-out);
* ``clusters``: + the k-means cluster (200) of each token's spaCy vector and its neighbours';
* ``marginals``: the base CRFs, cues decoded from the cue CRF's marginals (a token is in a
  cue when 1 - P(O) reaches a threshold) instead of its Viterbi path;
* ``states``: + bucketed probabilities of a cross-fitted (5 folds) logistic regression that
  reads the techniques encoder's token states (cue / content / source / other).

Measured 2026-11-27 on 2 cores (content overlap F1 on the hold-out; about 4 min a variant):
base 0.6655; clusters 0.6620; marginals 0.6628 (0.5) to 0.6337 (0.15); states 0.6709 (the
probe's AUCs: cue 0.92, content 0.85, source 0.92). For scale, PolNeAR's annotators agree
at 0.794 (``slant eval quotes --agreement``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from slant.analyzers.quotes import tagger as A
from slant.training import quotes as Q

SEED = 13


def _add_features(build: Callable[..., Any], extra: Callable[[Any, Any], list[str]]) -> Any:
    """``build_table`` that appends ``extra(article, table)[k]``-style features per token."""

    def wrapped(article: Any, rule_quotes: Any) -> Any:
        table = build(article, rule_quotes)
        rows = extra(article, table)
        for toks in table.units:
            for k in toks:
                table.static[k].extend(rows[k])
        return table

    return wrapped


def cluster_features(n_clusters: int) -> Callable[[Any, Any], list[list[str]]]:
    """The k-means cluster of each token's spaCy vector, and of its paragraph neighbours."""
    from sklearn.cluster import KMeans

    from slant.nlp import load_nlp

    vectors = load_nlp("full").vocab.vectors
    x = vectors.data.astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-8
    rows = KMeans(n_clusters, n_init=1, random_state=SEED, max_iter=50).fit(x).labels_
    key2row = vectors.key2row

    def extra(article: Any, table: Any) -> list[list[str]]:
        doc = article.doc
        cl = []
        for tok in doc:
            r = key2row.get(tok.orth, key2row.get(tok.lower, -1))
            cl.append(str(rows[r]) if r >= 0 else "-")
        out: list[list[str]] = [[] for _ in range(len(doc))]
        for toks in table.units:
            for j, k in enumerate(toks):
                prev = cl[toks[j - 1]] if j else "<>"
                nxt = cl[toks[j + 1]] if j + 1 < len(toks) else "<>"
                out[k] = ["vc=" + cl[k], "vc-1=" + prev, "vc+1=" + nxt]
        return out

    return extra


def state_probe_features(data: Sequence[Any]) -> Callable[[Any, Any], list[list[str]]]:
    """Bucketed cue/content/source probabilities from the techniques encoder's states.

    Cross-fitted: each training article is scored by a probe fitted on the other four
    folds; held-out articles by a probe fitted on all training articles.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER, MiniLMEncoder

    enc = MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE)
    x, y = {}, {}
    t0 = time.time()
    for art, gold, _rules in data:
        doc = art.doc
        x[gold.id] = enc.encode(art.text).pool([(t.idx, t.idx + len(t.text)) for t in doc])
        starts = np.array([t.idx for t in doc])
        ends = np.array([t.idx + len(t.text) for t in doc])
        lab = np.zeros(len(doc), dtype=np.int8)
        for a in gold.attributions:
            for code, ranges in ((2, a.content), (3, a.source), (1, a.cue)):
                for s, e in ranges:
                    lab[(starts < e) & (ends > s)] = code
        y[gold.id] = lab
    print(f"encoder states: {time.time() - t0:.0f} s", flush=True)
    train = [g.id for _a, g, _r in data if not Q.holdout(g.id)]
    held = [g.id for _a, g, _r in data if Q.holdout(g.id)]
    fold = {i: zlib.crc32(i.encode()) % 5 for i in train}

    def fit(ids: list[str]) -> Any:
        return LogisticRegression(max_iter=300).fit(
            np.concatenate([x[i] for i in ids]), np.concatenate([y[i] for i in ids])
        )

    probs = {}
    for f in range(5):
        m = fit([i for i in train if fold[i] != f])
        probs.update({i: m.predict_proba(x[i]) for i in train if fold[i] == f})
    m = fit(train)
    probs.update({i: m.predict_proba(x[i]) for i in held})
    yy = np.concatenate([y[i] for i in held])
    pp = np.concatenate([probs[i] for i in held])
    for c, name in ((1, "cue"), (2, "content"), (3, "source")):
        print(f"probe AUC {name}: {roc_auc_score(yy == c, pp[:, c]):.4f}", flush=True)

    def extra(article: Any, table: Any) -> list[list[str]]:
        b = np.minimum((probs[article.id] * 10).astype(int), 9)
        out: list[list[str]] = [[] for _ in range(len(b))]
        for toks in table.units:
            for j, k in enumerate(toks):
                prev = toks[j - 1] if j else -1
                nxt = toks[j + 1] if j + 1 < len(toks) else -1
                out[k] = [
                    f"pc={b[k, 1]}",
                    f"pn={b[k, 2]}",
                    f"ps={b[k, 3]}",
                    "pc-1=" + (str(b[prev, 1]) if prev >= 0 else "<>"),
                    "pc+1=" + (str(b[nxt, 1]) if nxt >= 0 else "<>"),
                    "pn-1=" + (str(b[prev, 2]) if prev >= 0 else "<>"),
                    "pn+1=" + (str(b[nxt, 2]) if nxt >= 0 else "<>"),
                ]
        return out

    return extra


def marginals(crf: Any, emits: Sequence[Any]) -> list[Any]:
    """Per-token label probabilities of each emission array (forward-backward, log space)."""
    from scipy.special import logsumexp

    out = []
    for e in emits:
        n = e.shape[0]
        alpha = np.empty_like(e)
        beta = np.zeros_like(e)
        alpha[0] = e[0]
        for i in range(1, n):
            alpha[i] = logsumexp(alpha[i - 1][:, None] + crf.trans, axis=0) + e[i]
        for i in range(n - 2, -1, -1):
            beta[i] = logsumexp(crf.trans + (e[i + 1] + beta[i + 1])[None, :], axis=1)
        post = alpha + beta
        out.append(np.exp(post - logsumexp(post, axis=1, keepdims=True)))
    return out


def threshold_decoder(crf: Any, threshold: float) -> Callable[[Sequence[Any]], list[list[str]]]:
    """A stand-in for ``crf.viterbi``: B/I where 1 - P(O) reaches ``threshold``."""
    o, b, i = (crf.labels.index(x) for x in "OBI")

    def decode(emits: Sequence[Any]) -> list[list[str]]:
        return [
            ["O" if 1.0 - r[o] < threshold else "B" if r[b] >= r[i] else "I" for r in m]
            for m in marginals(crf, emits)
        ]

    return decode


def score(held: Sequence[Any], cue: Any, role: Any) -> dict[str, float]:
    """The ``slant eval quotes`` scores of the held-out articles."""
    return Q.score_documents(
        (g.text, g.attributions, Q.predictions_from_quotes(A.learned_quotes(art, rq, cue, role)))
        for art, g, rq in held
    ).as_dict()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("polnear", help="the PolNeAR folder holding train/")
    ap.add_argument("variant", choices=("base", "clusters", "marginals", "states"))
    args = ap.parse_args()
    t0 = time.time()
    data = list(Q.parsed_articles(Q.read_polnear(args.polnear, "train")))
    print(f"parsed {len(data)} articles: {time.time() - t0:.0f} s", flush=True)
    if args.variant == "clusters":
        A.build_table = _add_features(A.build_table, cluster_features(200))
    elif args.variant == "states":
        A.build_table = _add_features(A.build_table, state_probe_features(data))
    held = [d for d in data if Q.holdout(d[1].id)]
    with tempfile.TemporaryDirectory() as out:
        t0 = time.time()
        items = ((A.build_table(a, rq), g.attributions) for a, g, rq in data if not Q.holdout(g.id))
        Q.train_crfs(items, out)
        print(f"trained: {time.time() - t0:.0f} s", flush=True)
        cue, role = A.load_models(out)
    keys = ("content_overlap_p", "content_overlap_r", "content_overlap_f1", "cue_f1", "speaker_f1")
    runs: list[tuple[str, Any]] = [("viterbi", None)]
    if args.variant == "marginals":
        runs += [(f"threshold {t}", t) for t in (0.5, 0.4, 0.3, 0.2, 0.15)]
    for name, thr in runs:
        if thr is not None:
            cue.viterbi = threshold_decoder(cue, thr)  # type: ignore[method-assign]
        s = score(held, cue, role)
        print(f"{args.variant} ({name}): " + ", ".join(f"{k} {s[k]:.4f}" for k in keys))


if __name__ == "__main__":
    main()
