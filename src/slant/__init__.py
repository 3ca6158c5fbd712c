"""slant: explainable, stand-off analysis of news articles, offline.

>>> import slant
>>> article = slant.analyze("Police detained 40 people in Almaty, officials said.")
>>> article.to_dict()["entities"][0]["text"]
'Almaty'
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

from slant.article import Article, Skip
from slant.config import Settings, load_settings
from slant.errors import (
    AnalyzerError,
    InputError,
    ResourceError,
    SlantError,
    UsageError,
)
from slant.version import __version__

__all__ = [
    "AnalyzerError",
    "Article",
    "InputError",
    "ResourceError",
    "Settings",
    "Skip",
    "SlantError",
    "UsageError",
    "__version__",
    "analyze",
    "analyze_many",
    "load_settings",
]


_pipelines: dict[str, Any] = {}  # keyed by repr(settings): one pipeline per option set


def analyze(text_or_path: str | os.PathLike[str], **options: Any) -> Article:
    """Analyse one article given as text or as a path to a ``.txt``/``.html`` file.

    Args:
        text_or_path: the article text, or a path (a ``Path`` or an existing file name).
        **options: any :class:`Settings` field, e.g. ``only=("entities",)``.

    Returns:
        The analysed :class:`Article`, with its spaCy ``doc`` kept for further use.

    Raises:
        InputError: the input cannot be analysed (empty, binary, not English...).
        UsageError: unknown analyzer names or options.
    """
    from slant.pipeline import Pipeline
    from slant.readers import read_path
    from slant.readers.txt import article_from_text

    settings = load_settings(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
    )
    key = repr(settings)
    if key not in _pipelines:
        _pipelines[key] = Pipeline(settings)
    pipeline = _pipelines[key]
    if isinstance(text_or_path, os.PathLike) or _is_file(text_or_path):
        items = list(read_path(Path(text_or_path), max_bytes=settings.max_bytes))
        item = items[0]
        if isinstance(item, Skip):
            raise InputError(item.error)
        article = item
    else:
        # a lone surrogate (from JSON, or a str built by hand) cannot be written as UTF-8:
        # U+FFFD in its place keeps every offset, as the JSONL reader does
        text = re.sub("[\ud800-\udfff]", "\ufffd", str(text_or_path))
        if not text.strip():
            from slant.errors import EmptyInput

            raise EmptyInput("text")
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        article = article_from_text(text, id=f"text-{digest}", source="<text>")
    return pipeline(article, keep_doc=True)


def analyze_many(paths: Any, *, settings: Settings | None = None, workers: int = 1) -> Any:
    """Analyse files, folders and ``-`` (stdin); yields Articles and Skips in order."""
    from slant.pipeline import analyze_many as _analyze_many

    return _analyze_many(paths, settings=settings, workers=workers)


def _is_file(s: str | os.PathLike[str]) -> bool:
    s = str(s)
    if "\n" in s or len(s) > 4096:
        return False
    try:
        return Path(s).is_file()
    except OSError:
        return False
