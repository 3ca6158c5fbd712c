"""A story to read: every outlet's telling side by side, as text or Markdown.

``slant story ID`` prints this: the story's headline, size and date span, then the
differences between the tellings (counts that disagree, speakers and techniques only one
outlet has), then one section per outlet with its headlines, dates, genre, frames, tone,
techniques per 1,000 words with their top spans, the speakers it quotes, its counts and
places. :func:`story_text` returns a :class:`rich.text.Text` (coloured on a terminal;
``.plain`` is the plain text) and :func:`story_markdown` Markdown source.

Everything comes from :class:`slant.stories.view.StoryView`, itself computed from the
stored annotations, so it never disagrees with the JSON of ``/api/stories/{id}``.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING, Literal

from slant.report._render import StyledLines, clip, md, number

if TYPE_CHECKING:
    from rich.text import Text

    from slant.store import Store
    from slant.stories.columns import CountRef, OutletColumn, SpeakerUse, StoryComparison
    from slant.stories.view import StoryView

__all__ = [
    "STORY_FORMATS",
    "StoryFormat",
    "render_story",
    "report_stories",
    "stories_section_html",
    "story_markdown",
    "story_text",
]

StoryFormat = Literal["text", "markdown"]
STORY_FORMATS: tuple[StoryFormat, ...] = ("text", "markdown")
SPAN_CHARS = 160  # a top span longer than this is cut with an ellipsis
COUNT_CHARS = 120

STYLES = {
    "title": "bold",
    "heading": "bold underline",
    "outlet": "bold blue",
    "label": "bold cyan",
    "score": "magenta",
    "span": "yellow",
    "speaker": "bold green",
    "disputed": "bold red",
    "unique": "bold magenta",
    "muted": "dim",
}
ONLY = "only here"
DISAGREES = "disagrees"
# speakers an outlet credits only with thoughts, intentions or stances (not quotes)
ATTRIBUTED = "attributed, not quoted (thoughts, intentions, stances)"


def _others(sp: SpeakerUse) -> str:
    """A quoted speaker's other attributions, as a note: " (+2 other attributions)"."""
    return f" (+{sp.others} other attribution{'s' * (sp.others != 1)})" if sp.others else ""


def count_value(c: CountRef) -> str:
    """``"about 8,000"`` for an estimate, else the number."""
    return ("about " if c.estimate else "") + number(c.number)


def date_span(first: str | None, last: str | None) -> str:
    """``2022-01-09 – 2022-01-10``, one date, or ``undated``."""
    if not first:
        return "undated"
    return first if not last or last == first else f"{first} – {last}"


def _story_meta(view: StoryView) -> str:
    s = view.summary
    n = len(view.comparison.outlets)
    return (
        f"story {s.id} · {s.size} article{'s' * (s.size != 1)} · "
        f"{n} outlet{'s' * (n != 1)} · {date_span(s.first, s.last)}"
    )


def _disagreement_lines(comparison: StoryComparison) -> list[tuple[str, list[str]]]:
    """(``TYPE object``, ``value — outlet ("text")`` entries) per disagreeing count."""
    out = []
    for d in comparison.count_disagreements:
        values = [
            f'{count_value(c)} — {outlet} ("{clip(c.text, COUNT_CHARS)}")' for outlet, c in d.values
        ]
        out.append((f"{d.type} {d.object}", values))
    return out


def _unique(entries: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(outlet, ", ".join(names)) for outlet, names in entries.items() if names]


def _article_line(col: OutletColumn, i: int) -> str:
    a = col.articles[i]
    parts = [a.published or "undated", a.headline or "(no headline)", f"id {a.id}"]
    parts.append(f"{a.words:,} words")
    return " · ".join(parts)


def _column_facts(col: OutletColumn) -> list[tuple[str, str]]:
    facts = []
    if col.genres:
        facts.append(
            (
                "genre",
                ", ".join(f"{g.label} {g.score:.2f}" + _of(g.articles, col) for g in col.genres),
            )
        )
    if col.frames:
        facts.append(
            (
                "frames",
                ", ".join(f"{f.label} {f.score:.2f}" + _of(f.articles, col) for f in col.frames),
            )
        )
    if col.tone is not None:
        facts.append(("tone", f"{col.tone:+.2f}"))
    return facts


def _of(n: int, col: OutletColumn) -> str:
    return f" ({n} of {len(col.articles)})" if len(col.articles) > 1 else ""


def _threshold(comparison: StoryComparison) -> str:
    return f" with score ≥ {comparison.min_score:g}" if comparison.min_score is not None else ""


def story_text(view: StoryView) -> Text:
    """The story as a styled rich Text (``.plain`` gives the plain text)."""
    out = StyledLines(STYLES)
    line = out.line
    c = view.comparison
    line((view.summary.headline or "(no headline)", "title"))
    line((_story_meta(view), "muted"))
    line()
    line(("Differences", "heading"))
    disagreements = _disagreement_lines(c)
    speakers, techniques = _unique(c.unique_speakers), _unique(c.unique_techniques)
    if len(c.outlets) < 2:
        line(("one outlet: nothing to compare", "muted"), indent=2)
    elif not (disagreements or speakers or techniques):
        line(("none found", "muted"), indent=2)
    if disagreements:
        line("Counts that disagree:", indent=2)
        for key, values in disagreements:
            line((key, "disputed"), indent=4)
            for v in values:
                line(v, indent=6)
    if speakers:
        line("Speakers quoted by one outlet only:", indent=2)
        for outlet, names in speakers:
            line((outlet, "outlet"), ": ", (names, "speaker"), indent=4)
    if techniques:
        line("Techniques one outlet uses and the others do not:", indent=2)
        for outlet, names in techniques:
            line((outlet, "outlet"), ": ", (names, "label"), indent=4)
    for col in c.outlets:
        line()
        n = len(col.articles)
        line((col.name, "outlet"), (f" · {n} article{'s' * (n != 1)}", "muted"))
        for i in range(n):
            line((_article_line(col, i), "muted"), indent=2)
        for name, value in _column_facts(col):
            line((f"{name}: ", "muted"), value, indent=2)
        if col.techniques:
            line(f"techniques per 1,000 words{_threshold(c)}:", indent=2)
            for u in col.techniques:
                line(
                    (u.technique, "label"),
                    f" {u.per_1000:.1f} ({u.spans} span{'s' * (u.spans != 1)})",
                    (f" [{ONLY}]", "unique") if u.unique else "",
                    indent=4,
                )
                for s in u.top:
                    line(
                        (f"{s.score:.2f} ", "score"),
                        ("“" + clip(s.text, SPAN_CHARS) + "”", "span"),
                        indent=6,
                    )
        if col.speakers:
            line("speakers:", indent=2)
            for sp in col.speakers:
                line(
                    (sp.name, "speaker"),
                    f" ×{sp.quotes}{_others(sp)}",
                    (f" [{ONLY}]", "unique") if sp.unique else "",
                    indent=4,
                )
        if col.attributed:
            line(f"{ATTRIBUTED}:", indent=2)
            for sp in col.attributed:
                line((sp.name, "speaker"), f" ×{sp.others}", indent=4)
        if col.counts:
            line("counts:", indent=2)
            for k in col.counts:
                source = f", according to {k.source}" if k.source else ""
                line(
                    (
                        f"{k.type} {count_value(k)} {k.object}".rstrip(),
                        "disputed" if k.disputed else "",
                    ),
                    f' ("{clip(k.text, COUNT_CHARS)}"{source})',
                    (f" [{DISAGREES}]", "disputed") if k.disputed else "",
                    indent=4,
                )
        if col.places:
            places = ", ".join(
                f"{p.name}{f' ({p.country_code})' if p.country_code else ''} ×{p.mentions}"
                for p in col.places
            )
            line(("places: ", "muted"), places, indent=2)
    return out.text


def story_markdown(view: StoryView) -> str:
    """The story as Markdown source."""
    c = view.comparison
    lines = [f"## {md(view.summary.headline or '(no headline)')}", "", md(_story_meta(view))]
    lines += ["", "### Differences", ""]
    disagreements = _disagreement_lines(c)
    speakers, techniques = _unique(c.unique_speakers), _unique(c.unique_techniques)
    if len(c.outlets) < 2:
        lines.append("One outlet: nothing to compare.")
    elif not (disagreements or speakers or techniques):
        lines.append("None found.")
    if disagreements:
        lines.append("**Counts that disagree:**")
        lines.append("")
        for key, values in disagreements:
            lines.append(f"- **{md(key)}**: " + "; ".join(md(v) for v in values))
        lines.append("")
    if speakers:
        lines += ["**Speakers quoted by one outlet only:**", ""]
        lines += [f"- {md(o)}: {md(names)}" for o, names in speakers]
        lines.append("")
    if techniques:
        lines += ["**Techniques one outlet uses and the others do not:**", ""]
        lines += [f"- {md(o)}: {md(names)}" for o, names in techniques]
        lines.append("")
    for col in c.outlets:
        n = len(col.articles)
        lines += ["", f"### {md(col.name)} ({n} article{'s' * (n != 1)})", ""]
        lines += [f"- {md(_article_line(col, i))}" for i in range(n)]
        lines += [f"- **{name}:** {md(value)}" for name, value in _column_facts(col)]
        if col.techniques:
            lines += ["", f"Techniques per 1,000 words{md(_threshold(c))}:", ""]
            for u in col.techniques:
                only = f" *({ONLY})*" if u.unique else ""
                tops = "; ".join(f'{s.score:.2f} "{md(clip(s.text, SPAN_CHARS))}"' for s in u.top)
                lines.append(
                    f"- **{md(u.technique)}** {u.per_1000:.1f} "
                    f"({u.spans} span{'s' * (u.spans != 1)}){only}: {tops}"
                )
        if col.speakers:
            lines += ["", "Speakers:", ""]
            lines += [
                f"- {md(sp.name)} ×{sp.quotes}{_others(sp)}" + (f" *({ONLY})*" if sp.unique else "")
                for sp in col.speakers
            ]
        if col.attributed:
            lines += ["", f"{ATTRIBUTED[0].upper()}{ATTRIBUTED[1:]}:", ""]
            lines += [f"- {md(sp.name)} ×{sp.others}" for sp in col.attributed]
        if col.counts:
            lines += ["", "Counts:", ""]
            for k in col.counts:
                value = md(f"{k.type} {count_value(k)} {k.object}".rstrip())
                source = f", according to {md(k.source)}" if k.source else ""
                flag = f" **({DISAGREES})**" if k.disputed else ""
                lines.append(f'- {value} ("{md(clip(k.text, COUNT_CHARS))}"{source}){flag}')
        if col.places:
            places = ", ".join(
                f"{p.name}{f' ({p.country_code})' if p.country_code else ''} ×{p.mentions}"
                for p in col.places
            )
            lines += ["", f"Places: {md(places)}"]
    return "\n".join(lines) + "\n"


def render_story(view: StoryView, fmt: StoryFormat = "text") -> str:
    """The story as a plain string: ``text`` or ``markdown``.

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "text":
        return story_text(view).plain
    if fmt == "markdown":
        return story_markdown(view)
    raise ValueError(f"story format must be one of {', '.join(STORY_FORMATS)}, not {fmt!r}")


# -- the HTML report's stories section ------------------------------------------------------
REPORT_STORIES = 10  # the largest stories of the period the report shows


def report_stories(
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = REPORT_STORIES,
) -> list[StoryView]:
    """The largest stories told by two outlets or more (dated within ``since``/``until``
    when given), compared side by side."""
    from slant.store.stories import list_stories
    from slant.stories.view import load_story

    views = []
    for summary in list_stories(store, limit=top * 3, since=since, until=until, min_size=2):
        view = load_story(store, summary.id)
        if view is not None and len(view.comparison.outlets) >= 2:
            views.append(view)
        if len(views) == top:
            break
    return views


def stories_section_html(views: list[StoryView]) -> str:
    """The report's stories section: per story its size, dates, headline, outlets and the
    differences between them (no script; everything escaped)."""
    esc = html.escape
    rows = []
    for view in views:
        c = view.comparison
        counts = "".join(
            f"<li><b>{esc(d.type)} {esc(d.object)}</b>: "
            + "; ".join(f"{esc(count_value(v))} ({esc(outlet)})" for outlet, v in d.values)
            + "</li>"
            for d in c.count_disagreements
        )
        only = [
            f"<li>{esc(outlet)} alone quotes {esc(', '.join(names))}</li>"
            for outlet, names in c.unique_speakers.items()
            if names
        ] + [
            f"<li>{esc(outlet)} alone uses {esc(', '.join(names))}</li>"
            for outlet, names in c.unique_techniques.items()
            if names
        ]
        differences = f"<ul>{counts}{''.join(only)}</ul>" if counts or only else "none found"
        outlets = ", ".join(f"{esc(col.name)} ({len(col.articles)})" for col in c.outlets)
        s = view.summary
        rows.append(
            f"<tr><td class=n>{s.size}</td><td>{esc(date_span(s.first, s.last))}</td>"
            f"<td><b>{esc(s.headline or f'story {s.id}')}</b><br>{outlets}</td>"
            f"<td>{differences}</td></tr>"
        )
    if not rows:
        body = "<p>No story told by two outlets or more (run <code>slant stories</code>).</p>"
    else:
        body = (
            "<table><tr><th>articles</th><th>dates</th><th>story and outlets (articles)</th>"
            f"<th>differences</th></tr>{''.join(rows)}</table>"
        )
    return f'<section id="stories"><h2>Largest stories across outlets</h2>{body}</section>'
