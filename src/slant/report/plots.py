"""The report's figures as PNG, drawn with matplotlib (object API, no pyplot, no display).

The HTML page itself uses the faster hand-written SVG charts of :mod:`slant.report.svg`."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from slant.labels import TECHNIQUES, category_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["draw_all", "to_png"]

_CATEGORY_COLOURS = {
    "Attack on reputation": "#d62728",
    "Justification": "#1f77b4",
    "Simplification": "#9467bd",
    "Distraction": "#8c564b",
    "Call": "#2ca02c",
    "Manipulative wording": "#ff7f0e",
}


def _figure(width: float = 8.0, height: float = 4.0) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666")
    return fig


def technique_share(data: dict[str, dict[str, int]], top_outlets: int = 12) -> Figure:
    """Stacked horizontal bars: each outlet's technique spans as shares (colour families
    follow the technique categories)."""
    totals = Counter({o: sum(c.values()) for o, c in data.items()})
    outlets = [o for o, n in totals.most_common(top_outlets) if n]
    fig = _figure(9, 0.45 * max(len(outlets), 3) + 1.6)
    if not outlets:
        return _empty(fig, "no technique spans stored")
    ax = fig.subplots()
    used = [t for t in TECHNIQUES if any(data[o].get(t) for o in outlets)]
    left = [0.0] * len(outlets)
    shade: Counter[str] = Counter()
    for t in used:
        shares = [data[o].get(t, 0) / totals[o] for o in outlets]
        cat = category_of(t)
        alpha = max(0.35, 1.0 - 0.15 * shade[cat])
        shade[cat] += 1
        ax.barh(
            outlets,
            shares,
            left=left,
            color=_CATEGORY_COLOURS[cat],
            alpha=alpha,
            edgecolor="white",
            linewidth=0.5,
            label=t.replace("_", " "),
        )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of technique spans")
    ax.legend(fontsize=6, ncols=2, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return fig


def technique_trend(
    trend: dict[str, dict[str, int]], per_month: dict[str, int], top: int = 6
) -> Figure:
    fig = _figure()
    months = sorted(m for m in per_month if m[:1].isdigit())
    totals = Counter({t: sum(c.values()) for t, c in trend.items()})
    if not months or not totals:
        return _empty(fig, "no dated articles with technique spans")
    ax = fig.subplots()
    for t, _ in totals.most_common(top):
        ys = [trend[t].get(m, 0) / per_month[m] for m in months]
        ax.plot(
            months,
            ys,
            marker="o",
            markersize=3,
            label=t.replace("_", " "),
            color=_CATEGORY_COLOURS[category_of(t)] if t in TECHNIQUES else None,
        )
    ax.set_ylabel("spans per article")
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    return fig


def ranked_bars(pairs: list[tuple[str, int]], xlabel: str, colour: str) -> Figure:
    fig = _figure(8, 0.32 * max(len(pairs), 3) + 1.2)
    if not pairs:
        return _empty(fig, "nothing stored yet")
    ax = fig.subplots()
    labels = [p for p, _ in pairs]
    ax.barh(labels, [n for _, n in pairs], color=colour)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel(xlabel)
    return fig


def counts_by_month(counts: dict[str, dict[str, float]]) -> Figure:
    fig = _figure()
    months = sorted({m for c in counts.values() for m in c if m[:1].isdigit()})
    if not months:
        return _empty(fig, "no dated event counts")
    ax = fig.subplots()
    for ctype in sorted(counts):
        ax.plot(
            months, [counts[ctype].get(m, 0) for m in months], marker="o", markersize=3, label=ctype
        )
    ax.set_yscale("log") if any(v > 0 for c in counts.values() for v in c.values()) else None
    ax.set_ylabel("people / events reported")
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    return fig


def draw_all(data: dict[str, Any]) -> dict[str, Figure]:
    """Every report figure from :func:`slant.store.queries.report_data` output."""
    return {
        "technique_share": technique_share(data["technique_share"]),
        "technique_trend": technique_trend(data["technique_trend"], data["articles_per_month"]),
        "top_speakers": ranked_bars(data["top_speakers"], "quotes", "#4c72b0"),
        "top_places": ranked_bars(data["top_places"], "mentions", "#55a868"),
        "counts_by_month": counts_by_month(data["counts_by_month"]),
    }


def to_png(fig: Figure, path: Any) -> None:
    fig.savefig(path, format="png", dpi=110)
