"""The embedding rows of the techniques trainer line up with its TF-IDF rows."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from slant.analyzers.techniques import ENCODER_FILE, RESOURCE_DIR
from slant.training.technique_corpora import GoldArticle
from slant.training.techniques import (
    TO_2020,
    TextStates,
    span_embeddings,
    span_rows,
    with_embeddings,
)

TEXT = (
    "Corrupt traitors are destroying our great nation!\n"
    "\n"
    "The council approved the budget on Tuesday.\n"
    "Make America great again!\n"
)


def _gold() -> GoldArticle:
    def span(label: str, piece: str) -> tuple[str, int, int]:
        s = TEXT.index(piece)
        return (label, s, s + len(piece))

    return GoldArticle(
        "1",
        TEXT,
        spans=(
            span("Name_Calling-Labeling", "Corrupt traitors"),
            span("Not_A_Technique", "council"),  # dropped by both row builders
            span("Slogans", "Make America great again"),
            ("Loaded_Language", 10, 10),  # empty: dropped too
        ),
    )


def test_span_embeddings_follow_span_rows() -> None:
    states = TextStates(threads=1, onnx_path=RESOURCE_DIR / ENCODER_FILE)
    texts, _, _, y = span_rows([_gold()])
    emb = span_embeddings([_gold()], states)
    assert not states.cache
    assert y == ["Name_Calling-Labeling", "Slogans"]
    assert emb.shape == (len(texts), 2 * 384)
    st = states(TEXT)
    s = TEXT.index("Make")
    np.testing.assert_allclose(emb[1, :384], st.pool([(s, s + 24)])[0], atol=1e-6)
    # the context half is the span's whole line
    line_end = TEXT.index("\n", s)
    np.testing.assert_allclose(emb[1, 384:], st.pool([(s, line_end)])[0], atol=1e-6)
    # spans encode only their own lines; the states match those of the whole text
    assert TEXT in states.cache


def test_embedding_block_is_appended_scaled() -> None:
    from scipy.sparse import csr_matrix

    x = csr_matrix(np.eye(2, dtype=np.float32))
    emb = np.ones((2, 3), dtype=np.float32)
    out = with_embeddings(x, emb, 2.0).toarray()
    np.testing.assert_allclose(out, [[1, 0, 2, 2, 2], [0, 1, 2, 2, 2]])
    assert with_embeddings(x, None, 2.0) is x


def test_merged_2020_class_covers_both_2023_halves() -> None:
    assert TO_2020["Guilt_by_Association"] == "Bandwagon,Reductio_ad_hitlerum"
    assert TO_2020["Appeal_to_Popularity"] == "Bandwagon,Reductio_ad_hitlerum"
