"""SQLAlchemy 2 tables of the corpus store (schema changes go through Alembic migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "ArticlePersonRow",
    "ArticleRow",
    "ArticleStoryRow",
    "ArticleVectorRow",
    "Base",
    "CastRow",
    "CountRow",
    "EntityRow",
    "LabelRow",
    "NarrativeRow",
    "ParagraphRow",
    "QuoteRow",
    "SentenceVectorRow",
    "SkipRow",
    "SpeakerRow",
    "StoryMergeRow",
    "StoryRow",
    "StoryTermRow",
    "TechniqueRow",
    "UrlRow",
]


class Base(DeclarativeBase):
    pass


def _child_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("articles.pk", ondelete="CASCADE"), index=True)


class ArticleRow(Base):
    """One stored article: metadata, the original text and the full JSON analysis."""

    __tablename__ = "articles"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of text
    article_id: Mapped[str] = mapped_column(String(512), index=True)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    n_words: Mapped[int] = mapped_column(Integer)
    genre: Mapped[str | None] = mapped_column(String(32))
    model_version: Mapped[str] = mapped_column(String(256))
    analyzed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    analysis: Mapped[dict[str, Any]] = mapped_column(JSON)  # Article.to_dict() minus text


class SkipRow(Base):
    """An input that could not be analysed, with the reason (one row per source)."""

    __tablename__ = "skips"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(1024), unique=True)
    article_id: Mapped[str] = mapped_column(String(512))
    error: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class UrlRow(Base):
    """A fetched URL: validators and the content hash of the article read from it
    (``None``: no article, or a feed or sitemap). Maintained by :mod:`slant.store.urls`."""

    __tablename__ = "urls"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of url
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # "page" | "feed" | "sitemap"
    final_url: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ParagraphRow(Base):
    __tablename__ = "paragraphs"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    line: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    techniques: Mapped[str] = mapped_column(Text, default="")  # comma-separated labels


class TechniqueRow(Base):
    __tablename__ = "technique_spans"
    __table_args__ = (Index("ix_technique_spans_technique", "technique"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    technique: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(256))


class QuoteRow(Base):
    __tablename__ = "quotes"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text, index=True)  # resolved name
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(256))
    # speech, thought/belief, intention or other (None: stored before migration 0003)
    cue_class: Mapped[str | None] = mapped_column(String(16))
    # in a teaser or a duplicate paragraph: kept, but left out of corpus statistics
    in_teaser: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    duplicate_of: Mapped[int | None] = mapped_column(Integer)


class SpeakerRow(Base):
    """One speaker name of the corpus and the name it is linked to across articles
    (``None``: itself). Maintained by :mod:`slant.store.speakers`."""

    __tablename__ = "speakers"
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    surname: Mapped[str] = mapped_column(String(256), index=True)
    linked: Mapped[str | None] = mapped_column(Text)
    # who the linked name (or the name itself) stands for: "donald trump" (None: unknown)
    person: Mapped[str | None] = mapped_column(String(512))
    bare: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ArticlePersonRow(Base):
    """A full person name an article gives (PERSON entities, speakers), by surname, and
    whether the article quotes them: a bare surname's corpus link is not applied in an
    article quoting another bearer of it (see :mod:`slant.store.speakers`)."""

    __tablename__ = "article_persons"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    surname: Mapped[str] = mapped_column(String(256), index=True)
    person: Mapped[str] = mapped_column(String(512))
    quoted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EntityRow(Base):
    __tablename__ = "entities"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(32), index=True)
    canonical: Mapped[str] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)  # geocoded name
    country_code: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(256))


class CastRow(Base):
    """One member of an article's cast (roles analyzer): a referent and its main role."""

    __tablename__ = "cast_members"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    name: Mapped[str] = mapped_column(String(512), index=True)  # the cast key
    main: Mapped[str] = mapped_column(String(16), index=True)  # Protagonist | Antagonist | ...
    fine: Mapped[str] = mapped_column(Text, default="")  # comma-separated fine roles
    score: Mapped[float] = mapped_column(Float)
    mentions: Mapped[int] = mapped_column(Integer)  # role mentions that carry ``main``
    model_version: Mapped[str] = mapped_column(String(256))


class CountRow(Base):
    __tablename__ = "counts"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    type: Mapped[str] = mapped_column(String(16), index=True)
    number: Mapped[float | None] = mapped_column(Float)
    object: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(Text)
    model_version: Mapped[str] = mapped_column(String(256))


class LabelRow(Base):
    """Article-level labels: genre (one row per class score) and frames."""

    __tablename__ = "labels"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    kind: Mapped[str] = mapped_column(String(16))  # "genre" | "frame"
    label: Mapped[str] = mapped_column(String(64), index=True)
    score: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(256))


class NarrativeRow(Base):
    """One narrative item of an article (narratives analyzer): a narrative or a sub-narrative."""

    __tablename__ = "narratives"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_pk: Mapped[int] = _child_fk()
    narrative: Mapped[str] = mapped_column(String(256), index=True)
    subnarrative: Mapped[str | None] = mapped_column(Text)  # None: the narrative itself
    score: Mapped[float] = mapped_column(Float)
    taxonomy: Mapped[str] = mapped_column(String(16))  # "semeval2025" | "user"
    evidence_start: Mapped[int | None] = mapped_column(Integer)  # the first evidence span
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(256))


class StoryRow(Base):
    """One story: articles from any outlet that tell the same event. Maintained by
    :mod:`slant.stories`; the id never changes while the story grows, and a story merged
    into another keeps its row with ``merged_into`` set (see :class:`StoryMergeRow`)."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    size: Mapped[int] = mapped_column(Integer, default=0)
    first: Mapped[dt.date | None] = mapped_column(Date, index=True)  # earliest member date
    last: Mapped[dt.date | None] = mapped_column(Date, index=True)  # latest member date
    headline: Mapped[str | None] = mapped_column(Text)  # most central plain title (store.headlines)
    headline_pk: Mapped[int | None] = mapped_column(Integer)
    representation: Mapped[str] = mapped_column(String(64))  # what the centroid is made of
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 sum of members
    merged_into: Mapped[int | None] = mapped_column(Integer, index=True)


class ArticleStoryRow(Base):
    """Which story an article belongs to (one row per assigned article)."""

    __tablename__ = "article_stories"
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime)
    similarity: Mapped[float | None] = mapped_column(Float)  # to its story when assigned


class StoryMergeRow(Base):
    """A story merged into another: its articles moved to ``into_id``."""

    __tablename__ = "story_merges"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    from_id: Mapped[int] = mapped_column(Integer, index=True)
    into_id: Mapped[int] = mapped_column(Integer, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class ArticleVectorRow(Base):
    """What an article looks like to the story clusterer (computed once per article and
    representation, so an incremental run never recomputes old articles)."""

    __tablename__ = "article_vectors"
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True
    )
    representation: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class SentenceVectorRow(Base):
    """An article's sentence vector (float16 bytes), computed where it was analysed, and
    the encoder that made it (migration 0009; :mod:`slant.sentence_vectors`)."""

    __tablename__ = "sentence_vectors"
    article_pk: Mapped[int] = mapped_column(
        ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True
    )
    encoder: Mapped[str] = mapped_column(String(128))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class StoryTermRow(Base):
    """Document frequency of a hashed word among the stored articles that have a story
    vector (the TF-IDF weights of :mod:`slant.stories`); ``term = -1`` holds the number of
    such articles."""

    __tablename__ = "story_terms"
    term: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    df: Mapped[int] = mapped_column(Integer)
