"""Property test: no file name, content or encoding stops `slant analyze` or `slant ingest`.

A seeded generator writes a small corpus of hostile inputs: names with bytes that are not
UTF-8, spaces, newlines, non-Latin letters and leading dashes; contents in UTF-8, UTF-16
with a byte-order mark, Latin-1, random binary, empty, blank, over the size limit, HTML,
JSON Lines, PDF (readable, encrypted, scanned), Word and images; and paths that name no
file (missing, too long for the file system, a URL). Both commands run in a
real subprocess (the real stdout, whose encoding first showed the bug) and must exit 0,
write only valid UTF-8 JSON, and account for every input exactly once.
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from slant.readers import printable_path
from slant.schema import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"
MAX_BYTES = 40_000
SEEDS = (16, 1961, 20240312)
N_FILES = 14

WORDS = (
    "the minister said on Monday that the government would send aid to families in the "
    "north after floods destroyed homes and roads while officials warned that more rain "
    "was expected and police arrested protesters near the parliament building"
).split()
NAME_PARTS: tuple[bytes, ...] = (
    b"report",
    b"news 2024",
    b"caf\xc3\xa9",  # UTF-8 é
    b"\xe6\x97\xa5\xe6\x9c\xac",  # UTF-8 日本
    b"\xff",  # not UTF-8 anywhere
    b"\xe9t\xe9",  # Latin-1 été: not UTF-8
    b"\x80\x81",
    b" ",
    b"[draft]",
    b"line\nbreak",
    b"50%",
    b"$HOME",
)
SUFFIXES = (".txt", ".txt", ".txt", ".html", ".jsonl", ".pdf", ".docx", ".htm")


def _english(rng: random.Random, n_sentences: int) -> str:
    sentences = []
    for _ in range(n_sentences):
        words = rng.choices(WORDS, k=rng.randint(8, 16))
        sentences.append(" ".join(words).capitalize() + rng.choice((".", ".", "!", "?")))
    return " ".join(sentences)


def _content(rng: random.Random, suffix: str) -> tuple[str, bytes]:
    """(kind, bytes) for one file; the kinds favour the file's suffix but not always."""
    text = _english(rng, rng.randint(2, 6))
    if suffix == ".pdf" and rng.random() < 0.8:
        name = rng.choice(("press_release", "encrypted", "scanned", "broken"))
        return f"pdf:{name}", (FIXTURES / f"{name}.pdf").read_bytes()
    if suffix == ".docx" and rng.random() < 0.8:
        return "docx", (FIXTURES / "press_release.docx").read_bytes()
    if suffix == ".jsonl" and rng.random() < 0.8:
        lines = [json.dumps({"text": _english(rng, 2), "id": f"r{i}"}) for i in range(3)]
        lines.insert(rng.randrange(4), rng.choice(("{not json", "[1, 2]", '{"text": ""}')))
        return "jsonl", "\n".join(lines).encode()
    if suffix in (".html", ".htm") and rng.random() < 0.8:
        body = "".join(f"<p>{_english(rng, 2)}</p>" for _ in range(4))
        page = f"<html><head><title>Floods</title></head><body><article>{body}</article>"
        return "html", (page + "</body></html>").encode()
    kind = rng.choice(
        (
            "utf-8",
            "utf-8",
            "utf-16",
            "latin-1",
            "binary",
            "empty",
            "blank",
            "huge",
            "big",
            "png",
            "pdf-as-text",
        )
    )
    if kind == "utf-8":
        return kind, (text + " Caf\u00e9 \u201cquote\u201d \U0001f30a.").encode()
    if kind == "utf-16":
        return kind, text.encode("utf-16")
    if kind == "latin-1":
        return kind, (text + " The caf\u00e9 and the cr\u00e8che reopened.").encode("latin-1")
    if kind == "binary":
        return kind, rng.randbytes(rng.randint(512, 3000))
    if kind == "empty":
        return kind, b""
    if kind == "blank":
        return kind, b" \n\t\r\n "
    if kind == "huge":
        return kind, (text + " ").encode() * (MAX_BYTES // len(text) + 2)
    if kind == "big":  # just under the limit: analysed, not refused
        return kind, (_english(rng, 400).encode())[: MAX_BYTES - 10]
    if kind == "png":
        return kind, b"\x89PNG\r\n\x1a\n" + rng.randbytes(200)
    return kind, (FIXTURES / "press_release.pdf").read_bytes()  # a PDF whatever its name


@dataclass
class Input:
    path: bytes  # what the file system holds
    kind: str
    lines: int  # non-empty lines, for JSON Lines

    @property
    def source(self) -> str:
        return printable_path(self.path)


def _corpus(root: Path, seed: int) -> tuple[list[Input], list[bytes]]:
    """Write the files; return them and the command-line arguments that name them (a
    folder for some, the files themselves for others)."""
    rng = random.Random(seed)
    base = os.fsencode(root)
    folder = os.path.join(base, b"in box \xff")  # a folder whose own name is not UTF-8
    os.makedirs(os.path.join(folder, b"sub"))
    inputs: list[Input] = []
    args: list[bytes] = [folder]
    used: set[str] = set()
    while len(inputs) < N_FILES:
        name = b"".join(rng.choices(NAME_PARTS, k=rng.randint(1, 3)))
        if rng.random() < 0.25:
            name = b"-" * rng.randint(1, 2) + name  # reads like an option
        suffix = rng.choice(SUFFIXES)
        name += suffix.encode() if rng.random() < 0.9 else suffix.upper().encode()
        in_folder = rng.random() < 0.6
        where = os.path.join(folder, rng.choice((b"", b"sub")), name) if in_folder else None
        path = where or os.path.join(base, name)
        if printable_path(path) in used:
            continue
        used.add(printable_path(path))
        kind, data = _content(rng, suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        lines = sum(1 for ln in data.splitlines() if ln.strip()) if kind == "jsonl" else 1
        inputs.append(Input(path, kind, lines))
        if not in_folder:
            args.append(path)
    # paths that name no file: missing, a name too long for the file system; and a URL
    # (fetched: a loopback port nobody listens on, so it is refused at once)
    for kind, path in (
        ("missing", os.path.join(base, b"gone \xff.txt")),
        ("too long", os.path.join(base, b"n" * 300 + b".txt")),
        ("url", f"http://127.0.0.1:{_closed_port()}/news/a.html".encode()),
    ):
        inputs.append(Input(path, kind, 1))
        args.insert(rng.randrange(len(args) + 1), path)
    return inputs, args


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _slant(*args: bytes | str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "slant", *args],
        capture_output=True,
        timeout=300,
        cwd=cwd,
    )


def _records(stdout: bytes) -> list[dict]:
    text = stdout.decode("utf-8")  # raises if any byte is not UTF-8
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    for record in records:
        validate(record)
    return records


def _check_accounted(inputs: list[Input], sources: list[str]) -> None:
    """Each input is in ``sources`` exactly once: itself, or (JSON Lines) each line."""
    seen = dict.fromkeys(sources, 0)
    for source in sources:
        seen[source] += 1
    assert all(n == 1 for n in seen.values()), [s for s, n in seen.items() if n > 1]
    expected = set()
    for item in inputs:
        if item.source in seen:  # the whole file: an article or a skip
            expected.add(item.source)
        else:
            per_line = {s for s in seen if re.fullmatch(re.escape(item.source) + r":\d+", s)}
            assert len(per_line) == item.lines, (item.source, item.kind, per_line)
            expected |= per_line
    assert expected == set(seen), set(seen) ^ expected


@pytest.mark.parametrize("seed", SEEDS)
def test_analyze_accounts_for_every_hostile_input(tmp_path: Path, seed: int) -> None:
    inputs, args = _corpus(tmp_path, seed)
    options = ("--only", "tone", "--workers", "1", "--max-bytes", str(MAX_BYTES), "-f", "jsonl")
    result = _slant("analyze", *options, "--", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-3000:]
    result.stderr.decode("utf-8")
    records = _records(result.stdout)
    _check_accounted(inputs, [r["source"] for r in records])
    by_source = {r["source"]: r for r in records}
    for item in inputs:  # what must be refused, and what must be read as a document
        record = by_source.get(item.source)
        if item.kind in ("empty", "blank", "binary", "png", "huge", "pdf:encrypted", "url"):
            assert record is not None and "error" in record, (item.kind, record)
        if item.kind in ("pdf:press_release", "docx"):
            assert record is not None and record["format"] == item.kind[:4].rstrip(":"), record
        if item.kind == "pdf-as-text" and not item.path.lower().endswith(b".docx"):
            assert record is not None and record["format"] == "pdf", record  # by content

    if seed != SEEDS[0]:
        return
    out = tmp_path / "out.jsonl"  # the same through --output (once: a subprocess is slow)
    result = _slant("analyze", *options, "-o", str(out), "--", *args, cwd=tmp_path)
    assert result.returncode == 0
    assert _records(out.read_bytes()) == records


@pytest.mark.parametrize("seed", SEEDS[:1])
def test_ingest_accounts_for_every_hostile_input(tmp_path: Path, seed: int) -> None:
    inputs, args = _corpus(tmp_path, seed)
    db = tmp_path / "corpus.db"
    result = _slant(
        "ingest", "--db", str(db), "--only", "tone", "--workers", "1", "--", *args, cwd=tmp_path
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 0, stderr[-3000:]
    m = re.search(r"stored (\d+), unchanged (\d+), duplicate texts (\d+), skipped (\d+)", stderr)
    assert m, stderr[-3000:]
    stored, unchanged, duplicates, skipped = map(int, m.groups())
    assert stored + unchanged + duplicates + skipped == sum(i.lines for i in inputs)
    with sqlite3.connect(db) as con:  # every stored string is valid UTF-8 (or this raises)
        articles = [r[0] for r in con.execute("SELECT source FROM articles")]
        skips = [r[0] for r in con.execute("SELECT source FROM skips")]
    assert (len(articles), len(skips)) == (stored, skipped)
    expected = {i.source for i in inputs}
    for source in articles + skips:
        assert source in expected or source.rsplit(":", 1)[0] in expected, source


def test_ingest_reads_a_folder_like_analyze(tmp_path: Path) -> None:
    """Parquet files in a folder are inputs for ingest as for analyze."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from slant.cli import app
    from slant.store import Store

    rng = random.Random(7)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_english(rng, 3), encoding="utf-8")
    pq.write_table(pa.table({"text": [_english(rng, 3), _english(rng, 3)]}), folder / "b.parquet")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--only", "tone"])
    assert result.exit_code == 0, result.output
    assert Store(db).count() == 3
