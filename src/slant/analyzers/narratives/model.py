"""The narratives classifier: MiniLM and TF-IDF article features, one logistic head per label.

Features: the mean MiniLM state of the whole article and the per-dimension maximum over its
non-empty lines (:func:`article_features`), both read from the token states the techniques
analyzer already computes (:func:`slant.analyzers.techniques.encoder.shared_encoder`), so
the classifier adds no encoder pass; scaled by ``dense_weight`` and followed by the
article's TF-IDF word 1-2-grams (sklearn's ``sublinear_tf`` spelling, as
:func:`slant.analyzers.article_model.ngrams` builds them). Each narrative and each
sub-narrative has a logistic regression on them; a Platt map per level (fitted on
out-of-fold scores) turns its output into a probability; tuned thresholds pick the labels.

A second set of heads (optional, ``use_*``) reads multilingual USE v3 vectors of the
article's first lines (:func:`use_units`, :func:`use_features`; the Russian techniques'
encoder, :mod:`slant.analyzers.techniques.russian`), so that they can be trained on the
Portuguese and Russian train articles too; their logits are mixed with the MiniLM + TF-IDF
heads' (``use_weight``) before the Platt map.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "NarrativeModel",
    "article_features",
    "line_ranges",
    "platt",
    "use_features",
    "use_units",
]

USE_MAX_CHARS = 2000  # the USE heads read the lines that end within these characters


def line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, trailing white space (``\\r`` too) left out."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip()
        if body.strip():
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body)))
        pos += len(line)
    return out


def article_features(
    states: Any, text: str
) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
    """(feature vector, line ranges, line states) of one article.

    Args:
        states: :class:`~slant.analyzers.techniques.encoder.ArticleStates` of ``text``.
        text: the article text.
    """
    ranges = line_ranges(text)
    lines = states.pool(ranges) if ranges else np.zeros((0, states.states.shape[1]), np.float32)
    whole = states.pool([(0, len(text))])[0]
    top = lines.max(axis=0) if len(lines) else np.zeros_like(whole)
    return np.concatenate([whole, top]).astype(np.float32), ranges, lines


def use_units(
    text: str, ranges: list[tuple[int, int]], max_chars: int = USE_MAX_CHARS
) -> list[tuple[int, int]]:
    """The spans the USE heads read: the lines that end within ``max_chars``.

    The encoder's cost grows with the characters encoded (about 10 CPU-µs each), so only
    the start of the article is read; when its first line is longer than ``max_chars``,
    that line cut at ``max_chars``. Empty when the text has no non-empty line.
    """
    units = [(s, e) for s, e in ranges if e <= max_chars]
    if not units and ranges:
        s, e = ranges[0]
        units = [(s, min(e, s + max_chars))]
    return units


def use_features(vecs: np.ndarray, dim: int = 512) -> np.ndarray:
    """The USE heads' input: the mean and the per-dimension maximum of the unit vectors."""
    if not len(vecs):
        return np.zeros(2 * dim, np.float32)
    return np.concatenate([vecs.mean(axis=0), vecs.max(axis=0)]).astype(np.float32)


def platt(z: np.ndarray, a: float, b: float) -> np.ndarray:
    """``sigmoid(a * z + b)``."""
    return 1.0 / (1.0 + np.exp(-(a * z + b)))


@dataclass
class NarrativeModel:
    """Weights, calibration and thresholds of both levels (``model.json`` + ``weights.npz``).

    ``coarse`` / ``fine`` are the label lists (official strings); ``*_coef`` are
    (labels × features) and ``*_intercept`` (labels); a label never seen in training has a
    zero row and an intercept of -30 (never fires).
    """

    coarse: list[str]
    fine: list[str]
    coarse_coef: np.ndarray
    coarse_intercept: np.ndarray
    fine_coef: np.ndarray
    fine_intercept: np.ndarray
    calibration: dict[str, tuple[float, float]]
    thresholds: dict[str, float]
    meta: dict[str, Any]
    vocab: dict[str, int] = field(default_factory=dict)  # TF-IDF terms (empty: none)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    dense_weight: float = 1.0  # scale of the MiniLM block
    # the USE heads (labels × 1,024; empty: none) and their share of the mixed logit
    use_coarse_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    use_coarse_intercept: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    use_fine_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    use_fine_intercept: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    use_weight: float = 0.0
    use_max_chars: int = USE_MAX_CHARS

    @property
    def has_use(self) -> bool:
        """Whether the model has USE heads that weigh in (it then needs :func:`use_features`)."""
        return self.use_weight > 0 and self.use_coarse_coef.size > 0

    def features(self, dense: np.ndarray, text: str) -> np.ndarray:
        """The model's feature row: ``dense_weight`` × MiniLM features, then TF-IDF."""
        from slant.analyzers.article_model import ngrams

        row = np.zeros(len(dense) + len(self.vocab), np.float32)
        row[: len(dense)] = self.dense_weight * dense
        counts = Counter(g for g in ngrams(text) if g in self.vocab)
        if counts:
            idx = np.fromiter((self.vocab[g] for g in counts), np.int64, len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), np.float64, len(counts)))
            vals = tf * self.idf[idx]
            row[len(dense) + idx] = vals / np.linalg.norm(vals)
        return row

    def probabilities(
        self, x: np.ndarray, u: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated (coarse, fine) probabilities of feature rows ``x`` (n × features).

        Args:
            x: rows of :meth:`features`.
            u: rows of :func:`use_features` (n × 1,024), needed when :attr:`has_use`.
        """
        if x.ndim == 1:
            x = x[None, :]
        zc = x @ self.coarse_coef.T + self.coarse_intercept
        zf = x @ self.fine_coef.T + self.fine_intercept
        if self.has_use:
            if u is None:
                raise ValueError("this narratives model needs the USE features (use_features)")
            u = u[None, :] if u.ndim == 1 else u
            w = self.use_weight
            zc = (1 - w) * zc + w * (u @ self.use_coarse_coef.T + self.use_coarse_intercept)
            zf = (1 - w) * zf + w * (u @ self.use_fine_coef.T + self.use_fine_intercept)
        return platt(zc, *self.calibration["coarse"]), platt(zf, *self.calibration["fine"])

    def parent(self, sub: str) -> str | None:
        """The narrative of a sub-narrative label (longest prefix)."""
        best = None
        for n in self.coarse:
            if sub.startswith(n + ": ") and (best is None or len(n) > len(best)):
                best = n
        return best

    def decide(
        self,
        pc: np.ndarray,
        pf: np.ndarray,
        *,
        coarse_min: float | None = None,
        fine_min: float | None = None,
    ) -> list[tuple[str, str | None, float]]:
        """Hierarchically consistent labels of one article: ``(narrative, sub or None, p)``.

        A narrative is kept at ``p >= coarse_min`` (default: the tuned threshold); a
        sub-narrative at ``p >= fine_min`` and only under a kept narrative, its score capped
        at its narrative's (a sub-narrative cannot be likelier than its narrative).
        Highest scores first; empty: none of the taxonomy (Other).
        """
        tc = self.thresholds["coarse"] if coarse_min is None else coarse_min
        tf = self.thresholds["fine"] if fine_min is None else fine_min
        kept = {n: float(p) for n, p in zip(self.coarse, pc, strict=True) if p >= tc}
        out: list[tuple[str, str | None, float]] = []
        for n in sorted(kept, key=lambda k: -kept[k]):
            out.append((n, None, kept[n]))
            subs = [
                (s, min(float(p), kept[n]))
                for s, p in zip(self.fine, pf, strict=True)
                if p >= tf and self.parent(s) == n
            ]
            out += [(n, s, p) for s, p in sorted(subs, key=lambda t: -t[1])]
        return out

    def evidence(
        self, label: str, lines: np.ndarray, ranges: list[tuple[int, int]], k: int = 2
    ) -> tuple[tuple[int, int], ...]:
        """The ``k`` lines whose state the label's head weighs most (best first)."""
        if not len(ranges):
            return ()
        if label in self.coarse:
            w = self.coarse_coef[self.coarse.index(label)]
        else:
            w = self.fine_coef[self.fine.index(label)]
        dim = lines.shape[1]
        # the line's contribution through the MiniLM blocks: article mean and line max
        s = lines @ (w[:dim] + w[dim : 2 * dim])
        order = np.argsort(-s, kind="stable")[:k]
        return tuple(ranges[i] for i in order)

    # -- files --------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write ``model.json`` and ``weights.npz`` (float32) into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            **self.meta,
            "coarse": self.coarse,
            "fine": self.fine,
            "calibration": {k: list(v) for k, v in self.calibration.items()},
            "thresholds": self.thresholds,
            "dense_weight": self.dense_weight,
            "use_weight": self.use_weight,
            "use_max_chars": self.use_max_chars,
            "vocab": sorted(self.vocab, key=self.vocab.__getitem__),
        }
        (folder / "model.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        np.savez_compressed(
            folder / "weights.npz",
            coarse_coef=self.coarse_coef.astype(np.float32),
            coarse_intercept=self.coarse_intercept.astype(np.float32),
            fine_coef=self.fine_coef.astype(np.float32),
            fine_intercept=self.fine_intercept.astype(np.float32),
            idf=self.idf.astype(np.float32),
            **(
                {
                    "use_coarse_coef": self.use_coarse_coef.astype(np.float32),
                    "use_coarse_intercept": self.use_coarse_intercept.astype(np.float32),
                    "use_fine_coef": self.use_fine_coef.astype(np.float32),
                    "use_fine_intercept": self.use_fine_intercept.astype(np.float32),
                }
                if self.has_use
                else {}
            ),
        )

    @classmethod
    def load(cls, folder: Path) -> NarrativeModel:
        """Read a model folder written by :meth:`save`."""
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz") as w:
            arrays = {k: w[k].astype(np.float32) for k in w.files}
        cal = {k: (float(v[0]), float(v[1])) for k, v in meta.pop("calibration").items()}
        terms = meta.pop("vocab", [])
        return cls(
            vocab={t: i for i, t in enumerate(terms)},
            dense_weight=float(meta.pop("dense_weight", 1.0)),
            use_weight=float(meta.pop("use_weight", 0.0)),
            use_max_chars=int(meta.pop("use_max_chars", USE_MAX_CHARS)),
            coarse=list(meta.pop("coarse")),
            fine=list(meta.pop("fine")),
            calibration=cal,
            thresholds={k: float(v) for k, v in meta.pop("thresholds").items()},
            meta=meta,
            **arrays,
        )
