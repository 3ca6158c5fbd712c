"""The shared parse, one module per pipeline language.

:mod:`slant.nlp.en` loads the packaged spaCy English pipeline; :mod:`slant.nlp.ru` builds the
same kind of spaCy ``Doc`` from natasha's Russian analysis, so analyzers read one contract
(``token.idx`` are offsets into ``Article.text`` in both). The English names stay importable
from ``slant.nlp``.
"""

from __future__ import annotations

from slant.nlp.en import LEVELS, MODEL_NAME, load_nlp, model_path

__all__ = ["LEVELS", "MODEL_NAME", "load_nlp", "model_path"]
