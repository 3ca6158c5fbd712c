"""Web pages → Articles: fetched by :mod:`slant.fetch.client`, read by :mod:`slant.readers`.

The content type decides what is read: HTML, plain text, PDF and Word go to the same
readers as files (``read_bytes_as``: trafilatura for HTML, PDF and Word found by their
bytes); an image, audio, video, font or archive is a skip before its body is read; a body
whose type is unnamed or generic is sniffed like a file. A PDF or Word document may be 10×
``max_bytes``, as on disk.

``url``, ``outlet`` and ``published`` come from the page (trafilatura reads its metadata),
then from what the feed or sitemap said (:attr:`slant.readers.Url.hints`), then from the
address itself (the final URL; the host name as the outlet).

With a URL index (the store's, :class:`slant.store.urls.UrlIndex`), a page whose article
is stored is not downloaded again: its stored text is handed on instead, and the ingest
finds it unchanged. With ``revalidate`` (``--reanalyze``) it is asked for again with its
ETag / Last-Modified, and a 304 hands on the stored text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

from slant.article import Article, Skip
from slant.errors import InputError
from slant.fetch.client import Fetcher, FetchError, Response
from slant.readers import DOCUMENT_FACTOR, Url, printable_text, read_bytes_as
from slant.readers.sniff import is_document, sniff

__all__ = ["PageReader", "UrlIndexLike", "page_limit", "short_name"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_TYPES = frozenset({PDF_TYPE, DOCX_TYPE})
# no type, or a generic one: the bytes decide, as for a file
SNIFFED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_REFUSED_FAMILIES = {"image": "an image", "audio": "audio", "video": "a video", "font": "a font"}
_ARCHIVES = ("zip", "gzip", "x-gzip", "x-tar", "x-7z-compressed", "x-rar-compressed", "x-bzip2")
# the store's limits on an id and on a skip's source (a URL may be longer: it is shortened,
# with a hash of the whole so two long URLs stay apart; the full URL is fetched and indexed)
ID_CHARS, SOURCE_CHARS = 500, 1000


def short_name(url: str, limit: int) -> str:
    """``url``, or its first characters and a hash of it when it is longer than ``limit``."""
    if len(url) <= limit:
        return url
    import hashlib

    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{url[: limit - 14]}…#{digest}"


class UrlIndexLike(Protocol):
    """What the page reader needs of a URL index (the store's: slant.store.urls.UrlIndex)."""

    def stored(self, url: str) -> tuple[Article, str | None, str | None] | None:
        """The stored article fetched from ``url`` and its ETag / Last-Modified, if any."""

    def record(self, response: Response, *, kind: str, text: str | None) -> None:
        """Remember what ``url`` answered (and the text read from it)."""


def page_limit(max_bytes: int) -> Any:
    """The size limit for an article page of this media type (raises for refused types)."""

    def limit(ctype: str, head: bytes | None) -> int:
        family, _, sub = ctype.partition("/")
        if family in _REFUSED_FAMILIES:
            raise FetchError("", f"is {_REFUSED_FAMILIES[family]} ({ctype}), not an article")
        if family == "application" and sub in _ARCHIVES:
            raise FetchError("", f"is an archive ({ctype}), not an article")
        documentish = ctype in DOCUMENT_TYPES or ctype in SNIFFED_TYPES
        if head is None:  # before the body: the most this type may ever be
            return DOCUMENT_FACTOR * max_bytes if documentish else max_bytes
        if ctype in DOCUMENT_TYPES or (ctype in SNIFFED_TYPES and is_document(head)):
            return DOCUMENT_FACTOR * max_bytes
        return max_bytes

    return limit


class PageReader:
    """Reads URLs into Articles (or Skips), through one :class:`Fetcher`.

    Args:
        fetcher: the polite client (closed with this reader).
        index: the store's URL index; None (``slant analyze``) downloads every URL.
        revalidate: ask again for stored pages, with their validators (``--reanalyze``).
    """

    def __init__(
        self, fetcher: Fetcher, *, index: UrlIndexLike | None = None, revalidate: bool = False
    ) -> None:
        self.fetcher = fetcher
        self.index = index
        self.revalidate = revalidate
        self.downloaded = 0  # pages whose body was fetched
        self.reused = 0  # stored pages handed on without a download (or after a 304)

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def read(self, url: str, *, max_bytes: int) -> Iterator[Article | Skip]:
        """The article(s) at ``url``; a Skip naming the URL and the reason on failure."""
        if self.fetcher.stopper.stopped:
            return
        hints = url.hints if isinstance(url, Url) else {}
        full = printable_text(str(url))
        source, ident = short_name(full, SOURCE_CHARS), short_name(full, ID_CHARS)
        try:
            stored = self.index.stored(full) if self.index is not None else None
            if stored is not None and not self.revalidate:
                self.reused += 1
                yield stored[0]
                return
            etag, modified = (stored[1], stored[2]) if stored is not None else (None, None)
            response = self.fetcher.get(
                full, limit=_limit_for(source, max_bytes), etag=etag, last_modified=modified
            )
            if response.status == 304 and stored is not None:
                self.reused += 1
                yield stored[0]
                return
            self.downloaded += 1
            items = list(_read(response, id=ident, source=source, max_bytes=max_bytes))
        except InputError as exc:
            message = str(exc).replace(full, source, 1)  # the message starts with the URL
            yield Skip(id=ident, source=source, error=printable_text(message))
            return
        for item in items:
            if isinstance(item, Article):
                _fill(item, hints, response)
        if self.index is not None:
            first = next((i for i in items if isinstance(i, Article)), None)
            self.index.record(response, kind="page", text=first.text if first else None)
        yield from items


def _limit_for(url: str, max_bytes: int) -> Any:
    limit = page_limit(max_bytes)

    def named(ctype: str, head: bytes | None) -> int:
        try:
            return limit(ctype, head)
        except FetchError as exc:  # name the URL in the message
            raise FetchError(url, str(exc).split(": ", 1)[-1]) from None

    return named


def _read(response: Response, *, id: str, source: str, max_bytes: int) -> Iterator[Article | Skip]:
    ctype = response.content_type
    found = sniff(response.body)
    if ctype in HTML_TYPES:
        suffix = ".html"
    elif ctype in DOCUMENT_TYPES or ctype in TEXT_TYPES or ctype in SNIFFED_TYPES:
        suffix = _path_suffix(response.final_url) if ctype in SNIFFED_TYPES else ".txt"
        if ctype == PDF_TYPE:
            suffix = ".pdf"
        elif ctype == DOCX_TYPE:
            suffix = ".docx"
    elif found is not None:  # a mislabelled binary: let the readers name it
        suffix = ""
    else:
        raise FetchError(source, f"is {ctype}, not an article (HTML, text, PDF or Word)")
    yield from read_bytes_as(
        response.body,
        suffix=suffix,
        id=id,
        source=source,
        max_bytes=max_bytes,
        url=response.final_url,
    )


def _path_suffix(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    for suffix in (".html", ".htm", ".pdf", ".docx"):
        if name.endswith(suffix):
            return suffix
    return ".txt"


def _fill(article: Article, hints: dict[str, str], response: Response) -> None:
    """What the page lacks: from the feed or sitemap, then from the address."""
    meta = article.meta
    for k in ("published", "author", "outlet"):
        if not meta.get(k) and hints.get(k):
            meta[k] = hints[k]
    if not article.title and hints.get("title"):
        article.title = hints["title"]
    meta.setdefault("url", response.final_url)
    if not meta.get("outlet"):
        host = urlsplit(response.final_url).hostname or ""
        meta["outlet"] = host.removeprefix("www.") or None  # type: ignore[assignment]
        if meta["outlet"] is None:
            del meta["outlet"]
