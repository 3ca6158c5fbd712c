"""Kept pages (``--keep-html DIR``): every body fetched, as it came, so a run can be redone
offline (``--offline``).

Each URL gets two files under ``DIR/<host>/``: the body, named after the URL's last path
segment with the suffix of its type (``csto-troops-1f3a9c2b.html``), which ``slant analyze
DIR/`` can also read as an ordinary file; and ``<key>.json`` (the key is a hash of the
URL) with the URL, the final URL after redirects, the media type, the validators and the
time it was fetched. Both are written to a temporary name and renamed, so a killed run
leaves no half-written file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["key", "load", "save"]

_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def key(url: str) -> str:
    """The name of a URL's record: a hash, so any URL makes a short, safe file name."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _folder(root: Path, url: str) -> Path:
    host = _UNSAFE.sub("_", urlsplit(url).netloc.lower()) or "_"
    return root / host


def save(root: Path, url: str, body: bytes, **record: Any) -> Path:
    """Write a fetched body and its record (``final_url``, ``content_type``, ``etag``,
    ``last_modified``); returns the body's path."""
    folder = _folder(root, url)
    folder.mkdir(parents=True, exist_ok=True)
    k = key(url)
    final = record.get("final_url") or url
    segment = unquote(urlsplit(final).path.rstrip("/").rsplit("/", 1)[-1])
    stem = _UNSAFE.sub("-", segment.rsplit(".", 1)[0]).strip("-.")[:60] or "index"
    suffix = _SUFFIX.get(record.get("content_type") or "") or _suffix_of(segment) or ".bin"
    path = folder / f"{stem}-{k[:8]}{suffix}"
    _write(path, body)
    record = {
        "url": url,
        **record,
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "file": path.name,
    }
    _write(folder / f"{k}.json", json.dumps(record, ensure_ascii=False, indent=1).encode())
    return path


def load(root: Path, url: str) -> tuple[bytes, dict[str, Any]] | None:
    """The kept body for ``url`` and its record; None if nothing was kept for it."""
    folder = _folder(root, url)
    try:
        record = json.loads((folder / f"{key(url)}.json").read_text(encoding="utf-8"))
        return (folder / record["file"]).read_bytes(), record
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _suffix_of(segment: str) -> str | None:
    if "." in segment:
        suffix = "." + segment.rsplit(".", 1)[-1].lower()
        if suffix in (".html", ".htm", ".txt", ".pdf", ".docx", ".xml"):
            return suffix
    return None


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
