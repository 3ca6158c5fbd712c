"""A duplicate paragraph reads exactly like the paragraph it repeats (labels and spans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.analyzers.techniques import mirror_duplicates
from slant.annotations import Paragraph, TechniqueSpan
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "techniques" / "duplicate.txt"


def _para(
    text: str, line: int, needle: str, duplicate_of: int | None = None, nth: int = 0
) -> Paragraph:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Paragraph(line, start, start + len(needle), "body", duplicate_of)


def test_mirror_moves_the_original_spans_and_labels_onto_an_exact_copy() -> None:
    line = "They are thugs and liars."
    text = f"{line}\nA calm line.\n{line}"
    paras = [
        Paragraph(1, 0, len(line), techniques=("Name_Calling-Labeling",)),
        _para(text, 2, "A calm line."),
        _para(text, 3, line, duplicate_of=1, nth=1),
    ]
    thugs = text.index("thugs")
    spans = [
        TechniqueSpan("Name_Calling-Labeling", thugs, thugs + 5, 0.6),
        TechniqueSpan("Loaded_Language", thugs, thugs + 5, 0.3),
        # the copy's own reading, which gives way to the original's
        TechniqueSpan("Doubt", paras[2].start, paras[2].end, 0.2),
    ]
    out_paras, out_spans = mirror_duplicates(text, paras, spans)
    assert out_paras[2].techniques == ("Name_Calling-Labeling",)
    assert out_paras[:2] == paras[:2]
    shift = paras[2].start
    assert out_spans == [
        spans[0],
        spans[1],
        TechniqueSpan("Name_Calling-Labeling", thugs + shift, thugs + 5 + shift, 0.6),
        TechniqueSpan("Loaded_Language", thugs + shift, thugs + 5 + shift, 0.3),
    ]
    assert {text[t.start : t.end] for t in out_spans} == {"thugs"}


def test_mirror_maps_through_case_space_and_quote_differences() -> None:
    orig, copy = 'They are "thugs" and liars.', "THEY  ARE “thugs” and liars."
    text = f"{orig}\n{copy}"
    paras = [
        Paragraph(1, 0, len(orig), techniques=("Loaded_Language",)),
        Paragraph(2, len(orig) + 1, len(text), duplicate_of=1),
    ]
    s = orig.index('"thugs"')
    spans = [TechniqueSpan("Loaded_Language", 0, s + 7, 0.5)]
    out_paras, out_spans = mirror_duplicates(text, paras, spans)
    assert out_paras[1].techniques == ("Loaded_Language",)
    assert [text[t.start : t.end] for t in out_spans] == [
        'They are "thugs"',
        "THEY  ARE “thugs”",
    ]


def test_mirror_copies_only_labels_when_the_characters_do_not_pair_up() -> None:
    # casefold equates "ß" with "SS", so the cleaner may pair texts of different lengths
    orig, copy = "Die Straße brennt.", "DIE STRASSE BRENNT."
    text = f"{orig}\n{copy}"
    paras = [
        Paragraph(1, 0, len(orig), techniques=("Loaded_Language",)),
        Paragraph(2, len(orig) + 1, len(text), duplicate_of=1),
    ]
    own = TechniqueSpan("Exaggeration-Minimisation", paras[1].start, paras[1].end, 0.4)
    spans = [TechniqueSpan("Loaded_Language", 0, 3, 0.5), own]
    out_paras, out_spans = mirror_duplicates(text, paras, spans)
    assert out_paras[1].techniques == ("Loaded_Language",)
    assert out_spans == spans


def test_mirror_without_duplicates_changes_nothing() -> None:
    paras = [Paragraph(1, 0, 5), Paragraph(2, 6, 11)]
    spans = [TechniqueSpan("Doubt", 6, 11, 0.5)]
    assert mirror_duplicates("aaaaa\nbbbbb", paras, spans) == (paras, spans)


@pytest.fixture(scope="module")
def analysed() -> Article:
    pipe = Pipeline(Settings(only=("techniques",), language_check=False))
    return pipe(Article(id="dup", text=FIXTURE.read_text(encoding="utf-8")))


def test_analyzer_reads_a_repeated_paragraph_like_its_original(analysed: Article) -> None:
    by_line = {p.line: p for p in analysed.paragraphs}
    orig, exact, retyped = by_line[3], by_line[7], by_line[11]
    assert exact.duplicate_of == 3 and retyped.duplicate_of == 3
    assert orig.techniques, "the tirade gets a paragraph label"
    assert exact.techniques == orig.techniques == retyped.techniques

    def spans_in(p: Paragraph) -> list[tuple[str, int, int, float]]:
        return [
            (t.technique, t.start - p.start, t.end - p.start, t.score)
            for t in analysed.techniques
            if p.start <= t.start and t.end <= p.end
        ]

    assert spans_in(orig), "the tirade gets technique spans"
    assert spans_in(exact) == spans_in(orig)
    assert [t[0] for t in spans_in(retyped)] == [t[0] for t in spans_in(orig)]
    analysed.check()  # every span still within the text
