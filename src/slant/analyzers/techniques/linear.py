"""The techniques analyzer's TF-IDF linear scores without scikit-learn.

Importing scikit-learn (and SciPy) costs seconds; :class:`LinearScorer` reproduces the
fitted ``TfidfVectorizer`` transform of :class:`~slant.analyzers.techniques.features.TextFeaturizer`
(same analyzers, sublinear tf, idf, l2 norm) with plain Python and NumPy and scores a linear
model directly. ``tests/training/test_techniques_features.py`` checks it against
scikit-learn.

The character n-grams of a text are those of its words, each word on its own (``char_wb``),
so the vocabulary ids of a word's n-grams are looked up once per distinct word and kept
(:meth:`LinearScorer.char_ids`, for the first 2,048 distinct words a scorer meets): most
words of an article are common ones met before. The ids come out
in the order the n-grams would, so the counts, the ids' order and the scores are the same,
bit for bit, as counting the n-gram strings (``tests/analyzers/test_techniques_linear.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["LinearScorer", "char_wb_grams", "word_char_grams", "word_grams"]

_WS2 = re.compile(r"\s\s+")
_TOKEN = re.compile(r"(?u)\b\w+\b|[!?\"“”]")
# distinct words whose n-gram ids a scorer keeps: the first ones met, which are mostly the
# frequent ones. 2,048 words (about 0.5 MB a scorer) save as much CPU on 100 PTC articles
# as an unbounded cache (18k words after 100 articles, and growing with every new word).
_CACHE_WORDS = 2048
_NO_COLUMNS = np.zeros(0, dtype=np.int64)
_NO_VALUES = np.zeros(0, dtype=np.float64)


def word_grams(text: str, max_n: int) -> list[str]:
    """scikit-learn's word 1..``max_n``-grams of the techniques vectorizers, in its order."""
    toks = _TOKEN.findall(text.lower())
    grams = list(toks)
    for n in range(2, max_n + 1):
        grams += [" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)]
    return grams


def _words(text: str) -> list[str]:
    """The words ``char_wb`` cuts a text into (lower-cased, split on white space)."""
    return _WS2.sub(" ", text.lower()).split()


def word_char_grams(word: str, min_n: int = 2, max_n: int = 5) -> list[str]:
    """The ``char_wb`` n-grams of one lower-cased word, padded with a space either side.

    A word no longer than n gives itself once, and the longer n-grams are not taken.
    """
    w = " " + word + " "
    size = len(w)
    grams: list[str] = []
    for n in range(min_n, max_n + 1):
        if size <= n:  # a short word counts once
            grams.append(w)
            break
        grams += [w[i : i + n] for i in range(size - n + 1)]
    return grams


def char_wb_grams(text: str, min_n: int = 2, max_n: int = 5) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams of a text, in its order (word after word)."""
    grams: list[str] = []
    for w in _words(text):
        grams += word_char_grams(w, min_n, max_n)
    return grams


class LinearScorer:
    """Linear scores ``W·x + b`` of the TF-IDF + dense features of texts, NumPy only.

    Args:
        vocab: the three saved vocabularies (``word``, ``char``, ``ctx``).
        idf: their idf arrays.
        coef: (labels × features) weights in the column order of
            :meth:`~slant.analyzers.techniques.features.TextFeaturizer.transform`.
        bias: one intercept per label.
    """

    def __init__(
        self,
        vocab: dict[str, dict[str, int]],
        idf: dict[str, np.ndarray],
        coef: np.ndarray,
        bias: np.ndarray,
    ) -> None:
        self.vocab = vocab
        self.idf = {k: v.astype(np.float64) for k, v in idf.items()}
        self.offset: dict[str, int] = {}
        pos = 0
        for k in ("word", "char", "ctx"):
            self.offset[k] = pos
            pos += len(idf[k])
        self.dense_offset = pos
        self.coef_t = np.ascontiguousarray(coef.T.astype(np.float32))  # features × labels
        self.bias = bias.astype(np.float32)
        self._char_ids: dict[str, list[int]] = {}  # word → ids of its in-vocabulary n-grams

    def char_ids(self, text: str) -> list[int]:
        """Vocabulary ids of the text's in-vocabulary char n-grams, in n-gram order.

        The same ids as ``[voc[g] for g in char_wb_grams(text) if g in voc]``, looked up
        once per distinct word.
        """
        voc, cache = self.vocab["char"], self._char_ids
        out: list[int] = []
        for w in _words(text):
            ids = cache.get(w)
            if ids is None:
                ids = [i for i in map(voc.get, word_char_grams(w)) if i is not None]
                if len(cache) < _CACHE_WORDS:
                    cache[w] = ids
            out += ids
        return out

    def _block(self, kind: str, grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
        voc = self.vocab[kind]
        # filter and count in C (no Python frame per gram)
        counts = Counter(filter(voc.__contains__, grams))
        return self._weights(kind, list(map(voc.__getitem__, counts)), counts.values())

    def _weights(
        self, kind: str, idx: list[int], counts: Iterable[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Column indexes and l2-normalised sublinear TF-IDF values (float64) of the
        vocabulary ids ``idx`` seen ``counts`` times."""
        if not idx:
            return _NO_COLUMNS, _NO_VALUES
        ids = np.fromiter(idx, dtype=np.int64, count=len(idx))
        val = (np.log(np.fromiter(counts, dtype=np.float64)) + 1.0) * self.idf[kind][ids]
        val /= np.sqrt((val * val).sum())
        ids += self.offset[kind]
        return ids, val

    def scores(
        self, texts: Sequence[str], contexts: Sequence[str], dense: Sequence[Sequence[float]]
    ) -> np.ndarray:
        """An array (texts × labels) of linear scores.

        Each row is ``x @ coef_t[columns] + bias`` over the text's non-zero features only,
        in a fixed column order (word, char, context blocks, then the dense features): the
        values are cast to float32 once, as one array, as the list of floats was.
        """
        out = np.empty((len(texts), len(self.bias)), dtype=np.float32)
        for r, (text, ctx, d) in enumerate(zip(texts, contexts, dense, strict=True)):
            i1, v1 = self._block("word", word_grams(text, 2))
            chars = Counter(self.char_ids(text))  # ids in first-occurrence order
            i2, v2 = self._weights("char", list(chars), chars.values())
            i3, v3 = self._block("ctx", word_grams(ctx, 1))
            idx = np.concatenate(
                (i1, i2, i3, np.arange(self.dense_offset, self.dense_offset + len(d)))
            )
            val = np.concatenate((v1, v2, v3, np.asarray(d, dtype=np.float64)))
            out[r] = val.astype(np.float32) @ self.coef_t[idx] + self.bias
        return out
