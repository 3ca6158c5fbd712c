"""Article → the reader's view: paragraphs cut into non-overlapping segments, side panels.

Technique spans may overlap each other and the quotes. Every span boundary inside a
paragraph cuts it, so each segment has one fixed set of techniques (and at most one quote).
A segment becomes nested ``<mark>`` elements, one per technique, outermost first; each
technique span keeps one *lane* (its underline depth) over all its segments, chosen greedily
so that overlapping spans never share a lane. All article text goes through ``escape``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from slant.article import Article
from slant.labels import CATEGORIES, DEFINITIONS, TECHNIQUES, category_of

__all__ = ["MAX_LANE", "article_view", "category_index", "lanes", "segments"]

MAX_LANE = 6  # deeper overlaps share the last underline depth (the CSS has lv0..lv6)
_CATEGORY_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
KIND_BADGES = {
    "teaser": "teaser (another story)",
    "dateline": "dateline",
    "hashtag": "hashtags",
    "boilerplate": "boilerplate",
}


def category_index(technique: str) -> int:
    """0..5, the colour family of a technique (unknown labels get family 5's neighbour 6)."""
    try:
        return _CATEGORY_INDEX[category_of(technique)]
    except KeyError:
        return len(CATEGORIES)


@dataclass(frozen=True)
class Mark:
    span: int  # index into article.techniques
    technique: str
    score: float
    lane: int


@dataclass
class Segment:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)  # outermost (deepest lane) first
    quote: int | None = None
    quote_first: bool = False


def lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane per span such that overlapping spans get different lanes (interval colouring)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    lane_end: list[int] = []
    out = [0] * len(spans)
    for i in order:
        start, end = spans[i]
        for lane, busy_until in enumerate(lane_end):
            if busy_until <= start:
                lane_end[lane] = end
                out[i] = lane
                break
        else:
            out[i] = len(lane_end)
            lane_end.append(end)
    return out


def segments(article: Article, start: int, end: int, span_lanes: list[int]) -> list[Segment]:
    """The segments of ``text[start:end]``: a new one wherever a technique or quote
    begins or ends."""
    cuts = {start, end}
    techs = [(i, s) for i, s in enumerate(article.techniques) if s.start < end and s.end > start]
    quotes = [(i, q) for i, q in enumerate(article.quotes) if q.start < end and q.end > start]
    for _, s in techs:
        cuts.update(x for x in (s.start, s.end) if start < x < end)
    for _, q in quotes:
        cuts.update(x for x in (q.start, q.end) if start < x < end)
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        seg = Segment(a, b)
        seg.marks = sorted(
            (
                Mark(i, s.technique, s.score, min(span_lanes[i], MAX_LANE))
                for i, s in techs
                if s.start <= a and s.end >= b
            ),
            key=lambda m: (-m.lane, m.span),
        )
        for i, q in quotes:
            if q.start <= a and q.end >= b:
                seg.quote = i
                # the anchor goes on the quote's first character (or, for a quote that
                # starts between paragraphs, on its first paragraph)
                seg.quote_first = a == q.start or (
                    a == start
                    and q.start < start
                    and article.paragraph_at(q.start) is None
                    and not any(p.start < start and p.end > q.start for p in article.paragraphs)
                )
                break
        out.append(seg)
    return out


def _mark_open(m: Mark) -> Markup:
    category = category_of(m.technique) if m.technique in TECHNIQUES else "unknown category"
    title = f"{m.technique} · {category} · score {m.score:.2f}"
    if m.technique in DEFINITIONS:
        title += f" — {DEFINITIONS[m.technique]}"
    return Markup(
        '<mark class="t c{} lv{}" data-tech="{}" data-score="{:.2f}" data-span="{}" title="{}">'
    ).format(category_index(m.technique), m.lane, m.technique, m.score, m.span, title)


def paragraph_html(text: str, segs: list[Segment]) -> Markup:
    """Escaped HTML of one paragraph's segments."""
    parts: list[str] = []
    for seg in segs:
        body = escape(text[seg.start : seg.end])
        if seg.marks:
            body = Markup("").join(_mark_open(m) for m in seg.marks) + body
            body += Markup("</mark>") * len(seg.marks)
        if seg.quote is not None:
            anchor = Markup(' id="quote-{}"').format(seg.quote) if seg.quote_first else ""
            body = (
                Markup('<span class="qt" data-quote="{}"{}>').format(seg.quote, anchor)
                + body
                + Markup("</span>")
            )
        parts.append(body)
    return Markup("").join(parts)


def article_view(article: Article) -> dict[str, Any]:
    """Everything the article template shows, with the paragraphs already rendered."""
    text = article.text
    span_lanes = lanes([(s.start, s.end) for s in article.techniques])
    paragraphs = []
    for p in article.paragraphs:
        badges = []
        if p.kind in KIND_BADGES:
            badges.append(KIND_BADGES[p.kind])
        if p.duplicate_of is not None:
            badges.append(f"duplicate of line {p.duplicate_of}")
        paragraphs.append(
            {
                "line": p.line,
                "kind": p.kind,
                "duplicate_of": p.duplicate_of,
                "badges": badges,
                "html": paragraph_html(text, segments(article, p.start, p.end, span_lanes)),
            }
        )
    if not article.paragraphs and text:  # no cleaner ran: show the text as one block
        paragraphs.append(
            {
                "line": 1,
                "kind": "body",
                "duplicate_of": None,
                "badges": [],
                "html": paragraph_html(text, segments(article, 0, len(text), span_lanes)),
            }
        )
    used = Counter(s.technique for s in article.techniques)
    legend = [
        {
            "category": category,
            "index": i,
            "techniques": [
                {"name": t, "count": used[t], "definition": DEFINITIONS[t]}
                for t in group
                if used[t]
            ],
        }
        for i, (category, group) in enumerate(CATEGORIES.items())
    ]
    legend = [c for c in legend if c["techniques"]]
    unknown = sorted(t for t in used if t not in TECHNIQUES)
    if unknown:
        legend.append(
            {
                "category": "Other",
                "index": len(CATEGORIES),
                "techniques": [{"name": t, "count": used[t], "definition": ""} for t in unknown],
            }
        )
    return {
        "article": article,
        "data": article.to_dict(),
        "paragraphs": paragraphs,
        "legend": legend,
        "quotes": _quotes(article),
        "entities": _entities(article),
        "words": len(text.split()),
    }


def _quotes(article: Article) -> list[dict[str, Any]]:
    text = article.text
    out = []
    for i, q in enumerate(article.quotes):
        speaker = None
        if q.speaker is not None:
            speaker = q.speaker.name or text[q.speaker.start : q.speaker.end]
        quote = text[q.start : q.end]
        out.append(
            {
                "index": i,
                "speaker": speaker,
                "kind": q.kind,
                "text": quote if len(quote) <= 220 else quote[:217] + "…",
                "cue": text[q.cue.start : q.cue.end] if q.cue else None,
            }
        )
    return out


def _entities(article: Article) -> dict[str, list[dict[str, Any]]]:
    """Places (with coordinates) and other entities, one row per canonical name."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e in article.entities:
        key = (e.canonical, e.label)
        row = rows.setdefault(
            key, {"name": e.canonical, "label": e.label, "mentions": 0, "geo": e.geo}
        )
        row["mentions"] += 1
        if row["geo"] is None and e.geo is not None:
            row["geo"] = e.geo
    ranked = sorted(rows.values(), key=lambda r: (-r["mentions"], r["name"]))
    return {
        "places": [r for r in ranked if r["geo"] is not None],
        "other": [r for r in ranked if r["geo"] is None],
    }
