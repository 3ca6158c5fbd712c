"""Names of inputs as valid UTF-8 text, whatever bytes the file system holds.

A POSIX file name is bytes. Python decodes the bytes that are not UTF-8 into lone
surrogates (``surrogateescape``), and those cannot be written as UTF-8: one such name used
to stop a whole batch at the first ``write`` (JSON output, SQLAlchemy, HTTP). Every id,
source and message slant derives from a path goes through :func:`printable_path` so the
output is always valid UTF-8.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath

__all__ = ["Url", "is_url", "printable_path", "printable_text", "url_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")
# ``Path("https://x")`` is ``https:/x``: the second slash is gone by the time a Path exists
_URL = re.compile(r"^(https?):/+(?=[^/])", re.IGNORECASE)


class Url(str):
    """A web address given where a path may be, kept exactly as typed.

    ``Path("https://x.org/news/")`` merges slashes and drops the last one, so URLs are kept
    apart from paths before that. ``hints`` holds what a feed or sitemap said of the page
    (``title``, ``published``, ``author``, ``outlet``): they fill what the page lacks.
    ``suffix`` is empty, so code asking an input for its suffix can ask a URL too.
    """

    __slots__ = ("hints",)
    suffix = ""

    def __new__(cls, url: str, hints: dict[str, str] | None = None) -> Url:
        self = super().__new__(cls, url)
        self.hints = dict(hints or {})
        return self

    def __reduce__(self) -> tuple[type[Url], tuple[str, dict[str, str]]]:
        return (Url, (str(self), self.hints))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that surrogateescape could not decode: \xNN
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"  # any other lone surrogate (from JSON "\ud800", say)


def printable_text(text: str) -> str:
    """``text`` with every lone surrogate written as an escape, so it encodes as UTF-8.

    A byte smuggled in by ``surrogateescape`` becomes ``\\xNN`` (what Python's
    ``backslashreplace`` makes of the raw bytes); any other lone surrogate becomes
    ``\\uNNNN``. Valid text is returned unchanged (the same object).
    """
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text


def printable_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A path (or any name derived from one) rendered as valid UTF-8 text.

    ``b"x/n_\\xff.txt"`` and its ``surrogateescape`` form ``"x/n_\\udcff.txt"`` both give
    ``"x/n_\\\\xff.txt"`` (a backslash, then ``xff``). Valid names pass unchanged.
    """
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "backslashreplace")
    return printable_text(raw)


def is_url(path: str | PurePath) -> bool:
    """True for ``http://…`` and ``https://…`` (also once a Path has merged the slashes)."""
    return bool(_URL.match(os.fspath(path)))


def url_text(path: str | PurePath) -> str:
    """The URL as the user typed it, with the ``//`` that ``Path`` merged put back."""
    return printable_text(_URL.sub(lambda m: f"{m.group(1)}://", os.fspath(path), count=1))
