"""The model's attribute rules (tag → POS, morphology, a few lemmas), applied with numpy.

en_core_web_md's ``attribute_ruler`` holds 179 token patterns (its tag map, morph rules and
a few exceptions). spaCy runs them through its ``Matcher``: about 11.7 CPU-ms of a PTC
article's 77 ms parse, more than the tagger and the sentence splitter together. Every
pattern there is a sequence of single-token tests (equality, ``IN``/``NOT_IN``, ``REGEX``)
on the tagger's output, so :class:`AttributeRules` evaluates each one as a boolean array
over the doc's attribute columns and writes the results back with ``Doc.from_array``, in
the ruler's order (later patterns win, every match found on the attributes as they were
before any is applied). The result is the same doc, attribute for attribute
(``tests/nlp/test_attribute_rules.py`` compares TAG, POS, MORPH, LEMMA and DEP with the
ruler's on real text), for about 1 ms. A pattern outside that subset (an operator, another
predicate) makes :meth:`AttributeRules.compile` raise, and :func:`slant.nlp.load_nlp` keeps
spaCy's own ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["FACTORY", "AttributeRules", "read_patterns", "register_factory"]

FACTORY = "slant_attribute_rules"

# a test takes one attribute column (uint64) and returns a boolean mask
Test = Callable[[np.ndarray], np.ndarray]
# attributes whose values are string hashes, so a pattern's string compares by its hash
_HASHED = ("ORTH", "LOWER", "NORM", "TAG", "DEP")


def read_patterns(model_dir: Path) -> list[dict[str, Any]]:
    """The attribute ruler's patterns as the spaCy model stores them."""
    import srsly

    return list(srsly.read_msgpack(model_dir / "attribute_ruler" / "patterns"))


def register_factory() -> str:
    """Register the spaCy factory :data:`FACTORY` (once per process); returns its name.

    Its one setting, ``model_dir``, is the spaCy model folder whose ruler patterns it runs.
    """
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"model_dir": ""}, func=_make)
    return FACTORY


def _make(nlp: Any, name: str, model_dir: str) -> AttributeRules:
    return AttributeRules.compile(nlp.vocab, read_patterns(Path(model_dir)))


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern: per token, (column, test) pairs; the target token; what it sets."""

    tokens: tuple[tuple[tuple[int, Test], ...], ...]
    index: int
    attrs: tuple[tuple[int, int], ...]  # (attribute id, normalized value)


class AttributeRules:
    """spaCy's AttributeRuler for patterns of plain token tests, without the Matcher.

    Build with :meth:`compile`; call on a doc as a pipeline component.
    """

    def __init__(self, columns: list[int], rules: list[_Rule], writes: list[int]) -> None:
        self.columns = columns
        self.rules = rules
        self.writes = writes

    @classmethod
    def compile(cls, vocab: Vocab, patterns: Iterable[dict[str, Any]]) -> AttributeRules:
        """Compile the ruler's ``patterns`` (dicts of patterns / attrs / index).

        Raises:
            NotImplementedError: a pattern uses something besides the supported tests.
        """
        from spacy.attrs import IDS
        from spacy.tokens._retokenize import normalize_token_attrs

        columns: list[int] = []
        rules: list[_Rule] = []
        writes: list[int] = []
        for entry in patterns:
            # the same normalisation AttributeRuler.add applies (POS names → ids, MORPH
            # strings → the morphology table's keys, strings → the string store)
            attrs = normalize_token_attrs(vocab, dict(entry["attrs"]))
            if "_" in attrs or not all(isinstance(k, int) for k in attrs):
                raise NotImplementedError(f"attribute rule sets {sorted(map(str, attrs))}")
            for attr in attrs:
                if attr not in writes:
                    writes.append(attr)
            for pattern in entry["patterns"]:
                tokens = []
                for spec in pattern:
                    tests = []
                    for key, value in spec.items():
                        attr = IDS.get(str(key).upper())
                        if attr is None or not (
                            str(key).upper() in _HASHED or key.startswith("IS_")
                        ):
                            raise NotImplementedError(f"attribute rule tests {key!r}")
                        if attr not in columns:
                            columns.append(attr)
                        tests.append((columns.index(attr), _test(vocab, key, value)))
                    tokens.append(tuple(tests))
                rules.append(_Rule(tuple(tokens), int(entry.get("index", 0)), tuple(attrs.items())))
        return cls(columns, rules, writes)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.rules:
            return doc
        cols = doc.to_array(self.columns).reshape(n, len(self.columns))
        out = doc.to_array(self.writes).reshape(n, len(self.writes))
        before = out.copy()
        where = {attr: j for j, attr in enumerate(self.writes)}
        for rule in self.rules:  # in the ruler's order: a later rule overrides an earlier
            width = len(rule.tokens)
            if n < width:
                continue
            hit: np.ndarray | None = None
            for k, tests in enumerate(rule.tokens):
                for col, test in tests:
                    mask = test(cols[k : n - width + 1 + k, col])
                    hit = mask if hit is None else hit & mask
            starts = np.flatnonzero(hit) if hit is not None else np.arange(n - width + 1)
            if not starts.size:
                continue
            offset = rule.index if rule.index >= 0 else width + rule.index
            if not 0 <= offset < width:
                raise ValueError(f"attribute rule index {rule.index} outside its {width} tokens")
            for attr, value in rule.attrs:
                out[starts + offset, where[attr]] = value
        changed = [
            j for j in range(len(self.writes)) if not np.array_equal(out[:, j], before[:, j])
        ]
        if changed:
            doc.from_array([self.writes[j] for j in changed], out[:, changed])
        return doc


def _test(vocab: Vocab, key: str, value: Any) -> Test:
    """The boolean test of one ``key: value`` of a token pattern, as the Matcher reads it."""
    if isinstance(value, bool):  # IS_* flags (check bool before int: True is an int)
        want = int(value)
        return lambda col: col == want
    if isinstance(value, str | int):
        h = _hash(vocab, value)
        return lambda col: col == h
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            hashes = np.array([_hash(vocab, v) for v in arg], dtype=np.uint64)
            if op == "IN":
                return lambda col: np.isin(col, hashes)
            return lambda col: ~np.isin(col, hashes)
        if op == "REGEX" and isinstance(arg, str):
            return _regex_test(vocab, re.compile(arg))
    raise NotImplementedError(f"attribute rule test {key}: {value!r}")


def _hash(vocab: Vocab, value: str | int) -> int:
    """A string's hash in the string store (as the Matcher's ``get_string_id``); ints pass."""
    if isinstance(value, int):
        return value
    from spacy.strings import get_string_id

    return int(get_string_id(value))


def _regex_test(vocab: Vocab, pattern: re.Pattern[str]) -> Test:
    """``re.search`` on each value's string, once per distinct value (cached per rule)."""
    seen: dict[int, bool] = {}

    def test(col: np.ndarray) -> np.ndarray:
        if len(seen) > 200_000:  # a long-running process meets ever more words
            seen.clear()
        values, inverse = np.unique(col, return_inverse=True)
        ok = np.empty(len(values), dtype=bool)
        for i, v in enumerate(values.tolist()):
            hit = seen.get(v)
            if hit is None:
                hit = seen[v] = bool(pattern.search(vocab.strings[v]))
            ok[i] = hit
        return ok[inverse]

    return test
