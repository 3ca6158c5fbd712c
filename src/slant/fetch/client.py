"""The HTTP client behind URLs, feeds and sitemaps: polite and hard to stall.

- robots.txt is read once per site (protego: RFC 9309, wildcards, longest match) and
  obeyed: a disallowed URL is never requested. A robots.txt that is missing (4xx) allows
  everything; one that cannot be fetched (5xx, no answer) allows nothing for that run.
- One request at a time (slant fetches in one thread) and, per host, ``delay`` seconds
  between the end of one request and the start of the next; a longer robots.txt
  ``Crawl-delay`` wins, up to ``max_crawl_delay``.
- The user agent names slant. Redirects are followed by hand, each hop checked against
  robots.txt, at most ``max_redirects``, and a loop is named as one.
- Timeouts: ``connect_timeout`` to connect, ``timeout`` for each read and for the whole
  download (checked as bytes arrive), so a server that never answers costs ``timeout``.
- The size limit is counted while streaming, after decompression; a declared
  Content-Length over it is refused before the body is read.
- 429 and 5xx are retried ``retries`` times with a doubling backoff, honouring
  Retry-After up to ``max_retry_after`` (a longer wait is a skip, not a stall).
- ``keep``: every body fetched is written there with its headers (:mod:`slant.fetch.keep`);
  ``offline`` answers from that folder only, so a run can be reproduced with no network.

Every failure raises :class:`FetchError` (an :class:`~slant.errors.InputError`), which the
readers above record as a Skip naming the URL and the reason. It, the options, the response
and the stopper live in :mod:`slant.fetch.base` and are re-exported here.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from slant.fetch.base import (
    USER_AGENT,
    FetchError,
    FetchOptions,
    Response,
    Stopped,
    Stopper,
    media_type,
)

if TYPE_CHECKING:
    import httpx
    from protego import Protego

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchOptions",
    "Fetcher",
    "Response",
    "Stopped",
    "Stopper",
    "media_type",
]

log = logging.getLogger(__name__)

ROBOTS_AGENT = "slant"  # the token robots.txt groups are matched against
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
CHUNK = 64 * 1024


@dataclass
class _Robots:
    parser: Protego | None  # None: everything allowed (no robots.txt)
    error: str | None = None  # robots.txt could not be fetched: nothing allowed


# Decides, from the media type and the body's first bytes, how many bytes may be read;
# raises FetchError for a type that is refused (an image, a ZIP...).
Limit = Callable[[str, bytes | None], int]


class Fetcher:
    """Fetches URLs one at a time, politely. Use as a context manager (or call ``close``).

    Args:
        options: see :class:`FetchOptions`.
        stopper: lets a signal stop a long run (``slant watch``).
        transport: an httpx transport (tests).
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        stopper: Stopper | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self.stopper = stopper or Stopper()
        self._transport = transport
        self._client: httpx.Client | None = None
        self._robots: dict[str, _Robots] = {}
        self._last: dict[str, float] = {}  # host → when its last request ended
        self.requests = 0  # requests sent, robots.txt included
        self.network_seconds = 0.0  # time spent waiting on the network (not politeness)

    # -- life cycle ------------------------------------------------------------------------
    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            o = self.options
            self._client = httpx.Client(
                headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
                timeout=httpx.Timeout(o.timeout, connect=min(o.connect_timeout, o.timeout)),
                follow_redirects=False,
                transport=self._transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- fetching --------------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        limit: Limit,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """Fetch ``url`` (redirects followed) and read its body within ``limit``.

        ``etag`` / ``last_modified``: validators of a stored copy; a 304 answer comes back
        as a Response with ``status`` 304 and no body.

        Raises:
            FetchError: robots.txt forbids it, the server fails or never answers, the type
                is refused, or the body is over the limit.
        """
        from slant.fetch import keep

        if self.options.offline:
            kept = keep.load(self.options.keep, url) if self.options.keep else None
            if kept is None:
                where = self.options.keep or "no folder"
                raise FetchError(url, f"not kept in {where} (fetch it once without --offline)")
            body, record = kept
            return Response(
                url=url,
                final_url=record.get("final_url") or url,
                status=200,
                content_type=record.get("content_type") or "",
                body=body,
                etag=record.get("etag"),
                last_modified=record.get("last_modified"),
            )
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._follow(url, headers)
        try:
            if response.status_code == 304 and headers:
                return Response(
                    url=url,
                    final_url=str(response.url),
                    status=304,
                    content_type="",
                    etag=response.headers.get("etag") or etag,
                    last_modified=response.headers.get("last-modified") or last_modified,
                )
            if not 200 <= response.status_code < 300:
                phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
                raise FetchError(url, f"HTTP {response.status_code}{phrase}")
            body = self._read(url, response, limit)
        finally:
            response.close()
        result = Response(
            url=url,
            final_url=str(response.url),
            status=200,
            content_type=media_type(response.headers.get("content-type")),
            body=body,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            headers={k.lower(): v for k, v in response.headers.items()},
        )
        if self.options.keep is not None:
            keep.save(
                self.options.keep,
                url,
                body,
                final_url=result.final_url,
                content_type=result.content_type,
                etag=result.etag,
                last_modified=result.last_modified,
            )
        return result

    def _follow(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """Send the request, following redirects by hand (robots.txt checked at every hop)."""
        current, chain = url, [url]
        for _ in range(self.options.max_redirects + 1):
            self._check_address(url, current)
            self._check_robots(url, current)
            response = self._send(url, current, headers)
            location = response.headers.get("location")
            if response.status_code not in REDIRECTS or not location:
                return response
            response.close()
            target = urljoin(current, location.strip())
            if target in chain:
                loop = " → ".join([*chain[chain.index(target) :], target])
                raise FetchError(url, f"redirect loop ({loop})")
            chain.append(target)
            current = target
        raise FetchError(url, f"more than {self.options.max_redirects} redirects")

    def _send(self, url: str, current: str, headers: dict[str, str]) -> httpx.Response:
        """One request, retried on 429 and 5xx; returns the open (streaming) response."""
        import httpx

        o = self.options
        host = _host(current)
        for attempt in range(o.retries + 1):
            self._wait_turn(host)
            started = time.monotonic()
            try:
                with self.stopper.network():
                    request = self.client.build_request("GET", current, headers=headers)
                    self.requests += 1
                    response = self.client.send(request, stream=True)
            except httpx.TimeoutException as exc:
                what = "connect" if isinstance(exc, httpx.ConnectTimeout) else "answer"
                limit = min(o.connect_timeout, o.timeout) if what == "connect" else o.timeout
                raise FetchError(url, f"the server did not {what} within {limit:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch ({_reason(exc)})") from exc
            finally:
                self._last[host] = time.monotonic()
                self.network_seconds += self._last[host] - started
            if response.status_code not in RETRY_STATUSES or attempt == o.retries:
                return response
            wait = _retry_after(response.headers.get("retry-after"))
            response.close()
            if wait is not None and wait > o.max_retry_after:
                raise FetchError(
                    url,
                    f"HTTP {response.status_code}; the server asks to wait {wait:.0f} s "
                    f"(more than {o.max_retry_after:g} s)",
                )
            wait = o.backoff * 2**attempt if wait is None else wait
            log.info("%s: HTTP %s, retrying in %.1f s", current, response.status_code, wait)
            self.stopper.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, url: str, response: httpx.Response, limit: Limit) -> bytes:
        """The body, decompressed, within the size limit and the total time limit."""
        import httpx

        ctype = media_type(response.headers.get("content-type"))
        most = limit(ctype, None)  # raises for a refused type, before any byte is read
        declared = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "identity") != "identity"
        if declared.isdigit() and not encoded and int(declared) > most:
            raise FetchError(url, _too_large(int(declared), most, declared=True))
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.options.timeout
        started = time.monotonic()
        try:
            with self.stopper.network():
                for chunk in response.iter_bytes(CHUNK):
                    if not chunks:
                        most = limit(ctype, chunk[:1024])
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > most:
                        raise FetchError(url, _too_large(size, most, declared=False))
                    if time.monotonic() > deadline:
                        raise FetchError(
                            url, f"the download took more than {self.options.timeout:g} s"
                        )
        except httpx.TimeoutException as exc:
            raise FetchError(
                url, f"the server stopped sending ({self.options.timeout:g} s)"
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"the download broke off ({_reason(exc)})") from exc
        finally:
            self.network_seconds += time.monotonic() - started
        return b"".join(chunks)

    # -- politeness ------------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            self.stopper.sleep(last + self._delay(host) - time.monotonic())

    def _delay(self, host: str) -> float:
        delay = self.options.delay
        robots = self._robots.get(host)
        if robots is not None and robots.parser is not None:
            crawl = robots.parser.crawl_delay(ROBOTS_AGENT)
            if crawl:
                delay = max(delay, min(float(crawl), self.options.max_crawl_delay))
        return delay

    def _check_robots(self, url: str, current: str) -> None:
        host = _host(current)
        robots = self._robots.get(host)
        if robots is None:
            robots = self._robots[host] = self._load_robots(current)
        if robots.error is not None:
            raise FetchError(url, robots.error)
        if robots.parser is not None and not robots.parser.can_fetch(current, ROBOTS_AGENT):
            raise FetchError(url, "disallowed by the site's robots.txt (not requested)")

    def _load_robots(self, current: str) -> _Robots:
        from protego import Protego

        parts = urlsplit(current)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            response = self._robots_response(robots_url)
        except FetchError as exc:
            reason = str(exc).split(": ", 1)[-1]
            return _Robots(None, f"its robots.txt could not be read ({reason}); not requested")
        try:
            if 400 <= response.status_code < 500:  # no robots.txt: everything allowed
                return _Robots(None)
            if not 200 <= response.status_code < 300:
                return _Robots(
                    None,
                    f"its robots.txt answered HTTP {response.status_code}; not requested",
                )
            body = self._read(robots_url, response, lambda _t, _h: ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if "over the limit" in str(exc):  # a robots.txt over 512 KiB: taken as absent
                return _Robots(None)
            reason = str(exc).split(": ", 1)[-1]
            return _Robots(None, f"its robots.txt could not be read ({reason}); not requested")
        finally:
            response.close()
        return _Robots(Protego.parse(body.decode("utf-8", "replace")))

    def _robots_response(self, robots_url: str) -> httpx.Response:
        current, host = robots_url, _host(robots_url)
        for _ in range(self.options.max_redirects + 1):
            response = self._send(robots_url, current, {})
            location = response.headers.get("location")
            if response.status_code not in REDIRECTS or not location:
                return response
            response.close()
            current = urljoin(current, location.strip())
            if _host(current) != host:  # robots.txt of another site says nothing of this one
                break
        raise FetchError(robots_url, "too many redirects")

    def _check_address(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(url, f"redirected to a {parts.scheme or 'relative'} address")
        if self.options.private or not parts.hostname:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 80, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise FetchError(url, f"cannot resolve {parts.hostname} ({exc.strerror})") from exc
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not address.is_global:
                raise FetchError(url, "is on a private network; this server does not fetch it")


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _too_large(size: int, limit: int, *, declared: bool) -> str:
    said = f"{size:,} bytes declared" if declared else f"more than {limit:,} bytes"
    return f"{said}: over the limit of {limit:,} bytes per article (raise it with --max-bytes)"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
