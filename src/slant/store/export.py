"""Export the corpus: JSON Lines (the full output contract), CSV or Parquet (one row per
article with metadata and per-layer summaries)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from slant.article import Article
from slant.errors import UsageError

if TYPE_CHECKING:
    from slant.store import Store

__all__ = ["FORMATS", "export", "flat_row"]

FORMATS = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = (
    "id",
    "story",
    "source",
    "title",
    "url",
    "outlet",
    "published",
    "author",
    "language",
    "words",
    "genre",
    "frames",
    "narratives",
    "subnarratives",
    "technique_spans",
    "techniques",
    "quotes",
    "speakers",
    "places",
    "counts",
    "heroes",
    "villains",
    "victims",
)


def flat_row(article: Article, story: int | None = None) -> dict[str, Any]:
    """One flat row per article (lists joined with ``;``, technique counts as JSON);
    ``story`` is the article's story id (None: not assigned, see ``slant stories``)."""
    techniques = Counter(s.technique for s in article.techniques)
    speakers = sorted({q.speaker.name for q in article.quotes if q.speaker and q.speaker.name})
    places = sorted({e.geo.name for e in article.entities if e.geo})
    return {
        "id": article.id,
        "story": story,
        "source": article.source,
        "title": article.title,
        "url": article.meta.get("url"),
        "outlet": article.meta.get("outlet"),
        "published": article.meta.get("published"),
        "author": article.meta.get("author"),
        "language": article.meta.get("language"),
        "words": len(article.text.split()),
        "genre": article.genre.label if article.genre else None,
        "frames": ";".join(f.label for f in article.frames),
        # the narratives analyzer: labels (semeval2025 and user) as stored, best first
        "narratives": ";".join(n.narrative for n in article.narratives if n.subnarrative is None),
        "subnarratives": ";".join(
            n.subnarrative for n in article.narratives if n.subnarrative is not None
        ),
        "technique_spans": sum(techniques.values()),
        "techniques": json.dumps(dict(techniques.most_common()), ensure_ascii=False),
        "quotes": len(article.quotes),
        "speakers": ";".join(speakers),
        "places": ";".join(places),
        "counts": ";".join(
            f"{c.type}:{c.number:g}" for c in article.counts if c.number is not None
        ),
        # the cast (roles analyzer): names in each main role, best score first
        "heroes": ";".join(c.name for c in article.cast if c.main == "Protagonist"),
        "villains": ";".join(c.name for c in article.cast if c.main == "Antagonist"),
        "victims": ";".join(c.name for c in article.cast if c.main == "Innocent"),
    }


def export(store: Store, fmt: str, out: Path | IO[str], *, min_score: float | None = None) -> int:
    """Write every stored article to ``out`` in ``fmt``; returns the number written.

    ``min_score`` hides technique spans scored below it in every format (the span counts
    and the full JSON alike; see :func:`slant.output.filter_techniques`). Every record
    carries ``story``: the article's story id, or null when it has none.

    Raises:
        UsageError: unknown format, or Parquet asked for on a stream.
    """
    from slant.output import filter_techniques
    from slant.store.mapping import content_hash
    from slant.store.stories import stories_by_hash

    story_of = stories_by_hash(store)

    def articles() -> Iterator[tuple[Article, int | None]]:
        for article in store.iter_articles():
            filter_techniques(article, min_score)
            yield article, story_of.get(content_hash(article.text))

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise UsageError("Parquet is binary: give --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [
            flat_row(a, s) | {"analysis": json.dumps(a.to_dict(), ensure_ascii=False)}
            for a, s in articles()
        ]
        table = (
            pa.Table.from_pylist(rows)
            if rows
            else pa.table({c: pa.array([], pa.string()) for c in (*FLAT_COLUMNS, "analysis")})
        )
        pq.write_table(table, out)
        return len(rows)
    fh: IO[str] = out.open("w", encoding="utf-8", newline="") if isinstance(out, Path) else out
    n = 0
    try:
        if fmt == "jsonl":
            for article, story in articles():
                record = article.to_dict() | {"story": story}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        else:
            writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS)
            writer.writeheader()
            for article, story in articles():
                writer.writerow(flat_row(article, story))
                n += 1
    finally:
        if isinstance(out, Path):
            fh.close()
    return n
