"""``slant analyze --format text|markdown`` and ``--min-score``, on a real small article."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from slant.article import Article, Skip
from slant.cli import app
from slant.report.summary import render_summary, summary_markdown, summary_text
from slant.schema import validate

ARTICLE = Path(__file__).parent.parent / "fixtures" / "summary" / "osh_protests.txt"
runner = CliRunner()


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def analysed() -> dict[str, Any]:
    """The fixture article's JSON output, computed once for the module."""
    data = json.loads(invoke("analyze", str(ARTICLE)).stdout)
    assert data["techniques"], "the fixture should show at least one technique span"
    return data


def test_text_summary_shows_what_was_found(analysed: dict[str, Any]) -> None:
    out = invoke("analyze", str(ARTICLE), "--format", "text").stdout
    assert "\x1b[" not in out  # plain text when not on a terminal
    lines = out.splitlines()
    assert lines[0] == "Kyrgyz Police Detain Hundreds After Fuel Protests in Osh"
    assert f"genre: {analysed['genre']['label']} (" in out
    assert (
        "frames: " + ", ".join(f"{f['label']} {f['score']:.2f}" for f in analysed["frames"]) in out
    )
    # every technique span with its score, its text bracketed in its sentence
    assert f"Techniques: {len(analysed['techniques'])} span" in out
    for span in analysed["techniques"]:
        assert f"{span['technique']} {span['score']:.2f}" in out
        assert f"[{span['text']}]" in out
    assert "Loaded_Language" in out
    text = ARTICLE.read_text(encoding="utf-8")
    for span in analysed["techniques"]:  # the sentence around the span, from its start
        before = text[text.rfind("\n", 0, span["start"]) + 1 : span["start"]]
        assert f"{before}[{span['text']}]" in out
    # quotes as speaker: "text"
    assert 'Sadyr Japarov: "These criminal thugs and foreign puppets' in out
    assert "the interior ministry: \"Kyrgyzstan's police have arrested 1,204 people" in out
    # counts, places and dates
    assert "ARREST 1,204 people" in out and "KILL 7 police officers" in out
    assert "Osh (KG) ×1" in out and "Bishkek (KG) ×1" in out
    assert '10 March 2023: "March 10, 2023"' in out  # the value in words, as the reader


def test_markdown_summary_to_a_file(analysed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    invoke("analyze", str(ARTICLE), "-f", "markdown", "-o", str(out))
    md = out.read_text(encoding="utf-8")
    assert md.startswith("## Kyrgyz Police Detain Hundreds After Fuel Protests in Osh\n")
    assert '**Sadyr Japarov:** "These criminal thugs' in md
    assert "### Counts: 3" in md and "- ARREST 1,204 people" in md
    assert "**Loaded\\_Language**" in md  # Markdown's _ escaped in labels
    for span in analysed["techniques"]:
        assert f"**{span['text']}**" in md  # the span in bold within its sentence


def _threshold(analysed: dict[str, Any]) -> float:
    """A threshold between the lowest and highest technique score of the article."""
    scores = sorted({s["score"] for s in analysed["techniques"]})
    if len(scores) < 2:
        pytest.skip("needs technique spans with two different scores")
    return round((scores[0] + scores[-1]) / 2, 4)


def test_min_score_in_json_jsonl_and_parquet(analysed: dict[str, Any], tmp_path: Path) -> None:
    from slant.scale.parquet import read_results

    cut = _threshold(analysed)
    kept = [s for s in analysed["techniques"] if s["score"] >= cut]
    assert 0 < len(kept) < len(analysed["techniques"])

    data = json.loads(invoke("analyze", str(ARTICLE), "--min-score", str(cut)).stdout)
    validate(data)
    assert data["techniques"] == kept
    assert data["extras"]["techniques_min_score"] == cut
    assert data["paragraphs"] == analysed["paragraphs"]  # paragraph labels have no score

    line = invoke("analyze", str(ARTICLE), "-f", "jsonl", "--min-score", str(cut)).stdout
    assert json.loads(line.splitlines()[0])["techniques"] == kept

    out = tmp_path / "out.parquet"
    invoke("analyze", str(ARTICLE), "-f", "parquet", "-o", str(out), "--min-score", str(cut))
    import pyarrow.parquet as pq

    assert pq.read_table(out, columns=["technique_spans"])["technique_spans"].to_pylist() == [
        len(kept)
    ]
    assert read_results(out)[0]["techniques"] == kept


def test_min_score_in_the_summaries(analysed: dict[str, Any]) -> None:
    cut = _threshold(analysed)
    hidden = [s for s in analysed["techniques"] if s["score"] < cut]
    out = invoke("analyze", str(ARTICLE), "-f", "text", "--min-score", str(cut)).stdout
    assert f"with score ≥ {cut:g}; {len(hidden)} below it hidden" in out
    for span in hidden:
        assert f"[{span['text']}]" not in out
    md = invoke("analyze", str(ARTICLE), "-f", "markdown", "--min-score", str(cut)).stdout
    for span in hidden:
        assert f"**{span['text']}**" not in md


def test_min_score_must_be_a_probability() -> None:
    result = runner.invoke(app, ["analyze", str(ARTICLE), "--min-score", "1.5"])
    assert result.exit_code == 2


def test_export_min_score(analysed: dict[str, Any], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from slant.store import Store

    db = tmp_path / "corpus.db"
    Store(str(db)).add(Article.from_dict(analysed), model_version="test")
    cut = _threshold(analysed)
    kept = [s for s in analysed["techniques"] if s["score"] >= cut]
    out = tmp_path / "corpus.parquet"
    invoke("export", "--db", str(db), "-f", "parquet", "-o", str(out), "--min-score", str(cut))
    table = pq.read_table(out).to_pylist()
    assert table[0]["technique_spans"] == len(kept)
    assert json.loads(table[0]["analysis"])["techniques"] == kept
    lines = invoke("export", "--db", str(db), "--min-score", str(cut)).stdout.splitlines()
    assert json.loads(lines[0])["extras"]["techniques_min_score"] == cut


def test_summary_is_coloured_on_a_terminal(analysed: dict[str, Any]) -> None:
    from rich.console import Console

    article = Article.from_dict(analysed)
    text = summary_text(article)
    buf = io.StringIO()
    Console(file=buf, force_terminal=True, color_system="standard", width=200).print(text)
    assert "\x1b[" in buf.getvalue()
    assert "\x1b[" not in text.plain
    assert render_summary(article) == text.plain
    assert render_summary(article, "markdown") == summary_markdown(article)


def test_summary_of_a_skip_and_several_results(analysed: dict[str, Any], tmp_path: Path) -> None:
    skip = Skip(id="empty", source="empty.txt", error="empty.txt: empty file")
    assert render_summary(skip) == "skipped empty: empty.txt: empty file\n"
    assert summary_markdown(skip).startswith("## Skipped: empty")
    with pytest.raises(ValueError):
        render_summary(skip, "html")  # type: ignore[arg-type]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    result = invoke("analyze", str(folder), "-f", "text", "-w", "1")
    assert result.stdout.count("Kyrgyz Police Detain Hundreds") == 1
    assert "skipped b: " in result.stdout
    assert "analysed 1, skipped 1 in " in result.stderr


def test_summaries_list_speech_apart_from_other_attributions() -> None:
    import slant

    text = (
        "Protests began as residents of Aktau opposed a two-fold increase in gas prices.\n"
        '"We will not raise prices again this year," Energy Minister Erlan Akhmetov said.\n'
    )
    art = slant.analyze(text, only=("entities", "quotes"))
    out = render_summary(art, "text")
    quotes, others = out.split("Quotes: 1\n")[1].split("\n\n")[:2]
    assert 'Erlan Akhmetov: "We will not raise prices' in quotes and "opposed" not in quotes
    assert others.startswith("Other attributions (thoughts, intentions, stances, acts")
    assert ": 1\n" in others and "(indirect, 'opposed', other)" in others
    md = render_summary(art, "markdown")
    assert "### Quotes: 1" in md and "### Other attributions (" in md
    assert md.index("'opposed'") > md.index("### Other attributions")


def test_summaries_list_a_repeated_paragraph_once() -> None:
    """A duplicate paragraph (line 9 repeats line 5, in other case and spacing) carries its
    original's spans and quote: each is listed once, flagged with the line repeating it."""
    import slant
    from slant.analyzers.techniques import mirror_duplicates
    from slant.annotations import Paragraph, TechniqueSpan

    text = (ARTICLE.parent / "repeated_paragraph.txt").read_text(encoding="utf-8")
    art = slant.analyze(text, only=("entities", "quotes"))
    assert [p.duplicate_of for p in art.paragraphs if p.line == 9] == [5]
    start = text.index("alive, not robbed and not raped")
    end = start + len("alive, not robbed and not raped")
    spans = [
        TechniqueSpan("Loaded_Language", start, end, 0.4),
        TechniqueSpan("Repetition", start, end, 0.2),
    ]
    paras = [
        Paragraph(p.line, p.start, p.end, p.kind, p.duplicate_of, ("Loaded_Language",))
        if p.line == 5
        else p
        for p in art.paragraphs
    ]
    art.paragraphs, art.techniques = mirror_duplicates(text, paras, spans)
    assert len(art.techniques) == 4  # the two spans and their copies on line 9
    out = render_summary(art, "text")
    assert "Techniques: 2 spans (+2 repeated in a duplicate paragraph)" in out
    assert "Loaded_Language 0.40, Repetition 0.20 (line 5, repeated at line 9)" in out
    assert out.count("[alive, not robbed and not raped]") == 1
    assert out.count("[ALIVE, not robbed and not raped]") == 0
    assert "line 9: Loaded_Language (repeats line 5)" in out
    assert "Quotes: 3 (+1 repeated in a duplicate paragraph)" in out
    assert out.count("difficult to remain") == 2  # the span's sentence, the quote once
    assert "(direct, 'said', speech, repeated at line 9)" in out
    md = render_summary(art, "markdown")
    assert "line 5, repeated at line 9:" in md and md.count("not robbed and not raped") == 2
    assert "- line 9: Loaded\\_Language (repeats line 5)" in md


def test_a_mixed_quote_keeps_its_own_marks() -> None:
    """A mixed quote's span holds its quotation marks: it is shown as written, not wrapped
    in more marks (was '"that "one lesson … leave."')."""
    import slant

    text = (
        "Blinken spoke on Friday.\n"
        'Blinken said that "one lesson in recent history is that once Russians are in your '
        'house, it is sometimes very difficult to get them to leave."\n'
        '"We will assist efforts to restore normal life," Anatoly Antonov said.\n'
    )
    art = slant.analyze(text, only=("entities", "quotes"))
    kinds = sorted(q.kind for q in art.quotes)
    assert kinds == ["direct", "mixed"], kinds
    out = render_summary(art, "text")
    assert ': that "one lesson in recent history' in out
    assert '""' not in out and '"that' not in out
    assert 'Anatoly Antonov: "We will assist efforts to restore normal life,"' in out
    mixed = next(line for line in out.splitlines() if ': that "one lesson' in line)
    assert mixed.split(" (mixed")[0].endswith('to get them to leave."'), mixed  # closed


def test_quoted_closes_a_mark_the_span_leaves_open() -> None:
    from slant.report._render import quoted

    assert quoted("plain words") == '"plain words"'
    assert quoted("plain words", "“”") == "“plain words”"
    assert quoted('that "order is restored."') == 'that "order is restored."'
    assert quoted('that "order is restored.') == 'that "order is restored."'
    assert quoted("that “order is restored.") == "that “order is restored.”"
    assert quoted("что «порядок восстановлен.") == "что «порядок восстановлен.»"
