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

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

from slant.article import Article, Skip
from slant.report._render import StyledLines, md, quoted
from slant.report._summary_view import SummaryQuote, SummaryView, summary_view

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

STYLES = {
    "title": "bold",
    "heading": "bold underline",
    "label": "bold cyan",
    "score": "magenta",
    "span": "bold yellow",
    "speaker": "bold green",
    "muted": "dim",
}


def _repeats(n: int) -> str:
    """The heading's note on entries left out as repeats ("" when none)."""
    return f" (+{n} repeated in a duplicate paragraph)" if n else ""


def _techniques_heading(view: SummaryView) -> str:
    n = sum(len(t.labels) for t in view.techniques)
    head = f"Techniques: {n} span{'s' if n != 1 else ''}"
    head += _repeats(sum(len(t.labels) * len(t.repeated_at) for t in view.techniques))
    if view.min_score is not None:
        head += f" with score ≥ {view.min_score:g}"
        if view.hidden:
            head += f"; {view.hidden} below it hidden"
    return head


OTHER_ATTRIBUTIONS = "Other attributions (thoughts, intentions, stances, acts; not speech)"


def _quote_sections(quotes: list[SummaryQuote]) -> list[tuple[str, list[SummaryQuote]]]:
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


def _quotes_heading(heading: str, quotes: list[SummaryQuote]) -> str:
    return f"{heading}: {len(quotes)}" + _repeats(sum(len(q.repeated_at) for q in quotes))


def _quote_line(q: SummaryQuote) -> tuple[str, str, str]:
    """(speaker, quoted text, note) for one quote."""
    note = q.kind + (f", {q.cue!r}" if q.cue else "")
    note += "".join(f", {x}" for x in (q.cue_class, q.flag) if x)
    if q.repeated_at:
        note += ", " + _where(None, q.repeated_at)
    return q.speaker or "(no speaker)", quoted(q.text), f"({note})"


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
    view = summary_view(item, min_score)
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
        for noun, name, detail, mentions in entries:
            line(f"{noun}: ", (name, "label"), " ", (detail, "score"), ": ", mentions, indent=2)


def _cast_markdown(article: Article) -> list[str]:
    """The cast section (roles analyzer) of the Markdown summary."""
    from slant.report.cast import CAST_HEADING, cast_entries

    entries = cast_entries(article)
    if not entries:
        return []
    out = ["", f"### {CAST_HEADING}", ""]
    for noun, name, detail, mentions in entries:
        out.append(f"- {noun}: **{md(name)}** {md(detail)}: {md(mentions)}")
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
    view = summary_view(item, min_score)
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
