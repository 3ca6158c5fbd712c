"""Builds the PDF and DOCX fixtures: small, real documents written from scratch.

The PDFs are written by hand (PDF 1.4, the standard Helvetica font, no embedding), so the
text, the line breaks, the hyphens and the page layout are exactly what a test says they
are. ``python tests/readers/make_documents.py`` (with pypdf installed, for the encrypted
PDF) rewrites the files in ``tests/fixtures/inputs/``; tests also call these functions to
make variants.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"

# (x, y, font size, text): one line of text on a page; the origin is the bottom left
Line = tuple[float, float, float, str]

PAGE_W, PAGE_H = 595, 842  # A4 in points
LEFT, TOP, LEADING, PARA_GAP = 56, 770, 13, 9

TITLE = "Ministry Announces New Flood Relief Fund"
# Each paragraph as it is broken into lines on the page: the hyphens at line ends are
# the typesetter's ("inter-national", "con-ference"), or real ("well-known", "Kassym-Jomart").
PAGE_1 = [
    [
        "GENEVA, 12 March 2024 - The Ministry of Water Resources announced on Monday a new",
        "relief fund of 40 million dollars for families affected by the floods, with inter-",
        "national partners expected to contribute a further 15 million over the coming year.",
    ],
    [
        "\u201cWe will not leave anyone behind,\u201d said the minister, Maria Keller, "
        "at a press con-",
        "ference in the capital. She said that the well-",
        "known charity Red Relief would help distribute the aid to 12,000 households in the",
        "three worst-hit provinces. President Kassym-",
        "Jomart Tokayev sent his condolences to the families.",
    ],
    [
        "Officials said that the fund would be managed by an independent board, and that the",
        "first payments would reach the families",
    ],
]
PAGE_2 = [
    [
        "before the end of April. The board will publish a report on its spending every",
        "three months, and the well-known auditors will check it.",
    ],
    [
        "At least 23 people were killed and 4,500 were forced to leave their homes when the",
        "river burst its banks last week, according to the regional authorities.",
    ],
]
REFLOWED = (
    f"{TITLE}\n\n"
    "GENEVA, 12 March 2024 - The Ministry of Water Resources announced on Monday a new "
    "relief fund of 40 million dollars for families affected by the floods, with "
    "international partners expected to contribute a further 15 million over the coming "
    "year.\n"
    "\u201cWe will not leave anyone behind,\u201d said the minister, Maria Keller, at a press "
    "conference in the capital. She said that the well-known charity Red Relief would help "
    "distribute the aid to 12,000 households in the three worst-hit provinces. President "
    "Kassym-Jomart Tokayev sent his condolences to the families.\n"
    "Officials said that the fund would be managed by an independent board, and that the "
    "first payments would reach the families before the end of April. The board will "
    "publish a report on its spending every three months, and the well-known auditors will "
    "check it.\n"
    "At least 23 people were killed and 4,500 were forced to leave their homes when the "
    "river burst its banks last week, according to the regional authorities."
)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")  # WinAnsiEncoding, near enough for these fixtures
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stream(content: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    if compress:
        content, extra = zlib.compress(content), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), extra, content)


def pdf_bytes(
    pages: Sequence[Sequence[Line]],
    *,
    info: dict[str, str] | None = None,
    image_pages: int = 0,
) -> bytes:
    """A valid PDF: one page per list of lines, then ``image_pages`` pages holding only a
    grey image (what a scan without OCR looks like)."""
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids: list[int] = []
    for lines in pages:
        ops = b"".join(
            b"BT /F1 %g Tf %g %g Td %s Tj ET\n" % (size, x, y, _pdf_string(text))
            for x, y, size, text in lines
        )
        content = add(_stream(ops))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>"
                % (pages_obj, PAGE_W, PAGE_H, content, font)
            )
        )
    for _ in range(image_pages):
        pixels = bytes((x * 7 + y * 13) % 256 for y in range(32) for x in range(32))
        image = add(
            _stream(
                pixels,
                b" /Type /XObject /Subtype /Image /Width 32 /Height 32 "
                b"/ColorSpace /DeviceGray /BitsPerComponent 8",
            )
        )
        content = add(_stream(b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (PAGE_W, PAGE_H)))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /XObject << /Im1 %d 0 R >> >> >>"
                % (pages_obj, PAGE_W, PAGE_H, content, image)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_obj = None
    if info:
        info_obj = add(
            b"<< "
            + b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items())
            + b" >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % off for off in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_obj:
        trailer += b" /Info %d 0 R" % info_obj
    out.write(b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def layout(
    paragraphs: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    page_number: int | None = None,
    gap: float = PARA_GAP,
    indent: float = 0,
) -> list[Line]:
    """Place paragraphs (already broken into lines) on a page, top down: a gap between
    paragraphs, or ``gap=0`` and an ``indent`` on each first line, as books do."""
    lines: list[Line] = []
    y = TOP
    if title:
        lines.append((LEFT, y, 18, title))
        y -= 18 + 2 * PARA_GAP
    for para in paragraphs:
        for i, text in enumerate(para):
            lines.append((LEFT + (indent if i == 0 else 0), y, 10, text))
            y -= LEADING
        y -= gap
    if page_number is not None:
        lines.append((PAGE_W / 2, 40, 9, str(page_number)))
    return lines


def press_release_pdf(**options: float) -> bytes:
    """The two-page press release; ``options`` go to :func:`layout`."""
    return pdf_bytes(
        [
            layout(PAGE_1, title=TITLE, page_number=1, **options),
            layout(PAGE_2, page_number=2, **options),
        ],
        info={"Title": TITLE, "Author": "Press Office", "Producer": "slant tests"},
    )


def encrypted_pdf(data: bytes, password: str = "secret") -> bytes:
    """``data`` encrypted (pypdf; RC4 needs no extra library). With an empty ``password``
    anyone may open it: only the owner password, which restricts copying, is set."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def press_release_docx() -> bytes:
    """A Word document: title, a heading, body paragraphs (one with a line break inside),
    a table and a list item."""
    import docx

    doc = docx.Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Press Office"
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph(
        "GENEVA, 12 March 2024 - The Ministry of Water Resources announced on Monday a new "
        "relief fund of 40 million dollars for families affected by the floods."
    )
    doc.add_paragraph("")  # empty paragraphs are spacing, not text
    doc.add_heading("Who will receive the aid", level=1)
    para = doc.add_paragraph("\u201cWe will not leave anyone behind,\u201d said the minister, ")
    para.add_run("Maria Keller").bold = True
    para.add_run(", at a press conference.")
    para.add_run().add_break()  # a soft line break inside the paragraph
    para.add_run("She said that 12,000 households would be helped.")
    table = doc.add_table(rows=2, cols=2)
    for r, (province, households) in enumerate((("North", "7,000"), ("South", "5,000"))):
        table.cell(r, 0).text = province
        table.cell(r, 1).text = households
    doc.add_paragraph("At least 23 people were killed in the floods.", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_fixtures(folder: Path = FIXTURES) -> None:
    """Write the committed fixtures."""
    text_pdf = press_release_pdf()
    (folder / "press_release.pdf").write_bytes(text_pdf)
    (folder / "encrypted.pdf").write_bytes(encrypted_pdf(text_pdf))
    (folder / "owner_password.pdf").write_bytes(encrypted_pdf(text_pdf, password=""))
    (folder / "scanned.pdf").write_bytes(pdf_bytes([], image_pages=1))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (folder / "press_release.docx").write_bytes(press_release_docx())


if __name__ == "__main__":
    write_fixtures()
