"""``slant train/eval techniques --lang``: the Russian commands, and bad values refused."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from slant.cli import app
from slant.errors import UsageError

runner = CliRunner()


@pytest.mark.parametrize("command", ["train", "eval"])
def test_techniques_lang_option_is_listed(command: str) -> None:
    result = runner.invoke(app, [command, "techniques", "--help"])
    assert result.exit_code == 0
    assert "--lang" in result.output


@pytest.mark.parametrize("command", ["train", "eval"])
def test_techniques_unknown_lang_is_a_usage_error(command: str, tmp_path) -> None:
    result = runner.invoke(app, [command, "techniques", "--lang", "de", "--data", str(tmp_path)])
    assert isinstance(result.exception, UsageError)
    assert "--lang must be en or ru" in str(result.exception)


@pytest.mark.parametrize("command", ["train", "eval"])
def test_techniques_ru_without_data_is_a_usage_error(command: str, tmp_path) -> None:
    """Without the SemEval folder there is nothing to fit or score: a usage error names it."""
    result = runner.invoke(app, [command, "techniques", "--lang", "ru", "--data", str(tmp_path)])
    assert isinstance(result.exception, UsageError)
    assert "semeval2023-task3" in str(result.exception)
    assert "micro_f1" not in result.output
