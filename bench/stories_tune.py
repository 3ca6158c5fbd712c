"""Story clustering: build the IDF table and compare representations (docs/models.md, stories).

    python bench/stories_tune.py idf      # writes src/slant/resources/stories/idf.json.gz
    python bench/stories_tune.py compare  # representations x linkage, cross-fitted thresholds

``compare`` reads ../shared/data/story-clusters, computes each representation once (cached
under ~/.cache/slant/stories/), clusters each set by average link (SciPy) with a distance
threshold, and cross-fits the threshold: fold A tunes on ECB+ + BASIL and reports on
AllSides + PAC, fold B the reverse. With ``--dates`` two articles dated more than
``--window`` days apart are never linked.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from slant.stories.evaluate import read_set, score_partition
from slant.stories.represent import MiniLMSentences, TfidfHasher, words

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path.home() / ".cache" / "slant" / "stories"
IDF_OUT = Path(__file__).resolve().parents[1] / "src/slant/resources/stories/idf.json.gz"
IDF_SOURCES = [
    "polnear/train/text",
    "polnear/dev/text",
    "semeval2020-task11-ptc/train-articles",
    "semeval2020-task11-ptc/dev-articles",
    "semeval2023-task3/en/train-articles-subtask-1",
]


def build_idf(min_df: int = 2) -> None:
    """Document frequencies of public English news (no story-cluster text)."""
    df: Counter[str] = Counter()
    seen: set[int] = set()
    for folder in IDF_SOURCES:
        for path in sorted((DATA / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            h = hash(text)
            if h in seen:  # PTC and SemEval-2023 share articles
                continue
            seen.add(h)
            df.update(set(words(text)))
    table = {w: n for w, n in sorted(df.items()) if n >= min_df}
    IDF_OUT.parent.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(
        {"documents": len(seen), "min_df": min_df, "sources": IDF_SOURCES, "df": table},
        separators=(",", ":"),
    ).encode()
    IDF_OUT.write_bytes(gzip.compress(blob, 9, mtime=0))
    print(f"{len(seen)} documents, {len(table)} words -> {IDF_OUT} ({IDF_OUT.stat().st_size} B)")


SETS = ["ecbplus", "basil", "allsides", "pac"]
FOLDS = {
    "A": (["ecbplus", "basil"], ["allsides", "pac"]),
    "B": (["allsides", "pac"], ["ecbplus", "basil"]),
}


def load(name: str):
    return read_set(DATA / "story-clusters", name)


def reps(name: str, docs) -> dict[str, np.ndarray]:
    """Cosine similarity matrices per representation (cached)."""
    path = CACHE / f"{name}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    out: dict[str, np.ndarray] = {}
    texts = [d.text for d in docs]
    t0 = time.process_time()
    tv = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    out["tfidf_set_uni"] = (tv @ tv.T).toarray()
    hasher = TfidfHasher()
    from slant.stories.represent import DIM

    def mat(vs):
        rows, cols, vals = [], [], []
        for i, v in enumerate(vs):
            rows += [i] * len(v.indices)
            cols += list(v.indices)
            vals += list(v.values)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(vs), DIM))

    m = mat([hasher.vector(d.title, d.text) for d in docs])
    out["tfidf_ref_bi"] = (m @ m.T).toarray()
    m = mat([TfidfHasher(bigrams=False).vector(d.title, d.text) for d in docs])
    out["tfidf_ref_uni"] = (m @ m.T).toarray()
    m = mat([TfidfHasher(title_weight=3.0).vector(d.title, d.text) for d in docs])
    out["tfidf_ref_bi_t3"] = (m @ m.T).toarray()
    print(f"  {name}: tfidf {time.process_time() - t0:.1f} cpu-s", file=sys.stderr)
    t0 = time.process_time()
    enc = MiniLMSentences(max_len=256)
    e = np.stack([enc.vector(d.title, d.text) for d in docs])
    out["minilm256"] = e @ e.T
    print(
        f"  {name}: minilm {time.process_time() - t0:.1f} cpu-s ({len(docs)} docs)", file=sys.stderr
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def cluster(sim: np.ndarray, threshold: float, dates=None, window: int = 0) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, 2.0)
    if dates is not None:
        d = np.array(
            [np.datetime64(x) if x else np.datetime64("NaT") for x in dates], dtype="datetime64[D]"
        )
        gap = np.abs((d[:, None] - d[None, :]).astype("timedelta64[D]").astype(float))
        far = (gap > window) & ~np.isnan(gap)
        dist = np.where(far, 2.0, dist)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method="average")
    return fcluster(z, t=1.0 - threshold, criterion="distance")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["idf", "compare"])
    ap.add_argument("--dates", action="store_true")
    ap.add_argument("--window", type=int, default=7)
    args = ap.parse_args()
    if args.what == "idf":
        build_idf()
        return
    data = {n: load(n) for n in SETS}
    sims = {n: reps(n, data[n]) for n in SETS}
    combos = dict(sims[SETS[0]])
    names = list(combos)
    for a in ("tfidf_ref_bi", "tfidf_set_uni"):
        for w in (0.3, 0.5, 0.7):
            names.append(f"{w}*{a}+minilm256")
    grid = np.round(np.arange(0.05, 0.95, 0.01), 2)

    def sim_of(n: str, rep: str) -> np.ndarray:
        if "+" in rep:
            w, rest = rep.split("*", 1)
            a, b = rest.split("+")
            return float(w) * sims[n][a] + (1 - float(w)) * sims[n][b]
        return sims[n][rep]

    table = {}
    for rep in names:
        f1 = {n: [] for n in SETS}
        for n in SETS:
            gold = {d.id: d.cluster for d in data[n]}
            dates = [d.published for d in data[n]] if args.dates else None
            s = sim_of(n, rep)
            for t in grid:
                lab = cluster(s, t, dates, args.window)
                f1[n].append(score_partition(gold, dict(zip(gold, lab.tolist(), strict=True))))
        for fold, (tune, test) in FOLDS.items():
            mean = [np.mean([f1[n][i]["b3_f1"] for n in tune]) for i in range(len(grid))]
            best = int(np.argmax(mean))
            row = {
                n: (round(f1[n][best]["b3_f1"], 3), round(f1[n][best]["pair_f1"], 3)) for n in test
            }
            oracle = {n: round(max(x["b3_f1"] for x in f1[n]), 3) for n in test}
            table[(rep, fold)] = (grid[best], row, oracle)
            print(
                f"{rep:28s} fold {fold} t={grid[best]:.2f} held-out B3/pair {row} oracle {oracle}",
                flush=True,
            )


if __name__ == "__main__":
    main()
