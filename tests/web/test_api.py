from __future__ import annotations

import re
import threading

import pytest
from _webcorpus import FIXTURES, MAX_BYTES

from slant.schema import validate

SEED = (FIXTURES / "short.txt").read_text(encoding="utf-8")


# -- analyze ---------------------------------------------------------------------------------


def test_analyze_json_text_returns_the_output_contract(client) -> None:
    r = client.post("/api/analyze", json={"text": SEED, "outlet": "Farm Weekly", "id": "g1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["skipped"] == [] and body["stored"] == []
    (art,) = body["articles"]
    validate(art)
    assert art["id"] == "g1"
    assert art["outlet"] == "Farm Weekly"
    assert art["title"] == "Ministers Argue Over Grain Deal"
    assert art["text"] == SEED
    assert art["analyzers"] == ["tone"]
    assert art["tone"]["tone"] < 0  # "disgraceful betrayal" outweighs the rest
    assert [p["line"] for p in art["paragraphs"]] == [1, 3, 4]


def test_analyze_plain_text_body(client) -> None:
    r = client.post(
        "/api/analyze", content=SEED.encode(), headers={"content-type": "text/plain; charset=utf-8"}
    )
    assert r.status_code == 200
    assert r.json()["articles"][0]["text"] == SEED


def test_analyze_upload_txt_is_read_like_a_file(client) -> None:
    data = (FIXTURES / "short.txt").read_bytes()
    r = client.post("/api/analyze", files={"file": ("grain.txt", data, "text/plain")})
    assert r.status_code == 200
    art = r.json()["articles"][0]
    assert art["id"] == "grain"
    assert art["source"] == "upload:grain.txt"
    assert art["title"] == "Ministers Argue Over Grain Deal"


def test_analyze_upload_html_extracts_the_article(client) -> None:
    data = (FIXTURES / "page.html").read_bytes()
    r = client.post("/api/analyze", files={"file": ("port.html", data, "text/html")})
    assert r.status_code == 200, r.text
    art = r.json()["articles"][0]
    assert "Odesa reopened on Monday" in art["text"]
    assert "Copyright" not in art["text"]
    assert "Home" not in art["text"]


def test_analyze_jsonl_upload_keeps_good_lines_and_reports_bad_ones(client) -> None:
    data = (FIXTURES / "two.jsonl").read_bytes()
    r = client.post("/api/analyze", files={"file": ("feed.jsonl", data, "application/jsonl")})
    assert r.status_code == 200
    body = r.json()
    assert [a["id"] for a in body["articles"]] == ["j1", "j3"]
    assert body["articles"][0]["outlet"] == "Daily"
    (skip,) = body["skipped"]
    assert skip["source"] == "upload:feed.jsonl:2"
    assert "not valid JSON" in skip["error"]


def test_analyze_jsonl_body(client) -> None:
    data = (FIXTURES / "two.jsonl").read_bytes()
    r = client.post("/api/analyze", content=data, headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200
    assert len(r.json()["articles"]) == 2


def test_analyze_save_stores_the_article(client) -> None:
    r = client.post("/api/analyze?save=true", json={"text": SEED, "id": "saved-1"})
    assert r.status_code == 200
    (pk,) = r.json()["stored"]
    assert pk == 6  # after the five fixture articles
    stored = client.get("/api/articles/saved-1").json()
    assert stored["text"] == SEED
    assert client.get("/api/articles?q=grain").json()["items"][0]["id"] == "saved-1"


def test_a_saved_upload_carries_its_story_vector(client, db_url: str) -> None:
    from slant import sentence_vectors as sv
    from slant.store import Store
    from slant.store.stories import load_sentence_vectors

    r = client.post("/api/analyze?save=true", json={"text": SEED, "id": "saved-2"})
    (pk,) = r.json()["stored"]
    store = Store(db_url)
    with store.engine.connect() as conn:
        (blob,) = load_sentence_vectors(conn, [pk], sv.ENCODER).values()
    assert len(sv.from_bytes(blob)) == sv.DIM
    assert "story_vector" not in r.json()["articles"][0]  # never in the output


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("binary.txt", "looks like a GIF image"),
        ("empty.txt", "empty input"),
        ("bad_utf8.txt", "invalid UTF-8 at byte"),
    ],
)
def test_analyze_bad_upload_is_422_with_the_reason(client, name: str, reason: str) -> None:
    data = (FIXTURES / name).read_bytes()
    r = client.post("/api/analyze", files={"file": (name, data, "text/plain")})
    assert r.status_code == 422
    assert reason in r.json()["error"]
    assert name in r.json()["error"]


def test_analyze_article_over_max_bytes_is_413(client) -> None:
    data = b"The minister said the talks would go on. " * (MAX_BYTES // 40 + 5)
    assert MAX_BYTES < len(data) < MAX_BYTES + 64 * 1024  # under the body limit
    r = client.post("/api/analyze", files={"file": ("big.txt", data, "text/plain")})
    assert r.status_code == 413
    assert f"over the limit of {MAX_BYTES:,} bytes" in r.json()["error"]
    r = client.post("/api/analyze", json={"text": data.decode()})
    assert r.status_code == 413


def test_analyze_body_over_the_request_limit_is_413(client) -> None:
    data = b"x" * (MAX_BYTES + 64 * 1024 + 1)
    r = client.post("/api/analyze", content=data, headers={"content-type": "text/plain"})
    assert r.status_code == 413
    assert "request body is over the limit" in r.json()["error"]


def test_analyze_streamed_body_without_length_is_cut_at_the_limit(client) -> None:
    def chunks():
        for _ in range(40):
            yield b"y" * 4096

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413
    assert "request body is over the limit" in r.json()["error"]


def test_analyze_bad_requests(client) -> None:
    r = client.post("/api/analyze", content=b"{nope", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "not valid JSON" in r.json()["error"]
    r = client.post("/api/analyze", json={"title": "no text"})
    assert r.status_code == 422 and 'missing the required string field "text"' in r.json()["error"]
    r = client.post("/api/analyze", json=["a"])
    assert r.status_code == 422
    r = client.post("/api/analyze", content=b"hi", headers={"content-type": "image/png"})
    assert r.status_code == 415
    r = client.post("/api/analyze", data={"other": "field"})
    assert r.status_code == 400


def test_analyze_text_that_is_not_english_is_422(client) -> None:
    text = (
        "Der Minister sagte am Dienstag, dass die Verhandlungen mit den Nachbarn über den "
        "Getreidehandel weitergehen werden. Die Bauern protestierten vor dem Parlament gegen "
        "die neuen Preise und forderten Hilfe von der Regierung in Berlin."
    )
    r = client.post("/api/analyze", json={"text": text})
    assert r.status_code == 422
    assert "text is in German (de, " in r.json()["error"]


def test_analyze_times_out_with_503(settings, db_url) -> None:
    from fastapi.testclient import TestClient

    from slant.web import create_app

    app = create_app(settings, db_url, timeout=0.3)
    release = threading.Event()
    with TestClient(app) as c:
        assert c.post("/api/analyze", json={"text": SEED}).status_code == 200  # loads
        # occupy the analysis thread: the next request must give up after 0.3 s
        app.state.analysis._executor.submit(release.wait, 30)
        try:
            r = c.post("/api/analyze", json={"text": SEED})
        finally:
            release.set()
        assert r.status_code == 503
        assert "did not finish within 0.3 s" in r.json()["error"]
        assert r.headers["retry-after"] == "10"
        assert c.post("/api/analyze", json={"text": SEED}).status_code == 200


# -- listing and fetching ---------------------------------------------------------------------


def ids(r) -> list[str]:
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


def test_list_articles_newest_first_with_total(client) -> None:
    r = client.get("/api/articles")
    assert ids(r) == ["a4", "a1", "a3", "a2", "a0"]
    assert r.json()["total"] == 5
    item = r.json()["items"][0]
    assert item["outlet"] == "TASS" and item["published"] == "2022-03-01"
    assert item["page"] == "/articles/5"


def test_list_articles_filters(client) -> None:
    assert ids(client.get("/api/articles?outlet=BBC")) == ["a3", "a2"]
    assert ids(client.get("/api/articles?since=2022-01-10&until=2022-02-03")) == ["a1", "a3", "a2"]
    assert ids(client.get("/api/articles?technique=Appeal_to_Fear-Prejudice&outlet=RT")) == ["a1"]
    assert ids(client.get("/api/articles?q=tanks")) == ["a2"]
    r = client.get("/api/articles?q=almaty rolled")
    assert ids(r) == ["a2"]
    assert "[" in r.json()["items"][0]["snippet"]
    assert ids(client.get("/api/articles?q=unicorns")) == []


def test_list_articles_pagination(client) -> None:
    r = client.get("/api/articles?limit=2&offset=2")
    assert ids(r) == ["a3", "a2"]
    assert r.json()["total"] == 5 and r.json()["limit"] == 2 and r.json()["offset"] == 2
    assert ids(client.get("/api/articles?limit=2&offset=4")) == ["a0"]
    assert ids(client.get("/api/articles?offset=50")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("technique=Propaganda", "unknown technique 'Propaganda'"),
        ("since=last-week", "since"),
        ("limit=0", "limit"),
        ("limit=500", "limit"),
        ("offset=-1", "offset"),
        ("q=%21%21", "at least one word"),
    ],
)
def test_list_articles_bad_parameters_are_422(client, query: str, message: str) -> None:
    r = client.get(f"/api/articles?{query}")
    assert r.status_code == 422
    assert message in r.json()["error"]


def test_get_article_by_id_and_by_key(client) -> None:
    r = client.get("/api/articles/a2")
    assert r.status_code == 200
    art = r.json()
    validate(art)
    assert art["techniques"][0]["text"] == "shameful"
    assert art["quotes"][0]["speaker"]["name"] == "Erlan Turgumbayev"
    assert client.get("/api/articles/3").json()["id"] == "a2"
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and r.json() == {"error": "no stored article 'nope'"}


def test_stats_match_the_cli_questions(client) -> None:
    rows = {r["group"]: r for r in client.get("/api/stats").json()["rows"]}
    assert set(rows) == {"BBC", "RT", "TASS"}
    assert rows["RT"]["articles"] == 2
    assert rows["RT"]["technique_spans"] == 5  # 2 + 3
    assert rows["RT"]["quotes"] == 2
    assert rows["BBC"]["top_techniques"][0] == ["Appeal_to_Fear-Prejudice", 2]
    months = client.get("/api/stats?by=month&outlet=RT").json()["rows"]
    assert [r["group"] for r in months] == ["2022-01", "2022-02"]
    share = client.get("/api/stats?technique=Loaded_Language").json()["rows"]
    assert {r["group"]: r["technique_share"] for r in share}["RT"] == round(2 / 5, 3)
    assert client.get("/api/stats?by=year").status_code == 422
    assert client.get("/api/stats?technique=Nope").status_code == 422


def test_status(client) -> None:
    body = client.get("/api/status").json()
    assert body["articles"] == 5
    assert body["analyzers"] == ["tone"]
    assert body["max_bytes"] == MAX_BYTES


# -- OpenAPI, docs and security ---------------------------------------------------------------


def test_openapi_lists_every_api_route(client) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/analyze",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/stats",
        "/api/status",
        "/api/stories",
        "/api/stories/{story_id}",
    }
    content = spec["paths"]["/api/analyze"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data", "application/jsonl"} <= set(content)


def test_docs_page_loads_only_local_assets(client) -> None:
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert "<script>" not in page  # no inline script
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        if not src.startswith("data:"):
            assert client.get(src).status_code == 200, src


@pytest.mark.parametrize(
    "url", ["/", "/corpus", "/docs", "/articles/1", "/api/articles", "/static/reader.js", "/nope"]
)
def test_every_response_has_the_security_headers(client, url: str) -> None:
    r = client.get(url)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
