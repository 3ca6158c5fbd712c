"""--profile on the commands that analyse: recorded in the output, bad values refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from slant.cli import app

runner = CliRunner()


def test_profile_fast_is_the_default_and_is_recorded(fixtures: Path) -> None:
    for extra in ([], ["--profile", "fast"]):
        result = runner.invoke(
            app, ["analyze", str(fixtures / "article1001.txt"), "--only", "tone", *extra]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["profile"] == "fast"


def test_profile_unknown_is_a_usage_error(fixtures: Path) -> None:
    path = str(fixtures / "article1001.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "slant", "analyze", path, "--profile", "x"],
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert b"profile must be 'fast' or 'accurate', not 'x'" in proc.stderr


def test_profile_is_offered_by_every_analysing_command() -> None:
    for command in ("analyze", "ingest", "serve", "watch"):
        result = runner.invoke(app, [command, "--help"])
        assert "--profile" in result.output, command
