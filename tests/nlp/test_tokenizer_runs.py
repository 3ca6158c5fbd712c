"""Long runs of punctuation tokenize in linear time, and ordinary text as before.

Found by ``bench/fuzz_campaign.py`` (text target): 16,000 "]" after one sentence took
26 CPU-s to analyse, most of it in spaCy's tokenizer, which strips a chunk's suffixes one
at a time, each found by a search over the whole remaining chunk (O(n²)). The suffix
search now looks at the chunk's last ``SUFFIX_WINDOW`` characters (0.05 CPU-s for 4,000
"]", was 1.5; the text of 16,000: 0.3 s).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from slant.nlp.en import SUFFIX_WINDOW, TailSuffixSearch, load_nlp, model_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan_csto_2022.txt"


def test_the_suffix_search_sees_only_the_tail() -> None:
    search = TailSuffixSearch(re.compile(r"(?:\]|\.\.+|'s)$").search)
    assert search("x" + "]" * 10_000).group() == "]"
    assert search("Antonov's").group() == "'s"
    assert search("a" * 1000 + "'s").group() == "'s"
    assert search("plain") is None


def test_a_long_run_never_reaches_the_regex_whole(monkeypatch: Any) -> None:
    nlp = load_nlp("ents")
    tail = nlp.tokenizer.suffix_search
    assert isinstance(tail, TailSuffixSearch)
    seen: list[int] = []
    real = tail.search

    def recording(string: str) -> Any:
        seen.append(len(string))
        return real(string)

    monkeypatch.setattr(tail, "search", recording)
    text = "The talks collapsed, state media said. " + "]" * 5000 + " –" * 3
    doc = nlp.make_doc(text)
    assert "".join(t.text_with_ws for t in doc) == text
    assert len(doc) >= 5000 and max(seen) <= SUFFIX_WINDOW


@pytest.mark.parametrize("extra", ["", " ... ....... (see: https://example.org/a_(b)).", "'s"])
def test_ordinary_text_tokenizes_as_spacy_does(extra: str) -> None:
    import spacy

    plain = spacy.blank("en").from_disk(model_path(), exclude=["vocab"]).tokenizer
    text = EXAMPLE.read_text(encoding="utf-8") + extra
    ours = [(t.idx, len(t)) for t in load_nlp("ents").make_doc(text)]
    assert ours == [(t.idx, len(t)) for t in plain(text)]
