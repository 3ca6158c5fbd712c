"""The ``narratives`` analyzer: SemEval-2025 narratives and the user's own, with evidence."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from slant.analyzers import register
from slant.annotations import Narrative
from slant.article import Article
from slant.errors import ResourceError, UsageError

__all__ = ["RESOURCE_DIR", "NarrativesAnalyzer"]

RESOURCE_DIR = Path(str(files("slant.resources") / "narratives"))


@register("narratives")
class NarrativesAnalyzer:
    """Narratives and sub-narratives of the SemEval-2025 taxonomy, and user narratives.

    Args:
        model_dir: folder with ``model.json`` and ``weights.npz`` (default: the shipped one).
        min_score: report a (sub-)narrative from this calibrated probability on (default:
            the thresholds tuned for the official measure).
        user_file: a TOML file of the user's own narratives (``--narratives FILE``),
            matched by similarity on the article's lines embedded by a sentence encoder
            (the one ``model.json`` names; :mod:`.user`); reported with ``taxonomy = "user"``.
        user_min_score: threshold of the user narratives' score, a probability calibrated
            on SemEval-2025 sub-narratives used as user narratives (:mod:`.user`); default 0.5.
        evidence: how many paragraphs of evidence to give per label.
        threads: threads of the shared MiniLM encoder (and of the sentence encoders).
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"paragraphs"})
    assigns: ClassVar[frozenset[str]] = frozenset({"narratives"})
    default: ClassVar[bool] = True

    def __init__(
        self,
        *,
        model_dir: str | None = None,
        min_score: float | None = None,
        user_file: str | None = None,
        user_min_score: float = 0.5,
        evidence: int = 2,
        threads: int = 1,
    ) -> None:
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise UsageError(f"narratives: min_score must be in [0, 1], not {min_score}")
        self.model_dir = model_dir
        self.min_score = min_score
        self.user_file = user_file
        self.user_min_score = user_min_score
        self.evidence = evidence
        self.threads = threads

    @property
    def version(self) -> str:
        """``2``, with the user matcher's version and a digest of the user narratives file
        when one is given (so a store re-analyses its articles when either changes;
        ``user3``: lines embedded by a sentence encoder, no longer the techniques MiniLM)."""
        if not self.user_file:
            return "2"
        import hashlib

        try:
            digest = hashlib.sha256(Path(self.user_file).read_bytes()).hexdigest()[:12]
        except OSError:
            digest = "missing"
        return f"2+user3:{digest}"

    def check(self) -> None:
        """The model files are there and the user narratives file (if any) parses.

        Raises:
            ResourceError: the model is missing.
            ConfigError: the user narratives file cannot be read or is not valid.
        """
        from slant.analyzers.narratives.user import read_user_narratives

        folder = Path(self.model_dir) if self.model_dir else RESOURCE_DIR
        for name in ("model.json", "weights.npz"):
            if not (folder / name).exists():
                raise ResourceError(
                    f"narratives model file {folder / name} not found; run `slant train narratives`"
                )
        if self.user_file:
            read_user_narratives(Path(self.user_file))

    def initialize(self) -> None:
        from slant.analyzers.narratives.model import NarrativeModel
        from slant.analyzers.narratives.user import UserNarratives
        from slant.analyzers.techniques import ENCODER_FILE, TOKENIZER
        from slant.analyzers.techniques import RESOURCE_DIR as TECHNIQUES_DIR
        from slant.analyzers.techniques.encoder import shared_encoder

        folder = Path(self.model_dir) if self.model_dir else RESOURCE_DIR
        if not (folder / "model.json").exists():
            raise ResourceError(
                f"narratives model not found in {folder}; run `slant train narratives`"
            )
        self.model_ = NarrativeModel.load(folder)
        if self.model_.has_use:  # load the USE weights now, not inside the first article
            from slant.analyzers.techniques.russian import encoder

            encoder("use", self.threads).encode(["."])
        # the fast techniques profile's encoder: its states are computed once per article
        self.encoder_: Any = shared_encoder(
            TOKENIZER, TECHNIQUES_DIR / ENCODER_FILE, threads=self.threads
        )
        self.user_ = None
        if self.user_file:
            from slant.analyzers.narratives.user import Background, sentence_encoder

            cal = self.model_.meta.get("user_calibration", {})
            if "encoder" not in cal or not (folder / "background.npz").exists():
                raise ResourceError(
                    f"narratives model in {folder} has no user-narrative calibration and "
                    "background for a sentence encoder; run `slant train narratives`"
                )
            self.user_encoder_: Any = sentence_encoder(cal["encoder"], self.threads)
            self.user_ = UserNarratives.load(
                Path(self.user_file),
                self.user_encoder_,
                (cal["a"], cal["b"]),
                Background.load(folder / "background.npz"),
            )

    def _use_features(self, text: str, ranges: list[tuple[int, int]]) -> Any:
        """The USE heads' input: the first lines on the shared multilingual USE encoder."""
        from slant.analyzers.narratives.model import use_features, use_units
        from slant.analyzers.techniques.russian import encoder

        units = use_units(text, ranges, self.model_.use_max_chars)
        vecs = encoder("use", self.threads).encode([text[s:e] for s, e in units], scope=text)
        return use_features(vecs)

    def __call__(self, article: Article) -> None:
        from slant.analyzers.narratives.model import article_features

        text = article.text
        if not text.strip():
            article.narratives = []
            return
        states = self.encoder_.states(text)
        dense, ranges, lines = article_features(states, text)
        u = self._use_features(text, ranges) if self.model_.has_use else None
        pc, pf = self.model_.probabilities(self.model_.features(dense, text), u)
        m = self.min_score
        found: list[Narrative] = []
        for narrative, sub, p in self.model_.decide(pc[0], pf[0], coarse_min=m, fine_min=m):
            ev = self.model_.evidence(sub or narrative, lines, ranges, self.evidence)
            found.append(Narrative(narrative, sub, p, ev, "semeval2025"))
        if self.user_ is not None:
            from slant.analyzers.narratives.user import embed

            # USE: the lines the USE heads read are already in the shared encoder's cache
            vecs = embed(self.user_encoder_, [text[s:e] for s, e in ranges], scope=text)
            for name, p, ev in self.user_.match(vecs, ranges, self.user_min_score, self.evidence):
                found.append(Narrative(name, None, p, ev, "user"))
        article.narratives = found
