"""A summary a person can read: one analysed article as text or Markdown.

``slant analyze --format text|markdown`` prints this instead of the JSON contract: the
title, genre and frames, then each technique span with its sentence and score, each quote
as ``speaker: "text"`` (speech first; thoughts, intentions and stances apart), the counts,
places and dates. :func:`summary_text` returns a
:class:`rich.text.Text` whose styles colour it on a terminal and whose ``.plain`` is the
same summary as plain text (for pipes and files); :func:`summary_markdown` returns
Markdown source.

Everything shown is taken from the article's annotation layers and its text at their
offsets; nothing is recomputed, so the summary never disagrees with the JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from slant.analyzers.dates import describe_date
from slant.analyzers.tone import count_words, tone_text
from slant.article import Article, Skip
from slant.output import MIN_SCORE_KEY
from slant.report._render import StyledLines, clip, md, number

if TYPE_CHECKING:  # rich is a CLI dependency; import it only where a Text is built
    from rich.text import Text

__all__ = [
    "SUMMARY_FORMATS",
    "SummaryFormat",
    "render_summary",
    "summary_markdown",
    "summary_text",
]

SummaryFormat = Literal["text", "markdown"]
SUMMARY_FORMATS: tuple[SummaryFormat, ...] = ("text", "markdown")

QUOTE_CHARS = 300  # longer quotes are cut (with an ellipsis) to keep the summary readable
SENTENCE_CHARS = 320  # ditto for the sentence around a technique span
# a sentence ends at . ! ? or … (closing quotes/brackets included) before a space and a
# capital, digit or opening quote; "U.S. officials" stays one sentence
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")

STYLES = {
    "title": "bold",
    "heading": "bold underline",
    "label": "bold cyan",
    "score": "magenta",
    "span": "bold yellow",
    "speaker": "bold green",
    "muted": "dim",
}


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
class _Quote:
    speaker: str | None
    text: str
    kind: str
    cue: str | None
    cue_class: str | None = None  # speech, thought/belief, intention, other
    flag: str | None = None  # "teaser" or "repeated": left out of corpus statistics
    repeated_at: tuple[int, ...] = ()  # lines of duplicate paragraphs repeating it


@dataclass
class _View:
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
    quotes: list[_Quote] = field(default_factory=list)
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


def _view(article: Article, min_score: float | None) -> _View:
    meta = article.meta
    threshold = min_score if min_score is not None else article.extras.get(MIN_SCORE_KEY)
    # the one word count of slant (tone's and the reader's): body and title, no teasers
    words = int(article.tone.get("word_count") or count_words(tone_text(article), article.language))
    view = _View(
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
            _Quote(
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


def _repeats(n: int) -> str:
    """The heading's note on entries left out as repeats ("" when none)."""
    return f" (+{n} repeated in a duplicate paragraph)" if n else ""


def _techniques_heading(view: _View) -> str:
    n = sum(len(t.labels) for t in view.techniques)
    head = f"Techniques: {n} span{'s' if n != 1 else ''}"
    head += _repeats(sum(len(t.labels) * len(t.repeated_at) for t in view.techniques))
    if view.min_score is not None:
        head += f" with score ≥ {view.min_score:g}"
        if view.hidden:
            head += f"; {view.hidden} below it hidden"
    return head


OTHER_ATTRIBUTIONS = "Other attributions (thoughts, intentions, stances, acts; not speech)"


def _quote_sections(quotes: list[_Quote]) -> list[tuple[str, list[_Quote]]]:
    """(heading, quotes) of speech, then of the rest: what was said is listed as quotes; a
    thought, an intention or a stance ("opposed a two-fold increase", class ``other``) is
    listed apart, as the reader shows it only on a toggle. A quote of older output gets
    its cue's class when the summary is built, as in the reader."""
    speech = [q for q in quotes if q.cue_class in (None, "speech")]
    rest = [q for q in quotes if q.cue_class not in (None, "speech")]
    return [("Quotes", speech), (OTHER_ATTRIBUTIONS, rest)]


def _where(line: int | None, again: tuple[int, ...]) -> str:
    """Where a span is: "line 8, repeated at line 9" (either part may be missing)."""
    more = f"repeated at line{'s' if len(again) > 1 else ''} {', '.join(map(str, again))}"
    return ", ".join([*([f"line {line}"] if line is not None else []), *([more] if again else [])])


def _quotes_heading(heading: str, quotes: list[_Quote]) -> str:
    return f"{heading}: {len(quotes)}" + _repeats(sum(len(q.repeated_at) for q in quotes))


def _quote_line(q: _Quote) -> tuple[str, str, str]:
    """(speaker, quoted text, note) for one quote."""
    note = q.kind + (f", {q.cue!r}" if q.cue else "")
    note += "".join(f", {x}" for x in (q.cue_class, q.flag) if x)
    if q.repeated_at:
        note += ", " + _where(None, q.repeated_at)
    return q.speaker or "(no speaker)", f'"{q.text}"', f"({note})"


def summary_text(item: Article | Skip, *, min_score: float | None = None) -> Text:
    """The summary as a styled rich Text (``.plain`` gives the plain-text summary).

    Args:
        item: an analysed Article, or the Skip recorded for an input that was not.
        min_score: hide technique spans scored below this (as shown, to 4 decimals);
            default: the threshold recorded in ``extras`` by ``filter_techniques``, if any.
    """
    out = StyledLines(STYLES)
    line = out.line
    if isinstance(item, Skip):
        line((f"skipped {item.id}", "title"), f": {item.error}")
        return out.text
    view = _view(item, min_score)
    line((view.title, "title"))
    line((" · ".join(view.meta), "muted"))
    if view.genre:
        line(("genre: ", "muted"), view.genre)
    if view.frames:
        line(("frames: ", "muted"), ", ".join(view.frames))
    if view.tone:
        line(("tone: ", "muted"), view.tone)
    if view.techniques_ran or view.techniques:
        line()
        line((_techniques_heading(view), "heading"))
        for tech in view.techniques:
            where = _where(tech.line, tech.repeated_at)
            where = f" ({where})" if where else ""
            labels: list[tuple[str, str] | str] = []
            for i, (name, score) in enumerate(tech.labels):
                labels += [", "] if i else []
                labels += [(name, "label"), " ", (f"{score:.2f}", "score")]
            line(*labels, where, indent=2)
            # the span is bracketed in the plain text and highlighted on a terminal
            line(
                tech.before,
                ("[", "muted"),
                (tech.span, "span"),
                ("]", "muted"),
                tech.after,
                indent=4,
            )
        if view.paragraph_labels:
            line()
            line(("Techniques per paragraph:", "heading"))
            for n, labels, first in view.paragraph_labels:
                again = [(f" (repeats line {first})", "muted")] if first is not None else []
                line(f"line {n}: ", *_joined(labels, "label"), *again, indent=2)
    sections: list[tuple[str, list[str]]] = [
        ("Counts", view.counts),
        ("Places", view.places),
        ("Dates", view.dates),
    ]
    _narratives_text(item, line)
    _cast_text(item, line)
    for heading, quotes in _quote_sections(view.quotes):
        if quotes:
            line()
            line((_quotes_heading(heading, quotes), "heading"))
        for q in quotes:
            speaker, text, note = _quote_line(q)
            line((speaker, "speaker"), ": ", text, " ", (note, "muted"), indent=2)
    for heading, entries in sections:
        if entries:
            line()
            line((f"{heading}: {len(entries)}", "heading"))
            for entry in entries:
                line(entry, indent=2)
    return out.text


def _narratives_text(article: Article, line: Callable[..., None]) -> None:
    """The narratives section (narratives analyzer) of the text summary."""
    from slant.report.narratives import NARRATIVES_HEADING, narrative_entries

    if "narratives" not in article.analyzers and not article.narratives:
        return
    line()
    entries = narrative_entries(article)
    line((f"{NARRATIVES_HEADING}: {sum(e.level == 0 for e in entries)}", "heading"))
    if not entries:
        line(("none of the SemEval-2025 narratives (Other)", "muted"), indent=2)
    for e in entries:
        user = " (user)" if e.taxonomy == "user" else ""
        line((e.label, "label"), " ", (f"{e.score:.2f}", "score"), user, indent=2 + 2 * e.level)
        if e.evidence:
            line((f"line {e.line}: ", "muted"), e.evidence, indent=4 + 2 * e.level)


def _narratives_markdown(article: Article) -> list[str]:
    """The narratives section (narratives analyzer) of the Markdown summary."""
    from slant.report.narratives import NARRATIVES_HEADING, narrative_entries

    if "narratives" not in article.analyzers and not article.narratives:
        return []
    entries = narrative_entries(article)
    out = ["", f"### {NARRATIVES_HEADING}: {sum(e.level == 0 for e in entries)}", ""]
    if not entries:
        out.append("None of the SemEval-2025 narratives (Other).")
    for e in entries:
        user = " (user)" if e.taxonomy == "user" else ""
        ev = f": line {e.line}, {md(e.evidence)}" if e.evidence else ""
        out.append(f"{'  ' * e.level}- **{md(e.label)}** {e.score:.2f}{user}{ev}")
    return out


def _cast_text(article: Article, line: Callable[..., None]) -> None:
    """The cast section (roles analyzer) of the text summary."""
    from slant.report.cast import CAST_HEADING, cast_entries

    entries = cast_entries(article)
    if entries:
        line()
        line((CAST_HEADING, "heading"))
        for noun, name, detail, quoted in entries:
            line(f"{noun}: ", (name, "label"), " ", (detail, "score"), ": ", quoted, indent=2)


def _cast_markdown(article: Article) -> list[str]:
    """The cast section (roles analyzer) of the Markdown summary."""
    from slant.report.cast import CAST_HEADING, cast_entries

    entries = cast_entries(article)
    if not entries:
        return []
    out = ["", f"### {CAST_HEADING}", ""]
    for noun, name, detail, quoted in entries:
        out.append(f"- {noun}: **{md(name)}** {md(detail)}: {md(quoted)}")
    return out


def _joined(labels: Iterable[str], style: str) -> list[tuple[str, str] | str]:
    parts: list[tuple[str, str] | str] = []
    for i, label in enumerate(labels):
        if i:
            parts.append(", ")
        parts.append((label, style))
    return parts


def summary_markdown(item: Article | Skip, *, min_score: float | None = None) -> str:
    """The summary as Markdown source (see :func:`summary_text` for the arguments)."""
    if isinstance(item, Skip):
        return f"## Skipped: {md(item.id)}\n\n{md(item.error)}\n"
    view = _view(item, min_score)
    lines = [f"## {md(view.title)}", "", md(" · ".join(view.meta)), ""]
    for name, value in (
        ("Genre", view.genre),
        ("Frames", ", ".join(view.frames) or None),
        ("Tone", view.tone),
    ):
        if value:
            lines.append(f"- **{name}:** {md(value)}")
    if view.techniques_ran or view.techniques:
        lines += ["", f"### {md(_techniques_heading(view))}", ""]
        for tech in view.techniques:
            where = _where(tech.line, tech.repeated_at)
            where = f", {where}" if where else ""
            labels = ", ".join(f"**{md(name)}** {score:.2f}" for name, score in tech.labels)
            lines.append(f"- {labels}{where}: {md(tech.before)}**{md(tech.span)}**{md(tech.after)}")
        if view.paragraph_labels:
            lines += ["", "Techniques per paragraph:", ""]
            lines += [
                f"- line {n}: {', '.join(md(x) for x in labels)}"
                + (f" (repeats line {first})" if first is not None else "")
                for n, labels, first in view.paragraph_labels
            ]
    lines += _narratives_markdown(item)
    lines += _cast_markdown(item)
    for heading, quotes in _quote_sections(view.quotes):
        if quotes:
            lines += ["", f"### {md(_quotes_heading(heading, quotes))}", ""]
        for q in quotes:
            speaker, text, note = _quote_line(q)
            lines.append(f"- **{md(speaker)}:** {md(text)} {md(note)}")
    for heading, entries in (
        ("Counts", view.counts),
        ("Places", view.places),
        ("Dates", view.dates),
    ):
        if entries:
            lines += ["", f"### {heading}: {len(entries)}", ""]
            lines += [f"- {md(e)}" for e in entries]
    if not view.techniques and (view.techniques_ran or view.hidden):
        lines.insert(lines.index(f"### {md(_techniques_heading(view))}") + 2, "None.")
    return "\n".join(lines) + "\n"


def render_summary(
    item: Article | Skip, fmt: SummaryFormat = "text", *, min_score: float | None = None
) -> str:
    """The summary of one result as a plain string: ``text`` or ``markdown``.

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "text":
        return summary_text(item, min_score=min_score).plain
    if fmt == "markdown":
        return summary_markdown(item, min_score=min_score)
    raise ValueError(f"summary format must be one of {', '.join(SUMMARY_FORMATS)}, not {fmt!r}")
