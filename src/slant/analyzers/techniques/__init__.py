"""Persuasion techniques: exact spans with their technique, and paragraph labels.

The public surface of the techniques analyzer and what ``slant train techniques`` /
``slant train encoder`` need:

* :class:`TechniquesAnalyzer` (``analyzer.py``) and the shipped model's file names;
* ``duplicates.py``: :func:`mirror_duplicates` (a repeated paragraph reads like its
  original) and :func:`exact_copies`;
* ``encoder.py``: the int8 ONNX MiniLM encoder (token states of an article);
* ``features.py``: token, span and text features of the CRF and the heads;
* ``decode.py``: token scores to spans (threshold, run merging).
"""

from slant.analyzers.techniques.analyzer import (
    ACCURATE_DIR,
    CRF_FILE,
    ENCODER_FILE,
    ENCODER_INFO,
    PROFILES,
    RESOURCE_DIR,
    TOKENIZER,
    TechniquesAnalyzer,
)
from slant.analyzers.techniques.decode import SequenceScores, decode_runs, mix_inside
from slant.analyzers.techniques.duplicates import exact_copies, mirror_duplicates
from slant.analyzers.techniques.encoder import (
    DIM,
    ArticleStates,
    MiniLMEncoder,
    line_windows,
    shared_encoder,
)
from slant.analyzers.techniques.features import (
    ClusterMap,
    LinearScorer,
    TextFeaturizer,
    article_counts,
    pool_tokens,
    range_sequences,
    sequence_state_features,
    sequences,
    span_dense,
    token_features,
    token_state_features,
)

__all__ = [
    "ACCURATE_DIR",
    "CRF_FILE",
    "DIM",
    "ENCODER_FILE",
    "ENCODER_INFO",
    "PROFILES",
    "RESOURCE_DIR",
    "TOKENIZER",
    "ArticleStates",
    "ClusterMap",
    "LinearScorer",
    "MiniLMEncoder",
    "SequenceScores",
    "TechniquesAnalyzer",
    "TextFeaturizer",
    "article_counts",
    "decode_runs",
    "exact_copies",
    "line_windows",
    "mirror_duplicates",
    "mix_inside",
    "pool_tokens",
    "range_sequences",
    "sequence_state_features",
    "sequences",
    "shared_encoder",
    "span_dense",
    "token_features",
    "token_state_features",
]
