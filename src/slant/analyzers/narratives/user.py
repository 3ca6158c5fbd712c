"""User narratives (``--narratives FILE``): matched by similarity on the MiniLM encoder.

The file is TOML, one ``[[narrative]]`` table per narrative::

    [[narrative]]
    name = "Sanctions hurt Europe more than Russia"
    description = "Western sanctions backfire on the countries that impose them."
    examples = [
        "Europe is freezing because of its own sanctions.",
        "The sanctions have hit German industry harder than Moscow.",
    ]

Each description and example is embedded once (mean MiniLM state, L2-normalised, the same
states the techniques analyzer reads); a paragraph's similarity to a narrative is its best
cosine to one of them, the article's is its best paragraph's. A logistic map fitted on
SemEval-2025 sub-narratives used as user narratives (``slant eval narratives``) turns the
similarity into a probability.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.errors import ConfigError

__all__ = [
    "UserNarrative",
    "UserNarratives",
    "embed",
    "parse_user_narratives",
    "read_user_narratives",
]


@dataclass(frozen=True, slots=True)
class UserNarrative:
    """One narrative of the user's file."""

    name: str
    description: str
    examples: tuple[str, ...]


def parse_user_narratives(text: str, source: str = "narratives file") -> list[UserNarrative]:
    """The narratives of a TOML document.

    Raises:
        ConfigError: not TOML, no ``[[narrative]]``, a narrative without a name or without
            any description or example, a repeated name, or a field of the wrong type.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from exc
    items = data.get("narrative")
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{source}: no [[narrative]] table")
    out: list[UserNarrative] = []
    for k, item in enumerate(items, 1):
        name = item.get("name")
        desc = item.get("description", "")
        examples = item.get("examples", [])
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{source}: narrative {k} has no name")
        if (
            not isinstance(desc, str)
            or not isinstance(examples, list)
            or not all(isinstance(e, str) for e in examples)
        ):
            raise ConfigError(
                f"{source}: narrative {name!r}: description is text, examples a list of text"
            )
        unknown = set(item) - {"name", "description", "examples"}
        if unknown:
            raise ConfigError(f"{source}: narrative {name!r}: unknown keys {sorted(unknown)}")
        texts = tuple(e.strip() for e in examples if e.strip())
        if not desc.strip() and not texts:
            raise ConfigError(f"{source}: narrative {name!r} needs a description or examples")
        if any(n.name == name.strip() for n in out):
            raise ConfigError(f"{source}: narrative {name!r} is defined twice")
        out.append(UserNarrative(name.strip(), desc.strip(), texts))
    return out


def read_user_narratives(path: Path) -> list[UserNarrative]:
    """:func:`parse_user_narratives` of a file.

    Raises:
        ConfigError: the file cannot be read, or is not a valid narratives file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the narratives file ({exc})") from exc
    return parse_user_narratives(text, str(path))


def embed(encoder: Any, texts: list[str]) -> np.ndarray:
    """L2-normalised mean MiniLM state of each text (rows)."""
    rows = [encoder.encode(t).pool([(0, len(t))])[0] for t in texts]
    return np.vstack(rows) if rows else np.zeros((0, 384), np.float32)


class UserNarratives:
    """The user's narratives with their embedded descriptions and examples.

    Args:
        narratives: parsed narratives.
        vectors: per narrative, its (texts × dim) embeddings.
        calibration: ``(a, b)`` of ``p = sigmoid(a * similarity + b)``.
    """

    def __init__(
        self,
        narratives: list[UserNarrative],
        vectors: list[np.ndarray],
        calibration: tuple[float, float],
    ) -> None:
        self.narratives = narratives
        self.vectors = vectors
        self.a, self.b = calibration

    @classmethod
    def load(cls, path: Path, encoder: Any, calibration: tuple[float, float]) -> UserNarratives:
        """Read and embed a narratives file.

        Raises:
            ConfigError: the file cannot be read or is not a valid narratives file.
        """
        items = read_user_narratives(path)
        vectors = [embed(encoder, [t for t in (n.description, *n.examples) if t]) for n in items]
        return cls(items, vectors, calibration)

    def similarities(self, lines: np.ndarray) -> np.ndarray:
        """(narratives × lines) best cosine of each line to each narrative's texts."""
        out = np.zeros((len(self.narratives), len(lines)), np.float32)
        if len(lines):
            for k, v in enumerate(self.vectors):
                out[k] = (lines @ v.T).max(axis=1)
        return out

    def match(
        self, lines: np.ndarray, ranges: list[tuple[int, int]], min_score: float, k: int = 2
    ) -> list[tuple[str, float, tuple[tuple[int, int], ...]]]:
        """``(name, probability, evidence)`` of every narrative at ``min_score`` or more."""
        sims = self.similarities(lines)
        out = []
        for n, row in zip(self.narratives, sims, strict=True):
            if not len(row):
                continue
            p = float(1.0 / (1.0 + np.exp(-(self.a * row.max() + self.b))))
            if p >= min_score:
                order = np.argsort(-row, kind="stable")[:k]
                out.append((n.name, p, tuple(ranges[i] for i in order)))
        return sorted(out, key=lambda t: -t[1])
