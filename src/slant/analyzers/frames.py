"""Media frames of an article (SemEval-2023 Task 3 subtask 2): multi-label, calibrated.

A TF-IDF word 1-2-gram logistic regression per frame, trained on the English SemEval
articles (``slant train frames``); each score is a Platt-calibrated probability and a frame
is reported when its score reaches that frame's own threshold (tuned by cross-validation
inside the training data).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import ClassVar

from slant.analyzers import register
from slant.annotations import FrameScore
from slant.article import Article
from slant.errors import ResourceError
from slant.labels import FRAMES

__all__ = ["FramesAnalyzer", "default_model_path"]


def default_model_path() -> Path:
    """The shipped frames model."""
    return Path(str(files("slant.resources") / "frames" / "frames.npz"))


@register("frames")
class FramesAnalyzer:
    """Every frame whose calibrated score reaches its threshold, highest score first."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset({"frames"})
    default: ClassVar[bool] = True

    def __init__(self, *, model: str | None = None, threshold_shift: float = 0.0) -> None:
        """Args:
        model: path of a model ``.npz`` (default: the shipped one).
        threshold_shift: added to every tuned threshold (negative = more frames).
        """
        self.model = model
        self.threshold_shift = threshold_shift

    def initialize(self) -> None:
        from slant.analyzers.article_model import ArticleModel

        path = Path(self.model) if self.model else default_model_path()
        if not path.exists():
            raise ResourceError(f"frames model not found at {path}; run `slant train frames`")
        self.model_ = ArticleModel.load(path)
        if self.model_.kind != "multilabel" or not set(self.model_.labels) <= set(FRAMES):
            raise ResourceError(f"{path} is not a frames model")
        self.thresholds_ = self.model_.thresholds + self.threshold_shift

    def __call__(self, article: Article) -> None:
        probs = self.model_.probabilities(article.text)
        chosen = [
            FrameScore(label, float(p))
            for label, p, t in zip(self.model_.labels, probs, self.thresholds_, strict=True)
            if p >= t
        ]
        article.frames = sorted(chosen, key=lambda f: (-f.score, f.label))
