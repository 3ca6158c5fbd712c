"""Narratives in the store (migration 0006): rows per item, ``stats --by narrative``, export."""

from __future__ import annotations

import csv
import io

from sqlalchemy import inspect, select

from slant.annotations import Narrative
from slant.article import Article
from slant.store import Store
from slant.store.export import export
from slant.store.narratives import narrative_stats
from slant.store.queries import Filters
from slant.store.tables import NarrativeRow

TEXT = (
    "Sanctions backfire on Europe\n\n"
    "The West provoked this conflict by pushing NATO to Russia's borders.\n"
    "Europe now pays for its own sanctions with soaring energy bills.\n"
)
WEST = "URW: Blaming the war on others rather than the invader"
SUB = WEST + ": The West are the aggressors"


def narrative_article(i: int, outlet: str, published: str, with_narrative: bool = True) -> Article:
    text = TEXT + f"Report {i}.\n"
    s = text.index("The West")
    e = text.index("\n", s)
    items = (
        [
            Narrative(WEST, None, 0.8, ((s, e),)),
            Narrative(WEST, SUB, 0.6, ((s, e),)),
            Narrative("Sanctions hurt Europe", None, 0.7, (), "user"),
        ]
        if with_narrative
        else []
    )
    return Article(
        id=f"n{i}",
        text=text,
        meta={"outlet": outlet, "published": published, "language": "en"},
        narratives=items,
        analyzers=["narratives"],
    )


def test_narrative_rows_round_trip(store: Store) -> None:
    art = narrative_article(1, "RT", "2022-03-07")
    pk = store.add(art, model_version="v1")
    assert "narratives" in inspect(store.engine).get_table_names()
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                NarrativeRow.narrative,
                NarrativeRow.subnarrative,
                NarrativeRow.taxonomy,
                NarrativeRow.evidence_start,
                NarrativeRow.evidence_end,
            ).where(NarrativeRow.article_pk == pk)
        ).all()
    s = art.text.index("The West")
    assert sorted(rows, key=str) == sorted(
        [
            (WEST, None, "semeval2025", s, art.text.index("\n", s)),
            (WEST, SUB, "semeval2025", s, art.text.index("\n", s)),
            ("Sanctions hurt Europe", None, "user", None, None),
        ],
        key=str,
    )
    assert store.get(pk).narratives == art.narratives


def test_stats_by_narrative_per_outlet_and_month(store: Store) -> None:
    store.add(narrative_article(1, "RT", "2022-03-07"), model_version="v1")
    store.add(narrative_article(2, "RT", "2022-03-20"), model_version="v1")
    store.add(narrative_article(3, "RT", "2022-03-21", with_narrative=False), model_version="v1")
    store.add(narrative_article(4, "BBC", "2022-04-02"), model_version="v1")
    rows = narrative_stats(store)
    rt = [r for r in rows if r["outlet"] == "RT"]
    assert [(r["month"], r["narrative"], r["articles"]) for r in rt] == [
        ("2022-03", WEST, 2),
        ("2022-03", "Sanctions hurt Europe", 2),
    ]
    assert rt[0]["share"] == round(2 / 3, 3)
    assert rt[0]["score"] == 0.8
    assert rt[1]["taxonomy"] == "user"
    subs = narrative_stats(store, subnarratives=True, filters=Filters(outlet="BBC"))
    assert [(r["month"], r["narrative"], r["articles"]) for r in subs] == [("2022-04", SUB, 1)]
    assert narrative_stats(store, min_score=0.75) == [
        r for r in narrative_stats(store) if r["narrative"] == WEST
    ]


def test_export_has_narrative_columns(store: Store) -> None:
    store.add(narrative_article(1, "RT", "2022-03-07"), model_version="v1")
    out = io.StringIO()
    export(store, "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["narratives"] == f"{WEST};Sanctions hurt Europe"
    assert row["subnarratives"] == SUB
