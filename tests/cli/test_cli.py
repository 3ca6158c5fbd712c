from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant import __version__
from slant.cli import app
from slant.schema import validate

runner = CliRunner()


def run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a subprocess (exit codes, stderr, stdin)."""
    return subprocess.run(
        [sys.executable, "-m", "slant", *args], input=input, capture_output=True, timeout=300
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"slant {__version__}"


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "analyze" in result.output
    result = runner.invoke(app, ["analyze", "--help"])
    assert "--workers" in result.output and "--only" in result.output


def test_single_file_gives_one_json_object(fixtures: Path) -> None:
    result = runner.invoke(app, ["analyze", str(fixtures / "article1001.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate(data)
    assert data["id"] == "1001"
    assert data["title"] == "Officials Say Curfew Will Stay in Almaty"
    assert [p["kind"] for p in data["paragraphs"]][:2] == ["title", "body"]


def test_folder_gives_jsonl_with_skips(fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(fixtures), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for obj in lines:
        validate(obj)
    errors = {o["id"]: o["error"] for o in lines if "error" in o}
    assert "binary" in errors["binary"]
    assert "empty" in errors["empty"]
    assert "text is in French (fr, " in errors["french"]
    assert "no article text" in errors["no_article"]
    ok = {o["id"] for o in lines if "error" not in o}
    assert {"1001", "crlf", "page", "a1", "latin1"} <= ok
    assert "skipped" in result.stderr and "binary.txt" in result.stderr


def test_only_and_skip_choose_analyzers(fixtures: Path) -> None:
    result = runner.invoke(app, ["analyze", str(fixtures / "crlf.txt"), "--skip", "entities"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["entities"] == [] and "entities" not in data["analyzers"]
    result = runner.invoke(app, ["analyze", str(fixtures / "crlf.txt"), "--only", "entities"])
    data = json.loads(result.stdout)
    assert data["analyzers"] == ["entities"]
    assert any(e["text"] == "Leeds" for e in data["entities"])


def test_crlf_offsets_survive_the_cli(fixtures: Path) -> None:
    result = runner.invoke(app, ["analyze", str(fixtures / "crlf.txt"), "-f", "jsonl"])
    data = json.loads(result.stdout.splitlines()[0])
    text = (fixtures / "crlf.txt").read_bytes().decode("utf-8")
    assert data["text"] == text
    for e in data["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    assert [p["line"] for p in data["paragraphs"]] == [1, 2, 4]


def test_stdin_and_exit_codes(fixtures: Path) -> None:
    proc = run("analyze", "-", input=(fixtures / "crlf.txt").read_bytes())
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["id"] == "stdin" and "\r\n" in data["text"]

    proc = run("analyze", str(fixtures / "crlf.txt"), "--only", "nosuch")
    assert proc.returncode == 2
    assert b"unknown analyzer 'nosuch'" in proc.stderr
    assert b"Traceback" not in proc.stderr

    proc = run("analyze", str(fixtures / "crlf.txt"), "--format", "xml")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_bad_single_input_is_recorded_with_exit_0(fixtures: Path) -> None:
    proc = run("analyze", str(fixtures / "missing.txt"))
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["id"] == "missing" and "no such file" in data["error"]
    assert b"skipped" in proc.stderr


@pytest.mark.slow
def test_workers_give_the_same_output_in_order(fixtures: Path, tmp_path: Path) -> None:
    one = run("analyze", str(fixtures), "--only", "entities", "--workers", "1")
    two = run("analyze", str(fixtures), "--only", "entities", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) > 10
