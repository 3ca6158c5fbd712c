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

from slant.analyzers.tone import count_words, tone_text
from slant.article import Article
from slant.labels import CATEGORIES, DEFINITIONS, TECHNIQUES, category_of

__all__ = [
    "MAX_LANE",
    "SHORT_NAMES",
    "article_view",
    "category_index",
    "lanes",
    "segments",
    "short_name",
    "tone_view",
]

MAX_LANE = 6  # deeper overlaps share the last underline depth (the CSS has lv0..lv6)
_CATEGORY_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
KIND_BADGES = {
    "teaser": "teaser (another story)",
    "dateline": "dateline",
    "hashtag": "hashtags",
    "boilerplate": "boilerplate",
}
# Compact names for the reader's inline labels (the full name is in the hover text).
SHORT_NAMES = {
    "Name_Calling-Labeling": "name-calling",
    "Guilt_by_Association": "guilt by association",
    "Doubt": "doubt",
    "Appeal_to_Hypocrisy": "hypocrisy",
    "Questioning_the_Reputation": "reputation",
    "Flag_Waving": "flag-waving",
    "Appeal_to_Authority": "authority",
    "Appeal_to_Popularity": "popularity",
    "Appeal_to_Values": "values",
    "Appeal_to_Fear-Prejudice": "fear",
    "Causal_Oversimplification": "causal simplification",
    "False_Dilemma-No_Choice": "false dilemma",
    "Consequential_Oversimplification": "slippery slope",
    "Straw_Man": "straw man",
    "Red_Herring": "red herring",
    "Whataboutism": "whataboutism",
    "Slogans": "slogan",
    "Conversation_Killer": "conversation killer",
    "Appeal_to_Time": "time",
    "Loaded_Language": "loaded",
    "Obfuscation-Vagueness-Confusion": "vagueness",
    "Exaggeration-Minimisation": "exaggeration",
    "Repetition": "repetition",
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
    first: bool = False  # the span's first segment in this paragraph (takes the label)
    anchor: bool = False  # the span's very first segment: id="span-N", linked to by /stories


@dataclass
class Segment:
    start: int
    end: int
    marks: list[Mark] = field(default_factory=list)  # outermost (deepest lane) first
    quote: int | None = None
    quote_first: bool = False
    cast: int | None = None  # index in article.cast of the role mention it is part of


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
    cast = [
        (i, cs, ce)
        for i, c in enumerate(article.cast)
        for cs, ce in c.mentions
        if cs < end and ce > start
    ]
    for _, cs, ce in cast:
        cuts.update(x for x in (cs, ce) if start < x < end)
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        seg = Segment(a, b)
        seg.marks = sorted(
            (
                Mark(
                    i,
                    s.technique,
                    s.score,
                    min(span_lanes[i], MAX_LANE),
                    s.start >= a or a == start,
                    s.start == a,
                )
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
        seg.cast = next((i for i, cs, ce in cast if cs <= a and ce >= b), None)
        out.append(seg)
    return out


def _mark_open(m: Mark) -> Markup:
    category = category_of(m.technique) if m.technique in TECHNIQUES else "unknown category"
    title = f"{m.technique} · {category} · score {m.score:.2f}"
    if m.technique in DEFINITIONS:
        title += f" — {DEFINITIONS[m.technique]}"
    anchor = Markup(' id="span-{}"').format(m.span) if m.anchor else Markup("")
    if m.first:  # the inline label (shown when the reader turns labels on) opens the span
        return Markup(
            '<mark class="t c{} lv{} first" data-tech="{}" data-score="{:.2f}" data-span="{}"'
            ' data-short="{}" title="{}"{}>'
        ).format(
            category_index(m.technique),
            m.lane,
            m.technique,
            m.score,
            m.span,
            short_name(m.technique),
            title,
            anchor,
        )
    return Markup(
        '<mark class="t c{} lv{}" data-tech="{}" data-score="{:.2f}" data-span="{}" title="{}"{}>'
    ).format(category_index(m.technique), m.lane, m.technique, m.score, m.span, title, anchor)


def short_name(technique: str) -> str:
    """The compact inline label of a technique (its name in words when not in the list)."""
    return SHORT_NAMES.get(technique) or technique.replace("_", " ").lower()


def paragraph_html(text: str, segs: list[Segment]) -> Markup:
    """Escaped HTML of one paragraph's segments."""
    parts: list[str] = []
    for seg in segs:
        body = escape(text[seg.start : seg.end])
        if seg.marks:
            body = Markup("").join(_mark_open(m) for m in seg.marks) + body
            body += Markup("</mark>") * len(seg.marks)
        if seg.cast is not None:  # a role mention: the cast panel highlights it on click
            body = Markup('<span class="cm" data-cast="{}">').format(seg.cast) + body
            body += Markup("</span>")
        if seg.quote is not None:
            anchor = Markup(' id="quote-{}"').format(seg.quote) if seg.quote_first else ""
            body = (
                Markup('<span class="qt" data-quote="{}"{}>').format(seg.quote, anchor)
                + body
                + Markup("</span>")
            )
        parts.append(body)
    return Markup("").join(parts)


def article_view(
    article: Article, *, speaker_links: dict[str, str] | None = None
) -> dict[str, Any]:
    """Everything the article template shows, with the paragraphs already rendered.

    ``speaker_links`` maps speaker names of a stored article to the name the corpus links
    them to ("Trump" → "Donald Trump"): the quotes panel shows both.
    """
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
        "quotes": _quotes(article, speaker_links or {}),
        "entities": _entities(article),
        "narratives": _narratives(article),
        "cast": _cast(article),
        # tone's word count, on the same text: the reader and the tone panel agree
        "words": count_words(tone_text(article), article.language),
        "tone": tone_view(article.tone),
    }


# What each tone figure means (GDELT's V2Tone, computed with the VADER lexicon).
TONE_ROWS = (
    ("tone", "tone", "positive minus negative: below 0 the wording leans negative"),
    ("positive", "positive words", "% of the words that are positive in the lexicon"),
    ("negative", "negative words", "% of the words that are negative in the lexicon"),
    ("polarity", "polarity", "positive plus negative: how charged, in either direction"),
    ("pronoun_density", "pronouns", "% of the words that are personal pronouns"),
    ("valence", "mean valence", "mean lexicon rating of the sentiment words (-4 to +4)"),
    ("word_count", "words read", "title and body; teasers, datelines and duplicates left out"),
)


def tone_view(tone: dict[str, Any]) -> dict[str, Any] | None:
    """The tone panel: a sentence saying what the figures mean, and each figure explained.

    Tone is positive minus negative words as a percentage of all words (GDELT's V2Tone);
    news mostly falls between -10 and +10, so the wording is called neutral within 1.5 of
    zero, and strongly positive or negative beyond 5.
    """
    if not tone:
        return None
    value = float(tone.get("tone", 0.0))
    if abs(value) < 1.5:
        lean = "is about neutral"
    else:
        side = "negative" if value < 0 else "positive"
        lean = f"is strongly {side}" if abs(value) >= 5 else f"leans {side}"
    n = int(tone.get("word_count", 0))
    summary = (
        f"The wording {lean} (tone {value:+.1f}): of its {n:,} words, "
        f"{float(tone.get('positive', 0.0)):.1f} % are positive and "
        f"{float(tone.get('negative', 0.0)):.1f} % negative in the VADER sentiment lexicon. "
        "Word counts only: negation and sarcasm are not read."
    )
    rows = [
        {"key": key, "name": name, "shown": _tone_figure(key, tone[key]), "meaning": meaning}
        for key, name, meaning in TONE_ROWS
        if key in tone
    ]
    known = {key for key, _, _ in TONE_ROWS}
    rows += [
        {"key": k, "name": k.replace("_", " "), "shown": _tone_figure(k, v), "meaning": ""}
        for k, v in tone.items()
        if k not in known
    ]
    return {"summary": summary, "rows": rows}


def _tone_figure(key: str, value: Any) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if key == "word_count":
        return f"{int(value):,}"
    if key in ("tone", "valence"):
        return f"{value:+.2f}"
    return f"{value:.2f} %"


def _quotes(article: Article, speaker_links: dict[str, str]) -> list[dict[str, Any]]:
    from slant.analyzers.quotes import cue_class

    text = article.text
    out = []
    for i, q in enumerate(article.quotes):
        speaker = None
        if q.speaker is not None:
            speaker = q.speaker.name or text[q.speaker.start : q.speaker.end]
        quote = text[q.start : q.end]
        cue = text[q.cue.start : q.cue.end] if q.cue else None
        out.append(
            {
                "index": i,
                "speaker": speaker,
                "corpus_speaker": speaker_links.get(speaker) if speaker else None,
                "kind": q.kind,
                "text": quote if len(quote) <= 220 else quote[:217] + "…",
                "cue": cue,
                # speech is shown by default; thoughts, intentions and the rest on a toggle
                "cue_class": q.cue_class or cue_class(cue, q.kind),
                "flag": "teaser"
                if q.in_teaser
                else "repeated"
                if q.duplicate_of is not None
                else None,
            }
        )
    return out


def _cast(article: Article) -> list[dict[str, Any]]:
    """The cast panel's rows: heroes, villains, victims, as the roles analyzer ordered them."""
    nouns = {"Protagonist": "hero", "Antagonist": "villain", "Innocent": "victim"}
    return [
        {
            "index": i,
            "name": c.name,
            "main": c.main,
            "noun": nouns.get(c.main, c.main),
            "fine": ", ".join(c.fine),
            "score": c.score,
            "mentions": len(c.mentions),
        }
        for i, c in enumerate(article.cast)
    ]


def _narratives(article: Article) -> list[dict[str, Any]]:
    """The narratives panel's rows; ``lines`` are the paragraphs (``data-line``) that hold
    each item's evidence, highlighted when the item is clicked."""
    from slant.report.narratives import narrative_entries

    rows = []
    for e, n in zip(narrative_entries(article), article.narratives, strict=True):
        lines = sorted({p.line for s, _ in n.evidence if (p := article.paragraph_at(s))})
        rows.append(
            {
                "label": e.label,
                "level": e.level,
                "score": e.score,
                "user": e.taxonomy == "user",
                "lines": " ".join(map(str, lines)),
                "evidence": e.evidence,
            }
        )
    return rows


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
