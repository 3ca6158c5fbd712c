"""Parquet in and out, for both engines.

Input: one article per row, a string column ``text`` (required) and the optional columns
``id``, ``title``, ``url``, ``outlet``, ``published``, ``author``, ``language`` — the same
fields, checks and default ids as a JSON Lines file (row ``n`` of ``x.parquet`` is
``x:n``, its source ``path:n``, counting from 1 like JSONL lines).

Output: one row per result with the export's flat columns, ``error`` for skips and
``analysis``, the full output-contract JSON of the row (exactly the JSONL line).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from slant.article import Article, Skip
from slant.errors import InputError, MalformedInput, UnreadablePath
from slant.readers.jsonl import META_FIELDS, article_from_record
from slant.readers.names import printable_path, printable_text
from slant.readers.txt import id_from_path

__all__ = [
    "COLUMNS",
    "article_from_row",
    "parquet_columns",
    "read_parquet",
    "rows_to_items",
    "write_parquet",
]

PARQUET_SUFFIX = ".parquet"
COLUMNS = ("id", "title", "text", *META_FIELDS)  # the columns read when present


def article_from_row(
    row: Mapping[str, Any], *, where: str, default_id: str, max_bytes: int
) -> Article:
    """One Parquet row → an Article, with the JSON Lines reader's rules.

    Raises:
        InputError: no usable ``text`` in the row.
    """
    return article_from_record(
        row, where=where, default_id=default_id, max_bytes=max_bytes, format="parquet"
    )


def parquet_columns(path: Path) -> list[str]:
    """The columns of ``path`` this reader uses.

    Raises:
        InputError: unreadable file, or no ``text`` column.
    """
    import pyarrow.parquet as pq

    try:
        with path.open("rb") as fh:  # a file object: pyarrow cannot take a non-UTF-8 name
            names = pq.read_schema(fh).names
    except FileNotFoundError:
        raise UnreadablePath(printable_path(path), "no such file or folder") from None
    except Exception as exc:  # pyarrow raises several types for a non-Parquet file
        detail = printable_text(str(exc))  # an OSError's message holds the file's name
        raise MalformedInput(
            printable_path(path), f"not a readable Parquet file ({detail})"
        ) from exc
    if "text" not in names:
        raise MalformedInput(printable_path(path), 'no "text" column')
    return [c for c in COLUMNS if c in names]


def rows_to_items(
    rows: Iterable[Mapping[str, Any]], *, path: Path, max_bytes: int
) -> Iterator[Article | Skip]:
    """Rows of one Parquet file, in order → Articles (a bad row becomes a Skip)."""
    where_file, stem = printable_path(path), printable_path(id_from_path(path))
    for n, row in enumerate(rows, start=1):
        where, default_id = f"{where_file}:{n}", f"{stem}:{n}"
        try:
            yield article_from_row(row, where=where, default_id=default_id, max_bytes=max_bytes)
        except InputError as exc:
            yield Skip(id=default_id, source=where, error=str(exc))


def read_parquet(path: Path, *, max_bytes: int, batch_rows: int = 1024) -> Iterator[Article | Skip]:
    """Read one Parquet file in this process (streamed by record batch)."""
    import pyarrow.parquet as pq

    try:
        columns = parquet_columns(path)
    except InputError as exc:
        yield Skip(
            id=printable_path(id_from_path(path)), source=printable_path(path), error=str(exc)
        )
        return

    def rows() -> Iterator[dict[str, Any]]:
        with path.open("rb") as fh, pq.ParquetFile(fh) as pf:
            for batch in pf.iter_batches(batch_size=batch_rows, columns=columns):
                yield from batch.to_pylist()

    yield from rows_to_items(rows(), path=path, max_bytes=max_bytes)


# -- output ---------------------------------------------------------------------------------
def _schema() -> Any:
    import pyarrow as pa

    from slant.store.export import FLAT_COLUMNS

    ints = {"words", "technique_spans", "quotes"}
    return pa.schema(
        [(c, pa.int64() if c in ints else pa.string()) for c in FLAT_COLUMNS]
        + [("error", pa.string()), ("analysis", pa.string())]
    )


def _row(item: Article | Skip) -> dict[str, Any]:
    from slant.output import dumps
    from slant.store.export import flat_row

    if isinstance(item, Skip):
        return {"id": item.id, "source": item.source, "error": item.error, "analysis": dumps(item)}
    return flat_row(item) | {"error": None, "analysis": dumps(item)}


def write_parquet(
    items: Iterable[Article | Skip], path: Path, *, rows_per_group: int = 1000
) -> Iterator[Article | Skip]:
    """Write results to one Parquet file as they arrive (a row group per
    ``rows_per_group`` results); yields the items back."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    pending: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for item in items:
            pending.append(_row(item))
            if len(pending) >= rows_per_group:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                pending.clear()
            yield item
        if pending:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))


def read_results(path: Path) -> list[dict[str, Any]]:
    """The output-contract objects stored in a results file written by :func:`write_parquet`."""
    import pyarrow.parquet as pq

    column = pq.read_table(path, columns=["analysis"])["analysis"]
    return [json.loads(s) for s in column.to_pylist()]
