"""Genre of an article (SemEval-2023 Task 3 subtask 1): reporting, opinion or satire.

A multinomial TF-IDF word 1-2-gram logistic regression trained on the English SemEval
articles (``slant train genre``), calibrated by matrix scaling fitted on out-of-fold scores.
Those articles are 90 % opinion, so calibrated probabilities almost never favour reporting
or satire. The model file's per-class weights (tuned for macro-F1 by cross-validation; rare
classes get weights above 1) shift the prior: ``scores`` are the calibrated probabilities
times the weights, renormalised (:func:`~slant.analyzers.article_model.shift_prior`), and
``label`` is the top score, so the label never contradicts the numbers next to it.

Russian articles (``article.language == "ru"``) are scored by their own head on the
multilingual encoder's article vector (``resources/techniques-ru/genre.npz``, trained by
``slant train techniques --lang ru``), shown the same way.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from slant.analyzers import register
from slant.annotations import Label
from slant.article import Article
from slant.errors import ResourceError
from slant.labels import GENRES

__all__ = ["GenreAnalyzer", "default_model_path"]


def default_model_path() -> Path:
    """The shipped genre model."""
    return Path(str(files("slant.resources") / "frames" / "genre.npz"))


@register("genre")
class GenreAnalyzer:
    """One genre label, the top of its scores for reporting/opinion/satire (prior-shifted)."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset()
    assigns: ClassVar[frozenset[str]] = frozenset({"genre"})
    default: ClassVar[bool] = True
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})

    def __init__(self, *, model: str | None = None) -> None:
        """Args:
        model: path of a model ``.npz`` (default: the shipped one).
        """
        self.model = model

    def check(self) -> None:
        """Cheap: the model file is there (the pipeline asks before reading any input)."""
        path = Path(self.model) if self.model else default_model_path()
        if not path.is_file():
            raise ResourceError(f"genre model not found at {path}; run `slant train genre`")

    def initialize(self) -> None:
        from slant.analyzers.article_model import ArticleModel

        path = Path(self.model) if self.model else default_model_path()
        if not path.exists():
            raise ResourceError(f"genre model not found at {path}; run `slant train genre`")
        self.model_ = ArticleModel.load(path)
        if self.model_.kind != "multiclass" or set(self.model_.labels) != set(GENRES):
            raise ResourceError(f"{path} is not a genre model")
        self.ru_: Any = None  # the Russian head, loaded on the first Russian article

    def __call__(self, article: Article) -> None:
        import numpy as np

        from slant.analyzers.article_model import shift_prior

        if article.language == "ru":
            from slant.analyzers.techniques.russian import article_vector, russian_article_model

            if self.ru_ is None:
                self.ru_ = russian_article_model("genre")
            model: Any = self.ru_
            probs = model.probabilities(article_vector(article, model.encoder))
        else:
            model, probs = self.model_, self.model_.probabilities(article.text)
        shown = shift_prior(probs, model.thresholds)
        # rounding keeps the order, so the label's score is the top of the rounded ones too
        best = int(np.argmax(shown))
        scores = {label: round(float(p), 4) for label, p in zip(model.labels, shown, strict=True)}
        article.genre = Label(model.labels[best], scores)
