"""Hostile inputs to the readers: each is one Skip (or one Article), never the batch's end.

Every case here failed on the readers before issue 22 (a RecursionError or ValueError out
of ``read_paths``; a menu page or a cookie wall read as an article; unknown files passed
over without a word), except the real pages, which pin that the new HTML rule refuses no
article.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from slant.article import Article, Skip
from slant.readers import expand_paths, read_paths
from slant.readers.html import MIN_PROSE_WORDS, prose_words, read_html
from slant.readers.jsonl import MAX_DEPTH, nesting_depth, read_jsonl

TESTS = Path(__file__).resolve().parent.parent
ADVERSARIAL = TESTS / "fixtures" / "adversarial"
TEXT = "The mayor said on Monday that the harbour bridge would reopen in May, officials said."


def _jsonl(*lines: str) -> list[Article | Skip]:
    return list(read_jsonl("\n".join(lines), source="f.jsonl", stem="f", max_bytes=10**6))


def _strict_json(item: Article | Skip) -> None:
    """The item's output is strictly valid UTF-8 JSON."""
    json.dumps(item.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")


# -- JSON Lines ------------------------------------------------------------------------
def test_deep_nesting_is_refused_cheaply() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    started = time.monotonic()
    out = _jsonl(json.dumps({"text": TEXT}), '{"text": "x", "meta": ' + deep + "}", "{}")
    assert time.monotonic() - started < 2
    assert isinstance(out[0], Article)
    assert isinstance(out[1], Skip) and "nested 50,001 levels deep" in out[1].error
    assert out[1].id == "f:2" and out[1].source == "f.jsonl:2"
    assert isinstance(out[2], Skip)  # {} has no text


def test_nesting_up_to_the_limit_is_read() -> None:
    ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    too_deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    out = _jsonl(
        json.dumps({"text": TEXT})[:-1] + ', "meta": ' + ok + "}",
        json.dumps({"text": TEXT})[:-1] + ', "meta": ' + too_deep + "}",
    )
    assert isinstance(out[0], Article) and isinstance(out[1], Skip)


def test_brackets_inside_strings_do_not_count() -> None:
    text = TEXT + " [" * 200 + ' \\"{' * 100
    assert nesting_depth(json.dumps({"text": text})) <= MAX_DEPTH
    assert isinstance(_jsonl(json.dumps({"text": text}))[0], Article)


def test_huge_numbers() -> None:
    out = _jsonl(
        '{"id": ' + "9" * 5000 + ', "text": "' + TEXT + '"}',  # over int's 4,300 digits
        '{"id": 1e999, "text": "' + TEXT + '"}',  # inf
        '{"id": -1e999, "published": NaN, "text": "' + TEXT + '"}',
    )
    assert isinstance(out[0], Skip) and "ValueError" in out[0].error
    assert isinstance(out[1], Article) and out[1].id == "inf"
    assert isinstance(out[2], Article) and out[2].to_dict()["published"] in ("nan", None)
    for item in out:
        _strict_json(item)


WRONG_TYPES: list[Any] = [None, 0, -1.5, True, [], ["a", ["b"]], {"k": {"v": 1}}, "", "\ud800"]


@pytest.mark.parametrize("field", ["id", "title", "url", "outlet", "published", "author"])
def test_wrong_types_in_every_optional_field(field: str) -> None:
    lines = [json.dumps({"text": TEXT, field: value}) for value in WRONG_TYPES]
    out = _jsonl(*lines)
    assert len(out) == len(WRONG_TYPES)
    assert all(isinstance(o, Article) for o in out)
    for item in out:
        _strict_json(item)


def test_wrong_types_for_text() -> None:
    lines = [json.dumps({"text": value}) for value in [*WRONG_TYPES, "   "]]
    out = _jsonl(*lines, "[1, 2]", '"just a string"', "null", "{bad json")
    assert len(out) == len(WRONG_TYPES) + 5
    texts = [o for o in out if isinstance(o, Article)]
    assert [t.text for t in texts] == ["\ufffd"]  # the lone surrogate, mended
    for item in out:
        _strict_json(item)


# -- HTML -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["nav_only.html", "link_list.html", "cookie_wall.html", "cookie_wall_plain.html"]
)
def test_pages_without_an_article_are_skipped(name: str) -> None:
    out = list(read_paths([ADVERSARIAL / name], max_bytes=10**6))
    assert len(out) == 1 and isinstance(out[0], Skip)
    assert "no article text found" in out[0].error


def _loopback() -> Any:
    name = "_loopback_pages"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TESTS / "fetch" / "_loopback.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _real_pages() -> list[tuple[str, str]]:
    """Every HTML article page the tests read (and the 60-word brief)."""
    pages = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in (
            ADVERSARIAL / "brief_60_words.html",
            TESTS / "fixtures" / "inputs" / "page.html",
            TESTS / "fixtures" / "web" / "page.html",
        )
    ]
    loopback = _loopback()
    pages += [(a["slug"], loopback.page_html(a, "http://127.0.0.1:1")) for a in loopback.ARTICLES]
    title, body = "Storm closes port", "The port closed on Monday, officials said."
    pages.append(  # the Ray tests' pages: a title and a short article
        (
            "ray",
            f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{body} Ships waited offshore for two days before the harbour "
            "master allowed them in again.</p></article></body></html>",
        )
    )
    return pages


@pytest.mark.parametrize("name,page", _real_pages(), ids=lambda x: x if len(x) < 40 else "")
def test_real_article_pages_are_read(name: str, page: str) -> None:
    assert prose_words(page) >= MIN_PROSE_WORDS
    article = read_html(page, id=name, source=name)
    assert len(article.text.split()) >= 15


def test_the_brief_keeps_its_60_words() -> None:
    article = read_html(
        (ADVERSARIAL / "brief_60_words.html").read_text(encoding="utf-8"), id="b", source="b"
    )
    assert "ring road" in article.text and "Home" not in article.text


@pytest.mark.parametrize("tag", ["div", "span", "b", "table><tr><td", "ul><li", "blockquote"])
def test_deep_html_nesting_is_a_skip_not_a_crash(tag: str) -> None:
    close = "</" + tag.split(">")[0] + ">"
    page = "<html><body>" + f"<{tag}>" * 100_000 + TEXT * 5 + close * 100_000 + "</body></html>"
    started = time.monotonic()
    out = list(read_paths_bytes(page.encode(), ".html"))
    assert time.monotonic() - started < 20
    assert len(out) == 1
    _strict_json(out[0])


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>&#xD800; &#0; &#x110000; &#99999999999; &bogus; &amp &lt;&gt" + TEXT * 3,
        "<html><head><title>No body</title></head></html>",
        "<html><body>" + "<p>" + TEXT * 4 + "</p>" + "</div>" * 50 + "<!-- unclosed",
        "<!doctype html><html><body><p>" + "\x00\x01" * 10 + TEXT * 3 + "</p></body></html>",
        "<html>" + "<script>" * 1000 + TEXT,
    ],
    ids=["entities", "no-body", "broken-tags", "controls", "scripts"],
)
def test_broken_html_is_one_valid_item(page: str) -> None:
    out = list(read_paths_bytes(page.encode("utf-8", "surrogatepass"), ".html"))
    assert len(out) == 1
    _strict_json(out[0])
    if isinstance(out[0], Article):
        out[0].text.encode("utf-8")  # no lone surrogate from an entity


def read_paths_bytes(data: bytes, suffix: str) -> list[Article | Skip]:
    from slant.readers import read_bytes_as

    try:
        return list(read_bytes_as(data, suffix=suffix, id="x", source="x", max_bytes=10**7))
    except Exception as exc:  # an InputError for the whole input is fine: it is one Skip
        from slant.errors import InputError

        assert isinstance(exc, InputError), exc
        return [Skip(id="x", source="x", error=str(exc))]


# -- any reader failure is that file's Skip -------------------------------------------
def test_an_unexpected_reader_error_is_that_files_skip(tmp_path: Path, monkeypatch: Any) -> None:
    import slant.readers

    def explode(*args: Any, **kwargs: Any) -> Article:
        raise RecursionError("maximum recursion depth exceeded in comparison")

    (tmp_path / "a.html").write_text("<html><body><p>" + TEXT + "</p></body></html>")
    (tmp_path / "b.txt").write_text(TEXT)
    monkeypatch.setattr(slant.readers, "read_html", explode)
    out = list(read_paths([tmp_path], max_bytes=10**6))
    assert isinstance(out[0], Skip) and isinstance(out[1], Article)
    assert out[0].error.endswith(
        "a.html: could not be read (RecursionError: maximum recursion depth exceeded in comparison)"
    )


# -- files no reader takes ---------------------------------------------------------------
def test_unknown_files_are_collected_or_read_by_content(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "notes.dat").write_text(TEXT)
    (tmp_path / "story").write_text(TEXT)
    (tmp_path / "sub" / "img.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    unread: list[Path] = []
    assert list(expand_paths([tmp_path], unread=unread)) == [tmp_path / "a.txt"]
    assert sorted(p.name for p in unread) == ["img.bin", "notes.dat", "story"]
    everything = list(read_paths_all(tmp_path))
    assert [type(o).__name__ for o in everything] == ["Article", "Article", "Article", "Skip"]
    assert "looks like a PNG image" in everything[3].error


def read_paths_all(folder: Path) -> list[Article | Skip]:
    from slant.readers import read_path

    return [
        item
        for path in expand_paths([folder], all_files=True)
        for item in read_path(path, max_bytes=10**6)
    ]
