from __future__ import annotations

from slant.article import Article
from slant.store import Store
from slant.store import stories as S
from slant.store.queries import list_stories, story_article_ids, story_of


def _add(store: Store, aid: str, title: str, outlet: str | None, published: str | None) -> int:
    meta = {k: v for k, v in {"outlet": outlet, "published": published}.items() if v}
    art = Article(id=aid, text=f"{title}\n\nBody of {aid}.", title=title, meta=meta)
    return store.add(art, model_version="test")


def test_store_stories_listing_members_and_merges(store: Store) -> None:
    a = _add(store, "a", "Quake hits Chile", "TASS", "2024-01-02")
    b = _add(store, "b", "Chile earthquake kills 3", "Reuters", "2024-01-03")
    c = _add(store, "c", "Strong quake in Chile", "Reuters", "2024-01-04")
    d = _add(store, "d", "Budget vote delayed", "BBC", None)
    with store.engine.begin() as conn:
        assert [p.pk for p in S.pending_articles(conn)] == [a, b, c, d]
        s1 = S.create_story(conn, representation="t")
        s2 = S.create_story(conn, representation="t")
        s3 = S.create_story(conn, representation="t")
        S.assign_articles(conn, s1, [(a, 1.0), (b, 0.8)])
        S.assign_articles(conn, s2, [(c, 1.0)])
        S.assign_articles(conn, s3, [(d, None)])
        S.update_story(
            conn,
            s1,
            size=2,
            first=None,
            last=None,
            centroid=None,
            headline="Quake hits Chile",
            headline_pk=a,
        )
        assert S.pending_articles(conn) == []
    stories = list_stories(store)
    assert [s.id for s in stories] == [s1, s2, s3]  # size, then latest date (undated last)
    top = stories[0]
    assert (top.size, top.first, top.last, top.headline) == (
        2,
        "2024-01-02",
        "2024-01-03",
        "Quake hits Chile",
    )
    assert top.outlets == ["Reuters", "TASS"]
    assert stories[2].headline == "Budget vote delayed"  # no stored headline: earliest title
    assert stories[2].first is None and stories[2].outlets == ["BBC"]
    assert story_of(store, "c") == s2 and story_of(store, "zzz") is None
    assert story_article_ids(store, s1) == ["a", "b"]
    assert [s.id for s in list_stories(store, min_size=2)] == [s1]
    assert [s.id for s in list_stories(store, since="2024-01-04")] == [s2]
    assert [s.id for s in list_stories(store, until="2024-01-02")] == [s1]
    assert [s.id for s in list_stories(store, limit=1, offset=1)] == [s2]

    with store.engine.begin() as conn:
        S.merge_story(conn, s2, s1)
    assert S.merges(store) == [(s2, s1)]
    assert story_of(store, "c") == s1
    assert story_article_ids(store, s2) == ["a", "b", "c"]  # an old id leads to its articles
    assert S.get_story(store, s2) == S.get_story(store, s1)
    assert S.story_count(store) == 2
    assert S.article_stories(store) == {a: s1, b: s1, c: s1, d: s3}
    assert story_article_ids(store, 999) == []


def test_store_vectors_kept_per_representation(store: Store) -> None:
    a = _add(store, "a", "One", None, None)
    b = _add(store, "b", "Two", None, None)
    with store.engine.begin() as conn:
        S.save_vectors(conn, {a: b"\x00\x00\x80?"}, "x")
        assert S.missing_vectors(conn, [a, b], "x") == [b]
        assert S.missing_vectors(conn, [a, b], "y") == [a, b]
        assert S.load_vectors(conn, [a, b], "x") == {a: b"\x00\x00\x80?"}
