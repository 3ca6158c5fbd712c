"""Stand-off annotation types: frozen values holding offsets into ``Article.text``.

Every ``start``/``end`` is a Python ``str`` index into the article's original text, end
exclusive. ``"text"`` fields in the JSON output are derived from those offsets at
serialisation time, so they can never drift from the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CastMember",
    "Count",
    "Cue",
    "CueClass",
    "DateMention",
    "Entity",
    "EntityRole",
    "FrameScore",
    "Geo",
    "Label",
    "Narrative",
    "Paragraph",
    "ParagraphKind",
    "Quote",
    "Speaker",
    "TechniqueSpan",
]

ParagraphKind = Literal["title", "body", "teaser", "dateline", "hashtag", "boilerplate"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One non-empty line of the input, flagged by the cleaner (never removed)."""

    line: int  # 1-based line number in the original text
    start: int
    end: int
    kind: str = "body"
    duplicate_of: int | None = None  # ``line`` of an earlier identical paragraph
    techniques: tuple[str, ...] = ()

    @property
    def is_flagged(self) -> bool:
        """True for paragraphs analyzers may skip (not body/title, or a duplicate)."""
        return self.kind not in ("body", "title") or self.duplicate_of is not None


@dataclass(frozen=True, slots=True)
class TechniqueSpan:
    technique: str
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None  # resolved name ("Anatoly Antonov"), None if unresolved
    start: int  # the mention in the text ("the Russian diplomat", "he")
    end: int


CueClass = Literal["speech", "thought/belief", "intention", "other"]


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    kind: Literal["direct", "indirect", "mixed"]
    cue: Cue | None = None
    speaker: Speaker | None = None
    cue_class: CueClass | None = None  # what the cue reports (None: not classified)
    in_teaser: bool = False  # inside a teaser paragraph (another story's headline)
    duplicate_of: int | None = None  # inside a duplicate paragraph: offset of the original


@dataclass(frozen=True, slots=True)
class Geo:
    name: str
    country_code: str
    lat: float
    lon: float
    geonameid: int
    feature: str = "city"


@dataclass(frozen=True, slots=True)
class EntityRole:
    """The role an entity mention plays (SemEval-2025 Task 10 entity framing).

    ``start``/``end`` is the role mention: the entity widened over the group nouns after
    it ("Russian military"); ``score`` is the calibrated probability that the mention plays
    ``main`` (roles analyzer).
    """

    main: str  # Protagonist, Antagonist or Innocent (labels.MAIN_ROLES)
    fine: tuple[str, ...]  # fine roles under ``main`` (labels.ROLE_TAXONOMY)
    score: float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    canonical: str  # name shared by all mentions of the same thing in this article
    geo: Geo | None = None
    role: EntityRole | None = None  # roles analyzer; None: plays no role (or not run)


@dataclass(frozen=True, slots=True)
class CastMember:
    """One referent of the article's cast: its main role and the mentions that carry it."""

    name: str  # the cast key: canonical name, a people joined to its country
    main: str
    fine: tuple[str, ...]
    score: float
    mentions: tuple[tuple[int, int], ...]  # (start, end) of each role mention


@dataclass(frozen=True, slots=True)
class Count:
    type: str  # KILL, WOUND, ARREST, KIDNAP, PROTEST, AFFECT, SEIZE
    number: float | None
    object: str
    start: int
    end: int
    estimate: bool = False
    source: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # ISO date (YYYY-MM-DD) or partial


@dataclass(frozen=True, slots=True)
class Label:
    """An article-level label with a score per class (genre)."""

    label: str
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Narrative:
    """A narrative the article pushes (SemEval-2025 Task 10 subtask 2, or a user's own).

    ``subnarrative`` is None for the narrative itself; a sub-narrative always comes with
    its narrative in the same list. ``evidence`` holds the (start, end) of the paragraphs
    that carry it, best first.
    """

    narrative: str
    subnarrative: str | None
    score: float  # calibrated probability
    evidence: tuple[tuple[int, int], ...] = ()
    taxonomy: str = "semeval2025"  # or "user" (--narratives FILE)


@dataclass(frozen=True, slots=True)
class FrameScore:
    label: str
    score: float


def span_dict(text: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    """A ``{"start", "end", "text", ...}`` dict with text derived from the offsets."""
    return {"start": start, "end": end, "text": text[start:end], **extra}
