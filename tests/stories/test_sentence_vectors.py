"""Sentence vectors computed where articles are analysed (ingest, its workers) and stored
with them (migration 0009), then read by ``slant stories`` instead of encoding again."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, inspect, select, update

import slant.sentence_vectors as sv
from slant.article import Article
from slant.config import load_settings
from slant.ingest import ingest
from slant.pipeline import Pipeline, analyze_items
from slant.store import Store
from slant.store import stories as S
from slant.store.tables import ArticleRow, ArticleVectorRow, SentenceVectorRow
from slant.stories import StoryOptions, assign

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"
SETTINGS = load_settings(only=("tone",), on_error="record")


def _records(name: str) -> list[dict[str, str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _article(rec: dict[str, str]) -> Article:
    meta = {"outlet": rec["outlet"], "published": rec["published"]}
    return Article(id=rec["id"], text=rec["text"], title=rec["title"], meta=meta)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Titles of the articles the sentence encoder runs on (in this process)."""
    calls: list[str] = []
    real = sv.article_vector

    def counting(title: str | None, text: str) -> bytes:
        calls.append(title or text[:20])
        return real(title, text)

    monkeypatch.setattr(sv, "article_vector", counting)
    return calls


def _stored(store: Store) -> dict[str, tuple[str, bytes]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ArticleRow.article_id, SentenceVectorRow.encoder, SentenceVectorRow.vector).join(
                SentenceVectorRow, SentenceVectorRow.article_pk == ArticleRow.pk
            )
        )
        return {str(a): (str(e), bytes(v)) for a, e, v in rows}


def test_migration_makes_the_table(store: Store) -> None:
    cols = {c["name"] for c in inspect(store.engine).get_columns("sentence_vectors")}
    assert cols == {"article_pk", "encoder", "vector"}


def test_pipeline_computes_the_vector_only_when_asked() -> None:
    rec = _records("articles.jsonl")[0]
    plain = Pipeline(SETTINGS)(_article(rec))
    assert plain.story_vector is None
    art = Pipeline(SETTINGS.with_(story_vectors=True))(_article(rec))
    assert art.story_vector is not None
    encoder, blob = art.story_vector
    assert encoder == sv.ENCODER and len(blob) == 2 * sv.DIM  # float16
    vec = sv.from_bytes(blob)
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
    direct = sv.MiniLMSentences().vector(rec["title"], rec["text"])
    assert float(vec @ direct) > 0.9999  # the same vector, rounded to float16
    assert "story_vector" not in json.dumps(art.to_dict())  # never in the output
    assert pickle.loads(pickle.dumps(art)).story_vector == art.story_vector  # Ray's transport


def test_worker_processes_compute_the_vectors() -> None:
    recs = _records("articles.jsonl")[:3]
    settings = SETTINGS.with_(story_vectors=True)
    local = [a.story_vector for a in analyze_items([_article(r) for r in recs], settings=settings)]
    pooled = analyze_items([_article(r) for r in recs], settings=settings, workers=2)
    assert [a.story_vector for a in pooled] == local
    assert all(v is not None for v in local)


def test_ingest_stores_vectors_and_stories_reuses_them(
    store: Store, tmp_path: Path, counted: list[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text((FIXTURES / "articles.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest([feed], store, settings=SETTINGS)
    assert report.stored == 6
    stored = _stored(store)
    assert len(stored) == 6 and {e for e, _ in stored.values()} == {sv.ENCODER}
    assert len(counted) == 6  # computed by the pipeline during ingest
    counted.clear()
    done = assign(store, StoryOptions(representation="mixed"))
    assert (done.articles, done.vectors) == (6, 6)
    assert counted == []  # slant stories read them: no encoder call
    assert _stored(store) == stored


def test_incremental_run_encodes_only_the_new_articles(store: Store, counted: list[str]) -> None:
    for rec in _records("articles.jsonl"):  # stored with no vector (an older store)
        store.add(_article(rec), model_version="test")
    assign(store)
    assert len(counted) == 6  # slant stories computed the missing vectors ...
    assert len(_stored(store)) == 6  # ... and stored them
    first = _stored(store)
    counted.clear()
    later = _records("later.jsonl")
    for rec in later:
        store.add(_article(rec), model_version="test")
    report = assign(store)
    assert report.articles == len(later)
    assert sorted(counted) == sorted(r["title"] for r in later)  # the old ones not again
    now = _stored(store)
    assert {k: now[k] for k in first} == first
    with store.engine.connect() as conn:
        mixed = conn.scalar(select(func.count()).where(ArticleVectorRow.representation == "mixed"))
    assert mixed == 6 + len(later)


def test_vector_of_another_encoder_is_recomputed(store: Store, counted: list[str]) -> None:
    recs = _records("articles.jsonl")[:2]
    settings = SETTINGS.with_(story_vectors=True)
    pipeline = Pipeline(settings)
    for rec in recs:
        store.add(pipeline(_article(rec)), model_version="test")
    counted.clear()
    with store.engine.begin() as conn:  # as if an older encoder had made the first one
        pk = conn.scalar(select(ArticleRow.pk).where(ArticleRow.article_id == recs[0]["id"]))
        conn.execute(
            update(SentenceVectorRow)
            .where(SentenceVectorRow.article_pk == pk)
            .values(encoder="old-encoder/1")
        )
    assign(store, StoryOptions(representation="minilm"))
    assert counted == [recs[0]["title"]]
    assert {e for e, _ in _stored(store).values()} == {sv.ENCODER}
    with store.engine.connect() as conn:
        assert S.load_sentence_vectors(conn, [pk], "old-encoder/1") == {}


def test_deleting_an_article_deletes_its_vector(store: Store) -> None:
    rec = _records("articles.jsonl")[0]
    art = Pipeline(SETTINGS.with_(story_vectors=True))(_article(rec))
    store.add(art, model_version="a")
    store.add(art, model_version="b")  # the same text again: the old row goes
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(SentenceVectorRow)) == 1
