"""HTML pages: trafilatura extracts the body text, title, author and date."""

from __future__ import annotations

import logging

from slant.article import Article
from slant.errors import NoArticleText
from slant.readers.txt import article_from_text

__all__ = ["read_html"]

log = logging.getLogger(__name__)

MIN_WORDS = 8


def read_html(
    html: str, *, id: str, source: str, encoding: str = "utf-8", url: str | None = None
) -> Article:
    """Extract the article from an HTML page.

    ``url`` is where the page was fetched from (``slant.fetch``): trafilatura uses it when
    the page does not name its own address, and for its date and site-name guesses.

    The extracted text becomes ``Article.text`` (offsets point into it). When trafilatura
    does not start the body with the title, the title is put first, SemEval-style
    (title line, blank line, body), so it is analysed like any other paragraph.

    Raises:
        NoArticleText: the page has no extractable article body.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, favor_recall=True, with_metadata=True, include_comments=False
        )
    except Exception as exc:  # lxml/trafilatura raise many types on malformed markup
        log.debug("trafilatura failed on %s", source, exc_info=True)
        raise NoArticleText(source, f"HTML could not be parsed ({type(exc).__name__})") from exc
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    n_words = len(body.split())
    if n_words < MIN_WORDS:
        # favor_recall keeps menus; a few words of page furniture are not an article
        detail = f" (only {n_words} word(s) of page text)" if n_words else ""
        raise NoArticleText(source, f"no article text found in the HTML page{detail}")
    title = (doc.title or "").strip() or None
    text = body
    if title and body.split("\n", 1)[0].strip() != title:
        text = f"{title}\n\n{body}"
    return article_from_text(
        text,
        id=id,
        source=source,
        encoding=encoding,
        title=title,
        url=doc.url,
        author=doc.author,
        published=doc.date,
        outlet=doc.sitename,
        language=doc.language,
        format="html",
    )
