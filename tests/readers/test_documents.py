"""PDF and Word readers, formats found by content, named binary formats and URLs."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import zipfile
from pathlib import Path

import make_documents as md
import pytest

from slant.article import Article, Skip
from slant.readers import read_bytes_as, read_path, read_paths
from slant.readers.pdf import Block, read_pdf, reflow
from slant.readers.sniff import sniff
from slant.schema import validate

MAX = 2_000_000


def one(path: Path) -> Article | Skip:
    items = list(read_path(path, max_bytes=MAX))
    assert len(items) == 1
    return items[0]


def from_bytes(data: bytes, suffix: str = ".txt") -> Article | Skip:
    try:
        items = list(read_bytes_as(data, suffix=suffix, id="x", source="x", max_bytes=MAX))
    except Exception as exc:  # read_bytes_as raises for an input unusable as a whole
        return Skip(id="x", source="x", error=str(exc))
    assert len(items) == 1
    return items[0]


# -- PDF ------------------------------------------------------------------------------------
def test_pdf_is_reflowed_into_paragraphs(fixtures: Path) -> None:
    art = one(fixtures / "press_release.pdf")
    assert isinstance(art, Article)
    assert art.text == md.REFLOWED  # wrapped lines joined, hyphens mended, page numbers gone
    assert art.title == md.TITLE
    assert art.meta == {"author": "Press Office", "format": "pdf"}
    assert art.id == "press_release"
    out = art.to_dict()
    assert out["format"] == "pdf"
    validate(out)


@pytest.mark.parametrize("options", [{"gap": 0, "indent": 18}, {"gap": 20}])
def test_pdf_paragraphs_by_indent_or_by_spacing(options: dict[str, float]) -> None:
    art = read_pdf(md.press_release_pdf(**options), id="x", source="x")
    assert art.text == md.REFLOWED


def test_pdf_paragraph_goes_on_across_a_page_break(fixtures: Path) -> None:
    art = one(fixtures / "press_release.pdf")
    assert isinstance(art, Article)
    assert "reach the families before the end of April" in art.text
    assert "\n1\n" not in art.text and not art.text.endswith("2")


def _block(*lines: str) -> Block:
    return Block(
        lines=list(lines),
        widths=[400.0] * len(lines),
        indents=[0.0] * len(lines),
        size=10.0,
        page=1,
    )


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (("with inter-", "national partners"), "with international partners"),
        (("a press con-", "ference today"), "a press conference today"),
        (("the well-", "known charity"), "the well-known charity"),  # a prefix that keeps it
        (("President Kassym-", "Jomart Tokayev"), "President Kassym-Jomart Tokayev"),
        (("pages 10-", "12 of it"), "pages 10-12 of it"),
        (("the state-of-the-", "art design"), "the state-of-the-art design"),
        (("an extra\u00ad", "ordinary day"), "an extraordinary day"),  # soft hyphen
        (("2024 -", "The Ministry"), "2024 - The Ministry"),  # a dash, not a hyphen
        (("he said\u2014", "and left"), "he said\u2014and left"),
    ],
)
def test_line_end_hyphens(lines: tuple[str, str], joined: str) -> None:
    assert reflow([_block(*lines)]) == [joined]


def test_the_document_decides_ambiguous_hyphens() -> None:
    # "co-" + "operate" is joined by default, kept when the document writes "co-operate"
    assert reflow([_block("they will co-", "operate soon")]) == ["they will cooperate soon"]
    kept = reflow([_block("they will co-", "operate soon"), _block("We co-operate.")])
    assert kept[0] == "they will co-operate soon"
    # "well-" keeps its hyphen by default, loses it when the document writes the word whole
    mended = reflow([_block("he did it well-", "nigh alone."), _block("Wellnigh.")])
    assert mended[0] == "he did it wellnigh alone."


def test_short_line_ending_a_sentence_ends_a_paragraph() -> None:
    block = _block("The first paragraph ends here.", "The second starts", "and goes on.")
    block.widths = [200.0, 400.0, 150.0]
    assert reflow([block]) == ["The first paragraph ends here.", "The second starts and goes on."]
    bullets = _block("Measures:", "• more shelters", "• clean water")
    assert reflow([bullets]) == ["Measures:", "• more shelters", "• clean water"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("encrypted.pdf", "the PDF is encrypted with a password"),
        ("scanned.pdf", "the PDF has no text layer (scanned pages?); run OCR on it first"),
        ("broken.pdf", "not a readable PDF"),
    ],
)
def test_unreadable_pdfs_are_skips_with_a_reason(fixtures: Path, name: str, reason: str) -> None:
    skip = one(fixtures / name)
    assert isinstance(skip, Skip)
    assert skip.error.startswith(str(fixtures / name) + ": ")
    assert reason in skip.error
    assert skip.id == Path(name).stem
    validate(skip.to_dict())


def test_pdf_with_only_an_owner_password_is_read(fixtures: Path) -> None:
    assert b"/Encrypt" in (fixtures / "owner_password.pdf").read_bytes()
    art = one(fixtures / "owner_password.pdf")
    assert isinstance(art, Article)
    assert art.text == md.REFLOWED


def test_truncated_pdf_is_a_skip_or_its_text(fixtures: Path) -> None:
    data = (fixtures / "press_release.pdf").read_bytes()
    for cut in (20, len(data) // 3, len(data) // 2, len(data) - 30):
        item = from_bytes(data[:cut], ".pdf")
        # pdfminer recovers what it can from a damaged file; it never crashes the batch
        assert isinstance(item, Skip | Article)
        if isinstance(item, Skip):
            assert "PDF" in item.error


def test_pdf_title_from_its_properties_unless_a_placeholder() -> None:
    page = md.layout(md.PAGE_2)  # no large first line: the Title property is the title
    for title, expected in (
        ("Flood Board Will Report Every Quarter", "Flood Board Will Report Every Quarter"),
        ("Microsoft Word - release_final.docx", None),
        ("untitled", None),
    ):
        art = read_pdf(md.pdf_bytes([page], info={"Title": title}), id="x", source="x")
        assert art.title == expected
        assert art.text.startswith("before the end of April.")  # never added to the text


def test_pdf_whose_fonts_map_to_no_characters_is_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    import slant.readers.pdf as pdf

    garbled = _block("(cid:12)(cid:40)(cid:7)(cid:33) (cid:5)(cid:9)(cid:12)", "(cid:3) news")
    monkeypatch.setattr(pdf, "_extract", lambda data, source: ([garbled], {}, 0))
    skip = from_bytes(b"%PDF-1.4\n", ".pdf")
    assert isinstance(skip, Skip)
    assert "the PDF's fonts do not say which characters they draw" in skip.error


def test_pdf_with_few_words_is_not_an_article() -> None:
    data = md.pdf_bytes([md.layout([["Page one only."]])])
    skip = from_bytes(data, ".pdf")
    assert isinstance(skip, Skip)
    assert "no article text found in the PDF (only 3 word(s))" in skip.error


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


# -- DOCX -----------------------------------------------------------------------------------
DOCX_TEXT = (
    f"{md.TITLE}\n\n"
    "GENEVA, 12 March 2024 - The Ministry of Water Resources announced on Monday a new relief "
    "fund of 40 million dollars for families affected by the floods.\n"
    "Who will receive the aid\n"
    "\u201cWe will not leave anyone behind,\u201d said the minister, Maria Keller, at a press "
    "conference. She said that 12,000 households would be helped.\n"
    "North\t7,000\n"
    "South\t5,000\n"
    "At least 23 people were killed in the floods."
)


def test_docx_paragraphs_tables_and_title(fixtures: Path) -> None:
    art = one(fixtures / "press_release.docx")
    assert isinstance(art, Article)
    assert art.text == DOCX_TEXT
    assert art.title == md.TITLE
    assert art.meta == {"author": "Press Office", "format": "docx"}
    validate(art.to_dict())


def test_damaged_docx_is_a_skip() -> None:
    data = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><x>"})
    skip = from_bytes(data, ".docx")
    assert isinstance(skip, Skip)
    assert "not a readable Word document" in skip.error


# -- found by content, not by name -----------------------------------------------------------
@pytest.mark.parametrize("name", ["release", "release.txt", "release.bin"])
def test_documents_are_found_by_content(fixtures: Path, tmp_path: Path, name: str) -> None:
    for fixture, fmt in (("press_release.pdf", "pdf"), ("press_release.docx", "docx")):
        path = tmp_path / fmt / name
        path.parent.mkdir(exist_ok=True)
        shutil.copy(fixtures / fixture, path)
        art = one(path)
        assert isinstance(art, Article), art
        assert art.meta["format"] == fmt
        assert art.title == md.TITLE


def test_a_name_that_promises_a_document_must_hold_one(tmp_path: Path) -> None:
    fake = tmp_path / "notes.pdf"
    fake.write_text("Just some text about the minister and the floods, saved as .pdf.")
    skip = one(fake)
    assert isinstance(skip, Skip)
    assert "named .pdf but is not a PDF" in skip.error
    png = tmp_path / "photo.docx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    skip = one(png)
    assert isinstance(skip, Skip)
    assert "named .docx but is not a Word document (it looks like a PNG image)" in skip.error
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert "empty input" in one(empty).error  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00" + bytes(16), "a GIF image"),
        (gzip.compress(b"Some text that was compressed."), "a gzip-compressed file"),
        (_zip({"a/b.txt": "hello"}), "a ZIP archive"),
        (_zip({"xl/workbook.xml": "<x/>"}), "an Excel workbook"),
        (b"PK\x03\x04 not really a zip", "a damaged ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an old-style Microsoft Office file"),
        (b"{\\rtf1\\ansi Hello}", "an RTF document"),
        (b"\x7fELF\x02\x01\x01" + bytes(32), "an executable program"),
    ],
)
def test_other_binary_formats_are_named(data: bytes, named: str) -> None:
    skip = from_bytes(data)
    assert isinstance(skip, Skip)
    assert f"looks like {named}" in skip.error
    assert "slant reads text, HTML, PDF and Word files" in skip.error


def test_text_that_starts_like_a_signature_is_still_text() -> None:
    for text in ("MZ Holdings said on Monday that profits rose.", "ID3 is a tag format."):
        assert sniff(text.encode()) is None
        assert isinstance(from_bytes((text + " The minister agreed.").encode()), Article)


# -- URLs -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["https://www.example.org/news/a.html", "http://example.org/a?id=3", "HTTPS://x.org/y"]
)
def test_a_url_is_named_as_one(url: str) -> None:
    (skip,) = list(read_paths([url], max_bytes=MAX))
    assert isinstance(skip, Skip)
    assert skip.source == url
    assert skip.error == f"{url}: is a URL; URLs are fetched with slant analyze URL"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_not_waited_for(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    skip = one(pipe)  # opening it would block until a writer came
    assert isinstance(skip, Skip)
    assert "not a regular file" in skip.error
