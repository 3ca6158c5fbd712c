"""PDF documents: pdfminer.six finds the text blocks, then lines are reflowed into paragraphs.

A PDF holds positioned lines, not paragraphs. pdfminer groups lines into blocks by their
spacing; within and between blocks the lines of one paragraph are joined with a space,
and a word the typesetter hyphenated at a line end is mended ("inter-" + "national" →
"international") while a real compound keeps its hyphen ("well-known", "Kassym-Jomart").
The reflowed text becomes ``Article.text`` and every offset points into it, as for HTML.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from slant.article import Article
from slant.errors import MalformedInput, NoArticleText, UnsupportedInput
from slant.readers.txt import article_from_text

__all__ = ["MIN_WORDS", "read_pdf", "reflow"]

log = logging.getLogger(__name__)

MIN_WORDS = 8  # as for HTML: fewer words than this is not an article
# A paragraph's last line is shorter than the block is wide; a wrapped line is not.
SHORT_LINE = 0.8
TITLE_SIZE = 1.25  # a first block this much larger than the body text is the title
# Prefixes that keep their hyphen when a line break falls right after them and the
# document gives no other hint ("well-" + "known" → "well-known").
KEEP_HYPHEN = frozenset(
    "all anti cross ex half ill long low high non post pre pro self short so well".split()
)
_END_OF_SENTENCE = re.compile(r"""[.!?:;…]["'”’»)\]]*$""")
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$", re.I)
_BULLET = re.compile(r"^([•◦▪‣∙·*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_HYPHENS = ("-", "\u2010", "\u00ad")  # hyphen-minus, hyphen, soft hyphen


@dataclass
class Block:
    """A block of lines as laid out on the page (pdfminer's text box)."""

    lines: list[str]
    widths: list[float]
    indents: list[float]  # each line's left edge, relative to the block's
    size: float  # median font size
    page: int
    width: float = field(init=False)

    def __post_init__(self) -> None:
        self.width = max(self.widths, default=0.0)


def read_pdf(data: bytes, *, id: str, source: str) -> Article:
    """Extract a PDF's text, reflowed into paragraphs (title line first when there is one).

    Raises:
        UnsupportedInput: the PDF is encrypted with a password.
        MalformedInput: the file is not a readable PDF.
        NoArticleText: no text layer (a scan), or too few words.
    """
    blocks, info, n_images = _extract(data, source)
    blocks = _drop_furniture(blocks)
    n_chars = sum(len(line) for b in blocks for line in b.lines)
    if not n_chars:
        if n_images:
            raise NoArticleText(
                source, "the PDF has no text layer (scanned pages?); run OCR on it first"
            )
        raise NoArticleText(source, "the PDF has no text")
    cids = sum(line.count("(cid:") for b in blocks for line in b.lines)
    if cids * 6 > n_chars * 0.2:  # "(cid:12)" per glyph: the fonts map to no characters
        raise NoArticleText(
            source, "the PDF's fonts do not say which characters they draw; text cannot be read"
        )
    title, blocks = _title(blocks)
    paragraphs = reflow(blocks)
    body = "\n".join(paragraphs)
    n_words = len(body.split())
    if n_words < MIN_WORDS:
        detail = f" (only {n_words} word(s))" if n_words else ""
        raise NoArticleText(source, f"no article text found in the PDF{detail}")
    text = f"{title}\n\n{body}" if title else body
    meta_title = info.get("title")
    if not title and meta_title and _sensible_title(meta_title):
        title = meta_title
    return article_from_text(
        text, id=id, source=source, title=title, author=info.get("author"), format="pdf"
    )


def _extract(data: bytes, source: str) -> tuple[list[Block], dict[str, str], int]:
    """The text blocks of every page, the document's info (title, author) and how many
    images its pages hold."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    blocks: list[Block] = []
    counts = {"images": 0}
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        info = _info(document)
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            interpreter.process_page(page)
            blocks.extend(_blocks(device.get_result(), number, counts))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnsupportedInput(
            source, "the PDF is encrypted with a password; save an unprotected copy first"
        ) from exc
    except Exception as exc:  # pdfminer raises many types on damaged files
        log.debug("pdfminer failed on %s", source, exc_info=True)
        detail = str(exc).strip() or type(exc).__name__
        raise MalformedInput(source, f"not a readable PDF ({detail[:120]})") from exc
    return blocks, info, counts["images"]


def _blocks(layout: Iterable[Any], page: int, counts: dict[str, int]) -> Iterator[Block]:
    from pdfminer.layout import LTChar, LTFigure, LTImage, LTTextContainer, LTTextLine

    for element in layout:
        if isinstance(element, LTTextContainer) and not isinstance(element, LTTextLine):
            lines = [ln for ln in element if isinstance(ln, LTTextLine)]
            texts = [_clean(ln.get_text()) for ln in lines]
            keep = [(ln, t) for ln, t in zip(lines, texts, strict=True) if t]
            if not keep:
                continue
            sizes = [c.size for ln, _ in keep for c in ln if isinstance(c, LTChar)]
            yield Block(
                lines=[t for _, t in keep],
                widths=[ln.x1 - ln.x0 for ln, _ in keep],
                indents=[ln.x0 - element.x0 for ln, _ in keep],
                size=statistics.median(sizes) if sizes else 0.0,
                page=page,
            )
        elif isinstance(element, LTImage):
            counts["images"] += 1
        elif isinstance(element, LTFigure):  # a form or an image; may hold text too
            yield from _blocks(element, page, counts)


def _clean(line: str) -> str:
    line = _CONTROL.sub("", line.translate(_LIGATURES).replace("\n", " "))
    line = _SURROGATE.sub("\ufffd", line)  # a broken ToUnicode map; UTF-8 cannot hold it
    return _SPACES.sub(" ", line).strip()


def _info(document: Any) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    out: dict[str, str] = {}
    for entry in document.info or ():
        entry = resolve1(entry)
        if not isinstance(entry, dict):
            continue
        for key in ("Title", "Author"):
            value = resolve1(entry.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and _clean(value):
                out[key.lower()] = _clean(value)
    return out


def _sensible_title(title: str) -> bool:
    """Producers often store a file name or a placeholder as the title."""
    lowered = title.lower()
    return not (
        re.search(r"\.(docx?|pdf|rtf|odt|pages|indd|txt|html?)$", lowered)
        or lowered.startswith(("microsoft word -", "untitled"))
        or len(title.split()) < 2
    )


def _drop_furniture(blocks: list[Block]) -> list[Block]:
    """Drop page numbers, and one-line headers or footers repeated on most pages."""
    n_pages = len({b.page for b in blocks})
    repeats: dict[str, set[int]] = {}
    for b in blocks:
        if len(b.lines) == 1:
            repeats.setdefault(b.lines[0], set()).add(b.page)
    furniture = {
        text for text, pages in repeats.items() if n_pages >= 2 and len(pages) > n_pages / 2
    }
    return [
        b
        for b in blocks
        if not (len(b.lines) == 1 and (_PAGE_NUMBER.match(b.lines[0]) or b.lines[0] in furniture))
    ]


def _title(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The first block is the title when its type is clearly larger than the body's."""
    if len(blocks) < 2 or blocks[0].page != 1 or len(blocks[0].lines) > 3:
        return None, blocks
    body = statistics.median(b.size for b in blocks[1:])
    if body and blocks[0].size >= TITLE_SIZE * body:
        return " ".join(blocks[0].lines), blocks[1:]
    return None, blocks


def reflow(blocks: list[Block]) -> list[str]:
    """Lines → paragraphs: wrapped lines joined, line-end hyphenation undone.

    A paragraph ends at a block's end (unless the next block goes on with a lower-case
    word, as after a page break), at a short line that ends a sentence, and before an
    indented line or a bullet.
    """
    vocabulary = _vocabulary(blocks)
    paragraphs: list[str] = []
    current = ""
    for block in blocks:
        for i, line in enumerate(block.lines):
            if not current:
                current = line
            elif i == 0 and not _continues(current, line):
                paragraphs.append(current)
                current = line
            elif i > 0 and _breaks_before(block, i):
                paragraphs.append(current)
                current = line
            else:
                current = _join(current, line, vocabulary)
    if current:
        paragraphs.append(current)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """The next block goes on with the same sentence (a page or column break)."""
    return not _END_OF_SENTENCE.search(previous) and line[:1].islower()


def _breaks_before(block: Block, i: int) -> bool:
    previous = block.lines[i - 1]
    if _BULLET.match(block.lines[i]):
        return True
    if not _END_OF_SENTENCE.search(previous):
        return False
    short = block.widths[i - 1] < SHORT_LINE * block.width
    indented = block.indents[i] - min(block.indents) > max(block.size, 1.0)
    return short or indented


def _vocabulary(blocks: list[Block]) -> set[str]:
    """Every word and hyphenated compound written whole somewhere in the document."""
    return {w.lower() for b in blocks for line in b.lines for w in _WORD.findall(line)}


def _join(previous: str, line: str, vocabulary: set[str]) -> str:
    """Join a wrapped line onto the text before it."""
    if previous.endswith("\u00ad"):  # a soft hyphen is only ever a line-break hyphen
        return previous[:-1] + line
    if previous.endswith(("—", "–", "/")):
        return previous + line
    if previous.endswith(_HYPHENS) and len(previous) >= 2:
        before, first = previous[-2], line[:1]
        if before.isdigit() and first.isdigit():  # "pages 10-" + "12"
            return previous + line
        if before.isalpha() and first.isalpha():
            left = _WORD.findall(previous[:-1])[-1:] or [""]
            right = _WORD.findall(line)[:1] or [""]
            if _keep_hyphen(left[0], right[0], vocabulary):
                return previous + line
            return previous[:-1] + line
    return previous + " " + line


def _keep_hyphen(left: str, right: str, vocabulary: set[str]) -> bool:
    """Is ``left-`` at a line end and ``right`` on the next line a real compound?"""
    if right[:1].isupper():  # "Kassym-" + "Jomart", "anti-" + "American"
        return True
    compound = f"{left}-{right}".lower()
    if compound in vocabulary:
        return True
    if f"{left}{right}".lower() in vocabulary:
        return False
    last = left.rsplit("-", 1)[-1].lower()
    return "-" in left or last in KEEP_HYPHEN  # "state-of-the-" + "art" stays whole
