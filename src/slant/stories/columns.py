"""The typed result of :func:`slant.stories.compare.compare_story`: one column per outlet
and the differences between them. Every item keeps its article (``index`` into the
compared Articles) and its offsets, so a reader can check it against the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ArticleRef",
    "CountDisagreement",
    "CountRef",
    "FrameUse",
    "GenreUse",
    "OutletColumn",
    "PlaceUse",
    "SpanRef",
    "SpeakerUse",
    "StoryComparison",
    "TechniqueUse",
]


@dataclass(frozen=True)
class ArticleRef:
    """A member article as a column lists it.

    Attributes:
        index: its position in the Articles given to :func:`compare_story`.
        pk: its store key, when the caller gave one (``keys``).
        id: the article id.
        headline: its title, else its first line (cut to 160 characters).
        published: its ``published`` metadata (ISO date), if any.
        url: its URL, if any.
        words: its word count (title and body, as tone and the reader count).
        genre: its genre label, if the genre analyzer ran.
        tone: its tone (GDELT-style, -100..100), if the tone analyzer ran.
    """

    index: int
    pk: int | None
    id: str
    headline: str | None
    published: str | None
    url: str | None
    words: int
    genre: str | None
    tone: float | None


@dataclass(frozen=True)
class SpanRef:
    """One technique span as evidence: the article, its offsets, text and score.

    Attributes:
        article: index of the article in the input (see :class:`ArticleRef`).
        span: index of the span in that article's ``techniques`` list.
    """

    article: int
    span: int
    technique: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class TechniqueUse:
    """One technique in one outlet's telling.

    Attributes:
        spans: spans at or above the threshold, over all the outlet's articles.
        per_1000: spans per 1,000 words of the outlet's articles.
        top: the top-scoring spans (at most 3), best first.
        unique: no other outlet of the story uses this technique.
    """

    technique: str
    spans: int
    per_1000: float
    top: tuple[SpanRef, ...]
    unique: bool = False


@dataclass(frozen=True)
class SpeakerUse:
    """A speaker an outlet quotes (teaser and repeated quotes left out).

    Attributes:
        name: the speaker's resolved (and linked) name, else the mention's text.
        quotes: how many of the outlet's quotes they speak (speech: cue class ``speech``,
            as the reader lists quotes).
        article: the article of their first quote; ``quote``: its index in ``quotes``.
        unique: no other outlet of the story quotes them.
        others: their other attributions in the outlet (thoughts, intentions, stances:
            "residents opposed a two-fold increase"), not counted as quotes.
    """

    name: str
    quotes: int
    article: int
    quote: int
    start: int
    end: int
    text: str
    unique: bool = False
    others: int = 0


@dataclass(frozen=True)
class CountRef:
    """One count as evidence.

    Attributes:
        article: index of the article in the input; ``count``: index in its ``counts``.
        key: the loosely matched object (see :func:`object_head`).
        disputed: part of a :class:`CountDisagreement`.
    """

    article: int
    count: int
    type: str
    number: float | None
    object: str
    key: str
    estimate: bool
    source: str | None
    start: int
    end: int
    text: str
    disputed: bool = False


@dataclass(frozen=True)
class PlaceUse:
    name: str
    country_code: str
    mentions: int


@dataclass(frozen=True)
class GenreUse:
    """A genre label and how many of the outlet's articles carry it (mean top score)."""

    label: str
    articles: int
    score: float


@dataclass(frozen=True)
class FrameUse:
    """A frame and how many of the outlet's articles carry it (mean score over those)."""

    label: str
    articles: int
    score: float


@dataclass(frozen=True)
class OutletColumn:
    """One outlet's telling of the story.

    Attributes:
        name: the outlet, or for an article without one its URL's domain or source file.
        articles: its member articles, earliest first (undated last).
        words: their word count together.
        tone: their mean tone (None: tone did not run).
        speakers: whom it quotes (speech), most quoted first.
        attributed: whom it credits only with thoughts, intentions or stances, never with
            words (``quotes`` 0; ``others`` their attributions; ``article``/``quote`` the
            first): not quoted, so never among the speakers only one outlet quotes.
    """

    name: str
    articles: tuple[ArticleRef, ...]
    words: int
    genres: tuple[GenreUse, ...]
    frames: tuple[FrameUse, ...]
    techniques: tuple[TechniqueUse, ...]
    speakers: tuple[SpeakerUse, ...]
    counts: tuple[CountRef, ...]
    places: tuple[PlaceUse, ...]
    tone: float | None
    attributed: tuple[SpeakerUse, ...] = ()


@dataclass(frozen=True)
class CountDisagreement:
    """Counts of one event type and object whose numbers differ between outlets.

    Attributes:
        values: ``(outlet, count)`` pairs, every reported count of this type and object.
    """

    type: str
    object: str
    values: tuple[tuple[str, CountRef], ...]


@dataclass(frozen=True)
class StoryComparison:
    """The side-by-side view of one story.

    Attributes:
        outlets: one column per outlet, the most articles first.
        count_disagreements: counts whose numbers differ between outlets.
        unique_speakers: per outlet, the speakers only it quotes (named ones first).
        unique_techniques: per outlet, the techniques only it uses.
        min_score: the technique threshold applied (None: every span).
    """

    outlets: tuple[OutletColumn, ...]
    count_disagreements: tuple[CountDisagreement, ...]
    unique_speakers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unique_techniques: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min_score: float | None = None
