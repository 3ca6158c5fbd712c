"""The shipped MiniLM int8 encoder behind the techniques heads (offsets, pooling, semantics)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from slant.analyzers.techniques import (
    DIM,
    ENCODER_FILE,
    RESOURCE_DIR,
    TOKENIZER,
    ArticleStates,
    MiniLMEncoder,
)

ONNX = RESOURCE_DIR / ENCODER_FILE

TEXT = (
    "Traitors and thugs are destroying our great nation!\n"
    "\n"
    "The city council approved the budget for road repairs on Tuesday.\n"
    "Vile traitors and criminal thugs are ruining this wonderful country!\n"
)


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder(TOKENIZER, ONNX, threads=1)


@pytest.fixture(scope="module")
def states(encoder: MiniLMEncoder) -> ArticleStates:
    return encoder.encode(TEXT)


def test_token_offsets_are_article_offsets(states: ArticleStates) -> None:
    assert states.states.shape == (len(states.starts), DIM)
    assert np.all(np.diff(states.starts) > 0)
    pieces = [TEXT[s:e].lower() for s, e in zip(states.starts, states.ends, strict=True)]
    assert pieces[:2] == ["traitor", "s"]  # word pieces keep their own offsets
    assert "tuesday" in pieces
    assert all("\n" not in p for p in pieces)


def test_pooling_is_unit_norm_and_empty_range_is_zero(states: ArticleStates) -> None:
    v = states.pool([(0, 8), (0, len(TEXT)), (52, 53)])
    np.testing.assert_allclose(np.linalg.norm(v[:2], axis=1), 1.0, rtol=1e-5)
    assert not v[2].any()  # the blank line holds no token


def test_similar_lines_embed_closer_than_unrelated_ones(states: ArticleStates) -> None:
    lines = []
    pos = 0
    for line in TEXT.splitlines(keepends=True):
        if line.strip():
            lines.append((pos, pos + len(line.rstrip("\n"))))
        pos += len(line)
    a, b, c = states.pool(lines)
    assert float(a @ c) > float(a @ b) + 0.1


def test_long_lines_are_windowed_and_a_line_does_not_change_anothers_states(
    encoder: MiniLMEncoder,
) -> None:
    text = " ".join(["propaganda"] * 300) + "\nshort line here\n"
    st = encoder.encode(text)
    assert len(st.starts) >= 300
    assert st.ends[-1] == len(text) - 1
    alone = encoder.encode("short line here\n")
    n = len(alone.starts)
    np.testing.assert_array_equal(alone.states, st.states[-n:])
    # batching windows shares one activation scale between them: states drift
    batched = MiniLMEncoder(TOKENIZER, ONNX, threads=1, batch_tokens=4096).encode(text)
    assert not np.allclose(batched.states[-n:], alone.states, atol=1e-3)


def test_empty_text(encoder: MiniLMEncoder) -> None:
    st = encoder.encode("\n \n")
    assert st.states.shape == (0, DIM)
    assert not st.pool([(0, 2)]).any()


def test_only_encodes_the_lines_it_touches(encoder: MiniLMEncoder, states: ArticleStates) -> None:
    s = TEXT.index("Vile")
    part = encoder.encode(TEXT, only=[(s, s + 4)])
    assert part.starts.min() == s
    n = len(part.starts)
    np.testing.assert_allclose(part.states, states.states[-n:], atol=1e-5)
