"""The techniques analyzer on a short propaganda-style text (uses the shipped model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.config import Settings
from slant.labels import TECHNIQUES
from slant.pipeline import Pipeline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "techniques" / "propaganda.txt"


@pytest.fixture(scope="module")
def analysed() -> Article:
    text = FIXTURE.read_text(encoding="utf-8")
    pipe = Pipeline(Settings(only=("techniques",), language_check=False))
    return pipe(Article(id="propaganda", text=text), keep_doc=True)


def test_finds_loaded_language_or_name_calling(analysed: Article) -> None:
    found = {t.technique for t in analysed.techniques}
    assert found & {"Loaded_Language", "Name_Calling-Labeling"}
    words = " ".join(analysed.text[t.start : t.end].lower() for t in analysed.techniques)
    assert any(w in words for w in ("thugs", "traitors", "lapdog", "snakes", "corrupt"))


def test_spans_round_trip_and_stay_inside_the_text(analysed: Article) -> None:
    analysed.check()
    for t in analysed.techniques:
        assert t.technique in TECHNIQUES
        assert 0 <= t.start < t.end <= len(analysed.text)
        piece = analysed.text[t.start : t.end]
        assert piece == piece.strip() and piece
        assert 0.0 <= t.score <= 1.0
    out = analysed.to_dict()
    for d in out["techniques"]:
        assert d["text"] == analysed.text[d["start"] : d["end"]]


def test_paragraph_labels_are_set(analysed: Article) -> None:
    labelled = [p for p in analysed.paragraphs if p.techniques]
    assert labelled, "some paragraph of an unmistakable text gets a technique"
    by_text = {analysed.text[p.start : p.end]: p.techniques for p in analysed.paragraphs}
    neutral = "The city council met on Tuesday and approved the budget for road repairs."
    assert "Loaded_Language" not in by_text[neutral]
    for p in analysed.paragraphs:
        assert set(p.techniques) <= set(TECHNIQUES)
    assert "techniques" in analysed.analyzers


def test_classify_spans_ranks_every_technique(analysed: Article) -> None:
    from slant.analyzers.techniques import TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.initialize()
    start = analysed.text.index("Either you stand")
    end = analysed.text.index("terrorists.") + len("terrorists")
    ranked = an.classify_spans(analysed, [(start, end)])[0]
    assert len(ranked) == len(TECHNIQUES)
    assert sum(p for _, p in ranked) == pytest.approx(1.0, abs=1e-4)
    assert ranked == sorted(ranked, key=lambda x: -x[1])


def test_shipped_model_uses_minilm_states_once_per_article(analysed: Article) -> None:
    from slant.analyzers.techniques import TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.initialize()
    assert an.encoder_ is not None
    assert an.tc_emb_.shape == (768, len(TECHNIQUES))
    assert an.par_emb_.shape == (768, len(TECHNIQUES))
    start = analysed.text.index("Either you stand")
    end = analysed.text.index("terrorists.") + len("terrorists")
    first = an.classify_spans(analysed, [(start, end)])[0]
    st = an.states(analysed)
    assert an.states(analysed) is st  # cached, not re-encoded
    # the analyzer keeps one article, the process's shared encoder the last two
    for text in ("Officials said the budget passed.", "The council met on Tuesday."):
        an.states(Article(id="x", text=text))
    assert an.states(analysed) is not st  # evicted: memory stays bounded
    again = an.classify_spans(analysed, [(start, end)])[0]
    assert [t for t, _ in again] == [t for t, _ in first]
    # without the embedding term the scores differ: the MiniLM block is really used
    an.encoder_ = None
    plain = an.classify_spans(analysed, [(start, end)])[0]
    assert dict(plain)[first[0][0]] != pytest.approx(first[0][1], abs=1e-4)


def test_an_article_gets_the_same_analysis_whatever_came_before() -> None:
    """Word clusters were cached by lower-cased form, so "Trump" after "trump" got the
    vector of the first spelling seen: results depended on the articles analysed earlier
    in the process (and so on the worker an article landed on)."""
    text = FIXTURE.read_text(encoding="utf-8")
    before = (
        "the lapdog media and the thugs lie. traitors and snakes, corrupt elites, a radical "
        "left: either you stand with us or with the terrorists. america first, america great.\n"
    )
    alone = Pipeline(Settings(only=("techniques",), language_check=False))
    after = Pipeline(Settings(only=("techniques",), language_check=False))
    after(Article(id="first", text=before.upper() + before))
    a = alone(Article(id="x", text=text))
    b = after(Article(id="x", text=text))
    assert a.techniques == b.techniques
    assert a.paragraphs == b.paragraphs


def test_span_finder_mixes_the_crf_with_the_token_head(analysed: Article) -> None:
    from slant.analyzers.techniques import TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.initialize()
    assert an.si_lr_ is not None
    assert an.si_lr_[0].shape == (3 * 384,)
    assert 0.0 <= an.crf_weight_ <= 1.0
    an.span_thr_ = 0.3
    by_weight = {}
    for w in (1.0, 0.0):
        an.crf_weight_ = w
        by_weight[w] = an.find_spans(analysed)
        for s, e, score in by_weight[w]:
            assert 0 <= s < e <= len(analysed.text)
            assert 0.0 <= score <= 1.0
    # the CRF alone and the token head alone mark different tokens
    assert by_weight[1.0] != by_weight[0.0]
    assert by_weight[0.0]  # the token head alone finds the obvious insults too


def test_nearby_runs_merge_and_short_spans_go(analysed: Article) -> None:
    from slant.analyzers.techniques import TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.initialize()
    an.span_thr_ = 0.3
    an.span_gap_, an.span_min_chars_ = -1, 0
    plain = an.find_spans(analysed)
    an.span_gap_ = 6
    merged = an.find_spans(analysed)
    assert len(merged) <= len(plain)
    # merging only joins runs: every plain span lies inside one merged span
    for s, e, _ in plain:
        assert any(ms <= s and e <= me for ms, me, _ in merged)
    an.span_gap_, an.span_min_chars_ = -1, 12
    long_only = an.find_spans(analysed)
    assert long_only == [x for x in plain if x[1] - x[0] >= 12]
    assert len(long_only) < len(plain)  # the fixture has short insults ("thugs")


def test_sentence_features_pool_each_sentence_and_its_neighbours() -> None:
    import numpy as np

    from slant.analyzers.techniques import sequence_state_features

    class Tok:
        def __init__(self, idx: int) -> None:
            self.idx = idx

        def __len__(self) -> int:
            return 1

    class States:  # token i has state e_i (pooled per token range)
        def pool(self, ranges):
            rows = np.zeros((len(ranges), 384), dtype=np.float32)
            for r, (s, _e) in enumerate(ranges):
                rows[r, s] = 1.0
            return rows

    seqs = [[Tok(0), Tok(1)], [Tok(2)], [Tok(3), Tok(4), Tok(5)]]
    x = sequence_state_features(States(), seqs)
    assert x.shape == (3, 3 * 384 + 1)
    mean0 = x[0, :384]
    assert np.allclose(mean0[:2], 2**-0.5) and np.allclose(mean0[2:], 0)  # L2-normalised
    assert np.allclose(x[0, 384:768][:2], 1.0)  # element-wise max
    assert np.allclose(x[:, 768], np.log1p([2, 1, 3]))
    # neighbours: the first sentence sees only the second, the middle one both
    assert np.allclose(x[0, 769:], x[1, :384])
    assert np.allclose(x[1, 769:], x[0, :384] + x[2, :384])
    assert np.allclose(x[2, 769:], x[1, :384])


def test_sentence_head_tells_a_tirade_from_a_council_report(analysed: Article) -> None:
    from slant.analyzers.techniques import TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.initialize()
    assert an.si_sent_ is not None and an.si_sent_[0].shape == (3 * 384 + 1,)
    scores = an.span_scores(analysed, every_head=True)
    text = analysed.text
    by_sentence = {text[s.starts[0] : s.ends[-1]]: s.sentence for s in scores}
    council = "The city council met on Tuesday and approved the budget for road repairs."
    tirade = (
        "The corrupt globalist elites and their lapdog media are destroying everything we love."
    )
    assert by_sentence[tirade] > 0.5 > by_sentence[council]
    # the sentence score alone (weight 1): spans lie only in sentences that reach the
    # threshold (a strong CRF "B" may still split one), and cover the tirade
    an.sentence_weight_, an.span_thr_, an.span_gap_, an.span_min_chars_ = 1.0, 0.5, -1, 0
    spans = an.decode_spans(scores)
    assert spans
    for s, e, _ in spans:
        home = next(x for x in scores if x.starts[0] <= s and e <= x.ends[-1])
        assert home.sentence >= 0.5
    covered = "".join(text[s:e] for s, e, _ in spans)
    assert "lapdog" in covered and "council" not in covered


def test_inside_probabilities_mix_the_heads_as_weighted() -> None:
    import numpy as np

    from slant.analyzers.techniques import SequenceScores, TechniquesAnalyzer

    an = TechniquesAnalyzer()
    an.crf_weight_, an.sentence_weight_ = 0.25, 0.5
    sc = SequenceScores(
        starts=[0, 5],
        ends=[4, 9],
        crf=np.array([0.8, 0.0]),
        begin=[0.9, 0.0],
        lr=np.array([0.4, 1.0]),
        sentence=0.6,
    )
    # token: 0.25·crf + 0.75·lr = 0.5 and 0.75; then half of it, half the sentence's 0.6
    assert np.allclose(an.inside_probabilities(sc), [0.55, 0.675])
    an.sentence_weight_ = 0.0
    assert np.allclose(an.inside_probabilities(sc), [0.5, 0.75])
    no_heads = SequenceScores([0], [4], np.array([0.3]), [0.0], None, None)
    assert np.allclose(an.inside_probabilities(no_heads), [0.3])  # the CRF alone
