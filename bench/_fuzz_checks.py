"""Shared by the ``bench/fuzz_campaign.py`` targets: the output invariants and a time
limit for one example (in this process: SIGALRM)."""

from __future__ import annotations

import contextlib
import json
import signal
from typing import Any

from slant.article import Article, Skip

__all__ = ["Timeout", "check_item", "check_record", "kind_of", "time_limit"]


def kind_of(exc: BaseException) -> str:
    """ "hang" when the time limit fired inside the analysis (wrapped or not)."""
    while exc is not None:
        if isinstance(exc, Timeout):
            return "hang"
        exc = exc.__cause__  # type: ignore[assignment]
    return "analyzer-crash"


class Timeout(Exception):
    """An example ran past its time limit (a hang, in this process)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Any:
    def fire(*_: Any) -> None:
        raise Timeout(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- invariants --------------------------------------------------------------------------------
def _spans(node: Any, path: str = "") -> Any:
    """Every dict holding integer start and end, anywhere in the output."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield path, node
        for key, value in node.items():
            if key != "text":
                yield from _spans(value, f"{path}.{key}")
    elif isinstance(node, list):
        for value in node:
            yield from _spans(value, path)


def check_item(item: Article | Skip) -> dict[str, Any]:
    """The item's JSON: strict UTF-8, no NaN, and :func:`check_record`."""
    obj = item.to_dict()
    line = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")  # a lone surrogate raises
    check_record(obj)
    return obj


def check_record(obj: dict[str, Any]) -> None:
    """Valid against the schema; a skip has a reason; every span lies inside the text and
    equals ``text[start:end]``. Raises AssertionError (or the validator's error)."""
    from slant.schema import validate

    validate(obj)
    if "error" in obj:
        assert obj["error"].strip(), "a skip without a reason"
        return
    text = obj["text"]
    for where, span in _spans(obj):
        s, e = span["start"], span["end"]
        assert 0 <= s <= e <= len(text), f"{where}: span {s}:{e} outside a text of {len(text)}"
        if "text" in span:
            assert text[s:e] == span["text"], f"{where}: text differs from text[{s}:{e}]"
