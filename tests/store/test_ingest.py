from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from slant.config import load_settings
from slant.ingest import ingest
from slant.store import Store

SETTINGS = load_settings(only=("entities",), on_error="record")


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article{1000 + i}.txt").write_text(
            f"Council Vote Number {i}\n\nThe council of Leeds met on day {i} and voted on the "
            f"budget, said councillor Jane Hart. The vote was {i} to {i + 3}.\n",
            encoding="utf-8",
        )


def test_ingest_folder_with_bad_files_is_idempotent(store: Store, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "copy.txt").write_text((corpus / "article1000.txt").read_text(), encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {
                "id": "j1",
                "text": "The mayor of York opened a bridge, officials said.",
                "outlet": "York Post",
                "published": "2022-01-07",
            }
        )
        + "\n{oops\n",
        encoding="utf-8",
    )
    report = ingest([corpus, feed], store, settings=SETTINGS)
    assert (report.stored, report.duplicates, report.skipped) == (4, 1, 3)
    assert store.count() == 4
    assert {s.id for s in store.skips()} == {"empty", "binary", "feed:2"}
    stored = store.get("j1")
    assert stored is not None and stored.meta["outlet"] == "York Post"
    assert stored.meta["published"] == "2022-01-07"
    again = ingest([corpus, feed], store, settings=SETTINGS)
    assert (again.stored, again.unchanged) == (0, 4)
    assert store.count() == 4


def test_reanalyze_only_on_request(store: Store, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    ingest([corpus], store, settings=SETTINGS)
    wider = load_settings(only=("entities", "tone"), on_error="record")
    assert ingest([corpus], store, settings=wider).stored == 0
    report = ingest([corpus], store, settings=wider, reanalyze=True)
    assert report.stored == 2
    assert set(store.known_hashes().values()) == {report.model_version}
    assert store.get("1000").tone  # the new analyzer's layer is there now


def test_sigkill_mid_ingest_then_resume(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    db = tmp_path / "kill.db"
    cmd = [
        sys.executable,
        "-m",
        "slant",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--only",
        "entities",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                stored = 0
            if stored >= 5:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        after_kill = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 5 <= after_kill < 40
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"unchanged {after_kill}" in done.stderr
    with sqlite3.connect(db) as conn:
        n, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT content_hash) FROM articles"
        ).fetchone()
        ids = {r[0] for r in conn.execute("SELECT article_id FROM articles")}
        orphans = conn.execute(
            "SELECT count(*) FROM entities WHERE article_pk NOT IN (SELECT pk FROM articles)"
        ).fetchone()[0]
    assert n == distinct == 40
    assert ids == {str(1000 + i) for i in range(40)}
    assert orphans == 0
