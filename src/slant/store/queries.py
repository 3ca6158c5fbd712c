"""Questions asked of the corpus: stats by outlet/month/week, full-text search, listings,
and the aggregates behind the HTML report."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, case, func, or_, select, text

from slant.errors import UsageError
from slant.store.speakers import linked_name
from slant.store.stories import (
    StorySummary,
    get_story,
    list_stories,
    story_article_ids,
    story_of,
    story_summaries,
)
from slant.store.tables import (
    ArticleRow,
    ArticleStoryRow,
    CountRow,
    EntityRow,
    QuoteRow,
    SpeakerRow,
    TechniqueRow,
)

if TYPE_CHECKING:
    from slant.store import Store

__all__ = [
    "GROUPINGS",
    "Filters",
    "StorySummary",
    "get_story",
    "list_articles",
    "list_stories",
    "report_data",
    "search",
    "stats",
    "story_article_ids",
    "story_of",
    "story_stats",
    "technique_counts",
]

GROUPINGS = ("outlet", "month", "week")
# Quotes that count in corpus statistics: not in a teaser, not in a repeated paragraph.
COUNTED_QUOTES = (QuoteRow.in_teaser.is_(False), QuoteRow.duplicate_of.is_(None))
# Speech: what -f text and the reader list as "Quotes". Thoughts, intentions and stances
# ("residents opposed a two-fold increase": cue class thought/belief, intention, other) are
# other attributions, counted apart. A quote stored with no class counts as speech (every
# row has one since migration 0003).
SPEECH = or_(QuoteRow.cue_class.is_(None), QuoteRow.cue_class == "speech")
UNKNOWN_OUTLET = "(unknown outlet)"
NO_DATE = "(no date)"


@dataclass(frozen=True)
class Filters:
    """Which articles a question is about."""

    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    technique: str | None = None  # articles with at least one span of this technique
    language: str | None = None  # articles analysed in this language ("en", "ru")
    article_pks: tuple[int, ...] | None = field(default=None, repr=False)

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.outlet is not None:
            query = query.where(ArticleRow.outlet == self.outlet)
        if self.language is not None:
            query = query.where(ArticleRow.language == self.language)
        if self.since is not None:
            query = query.where(ArticleRow.published >= self.since)
        if self.until is not None:
            query = query.where(ArticleRow.published <= self.until)
        if self.technique is not None:
            query = query.where(
                ArticleRow.pk.in_(
                    select(TechniqueRow.article_pk).where(TechniqueRow.technique == self.technique)
                )
            )
        return query


def group_key(by: str, outlet: str | None, published: dt.date | None) -> str:
    """The label of the group an article falls in."""
    if by == "outlet":
        return outlet or UNKNOWN_OUTLET
    if published is None:
        return NO_DATE
    if by == "month":
        return published.strftime("%Y-%m")
    year, week, _ = published.isocalendar()
    return f"{year}-W{week:02d}"


def stats(
    store: Store, *, by: str = "outlet", filters: Filters | None = None
) -> list[dict[str, Any]]:
    """One row per group: articles, words, technique spans, spans per article, the most
    used techniques, and (with a technique filter) that technique's share of spans.

    Aggregation happens in SQL by (outlet, published day), so the rows that reach Python
    are bounded by outlets × days, not by the number of articles or spans.

    Raises:
        UsageError: ``by`` is not one of outlet, month, week.
    """
    if by not in GROUPINGS:
        raise UsageError(f"--by must be one of {', '.join(GROUPINGS)} or speaker, not {by!r}")
    filters = filters or Filters()
    day = (ArticleRow.outlet, ArticleRow.published)
    rows: dict[str, dict[str, Any]] = {}
    per_group: dict[str, Counter[str]] = defaultdict(Counter)
    quote_counts: Counter[str] = Counter()
    other_counts: Counter[str] = Counter()
    with store.engine.connect() as conn:
        articles = filters.apply(
            select(*day, func.count(), func.sum(ArticleRow.n_words)).group_by(*day)
        )
        for outlet, published, n, words in conn.execute(articles):
            key = group_key(by, outlet, published)
            row = rows.setdefault(key, {"group": key, "articles": 0, "words": 0})
            row["articles"] += n
            row["words"] += int(words or 0)
        spans = filters.apply(
            select(*day, TechniqueRow.technique, func.count())
            .select_from(TechniqueRow)
            .join(ArticleRow, ArticleRow.pk == TechniqueRow.article_pk)
            .group_by(*day, TechniqueRow.technique)
        )
        for outlet, published, technique, n in conn.execute(spans):
            per_group[group_key(by, outlet, published)][technique] += n
        speech = case((SPEECH, 1), else_=0)
        quotes = filters.apply(
            select(*day, func.sum(speech), func.count())
            .select_from(QuoteRow)
            .join(ArticleRow, ArticleRow.pk == QuoteRow.article_pk)
            .where(*COUNTED_QUOTES)
            .group_by(*day)
        )
        for outlet, published, n, total in conn.execute(quotes):
            quote_counts[group_key(by, outlet, published)] += int(n or 0)
            other_counts[group_key(by, outlet, published)] += int(total) - int(n or 0)
    out = []
    for key in sorted(rows):
        row = rows[key]
        techniques = per_group.get(key, Counter())
        total = sum(techniques.values())
        row["technique_spans"] = total
        row["spans_per_article"] = round(total / row["articles"], 2)
        row["quotes"] = quote_counts.get(key, 0)  # speech
        row["other_attributions"] = other_counts.get(key, 0)  # thoughts, intentions, stances
        row["top_techniques"] = techniques.most_common(3)
        if filters.technique:
            share = techniques[filters.technique] / total if total else 0.0
            row["technique_share"] = round(share, 3)
        out.append(row)
    return out


def _speaker_counts(filters: Filters) -> Select[Any]:
    """(linked speaker name, quotes, articles, other attributions) of the counted quotes,
    most quoted first. Quotes and articles count speech only (:data:`SPEECH`); a speaker
    with no speech (only thoughts, intentions or stances) is not listed."""
    name = linked_name().label("linked_speaker")
    speech = case((SPEECH, 1), else_=0)
    n = func.sum(speech).label("n")
    articles = func.count(func.distinct(case((SPEECH, QuoteRow.article_pk), else_=None)))
    return filters.apply(
        select(name, n, articles, func.count() - n)
        .select_from(QuoteRow)
        .join(ArticleRow, ArticleRow.pk == QuoteRow.article_pk)
        .outerjoin(SpeakerRow, SpeakerRow.name == QuoteRow.speaker)
        .where(QuoteRow.speaker.is_not(None), *COUNTED_QUOTES)
        .group_by(name)
        .having(n > 0)
        .order_by(n.desc(), name)
    )


def speaker_stats(
    store: Store, *, filters: Filters | None = None, top: int | None = None
) -> list[dict[str, Any]]:
    """One row per speaker (names linked across the corpus), most quoted first: their
    quotes (speech, as the reader lists them), the articles quoting them, and their other
    attributions (thoughts, intentions, stances: "opposed a two-fold increase"). Quotes
    in teaser or duplicate paragraphs are left out."""
    query = _speaker_counts(filters or Filters())
    if top is not None:
        query = query.limit(top)
    with store.engine.connect() as conn:
        return [
            {
                "speaker": name,
                "quotes": int(n),
                "articles": int(articles),
                "other_attributions": int(other),
            }
            for name, n, articles, other in conn.execute(query)
        ]


def story_stats(
    store: Store, *, filters: Filters | None = None, top: int | None = 50
) -> list[dict[str, Any]]:
    """One row per story (``slant stories``), largest first: its headline, outlets, date
    span, articles, words, technique spans and counted quotes (speech). Filters choose
    the member articles that count (a story with none left is not listed)."""
    filters = filters or Filters()
    n = func.count().label("n")
    last = func.max(ArticleRow.published).label("last")
    query = filters.apply(
        select(ArticleStoryRow.story_id, n, func.sum(ArticleRow.n_words), last)
        .join(ArticleRow, ArticleRow.pk == ArticleStoryRow.article_pk)
        .group_by(ArticleStoryRow.story_id)
        .order_by(n.desc(), last.is_(None), last.desc(), ArticleStoryRow.story_id)
    )
    if top is not None:
        query = query.limit(top)
    with store.engine.connect() as conn:
        groups = conn.execute(query).all()
        ids = [int(r[0]) for r in groups]
        techniques: dict[int, Counter[str]] = defaultdict(Counter)
        quotes: Counter[int] = Counter()
        if ids:
            for sid, technique, k in conn.execute(
                filters.apply(
                    select(ArticleStoryRow.story_id, TechniqueRow.technique, func.count())
                    .select_from(TechniqueRow)
                    .join(ArticleRow, ArticleRow.pk == TechniqueRow.article_pk)
                    .join(ArticleStoryRow, ArticleStoryRow.article_pk == ArticleRow.pk)
                    .where(ArticleStoryRow.story_id.in_(ids))
                    .group_by(ArticleStoryRow.story_id, TechniqueRow.technique)
                )
            ):
                techniques[int(sid)][technique] += k
            for sid, k in conn.execute(
                filters.apply(
                    select(ArticleStoryRow.story_id, func.count())
                    .select_from(QuoteRow)
                    .join(ArticleRow, ArticleRow.pk == QuoteRow.article_pk)
                    .join(ArticleStoryRow, ArticleStoryRow.article_pk == ArticleRow.pk)
                    .where(ArticleStoryRow.story_id.in_(ids), SPEECH, *COUNTED_QUOTES)
                    .group_by(ArticleStoryRow.story_id)
                )
            ):
                quotes[int(sid)] += k
        summaries = story_summaries(conn, ids)
    out = []
    for sid, articles, words, _ in groups:
        summary = summaries.get(int(sid))
        spans = techniques.get(int(sid), Counter())
        total = sum(spans.values())
        out.append(
            {
                "group": str(sid),
                "story": int(sid),
                "headline": summary.headline if summary else None,
                "outlets": summary.outlets if summary else [],
                "first": summary.first if summary else None,
                "last": summary.last if summary else None,
                "articles": int(articles),
                "words": int(words or 0),
                "technique_spans": total,
                "spans_per_article": round(total / articles, 2),
                "quotes": quotes.get(int(sid), 0),
                "top_techniques": spans.most_common(3),
            }
        )
    return out


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def search(store: Store, words: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over titles and texts (SQLite FTS5 / PostgreSQL tsvector).

    Every word must match (stemmed); results are ranked, with a short snippet.
    """
    tokens = _FTS_TOKEN.findall(words)
    if not tokens:
        raise UsageError("give at least one word to search for")
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            # quote each token: user text must never be parsed as FTS5 syntax
            match = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
            rows = conn.execute(
                text(
                    "SELECT a.pk, a.article_id, a.title, a.outlet, a.published, "
                    "snippet(articles_fts, 1, '[', ']', '…', 12) "
                    "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                    "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :limit"
                ),
                {"q": match, "limit": limit},
            )
        elif store.dialect == "postgresql":
            vector = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
            rows = conn.execute(
                text(
                    "SELECT pk, article_id, title, outlet, published, "
                    "ts_headline('english', text, plainto_tsquery('english', :q), "
                    "'StartSel=[, StopSel=], MaxWords=14, MinWords=6') "
                    f"FROM articles WHERE {vector} @@ plainto_tsquery('english', :q) "
                    f"ORDER BY ts_rank({vector}, plainto_tsquery('english', :q)) DESC LIMIT :limit"
                ),
                {"q": " ".join(tokens), "limit": limit},
            )
        else:  # other databases: a plain substring match on every word
            query = select(
                ArticleRow.pk,
                ArticleRow.article_id,
                ArticleRow.title,
                ArticleRow.outlet,
                ArticleRow.published,
                func.substr(ArticleRow.text, 1, 120),
            )
            for t in tokens:
                query = query.where(ArticleRow.text.ilike(f"%{t}%"))
            rows = conn.execute(query.limit(limit))
        return [
            {
                "pk": pk,
                "id": aid,
                "title": title,
                "outlet": outlet,
                "published": published.isoformat() if isinstance(published, dt.date) else published,
                "snippet": snippet,
            }
            for pk, aid, title, outlet, published, snippet in rows
        ]


def list_articles(
    store: Store, *, filters: Filters | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of article summaries), newest first."""
    filters = filters or Filters()
    base = filters.apply(select(ArticleRow.pk))
    if filters.article_pks is not None:
        base = base.where(ArticleRow.pk.in_(filters.article_pks))
    with store.engine.connect() as conn:
        total = int(conn.scalar(select(func.count()).select_from(base.subquery())) or 0)
        query = filters.apply(
            select(
                ArticleRow.pk,
                ArticleRow.article_id,
                ArticleRow.title,
                ArticleRow.outlet,
                ArticleRow.published,
                ArticleRow.n_words,
                ArticleRow.genre,
            )
        )
        if filters.article_pks is not None:
            query = query.where(ArticleRow.pk.in_(filters.article_pks))
        query = query.order_by(ArticleRow.published.desc(), ArticleRow.pk.desc())
        rows = conn.execute(query.limit(limit).offset(offset))
        return total, [
            {
                "pk": pk,
                "id": aid,
                "title": title,
                "outlet": outlet,
                "published": published.isoformat() if published else None,
                "words": words,
                "genre": genre,
            }
            for pk, aid, title, outlet, published, words, genre in rows
        ]


def technique_counts(store: Store, pks: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Per stored article: its technique spans and its most used technique.

    ``pk -> {"techniques": spans, "top": technique or None, "top_count": its spans}``, for
    every pk asked (an article with no span gets 0 and None). Ties for the top go to the
    first name in alphabetical order, so the answer never depends on row order.
    """
    out: dict[int, dict[str, Any]] = {
        pk: {"techniques": 0, "top": None, "top_count": 0} for pk in pks
    }
    if not out:
        return out
    query = (
        select(TechniqueRow.article_pk, TechniqueRow.technique, func.count())
        .where(TechniqueRow.article_pk.in_(list(out)))
        .group_by(TechniqueRow.article_pk, TechniqueRow.technique)
    )
    with store.engine.connect() as conn:
        rows = sorted(conn.execute(query), key=lambda r: (r[0], -r[2], r[1]))
    for pk, technique, n in rows:
        row = out[pk]
        row["techniques"] += int(n)
        if row["top"] is None:  # rows come most used first within an article
            row["top"], row["top_count"] = technique, int(n)
    return out


def report_data(store: Store, *, filters: Filters | None = None, top: int = 15) -> dict[str, Any]:
    """Aggregates for the report: technique share per outlet, technique trend per month,
    top quoted speakers (speech quotes, linked across the corpus, teaser and duplicate
    quotes left out),
    most mentioned places and event counts per month and type.
    Grouped in SQL by (outlet, day) like :func:`stats`."""
    filters = filters or Filters()
    day = (ArticleRow.outlet, ArticleRow.published)

    def month(published: dt.date | None) -> str:
        return published.strftime("%Y-%m") if published else NO_DATE

    outlets: Counter[str] = Counter()
    articles_per_month: Counter[str] = Counter()
    share: dict[str, Counter[str]] = defaultdict(Counter)
    trend: dict[str, Counter[str]] = defaultdict(Counter)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with store.engine.connect() as conn:
        for outlet, published, n in conn.execute(
            filters.apply(select(*day, func.count()).group_by(*day))
        ):
            outlets[outlet or UNKNOWN_OUTLET] += n
            articles_per_month[month(published)] += n
        for outlet, published, technique, n in conn.execute(
            filters.apply(
                select(*day, TechniqueRow.technique, func.count())
                .select_from(TechniqueRow)
                .join(ArticleRow, ArticleRow.pk == TechniqueRow.article_pk)
                .group_by(*day, TechniqueRow.technique)
            )
        ):
            share[outlet or UNKNOWN_OUTLET][technique] += n
            trend[technique][month(published)] += n
        speakers = conn.execute(_speaker_counts(filters).limit(top)).all()
        places = conn.execute(
            filters.apply(
                select(EntityRow.place, EntityRow.country_code, func.count())
                .select_from(EntityRow)
                .join(ArticleRow, ArticleRow.pk == EntityRow.article_pk)
                .where(EntityRow.place.is_not(None))
                .group_by(EntityRow.place, EntityRow.country_code)
                .order_by(func.count().desc(), EntityRow.place)
                .limit(top)
            )
        ).all()
        for published, ctype, total in conn.execute(
            filters.apply(
                select(ArticleRow.published, CountRow.type, func.sum(CountRow.number))
                .select_from(CountRow)
                .join(ArticleRow, ArticleRow.pk == CountRow.article_pk)
                .group_by(ArticleRow.published, CountRow.type)
            )
        ):
            counts[ctype][month(published)] += total or 0
    return {
        "articles": sum(outlets.values()),
        "outlets": outlets,
        "technique_share": {o: dict(c) for o, c in share.items()},
        "technique_trend": {t: dict(c) for t, c in trend.items()},
        "articles_per_month": dict(articles_per_month),
        "top_speakers": [(name, int(n)) for name, n, _articles, _other in speakers],
        "top_places": [(f"{p} ({cc})" if cc else p, n) for p, cc, n in places],
        "counts_by_month": {t: dict(c) for t, c in counts.items()},
    }
