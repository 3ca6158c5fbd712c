"""URLs, feeds, sitemaps and slant watch, against a news site on 127.0.0.1 (never a real
address): see _loopback.py for what the site serves. Analyses run with ``--only tone`` and
one worker, so the file stays fast."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import _loopback
import httpx
import pytest
from _loopback import ARTICLES, BAD, OUTLET, Site
from typer.testing import CliRunner

from slant.article import Article, Skip
from slant.cli import app
from slant.errors import UsageError
from slant.fetch import Fetcher, FetchError, FetchOptions, PageReader, parse_feed, parse_sitemap
from slant.fetch.pages import page_limit

FAST = ("--only", "tone", "--workers", "1", "--delay", "0", "--fetch-timeout", "1")
MAX_BYTES = "100000"


@pytest.fixture
def site() -> Iterator[Site]:
    s = _loopback.start()
    yield s
    _loopback.stop(s)


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return list(con.execute(sql))


# -- slant analyze URL ----------------------------------------------------------------------
def test_analyze_a_url_fills_url_outlet_and_date_from_the_page(site: Site) -> None:
    url = site.url(f"/news/{ARTICLES[0]['slug']}.html")
    code, out, _ = _cli("analyze", *FAST, url)
    assert code == 0
    record = json.loads(out)  # one URL: one JSON object, as for one file
    assert (record["id"], record["source"], record["url"]) == (url, url, url)
    assert record["outlet"] == OUTLET and record["published"] == ARTICLES[0]["date"]
    assert record["title"] == ARTICLES[0]["title"] and record["format"] == "html"
    assert record["text"].startswith(ARTICLES[0]["title"] + "\n")
    assert "cookies" not in record["text"] and "Most read" not in record["text"]  # chrome
    assert site.requests() == ["/robots.txt", f"/news/{ARTICLES[0]['slug']}.html"]
    assert all(a.startswith("slant/") for a in site.agents)


def test_urls_and_paths_mix_in_input_order(site: Site, tmp_path: Path) -> None:
    local = tmp_path / "local.txt"
    local.write_text("Title\n\n" + " ".join(ARTICLES[1]["paragraphs"]), encoding="utf-8")
    url = site.url(f"/news/{ARTICLES[2]['slug']}.html")
    code, out, _ = _cli("analyze", *FAST, "-f", "jsonl", url, str(local), url + "?again")
    assert code == 0
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    assert sources == [url, str(local), url + "?again"]


def test_every_bad_link_is_a_recorded_skip_and_costs_at_most_its_timeout(site: Site) -> None:
    urls = [site.url(p) for p in BAD]
    started = time.monotonic()
    code, out, err = _cli("analyze", *FAST, "--max-bytes", MAX_BYTES, "-f", "jsonl", *urls)
    elapsed = time.monotonic() - started
    assert code == 0  # as for files: every input analysed or recorded
    errors = {json.loads(line)["source"]: json.loads(line)["error"] for line in out.splitlines()}
    assert set(errors) == set(urls)
    expected = {
        "/private/secret.html": "disallowed by the site's robots.txt (not requested)",
        "/missing.html": "HTTP 404",
        "/loop/a": "redirect loop (",
        "/image.png": "is an image (image/png), not an article",
        "/slow.html": "the server did not answer within 1 s",
        "/big.html": "over the limit of 100,000 bytes per article (raise it with --max-bytes)",
    }
    for path, reason in expected.items():
        assert reason in errors[site.url(path)], errors[site.url(path)]
        assert errors[site.url(path)].startswith(site.url(path) + ": ")
    assert "skipped" in err
    assert not site.requests("/private/.*")  # never requested
    assert site.requests("/loop/.*") == ["/loop/a", "/loop/b"]  # the loop is seen, not run
    assert elapsed < 1 + 4  # the page that never answers costs its 1 s timeout, no more


def test_fetching_is_offline_unless_a_url_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_client(*_a: object, **_k: object) -> None:
        raise AssertionError("an HTTP client was made")

    monkeypatch.setattr(httpx, "Client", no_client)
    example = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan_csto_2022.txt"
    code, out, _ = _cli("analyze", "--only", "tone", "--workers", "1", str(example))
    assert code == 0 and json.loads(out)["text"]


def test_keep_html_lets_a_run_be_redone_offline(site: Site, tmp_path: Path) -> None:
    urls = [site.url(f"/news/{a['slug']}.html") for a in ARTICLES[:2]]
    kept = tmp_path / "kept"
    code, online, _ = _cli("analyze", *FAST, "-f", "jsonl", "--keep-html", str(kept), *urls)
    assert code == 0
    bodies = sorted(p.name for p in kept.rglob("*.html"))
    assert len(bodies) == 2 and bodies[0].startswith(ARTICLES[1]["slug"])
    asked = len(site.requests())
    code, offline, _ = _cli(
        "analyze", *FAST, "-f", "jsonl", "--keep-html", str(kept), "--offline", *urls
    )
    assert code == 0 and len(site.requests()) == asked  # nothing fetched
    strip = ("language_confidence",)
    a = [{k: v for k, v in json.loads(x).items() if k not in strip} for x in online.splitlines()]
    b = [{k: v for k, v in json.loads(x).items() if k not in strip} for x in offline.splitlines()]
    assert a == b
    code, out, _ = _cli("analyze", *FAST, "--keep-html", str(kept), "--offline", site.url("/x"))
    assert "not kept in" in json.loads(out)["error"]


# -- feeds and sitemaps ---------------------------------------------------------------------
def _ingest(site: Site, db: Path, *extra: str) -> tuple[int, str]:
    code, _, err = _cli(
        "ingest",
        "--db",
        str(db),
        *FAST,
        "--max-bytes",
        MAX_BYTES,
        "--feed",
        site.url("/feed.rss"),
        "--feed",
        site.url("/feed.atom"),
        "--sitemap",
        site.url("/sitemap_index.xml"),
        *extra,
    )
    return code, err


def test_feed_and_sitemap_store_each_article_once_with_outlet_and_date(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "corpus.db"
    started = time.monotonic()
    code, err = _ingest(site, db)
    elapsed = time.monotonic() - started
    assert code == 0, err
    assert "stored 8, unchanged 0, duplicate texts 0, skipped 6, downloaded 8 page(s)" in err
    rows = _rows(db, "SELECT url, outlet, published, title, author FROM articles ORDER BY url")
    assert len(rows) == 8
    by_url = {r[0]: r for r in rows}
    for a in ARTICLES:  # the date the page lacks comes from the feed or the news sitemap
        _, outlet, published, title, author = by_url[site.url(f"/news/{a['slug']}.html")]
        assert (outlet, published, title, author) == (OUTLET, a["date"], a["title"], a["author"])
    skips = dict(_rows(db, "SELECT source, error FROM skips"))
    assert set(skips) == {site.url(p) for p in BAD}
    # each article requested once, the one answering 429 twice (429, then 200 after 1 s)
    pages = site.article_requests()
    assert sorted(set(pages)) == sorted(f"/news/{a['slug']}.html" for a in ARTICLES)
    assert len(pages) == 9 and site.busy_served == 2
    assert elapsed < 20

    site.log.clear()  # a second run downloads no stored page again
    code, err = _ingest(site, db)
    assert code == 0
    assert "stored 0, unchanged 8, duplicate texts 0, skipped 6, downloaded 0 page(s)" in err
    assert site.article_requests() == []
    assert _rows(db, "SELECT count(*) FROM articles") == [(8,)]

    site.log.clear()  # --reanalyze asks again, conditionally: 304, nothing downloaded
    code, err = _ingest(site, db, "--reanalyze")
    assert code == 0 and "stored 0, unchanged 8" in err and "downloaded 0 page(s)" in err
    assert len(site.article_requests()) == 8 and site.not_modified == 8


def test_feeds_file_and_a_feed_that_is_not_one(site: Site, tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        f"# outlets\n{site.url('/feed.rss')}  # main\n\n{site.url('/news/')}\n", encoding="utf-8"
    )
    db = tmp_path / "c.db"
    code, _, err = _cli("ingest", "--db", str(db), *FAST, "--feeds", str(listing))
    assert code == 0, err
    skips = dict(_rows(db, "SELECT source, error FROM skips"))
    assert "HTTP 404" in skips[site.url("/news/")]  # the feed that is not there
    assert _rows(db, "SELECT count(*) FROM articles") == [(5,)]
    with pytest.raises(UsageError, match="a feed must be an http"):
        _cli("ingest", "--db", str(db), "--feed", "feeds.txt")


def test_parse_feed_and_sitemaps_without_a_network() -> None:
    base = "http://127.0.0.1:9"
    urls = parse_feed(_loopback.rss(base, ARTICLES[:2]).encode(), base + "/feed.rss")
    assert [str(u) for u in urls] == [f"{base}/news/{a['slug']}.html" for a in ARTICLES[:2]]
    assert urls[0].hints == {
        "title": ARTICLES[0]["title"],
        "published": ARTICLES[0]["date"],
        "author": f"desk@loopback.test ({ARTICLES[0]['author']})",
    }
    atom = parse_feed(_loopback.atom(base, ARTICLES[:1]).encode(), base + "/a")
    assert atom[0].hints["author"] == ARTICLES[0]["author"]
    news = _loopback.sitemap(base, ARTICLES[:1], (), True).encode()
    pages, children = parse_sitemap(gzip.compress(news), base + "/s.xml.gz")
    assert children == [] and pages[0].hints["outlet"] == OUTLET
    text_pages, _ = parse_sitemap(f"{base}/a\n{base}/b\n".encode(), base + "/s.txt")
    assert text_pages == [f"{base}/a", f"{base}/b"]
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>hello</body></html>", base)
    with pytest.raises(FetchError, match="root element is <html>"):
        parse_sitemap(b"<html><body>hello</body></html>", base)
    evil = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    pages, _ = parse_sitemap(evil + b"<urlset><url><loc>&x;</loc></url></urlset>", base)
    assert pages == []  # no entity is resolved


# -- the client, on a mock transport ---------------------------------------------------------
def _fetcher(handler, **options: object) -> Fetcher:  # type: ignore[no-untyped-def]
    opts = FetchOptions(delay=0, timeout=2, backoff=0.01, **options)  # type: ignore[arg-type]
    return Fetcher(opts, transport=httpx.MockTransport(handler))


def _page(body: bytes = b"<html><body>" + b"<p>word word word word word</p>" * 5 + b"</body>"):
    return httpx.Response(200, content=body, headers={"content-type": "text/html"})


def test_robots_txt_that_fails_forbids_the_site_and_one_that_is_missing_allows_it() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(503 if request.url.host == "down.test" else 404)
        return _page()

    with _fetcher(handler, retries=0) as f:
        with pytest.raises(FetchError, match=r"robots.txt answered HTTP 503; not requested"):
            f.get("http://down.test/a", limit=page_limit(10_000))
        assert f.get("http://up.test/a", limit=page_limit(10_000)).status == 200
    assert asked == ["/robots.txt", "/robots.txt", "/a"]


def test_retries_honour_retry_after_within_a_cap() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/later":
            return httpx.Response(429, headers={"retry-after": "3600"})
        return httpx.Response(503)

    with _fetcher(handler, retries=2, max_retry_after=5) as f:
        with pytest.raises(FetchError, match="asks to wait 3600 s"):
            f.get("http://x.test/later", limit=page_limit(10_000))
        with pytest.raises(FetchError, match="HTTP 503"):
            f.get("http://x.test/down", limit=page_limit(10_000))
    assert calls.count("/later") == 1 and calls.count("/down") == 3  # bounded


def test_size_limits_follow_the_readers() -> None:
    pdf = b"%PDF-1.4\n" + b"0" * 50_000

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/declared":
            return httpx.Response(200, content=b"x" * 30_000, headers={"content-type": "text/html"})
        return httpx.Response(200, content=pdf, headers={"content-type": "application/pdf"})

    with _fetcher(handler) as f:
        with pytest.raises(FetchError, match="30,000 bytes declared: over the limit of 20,000"):
            f.get("http://x.test/declared", limit=page_limit(20_000))
        # a PDF may be 10x --max-bytes, as on disk
        assert len(f.get("http://x.test/a.pdf", limit=page_limit(20_000)).body) == len(pdf)


def test_a_redirect_to_a_disallowed_page_is_not_followed() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: slant\nDisallow: /members/\n")
        return httpx.Response(301, headers={"location": "/members/only"})

    with _fetcher(handler) as f, pytest.raises(FetchError, match="disallowed"):
        f.get("http://x.test/open", limit=page_limit(10_000))
    assert asked == ["/robots.txt", "/open"]


def test_one_host_is_asked_at_most_once_per_delay(site: Site) -> None:
    urls = [site.url(f"/news/{a['slug']}.html") for a in ARTICLES[:3]]
    with PageReader(Fetcher(FetchOptions(delay=0.3, timeout=2))) as web:
        items = [i for u in urls for i in web.read(u, max_bytes=100_000)]
    assert all(isinstance(i, Article) for i in items)
    times = [t for _, t in site.log]
    assert len(times) == 4  # robots.txt and three pages
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.28


def test_where_only_paths_are_read_a_url_says_how_to_fetch_it() -> None:
    import slant

    (skip,) = list(slant.analyze_many(["https://news.invalid/a"]))
    assert isinstance(skip, Skip)
    assert skip.error == "https://news.invalid/a: is a URL; URLs are fetched with slant analyze URL"


# -- slant watch ----------------------------------------------------------------------------
def test_watch_picks_up_a_new_item_and_stops_cleanly_on_sigterm(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    interval = 1.5
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "slant", "watch", site.url("/feed.rss"), "--db", str(db)),
            *("--interval", str(interval), "--only", "tone", "--delay", "0"),
            *("--fetch-timeout", "30"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        _wait(lambda: _count(db) == 5, 90, proc)  # the feed's five articles
        new = dict(ARTICLES[0], slug="ferry-service-returns", title="Ferry service returns")
        added = time.monotonic()
        site.rss_articles = [new, *site.rss_articles]
        _wait(lambda: _count(db) == 6, 2 * interval + 5, proc)
        assert time.monotonic() - added <= 2 * interval + 1  # within two intervals
        # a page that never answers: SIGTERM still stops the watch at once
        site.rss_articles = [dict(new, slug=_loopback.SLOW), *site.rss_articles]
        slow = f"/news/{_loopback.SLOW}.html"
        _wait(lambda: slow in site.requests(), 2 * interval + 5, proc)
        time.sleep(0.2)
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert time.monotonic() - stopped < 3
    finally:
        if proc.poll() is None:
            proc.kill()
        _, stderr = proc.communicate()  # closes the pipes
    err = stderr.decode()
    assert proc.returncode == 0, err[-2000:]
    assert "stopped after" in err
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        n, words = con.execute("SELECT count(*), min(n_words) FROM articles").fetchone()
        assert n == 6 and words > 50  # whole articles only
        orphans = con.execute(
            "SELECT count(*) FROM paragraphs WHERE article_pk NOT IN (SELECT pk FROM articles)"
        ).fetchone()
        assert orphans == (0,)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return _rows(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def _wait(condition, timeout: float, proc: subprocess.Popen) -> None:  # type: ignore[no-untyped-def, type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            raise AssertionError(f"slant watch exited {proc.returncode}")
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


# -- the web reader -------------------------------------------------------------------------
def test_the_reader_home_page_takes_a_url(site: Site, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from slant.config import Settings
    from slant.web import create_app

    app = create_app(Settings(only=("tone",)), str(tmp_path / "w.db"), timeout=30)
    with TestClient(app) as client:
        assert 'name="url"' in client.get("/").text
        url = site.url(f"/news/{ARTICLES[3]['slug']}.html")
        page = client.post("/analyze", data={"url": url})
        assert page.status_code == 200 and ARTICLES[3]["title"] in page.text
        bad = client.post("/analyze", data={"url": site.url("/image.png")})
        assert bad.status_code == 422 and "is an image (image/png)" in bad.text
        app.state.fetch_private = False  # served on a public interface: no loopback fetches
        refused = client.post("/analyze", data={"url": url})
        assert refused.status_code == 422 and "private network" in refused.text


def test_a_very_long_url_gets_an_id_and_source_the_store_can_hold(site: Site) -> None:
    url = site.url(f"/news/{ARTICLES[0]['slug']}.html?utm=" + "x" * 3000)
    with PageReader(Fetcher(FetchOptions(delay=0, timeout=2))) as web:
        (article,) = web.read(url, max_bytes=100_000)
        (skip,) = web.read(site.url("/missing.html?" + "y" * 3000), max_bytes=100_000)
    assert isinstance(article, Article) and isinstance(skip, Skip)
    assert (len(article.id), len(article.source), len(skip.source)) == (500, 1000, 1000)
    assert article.source.startswith(url[:900]) and skip.error.startswith(skip.source + ": ")
