"""Nothing stops or hangs a run: per-input isolation, fail-fast models, dead workers.

Each test here failed on the code before issue 22: an unexpected exception in one article
ended the batch, a missing model made the pool respawn workers for ever, a killed worker
hung the run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from slant.article import Article, Skip
from slant.config import Settings
from slant.errors import AnalyzerError, ResourceError
from slant.pipeline import Pipeline, analyze_items
from slant.readers.txt import article_from_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "kazakhstan_csto_2022.txt"
SLANT = [sys.executable, "-m", "slant"]
TEXT = (
    "The mayor said on Monday that the harbour bridge would reopen in May after two "
    "years of repairs, officials said. Engineers replaced the cables."
)


class Exploding:
    """An analyzer that raises ``exc`` on articles whose text holds ``trigger``."""

    name = "exploding"
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset({"tone"})

    def __init__(self, exc: BaseException, trigger: str = "BOOM") -> None:
        self.exc, self.trigger = exc, trigger

    def initialize(self) -> None:
        pass

    def __call__(self, article: Article) -> None:
        if self.trigger in article.text:
            raise self.exc


def _pipeline(exc: BaseException, on_error: str = "record") -> Pipeline:
    pipeline = Pipeline(Settings(only=("tone",), on_error=on_error))
    pipeline.analyzers[0] = Exploding(exc)  # type: ignore[assignment]
    return pipeline


def _article(i: int, text: str = TEXT) -> Article:
    return article_from_text(text, id=f"a{i}", source=f"a{i}.txt", format="text")


@pytest.mark.parametrize(
    "exc",
    [
        RecursionError("maximum recursion depth exceeded"),
        OverflowError("int too large to convert to float"),
        MemoryError(),
        KeyError("library internals"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_any_exception_in_one_article_is_its_skip(exc: BaseException) -> None:
    pipeline = _pipeline(exc)
    items = [_article(0), _article(1, TEXT + " BOOM"), _article(2)]
    out = list(pipeline.run(items))
    assert [type(o) for o in out] == [Article, Skip, Article]
    assert type(exc).__name__ in out[1].error
    assert "\n" not in out[1].error
    assert not out[1].error.endswith(":")  # MemoryError() says nothing: no empty ": "


def test_a_long_multiline_failure_is_a_short_one_line_reason() -> None:
    out = _pipeline(ValueError("line one\n" + "x" * 5000)).run_one(_article(0, TEXT + " BOOM"))
    assert isinstance(out, Skip) and "\n" not in out.error and len(out.error) < 400
    assert out.error.startswith("a0: analyzer 'tone' failed: ValueError: line one x")


def test_a_failure_outside_the_analyzers_is_the_articles_skip(monkeypatch: Any) -> None:
    """The cleaner, the parse or the language check can raise too."""
    import slant.pipeline

    real = slant.pipeline.clean

    def clean(article: Article) -> None:
        if "BOOM" in article.text:
            raise OverflowError("cannot fit 'int' into an index-sized integer")
        real(article)

    monkeypatch.setattr(slant.pipeline, "clean", clean)
    pipeline = Pipeline(Settings(only=("tone",), on_error="record"))
    out = list(pipeline.run([_article(0, TEXT + " BOOM"), _article(1)]))
    assert isinstance(out[0], Skip) and isinstance(out[1], Article)
    assert out[0].error == (
        "a0.txt: analysis failed: OverflowError: cannot fit 'int' into an index-sized integer"
    )


def test_keyboard_interrupt_still_stops_the_run() -> None:
    pipeline = _pipeline(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        list(pipeline.run([_article(0, TEXT + " BOOM")]))


def test_on_error_raise_still_raises() -> None:
    pipeline = _pipeline(ValueError("bad"), on_error="raise")
    with pytest.raises(AnalyzerError, match="ValueError: bad"):
        pipeline.run_one(_article(0, TEXT + " BOOM"))


def test_a_model_that_fails_to_load_is_the_runs_error(monkeypatch: Any) -> None:
    """Not one Skip per article: the run ends, naming the analyzer."""
    pipeline = Pipeline(Settings(only=("tone",), on_error="record"))

    def broken() -> None:
        raise OSError("vader_lexicon.txt: truncated file")

    monkeypatch.setattr(pipeline.analyzers[0], "initialize", broken)
    with pytest.raises(ResourceError, match=r"analyzer 'tone' cannot load: OSError: vader"):
        pipeline.run_one(_article(0))


def _missing_model_settings(folder: Path) -> Settings:
    return Settings(
        only=("techniques",),
        on_error="record",
        analyzers={"techniques": {"model_dir": str(folder)}},
    )


def test_check_names_the_analyzer_the_file_and_the_command(tmp_path: Path) -> None:
    with pytest.raises(ResourceError) as info:
        Pipeline(_missing_model_settings(tmp_path)).check()
    message = str(info.value)
    assert message.startswith("analyzer 'techniques' cannot load:")
    assert str(tmp_path / "model.json") in message and "slant train techniques" in message


def test_a_missing_model_ends_the_run_before_any_input_is_read(tmp_path: Path) -> None:
    read: list[int] = []

    def items() -> Any:
        for i in range(3):
            read.append(i)
            yield _article(i)

    for workers in (1, 2):
        with pytest.raises(ResourceError, match=r"model\.json is missing"):
            list(
                analyze_items(items(), settings=_missing_model_settings(tmp_path), workers=workers)
            )
    assert read == []


def test_a_model_that_workers_cannot_load_ends_the_run(tmp_path: Path) -> None:
    """The files are there (the cheap check passes) but broken: each worker's initialize
    fails, and the run ends with that error instead of respawning workers for ever."""
    (tmp_path / "model.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "weights.npz").write_bytes(b"not a zip")
    settings = _missing_model_settings(tmp_path)
    started = time.monotonic()
    with pytest.raises(ResourceError, match=r"analyzer 'techniques' cannot load: JSONDecodeError"):
        list(analyze_items([_article(i) for i in range(4)], settings=settings, workers=2))
    assert time.monotonic() - started < 120


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*SLANT, *args], capture_output=True, text=True, timeout=300, env=env, **kwargs
    )


def test_cli_missing_model_exits_2_with_one_line_within_10_s(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(TEXT, encoding="utf-8")
    config = tmp_path / "slant.toml"
    config.write_text(f'[analyzers.techniques]\nmodel_dir = "{tmp_path / "none"}"\n')
    for extra in (["--config", str(config)], ["--profile", "accurate"]):
        if extra[0] == "--profile":
            from slant.analyzers.techniques.analyzer import ACCURATE_DIR

            if (ACCURATE_DIR / "model.json").exists():
                continue  # built here: the --config case covers a missing model
        started = time.monotonic()
        proc = _run(["analyze", str(folder), "-w", "2", *extra])
        elapsed = time.monotonic() - started
        assert proc.returncode == 2, proc.stderr
        assert elapsed < 10, elapsed
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert "analyzer 'techniques'" in lines[0] and "model.json is missing" in lines[0]
        assert "slant train" in lines[0] and proc.stdout == ""


def test_cli_deep_json_record_is_one_skip_and_the_batch_goes_on(tmp_path: Path) -> None:
    """The issue's case: 50,000 nested arrays in one record's metadata."""
    path = tmp_path / "deep.jsonl"
    deep = "[" * 50_000 + "]" * 50_000
    lines = [
        json.dumps({"id": "first", "text": TEXT}),
        '{"id": "j", "text": "' + TEXT + '", "meta": ' + deep + "}",
        json.dumps({"id": "last", "text": TEXT}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _run(["analyze", str(path), "--only", "tone", "-w", "2"])
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["first", "deep:2", "last"]
    assert "nested 50,001 levels deep" in out[1]["error"]


def _worker_pids(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    pids = []
    for child in children:
        try:
            if b"multiprocessing-fork" in Path(f"/proc/{child}/cmdline").read_bytes():
                pids.append(int(child))
        except OSError:
            continue
    return pids


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_cli_run_survives_a_worker_killed_from_outside(tmp_path: Path) -> None:
    """What the out-of-memory killer does: SIGKILL to one worker mid-run. Before, the run
    wrote what it had and then waited for ever."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    n = 10
    for i in range(n):
        (folder / f"a{i:02d}.txt").write_text(f"Story {i}\n\n" + (text + "\n") * 4, "utf-8")
    out_path = tmp_path / "out.jsonl"
    args = ["analyze", str(folder), "--only", "entities", "-w", "2", "-o", str(out_path)]
    proc = subprocess.Popen(
        [*SLANT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    killed = None
    deadline = time.monotonic() + 240
    while proc.poll() is None and killed is None and time.monotonic() < deadline:
        time.sleep(0.1)
        written = out_path.read_text().count("\n") if out_path.exists() else 0
        workers = _worker_pids(proc.pid)
        if 1 <= written <= n - 3 and workers:
            os.kill(workers[0], signal.SIGKILL)
            killed = workers[0]
    _, stderr = proc.communicate(timeout=300)
    assert killed is not None, "the run ended before a worker could be killed"
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    rows = [json.loads(line) for line in out_path.read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"a{i:02d}" for i in range(n)]  # each once, in order
    errors = [r for r in rows if "error" in r]
    assert len(errors) <= 1  # the article the dead worker held, if it held one
    for row in errors:
        assert "worker died: SIGKILL while analysing" in row["error"]
        assert "worker died: SIGKILL" in stderr
    assert all(r.get("entities") for r in rows if "error" not in r)


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "notes.dat").write_text(TEXT, encoding="utf-8")
    (folder / "story").write_text(TEXT, encoding="utf-8")
    (folder / "sub" / "img.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    return folder


def test_cli_names_the_files_it_does_not_read(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    proc = _run(["analyze", str(folder), "--only", "tone", "-w", "1"])
    assert proc.returncode == 0, proc.stderr
    assert (
        "3 files not read: unknown type — notes.dat, story, img.bin "
        "(--all-files reads them by content)" in proc.stderr
    )
    assert "analysed 1, skipped 0, not read 3 in" in proc.stderr
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["a"]
    proc = _run(["analyze", str(folder), "--only", "tone", "-w", "1", "--all-files"])
    out = [json.loads(x) for x in proc.stdout.split("\n")[:-1]]
    assert [o["id"] for o in out] == ["a", "notes", "story", "img"]
    assert "looks like a PNG image" in out[3]["error"] and "not read" not in proc.stderr


def test_cli_ingest_names_the_files_it_does_not_read(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    db = str(tmp_path / "c.db")
    proc = _run(["ingest", str(folder), "--db", db, "--only", "tone", "-w", "1"])
    assert proc.returncode == 0, proc.stderr
    assert "3 files not read: unknown type — notes.dat, story, img.bin" in proc.stderr
    assert "stored 1," in proc.stderr and ", not read 3 →" in proc.stderr
    proc = _run(["ingest", str(folder), "--db", db, "--only", "tone", "-w", "1", "--all-files"])
    assert "not read" not in proc.stderr and "duplicate texts 2" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "{folder}", "--db", "{db}"],
        ["watch", "http://127.0.0.1:9/feed.xml", "--db", "{db}", "--polls", "1"],
        ["serve", "--db", "{db}", "--port", "9"],
        ["analyze", "{folder}", "--engine", "ray", "-w", "1"],
    ],
    ids=["ingest", "watch", "serve", "ray"],
)
def test_every_command_fails_fast_on_a_missing_model(tmp_path: Path, args: list[str]) -> None:
    """--profile accurate while that model is not built: exit 2 and one line, at once."""
    from slant.analyzers.techniques.analyzer import ACCURATE_DIR

    if (ACCURATE_DIR / "model.json").exists():
        pytest.skip("the accurate model is built here")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    filled = [a.format(folder=folder, db=tmp_path / "c.db") for a in args]
    started = time.monotonic()
    proc = _run([*filled, "--profile", "accurate"])
    assert proc.returncode == 2, proc.stderr
    assert time.monotonic() - started < 30
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "analyzer 'techniques' (profile accurate) cannot load" in lines[0]
    assert "model.json is missing" in lines[0]


@pytest.mark.parametrize("name", ["genre", "frames"])
def test_check_finds_a_missing_article_model(tmp_path: Path, name: str) -> None:
    settings = Settings(only=(name,), analyzers={name: {"model": str(tmp_path / "none.npz")}})
    with pytest.raises(ResourceError, match=f"analyzer '{name}' cannot load: {name} model not"):
        Pipeline(settings).check()


def test_timeout_setting_and_the_skip_it_records(monkeypatch: Any) -> None:
    """``Settings.timeout`` (SLANT_TIMEOUT, ``timeout`` in slant.toml) bounds one article in
    a worker; the article it stops is recorded with the reason, not as a crash."""
    from slant.config import load_settings
    from slant.errors import ConfigError
    from slant.pipeline import _lost

    assert Settings().timeout == 600
    monkeypatch.setenv("SLANT_TIMEOUT", "2.5")
    assert load_settings().timeout == 2.5
    monkeypatch.setenv("SLANT_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match="SLANT_TIMEOUT must be a number"):
        load_settings()
    skip = _lost(_article(3), "timed out (still running after 2.5 s)")
    assert skip.error.startswith("a3.txt: analysis timed out (still running after 2.5 s);")
    assert "worker died" not in skip.error
