"""Russian heads: training end to end on a tiny SemEval-shaped corpus we write here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from slant.labels import TECHNIQUES

LOADED = [
    "Кровавый режим и его марионетки снова лгут всему миру.",
    "Эти предатели и бандиты грабят собственный народ.",
    "Позорные фашисты из Киева опять устроили провокацию.",
    "Продажные холуи Запада опять врут без стыда.",
]
NEUTRAL = [
    "Заседание комиссии пройдёт во вторник в десять часов.",
    "В городе открылась новая библиотека на сто мест.",
    "Температура воздуха в среду составит плюс пять градусов.",
    "Поезд прибыл на станцию по расписанию.",
]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def _corpus(root: Path, lang: str, n: int, newline: str = "\n") -> None:
    """``n`` articles: a title, then loaded and neutral paragraphs, with all three labels."""
    base = root / "semeval2023-task3" / lang
    par, genre, frames = [], [], []
    for k in range(n):
        aid = f"{lang}{k}"
        lines = [f"Заголовок {k}", "", LOADED[k % 4], NEUTRAL[k % 4], NEUTRAL[(k + 1) % 4]]
        if k % 2:
            lines.append(LOADED[(k + 1) % 4])
        text = newline.join(lines) + newline
        for sub in (1, 2, 3):
            _write(base / f"train-articles-subtask-{sub}" / f"article{aid}.txt", text)
        for i, line in enumerate(lines, start=1):
            if line:
                labels = "Loaded_Language" if line in LOADED else ""
                par.append(f"{aid}\t{i}\t{labels}")
        genre.append(f"{aid}\t{'opinion' if k % 2 else 'reporting'}")
        frames.append(f"{aid}\t{'Political' if k % 2 else 'Economic,Political'}")
    _write(base / "train-labels-subtask-3.txt", "\n".join(par) + "\n")
    _write(base / "train-labels-subtask-1.txt", "\n".join(genre) + "\n")
    _write(base / "train-labels-subtask-2.txt", "\n".join(frames) + "\n")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from slant.training.techniques_ru_train import RuConfig, train

    root = tmp_path_factory.mktemp("data")
    _corpus(root, "ru", 12, newline="\r\n")  # CRLF, as most Russian train files
    _corpus(root, "fr", 8)
    _corpus(root, "en", 6)  # English train joins the frames and genre heads
    out = root / "model"
    cfg = RuConfig(data=root, out=out, pool=("fr",), cache=root / "cache", min_f1=0.5)
    card = train(cfg)
    return root, out, card


def test_read_articles_keeps_offsets_and_refuses_russian_dev(trained) -> None:
    from slant.training.techniques_ru import read_articles

    root, _, _ = trained
    arts = read_articles(root, "ru", "train")
    assert len(arts) == 12
    a = arts[0]
    assert [a.text[s:e] for s, e in a.offsets] == [t for _, t in a.lines]
    assert a.genre in {"opinion", "reporting"} and a.frames
    with pytest.raises(ValueError, match="held back"):
        read_articles(root, "ru", "dev")


def test_train_writes_a_model_that_loads_and_labels(trained) -> None:
    from slant.analyzers.techniques.russian import RussianTechniques, russian_article_model
    from slant.article import Article
    from slant.clean import clean

    _, out, card = trained
    assert {"heads.npz", "frames.npz", "genre.npz", "model.json"} <= {p.name for p in out.iterdir()}
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(TECHNIQUES)
    assert meta["emitted"] == ["Loaded_Language"]
    assert set(meta["figures"]["techniques"]) == {"A->B", "B->A", "mean"}
    assert card["sizes_bytes"]["heads.npz"] == (out / "heads.npz").stat().st_size
    model = RussianTechniques.load(out)
    art = Article(id="x", text="Заголовок\n\n" + LOADED[0] + "\n" + NEUTRAL[0] + "\n")
    art.meta["language"] = "ru"
    clean(art)
    model.annotate(art, art.paragraphs)
    labelled = {art.text[p.start : p.end]: p.techniques for p in art.paragraphs}
    assert labelled[LOADED[0]] == ("Loaded_Language",)
    assert labelled[NEUTRAL[0]] == ()
    assert [art.text[t.start : t.end] for t in art.techniques] == [LOADED[0]]
    genre = russian_article_model.__wrapped__("genre", str(out))
    assert genre.labels == ("reporting", "opinion", "satire")


def test_training_is_reproducible(trained, tmp_path) -> None:
    from slant.training.techniques_ru_train import RuConfig, train

    root, out, _ = trained
    cfg = RuConfig(data=root, out=tmp_path, pool=("fr",), cache=root / "cache", min_f1=0.5)
    train(cfg)
    for name in ("heads.npz", "frames.npz", "genre.npz"):
        with np.load(out / name) as a, np.load(tmp_path / name) as b:
            for key in a.files:
                assert np.array_equal(a[key], b[key]), (name, key)


def test_genre_weights_are_shrunk_halfway_to_one() -> None:
    """Russian genre decision weights: the macro-F1-tuned weights, square-rooted."""
    from slant.analyzers.article_model import calibrate, decide_multiclass
    from slant.training.articles_ru import _calibrate_and_tune, shrink_weights
    from slant.training.frames import tune_weights

    rng = np.random.default_rng(0)
    # 60 articles: 40 opinion, 14 reporting, 6 satire; raw scores lean toward the truth
    y = np.array([1] * 40 + [0] * 14 + [2] * 6)
    raw = rng.normal(size=(len(y), 3))
    raw[np.arange(len(y)), y] += 1.0
    cal_coef, cal_bias, weights = _calibrate_and_tune("genre", raw, y)
    p = calibrate("multiclass", raw, cal_coef, cal_bias)
    tuned = tune_weights(p, y)
    assert np.allclose(weights, np.sqrt(tuned))
    assert weights[1] == 1.0  # opinion stays the reference
    assert np.allclose(shrink_weights(np.array([2.0, 1.0, 8.0])), [2**0.5, 1.0, 8**0.5])
    # a smaller shift never labels more articles satire than the tuned one
    assert (decide_multiclass(p, weights) == 2).sum() <= (decide_multiclass(p, tuned) == 2).sum()
