"""The frames analyzer: label set, thresholds, scores on a short text, feature parity."""

from __future__ import annotations

import numpy as np
import pytest

from slant.analyzers.frames import FramesAnalyzer
from slant.article import Article
from slant.labels import FRAMES

CRIME = """Three men jailed for armed robbery of jewellery shop

A court in Leeds jailed three men on Friday for the armed robbery of a jewellery shop, \
police said.
The judge sentenced the gang to a total of 31 years in prison after a jury found them guilty \
of robbery and possession of a firearm.
Detectives arrested the men days after the raid, when officers found the stolen watches and \
a loaded gun in a flat.
"These criminals terrorised staff," a police spokesman said after the verdict.
"""


@pytest.fixture(scope="module")
def frames() -> FramesAnalyzer:
    analyzer = FramesAnalyzer()
    analyzer.initialize()
    return analyzer


def test_frames_registered_as_default_article_analyzer() -> None:
    from slant import analyzers as registry

    assert registry.get("frames") is FramesAnalyzer
    assert FramesAnalyzer.assigns == frozenset({"frames"})
    assert FramesAnalyzer.requires == frozenset()
    assert "frames" in registry.default_names()


def test_frames_model_covers_the_14_frames_with_thresholds(frames: FramesAnalyzer) -> None:
    assert frames.model_.labels == FRAMES
    assert len(FRAMES) == 14
    t = frames.model_.thresholds
    assert t.shape == (14,)
    assert ((t > 0.0) & (t < 1.0)).all()
    assert len(set(np.round(t, 3))) > 1  # per-frame, not one global cut


def test_frames_of_a_crime_report(frames: FramesAnalyzer) -> None:
    art = Article(id="c", text=CRIME)
    frames(art)
    labels = [f.label for f in art.frames]
    assert "Crime_and_punishment" in labels
    assert labels[0] == "Crime_and_punishment"  # the strongest frame comes first
    assert "Economic" not in labels
    scores = [f.score for f in art.frames]
    assert scores == sorted(scores, reverse=True)
    thresholds = dict(zip(frames.model_.labels, frames.thresholds_, strict=True))
    assert all(f.score >= thresholds[f.label] for f in art.frames)
    assert set(labels) <= set(FRAMES)


def test_frames_threshold_shift_filters_everything() -> None:
    strict = FramesAnalyzer(threshold_shift=1.0)
    strict.initialize()
    art = Article(id="c", text=CRIME)
    strict(art)
    assert art.frames == []


def test_numpy_features_equal_sklearn_tfidf(frames: FramesAnalyzer) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    model = frames.model_
    terms = sorted(model.vocab, key=model.vocab.__getitem__)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=terms)
    vec.idf_ = model.idf  # the fitted idf of the shipped model
    expected = vec.transform([CRIME]).toarray()[0]
    idx, vals = model.features(CRIME)
    got = np.zeros(len(terms))
    got[idx] = vals
    np.testing.assert_allclose(got, expected, atol=1e-6)
