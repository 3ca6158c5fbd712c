"""A process pool that survives its workers: ordered results, every input once.

:func:`ordered_map` runs ``fn`` on each item in ``workers`` spawned processes
(:class:`concurrent.futures.ProcessPoolExecutor`) and yields the results in input order.
Unlike ``multiprocessing.Pool``, a worker that dies (SIGKILL from the out-of-memory killer,
a native abort, a segfault) is noticed at once: the executor reports the break, and

* the item the dead worker held is handed to ``lost(item, reason)`` (the pipeline records
  a Skip: "worker died: SIGKILL while analysing …") and not run again;
* the items the other workers held or had queued are run again on a fresh pool;
* where the dead worker cannot be told apart (every worker ended by SIGTERM), each item in
  hand is run again, and one in hand at two such deaths is lost (never a third run);
* with a ``timeout``, a worker still running one item after that many seconds (a hang: an
  endless loop, a pathological regex) is killed, and its item is lost as "timed out".

A worker whose ``initializer`` raises does not die: it answers every call with
:class:`WorkerStartError`, which :func:`ordered_map` raises in the parent with the
initializer's message, so a missing model ends the run instead of respawning workers
forever. Pools that break :data:`MAX_IDLE_BREAKS` times in a row without finishing an item
(workers dying while they load) raise it too.

Each worker notes the item it is running in a small shared array (its pid, the item's
position and when it started), which is how the parent knows which item a dead worker
held, and for how long.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

__all__ = ["MAX_IDLE_BREAKS", "WorkerStartError", "ordered_map", "signal_name"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MAX_IDLE_BREAKS = 3  # pools broken in a row with nothing finished: the workers cannot start
MAX_SUSPECT = 2  # an item in hand at this many unattributed deaths is lost

_IDLE = -1
# in each worker process: its slot in the shared array, and why its initializer failed
_slots: Any = None
_started: Any = None  # per slot: time.monotonic() when the item in hand started
_slot = -1
_start_error: str | None = None


class WorkerStartError(Exception):
    """A worker's initializer failed (the message is the initializer's error)."""


def signal_name(exitcode: int | None) -> str:
    """``SIGKILL`` for an exit code of -9, ``exit code 3`` for 3, ``unknown`` for None."""
    if exitcode is None:
        return "unknown cause"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _start(
    slots: Any,
    started: Any,
    counter: Any,
    initializer: Callable[..., object] | None,
    args: tuple,
) -> None:
    """Worker start: claim a slot, then run the initializer, keeping its error."""
    global _slots, _started, _slot, _start_error
    with counter.get_lock():
        _slot = counter.value
        counter.value += 1
    _slots, _started = slots, started
    if 2 * _slot + 1 < len(slots):
        slots[2 * _slot] = os.getpid()
        slots[2 * _slot + 1] = _IDLE
    if initializer is None:
        return
    try:
        initializer(*args)
    except Exception as exc:  # reported on every call, raised in the parent
        from slant.errors import SlantError, describe

        _start_error = str(exc) if isinstance(exc, SlantError) else describe(exc)


def _call(fn: Callable[[Any], Any], seq: int, item: Any) -> Any:
    """Worker side of one item: note it in the slot, run ``fn``."""
    if _start_error is not None:
        raise WorkerStartError(_start_error)
    held = _slots is not None and 2 * _slot + 1 < len(_slots)
    if held:
        _started[_slot] = time.monotonic()  # before the item: the parent reads it after
        _slots[2 * _slot + 1] = seq
    try:
        return fn(item)
    finally:
        if held:
            _slots[2 * _slot + 1] = _IDLE


class _Executor:
    """One ProcessPoolExecutor and the shared array its workers note their items in."""

    def __init__(
        self,
        workers: int,
        initializer: Callable[..., object] | None,
        initargs: tuple,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.slots = ctx.Array("q", [0, _IDLE] * workers, lock=False)
        self.started = ctx.Array("d", [0.0] * workers, lock=False)
        counter = ctx.Value("i", 0)
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=ctx,
            initializer=_start,
            initargs=(self.slots, self.started, counter, initializer, initargs),
        )

    def held(self) -> dict[int, int]:
        """``{item position: worker pid}`` for the items the workers are running now."""
        values = list(self.slots)
        return {
            values[i + 1]: values[i] for i in range(0, len(values), 2) if values[i + 1] != _IDLE
        }

    def stop_overdue(self, timeout: float, overdue: dict[int, str]) -> None:
        """Kill each worker whose item has run over ``timeout`` seconds, noting the item in
        ``overdue`` (its position: the reason). The executor then reports the break."""
        values = list(self.slots)
        for slot in range(len(values) // 2):
            pid, seq = values[2 * slot], values[2 * slot + 1]
            if seq == _IDLE or seq in overdue:
                continue
            elapsed = time.monotonic() - self.started[slot]
            if elapsed > timeout and self.slots[2 * slot + 1] == seq:  # still that item
                overdue[seq] = f"timed out (still running after {timeout:g} s)"
                log.info("item %d ran over %g s: its worker %d is killed", seq, timeout, pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:  # gone already
                    pass

    def close(self) -> None:
        """Stop the workers at once. Called when nothing is in flight (or on an error):
        a worker that exits gracefully finalises its models (spaCy, ONNX Runtime), which
        cost 2-2.5 CPU-seconds and 5-7 s for two workers on a busy 2-core machine."""
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        manager = getattr(self.pool, "_executor_manager_thread", None)
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.terminate()
        for p in processes:
            p.join(timeout=5)
        # the executor's manager thread notices the ended workers and stops; wait for it,
        # else it may still be closing its wake-up pipe when the interpreter's exit hook
        # writes to that pipe ("OSError: Bad file descriptor" printed at exit)
        if manager is not None:
            manager.join(timeout=5)

    def close_broken(self) -> tuple[dict[int, int], dict[int, int | None]]:
        """After a break: what each worker held, and each worker's exit code."""
        held = self.held()
        processes = dict(getattr(self.pool, "_processes", None) or {})
        self.pool.shutdown(wait=True, cancel_futures=True)
        for p in processes.values():
            p.join(timeout=5)
        return held, {pid: p.exitcode for pid, p in processes.items()}


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    lost: Callable[[T, str], R],
    initializer: Callable[..., object] | None = None,
    initargs: tuple = (),
    local: Callable[[T], R | None] | None = None,
    window: int | None = None,
    timeout: float | None = None,
) -> Iterator[R]:
    """``fn(item)`` for every item, in ``workers`` processes, yielded in input order.

    Args:
        fn: a picklable (module-level) function; an exception it raises is raised here.
        lost: ``lost(item, how)`` builds the result of an item whose worker died; ``how``
            names the signal or exit code ("SIGKILL").
        initializer: run once in each worker; an exception in it ends the run here as
            :class:`WorkerStartError`.
        local: answers an item in this process when it returns a result (not None), e.g.
            an input already recorded as skipped.
        window: items sent ahead of the one to yield next (default ``4 * workers``): the
            memory bound of the stream.
        timeout: seconds one item may run; its worker is then killed and the item handed
            to ``lost(item, "timed out (still running after N s)")``. None: no limit.

    Raises:
        WorkerStartError: a worker's initializer failed, or workers keep dying at start.
    """
    window = window or 4 * workers
    source = enumerate(items)
    exhausted = False
    retry: deque[tuple[int, T]] = deque()  # sent again, with the others
    solo: deque[tuple[int, T]] = deque()  # sent again alone: in hand at an unclear death
    flight: dict[Future[R], tuple[int, T]] = {}
    done: dict[int, R] = {}
    suspect: Counter[int] = Counter()
    overdue: dict[int, str] = {}  # items whose worker was killed for running too long
    tick = None if not timeout else min(1.0, timeout / 4)
    next_out = 0
    idle_breaks = 0
    executor = _Executor(workers, initializer, initargs)
    try:
        while True:
            submit_failed = False
            room = 0 if solo and flight else window - len(flight)
            batch, ran_out = (
                _to_send(source, retry, solo, room, done, local) if room else ([], False)
            )
            exhausted = exhausted or ran_out
            for n, (seq, item) in enumerate(batch):
                try:
                    flight[executor.pool.submit(_call, fn, seq, item)] = (seq, item)
                except BrokenProcessPool:  # broke since the last wait: settled below
                    retry.extendleft(reversed(batch[n:]))
                    submit_failed = True
                    break
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if not flight and not submit_failed:
                if exhausted and not retry and not solo:
                    break
                continue
            finished, _ = wait(flight, timeout=tick, return_when=FIRST_COMPLETED)
            if timeout:
                executor.stop_overdue(timeout, overdue)
            broken = submit_failed
            for future in finished:
                exc = future.exception()
                if isinstance(exc, BrokenProcessPool):
                    broken = True  # this and every other future in flight: settled below
                    continue
                seq, item = flight.pop(future)
                if exc is not None:
                    raise exc
                done[seq] = future.result()
                idle_breaks = 0
            if broken:
                settled = _settle_break(executor, flight, retry, solo, done, suspect, lost, overdue)
                idle_breaks = 0 if settled else idle_breaks + 1
                if idle_breaks >= MAX_IDLE_BREAKS:
                    raise WorkerStartError(
                        f"worker processes died {idle_breaks} times while starting, before "
                        "analysing anything (out of memory, or a broken model or library?)"
                    )
                executor = _Executor(workers, initializer, initargs)
    finally:
        executor.close()


def _to_send(
    source: Iterator[tuple[int, Any]],
    retry: deque[tuple[int, Any]],
    solo: deque[tuple[int, Any]],
    room: int,
    done: dict[int, Any],
    local: Callable[[Any], Any] | None,
) -> tuple[list[tuple[int, Any]], bool]:
    """The items to submit now, and whether ``source`` ran out: a suspect alone (once
    nothing is in flight: ``room`` is the window), else retries, then new items, up to
    ``room``. Items that ``local`` answers go straight to ``done``."""
    if solo:
        return [solo.popleft()], False
    batch: list[tuple[int, Any]] = []
    while len(batch) < room and retry:
        batch.append(retry.popleft())
    for seq, item in source if len(batch) < room else ():
        answer = local(item) if local is not None else None
        if answer is None:
            batch.append((seq, item))
            if len(batch) >= room:
                return batch, False
        else:
            done[seq] = answer
    else:
        return batch, len(batch) < room


def _settle_break(
    executor: _Executor,
    flight: dict[Future[Any], tuple[int, Any]],
    retry: deque[tuple[int, Any]],
    solo: deque[tuple[int, Any]],
    done: dict[int, Any],
    suspect: Counter[int],
    lost: Callable[[Any, str], Any],
    overdue: dict[int, str],
) -> bool:
    """Sort the items of a broken pool: results kept, the dead worker's item lost, the rest
    sent again (those in hand at a death that cannot be attributed: alone, one by one).
    Returns whether an item was settled (finished or lost) by the break."""
    held, codes = executor.close_broken()
    settled = False
    unsettled: list[tuple[int, Any]] = []
    for future, (seq, item) in list(flight.items()):
        if future.done() and future.exception() is None:
            done[seq] = future.result()
            settled = True
        else:
            unsettled.append((seq, item))
    flight.clear()
    # the worker(s) that died on their own; the rest were ended by the executor (SIGTERM)
    dead = {pid for pid, code in codes.items() if code not in (None, -signal.SIGTERM)}
    attributed = bool(dead)
    if not attributed:
        dead = set(codes)
    for seq, item in sorted(unsettled, key=lambda x: x[0]):
        pid = held.get(seq)
        if seq in overdue:  # its worker was killed for running too long
            done[seq] = lost(item, overdue.pop(seq))
            settled = True
            continue
        if pid is None or pid not in dead:
            retry.append((seq, item))
            continue
        how = signal_name(codes.get(pid))
        suspect[seq] += 1
        if attributed or suspect[seq] >= MAX_SUSPECT:
            if suspect[seq] > 1:
                how += f", {suspect[seq]} workers in a row"
            log.info("a worker died (%s) while running item %d", how, seq)
            done[seq] = lost(item, how)
            settled = True
        else:
            log.info("a worker died (%s); item %d is run again, alone", how, seq)
            solo.append((seq, item))
    return settled
