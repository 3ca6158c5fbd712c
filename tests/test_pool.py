"""slant.pool: a worker that dies costs only the item it held; a worker that cannot start
ends the run. The worker functions live here, so the spawned workers import this module."""

from __future__ import annotations

import os
import signal
import time

import pytest

from slant.pool import MAX_IDLE_BREAKS, WorkerStartError, ordered_map, signal_name


def work(item: str) -> str:
    """Upper-cases an item, or dies the way the item says."""
    if item.startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer's signal
    if item.startswith("abort"):
        os.abort()  # a native crash ("memory allocation of 1 bytes failed")
    if item.startswith("term"):
        os.kill(os.getpid(), signal.SIGTERM)  # looks like the executor's own shutdown
    if item.startswith("error"):
        raise ValueError(item)
    if item.startswith("hang"):
        time.sleep(3600)  # an endless loop, a pathological regex
    time.sleep(0.02)
    return item.upper()


def failing_start() -> None:
    raise RuntimeError("model file /nowhere/model.json is missing; run `slant train x`")


def dying_start() -> None:
    os._exit(3)


def lost(item: str, how: str) -> str:
    return f"lost {item}: {how}"


def _run(items: list[str], **kwargs: object) -> list[str]:
    return list(ordered_map(work, items, workers=2, lost=lost, **kwargs))  # type: ignore[arg-type]


def test_results_come_in_input_order() -> None:
    items = [f"item{i}" for i in range(25)]
    assert _run(items) == [i.upper() for i in items]


def test_a_killed_worker_costs_only_its_item() -> None:
    items = ["a", "b", "kill", "c", "d", "abort", "e", "f", "g"]
    out = _run(items)
    assert out == ["A", "B", "lost kill: SIGKILL", "C", "D", "lost abort: SIGABRT", "E", "F", "G"]


def test_an_item_that_kills_two_workers_is_not_run_a_third_time() -> None:
    """A death by SIGTERM cannot be told from the executor's own shutdown: the items in
    hand are run again alone, and the one that kills its worker again is lost."""
    calls_before = time.monotonic()
    out = _run(["a", "term", "b", "c", "d"])
    assert out == ["A", "lost term: SIGTERM, 2 workers in a row", "B", "C", "D"]
    assert time.monotonic() - calls_before < 60


def test_an_item_over_the_timeout_costs_only_itself() -> None:
    """Before, a hung item hung the whole run: no timeout, the parent waited for ever."""
    started = time.monotonic()
    out = _run(["a", "hang", "b", "c", "hang2", "d"], timeout=2)
    assert out == [
        "A",
        "lost hang: timed out (still running after 2 s)",
        "B",
        "C",
        "lost hang2: timed out (still running after 2 s)",
        "D",
    ]
    assert time.monotonic() - started < 90


def test_a_timeout_leaves_slow_items_alone() -> None:
    assert _run([f"item{i}" for i in range(6)], timeout=30) == [f"ITEM{i}" for i in range(6)]


def test_local_answers_skip_the_workers() -> None:
    out = list(
        ordered_map(
            work,
            ["a", "kill", "b"],
            workers=2,
            lost=lost,
            local=lambda item: "local" if item == "kill" else None,
        )
    )
    assert out == ["A", "local", "B"]


def test_an_initializer_error_ends_the_run_with_its_message() -> None:
    started = time.monotonic()
    with pytest.raises(WorkerStartError, match=r"model\.json is missing; run `slant train x`"):
        _run(["a", "b", "c"], initializer=failing_start)
    assert time.monotonic() - started < 30  # no endless respawning


def test_workers_dying_at_start_end_the_run() -> None:
    with pytest.raises(WorkerStartError, match=f"died {MAX_IDLE_BREAKS} times while starting"):
        _run(["a", "b"], initializer=dying_start)


def test_an_exception_of_the_function_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="error1"):
        _run(["a", "error1", "b"])


def test_no_items() -> None:
    assert _run([]) == []


def test_signal_names() -> None:
    assert signal_name(-9) == "SIGKILL"
    assert signal_name(-6) == "SIGABRT"
    assert signal_name(3) == "exit code 3"
    assert signal_name(None) == "unknown cause"
