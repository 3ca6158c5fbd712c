"""Which stored articles' titles persuade: read to pick a story's headline.

A story is shown under one member's title. The most central title is the natural choice,
but when that outlet's title carries a persuasion technique ("Foreign-trained terrorists
behind Kazakh chaos") the story's listing would repeat its slant as if it were the event's
name. :func:`loaded_titles` tells the clusterer which titles the techniques analyzer marked,
so it can prefer a plain one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select

from slant.store.tables import ParagraphRow, TechniqueRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = ["loaded_titles"]

_CHUNK = 900  # bound parameters per IN (SQLite allows 999)


def loaded_titles(conn: Connection, pks: Sequence[int]) -> set[int]:
    """Those of ``pks`` whose title line carries a technique: a paragraph label on the line
    the cleaner flagged ``title``, or a stored technique span inside it.

    An article whose title is not a line of its text (a title from metadata) is never in
    the set: nothing says whether it persuades.
    """
    out: set[int] = set()
    ids = sorted({int(pk) for pk in pks})
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        rows = conn.execute(
            select(ParagraphRow.article_pk)
            .outerjoin(
                TechniqueRow,
                and_(
                    TechniqueRow.article_pk == ParagraphRow.article_pk,
                    TechniqueRow.start >= ParagraphRow.start,
                    TechniqueRow.end <= ParagraphRow.end,
                ),
            )
            .where(
                ParagraphRow.article_pk.in_(chunk),
                ParagraphRow.kind == "title",
                or_(ParagraphRow.techniques != "", TechniqueRow.pk.is_not(None)),
            )
            .distinct()
        )
        out.update(int(r[0]) for r in rows)
    return out
