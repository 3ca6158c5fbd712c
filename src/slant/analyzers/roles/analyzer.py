"""The ``roles`` analyzer: entity roles on ``entities[].role`` and the article's ``cast``."""

from __future__ import annotations

import dataclasses
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from slant.analyzers import register
from slant.analyzers.roles.agency import agency_matrix, parsed
from slant.analyzers.roles.cast import build_cast, cast_key
from slant.analyzers.roles.features import entity_mentions, entity_rows, feature_matrix
from slant.analyzers.roles.model import RoleModel
from slant.analyzers.roles.speech import speech_matrix
from slant.annotations import EntityRole
from slant.article import Article
from slant.errors import ResourceError

__all__ = ["RolesAnalyzer", "default_model_dir"]


def default_model_dir() -> Path:
    """The shipped roles model (``roles.npz`` + ``roles.json``)."""
    return Path(str(files("slant.resources") / "roles"))


@register("roles")
class RolesAnalyzer:
    """Who the article makes the hero, the villain and the victim (SemEval-2025 Task 10).

    Every entity of a castable type is read in context (see :mod:`.features`; with a model
    that has them, also who does what to whom: :mod:`.agency`, from the dependency parse);
    an entity's mentions get a role when their score (P(the entity plays a role) × P(main
    role)) reaches ``threshold``, and the cast lists each referent with a role.

    Args:
        model_dir: folder of ``roles.npz``/``roles.json`` (default: the shipped model).
        threshold: minimum score of a role (default: the one tuned with the model).
        threads: ONNX Runtime threads of the encoder (shared with techniques when both run).
    """

    name: ClassVar[str]
    # the agency columns' dependency parse is the analyzer's own (.agency.parsed): asking for
    # roles does not move the sentences the other analyzers read
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "entities"})
    assigns: ClassVar[frozenset[str]] = frozenset({"entities", "cast"})
    # Off by default (run it with --with roles): cross-fitted main-role accuracy 0.74 is
    # barely above "always Antagonist" (0.69), and on the bundled example it casts
    # Kazakhstan, the United States and the CSTO all as villains. A label a journalist
    # cannot cite is not shown unasked.
    default: ClassVar[bool] = False
    # 2: the fine roles mix in the USE head (a store re-analyses articles of version 1);
    # 3: the agency columns (who does what to whom) in every regression; 4: the speech cues
    version: ClassVar[str] = "4"

    def __init__(
        self, *, model_dir: str | None = None, threshold: float | None = None, threads: int = 1
    ) -> None:
        self.model_dir = model_dir
        self.threshold = threshold
        self.threads = threads

    def check(self) -> None:
        """Cheaply check that the model's files are there (read before any input).

        Raises:
            ResourceError: naming the missing file and the command that builds it.
        """
        folder = Path(self.model_dir) if self.model_dir else default_model_dir()
        for name in ("roles.json", "roles.npz"):
            if not (folder / name).is_file():
                raise ResourceError(
                    f"roles model file {folder / name} is missing; run `slant train roles`"
                )

    def initialize(self) -> None:
        from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR, TOKENIZER
        from slant.analyzers.techniques.encoder import shared_encoder

        folder = Path(self.model_dir) if self.model_dir else default_model_dir()
        if not (folder / "roles.json").exists():
            raise ResourceError(f"roles model not found in {folder}; run `slant train roles`")
        self.model_ = RoleModel.load(folder)
        self.threshold_ = self.model_.threshold if self.threshold is None else self.threshold
        if self.model_.agency:  # the parser of the agency columns (.agency.parsed)
            from slant.nlp import load_nlp

            load_nlp("parse")
        if self.model_.has_use:  # load the USE weights now, not inside the first article
            from slant.analyzers.techniques.russian import encoder

            encoder("use", self.threads).encode(["."])
        # the fast profile's MiniLM, the encoder the model was trained on; the techniques
        # analyzer holds the same one, so an article is encoded once
        self.encoder_: Any = shared_encoder(
            TOKENIZER, RESOURCE_DIR / ENCODER_FILE, threads=self.threads
        )

    def __call__(self, article: Article) -> None:
        if not hasattr(self, "model_"):
            self.initialize()
        assert article.doc is not None, "the pipeline parses before analyzers run"
        text = article.text
        items = [(e.start, e.end, e.label, cast_key(text, e)) for e in article.entities]
        found = entity_mentions(text, items)
        article.cast = []
        if not found:
            return
        mentions = [m for _, m in found]
        sents = [(s.start_char, s.end_char) for s in article.doc.sents]
        x = feature_matrix(text, self.encoder_.states(text), mentions, sents)
        if self.model_.agency:
            x = np.hstack([x, agency_matrix(parsed(article.doc), mentions)])
        if self.model_.speech:
            x = np.hstack([x, speech_matrix(text, mentions)])
        keys, xe = entity_rows(x, [m.key for m in mentions])
        cast_p = self.model_.cast_probabilities(xe)
        per_mention = np.array([cast_p[keys.index(m.key)] for m in mentions])
        preds = self.model_.predict(x, per_mention)
        if self.model_.has_use:
            # the USE fine-role head, on the mentions that get a role only (its cost grows
            # with the text encoded); the main role and the score stay as they are
            from slant.analyzers.roles.use import use_rows
            from slant.analyzers.techniques.russian import encoder

            shown = [k for k, p in enumerate(preds) if p.score >= self.threshold_]
            if shown:
                u = use_rows(
                    encoder("use", self.threads),
                    text,
                    [(mentions[k].start, mentions[k].end) for k in shown],
                    self.model_.use_fine_context,
                )
                again = self.model_.predict(x[shown], per_mention[shown], u)
                for k, p in zip(shown, again, strict=True):
                    preds[k] = p
        entities = list(article.entities)
        for (i, m), p in zip(found, preds, strict=True):
            role = None
            if p.score >= self.threshold_:
                role = EntityRole(p.main, p.fine, p.score, m.start, m.end)
            entities[i] = dataclasses.replace(entities[i], role=role)
        article.entities = entities
        article.cast = build_cast(text, entities, self.threshold_)
