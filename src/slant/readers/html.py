"""HTML pages: trafilatura extracts the body text, title, author and date."""

from __future__ import annotations

import logging
import re
from typing import Any

from slant.article import Article
from slant.errors import NoArticleText
from slant.readers.txt import article_from_text

__all__ = ["read_html"]

log = logging.getLogger(__name__)

MIN_WORDS = 8
# Words of running text a page must hold outside links and page furniture (menus, headers,
# footers, forms, cookie notices) to be an article: a 60-word brief has them, a front page
# of headlines, a site menu or a consent wall does not.
MIN_PROSE_WORDS = 15
# Elements that are page furniture, never the article; and the class or id words that
# mark a container as such (whole words of the attribute: "site-footer", "nav_main").
_FURNITURE = (
    "nav", "footer", "aside", "form", "button", "select", "menu", "script", "style",
    "noscript", "template", "svg", "iframe", "dialog",
)  # fmt: skip
_FURNITURE_NAMES = frozenset(
    "nav navbar navigation menu footer breadcrumb breadcrumbs cookie cookies consent gdpr "
    "cmp sidebar social share sharing newsletter subscribe masthead".split()
)
_KEEP = frozenset({"html", "body", "main", "article"})
_NAME_WORDS = re.compile(r"[a-z]+")
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
# a consent notice's words: a sentence with two of them is part of a cookie wall
_CONSENT = re.compile(
    r"\b(cookies?|consent(?:ing)?|partners|personal data|preferences|privacy|"
    r"personalised|personalized|advertising|device|opt[- ]?out)\b",
    re.IGNORECASE,
)


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
    prose = prose_words(html)
    if prose < MIN_PROSE_WORDS:
        # trafilatura falls back to the whole page's text: menus, headlines, notices
        raise NoArticleText(
            source,
            f"no article text found (the page holds {prose} word(s) of running text outside "
            "links, menus, headers, footers and cookie notices)",
        )
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


def prose_words(html: str) -> int:
    """Words of running text on a page: outside links and page furniture (navigation,
    headers and footers outside the article, forms, sidebars, containers named menu,
    footer, cookie, consent...), a cookie notice's sentences left out. No recursion: the
    tree is walked iteratively (and lxml stops nesting at 256 levels)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # empty, or only comments
        return 0
    for el in list(root.iter("head", *_FURNITURE, "header")):
        if el.tag == "header" and any(a.tag in ("article", "main") for a in el.iterancestors()):
            continue  # an article's own header holds its title and byline
        _drop(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag not in _KEEP and _named_furniture(el):
            if not any(True for _ in el.iter("article", "main")):
                _drop(el)
    sentences: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag == "a" or _in_link(el):
            text = ""
        else:
            text = el.text or ""
        parent = el.getparent()
        counted = parent is not None and parent.tag != "a" and not _in_link(parent)
        tail = (el.tail or "") if counted else ""
        for chunk in (text, tail):
            sentences += (m.group() for m in _SENTENCE.finditer(chunk) if m.group().strip())
    total = 0
    for sentence in sentences:
        n = len(_WORD.findall(sentence))
        if len({m.group(1).lower() for m in _CONSENT.finditer(sentence)}) < 2:
            total += n
    return total


def _drop(el: Any) -> None:
    """Remove an element and its content, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _named_furniture(el: Any) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}".lower()
    return bool(_FURNITURE_NAMES.intersection(_NAME_WORDS.findall(names)))


def _in_link(el: Any) -> bool:
    return any(a.tag == "a" for a in el.iterancestors())
