from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from slant.article import Article
from slant.store import Store
from slant.store import stories as S
from slant.store.tables import ArticleStoryRow
from slant.stories import StoryOptions, assign
from slant.stories.cluster import StoryAcc, chunk_clusters, match_clusters

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"


def _load(store: Store, name: str) -> None:
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        meta = {"outlet": rec["outlet"], "published": rec["published"]}
        store.add(
            Article(id=rec["id"], text=rec["text"], title=rec["title"], meta=meta),
            model_version="test",
        )


def _groups(store: Store) -> set[frozenset[str]]:
    return {frozenset(S.story_article_ids(store, s.id)) for s in S.list_stories(store)}


QUAKE = frozenset({"quake-tass", "quake-reuters", "quake-bbc"})
BUDGET = frozenset({"budget-rt", "budget-dw"})


@pytest.mark.parametrize("representation", ["mixed", "tfidf", "minilm"])
def test_assign_groups_same_event_across_outlets(store: Store, representation: str) -> None:
    _load(store, "articles.jsonl")
    report = assign(store, StoryOptions(representation=representation))
    assert _groups(store) == {QUAKE, BUDGET, frozenset({"tennis-ap"})}
    assert (report.articles, report.vectors, report.opened, report.merges) == (6, 6, 3, 0)
    top = S.list_stories(store)[0]
    assert top.size == 3 and top.outlets == ["BBC", "Reuters", "TASS"]
    assert (top.first, top.last) == ("2024-03-04", "2024-03-05")
    assert top.headline in {
        "Chile quake kills 14 near Antofagasta, copper mines halted",
        "Strong earthquake hits northern Chile, 12 dead",
        "Chile earthquake: rescuers search rubble in Antofagasta",
    }


def test_assign_incremental_keeps_ids_and_old_rows(store: Store) -> None:
    _load(store, "articles.jsonl")
    assign(store)
    quake_id = S.story_of(store, "quake-tass")
    with store.engine.connect() as conn:
        before = conn.execute(select(ArticleStoryRow).order_by(ArticleStoryRow.article_pk)).all()
    _load(store, "later.jsonl")
    report = assign(store)
    assert report.articles == 2 and report.vectors == 2  # old articles not recomputed
    assert S.story_of(store, "quake-aj") == quake_id  # the story grew, its id stayed
    assert S.story_of(store, "quake-2025") != quake_id  # 15 months later: another event
    with store.engine.connect() as conn:
        after = conn.execute(select(ArticleStoryRow).order_by(ArticleStoryRow.article_pk)).all()
    assert after[: len(before)] == before  # old rows untouched (same time and similarity)
    assert assign(store).articles == 0  # nothing new: nothing done
    assert S.get_story(store, quake_id).size == 4


def test_assign_without_dates_uses_content_alone(store: Store) -> None:
    _load(store, "articles.jsonl")
    _load(store, "later.jsonl")
    assign(store, StoryOptions(window=None))
    assert S.story_of(store, "quake-2025") == S.story_of(store, "quake-tass")
    assign(store, StoryOptions(window=3), rebuild=True)
    assert S.story_of(store, "quake-2025") != S.story_of(store, "quake-tass")
    assert S.merges(store) == []


def test_assign_records_a_merge_when_an_article_bridges_two_stories(store: Store) -> None:
    opts = StoryOptions(threshold=0.3, window=None)
    for aid, text in (
        ("a", "Volcano erupts on Iceland's Reykjanes peninsula, lava flows toward Grindavik"),
        ("b", "Blue Lagoon spa closed and Svartsengi power plant protected by barriers"),
    ):
        store.add(Article(id=aid, text=text, title=None), model_version="t")
    assign(store, opts)
    first, second = S.story_of(store, "a"), S.story_of(store, "b")
    assert first != second
    bridge = (
        "Volcano erupts on Iceland's Reykjanes peninsula, lava flows toward Grindavik; "
        "Blue Lagoon spa closed and Svartsengi power plant protected by barriers"
    )
    store.add(Article(id="c", text=bridge, title=None), model_version="t")
    report = assign(store, opts)
    assert report.merges == 1
    assert S.merges(store) == [(second, first)]  # equal size: the older id survives
    assert set(S.story_article_ids(store, second)) == {"a", "b", "c"}
    assert S.story_of(store, "b") == first


def test_match_clusters_merge_keeps_the_larger_stored_story() -> None:
    s1 = StoryAcc(1, 2, np.array([[2.0, 0.0, 0.0]]), None, None)
    s2 = StoryAcc(2, 1, np.array([[0.0, 1.0, 0.0]]), None, None)
    vec = np.array([[1.0, 1.0, 0.0]]) / np.sqrt(2)
    clusters = chunk_clusters(vec, [None], threshold=0.2, window=None)
    stories = [s1, s2]
    # joins s1 (0.707 to each); then s1+c to s2: 0.707 / (3 * 1) = 0.236 >= 0.2: merged
    touched, merges, _ = match_clusters(
        vec, clusters, [99], stories, threshold=0.2, window=None, next_key=-1
    )
    assert merges == [(2, 1)] and [s.key for s in touched] == [1]
    assert s1.size == 4 and [pk for pk, _ in s1.members] == [99]
    assert stories == [s1]


def test_chunk_clusters_window_splits_far_dates() -> None:
    import datetime as dt

    vec = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 3, 1)]
    assert [c.rows for c in chunk_clusters(vec, days, threshold=0.5, window=3)] == [[0, 1], [2]]
    assert [c.rows for c in chunk_clusters(vec, days, threshold=0.5, window=None)] == [[0, 1, 2]]


def test_row_dots_equals_the_dense_product() -> None:
    from scipy import sparse

    from slant.stories.cluster import row_dots

    rng = np.random.default_rng(3)
    dense = rng.random((6, 50)) * (rng.random((6, 50)) < 0.3)
    total = rng.random((1, 50)) * (rng.random((1, 50)) < 0.5)
    rows = sparse.csr_matrix(dense)
    want = dense @ total.ravel()
    assert np.allclose(row_dots(rows, sparse.csr_matrix(total)), want)
    assert np.allclose(row_dots(dense, total), want)
    assert np.allclose(row_dots(rows, sparse.csr_matrix((1, 50))), 0.0)


def test_gram_with_a_dense_block_equals_the_sparse_product() -> None:
    from scipy import sparse

    from slant.stories.cluster import gram

    rng = np.random.default_rng(5)
    a = rng.random((7, 40)) * (rng.random((7, 40)) < 0.3)
    b = rng.random((5, 40)) * (rng.random((5, 40)) < 0.3)
    a[:, 30:] = rng.random((7, 10))  # the dense block
    b[:, 30:] = rng.random((5, 10))
    got = gram(sparse.csr_matrix(a), sparse.csr_matrix(b), dense_from=30)
    assert np.allclose(got, a @ b.T)
    assert np.allclose(gram(sparse.csr_matrix(a), sparse.csr_matrix(b)), a @ b.T)
