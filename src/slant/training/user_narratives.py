"""How well the user-narrative matcher works: official sub-narratives as user narratives.

Each SemEval-2025 sub-narrative (the ``"<narrative>: Other"`` catch-alls left out) becomes
a user narrative: its name is the description and k = 3 example sentences come from three
training articles that carry it (from each, the line closest to the description: what a
user picking an example would do). Examples come from one inner half of the training
articles; the map from the best line's background z-score to a probability (Platt, at the
labels' real frequency) is fitted on the other inner half, and the held-out half is scored
with the official samples-F1 at the shipped threshold 0.5 (and at a tuned one).

The background (:func:`build_background`): 1,000 lines of 40 characters or more from 120
SemEval-2020 PTC train articles (generic news, 2017-2019, no SemEval-2025 text), their
MiniLM line states stored as float16.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from slant.training import semeval2025 as corpus

__all__ = ["build_background", "evaluate_user", "fit_user", "user_labels"]

PTC = Path("../shared/data/semeval2020-task11-ptc/train-articles")
BACKGROUND_LINES = 1000
# principal directions of the background projected out before any cosine: 0 / 3 / 10 / 20 /
# 30 / 50 gave a pooled AUC (article × sub-narrative, best line's z) of 0.67 / 0.74 / 0.78 /
# 0.80 / 0.81 / 0.80 on the cross-fitted halves
BACKGROUND_COMPONENTS = 20

_ENCODER: list[Any] = []


def _encoder() -> Any:
    if not _ENCODER:
        from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER, MiniLMEncoder

        _ENCODER.append(MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE, threads=1))
    return _ENCODER[0]


def build_background(
    ptc_dir: Path = PTC, out: Path | None = None, n_lines: int = BACKGROUND_LINES
) -> Any:
    """The :class:`~slant.analyzers.narratives.user.Background` of generic news lines (120
    PTC train articles, seed 7; ``n_lines`` of their lines of 40+ characters, seed 3),
    written to ``out`` when given."""
    from slant.analyzers.narratives.model import line_ranges
    from slant.analyzers.narratives.user import Background

    enc = _encoder()
    files = sorted(ptc_dir.glob("*.txt"))
    pick = np.random.RandomState(7).choice(len(files), min(120, len(files)), replace=False)
    rows = []
    for i in pick:
        text = files[i].read_text(encoding="utf-8")
        ranges = [r for r in line_ranges(text) if r[1] - r[0] >= 40]
        if ranges:
            rows.append(enc.encode(text).pool(ranges))
    lines = np.vstack(rows).astype(np.float32)
    keep = np.random.RandomState(3).choice(len(lines), min(n_lines, len(lines)), replace=False)
    bg = Background.from_states(lines[keep], BACKGROUND_COMPONENTS)
    if out is not None:
        bg.save(out)
    return bg


def _background() -> Any:
    from slant.analyzers.narratives import RESOURCE_DIR
    from slant.analyzers.narratives.user import Background

    return Background.load(RESOURCE_DIR / "background.npz")


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


def _sims(
    data: Any, protos: list[np.ndarray | None], idx: np.ndarray, background: Any
) -> tuple[np.ndarray, np.ndarray]:
    """(articles × labels) best line's background z-score, and whether that line is closer
    than every background line (as :meth:`UserNarratives.match` decides)."""
    from slant.analyzers.narratives.user import background_stats

    z = np.full((len(idx), len(protos)), -10.0, np.float32)
    beats = np.zeros((len(idx), len(protos)), bool)
    protos = [None if v is None else background.transform(v) for v in protos]
    stats = [None if v is None else background_stats(v, background) for v in protos]
    for r, i in enumerate(idx):
        if not len(data.lines[i]):
            continue
        lines = background.transform(data.lines[i])
        for j, v in enumerate(protos):
            if v is not None and stats[j] is not None:
                mu, sd, top = stats[j]
                best = float((lines @ v.T).max())
                z[r, j], beats[r, j] = (best - mu) / sd, best > top
    return z, beats


def fit_user(
    data: Any, tr: np.ndarray, k: int = 3, seed: int = 13, background: Any = None
) -> dict[str, Any]:
    """Examples from one inner half of ``tr``; calibration (and a tuned threshold, reported
    only) on the other."""
    from sklearn.linear_model import LogisticRegression

    from slant.training.narratives import domain_halves, score

    bg = _background() if background is None else background
    labels = user_labels(data)
    h1, h2 = domain_halves(len(tr), [data.ids[i] for i in tr], seed + 2)
    t1, t2 = tr[h1], tr[h2]
    protos = _prototypes(data, labels, t1, k, seed)
    live = [j for j, v in enumerate(protos) if v is not None]
    z, beats = _sims(data, protos, t2, bg)
    z, beats = z[:, live], beats[:, live]
    y = np.array([[labels[j] in data.gold_fine[i] for j in live] for i in t2], dtype=int)
    # the labels' real frequency, not an even prior: p estimates the share of articles with
    # that score that carry the narrative (the even prior, at 0.5, fired on every held-out
    # article with 4.7 % of its pairs correct; this map at 0.5: 3 of 8)
    m = LogisticRegression(C=1e4, max_iter=2000)
    m.fit(z.reshape(-1, 1), y.ravel())
    a, b = float(m.coef_[0, 0]), float(m.intercept_[0])
    p = 1.0 / (1.0 + np.exp(-(a * z + b)))
    best = (-1.0, 0.5)
    for t in np.round(np.arange(0.025, 0.96, 0.025), 3):
        fire = (p >= t) & beats
        preds = [_items(data, [labels[live[j]] for j in np.flatnonzero(row)], row) for row in fire]
        sc, sf = score(data, t2, preds)
        if sc + sf > best[0]:
            best = (sc + sf, float(t))
    return {
        "a": a,
        "b": b,
        "tuned_threshold": best[1],
        "labels": len(live),
        "score": "best line's cosine, z-scored against background.npz",
        "background_components": BACKGROUND_COMPONENTS,
    }


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
    """Figures on ``te`` of the matcher set up from ``tr`` only (examples: all of ``tr``):
    samples-F1 at the shipped threshold 0.5 and at the tuned one, the share of articles
    given a user narrative, that share among the Other-gold articles (false positives),
    and the precision of the (article, narrative) pairs reported."""
    from slant.training.narratives import figures

    bg = _background()
    fit = fit_user(data, tr, k, seed, bg)
    labels = user_labels(data)
    protos = _prototypes(data, labels, tr, k, seed)
    live = [j for j, v in enumerate(protos) if v is not None]
    z, beats = _sims(data, protos, te, bg)
    z, beats = z[:, live], beats[:, live]
    p = 1.0 / (1.0 + np.exp(-(fit["a"] * z + fit["b"])))
    gold = np.array([[labels[j] in data.gold_fine[i] for j in live] for i in te], dtype=bool)
    other = np.array([data.gold_coarse[i] == (corpus.OTHER,) for i in te])
    out: dict[str, float] = {}
    for tag, t in (("", 0.5), ("_tuned", fit["tuned_threshold"])):
        fire = (p >= t) & beats
        preds = [_items(data, [labels[live[j]] for j in np.flatnonzero(row)], row) for row in fire]
        out |= {f"{key}{tag}": v for key, v in figures(data, te, preds).items()}
        out[f"fired_share{tag}"] = float(fire.any(axis=1).mean())
        out[f"fp_other{tag}"] = float(fire[other].any(axis=1).mean()) if other.any() else 0.0
        out[f"precision{tag}"] = float((fire & gold).sum() / max(int(fire.sum()), 1))
        out[f"reported{tag}"] = float(fire.sum())
        out[f"correct{tag}"] = float((fire & gold).sum())
    return out | {
        "tuned_threshold": fit["tuned_threshold"],
        "labels": float(len(live)),
        "a": fit["a"],
        "b": fit["b"],
    }
