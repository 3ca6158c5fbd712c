"""The fine-tuned MiniLM attribution tagger (``method="minilm"`` of the quotes analyzer).

all-MiniLM-L6-v2 (its first ``layers`` layers), fine-tuned on PolNeAR train
(``slant train attribution``, :mod:`slant.training.attribution`), with three independent
token heads over the same states: **cue**, **source** and **content**, each ``O``/``B``/``I``
(independent softmaxes, because roles nest: a source or cue may sit inside another
relation's content). The graph and its heads run as dynamic int8 ONNX under ONNX Runtime;
no torch at run time. The tokenizer is the techniques encoder's (the same WordPiece model).

The article is tokenized once and cut into overlapping windows of at most ``WINDOW`` word
pieces (several sentences of context: sources and cues often sit in another sentence than
their content). A word piece seen by several windows gets the mean of their probabilities.
Each head is decoded into runs (``B`` starts one, ``I`` continues one), widened to whole
words. A relation is a cue, the content runs whose nearest cue it is (by sentences, then
characters) and the source run nearest to that cue in its sentence.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from slant.analyzers.quotes.rules import find_quoted_spans

if TYPE_CHECKING:
    from slant.annotations import Quote
    from slant.article import Article

__all__ = [
    "MINILM_FILE",
    "MINILM_INFO",
    "ROLES",
    "AttributionTagger",
    "SpanRelation",
    "decode_runs_bio",
    "decode_spans",
    "link_relations",
    "minilm_quotes",
    "piece_windows",
    "quote_kind",
    "sentence_starts",
    "snap_to_quotes",
]

ROLES = ("cue", "source", "content")  # head order of the graph's output (3 labels each)
LABELS = ("O", "B", "I")
MINILM_FILE = "attribution-int8.onnx"
MINILM_INFO = "attribution-minilm.json"
WINDOW = 254  # word pieces per window, [CLS] and [SEP] excluded
STRIDE = 192  # a window starts this many pieces after the previous one
MAX_CUE_SENTENCES = 1  # a content links to a cue at most this many sentences away
# decoding chosen on the PolNeAR train hold-out (a model's info file may override it):
# P(B) + P(I) a piece needs to be in a run of cue, source, content; shortest content run
DECODING: dict[str, Any] = {"inside": (0.35, 0.35, 0.5), "min_content_words": 3}
_SKIP_KINDS = frozenset({"boilerplate", "hashtag", "dateline"})
_QUOTE_CHARS = "\"“”«»„‘’‹›'"
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n+")


@dataclass(frozen=True, slots=True)
class SpanRelation:
    """One decoded relation in characters: its cue, its source (or None), its content runs."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[tuple[int, int], ...]


def piece_windows(n: int, room: int = WINDOW, stride: int = STRIDE) -> list[tuple[int, int]]:
    """``[start, end)`` piece ranges of the windows covering ``n`` pieces (the last ends at n)."""
    if n <= room:
        return [(0, n)] if n else []
    out = []
    s = 0
    while True:
        out.append((s, min(s + room, n)))
        if s + room >= n:
            return out
        s += stride


def sentence_starts(text: str) -> list[int]:
    """Character offsets where a sentence starts (a plain splitter: ``.!?`` + space, newlines)."""
    return [0, *(m.end() for m in _SENT_END.finditer(text))]


def decode_runs_bio(
    text: str, starts: np.ndarray, ends: np.ndarray, labels: np.ndarray
) -> list[tuple[int, int]]:
    """Character spans of the ``B``/``I`` runs of one head, widened to whole words.

    ``labels`` holds 0 (O), 1 (B) or 2 (I) per word piece; an ``I`` after an ``O`` starts a
    run too.
    """
    out: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for k, lab in enumerate(labels.tolist()):
        if lab == 1 or (lab == 2 and cur is None):
            if cur is not None:
                out.append((cur[0], cur[1]))
            cur = [int(starts[k]), int(ends[k])]
        elif lab == 2 and cur is not None:
            cur[1] = int(ends[k])
        elif cur is not None:
            out.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        out.append((cur[0], cur[1]))
    widened = []
    for s, e in out:
        while s > 0 and text[s - 1].isalnum() and text[s].isalnum():
            s -= 1
        while e < len(text) and text[e].isalnum() and text[e - 1].isalnum():
            e += 1
        if widened and s < widened[-1][1]:  # a word split between two runs: one run
            widened[-1] = (widened[-1][0], max(e, widened[-1][1]))
        else:
            widened.append((s, e))
    return widened


def decode_spans(
    text: str,
    starts: np.ndarray,
    ends: np.ndarray,
    probs: np.ndarray,
    inside: Sequence[float] = (0.5, 0.5, 0.5),
) -> dict[str, list[tuple[int, int]]]:
    """Runs of each role from ``(pieces, 3 roles, O/B/I)`` probabilities.

    A piece is in a run of a role when ``P(B) + P(I)`` reaches that role's ``inside``
    threshold (0.5: the argmax of O against the rest); it is then ``B`` or ``I`` by the
    larger of the two.
    """
    out = {}
    for r, role in enumerate(ROLES):
        p = probs[:, r]
        labels = np.where(p[:, 1] + p[:, 2] >= inside[r], np.where(p[:, 1] >= p[:, 2], 1, 2), 0)
        out[role] = decode_runs_bio(text, starts, ends, labels)
    return out


def snap_to_quotes(
    runs: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Widen a run that starts or ends inside quote marks to the whole quoted text.

    The quote marks are what the rules trust; the tagger sometimes stops a word short.
    """
    out = []
    for s, e in runs:
        for qs, qe in quoted:
            if qs <= s < qe:
                s = qs
            if qs < e <= qe:
                e = qe
        out.append((s, e))
    return out


def link_relations(
    text: str,
    spans: dict[str, list[tuple[int, int]]],
    *,
    max_cue_sentences: int = MAX_CUE_SENTENCES,
    max_source_sentences: int = 0,
    snap_quotes: bool = False,
    min_content_words: int = 1,
) -> list[SpanRelation]:
    """Relations from the decoded runs of each role.

    With ``snap_quotes``, content runs are first widened to the quoted text they start or
    end in (:func:`snap_to_quotes`). Each content run goes to the nearest cue not inside it
    (fewest sentences apart, then fewest characters), at most ``max_cue_sentences`` away;
    content runs with no such cue are dropped. Each cue with content gets the nearest source
    run that overlaps none of its content, at most ``max_source_sentences`` from the cue.
    Cues with no content are dropped. Content runs of fewer than ``min_content_words``
    words (fragments the tagger leaves inside another relation) are dropped first.
    """
    sents = sentence_starts(text)
    if snap_quotes:
        quoted = [(s, e) for s, e, _closed in find_quoted_spans(text, 0, len(text))]
        spans = {**spans, "content": snap_to_quotes(spans.get("content", []), quoted)}

    def sent(pos: int) -> int:
        return bisect.bisect_right(sents, pos) - 1

    def sgap(a: tuple[int, int], b: tuple[int, int]) -> int:
        a0, a1, b0, b1 = (
            sent(a[0]),
            sent(max(a[0], a[1] - 1)),
            sent(b[0]),
            sent(max(b[0], b[1] - 1)),
        )
        return max(0, b0 - a1, a0 - b1)

    def cgap(a: tuple[int, int], b: tuple[int, int]) -> int:
        return max(0, b[0] - a[1], a[0] - b[1])

    cues = spans.get("cue", [])
    contents = [
        c
        for c in spans.get("content", [])
        if len(re.findall(r"\w+", text[c[0] : c[1]])) >= max(1, min_content_words)
    ]
    by_cue: dict[int, list[tuple[int, int]]] = {}
    for c in contents:
        best = None
        for i, k in enumerate(cues):
            if c[0] <= k[0] and k[1] <= c[1] and (k[0] > c[0] or k[1] < c[1]):
                continue  # a cue inside the content belongs to a nested relation
            if k[0] < c[1] and c[0] < k[1]:
                continue  # overlapping a cue: not a content of it
            key = (sgap(c, k), cgap(c, k))
            if key[0] <= max_cue_sentences and (best is None or key < best[0]):
                best = (key, i)
        if best is not None:
            by_cue.setdefault(best[1], []).append(c)
    out = []
    for i, contents in sorted(by_cue.items()):
        k = cues[i]
        src = None
        best_key: tuple[int, int] | None = None
        for s in spans.get("source", []):
            if any(s[0] < c1 and c0 < s[1] for c0, c1 in contents) or (s[0] < k[1] and k[0] < s[1]):
                continue
            key = (sgap(s, k), cgap(s, k))
            if key[0] <= max_source_sentences and (best_key is None or key < best_key):
                best_key, src = key, s
        out.append(SpanRelation(k, src, tuple(sorted(contents))))
    return out


def quote_kind(text: str, s: int, e: int, quoted: Sequence[tuple[int, int]]) -> str:
    """``direct`` (all of it inside quote marks), ``mixed`` (part of it) or ``indirect``.

    ``quoted`` holds the ``(start, end)`` of the text inside quote marks (sorted).
    """
    alnum = [i for i in range(s, e) if text[i].isalnum()]
    if not alnum:
        return "indirect"
    k = bisect.bisect_right([q[0] for q in quoted], alnum[0]) - 1
    inside = 0
    for i in alnum:
        while k + 1 < len(quoted) and quoted[k + 1][0] <= i:
            k += 1
        if k >= 0 and quoted[k][0] <= i < quoted[k][1]:
            inside += 1
    if inside == len(alnum):
        return "direct"
    if inside or any(ch in text[s:e] for ch in '"“”«»„'):
        return "mixed"
    return "indirect"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """A content span without outer spaces, outer quote marks and trailing ``,;:—``."""
    while s < e and (text[s].isspace() or text[s] in _QUOTE_CHARS):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _QUOTE_CHARS + ",;:—–-"):
        e -= 1
    return s, e


class AttributionTagger:
    """The int8 ONNX tagger: probabilities per word piece and decoded relations.

    Args:
        model_dir: the folder holding :data:`MINILM_FILE` and :data:`MINILM_INFO`.
        threads: ONNX Runtime intra-op threads.
    """

    def __init__(self, model_dir: str | Path, *, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from slant.analyzers.techniques import TOKENIZER
        from slant.errors import ResourceError

        root = Path(model_dir)
        path = root / MINILM_FILE
        if not path.is_file():
            raise ResourceError(f"quotes model {path} is missing; run `slant train attribution`")
        info_path = root / MINILM_INFO
        self.info: dict[str, Any] = (
            json.loads(info_path.read_text(encoding="utf-8")) if info_path.is_file() else {}
        )
        decoding = {**DECODING, **self.info.get("decoding", {})}
        self.inside: tuple[float, ...] = tuple(decoding["inside"])
        self.link: dict[str, Any] = {k: v for k, v in decoding.items() if k != "inside"}
        self.room = int(self.info.get("window", WINDOW))
        self.stride = int(self.info.get("stride", STRIDE))
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")

    def probabilities(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(starts, ends, probs)``: piece offsets and ``(pieces, 3 roles, 3 labels)`` probs."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
        n = len(ids)
        probs = np.zeros((n, len(ROLES), len(LABELS)), dtype=np.float32)
        seen = np.zeros(n, dtype=np.float32)
        for a, b in piece_windows(n, self.room, self.stride):
            seq = np.concatenate([[self.cls], ids[a:b], [self.sep]])[None, :]
            (out,) = self.session.run(
                None,
                {
                    "input_ids": seq,
                    "attention_mask": np.ones_like(seq),
                    "token_type_ids": np.zeros_like(seq),
                },
            )
            probs[a:b] += out[0, 1:-1].reshape(b - a, len(ROLES), len(LABELS))
            seen[a:b] += 1
        probs /= np.maximum(seen, 1)[:, None, None]
        return offs[:, 0], offs[:, 1], probs

    def spans(
        self, text: str, inside: Sequence[float] | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """Decoded runs of each role, in characters (see :func:`decode_spans`)."""
        starts, ends, probs = self.probabilities(text)
        return decode_spans(text, starts, ends, probs, inside or self.inside)

    def relations(self, text: str, **link: Any) -> list[SpanRelation]:
        """The article's relations (see :func:`link_relations` for the options)."""
        return link_relations(text, self.spans(text), **{**self.link, **link})


def minilm_quotes(
    article: Article,
    rule_quotes: Sequence[Quote],
    tagger: AttributionTagger,
    *,
    merge_rules: bool = True,
) -> list[Quote]:
    """Quotes of a parsed article from the MiniLM tagger, one Quote per content run.

    Relations in boilerplate, hashtag and dateline paragraphs are dropped. Speakers are
    resolved as for the CRF tagger; a relation with no source takes the rule system's
    speaker of the same cue. With ``merge_rules``, rule quotes that overlap no content or cue
    of the tagger are added.
    """
    from slant.analyzers.quotes.speakers import SpeakerResolver
    from slant.analyzers.quotes.tagger import relation_speaker
    from slant.annotations import Cue, Quote

    text = article.text
    skipped = [(p.start, p.end) for p in article.paragraphs if p.kind in _SKIP_KINDS]
    rels = [r for r in tagger.relations(text) if not any(s <= r.cue[0] < e for s, e in skipped)]
    quoted = [(s, e) for s, e, _closed in find_quoted_spans(text, 0, len(text))]
    resolver = SpeakerResolver(article)
    quotes: list[Quote] = []
    for rel in sorted(rels, key=lambda r: r.source[0] if r.source else r.cue[0]):
        cs, ce = rel.cue
        speaker = relation_speaker(resolver, rel.source, rel.cue, rule_quotes)
        while ce - 1 > cs and not text[ce - 1].isalnum():
            ce -= 1
        cue = Cue(cs, ce)
        for r0, r1 in rel.content:
            s, e = _trim(text, r0, r1)
            if s >= e or not any(ch.isalnum() for ch in text[s:e]):
                continue
            kind = quote_kind(text, s, e, quoted)
            quotes.append(Quote(start=s, end=e, kind=kind, cue=cue, speaker=speaker))  # type: ignore[arg-type]
    if merge_rules:
        spans = [(q.start, q.end) for q in quotes]
        spans += [(q.cue.start, q.cue.end) for q in quotes if q.cue is not None]
        for r in rule_quotes:
            mine = [(r.start, r.end)] + ([(r.cue.start, r.cue.end)] if r.cue else [])
            if not any(s < e2 and s2 < e for s, e in mine for s2, e2 in spans):
                quotes.append(r)
    return sorted(quotes, key=lambda q: (q.start, q.end))
