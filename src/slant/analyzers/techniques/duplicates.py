"""Exact and near copies of a paragraph read like their original.

The cleaner marks a repeated paragraph (``Paragraph.duplicate_of``). The techniques
analyzer does not run its models on an exact copy (:func:`exact_copies`) and gives every
copy its original's labels and spans, on the copy's own offsets (:func:`mirror_duplicates`),
so the same text is never read two ways.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from slant.annotations import Paragraph, TechniqueSpan

__all__ = ["exact_copies", "mirror_duplicates"]


def exact_copies(text: str, paragraphs: Sequence[Paragraph]) -> set[int]:
    """Lines of the paragraphs that are character-for-character copies of their original.

    :func:`mirror_duplicates` gives such a paragraph its original's labels and spans
    whatever the models say about it, so the analyzer does not run them there.
    """
    by_line = {p.line: p for p in paragraphs}
    out = set()
    for p in paragraphs:
        orig = by_line.get(p.duplicate_of) if p.duplicate_of is not None else None
        if (
            orig is not None
            and orig.duplicate_of not in by_line  # its spans are its own, not mirrored
            and text[orig.start : orig.end] == text[p.start : p.end]
        ):
            out.add(p.line)
    return out


def mirror_duplicates(
    text: str, paragraphs: Sequence[Paragraph], spans: Sequence[TechniqueSpan]
) -> tuple[list[Paragraph], list[TechniqueSpan]]:
    """Give each duplicate paragraph its original's labels and spans, on its own offsets.

    The models see a paragraph's neighbours, so a repeated paragraph could otherwise come
    out labelled differently from the line it repeats; identical text must read the same.
    A duplicate's own spans are dropped and its original's spans are moved onto it. The
    cleaner's duplicates may differ in case, runs of whitespace and quote style, so offsets
    are mapped through the non-space characters, which such copies share one for one
    (when they do not, only the paragraph labels are copied).
    """
    by_line = {p.line: p for p in paragraphs}
    copies = [(p, by_line[p.duplicate_of]) for p in paragraphs if p.duplicate_of in by_line]
    if not copies:
        return list(paragraphs), list(spans)
    moved: list[TechniqueSpan] = []
    replaced: list[tuple[int, int]] = []  # the copies whose own spans give way
    for dup, orig in copies:
        where = _same_characters(text, orig, dup)
        if where is None:
            continue
        replaced.append((dup.start, dup.end))
        for t in spans:
            if orig.start <= t.start and t.end <= orig.end:
                start = where[t.start - orig.start]
                end = where[t.end - 1 - orig.start] + 1
                moved.append(dataclasses.replace(t, start=start, end=end))
    kept = [t for t in spans if not any(s <= t.start and t.end <= e for s, e in replaced)]
    labels = {d.line: o.techniques for d, o in copies}
    out_paragraphs = [
        dataclasses.replace(p, techniques=labels[p.line]) if p.line in labels else p
        for p in paragraphs
    ]
    # by position, stably: a span's extra labels stay right after its best one
    return out_paragraphs, sorted([*kept, *moved], key=lambda t: (t.start, t.end))


def _same_characters(text: str, orig: Paragraph, dup: Paragraph) -> list[int] | None:
    """For each offset into ``orig``, the matching absolute offset in ``dup``.

    Non-space characters are paired in order; a space maps onto the position of the next
    non-space character of the copy (spans never start or end on one). ``None`` when the
    two do not have the same number of non-space characters.
    """
    a, b = text[orig.start : orig.end], text[dup.start : dup.end]
    if a == b:  # the usual case: an exact copy, a plain shift
        return [dup.start + i for i in range(len(a))]
    dup_chars = [dup.start + i for i, c in enumerate(b) if not c.isspace()]
    if sum(not c.isspace() for c in a) != len(dup_chars):
        return None
    out, k = [], 0
    for c in a:
        out.append(dup_chars[min(k, len(dup_chars) - 1)] if dup_chars else dup.start)
        if not c.isspace():
            k += 1
    return out
