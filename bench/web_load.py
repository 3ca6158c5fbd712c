"""Load test for `slant serve`: N concurrent clients on loopback for T seconds.

Starts the server in a subprocess on a free port with a fresh SQLite corpus, stores a few
analysed articles, then runs ``--clients`` async httpx clients that GET article pages and
``/api/articles`` (and every ``--post-every``-th request POST ``/api/analyze``). Reports
requests/s, p50/p99 latency per kind, errors, and the server's RSS before and after.
Also times the reader page of a 1,000-word article after analysis (the render target).

    python bench/web_load.py examples/kazakhstan_csto_2022.txt --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def client(
    http: httpx.AsyncClient,
    pages: list[str],
    post_text: str,
    stop: float,
    post_every: int,
    lat: dict[str, list[float]],
    errors: dict[str, int],
    seed: int,
) -> None:
    i = seed
    while time.monotonic() < stop:
        i += 1
        if post_every and i % post_every == 0:
            kind, req = "POST /api/analyze", http.post("/api/analyze", json={"text": post_text})
        elif i % 2:
            kind, req = "GET /articles/{pk}", http.get(pages[i % len(pages)])
        else:
            kind, req = "GET /api/articles", http.get(f"/api/articles?limit=20&offset={i % 3}")
        t0 = time.perf_counter()
        try:
            r = await req
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        lat[kind].append(time.perf_counter() - t0)
        if not ok:
            errors[kind] += 1


async def load(base: str, pages: list[str], text: str, args: argparse.Namespace) -> dict:
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        stop = time.monotonic() + args.seconds
        t0 = time.monotonic()
        await asyncio.gather(
            *(
                client(http, pages, text, stop, args.post_every, lat, errors, seed=k * 7)
                for k in range(args.clients)
            )
        )
        wall = time.monotonic() - t0
    return {"lat": lat, "errors": errors, "wall": wall}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", nargs="+", help="article files to store and to POST")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--post-every", type=int, default=25, help="0: no POSTs")
    ap.add_argument("--only", default="entities,places,quotes,techniques,counts,dates,tone")
    args = ap.parse_args()

    texts = [Path(p).read_text(encoding="utf-8") for p in args.articles]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tmp = tempfile.mkdtemp()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "slant", "serve", "--port", str(port), "--db",
           f"{tmp}/load.db", "--only", args.only, "--timeout", "300"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/status").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"server pid {proc.pid}, RSS at start {rss_mb(proc.pid):.0f} MB")
        pks = []
        for n, text in enumerate(texts):
            t0 = time.perf_counter()
            r = httpx.post(
                base + "/api/analyze?save=true",
                json={
                    "text": text,
                    "id": f"load{n}",
                    "outlet": f"Outlet{n % 3}",
                    "published": f"2022-0{1 + n % 9}-15",
                },
                timeout=600,
            )
            r.raise_for_status()
            pks += r.json()["stored"]
            words = len(text.split())
            print(f"analysed + stored {words} words in {time.perf_counter() - t0:.2f} s")
        # the render target: the reader page of an analysed article (analysis excluded)
        for pk, text in zip(pks, texts, strict=True):
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                httpx.get(f"{base}/articles/{pk}").raise_for_status()
                times.append(time.perf_counter() - t0)
            print(
                f"page /articles/{pk} ({len(text.split())} words): median "
                f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
            )
        rss_before = rss_mb(proc.pid)
        pages = [f"/articles/{pk}" for pk in pks]
        res = asyncio.run(load(base, pages, texts[0], args))
        rss_after = rss_mb(proc.pid)
        total = sum(len(v) for v in res["lat"].values())
        errs = sum(res["errors"].values())
        print(
            f"\n{args.clients} clients, {res['wall']:.1f} s: {total} requests, "
            f"{total / res['wall']:.1f} req/s, errors {errs}"
        )
        for kind, values in sorted(res["lat"].items()):
            print(
                f"  {kind:22s} n={len(values):6d}  p50 {pct(values, 0.5) * 1000:7.1f} ms  "
                f"p99 {pct(values, 0.99) * 1000:7.1f} ms  errors {res['errors'][kind]}"
            )
        print(f"server RSS: {rss_before:.0f} MB before load, {rss_after:.0f} MB after")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
