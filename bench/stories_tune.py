"""Story clustering: compare representations by cross-fitted B-cubed F1 (docs/models.md).

    python bench/stories_tune.py [--dates] [--window 3]

Reads ../shared/data/story-clusters, computes each representation once (MiniLM vectors
cached under ~/.cache/slant/stories/), clusters each set by average link (SciPy) cut at a
similarity threshold, and cross-fits the threshold: fold A tunes on ECB+ + BASIL (mean B3
F1) and reports on AllSides + PAC, fold B the reverse. ``oracle`` is the best threshold
on the set itself. With ``--dates`` two articles dated more than ``--window`` days apart
are never linked (as ``slant stories`` does by default). For one chunk (fewer than 3,000
articles) this is exactly what ``slant stories`` computes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from slant.stories.evaluate import read_set, score_partition
from slant.stories.represent import MiniLMSentences, TfidfHasher

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path.home() / ".cache" / "slant" / "stories"


SETS = ["ecbplus", "basil", "allsides", "pac"]
FOLDS = {
    "A": (["ecbplus", "basil"], ["allsides", "pac"]),
    "B": (["allsides", "pac"], ["ecbplus", "basil"]),
}


def load(name: str):
    return read_set(DATA / "story-clusters", name)


def _cos(m):  # rows L2-normalised
    return (m @ m.T).toarray() if hasattr(m, "toarray") else m @ m.T


def store_tfidf(docs, min_df: int):
    """The product's tfidf vectors for a store holding exactly these articles."""
    from scipy import sparse

    hasher = TfidfHasher(min_df=min_df)
    counts = [hasher.counts(d.title, d.text) for d in docs]
    df: Counter[int] = Counter()
    for c in counts:
        df.update(c.keys())
    vecs = [hasher.weigh(c, df, len(docs)) for c in counts]
    indptr = np.cumsum([0, *[len(v.indices) for v in vecs]])
    return sparse.csr_matrix(
        (
            np.concatenate([v.values for v in vecs]),
            np.concatenate([v.indices for v in vecs]),
            indptr,
        ),
        shape=(len(docs), 1 << 20),
    )


def minilm(name: str, docs, max_len: int) -> np.ndarray:
    path = CACHE / f"{name}.minilm{max_len}.npy"
    if path.exists():
        return np.load(path)
    enc = MiniLMSentences(max_len=max_len)
    t0 = time.process_time()
    e = np.stack([enc.vector(d.title, d.text) for d in docs])
    print(
        f"  {name}: minilm{max_len} {time.process_time() - t0:.1f} cpu-s for {len(docs)}",
        file=sys.stderr,
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, e)
    return e


def reps(name: str, docs) -> dict[str, np.ndarray]:
    """Cosine similarity matrices per representation."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    out: dict[str, np.ndarray] = {}
    base = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.text for d in docs]
    )
    out["baseline (set TF-IDF)"] = _cos(base)
    out["tfidf min_df=1"] = _cos(store_tfidf(docs, 1))
    out["tfidf"] = tfidf = _cos(store_tfidf(docs, 2))
    for n in (128, 256):
        out[f"minilm{n}"] = emb = _cos(minilm(name, docs, n))
        for w in (0.7, 0.85):
            out[f"mixed{n} w={w}"] = w * tfidf + (1 - w) * emb
    return out


def cluster(sim: np.ndarray, threshold: float, dates=None, window: int = 3) -> np.ndarray:
    """Average link cut at ``threshold`` (as slant.stories.cluster.chunk_clusters)."""
    import datetime as dt

    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, 2.0)
    if dates is not None:
        days = np.array([dt.date.fromisoformat(x[:10]).toordinal() if x else np.nan for x in dates])
        gap = np.abs(days[:, None] - days[None, :])
        dist[np.nan_to_num(gap, nan=0.0) > window] = 2.0
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    z = linkage(squareform(dist, checks=False), method="average")
    return fcluster(z, t=1.0 - threshold, criterion="distance")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dates", action="store_true")
    ap.add_argument("--window", type=int, default=3)
    args = ap.parse_args()
    data = {n: load(n) for n in SETS}
    sims = {n: reps(n, data[n]) for n in SETS}
    grid = np.round(np.arange(0.05, 0.9, 0.01), 2)
    print(
        "| representation | fold | threshold | "
        + " | ".join(f"{n} B3 / pair F1 (oracle B3)" for n in SETS)
        + " |"
    )
    for rep in sims[SETS[0]]:
        f1 = {n: [] for n in SETS}
        for n in SETS:
            gold = {d.id: d.cluster for d in data[n]}
            dates = [d.published for d in data[n]] if args.dates else None
            for t in grid:
                lab = cluster(sims[n][rep], t, dates, args.window)
                f1[n].append(score_partition(gold, dict(zip(gold, lab.tolist(), strict=True))))
        for fold, (tune, test) in FOLDS.items():
            mean = [np.mean([f1[n][i]["b3_f1"] for n in tune]) for i in range(len(grid))]
            best = int(np.argmax(mean))
            cells = []
            for n in SETS:
                if n not in test:
                    cells.append("")
                    continue
                oracle = max(x["b3_f1"] for x in f1[n])
                cells.append(
                    f"{f1[n][best]['b3_f1']:.3f} / {f1[n][best]['pair_f1']:.3f} ({oracle:.3f})"
                )
            print(f"| {rep} | {fold} | {grid[best]:.2f} | " + " | ".join(cells) + " |", flush=True)
        mean = [np.mean([f1[n][i]["b3_f1"] for n in SETS]) for i in range(len(grid))]
        print(
            f"| {rep} | all four | {grid[int(np.argmax(mean))]:.2f} | mean B3 {max(mean):.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
