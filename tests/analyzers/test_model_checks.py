"""The cheap ``check()`` of the quotes and roles analyzers: a missing model file is named,
with the command that builds it, before any input is read and before any model loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from slant.analyzers.quotes import QuotesAnalyzer, model_dir_default
from slant.analyzers.roles import RolesAnalyzer
from slant.analyzers.roles.analyzer import default_model_dir
from slant.config import Settings
from slant.errors import ResourceError
from slant.pipeline import Pipeline


@pytest.mark.parametrize(
    ("method", "missing", "command"),
    [
        ("crf", "attribution.npz", "slant train quotes"),
        ("minilm", "attribution-int8.onnx", "slant train attribution"),
    ],
)
def test_quotes_check_names_the_missing_file_and_the_command(tmp_path, method, missing, command):
    settings = Settings(
        only=("entities", "quotes"),
        analyzers={"quotes": {"method": method, "model_dir": str(tmp_path)}},
    )
    with pytest.raises(ResourceError) as info:
        Pipeline(settings).check()
    message = str(info.value)
    assert message.startswith("analyzer 'quotes' cannot load:") and "\n" not in message
    assert str(tmp_path / missing) in message and f"`{command}`" in message


def test_quotes_check_passes_on_the_shipped_model_and_for_the_rules():
    QuotesAnalyzer().check()
    QuotesAnalyzer(method="rules", model_dir="/nonexistent").check()
    assert (Path(model_dir_default()) / "attribution.npz").is_file()


def test_roles_check_names_each_missing_file(tmp_path: Path):
    RolesAnalyzer().check()  # the shipped model
    with pytest.raises(ResourceError, match=r"roles\.json is missing; run `slant train roles`"):
        RolesAnalyzer(model_dir=str(tmp_path)).check()
    shutil.copy(default_model_dir() / "roles.json", tmp_path / "roles.json")
    settings = Settings(
        only=("entities", "roles"), analyzers={"roles": {"model_dir": str(tmp_path)}}
    )
    with pytest.raises(ResourceError) as info:
        Pipeline(settings).check()
    assert str(info.value).startswith("analyzer 'roles' cannot load:")
    assert str(tmp_path / "roles.npz") in str(info.value)
