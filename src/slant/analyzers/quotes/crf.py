"""The linear-chain CRFs of the attribution tagger: inference and model files.

:class:`LinearCRF` scores and decodes with weights exported from crfsuite
(``slant train quotes``); :func:`save_models` / :func:`load_models` write and read both
models (cue and role) as one ``attribution.npz`` of strings and float arrays (no pickle).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "MODEL_FILE",
    "RESOURCE_DIR",
    "LinearCRF",
    "load_models",
    "model_dir_default",
    "save_models",
]

RESOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "quotes"
MODEL_FILE = "attribution.npz"


class LinearCRF:
    """A linear-chain CRF for inference only: weights exported from a crfsuite model.

    Emission scores are summed per token from a feature → row table, so the features of a
    token that do not depend on the cue are scored once per article, not once per cue; all
    sequences of an article are decoded together (one batched Viterbi).
    """

    def __init__(
        self, labels: Sequence[str], attrs: Sequence[str], weights: Any, trans: Any
    ) -> None:
        import numpy as np

        self.labels = list(labels)
        self.index = {a: i for i, a in enumerate(attrs)}
        # one extra zero row: the score of a feature the model never kept
        self.weights = np.vstack([weights, np.zeros((1, len(self.labels)))]).astype(np.float64)
        self.trans = np.asarray(trans, dtype=np.float64)
        self._none = len(attrs)

    def share_index(self, other: LinearCRF) -> LinearCRF:
        """Re-index onto the union of both feature tables, so one lookup serves both."""
        import numpy as np

        mine = sorted(self.index, key=self.index.__getitem__)
        n_other = len(other.index)
        for a in mine:
            other.index.setdefault(a, len(other.index))
        union = len(other.index)
        other.weights = np.vstack(
            [other.weights[:-1], np.zeros((union - n_other + 1, len(other.labels)))]
        )
        rows = np.zeros((union + 1, len(self.labels)))
        rows[[other.index[a] for a in mine]] = self.weights[:-1]
        self.weights, self.index = rows, other.index
        self._none = other._none = union
        return self

    def feature_ids(self, feats: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
        """Row ids of every feature of every token, and where each token's ids start."""
        from itertools import accumulate, chain, repeat

        # looked up in C: map(get, features, repeat(default)) has no Python frame per feature
        ids = list(map(self.index.get, chain.from_iterable(feats), repeat(self._none)))
        offsets = list(accumulate(map(len, feats[:-1]), initial=0)) if feats else []
        return ids, offsets

    def emissions(
        self, feats: Sequence[Sequence[str]], ids: tuple[list[int], list[int]] | None = None
    ) -> Any:
        """``(n tokens, n labels)`` emission scores of ``feats`` (one list per token).

        ``ids`` may come from :meth:`feature_ids` of a model with the same ``index``.
        """
        import numpy as np

        rows, offsets = ids or self.feature_ids(feats)
        if not rows:
            return np.zeros((len(feats), len(self.labels)))
        return np.add.reduceat(self.weights[rows], offsets, axis=0)

    def viterbi(self, emits: Sequence[Any]) -> list[list[str]]:
        """The best label sequence of each ``(n, labels)`` emission array, decoded together.

        Shorter sequences are padded; past its end a sequence keeps its label at no cost,
        so padding never changes its best path.
        """
        import numpy as np

        if not emits:
            return []
        n_lab = len(self.labels)
        lens = np.array([e.shape[0] for e in emits])
        n = int(lens.max())
        batch = len(emits)
        emit = np.zeros((batch, max(n, 1), n_lab))
        for b, e in enumerate(emits):
            emit[b, : e.shape[0]] = e
        hold = np.full((n_lab, n_lab), -np.inf)
        np.fill_diagonal(hold, 0.0)
        back = np.zeros((batch, max(n, 1), n_lab), dtype=np.intp)
        score = emit[:, 0]
        for i in range(1, n):
            trans = np.where((lens > i)[:, None, None], self.trans, hold)
            cand = score[:, :, None] + trans  # batch × previous label × next label
            back[:, i] = cand.argmax(axis=1)
            score = cand.max(axis=1) + emit[:, i]
        best = score.argmax(axis=1)
        path = np.empty((batch, max(n, 1)), dtype=np.intp)
        path[:, n - 1] = best
        rows = np.arange(batch)
        for i in range(n - 1, 0, -1):
            best = back[rows, i, best]
            path[:, i - 1] = best
        labels = self.labels
        return [[labels[j] for j in path[b, : lens[b]]] for b in range(batch)]


def model_dir_default() -> str:
    """Where the shipped CRF models live (``slant/resources/quotes``)."""
    return str(RESOURCE_DIR)


def save_models(path: str | Path, cue: LinearCRF, role: LinearCRF) -> None:
    """Write both CRFs to one ``.npz`` (no pickle: strings and float arrays only)."""
    import numpy as np

    arrays = {}
    for name, crf in (("cue", cue), ("role", role)):
        attrs = sorted(crf.index, key=crf.index.__getitem__)
        arrays[f"{name}_labels"] = np.array(crf.labels)
        arrays[f"{name}_attrs"] = np.array(attrs)
        arrays[f"{name}_weights"] = crf.weights[:-1].astype(np.float32)
        arrays[f"{name}_trans"] = crf.trans.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load_models(model_dir: str | None = None) -> tuple[LinearCRF, LinearCRF]:
    """The cue and role CRFs from ``attribution.npz``.

    Raises:
        ResourceError: the model file is missing (run ``slant train quotes``).
    """
    import numpy as np

    from slant.errors import ResourceError

    path = Path(model_dir or model_dir_default()) / MODEL_FILE
    if not path.is_file():
        raise ResourceError(f"quotes model {path} is missing; run `slant train quotes`")
    with np.load(path, allow_pickle=False) as z:
        cue, role = (
            LinearCRF(
                z[f"{n}_labels"].tolist(),
                z[f"{n}_attrs"].tolist(),
                z[f"{n}_weights"],
                z[f"{n}_trans"],
            )
            for n in ("cue", "role")
        )
    return cue, role.share_index(cue)
