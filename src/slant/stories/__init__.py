"""STORIES: group stored articles that tell the same event, across outlets.

``assign(store)`` puts every stored article without a story into one (incremental: the
vectors and stories of earlier runs are reused, never recomputed); ``rebuild=True``
reclusters everything. Stories read Articles from the store and write story rows through
:mod:`slant.store.stories`; they never import analyzers.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from slant.store import Store

__all__ = ["DEFAULTS", "AssignReport", "StoryOptions", "assign", "representation"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryOptions:
    """How articles are grouped.

    Attributes:
        representation: ``tfidf`` (hashed TF-IDF over the store's words), ``mixed``
            (TF-IDF and MiniLM) or ``minilm``; None: the one the store's stories were
            made with, else ``mixed``.
        threshold: lowest average-link similarity within a story (None: the measured
            default of the representation).
        window: days: two dated articles further apart are never in one story
            (None: dates unused).
        chunk: new articles clustered together before being matched to stories.
    """

    representation: str | None = None
    threshold: float | None = None
    window: int | None = 3
    chunk: int = 3000


# Thresholds chosen on the story-cluster sets (docs/models.md, "stories").
DEFAULTS: dict[str, float] = {"tfidf": 0.24, "mixed": 0.30, "minilm": 0.61}


@dataclass(frozen=True)
class AssignReport:
    """What a run of :func:`assign` did."""

    articles: int  # articles assigned in this run
    vectors: int  # vectors computed (the rest were stored already)
    opened: int  # new stories
    grown: int  # existing stories that received articles
    merges: int
    stories: int  # live stories afterwards
    seconds: float
    cpu_seconds: float


NAMES = ("tfidf", "mixed", "minilm")
DEFAULT_REPRESENTATION = "mixed"
SPARSE_WIDTH = (1 << 20) + 384  # hashed words, then the MiniLM dimensions of ``mixed``
KEEP_COUNTS = 25_000_000  # word counts kept between the two TF-IDF passes (~200 MB)


def representation(name: str) -> Any:
    """The vectoriser behind ``name`` (``tfidf`` and ``mixed`` share the TF-IDF one).

    Raises:
        UsageError: not one of tfidf, mixed, minilm.
    """
    from slant.errors import UsageError
    from slant.stories.represent import MiniLMSentences, TfidfHasher

    if name in ("tfidf", "mixed"):
        return TfidfHasher()
    if name == "minilm":
        return MiniLMSentences()
    raise UsageError(f"--representation must be one of {', '.join(NAMES)}, not {name!r}")


def _matrix(blobs: Sequence[bytes], name: str) -> Any:
    if name in ("tfidf", "mixed"):
        from scipy import sparse

        from slant.stories.represent import decode_count

        # filled in place from the stored bytes (encode_sparse: count, indices, values):
        # no per-row arrays, so tens of thousands of story sums cost one matrix
        sizes = np.array([decode_count(b) for b in blobs], dtype=np.int64)
        indptr = np.zeros(len(blobs) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        indices = np.empty(int(indptr[-1]), dtype=np.int32)
        data = np.empty(int(indptr[-1]), dtype=np.float64)
        for i, b in enumerate(blobs):
            lo, hi, n = int(indptr[i]), int(indptr[i + 1]), int(sizes[i])
            indices[lo:hi] = np.frombuffer(b, dtype="<i4", count=n, offset=4)
            data[lo:hi] = np.frombuffer(b, dtype="<f4", count=n, offset=4 + 4 * n)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(blobs), SPARSE_WIDTH))
    return np.stack([np.frombuffer(b, dtype="<f4").astype(np.float64) for b in blobs])


def _to_blob(total: Any, name: str) -> bytes:
    if name in ("tfidf", "mixed"):
        from slant.stories.represent import SparseVector, encode_sparse

        row = total.tocsr()
        row.sum_duplicates()
        return encode_sparse(SparseVector(row.indices.astype(np.int32), row.data))
    return np.asarray(total, dtype="<f4").ravel().tobytes()


def _from_blob(blob: bytes, name: str) -> Any:
    return _matrix([blob], name)


def _texts(store: Store, pks: Sequence[int]) -> list[tuple[int, str | None, str]]:
    from sqlalchemy import select

    from slant.store.tables import ArticleRow

    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ArticleRow.pk, ArticleRow.title, ArticleRow.text).where(ArticleRow.pk.in_(pks))
        ).all()
    return [(int(pk), title, text) for pk, title, text in rows]


def sentence_vectors(store: Store, docs: Sequence[tuple[int, str | None, str]]) -> dict[int, Any]:
    """The sentence vectors (float32, L2-normalised) of these ``(pk, title, text)``
    articles: the stored ones the analysis workers computed at ingest, the rest computed
    now (and stored, so no later run computes them again)."""
    from slant.sentence_vectors import ENCODER, article_vector, from_bytes
    from slant.store import stories as rows

    with store.engine.connect() as conn:
        blobs = rows.load_sentence_vectors(conn, [pk for pk, _, _ in docs], ENCODER)
    new = {pk: article_vector(title, text) for pk, title, text in docs if pk not in blobs}
    if new:
        with store.engine.begin() as conn:
            rows.save_sentence_vectors(conn, new, ENCODER)
    blobs.update(new)
    return {pk: from_bytes(blobs[pk]) for pk, _, _ in docs}


def compute_vectors(store: Store, pks: Sequence[int], name: str, *, batch: int = 900) -> int:
    """Compute and store the vectors these articles lack; returns how many were computed.

    TF-IDF weights count the new articles first (their words' document frequencies are
    added to the store's), then weigh each one, as a vectoriser fitted on the whole batch
    would. The sentence vectors of ``mixed`` and ``minilm`` are read from the store where
    the analysis workers stored them (:func:`sentence_vectors`)."""
    from slant.store import stories as rows
    from slant.stories.represent import encode_sparse, mix

    vectoriser = representation(name)
    with store.engine.connect() as conn:
        todo = rows.missing_vectors(conn, pks, name)
    if not todo:
        return 0
    parts = [todo[i : i + batch] for i in range(0, len(todo), batch)]
    if name == "minilm":
        for part in parts:
            dense = sentence_vectors(store, _texts(store, part))
            vectors = {pk: v.astype("<f4").tobytes() for pk, v in dense.items()}
            with store.engine.begin() as conn:
                rows.save_vectors(conn, vectors, name)
        return len(todo)
    with store.engine.connect() as conn:
        df, documents = rows.load_terms(conn)
    changed: set[int] = set()
    # pass 1 keeps each article's counts as two small arrays (about 1.4 KB an article)
    # for pass 2, up to KEEP_COUNTS numbers in all; beyond that pass 2 counts again
    kept: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    room = KEEP_COUNTS
    for part in parts:  # pass 1: document frequencies, this batch included
        for pk, title, text in _texts(store, part):
            tf = vectoriser.counts(title, text)
            df.update(tf.keys())
            changed.update(tf.keys())
            documents += 1
            if room >= len(tf):
                kept[pk] = (
                    np.fromiter(tf.keys(), dtype=np.int32, count=len(tf)),
                    np.fromiter(tf.values(), dtype=np.int32, count=len(tf)),
                )
                room -= len(tf)
    with store.engine.begin() as conn:
        rows.save_terms(conn, {t: df[t] for t in changed}, documents)
    for part in parts:  # pass 2: weigh
        docs = _texts(store, part)
        dense = sentence_vectors(store, docs) if name == "mixed" else {}
        out = {}
        for pk, title, text in docs:
            if pk in kept:
                vec = vectoriser.weigh_arrays(*kept.pop(pk), df, documents)
            else:
                vec = vectoriser.weigh(vectoriser.counts(title, text), df, documents)
            if name == "mixed":
                vec = mix(vec, dense[pk])
            out[pk] = encode_sparse(vec)
        with store.engine.begin() as conn:
            rows.save_vectors(conn, out, name)
    return len(todo)


def assign(
    store: Store,
    options: StoryOptions | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> AssignReport:
    """Assign every stored article without a story to one.

    Args:
        store: the corpus.
        options: representation, threshold, date window.
        rebuild: forget every story first and recluster all articles (vectors are kept).
        progress: called with (articles done, articles to do) after each chunk.

    Returns:
        What was done.
    """
    from slant.store import stories as rows
    from slant.stories.cluster import StoryAcc, chunk_clusters, match_clusters
    from slant.stories.represent import DIM

    opts = options or StoryOptions()
    name = opts.representation
    if name is None:
        with store.engine.connect() as conn:
            name = None if rebuild else _stored_representation(conn)
        name = name or DEFAULT_REPRESENTATION
    threshold = opts.threshold if opts.threshold is not None else DEFAULTS[name]
    representation(name)  # reject an unknown name before touching anything
    t0, c0 = time.perf_counter(), time.process_time()
    with store.engine.begin() as conn:
        if rebuild:  # everything again, vectors and word counts included
            rows.clear_stories(conn)
            for other in NAMES:
                rows.clear_vectors(conn, other)
        else:
            _check_representation(conn, name)
    with store.engine.connect() as conn:
        pending = rows.pending_articles(conn)
    computed = compute_vectors(store, [p.pk for p in pending], name)
    opened = grown = n_merges = 0
    done = 0
    next_key = -1
    for start in range(0, len(pending), opts.chunk):
        part = pending[start : start + opts.chunk]
        with store.engine.connect() as conn:
            blobs = rows.load_vectors(conn, [p.pk for p in part], name)
            dates = [p.published for p in part]
            known = [d for d in dates if d is not None]
            window = opts.window
            if window is not None and known:
                lo = min(known) - dt.timedelta(days=window)
                hi = max(known) + dt.timedelta(days=window)
                states = rows.live_stories(
                    conn,
                    representation=name,
                    since=lo,
                    until=hi,
                    undated=True,  # a story with no date is compared by content alone
                )
            else:
                states = rows.live_stories(conn, representation=name)
            if len(known) < len(dates) and window is not None and known:
                # undated articles may join any story: add the rest
                seen = {s.id for s in states}
                states += [
                    s for s in rows.live_stories(conn, representation=name) if s.id not in seen
                ]
        matrix = _matrix([blobs.pop(p.pk) for p in part], name)
        use_window = opts.window
        dense_from = DIM if name == "mixed" else None  # mixed: MiniLM columns from 2^20 on
        clusters = chunk_clusters(
            matrix, dates, threshold=threshold, window=use_window, dense_from=dense_from
        )
        states = [s for s in states if s.centroid is not None and s.size > 0]
        # the stories' sums read in one matrix; match_clusters takes a row out when touched
        accs = [StoryAcc(s.id, s.size, None, s.first, s.last) for s in states]
        totals = _matrix([s.centroid for s in states], name) if states else None
        del states  # the stored bytes are no longer needed
        touched, merges, next_key = match_clusters(
            matrix,
            clusters,
            [p.pk for p in part],
            accs,
            threshold=threshold,
            window=use_window,
            next_key=next_key,
            totals=totals,
            dense_from=dense_from,
        )
        del totals, accs
        with store.engine.begin() as conn:
            fresh = [acc.key for acc in touched if acc.key < 0]
            ids = dict(zip(fresh, rows.create_stories(conn, len(fresh), name), strict=True))
            ids.update({acc.key: acc.key for acc in touched if acc.key > 0})
            opened += len(fresh)
            grown += len(touched) - len(fresh)
            for gone, keep in merges:
                if gone > 0:  # a stored story always survives one opened in this run
                    rows.merge_story(conn, gone, keep)
                    n_merges += 1
            heads = _headlines(conn, touched, ids, matrix, part, name)
            rows.assign_articles_to(conn, [(ids[acc.key], acc.members) for acc in touched])
            states_out = []
            for acc in touched:
                sid = ids[acc.key]
                head_pk, headline = heads[sid]
                states_out.append(
                    {
                        "id": sid,
                        "size": acc.size,
                        "first": acc.first,
                        "last": acc.last,
                        "centroid": _to_blob(acc.total, name),
                        "headline": headline,
                        "headline_pk": head_pk,
                    }
                )
            rows.update_stories(conn, states_out)
        done += len(part)
        if progress is not None:
            progress(done, len(pending))
    with store.engine.connect() as conn:
        live = len(rows.live_stories(conn, representation=name))
    return AssignReport(
        articles=len(pending),
        vectors=computed,
        opened=opened,
        grown=grown,
        merges=n_merges,
        stories=live,
        seconds=time.perf_counter() - t0,
        cpu_seconds=time.process_time() - c0,
    )


def _stored_representation(conn: Any) -> str | None:
    from sqlalchemy import select

    from slant.store.tables import StoryRow

    found = conn.scalar(
        select(StoryRow.representation).where(StoryRow.merged_into.is_(None)).limit(1)
    )
    return str(found) if found is not None else None


def _check_representation(conn: Any, name: str) -> None:
    from sqlalchemy import select

    from slant.errors import UsageError
    from slant.store.tables import StoryRow

    other = conn.scalar(
        select(StoryRow.representation)
        .where(StoryRow.representation != name, StoryRow.merged_into.is_(None))
        .limit(1)
    )
    if other is not None:
        raise UsageError(
            f"the stored stories were made with --representation {other}: run slant stories "
            f"--rebuild to recluster everything with {name}"
        )


def _headlines(
    conn: Any,
    touched: Sequence[Any],
    ids: dict[int, int],
    matrix: Any,
    part: Sequence[Any],
    name: str,
) -> dict[int, tuple[int | None, str | None]]:
    """story id → (pk, title) of its most central titled member whose title carries no
    persuasion technique (:func:`slant.store.headlines.loaded_titles`), else of its most
    central titled member, among the members new in this chunk and the current headline
    (whose vector is read back)."""
    from sqlalchemy import select

    from slant.store import stories as rows
    from slant.store.headlines import loaded_titles
    from slant.store.tables import StoryRow
    from slant.stories.cluster import row_dots

    sids = [ids[a.key] for a in touched]
    current: dict[int, tuple[int | None, str | None]] = {}
    for i in range(0, len(sids), 900):
        for sid, pk, title in conn.execute(
            select(StoryRow.id, StoryRow.headline_pk, StoryRow.headline).where(
                StoryRow.id.in_(sids[i : i + 900])
            )
        ):
            current[int(sid)] = (int(pk) if pk is not None else None, title)
    old_pks = [pk for pk, _ in current.values() if pk is not None]
    old = rows.load_vectors(conn, old_pks, name)
    row_of = {p.pk: (r, p.title) for r, p in enumerate(part)}
    loaded = loaded_titles(
        conn, [pk for a in touched for pk, _ in a.members if pk in row_of] + old_pks
    )
    out: dict[int, tuple[int | None, str | None]] = {}
    for acc in touched:
        sid = ids[acc.key]
        cur_pk, cur_title = current.get(sid, (None, None))
        cands = [(pk, row_of[pk][1]) for pk, _ in acc.members if pk in row_of and row_of[pk][1]]
        sims = (
            row_dots(
                matrix[np.array([row_of[pk][0] for pk, _ in cands], dtype=np.int64)], acc.total
            ).tolist()
            if cands
            else []
        )
        if cur_pk is not None and cur_pk in old and cur_title:
            cands.append((cur_pk, cur_title))
            sims.append(float(row_dots(_from_blob(old[cur_pk], name), acc.total)[0]))
        if not cands:
            out[sid] = (cur_pk, cur_title)
            continue
        plain = [i for i, (pk, _) in enumerate(cands) if pk not in loaded]
        pick = max(plain, key=sims.__getitem__) if plain else int(np.argmax(sims))
        out[sid] = cands[pick]
    return out
