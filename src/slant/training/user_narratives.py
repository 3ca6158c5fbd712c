"""How well the user-narrative matcher works: official sub-narratives as user narratives.

Each SemEval-2025 sub-narrative (the ``"<narrative>: Other"`` catch-alls left out) becomes
a user narrative: its name is the description and k = 3 example sentences come from three
training articles that carry it (from each, the line closest to the description: what a
user picking an example would do). Examples come from one inner half of the training
articles; the map from the best line's background z-score to a probability (Platt, at the
labels' real frequency) is fitted on the other inner half (and the other way round, the
cells of both pooled), and the held-out half is scored
with the official samples-F1 at the shipped threshold 0.5 (and at a tuned one).

The background (:func:`build_background`): 1,000 lines of 40 characters or more from 120
SemEval-2020 PTC train articles (generic news, 2017-2019, no SemEval-2025 text), their
sentence vectors stored as float16 with the encoder's name.

Articles' lines and the background are embedded by the sentence encoder the matcher runs on
(:func:`slant.analyzers.narratives.user.sentence_encoder`, ``encoder`` arguments; default
:data:`~slant.analyzers.narratives.user.DEFAULT_ENCODER`), not by the techniques encoder
whose states the taxonomy heads read (:func:`user_lines`, cached per encoder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from slant.training import semeval2025 as corpus

__all__ = ["build_background", "evaluate_user", "fit_user", "user_labels", "user_lines"]

PTC = Path("../shared/data/semeval2020-task11-ptc/train-articles")
BACKGROUND_LINES = 1000
# principal directions of the background projected out before any cosine (on the techniques
# MiniLM's mean states, 0 / 3 / 10 / 20 / 30 / 50 gave a pooled AUC, article × sub-narrative,
# best line's z, of 0.67 / 0.74 / 0.78 / 0.80 / 0.81 / 0.80 on the cross-fitted halves)
BACKGROUND_COMPONENTS = 20

_ENCODERS: dict[str, Any] = {}


def _encoder(name: str | None = None) -> Any:
    from slant.analyzers.narratives.user import DEFAULT_ENCODER, sentence_encoder

    name = name or DEFAULT_ENCODER
    if name not in _ENCODERS:
        _ENCODERS[name] = sentence_encoder(name, threads=1)
    return _ENCODERS[name]


def build_background(
    ptc_dir: Path = PTC,
    out: Path | None = None,
    n_lines: int = BACKGROUND_LINES,
    encoder: str | None = None,
    components: int = BACKGROUND_COMPONENTS,
) -> Any:
    """The :class:`~slant.analyzers.narratives.user.Background` of generic news lines (120
    PTC train articles, seed 7; ``n_lines`` of their lines of 40+ characters, seed 3) on the
    sentence encoder ``encoder`` (default: the shipped one), written to ``out`` when given."""
    from slant.analyzers.narratives.model import line_ranges
    from slant.analyzers.narratives.user import Background, embed

    enc = _encoder(encoder)
    files = sorted(ptc_dir.glob("*.txt"))
    pick = np.random.RandomState(7).choice(len(files), min(120, len(files)), replace=False)
    rows = []
    for i in pick:
        text = files[i].read_text(encoding="utf-8")
        ranges = [r for r in line_ranges(text) if r[1] - r[0] >= 40]
        if ranges:
            rows.append(embed(enc, [text[s:e] for s, e in ranges], scope=text))
    lines = np.vstack(rows).astype(np.float32)
    keep = np.random.RandomState(3).choice(len(lines), min(n_lines, len(lines)), replace=False)
    bg = Background.from_states(lines[keep], components, enc.name)
    if out is not None:
        bg.save(out)
    return bg


def user_lines(data: Any, encoder: str | None = None, cache: Path | None = None) -> list[Any]:
    """Per article of ``data``, the sentence vectors of its lines (``data.ranges``) on
    ``encoder``, as the analyzer computes them; cached in ``cache`` (an ``.npz``)."""
    from slant.analyzers.narratives.user import embed

    if cache is not None and cache.exists():
        with np.load(cache, allow_pickle=True) as z:
            if list(z["ids"]) == list(data.ids):
                return list(z["lines"])
    enc = _encoder(encoder)
    out = [
        embed(enc, [text[s:e] for s, e in ranges], scope=text)
        for text, ranges in zip(data.texts, data.ranges, strict=True)
    ]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        obj = np.empty(len(out), dtype=object)
        obj[:] = out
        np.savez(cache, ids=np.array(data.ids), lines=obj)
    return out


def user_labels(data: Any) -> list[str]:
    """The sub-narratives used as user narratives (the catch-all ``: Other`` ones left out)."""
    return [
        s for s in data.taxonomy.subnarratives if s != corpus.OTHER and not s.endswith(": Other")
    ]


def _prototypes(
    data: Any,
    lines_of: list[np.ndarray],
    labels: list[str],
    pool: np.ndarray,
    k: int,
    seed: int,
    encoder: str,
) -> list[np.ndarray | None]:
    from slant.analyzers.narratives.user import embed

    rng = np.random.RandomState(seed)
    desc = embed(_encoder(encoder), [lab.split(": ", 1)[1] for lab in labels])
    out: list[np.ndarray | None] = []
    for j, lab in enumerate(labels):
        having = [i for i in pool if lab in data.gold_fine[i]]
        if len(having) < k:
            out.append(None)  # a user would need k examples: label not tracked
            continue
        rows = [desc[j]]
        for i in rng.choice(having, k, replace=False):
            lines = lines_of[i]
            if len(lines):
                rows.append(lines[int(np.argmax(lines @ desc[j]))])
        out.append(np.vstack(rows))
    return out


def _sims(
    lines_of: list[np.ndarray], protos: list[np.ndarray | None], idx: np.ndarray, background: Any
) -> tuple[np.ndarray, np.ndarray]:
    """(articles × labels) best line's background z-score, and whether that line is closer
    than every background line (as :meth:`UserNarratives.match` decides)."""
    from slant.analyzers.narratives.user import background_stats

    z = np.full((len(idx), len(protos)), -10.0, np.float32)
    beats = np.zeros((len(idx), len(protos)), bool)
    protos = [None if v is None else background.transform(v) for v in protos]
    stats = [None if v is None else background_stats(v, background) for v in protos]
    for r, i in enumerate(idx):
        if not len(lines_of[i]):
            continue
        lines = background.transform(lines_of[i])
        for j, v in enumerate(protos):
            if v is not None and stats[j] is not None:
                mu, sd, top = stats[j]
                best = float((lines @ v.T).max())
                z[r, j], beats[r, j] = (best - mu) / sd, best > top
    return z, beats


def fit_user(
    data: Any,
    tr: np.ndarray,
    background: Any,
    lines: list[np.ndarray],
    k: int = 3,
    seed: int = 13,
) -> dict[str, Any]:
    """Examples from one inner half of ``tr``, calibration (and a tuned threshold, reported
    only) on the other, and the other way round (the map fitted on both ways' cells).

    Args:
        background: the :class:`~slant.analyzers.narratives.user.Background`; its encoder
            is the one the matcher runs on.
        lines: :func:`user_lines` of ``data`` on that encoder.
    """
    from sklearn.linear_model import LogisticRegression

    from slant.training.narratives import domain_halves, score

    bg = background
    labels = user_labels(data)
    h1, h2 = domain_halves(len(tr), [data.ids[i] for i in tr], seed + 2)
    # both ways: examples from one inner half, cells scored on the other (the map is fitted
    # on the cells of both, twice the data of one way)
    parts = []
    for t1, t2 in ((tr[h1], tr[h2]), (tr[h2], tr[h1])):
        protos = _prototypes(data, lines, labels, t1, k, seed, bg.encoder)
        live = [j for j, v in enumerate(protos) if v is not None]
        z, beats = _sims(lines, protos, t2, bg)
        y = np.array([[labels[j] in data.gold_fine[i] for j in live] for i in t2], dtype=int)
        parts.append((t2, live, z[:, live], beats[:, live], y))
    # the labels' real frequency, not an even prior: p estimates the share of articles with
    # that score that carry the narrative (the even prior, at 0.5, fired on every held-out
    # article with 4.7 % of its pairs correct)
    m = LogisticRegression(C=1e4, max_iter=2000)
    m.fit(
        np.concatenate([q[2].ravel() for q in parts]).reshape(-1, 1),
        np.concatenate([q[4].ravel() for q in parts]),
    )
    a, b = float(m.coef_[0, 0]), float(m.intercept_[0])
    best = (-1.0, 0.5)
    for t in np.round(np.arange(0.025, 0.96, 0.025), 3):
        total = 0.0
        for t2, live, z, beats, _ in parts:
            fire = (1.0 / (1.0 + np.exp(-(a * z + b))) >= t) & beats
            preds = [_items(data, [labels[live[j]] for j in np.flatnonzero(r)], r) for r in fire]
            total += sum(score(data, t2, preds))
        if total > best[0]:
            best = (total, float(t))
    live = parts[0][1]
    return {
        "a": a,
        "b": b,
        "tuned_threshold": best[1],
        "labels": len(live),
        "encoder": bg.encoder,
        "score": f"best line's cosine ({bg.encoder} sentence vectors), z-scored against "
        "background.npz",
        "background_components": len(bg.components),
    }


def _items(data: Any, subs: list[str], row: np.ndarray) -> list[tuple[str, str | None, float]]:
    out: list[tuple[str, str | None, float]] = []
    for sub in subs:
        parent = corpus.coarse_of(sub, data.taxonomy.narratives)
        if parent is not None:
            out.append((parent, sub, 1.0))
    return out


def evaluate_user(
    data: Any,
    tr: np.ndarray,
    te: np.ndarray,
    background: Any,
    lines: list[np.ndarray],
    k: int = 3,
    seed: int = 13,
) -> dict[str, float]:
    """Figures on ``te`` of the matcher set up from ``tr`` only (examples: all of ``tr``):
    samples-F1 at the shipped threshold 0.5 and at the tuned one, the share of articles
    given a user narrative, that share among the Other-gold articles (false positives),
    and the precision of the (article, narrative) pairs reported. ``background`` and
    ``lines`` as :func:`fit_user` takes them."""
    from slant.training.narratives import figures

    bg = background
    fit = fit_user(data, tr, bg, lines, k, seed)
    labels = user_labels(data)
    protos = _prototypes(data, lines, labels, tr, k, seed, bg.encoder)
    live = [j for j, v in enumerate(protos) if v is not None]
    z, beats = _sims(lines, protos, te, bg)
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
