"""The "Narratives" section shared by the text/Markdown summaries and the HTML report.

Each narrative item of the article becomes one entry: the label (a sub-narrative indented
under its narrative), its calibrated score, the taxonomy when it is the user's, and the
first evidence paragraph (clipped). Everything comes from ``article.narratives`` and the
text at its offsets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from slant.article import Article
from slant.report._render import clip

__all__ = ["NARRATIVES_HEADING", "NarrativeEntry", "narrative_entries", "narratives_section_html"]

NARRATIVES_HEADING = "Narratives"
EVIDENCE_CHARS = 200


@dataclass(frozen=True, slots=True)
class NarrativeEntry:
    """One line of the section."""

    label: str  # the narrative, or the sub-narrative's own part after "<narrative>: "
    score: float
    level: int  # 0: a narrative, 1: a sub-narrative under it
    taxonomy: str
    evidence: str  # the first evidence paragraph, clipped ("" if none)
    line: int | None  # 1-based line of that paragraph


def narrative_entries(article: Article) -> list[NarrativeEntry]:
    """The section's entries, in the article's order (narratives before their subs)."""
    out: list[NarrativeEntry] = []
    for n in article.narratives:
        if n.subnarrative is None:
            label, level = n.narrative, 0
        else:
            prefix = n.narrative + ": "
            sub = n.subnarrative
            label, level = (sub[len(prefix) :] if sub.startswith(prefix) else sub), 1
        ev, line = "", None
        if n.evidence:
            s, e = n.evidence[0]
            ev = clip(article.text[s:e], EVIDENCE_CHARS)
            line = article.text.count("\n", 0, s) + 1
        out.append(NarrativeEntry(label, n.score, level, n.taxonomy, ev, line))
    return out


def narratives_section_html(rows: list[dict[str, Any]]) -> str:
    """The report's narratives section from :func:`slant.store.narratives.narrative_stats`
    rows: per outlet and month, the narratives pushed (articles and their share)."""
    esc = html.escape
    cells: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        user = " (user)" if r["taxonomy"] == "user" else ""
        cells.setdefault((r["outlet"], r["month"]), []).append(
            f"{esc(r['narrative'])}{user} ({r['articles']}, {100 * r['share']:.0f} %)"
        )
    if not cells:
        return ""
    body = "".join(
        f"<tr><td>{esc(outlet)}</td><td>{esc(month)}</td><td>{'<br>'.join(items)}</td></tr>"
        for (outlet, month), items in sorted(cells.items())
    )
    return (
        f'<section id="narratives"><h2>{esc(NARRATIVES_HEADING)}</h2>'
        "<p class=meta>Per outlet and month, the narratives the articles push (narratives "
        "analyzer: SemEval-2025 Task 10 taxonomy and user narratives; articles and their "
        "share of the month's articles in brackets, the five most pushed).</p>"
        "<table><tr><th>outlet</th><th>month</th><th>narratives</th></tr>"
        f"{body}</table></section>"
    )
