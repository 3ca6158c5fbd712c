"""Media frames of an article (SemEval-2023 Task 3 subtask 2): multi-label, calibrated.

A TF-IDF word 1-2-gram logistic regression per frame, trained on the English SemEval
articles (``slant train frames``); each score is a Platt-calibrated probability and a frame
is reported when its score reaches that frame's own threshold (tuned by cross-validation
inside the training data).

Russian articles (``article.language == "ru"``) are scored by their own heads on the
multilingual encoder's article vector (``resources/techniques-ru/frames.npz``, trained by
``slant train techniques --lang ru``; see :mod:`slant.analyzers.techniques.russian`).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

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
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})

    def __init__(self, *, model: str | None = None, threshold_shift: float = 0.0) -> None:
        """Args:
        model: path of a model ``.npz`` (default: the shipped one).
        threshold_shift: added to every tuned threshold (negative = more frames).
        """
        self.model = model
        self.threshold_shift = threshold_shift

    def check(self) -> None:
        """Cheap: the model file is there (the pipeline asks before reading any input)."""
        path = Path(self.model) if self.model else default_model_path()
        if not path.is_file():
            raise ResourceError(f"frames model not found at {path}; run `slant train frames`")

    def initialize(self) -> None:
        from slant.analyzers.article_model import ArticleModel

        path = Path(self.model) if self.model else default_model_path()
        if not path.exists():
            raise ResourceError(f"frames model not found at {path}; run `slant train frames`")
        self.model_ = ArticleModel.load(path)
        if self.model_.kind != "multilabel" or not set(self.model_.labels) <= set(FRAMES):
            raise ResourceError(f"{path} is not a frames model")
        self.thresholds_ = self.model_.thresholds + self.threshold_shift
        self.ru_: Any = None  # the Russian heads, loaded on the first Russian article

    def __call__(self, article: Article) -> None:
        if article.language == "ru":
            from slant.analyzers.techniques.russian import article_vector, russian_article_model

            if self.ru_ is None:
                self.ru_ = russian_article_model("frames")
            model: Any = self.ru_
            probs = model.probabilities(article_vector(article, model.encoder))
            thresholds = model.thresholds + self.threshold_shift
        else:
            model, probs, thresholds = (
                self.model_,
                self.model_.probabilities(article.text),
                self.thresholds_,
            )
        chosen = [
            FrameScore(label, float(p))
            for label, p, t in zip(model.labels, probs, thresholds, strict=True)
            if p >= t
        ]
        article.frames = sorted(chosen, key=lambda f: (-f.score, f.label))
