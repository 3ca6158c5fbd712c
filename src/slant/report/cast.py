"""The "Cast: heroes / villains / victims" sections: text and Markdown summaries, report."""

from __future__ import annotations

import html
from typing import Any

from slant.article import Article

__all__ = ["CAST_HEADING", "ROLE_NOUNS", "cast_entries", "cast_section_html"]

CAST_HEADING = "Cast: heroes / villains / victims"
# how a summary names each main role
ROLE_NOUNS = {"Protagonist": "hero", "Antagonist": "villain", "Innocent": "victim"}
_MAX_MENTIONS = 3


def cast_entries(article: Article) -> list[tuple[str, str, str, str]]:
    """One ``(role noun, name, "score (fine roles)", quoted mentions)`` per cast member.

    Heroes, villains, victims order (as ``article.cast`` is kept); the mentions are the
    distinct words that carry the role, at most three, then "+N".
    """
    out = []
    for c in article.cast:
        words: list[str] = []
        for s, e in c.mentions:
            w = " ".join(article.text[s:e].split())
            if w not in words:
                words.append(w)
        quoted = ", ".join(f"“{w}”" for w in words[:_MAX_MENTIONS])
        if len(words) > _MAX_MENTIONS:
            quoted += f" +{len(words) - _MAX_MENTIONS}"
        detail = f"{c.score:.2f}" + (f" ({', '.join(c.fine)})" if c.fine else "")
        out.append((ROLE_NOUNS.get(c.main, c.main), c.name, detail, quoted))
    return out


def cast_section_html(rows: list[dict[str, Any]]) -> str:
    """The report's cast section from :func:`slant.store.roles.role_stats` rows: per outlet
    and month, the names cast as heroes, villains and victims (articles in brackets)."""
    esc = html.escape
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in rows:
        cell = cells.setdefault((r["outlet"], r["month"]), {})
        cell.setdefault(r["role"], []).append(f"{esc(r['name'])} ({r['articles']})")
    if not cells:
        return ""
    body = "".join(
        f"<tr><td>{esc(outlet)}</td><td>{esc(month)}</td>"
        + "".join(f"<td>{', '.join(roles.get(m, [])) or '—'}</td>" for m in ROLE_NOUNS)
        + "</tr>"
        for (outlet, month), roles in sorted(cells.items())
    )
    return (
        f'<section id="cast"><h2>{esc(CAST_HEADING)}</h2>'
        "<p class=meta>Per outlet and month, whom the articles cast in each role (roles "
        "analyzer; articles in brackets, the five most cast per role).</p>"
        "<table><tr><th>outlet</th><th>month</th><th>heroes</th><th>villains</th>"
        f"<th>victims</th></tr>{body}</table></section>"
    )
