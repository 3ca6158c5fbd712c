"""Entity roles (the cast): who an article makes the hero, the villain and the victim.

* ``analyzer.py``: :class:`RolesAnalyzer`, registered as ``roles``;
* ``features.py``: role mentions (entities widened over group nouns) and their features;
* ``agency.py``: who does what to whom (a mention's slot × the polarity of its act, from the
  dependency parse), columns appended to the features;
* ``speech.py``: speech cues (is the mention quoted, does it speak), columns appended too;
* ``model.py``: the three regressions (cast, main role, fine roles) and their files;
* ``cast.py``: the article's cast, one member per referent.
"""

from slant.analyzers.roles.analyzer import RolesAnalyzer, default_model_dir
from slant.analyzers.roles.cast import build_cast, cast_key
from slant.analyzers.roles.features import (
    GROUP_NOUNS,
    ROLE_LABELS,
    RoleMention,
    entity_mentions,
    entity_rows,
    feature_matrix,
    widen,
)
from slant.analyzers.roles.model import RoleModel, RolePrediction

__all__ = [
    "GROUP_NOUNS",
    "ROLE_LABELS",
    "RoleMention",
    "RoleModel",
    "RolePrediction",
    "RolesAnalyzer",
    "build_cast",
    "cast_key",
    "default_model_dir",
    "entity_mentions",
    "entity_rows",
    "feature_matrix",
    "widen",
]
