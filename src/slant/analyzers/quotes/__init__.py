"""Quotes: who said what, with the cue and a resolved speaker.

The public surface of the quotes analyzer and what ``slant train quotes`` needs:

* :class:`QuotesAnalyzer` (``analyzer.py``): the registered analyzer;
* ``rules.py``: the rule system (quote marks, reporting verbs), :class:`RuleQuotes`;
* ``tagger.py``: the learned CRF attribution tagger (``features.py``: its token features;
  ``crf.py``: the CRFs and their model file);
* ``minilm.py``: the fine-tuned MiniLM attribution tagger (int8 ONNX), ``method="minilm"``;
* ``speakers.py``: speaker mentions resolved to a name within one article
  (``antecedents.py``: who a speaker's "he"/"she" is);
* ``cues.py``: the class of a quote's cue (speech, thought/belief, intention, other);
* ``refine.py``: the last step of every method (false quotes out, speakers resolved,
  cue classes, teaser and duplicate flags).
"""

from slant.analyzers.quotes.analyzer import QuotesAnalyzer
from slant.analyzers.quotes.antecedents import first_name_gender, quoted_ranges
from slant.analyzers.quotes.cues import CUE_CLASSES, cue_class
from slant.analyzers.quotes.minilm import (
    MINILM_FILE,
    MINILM_INFO,
    AttributionTagger,
    SpanRelation,
    link_relations,
    minilm_quotes,
    quote_kind,
)
from slant.analyzers.quotes.refine import is_false_quote, refine
from slant.analyzers.quotes.rules import RuleQuotes, find_quoted_spans
from slant.analyzers.quotes.speakers import SpeakerResolver
from slant.analyzers.quotes.tagger import (
    MODEL_FILE,
    RESOURCE_DIR,
    LinearCRF,
    Relation,
    TokenTable,
    build_table,
    cue_features,
    learned_quotes,
    load_models,
    model_dir_default,
    predict_relations,
    role_features,
    role_window,
    save_models,
    tokens_in,
)
from slant.analyzers.quotes.verbs import CUE_VERBS

__all__ = [
    "CUE_CLASSES",
    "CUE_VERBS",
    "MINILM_FILE",
    "MINILM_INFO",
    "MODEL_FILE",
    "RESOURCE_DIR",
    "AttributionTagger",
    "LinearCRF",
    "QuotesAnalyzer",
    "Relation",
    "RuleQuotes",
    "SpanRelation",
    "SpeakerResolver",
    "TokenTable",
    "build_table",
    "cue_class",
    "cue_features",
    "find_quoted_spans",
    "first_name_gender",
    "is_false_quote",
    "learned_quotes",
    "link_relations",
    "load_models",
    "minilm_quotes",
    "model_dir_default",
    "predict_relations",
    "quote_kind",
    "quoted_ranges",
    "refine",
    "role_features",
    "role_window",
    "save_models",
    "tokens_in",
]
