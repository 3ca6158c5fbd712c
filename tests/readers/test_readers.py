from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from slant.article import Article, Skip
from slant.errors import BinaryInput, EmptyInput, EncodingError, TooLarge
from slant.readers import expand_paths, read_path, read_paths
from slant.readers._decode import decode

MAX = 2_000_000


def one(path: Path) -> Article | Skip:
    items = list(read_path(path, max_bytes=MAX))
    assert len(items) == 1
    return items[0]


def test_txt_semeval_layout_gives_id_and_title(fixtures: Path) -> None:
    art = one(fixtures / "article1001.txt")
    assert isinstance(art, Article)
    assert art.id == "1001"
    assert art.title == "Officials Say Curfew Will Stay in Almaty"
    assert art.text.startswith("Officials Say Curfew")
    assert art.source.endswith("article1001.txt")


def test_txt_keeps_crlf(fixtures: Path) -> None:
    art = one(fixtures / "crlf.txt")
    assert isinstance(art, Article)
    assert "\r\n" in art.text
    assert art.text == (fixtures / "crlf.txt").read_bytes().decode("utf-8")
    assert art.title is None  # line 2 is not blank: not the SemEval layout


def test_html_extracts_body_title_author_date(fixtures: Path) -> None:
    art = one(fixtures / "page.html")
    assert isinstance(art, Article)
    assert art.id == "page"
    assert art.title == "Police detain 50 in Almaty"
    assert art.meta["author"] == "Jane Roe"
    assert art.meta["published"] == "2022-01-07"
    assert "detained 50 people" in art.text
    assert "Subscribe now" not in art.text and "<p>" not in art.text


def test_html_without_article_is_skipped(fixtures: Path) -> None:
    skip = one(fixtures / "no_article.html")
    assert isinstance(skip, Skip)
    assert "no article text" in skip.error


def test_malformed_html_still_gives_text(fixtures: Path) -> None:
    art = one(fixtures / "broken.html")
    assert isinstance(art, Article)
    assert "new bridge would open in spring" in art.text


def test_jsonl_good_and_bad_lines(fixtures: Path) -> None:
    items = list(read_path(fixtures / "articles.jsonl", max_bytes=MAX))
    assert len(items) == 6  # every non-empty line is accounted for
    first = items[0]
    assert isinstance(first, Article)
    assert (first.id, first.title) == ("a1", "Bridge opens")
    assert first.meta["outlet"] == "Example Post"
    assert first.meta["url"] == "https://example.org/a1"
    assert first.meta["published"] == "2022-01-07"
    second = items[1]
    assert isinstance(second, Article) and second.id == "articles:2"
    errors = [i.error for i in items[2:]]
    assert all(isinstance(i, Skip) for i in items[2:])
    assert "JSON object" in errors[0]
    assert '"text"' in errors[1]
    assert "empty" in errors[2]
    assert "not valid JSON" in errors[3]
    assert items[5].source.endswith("articles.jsonl:6")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("bad_utf8.txt", "invalid UTF-8 at byte"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_inputs_become_skips(fixtures: Path, name: str, reason: str) -> None:
    skip = one(fixtures / name)
    assert isinstance(skip, Skip)
    assert reason in skip.error
    assert skip.id == Path(name).stem


def test_legacy_encoding_is_detected_and_reported(fixtures: Path) -> None:
    art = one(fixtures / "latin1.txt")
    assert isinstance(art, Article)
    assert "café" in art.text
    assert art.meta["encoding"] not in ("utf-8", "utf_8")


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(50 * 1024 * 1024)
        fh.write(b"x")
    skip = one(big)
    assert isinstance(skip, Skip)
    assert "over the limit" in skip.error


def test_decode_errors_are_typed() -> None:
    with pytest.raises(EmptyInput):
        decode(b"", "x", max_bytes=MAX)
    with pytest.raises(BinaryInput):
        decode(b"\x00\x01\x02abc", "x", max_bytes=MAX)
    with pytest.raises(EncodingError):
        decode("é".encode() + b"\xff", "x", max_bytes=MAX)
    with pytest.raises(TooLarge):
        decode(b"abc", "x", max_bytes=2)
    assert decode(b"\xef\xbb\xbfhello", "x", max_bytes=MAX) == ("hello", "utf-8-sig")


def test_utf16_with_a_byte_order_mark_is_text(tmp_path: Path) -> None:
    text = "The minister said the plan would work, officials told reporters.\n"
    for codec in ("utf-16", "utf-16-be"):
        data = (b"\xfe\xff" if codec == "utf-16-be" else b"") + text.encode(codec)
        assert decode(data, "x", max_bytes=MAX) == (text, "utf-16")
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("utf-16"))
    art = one(path)
    assert isinstance(art, Article) and art.text == text
    # a BOM in front of control characters is still binary
    with pytest.raises(BinaryInput):
        decode(b"\xff\xfe" + b"\x01\x00\x02\x00\x03\x00" * 100, "x", max_bytes=MAX)


def test_folder_is_read_recursively_in_order(fixtures: Path) -> None:
    files = list(expand_paths([fixtures]))
    assert files == sorted(files)
    assert fixtures / "page.html" in files
    assert all(f.suffix in (".txt", ".html", ".jsonl", ".pdf", ".docx") for f in files)
    items = list(read_paths([fixtures], max_bytes=MAX))
    assert len(items) >= len(files)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Line one.\r\nLine two.\r\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    (art,) = list(read_path(Path("-"), max_bytes=MAX))
    assert isinstance(art, Article)
    assert art.text == "Line one.\r\nLine two.\r\n"
    assert (art.id, art.source) == ("stdin", "<stdin>")
