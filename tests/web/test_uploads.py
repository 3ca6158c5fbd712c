"""Uploads of PDF and Word files, odd file names and odd JSON to the web API."""

from __future__ import annotations

import json

from _webcorpus import FIXTURES

from slant.schema import validate

INPUTS = FIXTURES.parent / "inputs"
SEED = (FIXTURES / "short.txt").read_text(encoding="utf-8")


def _multipart(filename: bytes, data: bytes) -> tuple[bytes, dict[str, str]]:
    """A form upload written by hand, so the file name can hold any bytes."""
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--xyz--\r\n"
    )
    return body, {"content-type": "multipart/form-data; boundary=xyz"}


def test_pdf_and_docx_uploads_are_read(client) -> None:
    for name, fmt in (("press_release.pdf", "pdf"), ("press_release.docx", "docx")):
        data = (INPUTS / name).read_bytes()
        r = client.post("/api/analyze", files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 200, r.text
        (art,) = r.json()["articles"]
        validate(art)
        assert (art["format"], art["source"]) == (fmt, f"upload:{name}")
        assert art["title"] == "Ministry Announces New Flood Relief Fund"


def test_a_pdf_uploaded_under_another_name_is_still_a_pdf(client) -> None:
    data = (INPUTS / "press_release.pdf").read_bytes()
    r = client.post("/api/analyze", files={"file": ("release.txt", data, "text/plain")})
    assert r.status_code == 200, r.text
    assert r.json()["articles"][0]["format"] == "pdf"


def test_upload_with_a_non_utf8_file_name(client) -> None:
    body, headers = _multipart(b"n_\xff\xfe.txt", SEED.encode())
    r = client.post("/api/analyze", content=body, headers=headers)
    assert r.status_code == 200, r.text
    r.content.decode("utf-8")  # the response is valid UTF-8
    (art,) = r.json()["articles"]
    assert art["source"].startswith("upload:n_") and art["source"].endswith(".txt")
    assert art["text"] == SEED


def test_an_image_upload_is_named(client) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(200)
    r = client.post("/api/analyze", files={"file": ("photo.txt", data, "text/plain")})
    assert r.status_code == 422
    assert "looks like a PNG image" in r.text


def test_json_with_a_lone_surrogate_is_analysed(client) -> None:
    # half an emoji, escaped as JSON allows; and an id with a lone low surrogate
    body = b'{"text": ' + json.dumps(SEED).encode().replace(b"Ministers", b"Ministers \\ud83d", 1)
    body += b', "id": "half\\udcff"}'
    r = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    r.content.decode("utf-8")
    (art,) = r.json()["articles"]
    assert art["text"].startswith("Ministers \ufffd")  # one character for one: offsets hold
    assert len(art["text"]) == len(SEED) + 2
    assert art["id"] == "half\\xff"
    validate(art)
