"""How well the user-narrative matcher works: official sub-narratives as user narratives.

Each SemEval-2025 sub-narrative (the ``"<narrative>: Other"`` catch-alls left out) becomes
a user narrative: its name is the description and k = 3 example sentences come from three
training articles that carry it (from each, the line closest to the description: what a
user picking an example would do). Examples come from one inner half of the training
articles, the similarity-to-probability map (Platt) and the threshold are fitted on the
other inner half, and the held-out half is scored with the official samples-F1.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from slant.training import semeval2025 as corpus

__all__ = ["evaluate_user", "fit_user", "user_labels"]

_ENCODER: list[Any] = []


def _encoder() -> Any:
    if not _ENCODER:
        from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER, MiniLMEncoder

        _ENCODER.append(MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE, threads=1))
    return _ENCODER[0]


def user_labels(data: Any) -> list[str]:
    """The sub-narratives used as user narratives (the catch-all ``: Other`` ones left out)."""
    return [
        s for s in data.taxonomy.subnarratives if s != corpus.OTHER and not s.endswith(": Other")
    ]


def _prototypes(
    data: Any, labels: list[str], pool: np.ndarray, k: int, seed: int
) -> list[np.ndarray | None]:
    from slant.analyzers.narratives.user import embed

    rng = np.random.RandomState(seed)
    desc = embed(_encoder(), [lab.split(": ", 1)[1] for lab in labels])
    out: list[np.ndarray | None] = []
    for j, lab in enumerate(labels):
        having = [i for i in pool if lab in data.gold_fine[i]]
        if len(having) < k:
            out.append(None)  # a user would need k examples: label not tracked
            continue
        rows = [desc[j]]
        for i in rng.choice(having, k, replace=False):
            lines = data.lines[i]
            if len(lines):
                rows.append(lines[int(np.argmax(lines @ desc[j]))])
        out.append(np.vstack(rows))
    return out


def _sims(data: Any, protos: list[np.ndarray | None], idx: np.ndarray) -> np.ndarray:
    out = np.full((len(idx), len(protos)), -1.0, np.float32)
    for r, i in enumerate(idx):
        lines = data.lines[i]
        if not len(lines):
            continue
        for j, v in enumerate(protos):
            if v is not None:
                out[r, j] = float((lines @ v.T).max())
    return out


def fit_user(data: Any, tr: np.ndarray, k: int = 3, seed: int = 13) -> dict[str, Any]:
    """Examples from one inner half of ``tr``; calibration and threshold on the other."""
    from sklearn.linear_model import LogisticRegression

    from slant.training.narratives import _halves, score

    labels = user_labels(data)
    h1, h2 = _halves(len(tr), [data.ids[i] for i in tr], seed + 2)
    t1, t2 = tr[h1], tr[h2]
    protos = _prototypes(data, labels, t1, k, seed)
    live = [j for j, v in enumerate(protos) if v is not None]
    s = _sims(data, protos, t2)[:, live]
    y = np.array([[labels[j] in data.gold_fine[i] for j in live] for i in t2], dtype=int)
    # an even prior: a user's narrative has no known base rate (SemEval's are about 2 %)
    m = LogisticRegression(C=1e4, max_iter=2000, class_weight="balanced")
    m.fit(s.reshape(-1, 1), y.ravel())
    a, b = float(m.coef_[0, 0]), float(m.intercept_[0])
    p = 1.0 / (1.0 + np.exp(-(a * s + b)))
    best = (-1.0, 0.5)
    for t in np.round(np.arange(0.05, 0.96, 0.025), 3):
        preds = [
            _items(data, [labels[live[j]] for j in np.flatnonzero(row >= t)], row) for row in p
        ]
        sc, sf = score(data, t2, preds)
        if sc + sf > best[0]:
            best = (sc + sf, float(t))
    return {"a": a, "b": b, "threshold": best[1], "labels": len(live)}


def _items(data: Any, subs: list[str], row: np.ndarray) -> list[tuple[str, str | None, float]]:
    out: list[tuple[str, str | None, float]] = []
    for sub in subs:
        parent = corpus.coarse_of(sub, data.taxonomy.narratives)
        if parent is not None:
            out.append((parent, sub, 1.0))
    return out


def evaluate_user(
    data: Any, tr: np.ndarray, te: np.ndarray, k: int = 3, seed: int = 13
) -> dict[str, float]:
    """Samples-F1 on ``te`` of the matcher set up from ``tr`` only (examples: all of ``tr``)."""
    from slant.training.narratives import figures

    fit = fit_user(data, tr, k, seed)
    labels = user_labels(data)
    protos = _prototypes(data, labels, tr, k, seed)
    live = [j for j, v in enumerate(protos) if v is not None]
    s = _sims(data, protos, te)[:, live]
    p = 1.0 / (1.0 + np.exp(-(fit["a"] * s + fit["b"])))
    preds = [
        _items(data, [labels[live[j]] for j in np.flatnonzero(row >= fit["threshold"])], row)
        for row in p
    ]
    at_half = [
        _items(data, [labels[live[j]] for j in np.flatnonzero(row >= 0.5)], row) for row in p
    ]
    half = {f"{k}_at_0.5": v for k, v in figures(data, te, at_half).items()}
    return (
        figures(data, te, preds)
        | half
        | {"threshold": fit["threshold"], "labels": float(len(live)), "a": fit["a"], "b": fit["b"]}
    )
