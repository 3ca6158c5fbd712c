"""Ingest: read → skip what the store already has → analyse → store, resumably.

Every article is committed on its own, so an ingest killed at any moment (even SIGKILL)
resumes where it stopped: stored texts are recognised by their content hash and not
analysed again; the article that was in flight is analysed again from scratch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from slant.article import Article, Skip
from slant.config import Settings
from slant.pipeline import Pipeline, analyze_items
from slant.readers import read_paths
from slant.store import Store
from slant.store.mapping import content_hash

__all__ = ["IngestReport", "ingest"]


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: int = 0  # analysed and written (new or re-analysed)
    unchanged: int = 0  # already stored with the current model version
    duplicates: int = 0  # same text seen twice in this run
    skipped: int = 0  # recorded as skips
    model_version: str = ""


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    reanalyze: bool = False,
    on_item: Callable[[Article | Skip | None], None] | None = None,
    read: Callable[..., Iterable[Article | Skip]] = read_paths,
    analyze: Callable[..., Iterable[Article | Skip]] = analyze_items,
) -> IngestReport:
    """Analyse and store every input; returns counts of what happened.

    Args:
        reanalyze: re-analyse stored texts whose model version differs from the current
            pipeline's (otherwise stored texts are left as they are).
        on_item: called once per input (``None`` for inputs needing no analysis), for
            progress bars.
        read: ``read(paths, max_bytes=...)`` → Articles and Skips (the engine's reader).
        analyze: ``analyze(items, settings=..., workers=...)`` → results in input order
            (the local process pool by default; the Ray engine passes its own).

    Raises:
        ResourceError: a model is missing or broken (before any input is read).
    """
    # the analysis workers also compute each article's vector for slant stories
    settings = (settings or Settings()).with_(story_vectors=True)
    pipeline = Pipeline(settings)
    pipeline.check()  # a missing model ends the run before anything is read or stored
    report = IngestReport(model_version=pipeline.model_version)
    known = store.known_hashes()
    seen: set[str] = set()

    def todo() -> Iterator[Article | Skip]:
        for item in read(paths, max_bytes=settings.max_bytes):
            if isinstance(item, Skip):
                yield item
                continue
            digest = content_hash(item.text)
            if digest in seen:
                report.duplicates += 1
                _notify(None)
                continue
            seen.add(digest)
            stored_version = known.get(digest)
            if stored_version is not None and (
                not reanalyze or stored_version == report.model_version
            ):
                report.unchanged += 1
                _notify(None)
                continue
            yield item

    def _notify(item: Article | Skip | None) -> None:
        if on_item is not None:
            on_item(item)

    for result in analyze(todo(), settings=settings, workers=workers):
        if isinstance(result, Article):
            store.add(result, model_version=report.model_version)
            report.stored += 1
        else:
            store.add_skip(result)
            report.skipped += 1
        _notify(result)
    return report
