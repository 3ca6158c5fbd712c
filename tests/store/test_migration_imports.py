"""Migrations stand alone: none imports an analyzer, a model, the trainer or the pipeline.

A migration runs against stores written by older versions, long after the analyzers have
changed; whatever data it needs (e.g. 0003's cue classes) is frozen inside its own file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import slant.store

VERSIONS = Path(slant.store.__file__).parent / "migrations" / "versions"
FORBIDDEN = ("slant.analyzers", "slant.training", "slant.pipeline", "slant.nlp")


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


MIGRATIONS = sorted(VERSIONS.glob("[0-9]*.py"))


def test_there_are_migrations_to_check() -> None:
    assert len(MIGRATIONS) >= 4


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: p.stem)
def test_migration_imports_no_analyzer_trainer_or_pipeline(path: Path) -> None:
    bad = [n for n in _imports(path) if n == "slant" or n.startswith(FORBIDDEN)]
    assert not bad, f"{path.name} imports {bad}: freeze the data it needs inside the migration"


def test_frozen_cue_classes_match_the_revision() -> None:
    """0003's frozen cue classes give the classes the quotes analyzer gave stored cues."""
    import importlib.util

    path = next(VERSIONS.glob("0003_*.py"))
    spec = importlib.util.spec_from_file_location("m0003", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases = {
        ("said", "indirect"): "speech",
        ("has also said", "indirect"): "speech",
        ("believes", "indirect"): "thought/belief",
        ("vowed", "indirect"): "intention",
        ("commenting on", "indirect"): "other",
        ("according to", "indirect"): "speech",
        (None, "direct"): "speech",
        (None, "indirect"): "other",
        (":", "direct"): "speech",
        ("opposed", "indirect"): "other",
    }
    for (cue, kind), expected in cases.items():
        assert module.cue_class(cue, kind) == expected, (cue, kind)
