"""Russian techniques, frames and genre: data, encoding cache, heads, cross-fitting.

``slant train techniques --lang ru`` and ``slant eval techniques --lang ru`` run this.

Data: SemEval-2023 Task 3 in ``shared/data/semeval2023-task3``: Russian train (subtask 3
paragraph labels, subtasks 1 and 2 article labels), pooled with the other languages'
train and dev (fr, ge, it, po; English train with ``--with-en``). The Russian dev split is
held back and never read.

Protocol (all figures are on Russian train only):

1. the Russian train articles are split into ``K`` folds by article (seeded); for each fold
   the heads are fitted on the pooled other languages plus the other Russian folds, and
   score the fold: out-of-fold (OOF) scores for every Russian train paragraph/article;
2. the folds form two halves, A and B; thresholds (and Platt maps) are tuned on A's OOF
   scores and reported on B, and vice versa (cross-fitted); the figures are the mean of the
   two directions;
3. the shipped heads are fitted on everything; their thresholds and Platt maps on the OOF
   scores of all of Russian train.

Paragraph vectors are cached under ``~/.cache/slant/ru/`` (never in the tree).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from slant.analyzers.techniques.russian import (
    ParagraphEncoder,
    paragraph_features,
    platt,
)
from slant.labels import TECHNIQUES

__all__ = [
    "CACHE",
    "FOLDS",
    "OOF",
    "OTHER_LANGUAGES",
    "SEED",
    "Corpus",
    "ParRows",
    "RuArticle",
    "Tuned",
    "crossfit",
    "encode_corpus",
    "fit_heads",
    "fit_platt",
    "folds_of",
    "out_of_fold",
    "paragraph_rows",
    "pooled_rows",
    "read_articles",
    "report",
    "tune",
]

log = logging.getLogger(__name__)

CACHE = Path.home() / ".cache" / "slant" / "ru"
OTHER_LANGUAGES = ("fr", "ge", "it", "po")
SEED = 13
FOLDS = 4  # folds 0, 1 form half A; 2, 3 half B


@dataclass
class RuArticle:
    """One SemEval-2023 article: its non-empty lines and whatever labels it has.

    ``lines`` are ``(line_no, text)`` of the non-empty lines (1-based, ``\\r`` and edge
    spaces stripped, as the cleaner's paragraphs); ``par_labels`` maps a template row's
    line number to its techniques; ``genre`` and ``frames`` come from subtasks 1 and 2.
    """

    id: str
    language: str
    split: str
    text: str
    lines: list[tuple[int, str]]
    offsets: list[tuple[int, int]] = field(default_factory=list)  # of each line in the text
    par_labels: dict[int, tuple[str, ...]] = field(default_factory=dict)
    genre: str | None = None
    frames: tuple[str, ...] | None = None


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def _labels_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for row in _read(path).splitlines():
        parts = row.split("\t")
        if len(parts) >= 2 and parts[0].strip():
            out[parts[0].strip()] = parts[1].strip()
    return out


def read_articles(root: Path, language: str, split: str) -> list[RuArticle]:
    """Every article of one language and split (subtasks 1-3 folders merged by id).

    Russian ``dev`` is refused: it is held back to check the project.
    """
    if language == "ru" and split != "train":
        raise ValueError("the Russian dev split is held back; use cross-fitted train halves")
    from slant.training.technique_corpora import read_line_labels

    base = root / "semeval2023-task3" / language
    if not base.is_dir():
        from slant.errors import UsageError

        raise UsageError(f"{base} not found: pass --data, the shared data folder")
    texts: dict[str, str] = {}
    for sub in (3, 1, 2):
        for path in sorted((base / f"{split}-articles-subtask-{sub}").glob("article*.txt")):
            aid = path.stem.removeprefix("article")
            texts.setdefault(aid, _read(path))
    par_path = base / f"{split}-labels-subtask-3.txt"
    par = read_line_labels(par_path) if par_path.exists() else {}
    genre = _labels_file(base / f"{split}-labels-subtask-1.txt")
    frames = _labels_file(base / f"{split}-labels-subtask-2.txt")
    out = []
    for aid in sorted(texts, key=lambda x: (len(x), x)):
        lines, offsets, pos = [], [], 0
        for i, line in enumerate(texts[aid].split("\n")):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                lines.append((i + 1, line.strip()))
                offsets.append((pos + lead, pos + lead + len(line.strip())))
            pos += len(line) + 1
        fr = frames.get(aid)
        out.append(
            RuArticle(
                id=aid,
                language=language,
                split=split,
                text=texts[aid],
                lines=lines,
                offsets=offsets,
                par_labels=par.get(aid, {}),
                genre=genre.get(aid),
                frames=tuple(x for x in fr.split(",") if x) if fr is not None else None,
            )
        )
    return out


@dataclass
class Corpus:
    """Articles with their paragraph vectors (``vecs[k]``: ``(len(lines), dim)``)."""

    articles: list[RuArticle]
    vecs: list[np.ndarray]


def encode_corpus(
    root: Path, language: str, split: str, encoder_name: str, *, cache: Path = CACHE
) -> Corpus:
    """Read and encode one language/split, from the cache when its texts are unchanged."""
    arts = read_articles(root, language, split)
    texts = [t for a in arts for _, t in a.lines]
    digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    parts = []
    for part in encoder_name.split("+"):
        path = cache / f"{part}-{language}-{split}-{digest}.npy"
        if path.exists():
            parts.append(np.load(path))
            continue
        enc = ParagraphEncoder(part, threads=1)
        t0 = time.process_time()
        out = np.zeros((len(texts), enc.dim), dtype=np.float32)
        for i in range(0, len(texts), 256):
            out[i : i + 256] = enc.encode(texts[i : i + 256])
        log.info(
            "%s %s/%s: %d paragraphs in %.0f CPU-s",
            part,
            language,
            split,
            len(texts),
            time.process_time() - t0,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
        parts.append(out)
    allv = np.hstack(parts) if len(parts) > 1 else parts[0]
    vecs, k = [], 0
    for a in arts:
        vecs.append(allv[k : k + len(a.lines)])
        k += len(a.lines)
    return Corpus(arts, vecs)


# -- paragraph techniques -------------------------------------------------------------------
@dataclass
class ParRows:
    """Labelled paragraph rows: features, gold matrix, keys and the article of each row."""

    x: np.ndarray  # (rows, features)
    y: np.ndarray  # (rows, labels) bool
    keys: list[tuple[str, int]]  # (article id, line)
    article: np.ndarray  # (rows,) index into the corpus's articles

    def take(self, mask: np.ndarray) -> ParRows:
        """The rows where ``mask`` holds."""
        idx = np.flatnonzero(mask)
        return ParRows(self.x[idx], self.y[idx], [self.keys[i] for i in idx], self.article[idx])


def paragraph_rows(corpus: Corpus, labels: Sequence[str] = TECHNIQUES) -> ParRows:
    """Every template row (a paragraph with gold labels) with its head features."""
    xs, ys, keys, arts = [], [], [], []
    col = {t: j for j, t in enumerate(labels)}
    for k, (a, v) in enumerate(zip(corpus.articles, corpus.vecs, strict=True)):
        if not a.par_labels:
            continue
        feats = paragraph_features(v)
        for r, (line, _) in enumerate(a.lines):
            gold = a.par_labels.get(line)
            if gold is None:
                continue
            row = np.zeros(len(labels), dtype=bool)
            for t in gold:
                if t in col:
                    row[col[t]] = True
            xs.append(feats[r])
            ys.append(row)
            keys.append((a.id, line))
            arts.append(k)
    dim = corpus.vecs[0].shape[1] * 4 if corpus.vecs else 0
    return ParRows(
        np.vstack(xs) if xs else np.zeros((0, dim), np.float32),
        np.vstack(ys) if ys else np.zeros((0, len(labels)), bool),
        keys,
        np.array(arts, dtype=np.int64),
    )


def fit_heads(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, c: float, *, threads: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """One L2 logistic regression per label: ``(coef (features, labels), intercept)``.

    A label with no positive row gets a head that never fires.
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    coef = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -20.0, dtype=np.float32)
    with threadpool_limits(threads):
        for j in range(y.shape[1]):
            if y[:, j].sum() < 2:
                continue
            m = LogisticRegression(C=c, max_iter=400, tol=1e-3)
            m.fit(x, y[:, j], sample_weight=weight)
            coef[:, j], bias[j] = m.coef_[0], m.intercept_[0]
    return coef, bias


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt map ``sigmoid(a z + b)`` of one label's raw scores; ``(0, -20)`` when the
    label has no positive (or no negative) row: never emitted."""
    from sklearn.linear_model import LogisticRegression

    if y.sum() == 0 or y.sum() == len(y):
        return 0.0, -20.0
    m = LogisticRegression(C=100.0, max_iter=1000)
    m.fit(z.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def micro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    """SemEval-2023 subtask-3 micro-F1 over every (row, label) decision."""
    tp = int((pred & gold).sum())
    d = int(pred.sum()) + int(gold.sum())
    return 2 * tp / d if d else 0.0


def label_f1(pred: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """F1 of each label column."""
    tp = (pred & gold).sum(axis=0)
    d = pred.sum(axis=0) + gold.sum(axis=0)
    return np.where(d > 0, 2 * tp / np.maximum(d, 1), 0.0)


def tune_thresholds(p: np.ndarray, y: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Per-label probability thresholds maximising micro-F1 (coordinate ascent, as English)."""
    from slant.training.technique_dev import micro_thresholds

    gold = [tuple(t for t, g in zip(labels, row, strict=True) if g) for row in y]
    thr = micro_thresholds(p, gold, labels, macro_weight=0.0)
    return np.array([thr[t] for t in labels])


def ece(scores: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over equal-width bins (weighted by bin size)."""
    from slant.training.technique_scorers import expected_calibration_error

    return expected_calibration_error(
        list(zip(scores.tolist(), correct.tolist(), strict=True)), bins
    )


def folds_of(ids: Sequence[str], k: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """A seeded fold number per Russian article id (folds < k/2 are half A)."""
    order = sorted(ids)
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(order))
    return {order[i]: int(r % k) for r, i in enumerate(perm)}


@dataclass
class OOF:
    """Out-of-fold raw scores of every Russian train row (see the module docstring)."""

    rows: ParRows
    z: np.ndarray  # (rows, labels) raw decision values
    fold: np.ndarray  # (rows,) fold of each row's article
    heads: list[tuple[np.ndarray, np.ndarray]]  # the head of each fold


def pooled_rows(pool: Sequence[Corpus], labels: Sequence[str] = TECHNIQUES) -> ParRows:
    """The template rows of the other languages, stacked."""
    parts = [paragraph_rows(c, labels) for c in pool]
    parts = [p for p in parts if len(p.keys)]
    return ParRows(
        np.vstack([p.x for p in parts]),
        np.vstack([p.y for p in parts]),
        [k for p in parts for k in p.keys],
        np.concatenate([p.article for p in parts]),
    )


def out_of_fold(
    ru: Corpus,
    pool: ParRows,
    *,
    c: float,
    ru_weight: float,
    labels: Sequence[str] = TECHNIQUES,
    threads: int = 1,
) -> OOF:
    """Fit the heads ``FOLDS`` times (pool + the other Russian folds) and score each fold."""
    rows = paragraph_rows(ru, labels)
    fold_of = folds_of([a.id for a in ru.articles if a.par_labels])
    fold = np.array([fold_of[aid] for aid, _ in rows.keys])
    z = np.zeros(rows.y.shape, dtype=np.float64)
    heads = []
    for f in range(FOLDS):
        train = fold != f
        x = np.vstack([pool.x, rows.x[train]])
        y = np.vstack([pool.y, rows.y[train]])
        w = np.concatenate([np.ones(len(pool.x)), np.full(int(train.sum()), ru_weight)])
        coef, bias = fit_heads(x, y, w, c, threads=threads)
        z[~train] = rows.x[~train] @ coef + bias
        heads.append((coef, bias))
        log.info("fold %d fitted (%d rows)", f, len(x))
    return OOF(rows, z, fold, heads)


@dataclass
class Tuned:
    """What one tuning set gives: thresholds, Platt maps and the emitted labels."""

    thresholds: np.ndarray  # on the calibrated (Platt) scale; 2.0: never
    cal: np.ndarray  # (labels, 2): Platt a, b
    emitted: np.ndarray  # (labels,) bool


THRESHOLD_GRID = np.round(np.arange(0.05, 0.701, 0.01), 3)


def tune(
    z: np.ndarray,
    y: np.ndarray,
    labels: Sequence[str],
    *,
    min_rate: float,
    min_f1: float,
    one_threshold: bool = True,
) -> Tuned:
    """Thresholds, Platt maps and the emitted labels from one set of OOF scores.

    A label is emitted when at least ``min_rate`` of the set's paragraphs carry it and
    its F1 there, at its own micro-F1-tuned threshold, reaches ``min_f1``. The emitted
    labels then share one threshold on their calibrated scores, the one that maximises
    micro-F1 on the set (``one_threshold``; cross-fitted 0.426 against 0.417 for the
    per-label thresholds, with fewer numbers fitted), or keep their own thresholds
    re-tuned among the emitted labels.
    """
    p = _sigmoid(z)
    thr = tune_thresholds(p, y, labels)
    f1 = label_f1(p >= thr, y)
    emitted = (y.mean(axis=0) >= min_rate) & (f1 >= min_f1)
    cal = np.array([fit_platt(z[:, j], y[:, j]) for j in range(len(labels))])
    emitted &= cal[:, 0] > 0
    if not emitted.any():
        return Tuned(np.full(len(labels), 2.0), cal, emitted)
    c = platt(z, cal[:, 0], cal[:, 1])
    if one_threshold:
        scores = [micro_f1((c >= g) & emitted, y) for g in THRESHOLD_GRID]
        out = np.full(len(labels), float(THRESHOLD_GRID[int(np.argmax(scores))]))
    else:
        sub = [t for t, e in zip(labels, emitted, strict=True) if e]
        raw_thr = tune_thresholds(p[:, emitted], y[:, emitted], sub)
        out = np.full(len(labels), 2.0)
        # sigmoid(z) >= t  <=>  platt(z) >= platt(logit t), Platt slopes being positive
        zt = np.log(raw_thr / (1.0 - raw_thr))
        out[emitted] = platt(zt, cal[emitted, 0], cal[emitted, 1])
    return Tuned(np.where(emitted, out, 2.0), cal, emitted)


def report(z: np.ndarray, y: np.ndarray, tuned: Tuned, labels: Sequence[str]) -> dict[str, float]:
    """Figures of tuned thresholds on other rows: micro/macro-F1 (all 23 labels, the
    official way), ECE of the shown scores, per-label F1 and support."""
    cal = platt(z, tuned.cal[:, 0], tuned.cal[:, 1])
    pred = (cal >= tuned.thresholds) & tuned.emitted
    per = label_f1(pred, y)
    tp = int((pred & y).sum())
    out = {
        "micro_f1": micro_f1(pred, y),
        "micro_precision": tp / max(int(pred.sum()), 1),
        "micro_recall": tp / max(int(y.sum()), 1),
        "macro_f1": float(per.mean()),
        "macro_f1_emitted": float(per[tuned.emitted].mean()) if tuned.emitted.any() else 0.0,
        "ece_shown": ece(cal[pred], y[pred]),
        "ece_all": ece(cal[:, tuned.emitted].ravel(), y[:, tuned.emitted].ravel()),
        "n_emitted": float(tuned.emitted.sum()),
        "n_predicted": float(pred.sum()),
    }
    for j, t in enumerate(labels):
        out[f"f1/{t}"] = float(per[j])
        out[f"support/{t}"] = float(y[:, j].sum())
    return out


def crossfit(
    oof: OOF,
    labels: Sequence[str] = TECHNIQUES,
    *,
    min_rate: float,
    min_f1: float,
    one_threshold: bool = True,
) -> dict[str, dict[str, float]]:
    """Tune on half A's OOF scores and report on B, and vice versa; plus their mean."""
    half_a = oof.fold < FOLDS // 2
    res = {}
    for name, tune_on in (("A->B", half_a), ("B->A", ~half_a)):
        t = tune(
            oof.z[tune_on],
            oof.rows.y[tune_on],
            labels,
            min_rate=min_rate,
            min_f1=min_f1,
            one_threshold=one_threshold,
        )
        res[name] = report(oof.z[~tune_on], oof.rows.y[~tune_on], t, labels)
    res["mean"] = {k: (res["A->B"][k] + res["B->A"][k]) / 2 for k in res["A->B"]}
    return res
