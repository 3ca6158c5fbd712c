"""A JSON Lines file is a corpus: --max-bytes holds per record, the file is read line by
line, and a bad line costs that line alone."""

from __future__ import annotations

import json
from pathlib import Path

from slant.article import Article, Skip
from slant.readers import read_path

TEXT = "The mayor said on Monday that the harbour bridge would reopen in May, officials said."


def _line(i: int, text: str = TEXT) -> bytes:
    return json.dumps({"id": f"a{i}", "text": f"{text} ({i})"}).encode() + b"\n"


def test_a_file_over_the_limit_is_read_when_each_record_is_under(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"".join(_line(i) for i in range(200)))
    assert path.stat().st_size > 10_000  # twenty times the limit per article below
    items = list(read_path(path, max_bytes=500))
    assert [type(x) for x in items] == [Article] * 200
    assert [x.id for x in items] == [f"a{i}" for i in range(200)]
    assert items[7].source == f"{path}:8"


def test_one_record_over_the_limit_is_its_own_skip(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    big = json.dumps({"id": "big", "text": "word " * 400}).encode() + b"\n"
    huge = json.dumps({"id": "huge", "text": "x" * 5_000_000}).encode() + b"\n"
    path.write_bytes(_line(1) + big + huge + _line(4))
    items = list(read_path(path, max_bytes=1000))
    assert [type(x) for x in items] == [Article, Skip, Skip, Article]
    assert "over the limit" in items[1].error and items[1].source.endswith(":2")
    # a line far over any record's size is skipped unread, and the next line is still read
    assert items[2].source.endswith(":3") and "5,000,0" in items[2].error
    assert items[3].id == "a4" and items[3].source.endswith(":4")


def test_bad_bytes_a_bom_and_crlf_cost_nothing_but_their_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    broken = b'{"id": "b", "text": "caf\xe9 au lait is what the mayor said."}\n'
    path.write_bytes(b"\xef\xbb\xbf" + _line(1).replace(b"\n", b"\r\n") + broken + _line(3))
    items = list(read_path(path, max_bytes=10_000))
    assert [type(x) for x in items] == [Article, Skip, Article]
    assert items[0].id == "a1" and not items[0].text.endswith("\r")
    assert "UTF-8" in items[1].error or "utf-8" in items[1].error.lower()
    assert items[1].source.endswith(":2") and items[2].source.endswith(":3")


def test_a_lone_cr_ends_a_line_and_numbers_stay_those_of_the_text_reader(tmp_path) -> None:
    path = tmp_path / "cr.jsonl"
    path.write_bytes(_line(1)[:-1] + b"\r" + _line(2) + b"\n" + _line(3))
    items = list(read_path(path, max_bytes=10_000))
    assert [x.source.rsplit(":", 1)[1] for x in items] == ["1", "2", "4"]


def test_empty_and_binary_jsonl_files_are_one_skip(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n \n")
    png = tmp_path / "image.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    reasons = {}
    for path in (empty, png):
        items = list(read_path(path, max_bytes=10_000))
        assert len(items) == 1 and isinstance(items[0], Skip), items
        reasons[path.stem] = items[0].error
    assert "empty" in reasons["empty"].lower() and "PNG" in reasons["image"]
