"""Article ⇄ rows. The full analysis is kept as JSON (lossless); the child tables make it
queryable."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from slant.article import Article
from slant.store.speakers import article_persons
from slant.store.tables import (
    ArticlePersonRow,
    ArticleRow,
    CastRow,
    CountRow,
    EntityRow,
    LabelRow,
    NarrativeRow,
    ParagraphRow,
    QuoteRow,
    TechniqueRow,
)

__all__ = ["article_from_row", "content_hash", "parse_date", "rows_for"]


def content_hash(text: str) -> str:
    """sha256 of the article text: the store keeps each text once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_date(value: str | None) -> dt.date | None:
    """The date part of an ISO date or datetime string (None if it is not one)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def rows_for(article: Article, *, model_version: str) -> tuple[ArticleRow, list[Any]]:
    """The article row and its child rows (not yet linked: the caller sets ``article_pk``)."""
    data = article.to_dict()
    text = data.pop("text")
    genre = article.genre.label if article.genre else None
    row = ArticleRow(
        content_hash=content_hash(article.text),
        article_id=article.id,
        source=article.source,
        title=article.title,
        url=article.meta.get("url"),
        outlet=article.meta.get("outlet"),
        published=parse_date(article.meta.get("published")),
        author=article.meta.get("author"),
        language=article.meta.get("language"),
        text=text,
        n_words=len(text.split()),
        genre=genre,
        model_version=model_version,
        analyzed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        analysis=data,
    )
    mv = model_version
    t = article.text
    children: list[Any] = [
        ParagraphRow(
            line=p.line,
            start=p.start,
            end=p.end,
            kind=p.kind,
            duplicate_of=p.duplicate_of,
            techniques=",".join(p.techniques),
        )
        for p in article.paragraphs
    ]
    children += [
        TechniqueRow(
            technique=s.technique, start=s.start, end=s.end, score=s.score, model_version=mv
        )
        for s in article.techniques
    ]
    children += [
        QuoteRow(
            kind=q.kind,
            start=q.start,
            end=q.end,
            text=t[q.start : q.end],
            cue=t[q.cue.start : q.cue.end] if q.cue else None,
            speaker=q.speaker.name if q.speaker else None,
            speaker_start=q.speaker.start if q.speaker else None,
            speaker_end=q.speaker.end if q.speaker else None,
            model_version=mv,
            cue_class=q.cue_class,
            in_teaser=q.in_teaser,
            duplicate_of=q.duplicate_of,
        )
        for q in article.quotes
    ]
    children += [
        EntityRow(
            start=e.start,
            end=e.end,
            text=t[e.start : e.end],
            label=e.label,
            canonical=e.canonical,
            place=e.geo.name if e.geo else None,
            country_code=e.geo.country_code if e.geo else None,
            lat=e.geo.lat if e.geo else None,
            lon=e.geo.lon if e.geo else None,
            geonameid=e.geo.geonameid if e.geo else None,
            model_version=mv,
        )
        for e in article.entities
    ]
    children += [
        CastRow(
            name=c.name[:512],
            main=c.main,
            fine=",".join(c.fine),
            score=c.score,
            mentions=len(c.mentions),
            model_version=mv,
        )
        for c in article.cast
    ]
    children += [
        CountRow(
            type=c.type,
            number=c.number,
            object=c.object,
            start=c.start,
            end=c.end,
            estimate=c.estimate,
            source=c.source,
            model_version=mv,
        )
        for c in article.counts
    ]
    persons = article_persons(
        (e.canonical for e in article.entities if e.label == "PERSON"),
        (q.speaker.name for q in article.quotes if q.speaker and q.speaker.name),
    )
    children += [
        ArticlePersonRow(surname=surname, person=person, quoted=quoted)
        for (surname, person), quoted in sorted(persons.items())
    ]
    if article.genre:
        children += [
            LabelRow(kind="genre", label=label, score=score, model_version=mv)
            for label, score in article.genre.scores.items()
        ]
    children += [
        LabelRow(kind="frame", label=f.label, score=f.score, model_version=mv)
        for f in article.frames
    ]
    children += [
        NarrativeRow(
            narrative=n.narrative[:256],
            subnarrative=n.subnarrative,
            score=n.score,
            taxonomy=n.taxonomy,
            evidence_start=n.evidence[0][0] if n.evidence else None,
            evidence_end=n.evidence[0][1] if n.evidence else None,
            model_version=mv,
        )
        for n in article.narratives
    ]
    return row, children


def article_from_row(row: ArticleRow) -> Article:
    """Rebuild the analysed Article exactly as it was stored."""
    return Article.from_dict({**row.analysis, "text": row.text})
