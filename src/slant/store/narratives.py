"""Narratives over the corpus: which narratives each outlet pushes, month by month.

Reads the ``narratives`` table (migration 0006), one row per narrative item of an article
(the narratives analyzer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from slant.store._monthly import keep_top, outlet_month
from slant.store.tables import ArticleRow, NarrativeRow

if TYPE_CHECKING:
    from slant.store import Store
    from slant.store.queries import Filters

__all__ = ["narrative_stats"]


def narrative_stats(
    store: Store,
    *,
    filters: Filters | None = None,
    min_score: float = 0.0,
    subnarratives: bool = False,
    top: int | None = 10,
) -> list[dict[str, Any]]:
    """Per outlet and month: the articles that push each narrative.

    Args:
        store: the corpus.
        filters: which articles count (outlet, dates, technique, language).
        min_score: only narrative items scoring at least this.
        subnarratives: count sub-narratives (``narrative: sub``) instead of narratives.
        top: at most this many narratives per (outlet, month); None: all.

    Returns:
        Rows ``{"outlet", "month", "narrative", "taxonomy", "articles", "share", "score"}``:
        the ``articles`` pushing it, their ``share`` of the articles of that outlet and month
        (all stored articles that pass ``filters``) and the mean score; sorted by outlet,
        month, then most articles (then best mean score).
    """
    from slant.store.queries import Filters

    filters = filters or Filters()
    label = NarrativeRow.subnarrative if subnarratives else NarrativeRow.narrative
    query = (
        select(
            ArticleRow.outlet,
            ArticleRow.published,
            label,
            NarrativeRow.taxonomy,
            NarrativeRow.article_pk,
            NarrativeRow.score,
        )
        .select_from(NarrativeRow)
        .join(ArticleRow, ArticleRow.pk == NarrativeRow.article_pk)
        .where(NarrativeRow.score >= min_score)
    )
    query = query.where(
        NarrativeRow.subnarrative.is_not(None)
        if subnarratives
        else NarrativeRow.subnarrative.is_(None)
    )
    totals: dict[tuple[str, str], int] = {}
    groups: dict[tuple[str, str, str, str], list[Any]] = {}
    with store.engine.connect() as conn:
        for outlet, published in conn.execute(
            filters.apply(select(ArticleRow.outlet, ArticleRow.published))
        ):
            key = outlet_month(outlet, published)
            totals[key] = totals.get(key, 0) + 1
        for outlet, published, name, taxonomy, article, score in conn.execute(filters.apply(query)):
            g = groups.setdefault((*outlet_month(outlet, published), name, taxonomy), [set(), 0.0])
            if article not in g[0]:
                g[0].add(article)
                g[1] += score
    rows = [
        {
            "outlet": outlet,
            "month": month,
            "narrative": name,
            "taxonomy": taxonomy,
            "articles": len(arts),
            "share": round(len(arts) / max(totals.get((outlet, month), 0), len(arts)), 3),
            "score": round(total / len(arts), 3),
        }
        for (outlet, month, name, taxonomy), (arts, total) in groups.items()
    ]
    rows.sort(key=lambda r: (r["outlet"], r["month"], -r["articles"], -r["score"], r["narrative"]))
    return keep_top(rows, ("outlet", "month"), top)
