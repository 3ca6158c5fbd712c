"""The ``readers``, ``feeds`` and ``parquet`` targets of ``bench/fuzz_campaign.py``: files
of every format through the readers (and what they read through the default pipeline),
RSS/Atom through the feed parser, Parquet through ``scale.inputs.read_inputs``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from _fuzz_checks import Timeout, check_item, check_record, time_limit
from slant.article import Article


def any_file() -> Any:
    """(bytes, suffix): a file of any format slant reads, well-formed or damaged."""
    from hypothesis import strategies as st

    from _fuzz_inputs import article_text, docx_file, html_page, jsonl_file, pdf_file

    def encoded(text: str, enc: str) -> bytes:
        if enc == "nul":
            return text.encode("utf-8", "surrogatepass").replace(b" ", b"\x00", 3)
        if enc == "bad-utf8":
            return text.encode("utf-8", "surrogatepass") + b" \xff\xc0 caf\xe9"
        return text.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace")

    encodings = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1251", "latin-1"]
    txt = st.builds(encoded, article_text(), st.sampled_from([*encodings, "nul", "bad-utf8"]))
    return st.one_of(
        st.tuples(txt, st.sampled_from([".txt", ".txt", ""])),
        st.tuples(jsonl_file(), st.just(".jsonl")),
        st.tuples(html_page(), st.sampled_from([".html", ".htm", ".txt"])),
        st.tuples(pdf_file(), st.sampled_from([".pdf", ".pdf", ".txt", ".docx"])),
        st.tuples(docx_file(), st.sampled_from([".docx", ".docx", ".pdf", ""])),
    )


def run_readers(campaign: Any) -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from slant.readers import read_path

    files = any_file()
    folder = Path(tempfile.mkdtemp(prefix="fuzz-readers-"))

    @campaign.seed
    @campaign.settings()
    @given(files, st.sampled_from(["a", "article123", "x y", "-dash", "ü\u202e"]))
    def run(file: tuple[bytes, str], stem: str) -> None:
        if campaign.over():
            return
        data, suffix = file
        campaign.count("readers")
        path = folder / (stem + suffix)
        path.write_bytes(data)
        try:
            with time_limit(campaign.args.hang_s):
                items = list(read_path(path, max_bytes=campaign.args.max_bytes))
        except Timeout as exc:
            campaign.findings.add("readers", "hang", exc, data)
            return
        except Exception as exc:
            campaign.findings.add("readers", f"reader-raised{suffix}", exc, data)
            return
        if not items:
            campaign.findings.add("readers", "lost", f"{suffix}: no item for a file", data)
        campaign.count("readers", "items", len(items))
        for item in items:
            try:
                check_item(item)
            except Exception as exc:
                campaign.findings.add("readers", "invalid-item", exc, data)
        articles = [i for i in items if isinstance(i, Article)]
        for article in articles[:2]:
            campaign.analyse("readers", article, data)

    run()


def run_feeds(campaign: Any) -> None:
    from hypothesis import given

    from _fuzz_inputs import feed_file
    from slant.fetch.base import FetchError
    from slant.fetch.feeds import parse_feed

    @campaign.seed
    @campaign.settings(campaign.args.examples * 2)
    @given(feed_file())
    def run(data: bytes) -> None:
        if campaign.over():
            return
        campaign.count("feeds")
        try:
            with time_limit(campaign.args.hang_s):
                urls = parse_feed(data, "https://example.org/feed.xml")
            for url in urls:
                assert isinstance(url, str) and url.strip(), repr(url)
                json.dumps(url.hints, ensure_ascii=False).encode("utf-8")
        except FetchError:
            campaign.count("feeds", "refused")
        except Exception as exc:
            campaign.findings.add("feeds", "raised", exc, data)

    run()


def run_parquet(campaign: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from hypothesis import given
    from hypothesis import strategies as st

    from _fuzz_inputs import ODD_META, article_text
    from slant.scale.inputs import read_inputs

    columns = st.dictionaries(
        st.sampled_from(
            [
                "text",
                "id",
                "title",
                "url",
                "outlet",
                "published",
                "author",
                "language",
                "extra",
                "TEXT",
            ]
        ),
        st.sampled_from(["str", "int", "float", "binary", "null", "list", "struct", "date"]),
        min_size=1,
    )
    folder = Path(tempfile.mkdtemp(prefix="fuzz-parquet-"))

    def column(kind: str, texts: list[str]) -> Any:
        n = len(texts)
        if kind == "str":
            return pa.array([t.encode("utf-8", "replace").decode() for t in texts])
        if kind == "int":
            return pa.array([2**62, -1, 0] * n)[:n]
        if kind == "float":
            return pa.array([float("nan"), 1e308, -0.0] * n)[:n]
        if kind == "binary":
            return pa.array([b"\xff\x00abc"] * n)
        if kind == "null":
            return pa.nulls(n, pa.string())
        if kind == "list":
            return pa.array([[1, 2]] * n)
        if kind == "struct":
            return pa.array([{"a": 1}] * n)
        import datetime as dt

        return pa.array([dt.date(2022, 2, 28)] * n)

    @campaign.seed
    @campaign.settings(campaign.args.examples)
    @given(
        columns,
        st.lists(st.one_of(article_text(), st.sampled_from(ODD_META)), min_size=1, max_size=5),
    )
    def run(kinds: dict[str, str], texts: list[str]) -> None:
        if campaign.over():
            return
        campaign.count("parquet")
        path = folder / "t.parquet"
        try:
            table = pa.table({name: column(kind, texts) for name, kind in kinds.items()})
            pq.write_table(table, path)
        except Exception:
            campaign.count("parquet", "unwritable")
            return
        try:
            with time_limit(campaign.args.hang_s):
                items = list(read_inputs([path], max_bytes=campaign.args.max_bytes))
        except Exception as exc:
            campaign.findings.add("parquet", "raised", exc, repr((kinds, texts)))
            return
        if len(items) not in (1, len(texts)):
            campaign.findings.add(
                "parquet",
                "lost",
                f"{len(texts)} rows, {len(items)} items",
                repr((kinds, texts)),
            )
        for item in items:
            try:
                check_item(item)
            except Exception as exc:
                campaign.findings.add("parquet", "invalid-item", exc, repr((kinds, texts)))

    run()


def run_cli(campaign: Any) -> None:
    """``slant analyze FOLDER -w 2`` (every default analyzer) on a folder of hostile files:
    exit 0, no traceback, one valid record per input the readers find (count in = out)."""
    import os
    import subprocess
    import sys
    from collections import Counter

    from hypothesis import given
    from hypothesis import strategies as st

    from slant.readers import read_paths

    @campaign.seed
    @campaign.settings(max(3, campaign.args.examples // 30))
    @given(st.lists(any_file(), min_size=2, max_size=8))
    def run(files: list[tuple[bytes, str]]) -> None:
        if campaign.over():
            return
        campaign.count("cli")
        folder = Path(tempfile.mkdtemp(prefix="fuzz-cli-"))
        for n, (data, suffix) in enumerate(files):
            (folder / f"f{n}{suffix or '.txt'}").write_bytes(data)
        expected = Counter(item.source for item in read_paths([folder], max_bytes=2_000_000))
        env = {**os.environ, "SLANT_TIMEOUT": str(campaign.args.item_timeout * 20)}
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "slant", "analyze", str(folder), "-w", "2"],
                capture_output=True,
                timeout=campaign.args.batch_s * 4,
                env=env,
            )
        except subprocess.TimeoutExpired:
            campaign.findings.add("cli", "batch-hung", f"{len(files)} files", repr(files))
            return
        stderr = proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0 or "Traceback" in stderr:
            campaign.findings.add(
                "cli", "failed", f"exit {proc.returncode}: {stderr[-400:]}", repr(files)
            )
            return
        records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
        campaign.count("cli", "records", len(records))
        if Counter(r["source"] for r in records) != expected:
            campaign.findings.add(
                "cli", "lost", f"{sum(expected.values())} in, {len(records)} out", repr(files)
            )
        for record in records:
            try:
                check_record(record)
            except Exception as exc:
                campaign.findings.add("cli", "invalid-record", exc, repr(files))

    run()
