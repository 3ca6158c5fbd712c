"""Labels of the MiniLM attribution tagger, and a few resumable training steps (needs torch)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from slant.training.attribution import AttributionConfig, piece_labels, training_windows
from slant.training.finetune import tokenizer
from slant.training.quotes import Attribution, read_polnear

CORPUS = Path(__file__).parent.parent / "fixtures" / "quotes" / "polnear_train"


def test_labels_mark_each_role_with_b_then_i_and_nested_spans_keep_the_longest() -> None:
    text = 'Cole said "the plan works" today.'
    tok = tokenizer()
    enc = tok.encode(text, add_special_tokens=False)
    outer = (text.index('"the'), text.index(" today"))
    inner = (text.index("plan"), text.index("plan") + 4)
    gold = [
        Attribution((outer,), ((5, 9),), ((0, 4),)),
        Attribution((inner,), (), ()),  # nested inside the first content
    ]
    labels = piece_labels(text, enc.offsets, gold)
    by_piece: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(enc.offsets):
        by_piece.setdefault(text[s:e], labels[i].tolist())  # the first piece of that text
    assert by_piece["Cole"] == [0, 1, 0] and by_piece["said"] == [1, 0, 0]
    assert by_piece['"'] == [0, 0, 1]  # the opening mark begins the content
    assert by_piece["plan"] == [0, 0, 2]  # inside, not a new run: the longest span wins
    assert by_piece["today"] == [0, 0, 0]


def test_training_windows_have_special_tokens_and_unlabelled_edges() -> None:
    doc = read_polnear(CORPUS, "train")[0]
    (ids, labels), *_ = training_windows(tokenizer(), doc)
    assert ids[0] == tokenizer().token_to_id("[CLS]") and ids[-1] == tokenizer().token_to_id(
        "[SEP]"
    )
    assert labels[0] == labels[-1] == [-100, -100, -100]
    assert any(lab[2] == 1 for lab in labels[1:-1])


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None,
    reason="needs the finetune extra (torch, transformers)",
)
def test_two_steps_checkpoint_resume_and_export_an_onnx_the_runtime_reads(tmp_path) -> None:
    from slant.analyzers.quotes import AttributionTagger
    from slant.training.attribution import train_attribution

    cfg = AttributionConfig(
        data=CORPUS,
        run_dir=tmp_path,
        layers=1,
        batch=2,
        full=True,
        limit_steps=1,
        checkpoint_every=1,
        threads=1,
    )
    assert train_attribution(cfg)["steps"] == 1
    cfg.limit_steps = 2
    info = train_attribution(cfg)  # resumes from the checkpoint of step 1
    assert info["steps"] == 2 and (tmp_path / "checkpoint.pt").is_file()
    tagger = AttributionTagger(tmp_path)
    starts, _ends, probs = tagger.probabilities("Mayor Ann Cole said the budget will pass.")
    assert probs.shape == (len(starts), 3, 3)
    assert abs(float(probs[0].sum()) - 3.0) < 1e-3  # one softmax per role
