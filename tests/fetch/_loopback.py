"""A news site on 127.0.0.1 for the fetch tests, built from tests/fixtures/site/articles.json.

Eight article pages with chrome (navigation, cookie banner, "most read", footer), an RSS
2.0 and an Atom feed, a sitemap index of two sitemaps (the second a Google News sitemap),
robots.txt, and the bad links: a page robots.txt forbids, a 404, a redirect loop, an image,
a page that never answers, an oversized page (streamed without a length), and an article
that answers 429 once before its 200. Two pages carry no date: the feed and the news
sitemap supply it. Every request is logged (path, time).

The server is pytest-httpserver's (werkzeug), threaded, so a page that never answers
blocks only its own request.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

ARTICLES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "site" / "articles.json").read_text(
        encoding="utf-8"
    )
)
OUTLET = "Loopback Gazette"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
BAD = ("/private/secret.html", "/missing.html", "/loop/a", "/image.png", "/slow.html", "/big.html")
BUSY = "rail-strike-ends"  # answers 429 once, then 200
SLOW = "never-answers"  # an article page (once a feed links it) that never answers


def page_html(article: dict[str, Any], base: str) -> str:
    e = html.escape
    date_meta = (
        f'<meta property="article:published_time" content="{article["date"]}T08:00:00Z">'
        if article["date_in_page"]
        else ""
    )
    body = "\n".join(f"<p>{e(p)}</p>" for p in article["paragraphs"])
    others = "".join(
        f'<li><a href="/news/{a["slug"]}.html">{e(a["title"])}</a></li>' for a in ARTICLES[:4]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(article["title"])} | {OUTLET}</title>
<meta property="og:site_name" content="{OUTLET}">
<meta property="og:title" content="{e(article["title"])}">
<meta name="author" content="{e(article["author"])}">
{date_meta}
<link rel="canonical" href="{base}/news/{article["slug"]}.html">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept all</button></div>
</header>
<main><article><h1>{e(article["title"])}</h1>
<p class="byline">By {e(article["author"])}</p>
{body}
</article>
<aside><h2>Most read</h2><ul>{others}</ul></aside></main>
<footer><p>{OUTLET}. All rights reserved.</p><a href="/about">About us</a>
<a href="/contact">Contact</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""


def _rfc822(day: str) -> str:
    return format_datetime(dt.datetime.fromisoformat(day + "T07:30:00+00:00"))


def rss(base: str, articles: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> str:
    items = "".join(
        f"<item><title>{html.escape(a['title'])}</title>"
        f"<link>{base}/news/{a['slug']}.html</link>"
        f"<pubDate>{_rfc822(a['date'])}</pubDate>"
        f"<author>desk@loopback.test ({html.escape(a['author'])})</author></item>"
        for a in articles
    )
    items += "".join(f"<item><title>Link</title><link>{base}{p}</link></item>" for p in extra)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{OUTLET} - Top stories</title><link>{base}/</link>"
        f"<description>Latest</description>{items}</channel></rss>"
    )


def atom(base: str, articles: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> str:
    entries = "".join(
        f"<entry><title>{html.escape(a['title'])}</title>"
        f'<link rel="alternate" href="{base}/news/{a["slug"]}.html"/>'
        f"<id>{base}/news/{a['slug']}</id><updated>{a['date']}T07:30:00Z</updated>"
        f"<author><name>{html.escape(a['author'])}</name></author></entry>"
        for a in articles
    )
    entries += "".join(
        f'<entry><title>Link</title><link href="{base}{p}"/><id>{base}{p}</id>'
        "<updated>2024-03-01T00:00:00Z</updated></entry>"
        for p in extra
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{OUTLET}</title><id>{base}/</id><updated>2024-03-13T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


def sitemap(base: str, articles: list[dict[str, Any]], extra: tuple[str, ...], news: bool) -> str:
    def entry(a: dict[str, Any]) -> str:
        tags = (
            f"<news:news><news:publication><news:name>{OUTLET}</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a['date']}</news:publication_date>"
            f"<news:title>{html.escape(a['title'])}</news:title></news:news>"
            if news
            else ""
        )
        return f"<url><loc>{base}/news/{a['slug']}.html</loc>{tags}</url>"

    urls = "".join(entry(a) for a in articles)
    urls += "".join(f"<url><loc>{base}{p}</loc></url>" for p in extra)
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{urls}</urlset>'
    )


@dataclass
class Site:
    """The site's state: what it serves, and what it was asked."""

    server: HTTPServer
    log: list[tuple[str, float]] = field(default_factory=list)
    agents: set[str] = field(default_factory=set)
    release: threading.Event = field(default_factory=threading.Event)
    rss_articles: list[dict[str, Any]] = field(default_factory=lambda: ARTICLES[:5])
    busy_served: int = 0
    not_modified: int = 0  # 304 answers to If-None-Match
    big_bytes: int = 400_000
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, pattern: str = ".*") -> list[str]:
        with self.lock:
            return [p for p, _ in self.log if re.fullmatch(pattern, p)]

    def article_requests(self) -> list[str]:
        return self.requests(r"/news/.*")

    # -- serving ---------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path
        with self.lock:
            self.log.append((path, time.monotonic()))
            self.agents.add(request.headers.get("User-Agent", ""))
        base = request.host_url.rstrip("/")
        xml = "application/xml"
        if path == "/robots.txt":
            return Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        if path == "/feed.rss":
            return Response(
                rss(base, self.rss_articles, BAD[:2]), content_type="application/rss+xml"
            )
        if path == "/feed.atom":
            return Response(atom(base, ARTICLES[3:], BAD[2:4]), content_type="application/atom+xml")
        if path == "/sitemap_index.xml":
            locs = "".join(f"<sitemap><loc>{base}/sitemap-{i}.xml</loc></sitemap>" for i in (1, 2))
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>'
            )
            return Response(body, content_type=xml)
        if path == "/sitemap-1.xml":
            return Response(sitemap(base, ARTICLES[:4], BAD[4:5], False), content_type=xml)
        if path == "/sitemap-2.xml":
            return Response(sitemap(base, ARTICLES[4:8], BAD[5:], True), content_type=xml)
        if path.startswith("/news/") and path.endswith(".html"):
            slug = path[len("/news/") : -len(".html")]
            found = next((a for a in ARTICLES + self.rss_articles if a["slug"] == slug), None)
            if found is None:
                return Response("not found", status=404)
            if slug == SLOW:  # a feed item whose page never answers
                self.release.wait(30)
            if slug == BUSY:
                with self.lock:
                    self.busy_served += 1
                    first = self.busy_served == 1
                if first:
                    return Response("slow down", status=429, headers={"Retry-After": "1"})
            etag = f'"{slug}-v1"'
            if request.headers.get("If-None-Match") == etag:
                with self.lock:
                    self.not_modified += 1
                return Response(status=304, headers={"ETag": etag})
            return Response(
                page_html(found, base),
                content_type="text/html; charset=utf-8",
                headers={"ETag": etag},
            )
        if path == "/loop/a":
            return Response("", status=302, headers={"Location": "/loop/b"})
        if path == "/loop/b":
            return Response("", status=302, headers={"Location": "/loop/a"})
        if path == "/image.png":
            return Response(PNG, content_type="image/png")
        if path == "/slow.html":
            self.release.wait(30)  # never answers within any test's timeout
            return Response("<html>too late</html>", content_type="text/html")
        if path == "/big.html":
            chunk = b"<p>" + b"word " * 2000 + b"</p>\n"

            def stream() -> Any:
                yield b"<!doctype html><html><body>"
                sent = 0
                while sent < self.big_bytes:
                    yield chunk
                    sent += len(chunk)

            return Response(stream(), content_type="text/html")  # no Content-Length
        if path.startswith("/private/"):
            return Response("<html>secret</html>", content_type="text/html")
        return Response("not found", status=404)


def start() -> Site:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    site = Site(server)
    server.expect_request(re.compile(".*")).respond_with_handler(site.handle)
    server.start()
    return site


def stop(site: Site) -> None:
    site.release.set()
    site.server.clear()
    site.server.stop()
