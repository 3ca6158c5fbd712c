"""The techniques analyzer's shortcuts give exactly the output of the plain computation.

The analyzer walks the parse once for all paragraphs, runs a window repeated in an article
once, and does not score the exact copies of a paragraph (they take their original's
spans and labels). Each test here computes the plain way and compares, on real text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from slant.analyzers.techniques import (
    ENCODER_FILE,
    RESOURCE_DIR,
    TOKENIZER,
    MiniLMEncoder,
    TechniquesAnalyzer,
    exact_copies,
    mirror_duplicates,
    range_sequences,
    sequences,
)
from slant.annotations import TechniqueSpan
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
DUPLICATE = ROOT / "tests" / "fixtures" / "techniques" / "duplicate.txt"
EXAMPLE = ROOT / "examples" / "kazakhstan_csto_2022.txt"


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    p = Pipeline(Settings(only=("techniques",), language_check=False))
    p.initialize()
    return p


def _plain(an: TechniquesAnalyzer, article: Article) -> tuple[list[TechniqueSpan], list[tuple]]:
    """The analysis computed without shortcuts: every paragraph scored, then mirrored."""
    raw = an.find_spans(article)
    probs = an.classify_spans(article, [(s, e) for s, e, _ in raw])
    spans = []
    for (s, e, score), ranked in zip(raw, probs, strict=True):
        spans.append(TechniqueSpan(ranked[0][0], s, e, score * ranked[0][1]))
        spans += [TechniqueSpan(t, s, e, score * q) for t, q in ranked[1:3] if q >= an.extra_thr_]
    chosen = an._paragraphs(article)
    pp = an.with_span_evidence(an.paragraph_probabilities(article, chosen), chosen, spans)
    labels = {
        p.start: tuple(
            t for t, q, thr in zip(an.labels_, row, an.par_thr_, strict=True) if q >= thr
        )
        for p, row in zip(chosen, pp, strict=True)
    }
    paras = [dataclasses.replace(p, techniques=labels.get(p.start, ())) for p in article.paragraphs]
    paras, spans = mirror_duplicates(article.text, paras, spans)
    return an.calibrated(spans), [(p.line, p.start, p.end, p.techniques) for p in paras]


@pytest.mark.parametrize("path", [DUPLICATE, EXAMPLE], ids=["duplicate", "example"])
def test_analysis_with_shortcuts_equals_the_plain_computation(pipe: Pipeline, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    article = pipe(Article(id=path.stem, text=text), keep_doc=True)
    an = pipe.analyzers[0]
    assert isinstance(an, TechniquesAnalyzer)
    spans, paras = _plain(an, article)
    assert article.techniques == spans  # same spans, techniques and scores, bit for bit
    assert [(p.line, p.start, p.end, p.techniques) for p in article.paragraphs] == paras
    if path == DUPLICATE:
        assert exact_copies(text, article.paragraphs) == {7}  # line 11 is retyped, not exact


def test_range_sequences_equal_sequences_per_range(pipe: Pipeline) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    article = pipe(Article(id="ex", text=text), keep_doc=True)
    doc = article.doc
    assert doc is not None
    ranges = [(p.start, p.end) for p in article.paragraphs] + [(0, len(text)), (5, 5)]
    got = range_sequences(doc, ranges)
    want = [sequences(doc, s, e) for s, e in ranges]
    assert [[[t.i for t in q] for q in r] for r in got] == [
        [[t.i for t in q] for q in r] for r in want
    ]
    assert sum(len(r) for r in got[:-2]) > 10


def test_a_repeated_line_is_encoded_once_with_the_same_states() -> None:
    enc = MiniLMEncoder(TOKENIZER, RESOURCE_DIR / ENCODER_FILE, threads=1)
    calls = []
    run = enc.session.run

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return run(*args, **kwargs)

    enc.session = type("Counted", (), {"run": staticmethod(counting)})()
    line = "Traitors and thugs are destroying our great nation!"
    text = f"{line}\nThe council met on Tuesday.\n{line}\n"
    st = enc.encode(text)
    assert len(calls) == 2  # three lines, two distinct windows
    first = st.states[st.starts < len(line)]
    third = st.states[st.starts >= text.rindex(line)]
    assert len(first) == len(third) > 5
    np.testing.assert_array_equal(first, third)
    alone = enc.encode(line).states
    np.testing.assert_array_equal(first, alone)
