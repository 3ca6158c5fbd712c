"""The web app's uploads follow the per-input isolation rule (issue 22): a hostile input is
a skip or a 4xx with its reason, never a server error."""

from __future__ import annotations

import json
from typing import Any

TEXT = "The mayor said on Monday that the harbour bridge would reopen in May, officials said."


def test_a_deeply_nested_json_body_is_a_400(client: Any) -> None:
    body = '{"text": "a", "meta": ' + "[" * 1_500 + "]" * 1_500 + "}"
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert "not valid JSON (RecursionError" in r.json()["error"]


def test_a_deep_jsonl_record_is_one_skip(client: Any) -> None:
    deep = '{"id": "deep", "text": "x y", "meta": ' + "[" * 1_500 + "]" * 1_500 + "}"
    data = (json.dumps({"id": "ok", "text": TEXT}) + "\n" + deep + "\n").encode()
    r = client.post("/api/analyze", files={"file": ("feed.jsonl", data, "application/jsonl")})
    assert r.status_code == 200
    out = r.json()
    assert [a["id"] for a in out["articles"]] == ["ok"]
    assert "nested 1,501 levels deep" in out["skipped"][0]["error"]


def test_an_unexpected_reader_error_is_the_uploads_skip(client: Any, monkeypatch: Any) -> None:
    import slant.readers

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(slant.readers, "read_html", explode)
    page = f"<html><body><p>{TEXT}</p></body></html>".encode()
    r = client.post("/api/analyze", files={"file": ("page.html", page, "text/html")})
    assert r.status_code == 422
    assert (
        "could not be read (RecursionError: maximum recursion depth exceeded)" in r.json()["error"]
    )


def test_a_failure_on_one_article_is_its_skip(client: Any, monkeypatch: Any) -> None:
    import slant.pipeline

    real = slant.pipeline.clean

    def clean(article: Any) -> None:
        if "BOOM" in article.text:
            raise OverflowError("cannot fit 'int' into an index-sized integer")
        real(article)

    monkeypatch.setattr(slant.pipeline, "clean", clean)
    body = json.dumps([{"id": "bad", "text": TEXT + " BOOM"}, {"id": "good", "text": TEXT}])
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200
    out = r.json()
    assert [a["id"] for a in out["articles"]] == ["good"]
    assert out["skipped"][0]["id"] == "bad"
    assert "analysis failed: OverflowError" in out["skipped"][0]["error"]
