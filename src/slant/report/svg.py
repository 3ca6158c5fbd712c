"""Small hand-written SVG charts for the HTML report: drawn in milliseconds, no scripts,
every label escaped. (matplotlib draws the same data for ``--png``.)"""

from __future__ import annotations

from html import escape

__all__ = ["bars", "lines", "stacked_shares", "technique_colours"]

PALETTE = (
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
)
_FONT = 'font-family="system-ui,sans-serif" font-size="11"'


CATEGORY_COLOURS = {
    "Attack on reputation": (214, 39, 40),
    "Justification": (31, 119, 180),
    "Simplification": (148, 103, 189),
    "Distraction": (140, 86, 75),
    "Call": (44, 160, 44),
    "Manipulative wording": (255, 127, 14),
}


def technique_colours() -> dict[str, str]:
    """One colour family per technique category, lighter for each further technique."""
    from slant.labels import CATEGORIES

    out = {}
    for category, techniques in CATEGORIES.items():
        r, g, b = CATEGORY_COLOURS[category]
        for i, t in enumerate(techniques):
            mix = 0.14 * i  # blend towards white
            out[t] = "#{:02x}{:02x}{:02x}".format(*(int(c + (255 - c) * mix) for c in (r, g, b)))
    return out


def _short(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _num(v: float) -> str:
    if abs(v) >= 1e6:
        return f"{v / 1e6:.3g}M"
    if abs(v) >= 1e4:
        return f"{v / 1e3:.3g}k"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _empty(title: str, message: str) -> str:
    return _svg(
        600,
        60,
        [f'<text x="300" y="35" text-anchor="middle" fill="#666" {_FONT}>{escape(message)}</text>'],
        title,
    )


def bars(pairs: list[tuple[str, float]], *, title: str, colour: str = PALETTE[0]) -> str:
    """Horizontal bars, largest first, value printed at the end of each bar."""
    if not pairs:
        return _empty(title, "nothing stored yet")
    label_w, bar_w, row = 230, 420, 20
    top = max(v for _, v in pairs) or 1
    body = []
    for i, (label, value) in enumerate(pairs):
        y = 10 + i * row
        w = bar_w * value / top
        body.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" {_FONT}>'
            f"{escape(_short(label, 34))}</text>"
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{colour}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" {_FONT}>{_num(value)}</text>'
        )
    return _svg(label_w + bar_w + 60, 20 + row * len(pairs), body, title)


def stacked_shares(
    rows: list[tuple[str, dict[str, float]]], *, colours: dict[str, str], title: str
) -> str:
    """One 100 % bar per row, split by key; a legend below."""
    if not rows:
        return _empty(title, "no technique spans stored")
    label_w, bar_w, row = 170, 520, 22
    keys = [k for k in colours if any(r.get(k) for _, r in rows)]
    body = []
    for i, (label, parts) in enumerate(rows):
        y = 10 + i * row
        total = sum(parts.values()) or 1
        x = float(label_w)
        body.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" {_FONT}>'
            f"{escape(label[:30])}</text>"
        )
        for k in keys:
            w = bar_w * parts.get(k, 0) / total
            if w > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" '
                    f'fill="{colours[k]}"><title>{escape(k)}: {parts[k] / total:.0%}</title></rect>'
                )
                x += w
    legend_y = 20 + row * len(rows)
    for j, k in enumerate(keys):
        lx, ly = 10 + (j % 3) * 240, legend_y + (j // 3) * 16
        body.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colours[k]}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}" {_FONT}>{escape(k.replace("_", " "))}</text>'
        )
    height = legend_y + 16 * ((len(keys) + 2) // 3) + 10
    return _svg(label_w + bar_w + 20, height, body, title)


def lines(
    series: dict[str, dict[str, float]],
    *,
    title: str,
    y_label: str,
    colours: dict[str, str] | None = None,
) -> str:
    """One polyline per series over sorted x categories (months)."""
    xs = sorted({x for s in series.values() for x in s if x[:1].isdigit()})
    if not xs or not series:
        return _empty(title, "no dated data")
    left, width, height, bottom = 72, 600, 220, 40
    top = max((v for s in series.values() for v in s.values()), default=0) or 1
    step = width / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return left + i * step

    def py(v: float) -> float:
        return 10 + height * (1 - v / top)

    body = [
        f'<line x1="{left}" y1="{10 + height}" x2="{left + width}" y2="{10 + height}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="16" text-anchor="end" {_FONT}>{_num(top)}</text>',
        f'<text x="{left - 6}" y="{10 + height}" text-anchor="end" {_FONT}>0</text>',
        f'<text x="12" y="{10 + height / 2}" transform="rotate(-90 12 {10 + height / 2})" '
        f'text-anchor="middle" {_FONT}>{escape(y_label)}</text>',
    ]
    every = max(1, len(xs) // 12)
    for i, x in enumerate(xs):
        if i % every == 0:
            body.append(
                f'<text x="{px(i):.1f}" y="{height + 26}" text-anchor="middle" '
                f"{_FONT}>{escape(x)}</text>"
            )
    for j, (name, points) in enumerate(series.items()):
        colour = (colours or {}).get(name, PALETTE[j % len(PALETTE)])
        coords = " ".join(f"{px(i):.1f},{py(points.get(x, 0)):.1f}" for i, x in enumerate(xs))
        body.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="1.8"><title>{escape(name)}</title></polyline>'
        )
        ly = height + bottom + 4 + (j // 3) * 16
        lx = 10 + (j % 3) * 240
        body.append(
            f'<rect x="{lx}" y="{ly}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{ly + 9}" {_FONT}>{escape(name.replace("_", " "))}</text>'
        )
    total_h = height + bottom + 16 * ((len(series) + 2) // 3) + 14
    return _svg(left + width + 30, int(total_h), body, title)
