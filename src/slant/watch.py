"""Watch feeds: poll them every ``interval`` seconds and ingest the items not seen before.

One process, one pipeline loaded once, one article at a time: each article is analysed and
committed on its own (as in :func:`slant.ingest.ingest`), so a stop at any moment leaves
whole articles only. A stop (:class:`slant.fetch.Stopper`, set by SIGINT/SIGTERM) ends the
run after the article in hand, or at once while waiting on the network or between polls.

Feeds are asked with the ETag / Last-Modified of the previous poll; an item is fetched once
per watch (and not at all when the store already has its article, through the URL index).
An item that fails is tried again at the next polls, :data:`MAX_TRIES` times in all.
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slant.article import Article, Skip
from slant.config import Settings
from slant.fetch import Stopped, gather
from slant.ingest import IngestReport, ingest
from slant.pipeline import Pipeline
from slant.scale.inputs import read_inputs

if TYPE_CHECKING:
    from slant.fetch import PageReader
    from slant.store import Store

__all__ = ["MAX_TRIES", "WatchReport", "watch"]

MAX_TRIES = 3


@dataclass
class WatchReport:
    """What a watch did, over all its polls."""

    polls: int = 0
    new: int = 0  # feed items seen for the first time
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0

    def add(self, report: IngestReport) -> None:
        self.stored += report.stored
        self.unchanged += report.unchanged
        self.duplicates += report.duplicates
        self.skipped += report.skipped


def watch(
    feeds: list[str],
    store: Store,
    *,
    web: PageReader,
    settings: Settings | None = None,
    interval: float = 900.0,
    polls: int | None = None,
    on_item: Callable[[Article | Skip | None], None] | None = None,
    on_poll: Callable[[WatchReport, IngestReport, int], None] | None = None,
) -> WatchReport:
    """Poll ``feeds`` until stopped (``web.fetcher.stopper``) or after ``polls`` polls.

    ``on_poll(total, this_poll, n_new)`` is called after each poll.
    """
    settings = (settings or Settings()).with_(story_vectors=True)  # slant stories' vectors
    stopper = web.fetcher.stopper
    pipeline = Pipeline(settings)  # loaded once, on the first article
    pipeline.check()  # but a missing model ends the watch now, not at the first article

    def analyze(items: Any, *, settings: Settings, workers: int) -> Any:
        return pipeline.run(items)

    read = functools.partial(read_inputs, web=web)
    validators: dict[str, Any] = {}
    done: set[str] = set()
    tries: Counter[str] = Counter()
    total = WatchReport()
    try:
        while not stopper.stopped and (polls is None or total.polls < polls):
            started = time.monotonic()
            links = gather(web.fetcher, feeds=feeds, validators=validators)
            for skip in links.skips:  # a feed that could not be read this time
                store.add_skip(skip)
                if on_item is not None:
                    on_item(skip)
            new = [u for u in links.urls if str(u) not in done]
            first_seen = sum(1 for u in new if tries[str(u)] == 0)
            failed: set[str] = set()
            seen = functools.partial(_note, failed=failed, on_item=on_item)
            report = ingest(new, store, settings=settings, on_item=seen, read=read, analyze=analyze)
            report.skipped += len(links.skips)
            for url in map(str, new):
                tries[url] += url in failed
                if url not in failed or tries[url] >= MAX_TRIES:
                    done.add(url)
            total.polls += 1
            total.new += first_seen
            total.add(report)
            if on_poll is not None:
                on_poll(total, report, first_seen)
            if polls is not None and total.polls >= polls:
                break
            stopper.sleep(interval - (time.monotonic() - started))
    except Stopped:
        pass
    return total


def _note(
    item: Article | Skip | None,
    *,
    failed: set[str],
    on_item: Callable[[Article | Skip | None], None] | None,
) -> None:
    if isinstance(item, Skip):
        failed.add(item.source)
    if on_item is not None:
        on_item(item)
