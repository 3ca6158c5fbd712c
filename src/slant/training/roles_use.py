"""USE rows of SemEval-2025 role mentions in every language, for the USE fine-role head.

The roles model's MiniLM rows exist for English only; :mod:`slant.analyzers.roles.use`
rows (USE v3 vectors of the mention's context and of the mention) exist for the
Portuguese, Russian and Bulgarian train mentions too, which then train the USE fine-role
head beside the English ones. They only ever enter the training side: the scored mentions
are English. Rows can be cached in a folder (``use_<LANG>_<context>.npz``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers.roles.use import use_rows, width
from slant.labels import FINE_ROLES
from slant.training.semeval2025 import DATA, read_documents, read_mentions

__all__ = ["DEFAULT_LANGS", "attach_use", "fit_use_fine", "foreign_rows"]

log = logging.getLogger(__name__)
DEFAULT_LANGS: tuple[str, ...] = ("PT", "RU", "BG")
C_USE = 4.0  # inverse L2 strength of the USE fine head (the MiniLM fine head's C)


def _encoder() -> Any:
    from slant.analyzers.techniques.russian import ParagraphEncoder

    return ParagraphEncoder("use")


def attach_use(examples: Sequence[Any], context: str = "line", encoder: Any = None) -> None:
    """Set ``gold_u`` and ``cand_u`` (USE rows of the gold and candidate mentions with that
    ``context``, :func:`use_rows`) on :class:`~slant.training.roles.Example` objects."""
    enc = encoder or _encoder()
    for e in examples:
        e.gold_u = use_rows(enc, e.text, [(g.start, g.end) for g in e.gold], context)
        e.cand_u = use_rows(enc, e.text, [(c.start, c.end) for c in e.cand], context)


def foreign_rows(
    langs: Sequence[str], data_dir: Path = DATA, cache: Path | None = None, context: str = "line"
) -> tuple[np.ndarray, np.ndarray]:
    """USE rows (:func:`use_rows`) and first fine roles (indices into :data:`FINE_ROLES`)
    of every train mention of ``langs`` whose offsets match its text and that has a USE
    context."""
    cols = width(context)
    xs: list[np.ndarray] = [np.zeros((0, cols), np.float32)]
    ys: list[np.ndarray] = [np.zeros(0, np.int64)]
    enc = None
    for lang in langs:
        name = f"use_{lang.upper()}_{context}.npz"
        path = cache / name if cache else None
        if path is not None and path.exists():
            with np.load(path) as z:
                xs.append(z["x"].astype(np.float32))
                ys.append(z["y"])
            continue
        enc = enc or _encoder()
        docs = read_documents(lang, data_dir=data_dir)
        by_article: dict[str, list[Any]] = {}
        for m in read_mentions(lang, data_dir=data_dir):
            if docs[m.article_id][m.start : m.end] == m.mention and m.fine:
                by_article.setdefault(m.article_id, []).append(m)
        x, y = [], []
        for aid, ms in sorted(by_article.items()):
            x.append(use_rows(enc, docs[aid], [(m.start, m.end) for m in ms], context))
            y += [FINE_ROLES.index(m.fine[0]) for m in ms]
        xl = np.vstack(x) if x else np.zeros((0, cols), np.float32)
        yl = np.array(y, np.int64)
        ok = np.isfinite(xl).all(axis=1)
        xl, yl = xl[ok], yl[ok]
        log.info("USE rows of %s: %d mentions", lang, len(yl))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, x=xl, y=yl)
        xs.append(xl)
        ys.append(yl)
    return np.vstack(xs), np.concatenate(ys)


def fit_use_fine(
    x: np.ndarray, y: np.ndarray, ext: tuple[np.ndarray, np.ndarray] | None, c: float = C_USE
) -> tuple[np.ndarray, np.ndarray]:
    """The USE fine head: a multinomial regression on English rows ``x`` (first fine roles
    ``y``) and the other languages' rows ``ext``.

    Returns:
        (22 × 1,024 coefficients, 22 intercepts); a role absent from the data gets -30.
    """
    from sklearn.linear_model import LogisticRegression

    if ext is not None and len(ext[1]):
        x, y = np.vstack([x, ext[0]]), np.concatenate([y, ext[1]])
    m = LogisticRegression(C=c, max_iter=3000).fit(x, y)
    coef = np.zeros((len(FINE_ROLES), x.shape[1]), dtype=np.float32)
    icpt = np.full(len(FINE_ROLES), -30.0, dtype=np.float32)
    if len(m.classes_) == 2:  # binary: sklearn keeps one row for the second class
        coef[m.classes_[1]], icpt[m.classes_[1]] = m.coef_[0], m.intercept_[0]
        icpt[m.classes_[0]] = 0.0
        return coef, icpt
    for row, cls in enumerate(m.classes_):
        coef[cls], icpt[cls] = m.coef_[row], m.intercept_[row]
    return coef, icpt
