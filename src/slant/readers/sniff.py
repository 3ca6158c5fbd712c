"""What a file holds, from its first bytes (its "magic"), whatever its name says.

slant reads PDF and Word (DOCX) documents and text; every other binary format it can name
is refused with that name ("looks like a PNG image"), so a user knows what was given.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

__all__ = ["Sniffed", "is_document", "sniff"]

# (signature at offset 0, format key, what to call it). Signatures a text could start
# with ("MZ Holdings said…") also need a control byte early on: see _WEAK.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"GIF87a", "gif", "a GIF image"),
    (b"GIF89a", "gif", "a GIF image"),
    (b"II*\x00", "tiff", "a TIFF image"),
    (b"MM\x00*", "tiff", "a TIFF image"),
    (b"\x1f\x8b", "gzip", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "xz", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "zstd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "rar", "a RAR archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "ole",
        "an old-style Microsoft Office file (.doc, .xls, .ppt) or a password-protected "
        "Office document",
    ),
    (b"{\\rtf", "rtf", "an RTF document (save it as .docx or .txt)"),
    (b"\x7fELF", "elf", "an executable program"),
    (b"SQLite format 3\x00", "sqlite", "an SQLite database"),
    (b"\x1aE\xdf\xa3", "mkv", "a Matroska/WebM video"),
    (b"MZ", "exe", "a Windows executable"),
    (b"PAR1", "parquet", "a Parquet file (name it .parquet)"),
    (b"ID3", "mp3", "an MP3 audio file"),
    (b"OggS", "ogg", "an Ogg audio or video file"),
    (b"fLaC", "flac", "a FLAC audio file"),
    (b"wOFF", "woff", "a web font"),
    (b"wOF2", "woff", "a web font"),
)
_WEAK = frozenset({"exe", "parquet", "mp3", "ogg", "flac", "woff"})
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")
_PDF = b"%PDF-"
_PDF_WINDOW = 1024  # readers accept a PDF header anywhere in the first kilobyte
# Office Open XML and OpenDocument packages are ZIP files: the part inside says which
_ZIP_PARTS: tuple[tuple[str, str, str], ...] = (
    ("word/document.xml", "docx", "a Word document"),
    ("xl/workbook.xml", "xlsx", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "pptx", "a PowerPoint presentation (.pptx)"),
    ("META-INF/container.xml", "epub", "an EPUB e-book"),
)
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt; save it as .docx)",
    b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    b"application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """A format recognised from a file's bytes.

    ``format`` is a short key (``pdf``, ``docx``, ``png``, ``zip``…); ``name`` is what to
    call it in a message ("a PNG image").
    """

    format: str
    name: str

    @property
    def readable(self) -> bool:
        """True for the binary formats slant has a reader for."""
        return self.format in ("pdf", "docx")


def sniff(data: bytes) -> Sniffed | None:
    """The binary format of ``data``, or None when no signature matches (text, or unknown)."""
    head = data[:_PDF_WINDOW]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_PDF) or (
        _PDF in head and b"%%EOF" in data[-2048:]  # a header after some junk, as PDF allows
    ):
        return Sniffed("pdf", "a PDF document")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)
    for magic, fmt, name in _MAGIC:
        if head.startswith(magic) and (fmt not in _WEAK or _CONTROL.search(head[:64])):
            return Sniffed(fmt, name)
    if _BZIP2.match(head):
        return Sniffed("bzip2", "a bzip2-compressed file")
    if head[4:8] == b"ftyp" and _CONTROL.search(head[:4]):
        return Sniffed("mp4", "an MP4/QuickTime video or audio file")
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        return Sniffed(head[8:12].decode().strip().lower(), _RIFF[head[8:12]])
    return None


def is_document(head: bytes) -> bool:
    """Do these first bytes start a PDF or a ZIP-based document (DOCX)? Such files are
    mostly fonts, images and styles, so they get a larger size limit than text."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_PDF) or head.startswith(b"PK\x03\x04")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mime = zf.read("mimetype").strip()
                if mime in _OPENDOCUMENT:
                    return Sniffed("odf", _OPENDOCUMENT[mime])
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return Sniffed("zip", "a damaged ZIP archive")
    for part, fmt, name in _ZIP_PARTS:
        if part in names:
            return Sniffed(fmt, name)
    return Sniffed("zip", "a ZIP archive")
