"""The SemEval-2025 Task 10 reader on a three-article copy of the corpus layout
(``tests/fixtures/semeval2025``: a CRLF document, CRLF annotation files, class files with
no final newline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.training import semeval2025 as corpus

DATA = Path(__file__).parents[1] / "fixtures" / "semeval2025"


def test_documents_keep_carriage_returns() -> None:
    docs = corpus.read_documents("en", data_dir=DATA)
    assert list(docs) == ["EN_CC_000002.txt", "EN_UA_000001.txt", "EN_UA_000003.txt"]
    assert docs["EN_UA_000001.txt"].startswith("NATO at the gates\r\n\r\n")


def test_mentions_make_the_inclusive_end_exclusive() -> None:
    docs = corpus.read_documents("EN", data_dir=DATA)
    mentions = corpus.read_mentions("EN", data_dir=DATA)
    assert [(m.mention, m.main, m.fine) for m in mentions] == [
        ("The West", "Antagonist", ("Instigator",)),
        ("Russia", "Innocent", ("Victim", "Scapegoat")),
    ]
    for m in mentions:  # offsets count the \r of the CRLF document
        assert docs[m.article_id][m.start : m.end] == m.mention


def test_narratives_taxonomy_and_hierarchy() -> None:
    gold = corpus.read_narratives("EN", data_dir=DATA)
    assert [g.article_id for g in gold] == [
        "EN_UA_000001.txt",
        "EN_CC_000002.txt",
        "EN_UA_000003.txt",
    ]  # file order: the official scorer pairs rows by position
    assert gold[2].narratives == ("Other",) and gold[2].subnarratives == ("Other",)
    tax = corpus.read_taxonomy(DATA)
    assert tax.narratives[-1] == "URW: Blaming the war on others rather than the invader"
    assert len(tax.subnarratives) == 5 and "" not in tax.subnarratives
    assert tax.children("CC: Amplifying Climate Fears") == (
        "CC: Amplifying Climate Fears: Earth will be uninhabitable soon",
        "CC: Amplifying Climate Fears: Other",
    )
    for g in gold:
        for sub in g.subnarratives:
            if sub != corpus.OTHER:
                assert corpus.coarse_of(sub, tax.narratives) in g.narratives
    assert corpus.coarse_of("Other", tax.narratives) is None


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown SemEval-2025 language"):
        corpus.read_documents("fr", data_dir=DATA)
