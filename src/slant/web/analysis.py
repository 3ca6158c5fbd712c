"""The server's analysis service: one Pipeline, loaded lazily, run off the event loop.

The pipeline (spaCy and the analyzers' models) is loaded on the first analysis request and
kept for the life of the process. Every analysis runs in one dedicated worker thread, so
only that thread ever touches the pipeline (spaCy and the analyzers need no locking) and
the event loop stays free to serve the reader pages and the listing API meanwhile.

Each request waits at most ``timeout`` seconds (queueing included). A thread cannot be
killed, so an analysis that overruns finishes in the background and its result is dropped;
requests queued behind it are cancelled before they start when their own time runs out.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from slant.article import Article, Skip
from slant.config import Settings
from slant.errors import InputError, ResourceError, SlantError, TooLarge, describe
from slant.readers.names import printable_text

if TYPE_CHECKING:
    from slant.pipeline import Pipeline

__all__ = [
    "AnalysisBusy",
    "AnalysisFailed",
    "AnalysisService",
    "Outcome",
    "read_upload",
    "read_url",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

# How an upload is read, by the suffix of its file name (as for files on disk).
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".pdf", ".docx")


class AnalysisBusy(SlantError):
    """The analysis did not finish within the server's time limit."""


class AnalysisFailed(SlantError):
    """The pipeline could not be loaded or an analyzer failed (a server-side problem)."""


@dataclass
class Outcome:
    """What one analysis request produced: analysed articles and the inputs skipped."""

    articles: list[Article] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    stored: list[int] = field(default_factory=list)  # primary keys, when stored


def read_upload(
    data: bytes, *, suffix: str, id: str, source: str, max_bytes: int
) -> list[Article | Skip]:
    """Decode uploaded bytes exactly like a file of that suffix.

    Raises:
        InputError: the bytes as a whole are unusable (empty, binary, bad UTF-8, too large).
    """
    from slant.readers import read_bytes_as, unreadable

    suffix = suffix.lower() if suffix.lower() in UPLOAD_SUFFIXES else ".txt"
    items: list[Article | Skip] = []
    try:
        items.extend(read_bytes_as(data, suffix=suffix, id=id, source=source, max_bytes=max_bytes))
    except InputError:
        raise
    except Exception as exc:  # per-input isolation: a reader's own error is this input's Skip
        log.warning("reading %s failed", source, exc_info=exc)
        items.append(Skip(id=id, source=source, error=unreadable(source, exc)))
    return items


def read_url(
    url: str, *, max_bytes: int, private: bool = True, timeout: float = 30.0
) -> list[Article | Skip]:
    """Fetch a page given in the reader's form (blocking: run it in a thread) and read it as
    ``slant analyze URL`` does. ``private``: may fetch loopback and private addresses (not
    when the server listens on another interface: visitors must not reach its network).

    Raises:
        InputError: the text is not an http:// or https:// address.
    """
    from slant.errors import MalformedInput
    from slant.fetch import Fetcher, FetchOptions, PageReader
    from slant.readers.names import is_url

    if not is_url(url):
        raise MalformedInput("form", f"not an http:// or https:// address: {url[:200]!r}")
    options = FetchOptions(delay=0.0, timeout=timeout, private=private)
    with PageReader(Fetcher(options)) as web:
        return list(web.read(url, max_bytes=max_bytes))


def read_json_body(obj: Any, *, max_bytes: int) -> list[Article | Skip]:
    """A JSON object ``{"text": ..., "title", "id", "url", "outlet", ...}`` (as one JSON
    Lines record) or a list of such objects.

    Raises:
        InputError: the body is not an object or a list of objects.
    """
    from slant.errors import MalformedInput

    records = obj if isinstance(obj, list) else [obj]
    if not records or not all(isinstance(r, dict) for r in records):
        raise MalformedInput("request", 'send a JSON object {"text": "..."} or a list of them')
    if len(records) == 1 and isinstance(records[0].get("text"), str):
        size = len(records[0]["text"].encode("utf-8", "surrogatepass"))
        if size > max_bytes:  # one article: the size limit is the request's status (413)
            raise TooLarge("request", size, max_bytes)
    lines = "\n".join(_record_line(r) for r in records).encode("utf-8")
    return read_upload(lines, suffix=".jsonl", id="request", source="request", max_bytes=max_bytes)


def _record_line(record: dict[str, Any]) -> str:
    """One JSON Lines record, in ASCII escapes if it holds a lone surrogate (JSON allows
    ``"\\ud800"``, UTF-8 does not; the JSON Lines reader mends it)."""
    line = json.dumps(record, ensure_ascii=False)
    return line if printable_text(line) is line else json.dumps(record)


def _isolated(pipeline: Pipeline, item: Article | Skip) -> Article | Skip:
    """One item through the pipeline, isolated: any failure but a model's is a Skip
    (as :meth:`Pipeline.run_one` records them, whatever the settings' ``on_error``)."""
    if isinstance(item, Skip):
        return item
    try:
        return pipeline(item)
    except InputError as exc:
        return Skip(id=item.id, source=item.source, error=str(exc))
    except ResourceError:
        raise
    except Exception as exc:
        log.error("analysing %s failed", item.id, exc_info=exc)
        where = item.source or item.id
        return Skip(
            id=item.id, source=item.source, error=f"{where}: analysis failed: {describe(exc)}"
        )


class AnalysisService:
    """Runs the pipeline for the web app.

    Args:
        settings: the pipeline's settings (analyzer choice, ``max_bytes``...).
        timeout: seconds one request may wait for its analysis, queueing included.
    """

    def __init__(self, settings: Settings, *, timeout: float = 60.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slant-analysis")
        self._pipeline: Pipeline | None = None
        self._load_error: Exception | None = None
        self._lock = threading.Lock()  # guards the lazy load if called from several threads

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    def _load(self) -> Pipeline:
        with self._lock:
            if self._load_error is not None:  # a missing model stays missing: fail fast
                raise self._load_error
            if self._pipeline is None:
                from slant.pipeline import Pipeline

                try:
                    pipeline = Pipeline(self.settings)
                    pipeline.initialize()
                except Exception as exc:  # a missing or broken model file: say which
                    detail = (
                        str(exc) if isinstance(exc, SlantError) else f"{type(exc).__name__}: {exc}"
                    )
                    self._load_error = AnalysisFailed(
                        f"the analysis pipeline could not be loaded: {detail}"
                    )
                    raise self._load_error from exc
                self._pipeline = pipeline
                log.info("pipeline loaded: %s", pipeline.model_version)
            return self._pipeline

    @property
    def model_version(self) -> str:
        from slant.pipeline import Pipeline

        return (self._pipeline or Pipeline(self.settings)).model_version

    def _analyse_items(self, items: list[Article | Skip]) -> Outcome:
        """In the worker thread: analyse every Article; whatever fails on one input (an
        input problem, an analyzer's error, any exception) is that input's Skip."""
        pipeline = self._load()
        out = Outcome()
        for item in items:
            try:
                result = _isolated(pipeline, item)
            except ResourceError as exc:  # a model that loads lazily (another language)
                raise AnalysisFailed(f"the analysis pipeline could not be loaded: {exc}") from exc
            if isinstance(result, Skip):
                out.skips.append(result)
            else:
                out.articles.append(result)
        return out

    async def _run(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, fn)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise AnalysisBusy(
                f"the analysis did not finish within {self.timeout:g} s "
                "(the server is busy or the text is very long); try again later"
            ) from None

    async def warm_up(self) -> None:
        """Load the pipeline now (in the worker thread) instead of on the first request."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._load)

    async def analyse(self, items: list[Article | Skip]) -> Outcome:
        """Analyse already-read items within the time limit.

        Raises:
            AnalysisBusy: the time limit ran out.
            AnalysisFailed: the pipeline could not load, or an analyzer failed.
        """
        if not self.loaded:
            # loading (spaCy, gazetteers) can take longer than one analysis: not timed
            await self.warm_up()
        return await self._run(lambda: self._analyse_items(items))

    def close(self) -> None:
        """Stop the worker thread (a running analysis is left to finish)."""
        self._executor.shutdown(wait=False, cancel_futures=True)
