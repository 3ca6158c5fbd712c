"""The roles model: three small logistic regressions over :mod:`.features` rows.

* ``cast``: does this entity play a role in the article at all (binary, on the mean row
  of its mentions, :func:`~.features.entity_rows`; Platt-calibrated);
* ``main``: Protagonist / Antagonist / Innocent (multinomial, temperature-calibrated);
* ``fine``: a multinomial regression over the 22 fine roles (trained on each mention's
  first gold fine role); the roles kept are the best child of the chosen main role, plus
  the next children whose probability, renormalised over the children, reaches ``second``.

A second fine-role head (optional, ``use_fine_*``) reads multilingual USE v3 rows of the
mention (:mod:`.use`) and is trained on the other languages' mentions too; its
probabilities are mixed with the MiniLM head's (geometric mean with weight
``use_fine_weight``). The main role and the score do not change with it.

With ``agency`` set, the rows end with the agency columns (:mod:`.agency`: who does what to
whom, which needs the dependency parse), and with ``speech`` then with the speech cues
(:mod:`.speech`: quoted, speaks); the analyzer appends them before predicting.

Weights are a ``.npz`` (float16 coefficients, float32 rest) and a ``.json`` (labels,
thresholds, how it was built), both in ``slant/resources/roles/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.labels import FINE_ROLES, MAIN_ROLES, ROLE_TAXONOMY

__all__ = ["RoleModel", "RolePrediction", "softmax"]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits ``z`` (n, classes), shifted by each row's maximum."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class RolePrediction:
    """The model's reading of one mention.

    ``main_probs`` is P(main role | the mention plays one), in :data:`MAIN_ROLES` order;
    ``cast`` is P(the mention plays a role); ``score`` = ``cast`` × P(chosen main role).
    """

    main: str
    fine: tuple[str, ...]
    main_probs: tuple[float, float, float]
    fine_probs: dict[str, float]
    cast: float
    score: float


@dataclass
class RoleModel:
    """Weights of the three regressions and the decision settings (see the module)."""

    main_coef: np.ndarray  # (3, d)
    main_intercept: np.ndarray  # (3,)
    fine_coef: np.ndarray  # (22, d)
    fine_intercept: np.ndarray  # (22,)
    cast_coef: np.ndarray  # (d + 1,): entity rows
    cast_intercept: float
    temperature: float = 1.0
    cast_platt: tuple[float, float] = (1.0, 0.0)
    second: float = 0.5
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    # the USE fine-role head (22 × 1,024; empty: none) and its weight in the mix
    use_fine_coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    use_fine_intercept: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    use_fine_weight: float = 0.0
    use_fine_context: str = "line"  # the USE rows' context (:mod:`.use`)
    agency: bool = False  # rows end with :func:`.agency.agency_matrix` columns
    speech: bool = False  # ... then with :func:`.speech.speech_matrix` columns

    @property
    def has_use(self) -> bool:
        """Whether the fine roles mix in the USE head (which needs :func:`.use.use_rows`)."""
        return self.use_fine_weight > 0 and self.use_fine_coef.size > 0

    # -- prediction ----------------------------------------------------------------------
    def main_probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n, 3) calibrated P(main role), :data:`MAIN_ROLES` order."""
        z = x @ self.main_coef.T.astype(np.float32) + self.main_intercept
        return softmax(z / self.temperature)

    def fine_probabilities(self, x: np.ndarray, u: np.ndarray | None = None) -> np.ndarray:
        """(n, 22) P(fine role), :data:`FINE_ROLES` order.

        Args:
            x: mention rows.
            u: the mentions' USE rows (:func:`.use.use_rows`); with a USE head, the two
                heads' log-probabilities are mixed (``use_fine_weight``). None, or a NaN
                row (a mention without a USE context): MiniLM only.
        """
        p = softmax(x @ self.fine_coef.T.astype(np.float32) + self.fine_intercept)
        if u is None or not self.has_use:
            return p
        ok = np.isfinite(u).all(axis=1)
        if ok.any():
            zu = u[ok] @ self.use_fine_coef.T.astype(np.float32) + self.use_fine_intercept
            w = self.use_fine_weight
            p[ok] = softmax((1 - w) * np.log(np.maximum(p[ok], 1e-30)) + w * np.log(softmax(zu)))
        return p

    def cast_probabilities(self, x: np.ndarray) -> np.ndarray:
        """(n,) calibrated P(the entity plays a role) of entity rows."""
        raw = x @ self.cast_coef.astype(np.float32) + self.cast_intercept
        a, b = self.cast_platt
        return _sigmoid(a * raw + b)

    def decide(self, main_p: np.ndarray, fine_p: np.ndarray) -> list[tuple[str, tuple[str, ...]]]:
        """Main role and fine roles of each row (hierarchically consistent)."""
        out = []
        for mp, fp in zip(main_p, fine_p, strict=True):
            main = MAIN_ROLES[int(np.argmax(mp))]
            kids = ROLE_TAXONOMY[main]
            total = sum(fp[FINE_ROLES.index(k)] for k in kids) or 1.0
            probs = sorted(((fp[FINE_ROLES.index(k)] / total, k) for k in kids), reverse=True)
            fine = [probs[0][1]] + [k for p, k in probs[1:] if p >= self.second]
            out.append((main, tuple(fine)))
        return out

    def predict(
        self, x: np.ndarray, cast: np.ndarray | None = None, u: np.ndarray | None = None
    ) -> list[RolePrediction]:
        """Every prediction of the mention rows of ``x``.

        Args:
            x: mention rows.
            cast: P(the mention's entity plays a role), per row (default 1: the mentions
                are given, as in the official task).
            u: their USE rows, for the fine roles of a model with a USE head (None: the
                MiniLM head alone; the main role and the score are the same either way).
        """
        if not len(x):
            return []
        main_p = self.main_probabilities(x)
        fine_p = self.fine_probabilities(x, u)
        cast_p = np.ones(len(x)) if cast is None else cast
        out = []
        for (main, fine), mp, fp, cp in zip(
            self.decide(main_p, fine_p), main_p, fine_p, cast_p, strict=True
        ):
            pm = float(mp[MAIN_ROLES.index(main)])
            out.append(
                RolePrediction(
                    main=main,
                    fine=fine,
                    main_probs=(float(mp[0]), float(mp[1]), float(mp[2])),
                    fine_probs={k: float(fp[FINE_ROLES.index(k)]) for k in fine},
                    cast=float(cp),
                    score=float(cp) * pm,
                )
            )
        return out

    # -- files -----------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Write ``roles.npz`` and ``roles.json`` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "roles.npz",
            main_coef=self.main_coef.astype(np.float16),
            main_intercept=self.main_intercept.astype(np.float32),
            fine_coef=self.fine_coef.astype(np.float16),
            fine_intercept=self.fine_intercept.astype(np.float32),
            cast_coef=self.cast_coef.astype(np.float16),
            **(
                {
                    "use_fine_coef": self.use_fine_coef.astype(np.float16),
                    "use_fine_intercept": self.use_fine_intercept.astype(np.float32),
                }
                if self.has_use
                else {}
            ),
        )
        meta = {
            **self.meta,
            "main_roles": list(MAIN_ROLES),
            "fine_roles": list(FINE_ROLES),
            "cast_intercept": self.cast_intercept,
            "temperature": self.temperature,
            "cast_platt": list(self.cast_platt),
            "second": self.second,
            "threshold": self.threshold,
            "use_fine_weight": self.use_fine_weight if self.has_use else 0.0,
            "use_fine_context": self.use_fine_context,
            "agency": self.agency,
            "speech": self.speech,
        }
        (folder / "roles.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> RoleModel:
        """Read a model written by :meth:`save`."""
        meta = json.loads((folder / "roles.json").read_text(encoding="utf-8"))
        if tuple(meta["main_roles"]) != MAIN_ROLES or tuple(meta["fine_roles"]) != FINE_ROLES:
            raise ValueError(f"{folder}: the model's role lists differ from slant.labels")
        with np.load(folder / "roles.npz") as w:
            arrays = {k: w[k].astype(np.float32) for k in w.files}
        return cls(
            main_coef=arrays["main_coef"],
            main_intercept=arrays["main_intercept"],
            fine_coef=arrays["fine_coef"],
            fine_intercept=arrays["fine_intercept"],
            cast_coef=arrays["cast_coef"],
            cast_intercept=float(meta["cast_intercept"]),
            temperature=float(meta["temperature"]),
            cast_platt=(float(meta["cast_platt"][0]), float(meta["cast_platt"][1])),
            second=float(meta["second"]),
            threshold=float(meta["threshold"]),
            use_fine_coef=arrays.get("use_fine_coef", np.zeros((0, 0), np.float32)),
            use_fine_intercept=arrays.get("use_fine_intercept", np.zeros(0, np.float32)),
            use_fine_weight=float(meta.get("use_fine_weight", 0.0)),
            use_fine_context=str(meta.get("use_fine_context", "line")),
            agency=bool(meta.get("agency", False)),
            speech=bool(meta.get("speech", False)),
            meta={
                k: v
                for k, v in meta.items()
                if k
                not in {
                    "main_roles",
                    "fine_roles",
                    "cast_intercept",
                    "temperature",
                    "cast_platt",
                    "second",
                    "threshold",
                    "use_fine_weight",
                    "use_fine_context",
                    "agency",
                    "speech",
                }
            },
        )
