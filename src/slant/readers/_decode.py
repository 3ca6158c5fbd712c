"""Bytes → text without losing a character: size and binary guards, UTF-8, detection."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from slant.errors import BinaryInput, EmptyInput, EncodingError, TooLarge, UnreadablePath
from slant.readers.names import printable_path
from slant.readers.sniff import is_document

__all__ = ["CONTROL", "decode", "read_bytes"]

# A valid multi-byte UTF-8 sequence: if a file has these *and* invalid bytes, it is
# corrupted UTF-8 rather than a legacy single-byte encoding.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# control characters that plain text rarely holds (tab, LF, VT, FF, CR are left out)
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_PEEK = 1024


def read_bytes(path: Path, *, max_bytes: int, document_bytes: int | None = None) -> bytes:
    """Read a file's bytes, refusing files over ``max_bytes`` before reading them.

    Args:
        document_bytes: the limit instead for a PDF or a ZIP-based document (a Word file
            carries fonts, images and styles besides its text), told by its first bytes.
    """
    where = printable_path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadablePath(where, "is a directory")
        if not stat.S_ISREG(info.st_mode):  # opening a named pipe waits for a writer: never
            raise UnreadablePath(where, "not a regular file but a pipe, socket or device")
        size = info.st_size
        with path.open("rb") as fh:
            limit = max_bytes
            if size > max_bytes and document_bytes and is_document(fh.read(_PEEK)):
                limit = document_bytes
            if size > limit:
                raise TooLarge(where, size, limit)
            fh.seek(0)
            return fh.read(limit + 1)
    except IsADirectoryError as exc:
        raise UnreadablePath(where, "is a directory") from exc
    except FileNotFoundError as exc:
        raise UnreadablePath(where, "no such file") from exc
    except PermissionError as exc:
        raise UnreadablePath(where, "permission denied") from exc
    except OSError as exc:
        raise UnreadablePath(where, exc.strerror or str(exc)) from exc


def decode(data: bytes, where: str, *, max_bytes: int) -> tuple[str, str]:
    """Decode input bytes to text, keeping every newline as it is (CRLF stays CRLF).

    Returns:
        ``(text, encoding)``; encoding is ``"utf-8"`` unless another one was detected.

    Raises:
        EmptyInput, BinaryInput, EncodingError, TooLarge.
    """
    if len(data) > max_bytes:
        raise TooLarge(where, len(data), max_bytes)
    if not data.strip():
        raise EmptyInput(where)
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, where)
    if b"\x00" in head:
        raise BinaryInput(where)
    if len(CONTROL.findall(head)) > max(8, len(head) // 100):
        raise BinaryInput(where)
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_legacy(data, where, exc)
    if not text.strip():
        raise EmptyInput(where)
    return text, encoding


def _decode_utf16(data: bytes, where: str) -> tuple[str, str]:
    """Text with a UTF-16 byte-order mark (half its bytes are NUL: the byte guards of
    :func:`decode` would call it binary, so the control-character guard runs on the
    decoded characters instead)."""
    try:
        text = data.decode("utf-16")  # the BOM picks the byte order and is dropped
    except UnicodeDecodeError as exc:
        raise EncodingError(where, exc.start, exc.reason) from exc
    head = text[:8192].encode("utf-8", "surrogatepass")
    if len(CONTROL.findall(head)) > max(8, len(head) // 100):
        raise BinaryInput(where)
    if not text.strip():
        raise EmptyInput(where)
    return text, "utf-16"


def _decode_legacy(data: bytes, where: str, exc: UnicodeDecodeError) -> tuple[str, str]:
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with broken bytes: guessing another encoding would garble the rest.
        raise EncodingError(where, exc.start, exc.reason) from exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise EncodingError(where, exc.start, "no other encoding fits") from exc
    return str(best), best.encoding
