from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_text() -> str:
    with (EXAMPLES / "kazakhstan_csto_2022.txt").open(encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def pipeline():
    """One default pipeline (spaCy loads once for the whole session)."""
    from slant.config import load_settings
    from slant.pipeline import Pipeline

    return Pipeline(load_settings())
