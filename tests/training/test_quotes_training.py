"""Training the attribution CRFs on a small hand-written PolNeAR-format corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from slant.analyzers.quotes import MODEL_FILE, load_models
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.training.quotes import holdout, read_polnear, train_polnear

CORPUS = Path(__file__).parent.parent / "fixtures" / "quotes" / "polnear_train"
PARAMS = {
    "cue": {"c1": 0.0, "c2": 0.01, "max_iterations": 60},
    "role": {"c1": 0.0, "c2": 0.01, "max_iterations": 60},
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, dict[str, float]]:
    out = tmp_path_factory.mktemp("quotes_model")
    scores = train_polnear(CORPUS, out, params=PARAMS, full=True)
    return out, scores


def test_fixture_corpus_reads_and_holdout_is_stable():
    docs = read_polnear(CORPUS, "train")
    assert len(docs) == 4 and sum(len(d.attributions) for d in docs) == 12
    # a fixed tenth by name hash: the same articles on every run, all of them with every=1
    assert [holdout(d.id) for d in docs] == [False, False, False, False]
    assert all(holdout(d.id, every=1) for d in docs)


def test_training_writes_one_npz_without_pickles(trained):
    out, scores = trained
    assert scores["articles"] == 4 and scores["cue_tokens"] > 100
    with np.load(out / MODEL_FILE, allow_pickle=False) as z:
        assert set(z["cue_labels"].tolist()) == {"B", "I", "O"}
        assert set(z["role_labels"].tolist()) == {"N", "O", "S"}
    cue, role = load_models(str(out))
    assert cue.index is role.index  # one feature lookup serves both models


def test_trained_tagger_finds_cue_source_and_content_in_new_text(trained):
    out, _ = trained
    pipe = Pipeline(
        Settings(
            only=("entities", "quotes"),
            language_check=False,
            analyzers={"quotes": {"model_dir": str(out)}},
        )
    )
    art = Article(id="t", text="Doctor Nina Park said the clinic will open in June.\n")
    pipe(art)
    (q,) = art.quotes
    text = art.text
    assert text[q.cue.start : q.cue.end] == "said"
    assert "Nina Park" in text[q.speaker.start : q.speaker.end]
    assert q.speaker.name == "Nina Park"
    assert text[q.start : q.end].startswith("the clinic will open")
    assert q.kind == "indirect"


def test_fast_relative_scoring_equals_the_training_features(trained):
    """The analyzer's cached feature lookup scores exactly the features training saw."""
    from slant.analyzers.quotes.tagger import (
        build_table,
        cue_relative,
        relative_rows,
        role_window,
    )

    out, _ = trained
    _cue, role = load_models(str(out))
    pipe = Pipeline(
        Settings(
            only=("entities", "quotes"),
            language_check=False,
            analyzers={"quotes": {"method": "rules"}},
        )
    )
    text = (
        "Mayor Ann Cole said the budget will pass, and the council agrees.\n"
        "“We have the votes,” Cole told reporters. “The bill is fair.”\n"
    )
    art = Article(id="t", text=text)
    pipe(art, keep_doc=True)
    table = build_table(art, art.quotes)
    jobs = []
    for unit in table.units:
        for c0 in unit[1:-1]:
            others = {unit[0], unit[-1]}
            jobs.append(((c0, c0 + 1), role_window(unit, c0, c0 + 1), others))
    feats = [f for cue, w, o in jobs for f in cue_relative(table, w, cue, o)]
    slow = role.emissions(feats)
    fast = role.emissions([()] * len(feats), relative_rows(table, jobs, role))
    assert slow.shape == fast.shape and np.allclose(slow, fast)
    assert np.abs(slow).sum() > 0  # the features are in the model, not all unknown
