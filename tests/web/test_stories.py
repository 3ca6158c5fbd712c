"""GET /api/stories, /api/stories/{id} and the reader's /stories pages (TestClient), on a
store of hand-built analysed articles grouped into stories by the store's own writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from _webcorpus import MAX_BYTES, make_article

from slant.annotations import Count, Cue, Quote, Speaker
from slant.article import Article
from slant.config import Settings
from slant.store import Store


def _with_count(art: Article, phrase: str, number: float) -> Article:
    s = art.text.index(phrase)
    art.counts = [Count("ARREST", number, "people", s, s + len(phrase))]
    return art


def _with_quote(art: Article, content: str, speaker: str) -> Article:
    s = art.text.index(content)
    n = art.text.index(speaker)
    said = art.text.index("said", n)
    art.quotes.append(
        Quote(
            s,
            s + len(content),
            "direct",
            Cue(said, said + 4),
            Speaker(speaker, n, n + len(speaker)),
        )
    )
    return art


@pytest.fixture
def stories_client(tmp_path: Path, make_story) -> Iterator[object]:
    """Story 1: RT (40 detained, three techniques), TASS (no count, quote or technique) and
    BBC (55 detained, a witness quoted, no Appeal_to_Fear); story 2: one article of an
    outlet named like markup."""
    from fastapi.testclient import TestClient

    from slant.web import create_app

    url = str(tmp_path / "stories.db")
    store = Store(url)
    rt = make_article(0, "RT", "2022-01-07", "Moscow blamed foreign agents.")
    bbc = make_article(
        1, "BBC", "2022-01-10", '55 people were held. "We saw tanks," Aigerim Sadykova said.'
    )
    _with_count(bbc, "55 people", 55)
    _with_quote(bbc, "We saw tanks,", "Aigerim Sadykova")
    bbc.techniques = bbc.techniques[:2]
    tass = make_article(3, "TASS", "2022-01-09", "Calm returned.")
    tass.counts, tass.quotes, tass.techniques = [], [], []
    odd = make_article(2, "<img src=x onerror=alert(1)>", "2022-03-01", "Nothing else.")
    pks = [store.add(a, model_version="test") for a in (rt, bbc, tass, odd)]
    make_story(store, pks[:3], "Almaty Police Detain Protesters")
    make_story(store, pks[3:], "<script>alert(1)</script>")
    store.close()
    app = create_app(Settings(only=("tone",), max_bytes=MAX_BYTES), url, timeout=30)
    with TestClient(app) as client:
        yield client


def test_api_stories_lists_largest_first(stories_client) -> None:
    r = stories_client.get("/api/stories")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stories"] == 2 and body["limit"] == 20 and body["offset"] == 0
    first, second = body["items"]
    assert first == {
        "id": 1,
        "size": 3,
        "outlets": first["outlets"],
        "first": "2022-01-07",
        "last": "2022-01-10",
        "headline": "Almaty Police Detain Protesters",
        "page": "/stories/1",
    }
    assert sorted(first["outlets"]) == ["BBC", "RT", "TASS"]
    assert second["id"] == 2 and second["size"] == 1
    assert [s["id"] for s in stories_client.get("/api/stories?min_size=2").json()["items"]] == [1]
    assert stories_client.get("/api/stories?limit=0").status_code == 422


def test_api_story_side_by_side_with_its_differences(stories_client) -> None:
    r = stories_client.get("/api/stories/1")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["story"]["id"] == 1 and d["page"] == "/stories/1"
    # one article each: the earliest first
    assert [c["name"] for c in d["outlets"]] == ["RT", "TASS", "BBC"]
    rt, _tass, bbc = d["outlets"]
    assert rt["articles"][0]["pk"] == 1 and rt["articles"][0]["published"] == "2022-01-07"
    (dis,) = d["count_disagreements"]
    assert (dis["type"], dis["object"]) == ("ARREST", "people")
    assert sorted((o, v["number"]) for o, v in dis["values"]) == [("BBC", 55.0), ("RT", 40.0)]
    assert [c["disputed"] for c in bbc["counts"]] == [True]
    assert d["unique_speakers"] == {"RT": [], "TASS": [], "BBC": ["Aigerim Sadykova"]}
    assert d["unique_techniques"] == {"RT": ["Appeal_to_Fear-Prejudice"], "TASS": [], "BBC": []}
    loaded = next(t for t in rt["techniques"] if t["technique"] == "Loaded_Language")
    assert loaded["top"][0]["text"] == "shameful" and loaded["top"][0]["span"] == 0
    # the threshold leaves low spans out of the columns and the differences
    high = stories_client.get("/api/stories/1?min_score=0.6").json()
    assert high["min_score"] == 0.6
    assert high["unique_techniques"] == {"RT": [], "TASS": [], "BBC": []}


def test_api_story_errors(stories_client) -> None:
    r = stories_client.get("/api/stories/99")
    assert r.status_code == 404 and r.json() == {"error": "no story 99"}
    assert stories_client.get("/api/stories/1?min_score=2").status_code == 422
    assert stories_client.get("/api/stories/x").status_code == 422
    schema = stories_client.get("/openapi.json").json()
    detail = schema["paths"]["/api/stories/{story_id}"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"]["$ref"].endswith("/StoryDetail")
    assert "StoryList" in str(schema["paths"]["/api/stories"]["get"]["responses"]["200"])


def test_stories_page_lists_stories_with_links(stories_client) -> None:
    r = stories_client.get("/stories")
    assert r.status_code == 200
    html = r.text
    assert '<a href="/stories">Stories</a>' in html  # in the navigation
    assert '<a href="/stories/1">Almaty Police Detain Protesters</a>' in html
    assert "2022-01-07 – 2022-01-10" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert stories_client.get("/stories?min_size=5").text.count('id="no-stories"') == 1
    later = stories_client.get("/stories?since=2022-02-01&until=").text
    assert 'href="/stories/2"' in later and 'href="/stories/1"' not in later
    assert stories_client.get("/stories?since=January").status_code == 422


def test_story_page_columns_highlights_and_span_links(stories_client) -> None:
    r = stories_client.get("/stories/1")
    assert r.status_code == 200
    html = r.text
    assert html.count('<section class="outlet-col"') == 3
    # the differences table has a column for each outlet giving a disputed count
    table = html.split('id="count-disagreements">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<th>([^<]*)</th>", table) == ["event", "RT", "BBC"]
    assert re.search(r'<tr class="disputed" data-type="ARREST" data-object="people">', html)
    assert 'data-type="ARREST" data-object="people"' in html
    assert re.search(
        r'<li class="unique"><a href="/articles/2#quote-1"[^>]*>Aigerim Sadykova', html
    )
    assert 'href="/articles/1#span-0"' in html  # the top span, at its place in the article
    assert '<li class="tech unique" data-tech="Appeal_to_Fear-Prejudice">' in html
    # the article page carries the anchor the link goes to
    article = stories_client.get("/articles/1").text
    assert re.search(r'<mark [^>]*data-span="0"[^>]*id="span-0"', article)
    assert article.count('id="span-0"') == 1
    odd = stories_client.get("/stories/2").text
    assert "One outlet: nothing to compare." in odd
    assert "<img src=x" not in odd and "&lt;img src=x onerror=alert(1)&gt;" in odd
    assert stories_client.get("/stories/99").status_code == 404
