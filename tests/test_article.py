from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from slant.article import Article, Skip
from slant.readers import read_paths
from slant.schema import load_schema, validate


def analysed(pipeline, fixtures: Path) -> list[Article | Skip]:
    return [pipeline.run_one(i) for i in read_paths([fixtures], max_bytes=2_000_000)]


def test_every_fixture_validates_and_round_trips(pipeline, fixtures: Path) -> None:
    items = analysed(pipeline, fixtures)
    assert any(isinstance(i, Article) for i in items)
    assert any(isinstance(i, Skip) for i in items)
    for item in items:
        data = json.loads(json.dumps(item.to_dict()))
        validate(data)
        if isinstance(item, Article):
            item.check()
            again = Article.from_dict(data)
            assert again.to_dict() == data


def test_every_annotation_text_equals_its_offsets(pipeline, seed_text: str) -> None:
    from slant.readers.txt import article_from_text

    art = pipeline(article_from_text(seed_text, id="seed", source="seed"))
    data = art.to_dict()
    n = 0
    for layer in ("techniques", "quotes", "entities", "counts", "dates"):
        for ann in data[layer]:
            assert seed_text[ann["start"] : ann["end"]] == ann["text"]
            n += 1
    for p in data["paragraphs"]:
        assert seed_text[p["start"] : p["end"]].strip() == seed_text[p["start"] : p["end"]]
    assert n > 20


def test_output_lists_are_present_even_when_empty(pipeline) -> None:
    from slant.readers.txt import article_from_text

    art = pipeline(article_from_text("Nothing much happened here at all today.", id="x", source=""))
    data = art.to_dict()
    for key in ("paragraphs", "techniques", "frames", "quotes", "entities", "counts", "dates"):
        assert isinstance(data[key], list)
    assert data["text"] == "Nothing much happened here at all today."


def test_schema_rejects_missing_fields_and_bad_offsets() -> None:
    art = Article(id="x", text="abc")
    data = art.to_dict()
    validate(data)
    broken = dict(data)
    del broken["quotes"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    bad = dict(
        data,
        entities=[
            {"start": 0, "end": 2, "text": "zz", "label": "ORG", "canonical": "zz", "geo": None}
        ],
    )
    with pytest.raises(ValueError, match="differs"):
        validate(bad)


def test_skip_validates() -> None:
    validate(Skip(id="a", source="a.txt", error="a.txt: empty input").to_dict())
    with pytest.raises(jsonschema.ValidationError):
        validate({"id": "a", "source": "a.txt", "error": ""})


def test_schema_is_versioned_package_data() -> None:
    schema = load_schema()
    assert schema["$id"].endswith("article-1.json")
    assert "article" in schema["$defs"]


def test_check_catches_out_of_range_span() -> None:
    from slant.annotations import Entity

    art = Article(id="x", text="abc", entities=[Entity(1, 9, "ORG", "b")])
    with pytest.raises(AssertionError, match="outside"):
        art.check()
