"""Narratives everywhere a user looks: the reader panel, the text/Markdown summaries and the
report section (hand-built narratives, no model needed)."""

from __future__ import annotations

from pathlib import Path

from _webcorpus import make_article

from slant.annotations import Narrative
from slant.article import Article
from slant.report.narratives import narrative_entries, narratives_section_html
from slant.report.summary import render_summary
from slant.store import Store
from slant.store.narratives import narrative_stats
from slant.web.render import article_view

WEST = "URW: Blaming the war on others rather than the invader"
SUB = WEST + ": The West are the aggressors"


def narrated(i: int = 7) -> Article:
    art = make_article(i, "RT", "2022-01-09")
    para = next(p for p in art.paragraphs if "shameful" in art.text[p.start : p.end])
    art.narratives = [
        Narrative(WEST, None, 0.71, ((para.start, para.end),)),
        Narrative(WEST, SUB, 0.42, ((para.start, para.end),)),
        Narrative("Foreign hands behind unrest", None, 0.63, ((para.start, para.end),), "user"),
    ]
    art.analyzers = [*art.analyzers, "narratives"]
    return art


def test_entries_nest_subnarratives_under_their_narrative() -> None:
    art = narrated()
    entries = narrative_entries(art)
    assert [(e.label, e.level, e.taxonomy) for e in entries] == [
        (WEST, 0, "semeval2025"),
        ("The West are the aggressors", 1, "semeval2025"),
        ("Foreign hands behind unrest", 0, "user"),
    ]
    para = art.paragraph_at(art.narratives[0].evidence[0][0])
    assert entries[0].line == para.line
    assert "shameful" in entries[0].evidence


def test_text_and_markdown_sections() -> None:
    art = narrated()
    text = render_summary(art, "text")
    assert "Narratives: 2" in text
    assert f"{WEST} 0.71" in text
    assert "    The West are the aggressors 0.42" in text  # indented under its narrative
    assert "Foreign hands behind unrest 0.63 (user)" in text
    md = render_summary(art, "markdown")
    assert "### Narratives: 2" in md
    assert "  - **The West are the aggressors** 0.42" in md
    art.narratives = []
    assert "none of the SemEval-2025 narratives (Other)" in render_summary(art, "text")
    art.analyzers = [a for a in art.analyzers if a != "narratives"]
    assert "Narratives" not in render_summary(art, "text")


def test_reader_panel_links_items_to_their_evidence_paragraphs() -> None:
    art = narrated()
    view = article_view(art)
    rows = view["narratives"]
    para = art.paragraph_at(art.narratives[0].evidence[0][0])
    assert rows[0]["lines"] == str(para.line) and rows[1]["level"] == 1 and rows[2]["user"]


def test_article_page_has_the_panel(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from slant.config import Settings
    from slant.web import create_app

    url = str(tmp_path / "n.db")
    store = Store(url)
    pk = store.add(narrated(), model_version="test")
    store.close()
    app = create_app(Settings(only=("tone",)), url, timeout=30)
    with TestClient(app) as client:
        page = client.get(f"/articles/{pk}").text
    assert 'id="narratives-panel"' in page
    para = narrated().paragraph_at(narrated().narratives[0].evidence[0][0])
    assert f'data-lines="{para.line}"' in page
    assert "The West are the aggressors" in page


def test_report_section_from_the_store(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "r.db"))
    store.add(narrated(1), model_version="test")
    store.add(narrated(2), model_version="test")
    html = narratives_section_html(narrative_stats(store, top=5))
    store.close()
    assert 'id="narratives"' in html
    assert "RT" in html and "2022-01" in html
    assert "Foreign hands behind unrest (user) (2, 100 %)" in html
    assert narratives_section_html([]) == ""
