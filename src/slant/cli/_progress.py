"""Progress on stderr for long runs (``analyze``, ``ingest``).

On a terminal: a Rich bar with the count, rate, elapsed and remaining time. Elsewhere
(logs, CI, ``nohup``): a plain line every ``every`` items or ``interval`` seconds,
whichever comes first, so a log shows the run is alive without flooding it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import ProgressColumn, Task
from rich.text import Text

from slant.cli._console import err

__all__ = ["AllFilesOption", "Progress", "format_rate", "report_unread"]

T = TypeVar("T")

AllFilesOption = Annotated[
    bool,
    typer.Option(
        "--all-files",
        help="Read every file of a folder, whatever its name, by its content (PDF and Word "
        "by their bytes, HTML by its first tag, the rest as text or refused as binary). "
        "Without it, files of other types are counted and named on stderr.",
    ),
]
_NAMED = 10  # unread files named on stderr; the rest are counted


def report_unread(unread: Sequence[Path], console: Console = err) -> None:
    """Say on stderr, in one line, which files of the given folders no reader takes."""
    if not unread:
        return
    from slant.readers import printable_path

    names = ", ".join(printable_path(Path(p.name)) for p in unread[:_NAMED])
    more = f" and {len(unread) - _NAMED} more" if len(unread) > _NAMED else ""
    n = len(unread)
    console.print(
        f"{n} file{'s' * (n > 1)} not read: unknown type — {names}{more} "
        "(--all-files reads them by content)",
        markup=False,
        highlight=False,
    )


class _Rate(ProgressColumn):
    """Items per second over the whole run so far (Rich's own speed is a short window)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{format_rate(rate)} articles/s", style="progress.data.speed")


class Progress:
    """Counts items as they finish and reports them on ``console`` (stderr).

    Use as a context manager; call :meth:`advance` per item or wrap an iterator with
    :meth:`track`. ``show=False`` counts silently (one input needs no progress).
    """

    def __init__(
        self,
        verb: str,
        total: int | None = None,
        *,
        show: bool = True,
        console: Console = err,
        every: int = 100,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.verb, self.total, self.console = verb, total, console
        self.every, self.interval, self.clock = every, interval, clock
        self.count = 0
        self.started = clock()
        self._last_count, self._last_time = 0, self.started
        self._bar: Any = None
        self._task: Any = None
        self._plain = show and not console.is_terminal
        if show and console.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn(verb),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
                # Rich would send what the command writes to stdout (its results) to this
                # console, i.e. to stderr
                redirect_stdout=False,
                redirect_stderr=False,
            )

    @property
    def elapsed(self) -> float:
        """Seconds since the start."""
        return self.clock() - self.started

    @property
    def rate(self) -> float:
        """Items per second since the start."""
        elapsed = self.elapsed
        return self.count / elapsed if elapsed > 0 else 0.0

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task(self.verb, total=self.total)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more finished items (and report, when it is time)."""
        self.count += n
        if self._bar is not None:
            self._bar.advance(self._task, n)
        elif self._plain:
            now = self.clock()
            if (
                self.count - self._last_count >= self.every
                or now - self._last_time >= self.interval
            ):
                self._last_count, self._last_time = self.count, now
                self.console.print(self.line(), markup=False, highlight=False)

    def line(self) -> str:
        """The plain progress line: count (of total), elapsed time and rate."""
        of = f"/{self.total}" if self.total is not None else ""
        rate = format_rate(self.rate)
        return f"{self.verb} {self.count}{of} in {_duration(self.elapsed)}, {rate} articles/s"

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, counting each one after the consumer is done with it."""
        for item in items:
            yield item
            self.advance()


def _duration(seconds: float) -> str:
    """``42.0 s`` below a minute, then ``3 min 05 s``, then ``1 h 02 min``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_rate(rate: float) -> str:
    """A rate with one decimal (5.5, 42.3), or two significant digits below 1 (0.25, 0.04)."""
    return f"{rate:.2g}" if 0 < rate < 1 else f"{rate:.1f}"
