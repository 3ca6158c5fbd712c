"""``--workers auto``, one native thread per worker, progress lines, help texts."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from slant.cli import app
from slant.cli._progress import Progress, format_rate
from slant.errors import UsageError
from slant.scale.workers import (
    WORKER_MEMORY_BYTES,
    auto_workers,
    available_cpus,
    available_memory,
    resolve_workers,
)

runner = CliRunner()
GB = 1024**3


def test_auto_workers_is_capped_by_cores_memory_and_inputs() -> None:
    assert auto_workers(None, cpus=8, memory=100 * GB) == 8
    assert auto_workers(None, cpus=8, memory=3 * GB) == 3  # 0.9 GB per worker
    assert auto_workers(2, cpus=8, memory=100 * GB) == 2  # no idle workers
    assert auto_workers(None, cpus=8, memory=GB // 2) == 1  # always at least one
    assert auto_workers(0, cpus=2, memory=None) == 1
    assert WORKER_MEMORY_BYTES == int(0.9 * GB)


def test_available_cpus_and_memory_are_this_process() -> None:
    assert 1 <= available_cpus() <= len(os.sched_getaffinity(0))
    memory = available_memory()
    assert memory is None or memory > 0
    assert resolve_workers("auto", 1) == 1
    assert resolve_workers("auto") == auto_workers()


@pytest.mark.parametrize("value", ["0", "-1", "many", "1.5", ""])
def test_bad_worker_counts_are_usage_errors(value: str) -> None:
    with pytest.raises(UsageError, match="--workers must be auto or a number"):
        resolve_workers(value)
    assert resolve_workers("3") == 3 and resolve_workers(" AUTO ", 1) == 1


def test_bad_workers_exit_2(fixtures: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "slant", "analyze", str(fixtures), "--workers", "lots"],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert b"--workers must be auto or a number" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_pool_workers_run_one_native_thread() -> None:
    """The processes of a several-worker pool are pinned to one BLAS/OpenMP thread."""
    import multiprocessing

    from threadpoolctl import threadpool_info

    from slant.config import load_settings
    from slant.pipeline import _init_worker

    settings = load_settings(only=("tone",))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1, initializer=_init_worker, initargs=(settings, True)) as pool:
        pools = pool.apply(threadpool_info)
        env = pool.apply(os.getenv, ("OPENBLAS_NUM_THREADS",))
    assert pools, "numpy's BLAS should be loaded in the worker"
    assert {p["num_threads"] for p in pools} == {1}
    assert env == "1"


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=False, width=200), buf


def test_plain_progress_every_n_items_or_interval() -> None:
    now = [0.0]
    console, buf = _console()
    with Progress("analysing", 10, console=console, every=3, clock=lambda: now[0]) as p:
        for _ in range(7):  # 1 s per item: lines after items 3 and 6
            now[0] += 1.0
            p.advance()
    lines = buf.getvalue().splitlines()
    assert lines == [
        "analysing 3/10 in 3.0 s, 1.0 articles/s",
        "analysing 6/10 in 6.0 s, 1.0 articles/s",
    ]
    now[0], buf2 = 0.0, io.StringIO()
    console = Console(file=buf2, force_terminal=False, width=200)
    with Progress("ingesting", None, console=console, clock=lambda: now[0]) as p:
        for _ in range(7):  # 4 s per item: a line once 10 s have passed since the last
            now[0] += 4.0
            p.advance()
    assert buf2.getvalue().splitlines() == [
        "ingesting 3 in 12.0 s, 0.25 articles/s",
        "ingesting 6 in 24.0 s, 0.25 articles/s",
    ]


def test_progress_hidden_and_bar_on_a_terminal() -> None:
    console, buf = _console()
    with Progress("analysing", 3, console=console, show=False, every=1) as p:
        assert list(p.track("abc")) == ["a", "b", "c"]
    assert buf.getvalue() == "" and p.count == 3
    buf = io.StringIO()
    tty = Console(file=buf, force_terminal=True, width=120)
    with Progress("analysing", 3, console=tty) as p:
        for _ in p.track(range(3)):
            pass
    assert "analysing" in buf.getvalue() and "articles/s" in buf.getvalue()
    assert format_rate(0.04) == "0.04" and format_rate(5.55) == "5.5"
    assert format_rate(42.25) == "42.2" and format_rate(0) == "0.0"


def test_results_on_stdout_stay_there_under_the_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """Rich's live bar would route stdout (the command's results) to its console."""
    buf = io.StringIO()
    tty = Console(file=buf, force_terminal=True, width=120)
    with Progress("analysing", 2, console=tty) as p:
        for _ in p.track(range(2)):
            print('{"id": "a"}')
    assert capsys.readouterr().out == '{"id": "a"}\n' * 2
    assert '{"id"' not in buf.getvalue()


def test_analyze_and_ingest_report_rate_and_workers(fixtures: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("article1001.txt", "crlf.txt", "empty.txt"):
        (folder / name).write_bytes((fixtures / name).read_bytes())
    result = runner.invoke(app, ["analyze", str(folder), "--only", "entities", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"analysed 2, skipped 1 in [\d.]+ s \([\d.]+ articles/s, 1 worker\)", result.stderr
    )
    db = tmp_path / "c.db"
    args = ["ingest", str(folder), "--db", str(db), "--only", "entities", "-w", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "stored 2," in result.stderr and "articles/s, 1 worker)" in result.stderr


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every command under ``group`` (typer vendors its own click: duck-typed)."""
    out: list[tuple[str, Any]] = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix}{name}", cmd))
        if hasattr(cmd, "commands"):
            out += _commands(cmd, f"{prefix}{name} ")
    return out


def test_help_texts_keep_their_brackets() -> None:
    """Rich reads [word] in a help text as markup and drops it unless it is escaped."""
    root = typer.main.get_command(app)
    checked = 0
    for name, cmd in _commands(root):
        texts = [getattr(p, "help", None) or "" for p in cmd.params] + [cmd.help or ""]
        wanted = [m for t in texts for m in re.findall(r"\w*\\?\[\w+\]", t)]
        if not wanted:
            continue
        result = runner.invoke(app, [*name.split(), "--help"], terminal_width=300)
        assert result.exit_code == 0, result.output
        for word in wanted:
            assert word.replace("\\", "") in result.output, (name, word)
            checked += 1
    assert checked >= 2  # analyze and ingest name pip install 'slant[ray]'
    result = runner.invoke(app, ["analyze", "--help"], terminal_width=300)
    assert "'slant[ray]'" in result.output and "'slant')" not in result.output
