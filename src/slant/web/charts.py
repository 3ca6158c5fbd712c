"""A small server-side SVG line chart (no script, no inline style: colours are CSS classes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import datetime as dt

    from slant.store import Store

__all__ = ["outlet_trends", "trend_svg"]

MAX_SERIES = 8  # the CSS has colours s0..s7


def outlet_trends(
    store: Store,
    *,
    technique: str | None,
    since: dt.date | None,
    until: dt.date | None,
    outlets: list[str],
) -> dict[str, dict[str, float]]:
    """Per outlet, per month: technique spans per article (all techniques, or ``technique``).

    Built from ``queries.stats`` (one or two queries per outlet), so it agrees with
    ``slant stats``.
    """
    from slant.store.queries import NO_DATE, Filters, stats

    series: dict[str, dict[str, float]] = {}
    for outlet in outlets[:MAX_SERIES]:
        base = Filters(outlet=outlet, since=since, until=until)
        rows = {r["group"]: r for r in stats(store, by="month", filters=base)}
        if technique:
            spans = {
                r["group"]: r["technique_share"] * r["technique_spans"]
                for r in stats(
                    store,
                    by="month",
                    filters=Filters(outlet=outlet, since=since, until=until, technique=technique),
                )
            }
        else:
            spans = {g: r["technique_spans"] for g, r in rows.items()}
        series[outlet] = {
            month: round(spans.get(month, 0.0) / r["articles"], 3)
            for month, r in rows.items()
            if month != NO_DATE and r["articles"]
        }
    return {o: s for o, s in series.items() if s}


def trend_svg(series: dict[str, dict[str, float]], *, ylabel: str) -> Markup:
    """A line chart: x = months (sorted), one line per series; labels escaped."""
    months = sorted({m for s in series.values() for m in s})
    if not months:
        return Markup('<p class="muted">No dated articles to chart.</p>')
    width, height, left, right, top, bottom = 720, 260, 48, 150, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    ymax = max((v for s in series.values() for v in s.values()), default=0.0) or 1.0

    def x(i: int) -> float:
        return left + (plot_w * i / (len(months) - 1) if len(months) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / ymax)

    parts: list[Any] = [
        Markup(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">'
        ).format(width, height, ylabel)
    ]
    for k in range(5):  # horizontal grid and y ticks
        v = ymax * k / 4
        parts.append(
            Markup('<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>').format(
                left, left + plot_w, y(v), y(v)
            )
        )
        parts.append(
            Markup('<text class="tick" x="{}" y="{:.1f}" text-anchor="end">{:.2g}</text>').format(
                left - 6, y(v) + 4, v
            )
        )
    step = max(1, len(months) // 8)
    for i, m in enumerate(months):
        if i % step == 0 or i == len(months) - 1:
            parts.append(
                Markup(
                    '<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}</text>'
                ).format(x(i), height - bottom + 16, m)
            )
    parts.append(
        Markup('<text class="axis" x="{}" y="{}">{}</text>').format(left, height - 6, ylabel)
    )
    for n, (name, values) in enumerate(series.items()):
        points = [(x(i), y(values[m])) for i, m in enumerate(months) if m in values]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            Markup('<polyline class="line s{}" points="{}"><title>{}</title></polyline>').format(
                n % MAX_SERIES, path, name
            )
        )
        for (px, py), m in zip(points, [m for m in months if m in values], strict=True):
            parts.append(
                Markup(
                    '<circle class="dot s{}" cx="{:.1f}" cy="{:.1f}" r="3">'
                    "<title>{} {}: {:.2f}</title></circle>"
                ).format(n % MAX_SERIES, px, py, name, m, values[m])
            )
        ly = top + 14 + 18 * n
        parts.append(
            Markup(
                '<line class="line s{}" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="legend" x="{}" y="{}">{}</text>'
            ).format(
                n % MAX_SERIES,
                width - right + 12,
                width - right + 30,
                ly - 4,
                ly - 4,
                width - right + 36,
                ly,
                name if len(name) <= 18 else name[:17] + "…",
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(escape(p) for p in parts)
