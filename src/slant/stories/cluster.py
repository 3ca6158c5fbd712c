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

__all__ = ["Cluster", "StoryAcc", "chunk_clusters", "gram", "match_clusters", "row_dots"]


@dataclass
class StoryAcc:
    """A story's running state: the sum of its members' vectors and its size."""

    key: int  # story id (>0) or a provisional key (<0) for a story opened in this run
    size: int
    total: Any  # 1 x dim: scipy CSR row or numpy array (None: a row of match_clusters' totals)
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


def gram(a: Any, b: Any, dense_from: int | None = None) -> np.ndarray:
    """``a @ b.T`` as a dense array. With ``dense_from``, the columns from there on are
    dense blocks (``mixed``'s 384 MiniLM dimensions) and go through BLAS: as sparse
    columns they would cost a sparse product rows(a) x rows(b) x 384 long."""
    from scipy import sparse

    if dense_from is None or not sparse.issparse(a):
        return _dense(a @ b.T)
    a = a.tocsr()
    b_head = b.tocsr(copy=True)  # b without its dense block (a is never copied whole)
    b_head.data[b_head.indices >= dense_from] = 0.0
    b_head.eliminate_zeros()
    out = _dense(a @ b_head.T)
    b_tail = _dense(b.tocsr()[:, dense_from:]).T
    for lo in range(0, a.shape[0], 4096):  # the dense block of a, 4,096 rows at a time
        out[lo : lo + 4096] += _dense(a[lo : lo + 4096][:, dense_from:]) @ b_tail
    return out


def chunk_clusters(
    matrix: Any,
    dates: Sequence[dt.date | None],
    *,
    threshold: float,
    window: int | None,
    dense_from: int | None = None,
) -> list[Cluster]:
    """Average-link clusters of one chunk (rows of ``matrix``, L2-normalised).

    Args:
        matrix: n x dim article vectors (CSR or dense).
        dates: the articles' dates (None: undated).
        threshold: lowest mean similarity within a cluster.
        window: days beyond which two dated articles are never linked (None: dates unused).
        dense_from: first column of a dense block (see :func:`gram`), if any.
    """
    n = matrix.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [Cluster([0], dates[0], dates[0])]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sim = gram(matrix, matrix, dense_from)
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


def _rows(matrix: Any, rows: Sequence[int]) -> Any:
    return matrix[np.asarray(rows, dtype=np.int64)]


def row_dots(rows: Any, total: Any) -> np.ndarray:
    """Dot product of each row of ``rows`` with the 1 x dim ``total`` (CSR rows: by their
    shared indices, never densifying the 2^20-wide space or transposing it)."""
    from scipy import sparse

    if not sparse.issparse(rows):
        return np.asarray(rows, dtype=np.float64) @ np.asarray(total, dtype=np.float64).ravel()
    t = total.tocsr() if not sparse.isspmatrix_csr(total) else total
    if not t.has_sorted_indices:
        t.sort_indices()
    t_idx, t_val = t.indices, t.data.astype(np.float64)
    if not len(t_idx) or not rows.nnz:
        return np.zeros(rows.shape[0], dtype=np.float64)
    pos = np.searchsorted(t_idx, rows.indices)
    pos_ok = np.minimum(pos, len(t_idx) - 1)
    hit = t_idx[pos_ok] == rows.indices
    prod = np.where(hit, rows.data * t_val[pos_ok], 0.0)
    row_of = np.repeat(np.arange(rows.shape[0]), np.diff(rows.indptr))
    return np.bincount(row_of, weights=prod, minlength=rows.shape[0]).astype(np.float64)


def match_clusters(
    matrix: Any,
    clusters: list[Cluster],
    pks: Sequence[int],
    stories: list[StoryAcc],
    *,
    threshold: float,
    window: int | None,
    next_key: int,
    totals: Any = None,
    dense_from: int | None = None,
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
        totals: the stories' sums as one matrix (row i: ``stories[i]``), when their
            ``total`` is None (read from the store in one piece; a story's row is taken
            out only when it is touched).
        dense_from: first column of a dense block (see :func:`gram`), if any.

    Returns:
        The stories touched (grown, opened or merged into), the merges as
        (from key, into key) pairs, and the next provisional key.
    """
    from scipy import sparse

    if not clusters:
        return [], [], next_key
    is_sparse = sparse.issparse(matrix)
    n_cl = len(clusters)
    # the clusters' sums in one product: indicator (clusters x rows) @ matrix
    member = np.concatenate([np.asarray(c.rows, dtype=np.int64) for c in clusters])
    owner = np.repeat(np.arange(n_cl), [len(c.rows) for c in clusters])
    ind = sparse.csr_matrix((np.ones(len(member)), (owner, member)), shape=(n_cl, matrix.shape[0]))
    c_mat = (ind @ matrix).tocsr() if is_sparse else np.asarray(ind @ matrix)
    if is_sparse:
        c_mat.sort_indices()
    cc = gram(c_mat, c_mat, dense_from)  # cluster x cluster dot products of the sums
    cols: list[StoryAcc] = list(stories)
    n0 = len(cols)
    if totals is None and cols:
        totals = (
            sparse.vstack([s.total for s in cols])
            if is_sparse
            else np.vstack([np.asarray(s.total).reshape(1, -1) for s in cols])
        )
    # room for one new story per cluster: columns are never reallocated
    dots = np.zeros((n_cl, n0 + n_cl), dtype=np.float64)
    if n0:
        # (totals @ c_mat.T).T: scipy converts the small right operand, never the totals
        dots[:, :n0] = gram(totals, c_mat, dense_from).T
    sizes = np.zeros(n0 + n_cl, dtype=np.float64)
    firsts = np.full(n0 + n_cl, np.nan)
    lasts = np.full(n0 + n_cl, np.nan)
    sizes[:n0] = [s.size for s in cols]
    firsts[:n0] = [_ord(s.first) for s in cols]
    lasts[:n0] = [_ord(s.last) for s in cols]
    alive = np.zeros(n0 + n_cl, dtype=bool)
    alive[:n0] = True
    touched: dict[int, StoryAcc] = {}
    merges: list[tuple[int, int]] = []

    def total_of(j: int) -> Any:
        acc = cols[j]
        if acc.total is None:
            acc.total = totals[j] if is_sparse else np.asarray(totals[j]).reshape(1, -1)
        return acc.total

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
        with np.errstate(divide="ignore", invalid="ignore"):
            sim_c = np.where(ok, dots[ci] / (n_c * np.maximum(sizes, 1.0)), -np.inf)
        best = int(np.argmax(sim_c)) if alive.any() else -1
        own_sum = c_mat[ci] if is_sparse else c_mat[ci : ci + 1]
        if best >= 0 and sim_c[best] >= threshold:
            target = cols[best]
            target.total = total_of(best) + own_sum
            target.size += n_c
            dots[:, best] += cc[:, ci]
        else:
            target = StoryAcc(next_key, n_c, own_sum, cl.first, cl.last)
            next_key -= 1
            best = len(cols)
            cols.append(target)
            stories.append(target)
            alive[best] = True
            dots[:, best] = cc[:, ci]
        target.first = _span(target.first, cl.first, min)
        target.last = _span(target.last, cl.last, max)
        sizes[best], firsts[best], lasts[best] = target.size, _ord(target.first), _ord(target.last)
        own = row_dots(_rows(matrix, cl.rows), target.total) / target.size
        for r, sim in zip(cl.rows, own.tolist(), strict=True):
            target.members.append((int(pks[r]), round(float(sim), 4)))
        touched[id(target)] = target
        # A story the grown one now reaches by average link is merged into it. The mean
        # over the union is a size-weighted mean of (old story, cluster), so only stories
        # the cluster alone reaches can qualify.
        cands = [j for j in np.argsort(-sim_c).tolist() if j != best and sim_c[j] >= threshold]
        for j in cands:
            if not alive[j] or not near(target.first, target.last)[j]:
                continue
            other = cols[j]
            sim = float(row_dots(total_of(j), target.total)[0]) / (target.size * other.size)
            if sim < threshold:
                continue
            keep_j, gone_j = (best, j) if _keeps(target, other) else (j, best)
            keep, gone = cols[keep_j], cols[gone_j]
            keep.total = total_of(keep_j) + total_of(gone_j)
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
