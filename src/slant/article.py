"""The Article container and the Skip record of an input that could not be analysed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slant.annotations import (
    CastMember,
    Count,
    Cue,
    DateMention,
    Entity,
    EntityRole,
    FrameScore,
    Geo,
    Label,
    Narrative,
    Paragraph,
    Quote,
    Speaker,
    TechniqueSpan,
    span_dict,
)

if TYPE_CHECKING:  # spaCy is heavy: never import it just to type-check
    from spacy.tokens import Doc

__all__ = ["SCHEMA_VERSION", "Article", "Skip"]

# 1.1: the "format" and "language_confidence" fields;
# 1.2: quotes[].cue_class, in_teaser and duplicate_of; 1.3: "profile";
# 1.4: "narratives" (and the roles analyzer's entities[].role and "cast")
SCHEMA_VERSION = "1.4"
# ``format``: which reader made the text (text, html, jsonl, parquet, pdf, docx)
META_KEYS = ("url", "outlet", "published", "author", "language", "encoding", "format")


@dataclass(slots=True)
class Article:
    """One input article with its stand-off annotation layers.

    ``text`` is the original input (or the text extracted from HTML) and is never changed;
    every annotation holds ``start``/``end`` offsets into it.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    techniques: list[TechniqueSpan] = field(default_factory=list)
    genre: Label | None = None
    frames: list[FrameScore] = field(default_factory=list)
    narratives: list[Narrative] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    cast: list[CastMember] = field(default_factory=list)  # roles analyzer
    counts: list[Count] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    tone: dict[str, float] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    analyzers: list[str] = field(default_factory=list)  # names of the analyzers that ran
    # probability of meta["language"] from the language identifier (slant.language)
    language_confidence: float | None = None
    # the model profile the analyzers ran with ("fast" or "accurate"; see Settings.profile)
    profile: str | None = None
    doc: Doc | None = field(default=None, repr=False, compare=False)  # never serialised
    # (encoder name, float16 bytes) of slant.sentence_vectors, computed by the pipeline when
    # Settings.story_vectors is on and stored by Store.add; never serialised
    story_vector: tuple[str, bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def language(self) -> str:
        """The pipeline that analyses this article: ``"ru"`` when ``meta["language"]`` is
        Russian, else ``"en"`` (English, or another language analysed with the check off).
        Analyzers that support Russian branch on it (slant.language routes the article)."""
        return "ru" if self.meta.get("language") == "ru" else "en"

    def body_paragraphs(self) -> Iterator[Paragraph]:
        """Paragraphs that are neither flagged by the cleaner nor duplicates."""
        return (p for p in self.paragraphs if not p.is_flagged)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph containing character ``offset``, if any."""
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return None

    def spans(self) -> Iterator[tuple[str, int, int]]:
        """Every (layer, start, end) offset pair held by the article, for checks."""
        for p in self.paragraphs:
            yield "paragraphs", p.start, p.end
        for t in self.techniques:
            yield "techniques", t.start, t.end
        for q in self.quotes:
            yield "quotes", q.start, q.end
            if q.cue:
                yield "quotes.cue", q.cue.start, q.cue.end
            if q.speaker:
                yield "quotes.speaker", q.speaker.start, q.speaker.end
        for e in self.entities:
            yield "entities", e.start, e.end
            if e.role:
                yield "entities.role", e.role.start, e.role.end
        for c in self.cast:
            for s, e in c.mentions:
                yield "cast.mentions", s, e
        for c in self.counts:
            yield "counts", c.start, c.end
        for d in self.dates:
            yield "dates", d.start, d.end
        for n in self.narratives:
            for s, e in n.evidence:
                yield "narratives.evidence", s, e

    def check(self) -> None:
        """Raise ``AssertionError`` if any annotation lies outside ``text``."""
        n = len(self.text)
        for layer, start, end in self.spans():
            if not 0 <= start <= end <= n:
                raise AssertionError(f"{self.id}: {layer} span {start}:{end} outside 0:{n}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready output contract (see ``slant/schema/article-1.json``)."""
        t = self.text
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "title": self.title,
            **{k: self.meta.get(k) for k in META_KEYS},
            "language_confidence": self.language_confidence,
            "text": t,
            "paragraphs": [
                {
                    "line": p.line,
                    "start": p.start,
                    "end": p.end,
                    "kind": p.kind,
                    "duplicate_of": p.duplicate_of,
                    "techniques": list(p.techniques),
                }
                for p in self.paragraphs
            ],
            "techniques": [
                span_dict(t, s.start, s.end, technique=s.technique, score=round(s.score, 4))
                for s in sorted(self.techniques, key=lambda s: (s.start, s.end, s.technique))
            ],
            "genre": (
                {"label": self.genre.label, "scores": dict(self.genre.scores)}
                if self.genre
                else None
            ),
            "frames": [{"label": f.label, "score": round(f.score, 4)} for f in self.frames],
            "narratives": [
                {
                    "narrative": n.narrative,
                    "subnarrative": n.subnarrative,
                    "score": round(n.score, 4),
                    "evidence": [span_dict(t, s, e) for s, e in n.evidence],
                    "taxonomy": n.taxonomy,
                }
                for n in self.narratives
            ],
            "quotes": [
                span_dict(
                    t,
                    q.start,
                    q.end,
                    kind=q.kind,
                    cue=span_dict(t, q.cue.start, q.cue.end) if q.cue else None,
                    speaker=(
                        span_dict(t, q.speaker.start, q.speaker.end, name=q.speaker.name)
                        if q.speaker
                        else None
                    ),
                    cue_class=q.cue_class,
                    in_teaser=q.in_teaser,
                    duplicate_of=q.duplicate_of,
                )
                for q in sorted(self.quotes, key=lambda q: (q.start, q.end))
            ],
            "entities": [
                span_dict(
                    t,
                    e.start,
                    e.end,
                    label=e.label,
                    canonical=e.canonical,
                    geo=_geo_dict(e.geo),
                    role=_role_dict(t, e.role),
                )
                for e in sorted(self.entities, key=lambda e: (e.start, e.end))
            ],
            "cast": [
                {
                    "name": c.name,
                    "main": c.main,
                    "fine": list(c.fine),
                    "score": round(c.score, 4),
                    "mentions": [span_dict(t, s, e) for s, e in c.mentions],
                }
                for c in self.cast
            ],
            "counts": [
                span_dict(
                    t,
                    c.start,
                    c.end,
                    type=c.type,
                    number=c.number,
                    object=c.object,
                    estimate=c.estimate,
                    source=c.source,
                )
                for c in sorted(self.counts, key=lambda c: (c.start, c.end))
            ],
            "dates": [
                span_dict(t, d.start, d.end, value=d.value)
                for d in sorted(self.dates, key=lambda d: (d.start, d.end))
            ],
            "tone": dict(self.tone),
            "analyzers": list(self.analyzers),
            "profile": self.profile,
            "extras": dict(self.extras),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from :meth:`to_dict` output."""
        meta = {k: data[k] for k in META_KEYS if data.get(k) is not None}
        genre = data.get("genre")
        return cls(
            id=data["id"],
            text=data["text"],
            source=data.get("source", ""),
            title=data.get("title"),
            meta=meta,
            paragraphs=[
                Paragraph(
                    line=p["line"],
                    start=p["start"],
                    end=p["end"],
                    kind=p["kind"],
                    duplicate_of=p["duplicate_of"],
                    techniques=tuple(p.get("techniques", ())),
                )
                for p in data.get("paragraphs", [])
            ],
            techniques=[
                TechniqueSpan(s["technique"], s["start"], s["end"], s["score"])
                for s in data.get("techniques", [])
            ],
            genre=Label(genre["label"], dict(genre["scores"])) if genre else None,
            frames=[FrameScore(f["label"], f["score"]) for f in data.get("frames", [])],
            narratives=[
                Narrative(
                    n["narrative"],
                    n.get("subnarrative"),
                    n["score"],
                    tuple((x["start"], x["end"]) for x in n.get("evidence", [])),
                    n.get("taxonomy", "semeval2025"),
                )
                for n in data.get("narratives", [])
            ],
            quotes=[
                Quote(
                    q["start"],
                    q["end"],
                    q["kind"],
                    cue=Cue(q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None,
                    speaker=(
                        Speaker(q["speaker"]["name"], q["speaker"]["start"], q["speaker"]["end"])
                        if q.get("speaker")
                        else None
                    ),
                    cue_class=q.get("cue_class"),
                    in_teaser=q.get("in_teaser", False),
                    duplicate_of=q.get("duplicate_of"),
                )
                for q in data.get("quotes", [])
            ],
            entities=[
                Entity(
                    e["start"],
                    e["end"],
                    e["label"],
                    e["canonical"],
                    Geo(**e["geo"]) if e.get("geo") else None,
                    _role_of(e.get("role")),
                )
                for e in data.get("entities", [])
            ],
            cast=[
                CastMember(
                    c["name"],
                    c["main"],
                    tuple(c["fine"]),
                    c["score"],
                    tuple((m["start"], m["end"]) for m in c["mentions"]),
                )
                for c in data.get("cast", [])
            ],
            counts=[
                Count(
                    c["type"],
                    c["number"],
                    c["object"],
                    c["start"],
                    c["end"],
                    c.get("estimate", False),
                    c.get("source"),
                )
                for c in data.get("counts", [])
            ],
            dates=[DateMention(d["start"], d["end"], d["value"]) for d in data.get("dates", [])],
            tone=dict(data.get("tone", {})),
            extras=dict(data.get("extras", {})),
            analyzers=list(data.get("analyzers", [])),
            language_confidence=data.get("language_confidence"),
            profile=data.get("profile"),
        )


def _role_dict(text: str, role: EntityRole | None) -> dict[str, Any] | None:
    if role is None:
        return None
    return {
        "main": role.main,
        "fine": list(role.fine),
        "score": round(role.score, 4),
        "mention": span_dict(text, role.start, role.end),
    }


def _role_of(data: dict[str, Any] | None) -> EntityRole | None:
    if not data:
        return None
    m = data["mention"]
    return EntityRole(data["main"], tuple(data["fine"]), data["score"], m["start"], m["end"])


def _geo_dict(geo: Geo | None) -> dict[str, Any] | None:
    if geo is None:
        return None
    return {
        "name": geo.name,
        "country_code": geo.country_code,
        "lat": geo.lat,
        "lon": geo.lon,
        "geonameid": geo.geonameid,
        "feature": geo.feature,
    }


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that could not be analysed, recorded instead of crashing the batch."""

    id: str
    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "error": self.error,
        }
