"""End to end: the example and two other tellings of the Kazakhstan unrest go through
``slant ingest`` and ``slant stories`` into one story, and ``slant story ID`` shows the
counts that disagree and the speakers only each outlet quotes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from slant.cli import app

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "kazakhstan_csto_2022.txt"
TELLINGS = ROOT / "tests" / "fixtures" / "stories" / "tellings.jsonl"
runner = CliRunner()


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the three tellings, grouped by ``slant stories``."""
    path = str(tmp_path_factory.mktemp("story") / "story.db")
    invoke("ingest", str(TELLINGS), str(EXAMPLE), "--db", path, "--workers", "1")
    invoke("stories", "--db", path)
    return path


def _story_id(db: str) -> int:
    from slant.store import Store
    from slant.store.stories import list_stories

    with Store(db) as store:
        stories = list_stories(store)
    # the three tellings of one event are one story
    assert [s.size for s in stories] == [3], stories
    return stories[0].id


def test_story_text_shows_disagreements_and_unique_speakers(db: str) -> None:
    out = invoke("story", str(_story_id(db)), "--db", db).stdout
    assert "\x1b[" not in out  # plain text when not on a terminal
    head, _, columns = out.partition("\nCaspian Courier · 1 article\n")
    assert "3 articles · 3 outlets · 2022-01-09 – 2022-01-10" in head
    # the count disagreement, each number with its outlet and its words
    arrest = head.index("    ARREST people\n")
    assert '3,811 — kazakhstan_csto_2022.txt ("detained 3,811 people")' in head[arrest:]
    assert 'about 8,000 — Steppe Wire ("nearly 8,000 people had been detained")' in head
    assert '5,000 — Caspian Courier ("More than 5,000 rioters have been arrested")' in head
    assert "    KILL officer\n" in head
    assert '16 — Steppe Wire ("At least 16 law enforcement officers were killed")' in head
    # the speakers only one outlet quotes
    section = head.split("Speakers quoted by one outlet only:\n", 1)[1]
    section = section.split("  Techniques one outlet uses", 1)[0]
    unique = {
        line.split(": ", 1)[0].strip(): line.split(": ", 1)[1].split(", ")
        for line in section.splitlines()
    }
    assert "Anatoly Antonov" in unique["kazakhstan_csto_2022.txt"]
    assert "Laura Fenwick" in unique["Steppe Wire"]
    assert "Yuri Volkonsky" in unique["Caspian Courier"]
    # each column: its counts marked where they disagree, its speakers where only it quotes
    assert "KILL 18 brave police officers" in columns and "[disagrees]" in columns
    assert "Yuri Volkonsky ×3 [only here]" in columns
    assert "techniques per 1,000 words:" in columns


def test_story_markdown_and_json(db: str) -> None:
    sid = str(_story_id(db))
    md = invoke("story", sid, "--db", db, "-f", "markdown").stdout
    assert md.startswith("## ") and "### Differences" in md
    assert "- **ARREST people**: " in md and "3,811 — kazakhstan\\_csto\\_2022.txt" in md
    assert "### Steppe Wire (1 article)" in md
    data = json.loads(invoke("story", sid, "--db", db, "-f", "json").stdout)
    assert data["story"]["size"] == 3
    assert sorted(c["name"] for c in data["outlets"]) == [
        "Caspian Courier",
        "Steppe Wire",
        "kazakhstan_csto_2022.txt",
    ]
    assert ("ARREST", "people") in {(d["type"], d["object"]) for d in data["count_disagreements"]}
    assert "Laura Fenwick" in data["unique_speakers"]["Steppe Wire"]
    high = json.loads(invoke("story", sid, "--db", db, "-f", "json", "--min-score", "0.9").stdout)
    assert high["min_score"] == 0.9
    assert all(
        not c["techniques"] or c["techniques"][0]["top"][0]["score"] >= 0.9 for c in high["outlets"]
    )


def test_story_errors_exit_with_one_line(db: str) -> None:
    cmd = [sys.executable, "-m", "slant", "story", "999", "--db", db]
    missing = subprocess.run(cmd, capture_output=True, timeout=120)
    assert missing.returncode == 1
    assert b"no story 999" in missing.stderr and b"Traceback" not in missing.stderr
    bad = subprocess.run(
        [*cmd[:4], "1", "--db", db, "-f", "html"], capture_output=True, timeout=120
    )
    assert bad.returncode == 2 and b"--format must be one of" in bad.stderr


def test_report_has_a_stories_section(db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    invoke("report", "--db", db, "-o", str(out))
    page = out.read_text(encoding="utf-8")
    section = page.split('<section id="stories">', 1)[1].split("</section>", 1)[0]
    assert "Largest stories across outlets" in section
    assert "2022-01-09 – 2022-01-10" in section
    assert "<b>ARREST people</b>: " in section and "3,811 (kazakhstan_csto_2022.txt)" in section
    assert "Steppe Wire alone quotes " in section and "Laura Fenwick" in section
    # a period without such a story says so
    invoke("report", "--db", db, "-o", str(out), "--since", "2023-01-01")
    page = out.read_text(encoding="utf-8")
    assert "No story told by two outlets or more" in page
