"""Casts over the corpus: whom each outlet makes the hero, the villain and the victim.

Reads the ``cast_members`` table (migration 0007), one row per referent with a role in an
article (the roles analyzer's ``cast``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from slant.errors import UsageError
from slant.labels import MAIN_ROLES
from slant.store._monthly import keep_top, outlet_month
from slant.store.tables import ArticleRow, CastRow

if TYPE_CHECKING:
    from slant.store import Store
    from slant.store.queries import Filters

__all__ = ["ROLE_WORDS", "main_role", "role_stats"]

# the words a person may type for a main role
ROLE_WORDS = {
    "hero": "Protagonist",
    "heroes": "Protagonist",
    "villain": "Antagonist",
    "villains": "Antagonist",
    "victim": "Innocent",
    "victims": "Innocent",
    **{m.lower(): m for m in MAIN_ROLES},
}


def main_role(word: str) -> str:
    """The main role a user's word names ("villain" → "Antagonist").

    Raises:
        UsageError: not a role.
    """
    try:
        return ROLE_WORDS[word.strip().lower()]
    except KeyError:
        choices = ", ".join(sorted(ROLE_WORDS))
        raise UsageError(f"--role must be one of {choices}, not {word!r}") from None


def role_stats(
    store: Store,
    *,
    filters: Filters | None = None,
    role: str | None = None,
    min_score: float = 0.0,
    top: int | None = 5,
) -> list[dict[str, Any]]:
    """Per outlet and month: the referents cast in each main role, most articles first.

    Args:
        store: the corpus.
        filters: which articles count (outlet, dates, technique, language).
        role: only this main role (``"Antagonist"``, or "villain", ...).
        min_score: only cast members scoring at least this.
        top: at most this many referents per (outlet, month, role); None: all.

    Returns:
        Rows ``{"outlet", "month", "role", "name", "articles", "mentions", "score"}``:
        ``articles`` that cast ``name`` in ``role``, their role ``mentions`` and the mean
        score; sorted by outlet, month, role (heroes, villains, victims), articles.
    """
    from slant.store.queries import Filters

    filters = filters or Filters()
    chosen = main_role(role) if role else None
    query = (
        select(
            ArticleRow.outlet,
            ArticleRow.published,
            CastRow.main,
            CastRow.name,
            CastRow.article_pk,
            CastRow.mentions,
            CastRow.score,
        )
        .select_from(CastRow)
        .join(ArticleRow, ArticleRow.pk == CastRow.article_pk)
        .where(CastRow.score >= min_score)
    )
    if chosen:
        query = query.where(CastRow.main == chosen)
    groups: dict[tuple[str, str, str, str], list[Any]] = {}
    with store.engine.connect() as conn:
        for outlet, published, main, name, article, mentions, score in conn.execute(
            filters.apply(query)
        ):
            g = groups.setdefault((*outlet_month(outlet, published), main, name), [set(), 0, 0.0])
            g[0].add(article)
            g[1] += mentions
            g[2] += score
    rows = [
        {
            "outlet": outlet,
            "month": month,
            "role": main,
            "name": name,
            "articles": len(arts),
            "mentions": mentions,
            "score": round(total / len(arts), 3),
        }
        for (outlet, month, main, name), (arts, mentions, total) in groups.items()
    ]
    order = {m: i for i, m in enumerate(MAIN_ROLES)}
    rows.sort(
        key=lambda r: (
            r["outlet"],
            r["month"],
            order.get(r["role"], 9),
            -r["articles"],
            -r["mentions"],
            r["name"],
        )
    )
    return keep_top(rows, ("outlet", "month", "role"), top)
