"""What the article summary shows, gathered once for the text and the Markdown renderings
(:mod:`slant.report.summary`): each technique span with its sentence, each quote with its
speaker, the counts, places and dates, a duplicate paragraph's spans and quotes listed
once on the paragraph it repeats. Everything is taken from the article's layers and its
text at their offsets; nothing is recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from slant.analyzers.dates import describe_date
from slant.analyzers.tone import count_words, tone_text
from slant.article import Article
from slant.output import MIN_SCORE_KEY
from slant.report._render import clip, number

__all__ = ["QUOTE_CHARS", "SENTENCE_CHARS", "SummaryQuote", "SummaryView", "summary_view"]

QUOTE_CHARS = 300  # longer quotes are cut (with an ellipsis) to keep the summary readable
SENTENCE_CHARS = 320  # ditto for the sentence around a technique span
# a sentence ends at . ! ? or … (closing quotes/brackets included) before a space and a
# capital, digit or opening quote; "U.S. officials" stays one sentence
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class _Technique:
    """One span with every technique found on it (a span can carry several)."""

    labels: tuple[tuple[str, float], ...]  # (technique, score)
    line: int | None
    before: str  # the sentence before the span (with a leading "…" if cut)
    span: str
    after: str
    repeated_at: tuple[int, ...] = ()  # lines of duplicate paragraphs with the same span


@dataclass(frozen=True)
class SummaryQuote:
    """One quote as the summary lists it."""

    speaker: str | None
    text: str
    kind: str
    cue: str | None
    cue_class: str | None = None  # speech, thought/belief, intention, other
    flag: str | None = None  # "teaser" or "repeated": left out of corpus statistics
    repeated_at: tuple[int, ...] = ()  # lines of duplicate paragraphs repeating it


@dataclass
class SummaryView:
    """What the summary shows, computed once for both renderers."""

    title: str
    meta: list[str]
    genre: str | None
    frames: list[str]
    tone: str | None
    min_score: float | None
    techniques_ran: bool
    techniques: list[_Technique] = field(default_factory=list)
    hidden: int = 0  # spans below the threshold (when they were still in the article)
    # (line, labels, the line it repeats or None)
    paragraph_labels: list[tuple[int, tuple[str, ...], int | None]] = field(default_factory=list)
    quotes: list[SummaryQuote] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def _sentence(article: Article, start: int, end: int) -> tuple[str, str]:
    """The text before and after ``start:end`` within its sentence (and paragraph)."""
    para = article.paragraph_at(start)
    lo, hi = (para.start, para.end) if para else (0, len(article.text))
    text = article.text
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    m = _SENTENCE_END.search(text, max(end - 1, lo), hi)
    e = m.start() + 1 if m else hi
    e = max(e, end)
    before, after = " ".join(text[s:start].split()), " ".join(text[end:e].split())
    room = max(SENTENCE_CHARS - (end - start), 40)
    if len(before) > room // 2:
        before = "…" + before[-(room // 2) :].lstrip()
    if len(after) > room // 2:
        after = after[: room // 2].rstrip() + "…"
    return (before + " " if before and text[start - 1 : start].isspace() else before), (
        " " + after if after and text[end : end + 1].isspace() else after
    )


def summary_view(article: Article, min_score: float | None) -> SummaryView:
    """What the summary of ``article`` shows (spans under ``min_score`` left out; None: the
    threshold the article was analysed with)."""
    meta = article.meta
    threshold = min_score if min_score is not None else article.extras.get(MIN_SCORE_KEY)
    # the one word count of slant (tone's and the reader's): body and title, no teasers
    words = int(article.tone.get("word_count") or count_words(tone_text(article), article.language))
    view = SummaryView(
        title=article.title or "(no title)",
        meta=[
            x
            for x in (
                f"id {article.id}",
                article.source or None,
                meta.get("outlet"),
                meta.get("published"),
                meta.get("author"),
                meta.get("language"),
                f"{words:,} words",
            )
            if x
        ],
        genre=(
            f"{article.genre.label} ("
            + ", ".join(
                f"{k} {v:.2f}" for k, v in sorted(article.genre.scores.items(), key=lambda x: -x[1])
            )
            + ")"
            if article.genre
            else None
        ),
        frames=[f"{f.label} {f.score:.2f}" for f in article.frames],
        tone=(
            f"{article.tone['tone']:+.2f} (positive {article.tone.get('positive', 0):.2f}, "
            f"negative {article.tone.get('negative', 0):.2f})"
            if "tone" in article.tone
            else None
        ),
        min_score=threshold,
        techniques_ran="techniques" in article.analyzers,
    )
    spans: dict[tuple[int, int], list[tuple[str, float]]] = {}
    for span in sorted(article.techniques, key=lambda s: (s.start, s.end, -s.score)):
        if threshold is not None and round(span.score, 4) < threshold:
            view.hidden += 1
            continue
        spans.setdefault((span.start, span.end), []).append((span.technique, span.score))
    # a duplicate paragraph's span (mirrored from the paragraph it repeats, which may differ
    # in case and spacing) is listed once, on the original, with the lines that repeat it
    listed: dict[tuple[int, str, tuple[tuple[str, float], ...]], int] = {}
    for (start, end), labels in spans.items():
        para = article.paragraph_at(start)
        same = " ".join(article.text[start:end].split()).casefold()
        if para is not None and para.duplicate_of is not None:
            k = listed.get((para.duplicate_of, same, tuple(labels)))
            if k is not None:
                tech = view.techniques[k]
                view.techniques[k] = replace(tech, repeated_at=(*tech.repeated_at, para.line))
                continue
        if para is not None:
            listed[(para.line, same, tuple(labels))] = len(view.techniques)
        before, after = _sentence(article, start, end)
        view.techniques.append(
            _Technique(
                labels=tuple(labels),
                line=para.line if para else None,
                before=before,
                span=" ".join(article.text[start:end].split()),
                after=after,
            )
        )
    view.paragraph_labels = [
        (p.line, p.techniques, p.duplicate_of) for p in article.paragraphs if p.techniques
    ]
    t = article.text
    from slant.analyzers.quotes.cues import cue_class

    quoted: dict[int, int] = {}  # a quote's start → its entry (duplicate_of is a start)
    for q in sorted(article.quotes, key=lambda q: (q.start, q.end)):
        k = quoted.get(q.duplicate_of) if q.duplicate_of is not None else None
        para = article.paragraph_at(q.start)
        if k is not None and para is not None and not q.in_teaser:
            entry = view.quotes[k]  # listed once, on the quote it repeats
            view.quotes[k] = replace(entry, repeated_at=(*entry.repeated_at, para.line))
            continue
        quoted[q.start] = len(view.quotes)
        speaker = None
        cue = t[q.cue.start : q.cue.end] if q.cue else None
        if q.speaker:
            speaker = q.speaker.name or " ".join(t[q.speaker.start : q.speaker.end].split())
        view.quotes.append(
            SummaryQuote(
                speaker=speaker,
                text=clip(t[q.start : q.end], QUOTE_CHARS),
                kind=q.kind,
                cue=cue,
                # a quote of older output, not classed: its cue's class, as the reader does
                cue_class=q.cue_class or cue_class(cue, q.kind),
                flag="teaser"
                if q.in_teaser
                else "repeated"
                if q.duplicate_of is not None
                else None,
            )
        )
    for c in sorted(article.counts, key=lambda c: (c.start, c.end)):
        about = "about " if c.estimate else ""
        source = f", according to {c.source}" if c.source else ""
        view.counts.append(
            f"{c.type} {about}{number(c.number)} {c.object}"
            f' ("{clip(t[c.start : c.end], 120)}"{source})'
        )
    places: dict[tuple[str, str], list[str]] = {}
    for e in sorted(article.entities, key=lambda e: (e.start, e.end)):
        if e.geo:
            places.setdefault((e.geo.name, e.geo.country_code), []).append(t[e.start : e.end])
    for (name, cc), mentions in sorted(places.items(), key=lambda kv: -len(kv[1])):
        other = sorted({m for m in mentions if m != name})
        also = f", as {', '.join(other)}" if other else ""
        country = f" ({cc})" if cc else ""
        view.places.append(f"{name}{country} ×{len(mentions)}{also}")
    dates: dict[str, list[str]] = {}
    for d in sorted(article.dates, key=lambda d: (d.start, d.end)):
        dates.setdefault(d.value, []).append(" ".join(t[d.start : d.end].split()))
    for value, mentions in sorted(dates.items(), key=lambda kv: (not kv[0], kv[0])):
        quoted = ", ".join(f'"{m}"' for m in dict.fromkeys(mentions))
        # no value: a relative date with nothing to anchor it (no published date, no dateline)
        words = describe_date(value)  # "19 January 2022"; "19 January, year not stated"
        view.dates.append(f"{words}: {quoted}" if value else f"{quoted} ({words})")
    return view
