"""The self-contained HTML report: inline CSS and SVG, no scripts, no network."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slant.report.plots import FIGURES, draw_all, to_png, to_svg

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


def render_report(data: dict[str, Any], *, title: str, source: str) -> tuple[str, dict[str, Any]]:
    """(HTML page, figures by name) for report data."""
    figures = draw_all(data)
    esc = html.escape
    outlets = "".join(
        f"<tr><td>{esc(o)}</td><td class=n>{n}</td></tr>" for o, n in data["outlets"].most_common()
    )
    sections = "".join(
        f'<section id="{name}"><h2>{esc(FIGURES[name])}</h2>{to_svg(fig)}</section>'
        for name, fig in figures.items()
    )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1><p class=meta>{data['articles']} articles from {esc(source)}, "
        f"generated {now} by slant</p>"
        f"<section><h2>Outlets</h2><table><tr><th>outlet</th><th>articles</th></tr>{outlets}"
        f"</table></section>{sections}</body></html>\n"
    )
    return page, figures


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
    page, figures = render_report(data, title=title, source=store.safe_url)
    output.write_text(page, encoding="utf-8")
    written = [output]
    if png:
        for name, fig in figures.items():
            path = output.with_name(f"{output.stem}-{name}.png")
            to_png(fig, path)
            written.append(path)
    return written
