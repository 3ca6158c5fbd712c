"""Narratives an article pushes: the SemEval-2025 Task 10 taxonomy and the user's own.

* :class:`NarrativesAnalyzer` (``analyzer.py``): the registered ``narratives`` analyzer;
* ``model.py``: the classifier on MiniLM article features (:class:`NarrativeModel`);
* ``user.py``: user narratives from a TOML file, matched by similarity.
"""

from slant.analyzers.narratives.analyzer import RESOURCE_DIR, NarrativesAnalyzer
from slant.analyzers.narratives.model import NarrativeModel, article_features, line_ranges, platt
from slant.analyzers.narratives.user import (
    DEFAULT_ENCODER,
    Background,
    UserNarrative,
    UserNarratives,
    embed,
    parse_user_narratives,
    read_user_narratives,
)

__all__ = [
    "DEFAULT_ENCODER",
    "RESOURCE_DIR",
    "Background",
    "NarrativeModel",
    "NarrativesAnalyzer",
    "UserNarrative",
    "UserNarratives",
    "article_features",
    "embed",
    "line_ranges",
    "parse_user_narratives",
    "platt",
    "read_user_narratives",
]
