from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from slant.cli import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "stories"
runner = CliRunner()


def test_ingest_stories_export_and_stats_by_story(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    res = runner.invoke(
        app,
        [
            "ingest",
            str(FIXTURES / "articles.jsonl"),
            "--db",
            db,
            "--only",
            "tone",
            "--workers",
            "1",
            "--stories",
        ],
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    story = {r["id"]: r["story"] for r in records}
    assert len(story) == 6 and all(isinstance(s, int) for s in story.values())
    assert story["quake-tass"] == story["quake-reuters"] == story["quake-bbc"]
    assert story["budget-rt"] == story["budget-dw"] != story["quake-tass"]
    assert len(set(story.values())) == 3

    # a new article: stored without --stories, its story is null until `slant stories`
    res = runner.invoke(
        app,
        ["ingest", str(FIXTURES / "later.jsonl"), "--db", db, "--only", "tone", "--workers", "1"],
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    rows = {r["id"]: r["story"] for r in csv.DictReader(io.StringIO(res.stdout)) if r.get("id")}
    assert rows["quake-aj"] == "" and rows["quake-tass"] == str(story["quake-tass"])
    res = runner.invoke(app, ["stories", "--db", db])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out.parquet"
    assert (
        runner.invoke(app, ["export", "--db", db, "--format", "parquet", "-o", str(out)]).exit_code
        == 0
    )
    import pyarrow.parquet as pq

    table = pq.read_table(out).to_pylist()
    by_id = {r["id"]: r["story"] for r in table}
    assert by_id["quake-aj"] == story["quake-tass"]  # joined the story, same id

    res = runner.invoke(app, ["stats", "--db", db, "--by", "story", "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert [s["articles"] for s in stats] == [4, 2, 1, 1]
    assert stats[0]["story"] == story["quake-tass"]
    assert stats[0]["outlets"] == ["Al Jazeera", "BBC", "Reuters", "TASS"]
    assert (stats[0]["first"], stats[0]["last"]) == ("2024-03-04", "2024-03-06")
    res = runner.invoke(app, ["stats", "--db", db, "--by", "story", "--outlet", "DW", "--json"])
    assert [(s["story"], s["articles"]) for s in json.loads(res.stdout)] == [
        (story["budget-dw"], 1)
    ]
    res = runner.invoke(app, ["stats", "--db", db, "--by", "story"])
    assert (res.exit_code == 0 and "Antofagasta" in res.stdout) or "Chile" in res.stdout


def test_stories_refuses_another_representation_without_rebuild(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(
        app,
        [
            "ingest",
            str(FIXTURES / "articles.jsonl"),
            "--db",
            db,
            "--only",
            "tone",
            "--workers",
            "1",
            "--stories",
        ],
    )
    res = runner.invoke(app, ["stories", "--db", db, "--representation", "minilm"])
    assert res.exit_code != 0
    assert "--rebuild" in str(res.exception) or "--rebuild" in res.output
    res = runner.invoke(app, ["stories", "--db", db, "--representation", "nope", "--rebuild"])
    assert res.exit_code != 0


def test_stories_keep_the_stores_representation(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    args = ["--only", "tone", "--workers", "1"]
    runner.invoke(app, ["ingest", str(FIXTURES / "articles.jsonl"), "--db", db, *args])
    res = runner.invoke(app, ["stories", "--db", db, "--representation", "tfidf"])
    assert res.exit_code == 0, res.output
    # later runs with no --representation (ingest --stories, watch --stories) keep tfidf
    res = runner.invoke(
        app, ["ingest", str(FIXTURES / "later.jsonl"), "--db", db, *args, "--stories"]
    )
    assert res.exit_code == 0, res.output
    from slant.store import Store
    from slant.store import stories as S

    with Store(db) as store, store.engine.connect() as conn:
        assert {s.representation for s in S.live_stories(conn, representation="tfidf")}
        assert S.live_stories(conn, representation="mixed") == []
        assert S.story_of(store, "quake-aj") == S.story_of(store, "quake-tass")
