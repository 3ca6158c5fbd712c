"""Feeds (RSS 2.0, Atom: feedparser) and sitemaps (sitemap, sitemap index, news sitemap)
→ the article URLs they link, each with what they say of it (title, date, author, outlet).

Feeds and sitemaps are fetched by the same polite client as pages (robots.txt, delays,
limits); feedparser and lxml are only handed the bytes, never a URL, so neither touches
the network. A sitemap index is followed three levels deep at most, and a gzipped sitemap
(``.xml.gz``) is unpacked within the same size limit.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from slant.article import Skip
from slant.errors import InputError
from slant.fetch.client import Fetcher, FetchError
from slant.fetch.pages import ID_CHARS, SOURCE_CHARS, short_name
from slant.readers import Url, printable_text

__all__ = ["FEED_MAX_BYTES", "Links", "gather", "parse_feed", "parse_sitemap", "read_feeds_file"]

# sitemaps may hold 50,000 URLs in 50 MB (sitemaps.org); feeds are far smaller
FEED_MAX_BYTES = 50 * 1024 * 1024
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 1000
_XML_TYPES = ("xml", "rss", "atom", "text/plain", "octet-stream", "gzip")


@dataclass
class Links:
    """Article URLs (in the order found, each once, hints merged) and the feeds or sitemaps
    that could not be read."""

    urls: list[Url] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    _seen: dict[str, Url] = field(default_factory=dict, repr=False)

    def add(self, url: Url) -> None:
        known = self._seen.get(str(url))
        if known is None:
            self._seen[str(url)] = url
            self.urls.append(url)
        else:  # the feed and the sitemap both list it: what one lacks, the other may say
            for k, v in url.hints.items():
                known.hints.setdefault(k, v)


def gather(
    fetcher: Fetcher,
    *,
    feeds: Iterable[str] = (),
    sitemaps: Iterable[str] = (),
    validators: dict[str, tuple[str | None, str | None, list[Url]]] | None = None,
) -> Links:
    """Every article URL linked from ``feeds`` and ``sitemaps``.

    ``validators``: a feed URL → (ETag, Last-Modified, links) cache kept between polls by
    ``slant watch``; a feed that answers 304 gives its cached links again.
    """
    links = Links()
    for feed in feeds:
        try:
            for url in _read_feed(fetcher, printable_text(feed), validators):
                links.add(url)
        except InputError as exc:
            links.skips.append(_skip(feed, exc))
    budget = [MAX_SITEMAPS]
    for sitemap in sitemaps:
        _read_sitemap(fetcher, printable_text(sitemap), links, depth=0, budget=budget)
    return links


def read_feeds_file(text: str) -> list[str]:
    """One URL a line; blank lines and ``#`` comments (whole-line or trailing) ignored."""
    out = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _skip(url: str, exc: Exception) -> Skip:
    full = printable_text(url)
    source = short_name(full, SOURCE_CHARS)
    message = printable_text(str(exc)).replace(full, source, 1)
    return Skip(id=short_name(full, ID_CHARS), source=source, error=message)


def _xml_limit(url: str) -> Any:
    def limit(ctype: str, head: bytes | None) -> int:
        if ctype and not any(t in ctype for t in _XML_TYPES):
            raise FetchError(url, f"is {ctype}, not a feed or sitemap (XML)")
        return FEED_MAX_BYTES

    return limit


def _read_feed(
    fetcher: Fetcher,
    url: str,
    validators: dict[str, tuple[str | None, str | None, list[Url]]] | None,
) -> list[Url]:
    cached = validators.get(url) if validators is not None else None
    response = fetcher.get(
        url,
        limit=_xml_limit(url),
        etag=cached[0] if cached else None,
        last_modified=cached[1] if cached else None,
    )
    if response.status == 304 and cached is not None:
        return [Url(u, u.hints) for u in cached[2]]
    urls = parse_feed(response.body, response.final_url)
    if validators is not None and (response.etag or response.last_modified):
        validators[url] = (response.etag, response.last_modified, urls)
    return [Url(u, u.hints) for u in urls]


def parse_feed(data: bytes, url: str) -> list[Url]:
    """The item links of an RSS or Atom feed, with title, date and author as hints.

    Raises:
        FetchError: the bytes are not a feed.
    """
    import feedparser

    parsed = feedparser.parse(
        io.BytesIO(data), response_headers={"content-location": url}, sanitize_html=False
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0][:120]})" if problem else ""
        raise FetchError(url, f"not an RSS or Atom feed{detail}")
    out: list[Url] = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        hints = {
            "title": (entry.get("title") or "").strip(),
            "published": _date(entry.get("published_parsed") or entry.get("updated_parsed")),
            "author": (entry.get("author") or "").strip(),
        }
        out.append(Url(link, {k: v for k, v in hints.items() if v}))
    return out


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    link = (link or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else None


def _date(value: time.struct_time | None) -> str:
    if not value:
        return ""
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    except ValueError:
        return ""


def _read_sitemap(
    fetcher: Fetcher, url: str, links: Links, *, depth: int, budget: list[int]
) -> None:
    if budget[0] <= 0:
        links.skips.append(_skip(url, FetchError(url, f"over {MAX_SITEMAPS} sitemaps; not read")))
        return
    budget[0] -= 1
    try:
        response = fetcher.get(url, limit=_xml_limit(url))
        pages, children = parse_sitemap(response.body, response.final_url)
    except InputError as exc:
        links.skips.append(_skip(url, exc))
        return
    for page in pages:
        links.add(page)
    for child in children:
        if depth + 1 >= MAX_SITEMAP_DEPTH:
            reason = f"sitemap index nested more than {MAX_SITEMAP_DEPTH} deep; not read"
            links.skips.append(_skip(child, FetchError(child, reason)))
            continue
        _read_sitemap(fetcher, child, links, depth=depth + 1, budget=budget)


def parse_sitemap(data: bytes, url: str) -> tuple[list[Url], list[str]]:
    """(page URLs with news-sitemap hints, child sitemaps) of a sitemap or sitemap index.

    A plain-text sitemap (one URL a line) is read too.

    Raises:
        FetchError: the bytes are neither.
    """
    from lxml import etree

    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(FEED_MAX_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise FetchError(url, f"a damaged gzip file ({exc})") from exc
        if len(data) > FEED_MAX_BYTES:
            raise FetchError(url, f"unpacks to more than {FEED_MAX_BYTES:,} bytes")
    if not data.lstrip().startswith(b"<"):
        lines = data.decode("utf-8", "replace").split()
        pages = [Url(x) for x in lines if x.lower().startswith(("http://", "https://"))]
        if pages:
            return pages, []
        raise FetchError(url, "not a sitemap (neither XML nor a list of URLs)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(url, f"not a sitemap (XML error: {exc})") from exc
    if root is None:
        raise FetchError(url, "not a sitemap (no XML element)")
    name = etree.QName(root).localname
    if name == "sitemapindex":
        return [], [loc for loc in (_text(s, "loc") for s in root.iterfind("{*}sitemap")) if loc]
    if name != "urlset":
        raise FetchError(url, f"not a sitemap (its root element is <{name}>)")
    pages = []
    for entry in root.iterfind("{*}url"):
        loc = _text(entry, "loc")
        if not loc:
            continue
        hints: dict[str, str] = {}
        news = entry.find("{*}news")
        if news is not None:  # a Google News sitemap: title, date and publication
            hints["title"] = _text(news, "title") or ""
            hints["published"] = (_text(news, "publication_date") or "")[:10]
            hints["outlet"] = _text(news.find("{*}publication"), "name") or ""
        pages.append(Url(loc, {k: v for k, v in hints.items() if v}))
    return pages, []


def _text(element: Any, child: str) -> str | None:
    if element is None:
        return None
    found = element.find("{*}" + child)
    value = (found.text or "").strip() if found is not None else ""
    return value or None
