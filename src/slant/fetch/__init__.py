"""FETCH: web pages, feeds and sitemaps → the readers (only when a URL is given).

Layers: :mod:`~slant.fetch.client` (httpx: robots.txt, politeness, retries, limits),
:mod:`~slant.fetch.pages` (a page → Articles through :mod:`slant.readers`),
:mod:`~slant.fetch.feeds` (RSS/Atom and sitemaps → article URLs), :mod:`~slant.fetch.keep`
(raw pages kept for an offline rerun). ``fetch`` imports the readers, never the other way
round; the CLI, the ingest and the web server call it.
"""

from __future__ import annotations

from slant.fetch.client import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    Response,
    Stopped,
    Stopper,
)
from slant.fetch.feeds import Links, gather, parse_feed, parse_sitemap, read_feeds_file
from slant.fetch.pages import PageReader

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchOptions",
    "Fetcher",
    "Links",
    "PageReader",
    "Response",
    "Stopped",
    "Stopper",
    "gather",
    "parse_feed",
    "parse_sitemap",
    "read_feeds_file",
]
