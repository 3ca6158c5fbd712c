"""The analyzer contract (spaCy's component contract, scikit-learn's cheap constructors)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from slant.article import Article

__all__ = ["LANGUAGES", "LAYERS", "Analyzer", "languages_of", "requires_for"]

# The languages slant has a pipeline for (slant.language routes each article to one).
LANGUAGES = frozenset({"en", "ru"})

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
        "narratives",
        "cast",
    }
)


@runtime_checkable
class Analyzer(Protocol):
    """One job: read the layers in ``requires``, write the layers in ``assigns``.

    ``__init__`` takes keyword-only options with defaults and does no I/O, so a pipeline
    can be rebuilt from Settings in any process; ``initialize()`` loads models once.
    An analyzer class that does not set ``languages`` supports English only
    (:func:`languages_of`).
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    assigns: ClassVar[frozenset[str]]
    # The pipeline languages this analyzer supports; the pipeline runs it only on articles
    # whose ``article.language`` is one of them (an analyzer supporting Russian sets
    # ``frozenset({"en", "ru"})`` and branches on ``article.language`` inside).
    languages: ClassVar[frozenset[str]] = frozenset({"en"})

    def initialize(self) -> None:
        """Load weights, lexicons and gazetteers (once per process)."""

    def __call__(self, article: Article) -> None:
        """Annotate ``article`` in place (only the ``assigns`` layers)."""


def languages_of(analyzer: object) -> frozenset[str]:
    """The languages an analyzer (class or instance) supports: its ``languages``, else English.

    Protocol attributes with defaults are not inherited by classes that merely conform (the
    registry takes any class with the right attributes), hence this accessor.
    """
    return frozenset(getattr(analyzer, "languages", None) or {"en"})


def requires_for(analyzer: object, language: str) -> frozenset[str]:
    """The layers an analyzer needs on ``language`` articles: ``requires_<language>`` when
    the class sets one (Russian quotes need the dependency parse, English ones do not),
    else ``requires``."""
    own = getattr(analyzer, f"requires_{language}", None)
    return frozenset(own) if own is not None else frozenset(analyzer.requires)  # type: ignore[attr-defined]
