"""Russian techniques, frames and genre (analyzers/techniques/russian.py) on our own text."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from slant.article import Article
from slant.clean import clean
from slant.labels import FRAMES, GENRES, TECHNIQUES

# A made-up pro-government column: name calling and loaded words in every line.
LOADED = (
    "Киевские неонацисты снова показали своё звериное лицо\n"
    "\n"
    "Кровавый киевский режим, эта банда марионеток и предателей, продолжает "
    "уничтожать собственный народ по указке своих заокеанских хозяев.\n"
    "Эти бандеровские выродки и их западные кукловоды — позор человечества, "
    "настоящие фашисты, для которых нет ничего святого.\n"
)
# A made-up wire report: dates, places, a schedule; nothing persuasive.
NEUTRAL = (
    "В Новосибирске открылся новый автовокзал\n"
    "\n"
    "Новый автовокзал в Новосибирске принял первых пассажиров во вторник, "
    "сообщила пресс-служба мэрии города.\n"
    "Здание площадью 4 тысячи квадратных метров рассчитано на 120 рейсов в сутки. "
    "Кассы работают с 6:00 до 23:00.\n"
)


def russian(text: str) -> Article:
    art = Article(id="ru", text=text, meta={"language": "ru"})
    clean(art)
    return art


@pytest.fixture(scope="module")
def model():
    from slant.analyzers.techniques.russian import techniques_model

    return techniques_model()


def test_russian_resources_load_offline(monkeypatch) -> None:
    """The heads and the encoder load and run with every socket refused."""
    from slant.analyzers.techniques import russian as ru

    def refuse(*args, **kwargs):
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = ru.RussianTechniques.load(ru.RU_DIR)
    assert list(model.labels) == list(TECHNIQUES)
    assert set(model.meta["emitted"]) <= set(TECHNIQUES)
    enc = ru.ParagraphEncoder(model.meta["encoder"])
    vec = enc.encode(["Заседание пройдёт во вторник."])
    assert vec.shape == (1, enc.dim)
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 0.05
    for task in ("frames", "genre"):
        head = ru.russian_article_model.__wrapped__(task)
        assert head.encoder == model.meta["encoder"]


def test_russian_calibration_is_monotonic(model) -> None:
    """Every emitted label's score map rises with the raw score; thresholds are scores."""
    raw = np.linspace(-8, 8, 200)[:, None].repeat(len(model.labels), axis=1)
    from slant.analyzers.techniques.russian import platt

    cal = platt(raw, model.cal_a, model.cal_b)
    emitted = [model.labels.index(t) for t in model.meta["emitted"]]
    assert emitted
    for j in emitted:
        assert np.all(np.diff(cal[:, j]) > 0)
        assert 0.0 < model.thresholds[j] < 1.0
    never = [j for j, t in enumerate(model.labels) if t not in model.meta["emitted"]]
    assert all(model.thresholds[j] > 1.0 for j in never)


def test_russian_loaded_language_fires() -> None:
    from slant.analyzers.techniques.russian import annotate_russian

    art = russian(LOADED)
    annotate_russian(art)
    body = [p for p in art.paragraphs if p.kind == "body"]
    found = {t for p in body for t in p.techniques}
    assert found & {"Loaded_Language", "Name_Calling-Labeling"}
    # every label has one evidence span inside its paragraph, with a score past its threshold
    for p in art.paragraphs:
        spans = [t for t in art.techniques if p.start <= t.start and t.end <= p.end]
        assert sorted(t.technique for t in spans) == sorted(p.techniques)
        for t in spans:
            assert art.text[t.start : t.end].strip() == art.text[t.start : t.end]
            assert 0.0 < t.score <= 1.0
    art.check()


def test_russian_neutral_report_stays_clean() -> None:
    from slant.analyzers.techniques.russian import annotate_russian

    art = russian(NEUTRAL)
    annotate_russian(art)
    assert art.techniques == []
    assert all(p.techniques == () for p in art.paragraphs)


def test_russian_duplicate_paragraph_reads_the_same() -> None:
    """Through the analyzer: a repeated paragraph takes its original's labels and spans."""
    from slant.analyzers.techniques import TechniquesAnalyzer

    line = LOADED.splitlines()[2]
    art = russian(LOADED + "Другой абзац о погоде в Москве.\n" + line + "\n")
    analyzer = TechniquesAnalyzer()
    analyzer.initialize()
    analyzer(art)
    first, copy = (p for p in art.paragraphs if art.text[p.start : p.end] == line)
    assert copy.duplicate_of == first.line
    assert copy.techniques == first.techniques != ()

    def spans(p):
        return [
            (t.technique, art.text[t.start : t.end], t.score)
            for t in art.techniques
            if p.start <= t.start and t.end <= p.end
        ]

    assert spans(copy) == spans(first)
    art.check()


def test_russian_frames_and_genre() -> None:
    from slant.analyzers.frames import FramesAnalyzer
    from slant.analyzers.genre import GenreAnalyzer

    frames, genre = FramesAnalyzer(), GenreAnalyzer()
    frames.initialize()
    genre.initialize()
    for text in (LOADED, NEUTRAL):
        art = russian(text)
        frames(art)
        genre(art)
        assert all(f.label in FRAMES and 0.0 <= f.score <= 1.0 for f in art.frames)
        assert art.genre is not None and art.genre.label in GENRES
        assert abs(sum(art.genre.scores.values()) - 1.0) < 1e-3
        assert art.genre.scores[art.genre.label] == max(art.genre.scores.values())
    assert frames.ru_ is not None and genre.ru_ is not None


def test_english_never_loads_the_russian_heads() -> None:
    """English articles take the English models only: the Russian branch is never entered."""
    from slant.analyzers.article_model import ArticleModel
    from slant.analyzers.frames import FramesAnalyzer, default_model_path

    frames = FramesAnalyzer()
    frames.initialize()
    art = Article(id="en", text="The government raised taxes on fuel again.\n")
    clean(art)
    frames(art)
    assert frames.ru_ is None
    model = ArticleModel.load(default_model_path())
    probs = model.probabilities(art.text)
    expected = {
        lab for lab, p, t in zip(model.labels, probs, frames.thresholds_, strict=True) if p >= t
    }
    assert {f.label for f in art.frames} == expected


def test_russian_article_routed_through_the_pipeline() -> None:
    """The language identifier routes our Russian column to the Russian branches."""
    import slant
    from slant.schema import validate

    text = LOADED + "Кровавые марионетки Запада не остановятся ни перед чем.\n"
    art = slant.analyze(text, only=("techniques", "frames", "genre"))
    assert art.language == "ru"
    assert {"techniques", "frames", "genre"} <= set(art.to_dict()["analyzers"])
    assert {t.technique for t in art.techniques} & {"Loaded_Language", "Name_Calling-Labeling"}
    assert art.genre is not None and art.genre.label in GENRES
    validate(art.to_dict())


def test_russian_news_report_is_not_shown_as_satire() -> None:
    """A plain wire report (our text: a memorial ceremony, quotes, an investigation).

    The genre head's calibrated satire score is low; the decision weights once multiplied it
    by 8 (shown 0.25); shrunk halfway to 1 the shown satire score stays low.
    """
    from pathlib import Path

    from slant.analyzers.genre import GenreAnalyzer

    path = Path(__file__).parents[1] / "fixtures" / "ru" / "genre" / "memorial_report.txt"
    art = russian(path.read_text(encoding="utf-8"))
    genre = GenreAnalyzer()
    genre.initialize()
    genre(art)
    assert art.genre is not None and art.genre.label == "reporting"
    assert art.genre.scores["satire"] < 0.2
    weights = genre.ru_.thresholds
    assert weights[GENRES.index("opinion")] == 1.0
    assert max(weights) <= 32**0.5  # shrunk: the tuning grid's largest weight, square-rooted
