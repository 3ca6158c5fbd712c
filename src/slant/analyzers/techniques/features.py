"""Features shared by the techniques analyzer and its trainer.

Everything here reads the shared spaCy parse; nothing re-parses. The learned parts (TF-IDF
vocabularies, idf weights, word-vector cluster centroids) are saved as JSON/npz state, so no
pickle crosses library versions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from slant.analyzers.techniques.encoder import DIM
from slant.analyzers.techniques.linear import LinearScorer

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from spacy.tokens import Doc, Token

__all__ = [
    "ClusterMap",
    "LinearScorer",
    "TextFeaturizer",
    "article_counts",
    "pool_tokens",
    "range_sequences",
    "sequence_state_features",
    "sequences",
    "span_dense",
    "token_features",
    "token_state_features",
]

_QUOTES = frozenset('"“”«»„')
_WORD = re.compile(r"\w+")


def sequences(doc: Doc, start: int = 0, end: int | None = None) -> list[list[Token]]:
    """Token sequences for tagging: spaCy sentences, also cut at line breaks, no spaces."""
    end = len(doc.text) if end is None else end
    out: list[list[Token]] = []
    cur: list[Token] = []
    for tok in doc:
        if tok.idx < start or tok.idx >= end:
            continue
        if tok.is_space:
            if "\n" in tok.text or "\r" in tok.text:
                if cur:
                    out.append(cur)
                cur = []
            continue
        if tok.is_sent_start and cur:
            out.append(cur)
            cur = []
        cur.append(tok)
    if cur:
        out.append(cur)
    return out


def range_sequences(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[list[list[Token]]]:
    """:func:`sequences` of each ``(start, end)`` range (one list per range).

    The same sequences as ``[sequences(doc, s, e) for s, e in ranges]``, but the
    document's tokens are walked once (a bisection finds each range's tokens) instead of
    once per range: on a 40-paragraph article that walk was a fifth of the analyzer.
    """
    from bisect import bisect_left

    idx = [t.idx for t in doc]  # token starts, in document order (ascending)
    out: list[list[list[Token]]] = []
    for start, end in ranges:
        seqs: list[list[Token]] = []
        cur: list[Token] = []
        for i in range(bisect_left(idx, start), bisect_left(idx, end)):
            tok = doc[i]
            if tok.is_space:
                if "\n" in tok.text or "\r" in tok.text:
                    if cur:
                        seqs.append(cur)
                    cur = []
                continue
            if tok.is_sent_start and cur:
                seqs.append(cur)
                cur = []
            cur.append(tok)
        if cur:
            seqs.append(cur)
        out.append(seqs)
    return out


def article_counts(doc: Doc) -> Counter[str]:
    """How often each lower-cased content word occurs in the article (Repetition cue)."""
    return Counter(t.lower_ for t in doc if t.is_alpha and not t.is_stop and len(t) > 2)


class ClusterMap:
    """Word → cluster id by nearest centroid of the spaCy word vectors (cached per word).

    The cache is keyed by the exact word form, as the vectors are: a key that merged
    "Trump" and "trump" made an article's features depend on the articles analysed before
    it in the same process.
    """

    def __init__(self, centroids: np.ndarray) -> None:
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        self.centroids = (centroids / np.maximum(norms, 1e-8)).astype(np.float32)
        self._cache: dict[str, str] = {}

    def __call__(self, tok: Token) -> str:
        key = tok.orth_
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if not tok.has_vector:
            cid = "-"
        else:
            v = tok.vector
            n = float(np.linalg.norm(v))
            cid = str(int(np.argmax(self.centroids @ (v / n)))) if n > 0 else "-"
        if len(self._cache) < 200_000:
            self._cache[key] = cid
        return cid


def _shape(tok: Token) -> str:
    s = tok.shape_
    return s[:4]


def token_features(
    seq: Sequence[Token], counts: Counter[str], cluster: ClusterMap
) -> list[list[str]]:
    """CRF features (binary, as strings) for every token of one sequence.

    Each token's features come in a fixed order (crfsuite sums their weights in it): its
    own (word, suffix, prefix, shape, tag, cluster, entity, in quotes, sequence length,
    then the flags), then those of the tokens two before to two after, then the bigrams.
    Every token attribute is read once.
    """
    n = len(seq)
    texts = [t.text for t in seq]
    words = [t.lower_ for t in seq]
    tags = [t.tag_ for t in seq]
    clus = [cluster(t) for t in seq]
    has_excl = "!" in texts
    has_q = "?" in texts
    inside = False
    in_quote: list[bool] = []
    for t, x in zip(seq, texts, strict=True):
        if x in _QUOTES or (x == "'" and t.is_punct):
            inside = not inside
            in_quote.append(True)
        else:
            in_quote.append(inside)
    size = "len=" + str(min(n // 10, 5))
    get = counts.get
    out: list[list[str]] = []
    for i, t in enumerate(seq):
        w = words[i]
        f = [
            "bias",
            "w=" + w,
            "s3=" + w[-3:],
            "p3=" + w[:3],
            "sh=" + t.shape_[:4],
            "t=" + tags[i],
            "c=" + clus[i],
            "e=" + (t.ent_type_ or "-"),
            "q=True" if in_quote[i] else "q=False",
            size,
        ]
        if t.is_title:
            f.append("title")
        if t.is_upper and len(texts[i]) > 1:
            f.append("upper")
        if t.is_stop:
            f.append("stop")
        c = get(w, 0)
        if c >= 3:
            f.append("rep3")
        if c >= 5:
            f.append("rep5")
        if has_excl:
            f.append("s!")
        if has_q:
            f.append("s?")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}w={words[j]}")
                f.append(f"{d}t={tags[j]}")
                f.append(f"{d}c={clus[j]}")
        if i > 0:
            f.append(f"bw={words[i - 1]}|{w}")
        if i < n - 1:
            f.append(f"fw={w}|{words[i + 1]}")
        out.append(f)
    return out


DENSE_NAMES = (
    "log_chars",
    "log_tokens",
    "log_repeats",
    "max_word_repeats",
    "share_of_sentence",
    "has_excl",
    "has_q",
    "in_quotes",
    "upper_share",
    "title_share",
    "one_word",
)


def pool_tokens(states: Any, seqs: Sequence[Sequence[Token]]) -> np.ndarray:
    """Pooled MiniLM states of every token of ``seqs``, in order (one row per token)."""
    return states.pool([(t.idx, t.idx + len(t)) for seq in seqs for t in seq])


def token_state_features(
    states: Any, seq: Sequence[Token], own: np.ndarray | None = None
) -> np.ndarray:
    """MiniLM features of each token of a sequence for the token head of the span finder.

    One row per token: [its pooled word-piece states, the mean of the two tokens before,
    the mean of the two after] (3 × 384); the neighbours stay inside the sequence.
    ``own``: the sequence's rows of :func:`pool_tokens`, when already pooled.
    """
    if own is None:
        own = pool_tokens(states, [seq])
    n = len(seq)
    prev = np.zeros_like(own)
    nxt = np.zeros_like(own)
    # whole-array form of prev[i] = mean(own[i-2:i]), nxt[i] = mean(own[i+1:i+3])
    if n > 1:
        prev[1] = own[0]
        nxt[n - 2] = own[n - 1]
    if n > 2:
        prev[2:] = (own[:-2] + own[1:-1]) / 2
        nxt[: n - 2] = (own[1:-1] + own[2:]) / 2
    return np.hstack([own, prev, nxt])


def sequence_state_features(
    states: Any, seqs: Sequence[Sequence[Token]], own: np.ndarray | None = None
) -> np.ndarray:
    """MiniLM features of each token sequence (sentence) for the sentence head.

    One row per sequence: [the L2-normalised mean of its tokens' pooled states, their
    element-wise max, log(1 + tokens), the sum of the previous and next sequences' means]
    (3 × dim + 1). Propaganda clusters in sentences and passages; the token head sees two
    words either side, this sees the sentence and its neighbours. ``own``: the rows of
    :func:`pool_tokens` for ``seqs``, when already pooled.
    """
    n = len(seqs)
    if not n:
        width = getattr(getattr(states, "states", None), "shape", (0, DIM))[1]
        return np.zeros((0, 3 * width + 1), dtype=np.float32)
    if own is None:
        own = pool_tokens(states, seqs)
    dim = own.shape[1]  # the encoder's width: 384 (MiniLM) or 768 (MPNet)
    out = np.zeros((n, 3 * dim + 1), dtype=np.float32)
    bounds = np.cumsum([0, *(len(seq) for seq in seqs)])
    for i in range(n):
        rows = own[bounds[i] : bounds[i + 1]]
        if not len(rows):
            continue
        mean = rows.mean(axis=0)
        out[i, :dim] = mean / max(float(np.linalg.norm(mean)), 1e-8)
        out[i, dim : 2 * dim] = rows.max(axis=0)
        out[i, 2 * dim] = np.log1p(len(rows))
    means = out[:, :dim]
    out[1:, 2 * dim + 1 :] += means[:-1]
    out[:-1, 2 * dim + 1 :] += means[1:]
    return out


def span_dense(
    text: str,
    start: int,
    end: int,
    sentence: tuple[int, int],
    text_low: str | None = None,
    seen: dict[str, int] | None = None,
) -> list[float]:
    """Dense features of one span: length, repetition in the article, punctuation, case.

    ``text_low`` (``text.lower()``) and ``seen`` (a dict kept across the calls of one
    article: word → its count in ``text_low``) save recomputing them for every span.
    """
    s = text[start:end]
    low = s.lower().strip()
    words = _WORD.findall(s)
    n_tok = max(1, len(words))
    if text_low is None:
        text_low = text.lower()
    repeats = text_low.count(low) if low else 0
    if seen is None:
        seen = {}
    word_reps = 0
    for w in words:
        if len(w) > 3:
            wl = w.lower()
            c = seen.get(wl)
            if c is None:
                c = seen[wl] = text_low.count(wl)
            word_reps = max(word_reps, c)
    sent_len = max(1, sentence[1] - sentence[0])
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    return [
        math.log1p(len(s)),
        math.log1p(n_tok),
        math.log1p(repeats),
        math.log1p(word_reps),
        min(1.0, len(s) / sent_len),
        float("!" in s),
        float("?" in s),
        float(bool(set(before + after) & (_QUOTES | {"'"}))),
        sum(w.isupper() and len(w) > 1 for w in words) / n_tok,
        sum(w[:1].isupper() for w in words) / n_tok,
        float(len(words) == 1),
    ]


class TextFeaturizer:
    """Word 1–2-gram and char 2–5-gram TF-IDF of a text and word TF-IDF of its context.

    Built from saved vocabularies and idf weights (:meth:`from_state`) or fitted
    (:meth:`fit`); :meth:`transform` stacks the blocks with the dense features.
    """

    def __init__(self, vectorizers: dict[str, Any]) -> None:
        self.vectorizers = vectorizers

    @staticmethod
    def _make(kind: str, vocabulary: dict[str, int] | None = None, **kw: Any) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if kind == "char":
            return TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                lowercase=True,
                sublinear_tf=True,
                vocabulary=vocabulary,
                dtype=np.float32,
                **kw,
            )
        return TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2) if kind == "word" else (1, 1),
            lowercase=True,
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b|[!?\"“”]",
            vocabulary=vocabulary,
            dtype=np.float32,
            **kw,
        )

    @classmethod
    def fit(
        cls, texts: Sequence[str], contexts: Sequence[str], *, max_char: int = 40_000
    ) -> TextFeaturizer:
        """Fit the three vocabularies on training texts and their contexts."""
        vec = {
            "word": cls._make("word", min_df=2, max_features=40_000).fit(texts),
            "char": cls._make("char", min_df=3, max_features=max_char).fit(texts),
            "ctx": cls._make("ctx", min_df=3, max_features=20_000).fit(contexts),
        }
        return cls(vec)

    def transform(
        self, texts: Sequence[str], contexts: Sequence[str], dense: Sequence[Sequence[float]]
    ) -> csr_matrix:
        """The stacked sparse feature matrix (one row per text)."""
        from scipy.sparse import csr_matrix, hstack

        blocks = [
            self.vectorizers["word"].transform(texts),
            self.vectorizers["char"].transform(texts),
            self.vectorizers["ctx"].transform(contexts),
            csr_matrix(np.asarray(dense, dtype=np.float32).reshape(len(texts), -1)),
        ]
        return hstack(blocks, format="csr", dtype=np.float32)

    def state(self) -> tuple[dict[str, dict[str, int]], dict[str, np.ndarray]]:
        """(vocabularies for JSON, idf arrays for npz)."""
        vocab = {
            k: {t: int(i) for t, i in v.vocabulary_.items()} for k, v in self.vectorizers.items()
        }
        idf = {k: v.idf_.astype(np.float32) for k, v in self.vectorizers.items()}
        return vocab, idf

    @classmethod
    def from_state(
        cls, vocab: dict[str, dict[str, int]], idf: dict[str, np.ndarray]
    ) -> TextFeaturizer:
        """Rebuild fitted vectorizers from saved vocabularies and idf weights."""
        vec = {}
        for k in ("word", "char", "ctx"):
            v = cls._make(k, vocabulary=vocab[k])
            v.idf_ = idf[k].astype(np.float64)
            vec[k] = v
        return cls(vec)
