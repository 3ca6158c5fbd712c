"""Fetching overhead on loopback (never run in CI): does ``slant analyze URL`` cost more
than ``slant analyze FILE`` beyond the time spent waiting on the network?

A small threaded HTTP server on 127.0.0.1 serves N news pages with chrome (built from the
eight articles of tests/fixtures/site/articles.json, each made unique) and a robots.txt;
the same bytes are written to disk. One pipeline (loaded once) then analyses the files and
the URLs, alternately, ``--repeats`` times; the fetcher's own network wait
(``Fetcher.network_seconds``: connect, headers, body) is reported beside the difference.
Printed apart: what the first URL of a process costs once (imports, the client,
robots.txt). The politeness delay is set to 0 here: with the default 1 s, one site costs
1 s per page, on purpose.

Usage:
    python bench/fetch_overhead.py [--pages 24] [--repeats 3] [--only a,b] [--skip a,b]
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from slant.config import load_settings
from slant.fetch import Fetcher, FetchOptions, PageReader
from slant.pipeline import Pipeline
from slant.scale.inputs import read_inputs

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "site" / "articles.json"


def build_pages(n: int) -> dict[str, bytes]:
    articles = json.loads(FIXTURE.read_text(encoding="utf-8"))
    pages = {}
    for i in range(n):
        a = articles[i % len(articles)]
        paragraphs = [f"{p} (Report {i}.)" for p in a["paragraphs"]]  # every text unique
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(a['title'])} | Bench Gazette</title>"
            '<meta property="og:site_name" content="Bench Gazette">'
            f'<meta property="article:published_time" content="{a["date"]}"></head><body>'
            '<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
            f"<main><article><h1>{html.escape(a['title'])}</h1>{body}</article></main>"
            "<footer>Bench Gazette. All rights reserved.</footer></body></html>"
        )
        pages[f"/news/{i:03d}-{a['slug']}.html"] = page.encode()
    return pages


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path in pages:
                body, ctype = pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=None)
    parser.add_argument("--skip", default=None)
    args = parser.parse_args()
    split = lambda v: tuple(v.split(",")) if v else None  # noqa: E731
    settings = load_settings(only=split(args.only), skip=split(args.skip), on_error="record")
    pipeline = Pipeline(settings)
    pipeline.initialize()

    pages = build_pages(args.pages)
    server = serve(pages)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for path, body in pages.items():
            f = Path(tmp) / path.rsplit("/", 1)[-1]
            f.write_bytes(body)
            files.append(str(f))
        urls = [base + path for path in pages]

        def run(inputs: list[str], web: PageReader | None) -> tuple[float, int]:
            started = time.perf_counter()
            items = list(pipeline.run(read_inputs(inputs, max_bytes=settings.max_bytes, web=web)))
            elapsed = time.perf_counter() - started
            return elapsed, sum(1 for i in items if hasattr(i, "text"))

        run(files[:2], None)  # warm up every lazy model
        started = time.perf_counter()  # once per process: imports, the client, robots.txt
        with PageReader(Fetcher(FetchOptions(delay=0.0))) as web:
            list(read_inputs(urls[:1], max_bytes=settings.max_bytes, web=web))
        cold = time.perf_counter() - started
        t_files, t_urls, waits = [], [], []
        for _ in range(args.repeats):
            elapsed, ok = run(files, None)
            assert ok == len(files), ok
            t_files.append(elapsed)
            with PageReader(Fetcher(FetchOptions(delay=0.0))) as web:
                elapsed, ok = run(urls, web)
                assert ok == len(urls), ok
                t_urls.append(elapsed)
                waits.append(web.fetcher.network_seconds)
    server.shutdown()
    n = len(pages)
    f, u, w = (statistics.median(x) * 1000 / n for x in (t_files, t_urls, waits))
    # paired: each URL run against the file run just before it, less its own network wait
    paired = [(b - a - c) * 1000 / n for a, b, c in zip(t_files, t_urls, waits, strict=True)]
    print(f"pages: {n}, repeats: {args.repeats}, analyzers: {', '.join(pipeline.names)}")
    print(f"files:        {f:8.1f} ms/article (median of {args.repeats} runs)")
    print(f"URLs:         {u:8.1f} ms/article")
    print(f"difference:   {u - f:8.1f} ms/article")
    print(f"network wait: {w:8.1f} ms/article (connect, headers and body, loopback)")
    print(f"overhead:     {statistics.median(paired):8.1f} ms/article beyond the network wait")
    each = ", ".join(f"{x:.1f}" for x in paired)
    print(f"              (median of the paired runs; each: {each})")
    print(f"once per run: {cold * 1000:8.1f} ms (importing httpx, the client, robots.txt)")
    spread = (max(t_files) - min(t_files)) * 1000 / n
    print(f"run-to-run spread of the file runs: {spread:.1f} ms/article")


if __name__ == "__main__":
    main()
