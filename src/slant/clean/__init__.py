"""CLEAN: split into paragraphs and flag them (kind, duplicate_of); never delete text."""

from __future__ import annotations

from slant.annotations import Paragraph
from slant.article import Article
from slant.clean.duplicates import flag_duplicates
from slant.clean.kinds import classify_paragraphs, is_dateline, is_headline, is_title_line
from slant.clean.paragraphs import split_paragraphs

__all__ = [
    "classify_paragraphs",
    "clean",
    "flag_duplicates",
    "is_dateline",
    "is_headline",
    "is_title_line",
    "split_paragraphs",
]


def clean(article: Article) -> list[Paragraph]:
    """Set ``article.paragraphs`` (and ``title`` when the first line is one); return them."""
    paragraphs = split_paragraphs(article.text)
    paragraphs = classify_paragraphs(article.text, paragraphs, article.title)
    paragraphs = flag_duplicates(article.text, paragraphs)
    if article.title is None and paragraphs and paragraphs[0].kind == "title":
        article.title = article.text[paragraphs[0].start : paragraphs[0].end]
    article.paragraphs = paragraphs
    return paragraphs
