"""The analyzer contract (spaCy's component contract, scikit-learn's cheap constructors)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from slant.article import Article

__all__ = ["LAYERS", "Analyzer"]

# Layers an analyzer may read or write. The shared spaCy parse comes in three levels:
# "doc.ents" (tokens + NER only, fastest), "doc" (+ tags and sentences) and "doc.parse"
# (+ dependency parse and lemmas); the pipeline runs the highest level any analyzer asks for.
LAYERS = frozenset(
    {
        "doc.ents",
        "doc",
        "doc.parse",
        "paragraphs",
        "techniques",
        "genre",
        "frames",
        "quotes",
        "entities",
        "counts",
        "dates",
        "tone",
    }
)


@runtime_checkable
class Analyzer(Protocol):
    """One job: read the layers in ``requires``, write the layers in ``assigns``.

    ``__init__`` takes keyword-only options with defaults and does no I/O, so a pipeline
    can be rebuilt from Settings in any process; ``initialize()`` loads models once.
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    assigns: ClassVar[frozenset[str]]

    def initialize(self) -> None:
        """Load weights, lexicons and gazetteers (once per process)."""

    def __call__(self, article: Article) -> None:
        """Annotate ``article`` in place (only the ``assigns`` layers)."""
