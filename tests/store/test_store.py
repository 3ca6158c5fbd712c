from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from slant.annotations import (
    Count,
    Cue,
    Entity,
    FrameScore,
    Geo,
    Label,
    Paragraph,
    Quote,
    Speaker,
    TechniqueSpan,
)
from slant.article import Article, Skip
from slant.errors import StoreError, UsageError
from slant.store import Store, normalise_url
from slant.store.export import export
from slant.store.queries import Filters, list_articles, report_data, search, stats

TEXT = (
    "Police Detain Protesters in Almaty\n\n"
    "Police in Almaty detained 40 people on Friday, the ministry said.\n"
    '"These shameful riots were organised from abroad," Erlan Turgumbayev said.\n'
)


def make_article(i: int, outlet: str, published: str, extra: str = "") -> Article:
    text = TEXT + f"Report number {i}. {extra}\n"
    shameful = text.index("shameful")
    quote_start = text.index('"These') + 1
    quote_end = text.index('abroad,"') + len("abroad,")
    said = text.index("said.\n", quote_end)
    name = text.index("Erlan")
    almaty = text.index("Almaty", 40)
    forty = text.index("40 people")
    return Article(
        id=f"a{i}",
        text=text,
        source=f"feed.jsonl:{i}",
        title="Police Detain Protesters in Almaty",
        meta={"outlet": outlet, "published": published, "language": "en"},
        paragraphs=[
            Paragraph(1, 0, 34, "title"),
            Paragraph(3, 36, 101, "body"),
            Paragraph(4, 102, len(TEXT) - 1, "body", techniques=("Loaded_Language",)),
        ],
        techniques=[
            TechniqueSpan("Loaded_Language", shameful, shameful + 14, 0.9),
            TechniqueSpan("Name_Calling-Labeling", shameful, shameful + 14, 0.6),
        ],
        genre=Label("reporting", {"reporting": 0.8, "opinion": 0.15, "satire": 0.05}),
        frames=[FrameScore("Security_and_defense", 0.7)],
        quotes=[
            Quote(
                quote_start,
                quote_end,
                "direct",
                Cue(said, said + 4),
                Speaker("Erlan Turgumbayev", name, name + 17),
            )
        ],
        entities=[
            Entity(almaty, almaty + 6, "GPE", "Almaty", Geo("Almaty", "KZ", 43.25, 76.95, 1526384))
        ],
        counts=[Count("ARREST", 40.0, "people", forty, forty + 9)],
        tone={"tone": -2.5, "word_count": 30.0},
    )


def fill(store: Store) -> None:
    for i, (outlet, day) in enumerate(
        [("RT", "2022-01-07"), ("RT", "2022-02-03"), ("BBC", "2022-01-10"), ("BBC", "2022-01-11")]
    ):
        store.add(make_article(i, outlet, day), model_version="v1")


def test_add_get_round_trip(store: Store) -> None:
    art = make_article(1, "RT", "2022-01-07")
    pk = store.add(art, model_version="v1")
    again = store.get(pk)
    assert again is not None
    assert again.to_dict() == art.to_dict()
    assert store.get("a1").to_dict() == art.to_dict()
    assert store.get("nope") is None


def test_same_text_is_stored_once_and_reanalysis_replaces(store: Store) -> None:
    art = make_article(1, "RT", "2022-01-07")
    store.add(art, model_version="v1")
    store.add(art, model_version="v2")
    assert store.count() == 1
    assert set(store.known_hashes().values()) == {"v2"}
    from sqlalchemy import select

    from slant.store.tables import TechniqueRow

    with store.engine.connect() as conn:
        versions = conn.execute(select(TechniqueRow.model_version)).scalars().all()
    assert versions == ["v2", "v2"]  # old child rows went with the old analysis


def test_skips_are_recorded_once_per_source_and_cleared_on_success(store: Store) -> None:
    store.add_skip(Skip("a1", "feed.jsonl:1", "first reason"))
    store.add_skip(Skip("a1", "feed.jsonl:1", "second reason"))
    assert [s.error for s in store.skips()] == ["second reason"]
    store.add(make_article(1, "RT", "2022-01-07"), model_version="v1")
    assert store.skips() == []


def test_stats_by_outlet_month_week_and_filters(store: Store) -> None:
    fill(store)
    rows = {r["group"]: r for r in stats(store, by="outlet")}
    assert rows["RT"]["articles"] == 2 and rows["BBC"]["articles"] == 2
    assert rows["RT"]["technique_spans"] == 4
    assert rows["RT"]["top_techniques"][0][1] == 2
    assert rows["RT"]["quotes"] == 2
    months = {r["group"]: r["articles"] for r in stats(store, by="month")}
    assert months == {"2022-01": 3, "2022-02": 1}
    weeks = {r["group"] for r in stats(store, by="week")}
    assert "2022-W01" in weeks and "2022-W02" in weeks
    since = stats(store, by="outlet", filters=Filters(since=dt.date(2022, 1, 9)))
    assert {r["group"]: r["articles"] for r in since} == {"BBC": 2, "RT": 1}
    share = stats(store, filters=Filters(outlet="RT", technique="Loaded_Language"))
    assert share[0]["technique_share"] == 0.5
    with pytest.raises(UsageError):
        stats(store, by="year")


def test_search_is_ranked_and_safe(store: Store) -> None:
    fill(store)
    store.add(
        make_article(9, "AP", "2022-03-01", "Floods hit the northern province."), model_version="v1"
    )
    hits = search(store, "floods province")
    assert [h["id"] for h in hits] == ["a9"]
    assert "Flood" in hits[0]["snippet"]
    assert len(search(store, "detained")) == 5
    assert [h["id"] for h in search(store, 'province" *(')] == ["a9"]  # never FTS syntax
    with pytest.raises(UsageError):
        search(store, "  ?? ")


def test_list_articles_pages(store: Store) -> None:
    fill(store)
    total, page = list_articles(store, limit=2)
    assert total == 4 and len(page) == 2
    assert page[0]["published"] == "2022-02-03"  # newest first
    total, _ = list_articles(store, filters=Filters(outlet="BBC"))
    assert total == 2


def test_export_formats(store: Store, tmp_path: Path) -> None:
    fill(store)
    buf = io.StringIO()
    assert export(store, "jsonl", buf) == 4
    first = json.loads(buf.getvalue().splitlines()[0])
    assert first["quotes"][0]["speaker"]["name"] == "Erlan Turgumbayev"
    buf = io.StringIO()
    export(store, "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[0]["outlet"] == "RT" and rows[0]["places"] == "Almaty"
    assert json.loads(rows[0]["techniques"]) == {"Loaded_Language": 1, "Name_Calling-Labeling": 1}
    import pyarrow.parquet as pq

    export(store, "parquet", tmp_path / "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.num_rows == 4 and "analysis" in table.column_names
    with pytest.raises(UsageError):
        export(store, "xml", buf)


def test_report_data_and_html(store: Store, tmp_path: Path) -> None:
    from slant.report import write_report

    fill(store)
    data = report_data(store)
    assert data["articles"] == 4
    assert data["top_speakers"] == [("Erlan Turgumbayev", 4)]
    assert data["top_places"] == [("Almaty (KZ)", 4)]
    assert data["counts_by_month"]["ARREST"] == {"2022-01": 120.0, "2022-02": 40.0}
    assert data["technique_share"]["RT"]["Loaded_Language"] == 2
    files = write_report(store, tmp_path / "report.html", png=True)
    page = files[0].read_text(encoding="utf-8")
    assert page.count("<svg") == 5
    assert "<script" not in page
    for external in ('href="http', "href='http", 'src="', "url(http", "@import"):
        assert external not in page  # nothing to fetch: viewable offline
    assert "Erlan Turgumbayev" in page
    assert len(files) == 6 and all(f.stat().st_size > 1000 for f in files[1:])


def test_urls_and_bad_database() -> None:
    assert normalise_url(None) == "sqlite:///slant.db"
    assert normalise_url("x.db") == "sqlite:///x.db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError):
        Store("postgresql://nobody@127.0.0.1:1/none")
