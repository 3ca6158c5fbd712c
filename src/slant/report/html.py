"""The self-contained HTML report: inline CSS and SVG, no scripts, no network."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slant.report import svg

FIGURES = {
    "technique_share": "Technique share per outlet",
    "technique_trend": "Technique spans per article, by month",
    "top_speakers": "Most quoted speakers",
    "top_places": "Most mentioned places",
    "counts_by_month": "Event counts by type and month (sum of reported numbers)",
}

if TYPE_CHECKING:
    from slant.store import Store
    from slant.store.queries import Filters

__all__ = ["render_report", "write_report"]

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:62rem;
color:#222;padding:0 1rem}h1{margin-bottom:.2rem}.meta{color:#666;margin-top:0}
section{margin:2rem 0}table{border-collapse:collapse;font-size:14px}
td,th{padding:.2rem .7rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right}svg{max-width:100%;height:auto}
"""


def charts(
    data: dict[str, Any], *, top_outlets: int = 12, top_techniques: int = 6
) -> dict[str, str]:
    """Every report chart as inline SVG, from :func:`slant.store.queries.report_data`."""
    colours = svg.technique_colours()
    share = data["technique_share"]
    totals = Counter({o: sum(c.values()) for o, c in share.items()})
    rows = [(o, share[o]) for o, n in totals.most_common(top_outlets) if n]
    trend = data["technique_trend"]
    per_month = data["articles_per_month"]
    top = Counter({t: sum(c.values()) for t, c in trend.items()}).most_common(top_techniques)
    series = {
        t: {m: n / per_month[m] for m, n in trend[t].items() if per_month.get(m)} for t, _ in top
    }
    return {
        "technique_share": svg.stacked_shares(
            rows, colours=colours, title=FIGURES["technique_share"]
        ),
        "technique_trend": svg.lines(
            series, title=FIGURES["technique_trend"], y_label="spans per article", colours=colours
        ),
        "top_speakers": svg.bars(data["top_speakers"], title=FIGURES["top_speakers"]),
        "top_places": svg.bars(
            data["top_places"], title=FIGURES["top_places"], colour=svg.PALETTE[2]
        ),
        "counts_by_month": svg.lines(
            data["counts_by_month"], title=FIGURES["counts_by_month"], y_label="people / events"
        ),
    }


def render_report(data: dict[str, Any], *, title: str, source: str) -> str:
    """The HTML page for report data (inline SVG charts, no scripts)."""
    esc = html.escape
    outlets = "".join(
        f"<tr><td>{esc(o)}</td><td class=n>{n}</td></tr>" for o, n in data["outlets"].most_common()
    )
    sections = "".join(
        f'<section id="{name}"><h2>{esc(FIGURES[name])}</h2>{chart}</section>'
        for name, chart in charts(data).items()
    )
    sections += data.get("stories_html", "")  # write_report adds it from the store
    sections += data.get("cast_html", "")  # and this one (roles analyzer)
    sections += data.get("narratives_html", "")  # and this one (narratives analyzer)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1><p class=meta>{data['articles']} articles from {esc(source)}, "
        f"generated {now} by slant</p>"
        f"<section><h2>Outlets</h2><table><tr><th>outlet</th><th>articles</th></tr>{outlets}"
        f"</table></section>{sections}</body></html>\n"
    )


def write_report(
    store: Store,
    output: Path,
    *,
    filters: Filters | None = None,
    png: bool = False,
    title: str = "slant corpus report",
) -> list[Path]:
    """Write the report (and with ``png`` one PNG per figure beside it); returns the files."""
    from slant.store.queries import report_data

    data = report_data(store, filters=filters)
    from slant.report.story import report_stories, stories_section_html

    views = report_stories(
        store, since=filters.since if filters else None, until=filters.until if filters else None
    )
    data["stories_html"] = stories_section_html(views)
    from slant.report.cast import cast_section_html
    from slant.store.roles import role_stats

    data["cast_html"] = cast_section_html(role_stats(store, filters=filters, top=5))
    from slant.report.narratives import narratives_section_html
    from slant.store.narratives import narrative_stats

    data["narratives_html"] = narratives_section_html(
        narrative_stats(store, filters=filters, top=5)
    )
    output.write_text(render_report(data, title=title, source=store.safe_url), encoding="utf-8")
    written = [output]
    if png:  # matplotlib draws the PNGs (slower; only on request)
        from slant.report.plots import draw_all, to_png

        for name, fig in draw_all(data).items():
            path = output.with_name(f"{output.stem}-{name}.png")
            to_png(fig, path)
            written.append(path)
    return written
