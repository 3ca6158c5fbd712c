"""Odd ids, keys and offsets are the client's error (4xx), never a server error.

Found by ``bench/fuzz_campaign.py`` (corpus target): "²" is a digit to ``str.isdigit`` but
not to ``int``, a 5,000-digit id is over Python's conversion limit, and a key, offset or
page past SQL's BIGINT overflowed in the database driver: each was a 500.
"""

from __future__ import annotations

from typing import Any

import pytest

BIG = "9" * 30


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/²", 404),
        ("/api/articles/١٢", 404),
        ("/api/articles/" + "9" * 5000, 404),
        (f"/api/articles/{BIG}", 404),
        (f"/articles/{BIG}", 422),
        (f"/api/stories/{BIG}", 422),
        (f"/stories/{BIG}", 422),
        (f"/corpus?page={BIG}", 422),
        (f"/stories?page={BIG}", 422),
        (f"/api/articles?offset={BIG}", 422),
        (f"/api/stories?offset={BIG}", 422),
        (f"/api/stories?min_size={BIG}", 422),
    ],
)
def test_odd_keys_are_client_errors(client: Any, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text[:300]


def test_a_numeric_id_still_finds_the_article_by_key(client: Any) -> None:
    first = client.get("/api/articles/1")
    assert first.status_code == 200
    assert client.get("/api/articles/" + "0" * 18 + "1").json() == first.json()
    assert client.get("/api/articles?offset=" + str(2**63 - 1)).json()["items"] == []
