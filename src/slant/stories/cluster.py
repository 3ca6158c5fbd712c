"""Incremental average-link clustering of article vectors into stories.

New articles are taken in date order (undated ones last) in chunks. Each chunk is first
clustered on its own by average link (SciPy), cut at the similarity ``threshold``; with
dates, two articles published more than ``window`` days apart are never linked. Each chunk
cluster is then compared with the live stories it may belong to (those within the window
when both are dated), by the same average-link similarity: the mean cosine over all pairs,
which for L2-normalised vectors is ``dot(sum_a, sum_b) / (n_a * n_b)``. So a story is
kept as the sum of its members' vectors and its size, and a new article never needs the
old articles' vectors. A cluster joins its most similar story if that similarity reaches
the threshold, else it opens a new story; when the grown story now reaches the threshold
with another story, the two are merged (the smaller into the larger) and the merge is
recorded by the caller.

The module is pure computation on matrices; :mod:`slant.stories` reads and writes the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Cluster", "StoryAcc", "chunk_clusters", "match_clusters"]


@dataclass
class StoryAcc:
    """A story's running state: the sum of its members' vectors and its size."""

    key: int  # story id (>0) or a provisional key (<0) for a story opened in this run
    size: int
    total: Any  # 1 x dim: scipy CSR row or numpy array
    first: dt.date | None
    last: dt.date | None
    members: list[tuple[int, float]] = field(default_factory=list)  # new (pk, similarity)
    merged_from: list[int] = field(default_factory=list)


@dataclass
class Cluster:
    """A group of new articles found together in one chunk."""

    rows: list[int]  # row numbers into the chunk matrix
    first: dt.date | None
    last: dt.date | None


def _dense(m: Any) -> np.ndarray:
    return np.asarray(m.toarray() if hasattr(m, "toarray") else m, dtype=np.float64)


def chunk_clusters(
    matrix: Any,
    dates: Sequence[dt.date | None],
    *,
    threshold: float,
    window: int | None,
) -> list[Cluster]:
    """Average-link clusters of one chunk (rows of ``matrix``, L2-normalised).

    Args:
        matrix: n x dim article vectors (CSR or dense).
        dates: the articles' dates (None: undated).
        threshold: lowest mean similarity within a cluster.
        window: days beyond which two dated articles are never linked (None: dates unused).
    """
    n = matrix.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [Cluster([0], dates[0], dates[0])]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sim = _dense(matrix @ matrix.T)
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    if window is not None:
        days = np.array(
            [d.toordinal() if d is not None else np.nan for d in dates], dtype=np.float64
        )
        gap = np.abs(days[:, None] - days[None, :])
        dist[np.nan_to_num(gap, nan=0.0) > window] = 2.0
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2  # exact symmetry for squareform
    labels = fcluster(
        linkage(squareform(dist, checks=False), method="average"),
        t=1.0 - threshold,
        criterion="distance",
    )
    groups: dict[int, list[int]] = {}
    for row, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(row)
    out = []
    for rows in sorted(groups.values(), key=lambda r: r[0]):
        ds = [d for d in (dates[r] for r in rows) if d is not None]
        out.append(Cluster(rows, min(ds) if ds else None, max(ds) if ds else None))
    return out


def _ord(d: dt.date | None) -> float:
    return float(d.toordinal()) if d is not None else np.nan


def _span(a: dt.date | None, b: dt.date | None, pick: Any) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return pick(a, b)


def _keeps(a: StoryAcc, b: StoryAcc) -> bool:
    """Whether ``a`` survives a merge with ``b``: a stored story over one opened in this
    run (ids stay stable), then the larger, then the older."""
    if (a.key > 0) != (b.key > 0):
        return a.key > 0
    if a.size != b.size:
        return a.size > b.size
    return abs(a.key) < abs(b.key) if a.key > 0 else a.key > b.key


def match_clusters(
    matrix: Any,
    clusters: list[Cluster],
    pks: Sequence[int],
    stories: list[StoryAcc],
    *,
    threshold: float,
    window: int | None,
    next_key: int,
) -> tuple[list[StoryAcc], list[tuple[int, int]], int]:
    """Put each chunk cluster into a story (existing or new), merging stories that the
    new members bring within the threshold of each other.

    Args:
        matrix: the chunk's article vectors (rows as in ``clusters``).
        clusters: from :func:`chunk_clusters`.
        pks: article primary key of each row.
        stories: candidate stories (new ones are appended; merged ones removed).
        threshold: lowest average-link similarity to join or merge.
        window: date window in days (None: dates unused).
        next_key: next provisional key (negative, decreasing) for a new story.

    Returns:
        The stories touched (grown, opened or merged into), the merges as
        (from key, into key) pairs, and the next provisional key.
    """
    from scipy import sparse

    if not clusters:
        return [], [], next_key
    is_sparse = sparse.issparse(matrix)
    stack: Any = sparse.vstack if is_sparse else np.vstack
    sums = [
        sparse.csr_matrix(matrix[c.rows].sum(axis=0))
        if is_sparse
        else np.asarray(matrix[c.rows].sum(axis=0)).reshape(1, -1)
        for c in clusters
    ]
    c_mat = stack(sums)
    cc = _dense(c_mat @ c_mat.T)  # cluster x cluster dot products of the sums
    cols: list[StoryAcc] = list(stories)
    dots = _dense(c_mat @ stack([s.total for s in cols]).T) if cols else np.zeros((len(sums), 0))
    sizes = np.array([s.size for s in cols], dtype=np.float64)
    firsts = np.array([_ord(s.first) for s in cols], dtype=np.float64)
    lasts = np.array([_ord(s.last) for s in cols], dtype=np.float64)
    alive = np.ones(len(cols), dtype=bool)
    touched: dict[int, StoryAcc] = {}
    merges: list[tuple[int, int]] = []

    def near(first: dt.date | None, last: dt.date | None) -> np.ndarray:
        ok = alive.copy()
        if window is None or first is None or last is None:
            return ok
        lo, hi = _ord(first), _ord(last)
        with np.errstate(invalid="ignore"):
            far = (lo - lasts > window) | (firsts - hi > window)
        return ok & ~far  # NaN (undated story) compares False: never far

    for ci, cl in enumerate(clusters):
        n_c = len(cl.rows)
        ok = near(cl.first, cl.last)
        sim_c = np.where(ok, dots[ci] / (n_c * np.maximum(sizes, 1.0)), -np.inf)
        best = int(np.argmax(sim_c)) if len(cols) else -1
        if best >= 0 and sim_c[best] >= threshold:
            target = cols[best]
            target.total = target.total + sums[ci]
            target.size += n_c
            dots[:, best] += cc[:, ci]
        else:
            target = StoryAcc(next_key, n_c, sums[ci], cl.first, cl.last)
            next_key -= 1
            cols.append(target)
            stories.append(target)
            alive = np.append(alive, True)
            dots = np.hstack([dots, cc[:, ci : ci + 1]])
            sizes, firsts, lasts = (np.append(a, 0.0) for a in (sizes, firsts, lasts))
            best = len(cols) - 1
        target.first = _span(target.first, cl.first, min)
        target.last = _span(target.last, cl.last, max)
        sizes[best], firsts[best], lasts[best] = target.size, _ord(target.first), _ord(target.last)
        for r in cl.rows:
            own = _dense(matrix[r] @ target.total.T).item() / target.size
            target.members.append((int(pks[r]), round(float(own), 4)))
        touched[id(target)] = target
        # A story the grown one now reaches by average link is merged into it. The mean
        # over the union is a size-weighted mean of (old story, cluster), so only stories
        # the cluster alone reaches can qualify.
        cands = [j for j in np.argsort(-sim_c).tolist() if j != best and sim_c[j] >= threshold]
        for j in cands:
            other = cols[j]
            if not alive[j] or not near(target.first, target.last)[j]:
                continue
            sim = _dense(target.total @ other.total.T).item() / (target.size * other.size)
            if sim < threshold:
                continue
            keep_j, gone_j = (best, j) if _keeps(target, other) else (j, best)
            keep, gone = cols[keep_j], cols[gone_j]
            keep.total = keep.total + gone.total
            keep.size += gone.size
            keep.first = _span(keep.first, gone.first, min)
            keep.last = _span(keep.last, gone.last, max)
            keep.members.extend(gone.members)
            keep.merged_from.extend([gone.key, *gone.merged_from])
            gone.members, gone.size = [], 0
            dots[:, keep_j] += dots[:, gone_j]
            alive[gone_j] = False
            sizes[keep_j], firsts[keep_j], lasts[keep_j] = (
                keep.size,
                _ord(keep.first),
                _ord(keep.last),
            )
            merges.append((gone.key, keep.key))
            touched.pop(id(gone), None)
            touched[id(keep)] = keep
            target, best = keep, keep_j
    stories[:] = [s for s in stories if s.size > 0]
    return list(touched.values()), merges, next_key
