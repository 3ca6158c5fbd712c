"""What the fetcher is given and gives back: its options, a fetched response, the error a
URL that cannot be fetched raises, and the stopper that lets a signal end a long run.

:mod:`slant.fetch.client` does the fetching and re-exports these names.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slant.errors import InputError
from slant.version import __version__

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchOptions",
    "Response",
    "Stopped",
    "Stopper",
    "media_type",
]

USER_AGENT = f"slant/{__version__} (news article analysis; obeys robots.txt)"


class FetchError(InputError):
    """A URL that could not be fetched; the message names the URL and the reason."""

    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        super().__init__(f"{url}: {detail}")


class Stopped(BaseException):  # like KeyboardInterrupt: never caught by accident
    """Raised in a network wait when :class:`Stopper` is told to stop (a signal)."""


class Stopper:
    """Lets a signal end a long run: between pages, or at once while waiting on the network.

    ``stop()`` is safe to call from a signal handler. A wait on the network (a request, a
    politeness pause) is abandoned by raising :class:`Stopped` from the handler, since
    nothing has been written yet; anything else (analysis, a database write) finishes first
    and the run stops before the next page.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._waiting = 0

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    @property
    def waiting(self) -> bool:
        """True while a network wait is in progress (a signal may raise :class:`Stopped`)."""
        return self._waiting > 0

    def stop(self) -> None:
        self._event.set()

    def sleep(self, seconds: float) -> None:
        """Sleep, waking at once (with :class:`Stopped`) when told to stop."""
        if seconds > 0:
            with self.network():
                self._event.wait(seconds)

    @contextlib.contextmanager
    def network(self) -> Iterator[None]:
        if self.stopped:
            raise Stopped
        self._waiting += 1
        try:
            yield
        finally:
            self._waiting -= 1
        if self.stopped:
            raise Stopped


@dataclass(frozen=True)
class FetchOptions:
    """How the fetcher behaves; every default is the polite one."""

    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 30.0  # each read, and the whole download
    connect_timeout: float = 10.0  # capped by timeout
    max_redirects: int = 5
    retries: int = 2  # more tries after a 429 or 5xx
    backoff: float = 1.0  # the first wait before a retry; doubles each time
    max_retry_after: float = 60.0  # a longer Retry-After is a skip
    max_crawl_delay: float = 60.0  # robots.txt Crawl-delay honoured up to this
    user_agent: str = USER_AGENT
    keep: Path | None = None  # keep every body fetched here (--keep-html)
    offline: bool = False  # answer from ``keep`` only, never the network
    private: bool = True  # may fetch loopback and private addresses (the web server: no)


@dataclass
class Response:
    """A fetched body (``status`` 200) or a 304 answer to a conditional request."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str  # media type, lower case, without parameters ("" if none)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def media_type(value: str | None) -> str:
    """``"text/html; charset=utf-8"`` → ``"text/html"``."""
    return (value or "").split(";", 1)[0].strip().lower()
