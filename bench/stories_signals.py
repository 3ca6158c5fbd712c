"""Story clustering: two candidate signals measured against the shipped ``mixed`` vector
(docs/models.md, "stories"), by the cross-fitted protocol of ``bench/stories_tune.py``.

    python bench/stories_signals.py encoder     # the techniques encoder's pooled states
    python bench/stories_signals.py signature   # entities, places, dates, counts

``encoder``: the fine-tuned techniques encoder (whose token states the default run
computes anyway) pooled over the whole text or its first 126 word pieces, in place of the
all-MiniLM-L6-v2 sentence vector. ``signature``: each article analysed with
``--only entities,places,counts,dates`` (no publication date: content alone), its names,
places, dates and counts as an IDF-weighted sparse vector, added to ``mixed`` with weight
``a``. Encoder states and analyses are cached under ~/.cache/slant/stories/.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from slant.stories.evaluate import score_partition
from stories_tune import CACHE, FOLDS, SETS, _cos, cluster, load, minilm, store_tfidf

NAMED = {"PERSON", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
GRID = np.round(np.arange(0.05, 0.9, 0.01), 2)


def _norm(v: np.ndarray) -> np.ndarray:
    return (v / (float(np.linalg.norm(v)) or 1.0)).astype(np.float32)


def technique_states(name: str, docs: list) -> dict[str, np.ndarray]:
    """Pooled techniques-encoder states: ``all`` (every token) and ``first`` (126 pieces)."""
    path = CACHE / f"{name}.techstates.npz"
    if path.exists():
        z = np.load(path)
        return {k: z[k] for k in z.files}
    from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER
    from slant.analyzers.techniques.encoder import shared_encoder

    enc = shared_encoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE)
    t0 = time.process_time()
    out: dict[str, list[np.ndarray]] = {"all": [], "first": []}
    for d in docs:
        s = enc.states(d.text).states
        zero = np.zeros(enc.dim, np.float32)
        out["all"].append(_norm(s.mean(0)) if len(s) else zero)
        out["first"].append(_norm(s[:126].mean(0)) if len(s) else zero)
    print(f"  {name}: {time.process_time() - t0:.1f} cpu-s", file=sys.stderr)
    arrays = {k: np.stack(v) for k, v in out.items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return arrays


def analyses(name: str, docs: list) -> list[dict]:
    """Entities, counts and dates of each article (no publication date given)."""
    path = CACHE / f"{name}.signature.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from slant.article import Article
    from slant.config import load_settings
    from slant.pipeline import Pipeline

    only = ("entities", "places", "counts", "dates")
    pipe = Pipeline(load_settings(only=only, on_error="record", language_check=False))
    out = []
    for d in docs:
        a = pipe.run_one(Article(id=d.id, text=d.text, title=d.title, meta={}))
        if not isinstance(a, Article):
            out.append({"ents": [], "counts": [], "dates": []})
            continue
        out.append(
            {
                "ents": [
                    (e.label, e.canonical, e.geo.geonameid if e.geo else None) for e in a.entities
                ],
                "counts": [(c.type, c.number) for c in a.counts],
                "dates": [x.value for x in a.dates],
            }
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def features(a: dict, kinds: str) -> set[str]:
    f = set()
    for label, canon, gid in a["ents"]:
        if "E" in kinds and label in NAMED:
            f.add("E:" + canon.lower())
        if "P" in kinds and label in ("GPE", "LOC", "FAC"):
            f.add("P:" + (str(gid) if gid else canon.lower()))
    if "D" in kinds:
        f.update("D:" + v[:10] for v in a["dates"] if len(v) >= 10)
    if "C" in kinds:
        f.update(f"C:{t}:{n}" for t, n in a["counts"])
    return f


def signature_cos(ann: list[dict], kinds: str) -> np.ndarray:
    from scipy import sparse

    fs = [features(a, kinds) for a in ann]
    df = Counter(x for f in fs for x in f)
    vocab = {x: i for i, x in enumerate(df)}
    rows, cols, vals = [], [], []
    for i, f in enumerate(fs):
        for x in f:
            if df[x] >= 2:
                rows.append(i)
                cols.append(vocab[x])
                vals.append(math.log((1 + len(fs)) / (1 + df[x])) + 1)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(fs), max(len(vocab), 1)))
    norms = np.sqrt(m.multiply(m).sum(1)).A1
    norms[norms == 0] = 1
    m = sparse.diags(1 / norms) @ m
    return (m @ m.T).toarray()


def report(data: dict, sims: dict, label: str) -> None:
    f1: dict[str, list] = {n: [] for n in SETS}
    for n in SETS:
        gold = {d.id: d.cluster for d in data[n]}
        for t in GRID:
            lab = cluster(sims[n], t)
            f1[n].append(score_partition(gold, dict(zip(gold, lab.tolist(), strict=True))))
    cells = {}
    for tune, test in FOLDS.values():
        mean = [np.mean([f1[n][i]["b3_f1"] for n in tune]) for i in range(len(GRID))]
        best = int(np.argmax(mean))
        for n in test:
            oracle = max(x["b3_f1"] for x in f1[n])
            cells[n] = (
                f"{f1[n][best]['b3_f1']:.3f} / {f1[n][best]['pair_f1']:.3f} ({oracle:.3f})"
                f" @{GRID[best]:.2f}"
            )
    print(f"| {label} | " + " | ".join(cells[n] for n in SETS) + " |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["encoder", "signature"])
    args = ap.parse_args()
    data = {n: load(n) for n in SETS}
    tfidf = {n: _cos(store_tfidf(data[n], 2)) for n in SETS}
    sentence = {n: _cos(minilm(n, data[n], 128)) for n in SETS}
    mixed = {n: 0.85 * tfidf[n] + 0.15 * sentence[n] for n in SETS}
    print("| variant | " + " | ".join(SETS) + " |")
    report(data, mixed, "mixed (shipped)")
    if args.what == "encoder":
        states = {n: technique_states(n, data[n]) for n in SETS}
        for key in ("all", "first"):
            mean = np.concatenate([states[n][key] for n in SETS]).mean(0)
            for centred in (False, True):
                vec = {n: states[n][key] - (mean if centred else 0) for n in SETS}
                vec = {
                    n: v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-8)
                    for n, v in vec.items()
                }
                cos = {n: _cos(vec[n]) for n in SETS}
                tag = f"techniques {key}{' centred' if centred else ''}"
                report(data, cos, tag + " alone")
                for w in (0.85, 0.7):
                    report(
                        data, {n: w * tfidf[n] + (1 - w) * cos[n] for n in SETS}, f"{tag}, w={w}"
                    )
        return
    ann = {n: analyses(n, data[n]) for n in SETS}
    for kinds in ("EPDC", "EP", "DC", "E", "P", "D", "C"):
        sig = {n: signature_cos(ann[n], kinds) for n in SETS}
        for a in (0.1, 0.2, 0.3):
            report(data, {n: (1 - a) * mixed[n] + a * sig[n] for n in SETS}, f"{kinds}, a={a}")


if __name__ == "__main__":
    main()
