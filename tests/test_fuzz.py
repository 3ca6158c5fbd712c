"""Fuzzing the way in: hostile JSON Lines, HTML, bytes and file names through the readers
and through ``slant analyze`` as a subprocess.

Seeded (``derandomize``: the same examples on every run) and bounded (about 30 s on two
busy cores). Each run asserts what a user is promised: every input comes out exactly once,
as an article or a recorded skip, in strictly valid UTF-8 JSON; the command exits 0 with
no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from slant.article import Article, Skip
from slant.errors import InputError
from slant.readers import printable_path, printable_text, read_bytes_as, read_paths
from slant.readers.jsonl import read_jsonl, split_lines

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORDS = (
    "the minister said on Monday that police arrested 40 protesters in the capital after "
    "clashes officials reported"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=30).map(
    lambda w: " ".join(w).capitalize() + "."
)
prose = st.lists(sentence, min_size=1, max_size=8).map(" ".join)
nasty_text = st.one_of(
    st.text(max_size=200),  # any code point, lone surrogates included
    prose,
    st.just("\ud800 lone \udfff surrogates"),
    st.just("\x00\x01\x1b[31m control \u202e bidi \ufeff"),
)
# JSON values with the awkward corners: huge and special numbers, deep nesting
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ("id", "text", "title", "url", "outlet", "published", "author", "language")


@st.composite
def jsonl_line(draw: Any) -> str:
    """One line: a record with any field of any type, or a hostile raw line."""
    kind = draw(st.sampled_from(["record", "record", "record", "raw"]))
    if kind == "raw":
        return draw(
            st.one_of(
                st.integers(1, 60_000).map(
                    lambda n: '{"text": "x", "m": ' + "[" * n + "]" * n + "}"
                ),
                st.integers(1, 60_000).map(lambda n: "{" * n),
                st.integers(4_000, 9_000).map(lambda n: '{"id": ' + "9" * n + ', "text": "a b"}'),
                st.just('{"text": "NaN here", "id": NaN, "published": -Infinity}'),
                st.just('{"text": "\\ud800\\udc00\\udfff", "title": "\\ud83d"}'),
                st.text(max_size=80).filter(lambda s: "\n" not in s and "\r" not in s),
            )
        )
    record = draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
    if draw(st.booleans()):
        record["text"] = draw(prose) + draw(st.sampled_from(["", " \u2028 \x85 \x1c \x0b"]))
    line = json.dumps(record, ensure_ascii=False)  # raw U+2028, U+0085...: not line breaks
    if printable_text(line) is not line:  # a lone surrogate: only as an ASCII escape
        line = json.dumps(record)
    return line


def _valid(item: Article | Skip) -> str:
    """The item as strictly valid UTF-8 JSON (raises if it is not)."""
    line = json.dumps(item.to_dict(), ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")  # strict: a lone surrogate raises
    return line


@settings(FUZZ, max_examples=80)
@given(st.lists(jsonl_line(), min_size=1, max_size=8))
def test_jsonl_reader_accounts_for_every_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    out = list(read_jsonl(text, source="f.jsonl", stem="f", max_bytes=10**6))
    expected = [n for n, line in enumerate(split_lines(text), 1) if line.strip()]
    assert [o.source for o in out] == [f"f.jsonl:{n}" for n in expected]
    for item in out:
        _valid(item)


TAGS = ["div", "p", "span", "b", "a href='/x'", "table", "tr", "td", "ul", "li", "article",
        "nav", "footer", "script", "style", "h1", "br", "svg", "iframe", "form"]  # fmt: skip
MARKUP = ["<html>", "<body>", "</body>", "<!--", "-->", "<head><title>t</title></head>", "</html>"]
ENTITIES = ["&amp;", "&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&bogus;", "&lt", "&"]


@st.composite
def html_page(draw: Any) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        choice = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        name = tag.split()[0]
        if choice == 0:
            n = draw(st.integers(1, 3000))
            parts.append(f"<{tag}>" * n + draw(prose) + f"</{name}>" * draw(st.integers(0, n)))
        elif choice == 1:
            parts.append(draw(st.sampled_from(ENTITIES)))
        elif choice == 2:
            parts.append(f"<{tag}>{draw(prose)}</{name}>")
        elif choice == 3:
            parts.append(draw(nasty_text))
        else:
            parts.append(draw(st.sampled_from(MARKUP)))
    head = draw(st.sampled_from(["", "<!doctype html>", "<html>"]))
    return head + "".join(parts)


def _read(data: bytes, suffix: str) -> list[Article | Skip]:
    """Read bytes as a file of that suffix: items, or one Skip for a refused input."""
    try:
        return list(read_bytes_as(data, suffix=suffix, id="x", source="x", max_bytes=10**7))
    except InputError as exc:
        return [Skip(id="x", source="x", error=str(exc))]


@FUZZ
@given(html_page())
def test_html_reader_gives_one_valid_item(page: str) -> None:
    out = _read(page.encode("utf-8", "surrogatepass"), ".html")
    assert len(out) == 1
    _valid(out[0])


@settings(FUZZ, max_examples=200)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.binary(max_size=50).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=50).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=200).map(lambda b: b"\xff\xfe" + b),
        st.binary(max_size=200).map(lambda b: b"\xef\xbb\xbf" + b),
    ),
    st.sampled_from([".txt", ".html", ".jsonl", ".pdf", ".docx", ""]),
)
def test_any_bytes_under_any_suffix(data: bytes, suffix: str) -> None:
    out = _read(data, suffix)
    if suffix != ".jsonl":
        assert len(out) == 1
    for item in out:
        _valid(item)


name_chars = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))
file_names = st.one_of(
    st.text(name_chars, min_size=1, max_size=40),
    st.binary(min_size=1, max_size=40)
    .filter(lambda b: b"/" not in b and b"\x00" not in b)
    .map(lambda b: os.fsdecode(b)),  # not UTF-8: surrogate escapes
).filter(lambda n: n not in (".", "..") and len(os.fsencode(n)) < 200)


@settings(FUZZ, max_examples=100)
@given(st.lists(file_names, min_size=1, max_size=6, unique_by=lambda n: os.fsencode(n).lower()))
def test_any_file_name_is_read_once_with_a_valid_source(
    tmp_path_factory: Any, names: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("names")
    paths = []
    for name in names:
        path = folder / (name + ".txt")
        try:
            path.write_text("The council said the vote was delayed again.", encoding="utf-8")
        except OSError:  # a name the file system refuses
            continue
        paths.append(path)
    out = list(read_paths([folder], max_bytes=10**6))
    assert sorted(o.source for o in out) == sorted(printable_path(p) for p in paths)
    for item in out:
        _valid(item)


# -- the whole command ----------------------------------------------------------------------
@st.composite
def corpus(draw: Any) -> dict[str, bytes]:
    """A folder's files: JSON Lines, HTML, text, bytes, under odd names."""
    files: dict[str, bytes] = {}
    for i in range(draw(st.integers(1, 3))):
        lines = draw(st.lists(jsonl_line(), min_size=1, max_size=6))
        files[f"feed{i}.jsonl"] = "\n".join(lines).encode("utf-8")
    for i in range(draw(st.integers(1, 3))):
        files[f"page{i}.html"] = draw(html_page()).encode("utf-8", "surrogatepass")
    for i in range(draw(st.integers(0, 3))):
        files[f"b{i}.txt"] = draw(st.binary(max_size=300))
    files["good.txt"] = draw(prose).encode()
    name = draw(file_names)
    files[name + ".txt"] = draw(prose).encode()
    return files


def _expected_sources(folder: Path, files: dict[str, bytes]) -> list[str]:
    """What each input must come out as: one source per file, one per JSON Lines line."""
    out = []
    for name, data in files.items():
        path = folder / name
        if name.endswith(".jsonl"):
            text = data.decode("utf-8")
            out += [
                f"{printable_path(path)}:{n}"
                for n, line in enumerate(split_lines(text), 1)
                if line.strip()
            ]
        else:
            out.append(printable_path(path))
    return sorted(out)


@settings(FUZZ, max_examples=4, phases=[Phase.generate])  # no shrinking: slow to run
@given(corpus())
def test_slant_analyze_on_a_hostile_folder(tmp_path_factory: Any, files: dict[str, bytes]) -> None:
    folder = tmp_path_factory.mktemp("corpus")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "slant", "analyze", str(folder), "--only", "tone", "-w", "2"],
        capture_output=True,
        timeout=300,
    )
    stderr = proc.stderr.decode("utf-8")  # strict: the messages are valid UTF-8 too
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    lines = proc.stdout.decode("utf-8").split("\n")[:-1]  # strict UTF-8; raw U+2028 stays
    records = [json.loads(line, parse_constant=_no_constants) for line in lines]
    assert sorted(r["source"] for r in records) == _expected_sources(folder, files)


def _no_constants(name: str) -> Any:
    raise AssertionError(f"{name} is not valid JSON")
