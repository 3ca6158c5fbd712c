"""Quotes: direct, indirect and mixed, each with its cue and a resolved speaker.

By default (``method="crf"``) a learned attribution tagger trained on PolNeAR finds cues,
sources and contents (:mod:`slant.analyzers.quotes.tagger`, ``slant train quotes``); the
rules (:mod:`slant.analyzers.quotes.rules`) run first and feed it features, and rule quotes
it did not find are added to its own. ``method="rules"`` runs the rules alone.
``method="minilm"`` runs the fine-tuned MiniLM tagger instead of the CRFs
(:mod:`slant.analyzers.quotes.minilm`, ``slant train attribution``), with the same rule merge.

Whichever method ran, :func:`slant.analyzers.quotes.refine.refine` finishes the quotes:
speakers resolved by :mod:`slant.analyzers.quotes.speakers` (a quote with no speaker mention
gets ``speaker=None``; a mention that names no person, organisation, group, description or
government keeps its span with ``name=None``), the cue class
(:mod:`slant.analyzers.quotes.cues`) and the teaser / duplicate flags.

Duplicate paragraphs (``Paragraph.duplicate_of``) are analysed like the others: their text is
in the article, so their quotes are reported at their own offsets, flagged ``duplicate_of``.
Only boilerplate, hashtag and dateline paragraphs are skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from slant.analyzers import register
from slant.analyzers.quotes.crf import MODEL_FILE
from slant.analyzers.quotes.minilm import MINILM_FILE, AttributionTagger, minilm_quotes
from slant.analyzers.quotes.refine import refine
from slant.analyzers.quotes.rules import RuleQuotes
from slant.analyzers.quotes.rules_ru import russian_quotes
from slant.analyzers.quotes.tagger import learned_quotes, load_models, model_dir_default
from slant.annotations import Quote
from slant.errors import ResourceError, UsageError

if TYPE_CHECKING:
    from slant.analyzers.quotes.tagger import LinearCRF
    from slant.article import Article

__all__ = ["QuotesAnalyzer"]


@register("quotes")
class QuotesAnalyzer:
    """Direct, indirect and mixed quotes with cue and resolved speaker.

    Options: ``method`` ``"crf"`` (learned tagger + rules, default), ``"minilm"`` (the
    fine-tuned MiniLM tagger + rules) or ``"rules"``; ``model_dir`` a folder with
    ``attribution.npz`` (crf) or ``attribution-int8.onnx`` (minilm); default: the shipped model.
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "entities"})
    assigns: ClassVar[frozenset[str]] = frozenset({"quotes"})
    default: ClassVar[bool] = True
    # Russian: rules on the natasha parse (quotes/rules_ru.py), whatever the method
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})
    requires_ru: ClassVar[frozenset[str]] = frozenset({"doc.parse", "entities"})

    def __init__(
        self,
        *,
        method: str = "crf",
        indirect: bool = True,
        uncued: bool = True,
        per_sentence: int = 2,
        model_dir: str | None = None,
    ) -> None:
        if method not in ("crf", "minilm", "rules"):
            raise UsageError(f"quotes: method must be 'crf', 'minilm' or 'rules', not {method!r}")
        self.method = method
        # for Pipeline.model_version
        self.version = {"crf": "2", "minilm": "3-minilm", "rules": "1"}[method]
        self.rules = RuleQuotes(indirect=indirect, uncued=uncued, per_sentence=per_sentence)
        self.model_dir = model_dir
        self._cue_crf: LinearCRF | None = None
        self._role_crf: LinearCRF | None = None
        self._minilm: AttributionTagger | None = None

    def check(self) -> None:
        """Cheaply check that the chosen method's model file is there (read before any input).

        Raises:
            ResourceError: naming the missing file and the command that builds it.
        """
        if self.method == "rules":
            return
        folder = Path(self.model_dir or model_dir_default())
        name, how = (
            (MODEL_FILE, "slant train quotes")
            if self.method == "crf"
            else (MINILM_FILE, "slant train attribution")
        )
        if not (folder / name).is_file():
            raise ResourceError(f"quotes model file {folder / name} is missing; run `{how}`")

    def initialize(self) -> None:
        """Load the two CRF taggers (``crf``) or the MiniLM tagger; the rules need nothing."""
        if self.method == "crf" and self._cue_crf is None:
            self._cue_crf, self._role_crf = load_models(self.model_dir)
        if self.method == "minilm" and self._minilm is None:
            self._minilm = AttributionTagger(self.model_dir or model_dir_default())

    def __call__(self, article: Article) -> None:
        assert article.doc is not None, "the pipeline parses before analyzers run"
        if article.language == "ru":
            article.quotes = russian_quotes(article)
            return
        # every method's quotes get the same speakers, cue classes and teaser flags
        article.quotes = refine(article, self.tagged_quotes(article))

    def tagged_quotes(self, article: Article) -> list[Quote]:
        """The chosen method's quotes, before :func:`refine`."""
        rules = self.rule_quotes(article)
        if self.method == "rules":
            return rules
        if self.method == "minilm":
            assert self._minilm is not None, "call initialize()"
            return minilm_quotes(article, rules, self._minilm)
        assert self._cue_crf is not None and self._role_crf is not None, "call initialize()"
        return learned_quotes(article, rules, self._cue_crf, self._role_crf)

    def rule_quotes(self, article: Article) -> list[Quote]:
        """The rule system's quotes (also features of the learned tagger)."""
        return self.rules.find(article)
