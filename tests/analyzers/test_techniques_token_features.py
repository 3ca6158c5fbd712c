"""The CRF token features are the ones the span CRF was trained on, in the same order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from slant.analyzers.techniques import RESOURCE_DIR, article_counts, sequences, token_features
from slant.analyzers.techniques.features import ClusterMap
from slant.nlp import load_nlp

_QUOTES = frozenset('"“”«»„')

_TEXT = (
    "NATO's 'peacekeepers' are INVADERS! Who invited them? Nobody, said Mr. Tokayev.\n"
    "The council met on Tuesday in Almaty; the council said “stay home” and the council "
    "left. A.\n"
    "Shame, shame, shame on the traitors who sold our nation!!! Is it over?\n"
)


def _reference(seq: Sequence[Any], counts: Counter[str], cluster: ClusterMap) -> list[list[str]]:
    """The features as first written (before the one-read-per-attribute version)."""
    n = len(seq)
    words = [t.lower_ for t in seq]
    tags = [t.tag_ for t in seq]
    clus = [cluster(t) for t in seq]
    has_excl = any(t.text == "!" for t in seq)
    has_q = any(t.text == "?" for t in seq)
    inside = False
    in_quote: list[bool] = []
    for t in seq:
        if t.text in _QUOTES or (t.text == "'" and t.is_punct):
            inside = not inside
            in_quote.append(True)
        else:
            in_quote.append(inside)
    out: list[list[str]] = []
    for i, t in enumerate(seq):
        w = words[i]
        f = [
            "bias",
            "w=" + w,
            "s3=" + w[-3:],
            "p3=" + w[:3],
            "sh=" + t.shape_[:4],
            "t=" + tags[i],
            "c=" + clus[i],
            "e=" + (t.ent_type_ or "-"),
            "q=" + str(in_quote[i]),
            "len=" + str(min(n // 10, 5)),
        ]
        if t.is_title:
            f.append("title")
        if t.is_upper and len(t) > 1:
            f.append("upper")
        if t.is_stop:
            f.append("stop")
        c = counts.get(w, 0)
        if c >= 3:
            f.append("rep3")
        if c >= 5:
            f.append("rep5")
        if has_excl:
            f.append("s!")
        if has_q:
            f.append("s?")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}w={words[j]}")
                f.append(f"{d}t={tags[j]}")
                f.append(f"{d}c={clus[j]}")
        if i > 0:
            f.append(f"bw={words[i - 1]}|{w}")
        if i < n - 1:
            f.append(f"fw={w}|{words[i + 1]}")
        out.append(f)
    return out


def test_token_features_match_the_reference() -> None:
    doc = load_nlp()(_TEXT)
    with np.load(RESOURCE_DIR / "weights.npz") as npz:
        centroids = npz["centroids"]
    counts = article_counts(doc)
    seqs = sequences(doc)
    assert len(seqs) >= 5
    ours = [token_features(s, counts, ClusterMap(centroids)) for s in seqs]
    theirs = [_reference(s, counts, ClusterMap(centroids)) for s in seqs]
    assert ours == theirs
    flat = {x for seq in ours for f in seq for x in f}
    # the cases the fast path must keep: quotes, sentence marks, repeats, shouting, edges
    assert {"q=True", "q=False", "s!", "s?", "rep3", "upper", "title", "BOS", "EOS"} <= flat
