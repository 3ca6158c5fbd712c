"""Casts in the store (migration 0007): rows per cast member, ``stats --by role``, export."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import inspect

from slant.annotations import CastMember, Entity, EntityRole
from slant.article import Article
from slant.errors import UsageError
from slant.store import Store
from slant.store.export import export
from slant.store.queries import Filters
from slant.store.roles import main_role, role_stats

TEXT = (
    "Americans stir unrest in Kazakhstan\n\n"
    "Once Americans are in your house, Kazakhstan will suffer, Moscow warned.\n"
)


def cast_article(i: int, outlet: str, published: str, villain: str = "United States") -> Article:
    text = TEXT + f"Report {i}.\n"
    us = text.index("Americans", 40)
    kz = text.index("Kazakhstan", 40)
    moscow = text.index("Moscow")
    return Article(
        id=f"c{i}",
        text=text,
        meta={"outlet": outlet, "published": published, "language": "en"},
        entities=[
            Entity(
                us,
                us + 9,
                "NORP",
                "Americans",
                role=EntityRole("Antagonist", ("Foreign Adversary",), 0.8, us, us + 9),
            ),
            Entity(
                kz,
                kz + 10,
                "GPE",
                "Kazakhstan",
                role=EntityRole("Innocent", ("Victim",), 0.6, kz, kz + 10),
            ),
            Entity(moscow, moscow + 6, "GPE", "Moscow"),
        ],
        cast=[
            CastMember(villain, "Antagonist", ("Foreign Adversary",), 0.8, ((us, us + 9),)),
            CastMember("Kazakhstan", "Innocent", ("Victim",), 0.6, ((kz, kz + 10),)),
        ],
    )


def test_cast_rows_round_trip_and_table(store: Store) -> None:
    art = cast_article(1, "RT", "2022-01-07")
    pk = store.add(art, model_version="v1")
    again = store.get(pk)
    assert again is not None and again.to_dict() == art.to_dict()
    assert again.entities[0].role == art.entities[0].role
    assert again.entities[2].role is None
    assert "cast_members" in inspect(store.engine).get_table_names()


def test_role_stats_per_outlet_and_month(store: Store) -> None:
    store.add(cast_article(1, "RT", "2022-01-07"), model_version="v1")
    store.add(cast_article(2, "RT", "2022-01-20"), model_version="v1")
    store.add(cast_article(3, "RT", "2022-02-03", villain="NATO"), model_version="v1")
    store.add(cast_article(4, "BBC", "2022-01-10", villain="Russia"), model_version="v1")
    rows = role_stats(store, role="villain")
    assert [(r["outlet"], r["month"], r["name"], r["articles"]) for r in rows] == [
        ("BBC", "2022-01", "Russia", 1),
        ("RT", "2022-01", "United States", 2),
        ("RT", "2022-02", "NATO", 1),
    ]
    assert all(r["role"] == "Antagonist" and r["score"] == 0.8 for r in rows)
    rt = role_stats(store, filters=Filters(outlet="RT"))
    assert [(r["month"], r["role"], r["name"]) for r in rt] == [
        ("2022-01", "Antagonist", "United States"),
        ("2022-01", "Innocent", "Kazakhstan"),
        ("2022-02", "Antagonist", "NATO"),
        ("2022-02", "Innocent", "Kazakhstan"),
    ]
    assert role_stats(store, min_score=0.7, role="Innocent") == []
    assert len(role_stats(store, top=1, filters=Filters(outlet="RT"))) == 4


def test_main_role_words() -> None:
    assert main_role("villain") == "Antagonist"
    assert main_role("Heroes") == "Protagonist"
    assert main_role("innocent") == "Innocent"
    with pytest.raises(UsageError):
        main_role("sidekick")


def test_export_has_cast_columns(store: Store) -> None:
    store.add(cast_article(1, "RT", "2022-01-07"), model_version="v1")
    buf = io.StringIO()
    export(store, "csv", buf)
    (row,) = csv.DictReader(io.StringIO(buf.getvalue()))
    assert (row["heroes"], row["villains"], row["victims"]) == ("", "United States", "Kazakhstan")
