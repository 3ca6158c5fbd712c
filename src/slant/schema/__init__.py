"""The versioned JSON Schema of slant's output contract, shipped as package data."""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import Any

__all__ = ["SCHEMA_FILE", "load_schema", "validate"]

SCHEMA_FILE = "article-1.json"


@functools.cache
def load_schema() -> dict[str, Any]:
    """The output schema (JSON Schema draft 2020-12) as a dict."""
    return json.loads(files("slant.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def validate(obj: dict[str, Any]) -> None:
    """Check one output object against the schema and its offsets against its text.

    Raises:
        jsonschema.ValidationError: the object does not follow the schema.
        ValueError: an annotation's ``text`` differs from ``text[start:end]``.
    """
    import jsonschema

    jsonschema.validate(obj, load_schema())
    if "error" in obj:
        return
    text = obj["text"]
    for layer in ("paragraphs", "techniques", "quotes", "entities", "counts", "dates"):
        for ann in obj.get(layer, []):
            role = ann.get("role") if layer == "entities" else None
            mention = role.get("mention") if isinstance(role, dict) else None
            for span in (ann, ann.get("cue"), ann.get("speaker"), mention):
                if not isinstance(span, dict) or "start" not in span:
                    continue
                if not 0 <= span["start"] <= span["end"] <= len(text):
                    raise ValueError(f"{layer}: span {span['start']}:{span['end']} outside text")
                if "text" in span and text[span["start"] : span["end"]] != span["text"]:
                    raise ValueError(
                        f"{layer}: text differs from text[start:end] at {span['start']}"
                    )
    for member in obj.get("cast", []):
        for span in member["mentions"]:
            if text[span["start"] : span["end"]] != span["text"] or span["end"] > len(text):
                raise ValueError(f"cast: mention differs from text[start:end] at {span['start']}")
