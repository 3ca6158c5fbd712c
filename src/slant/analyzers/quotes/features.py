"""The attribution tagger's token features (:mod:`slant.analyzers.quotes.tagger`).

A :class:`TokenTable` holds what every feature reads, once per article: the tokens of the
analysed paragraphs with their tags, NER, sentences, quote marks, and the rule system's own
predictions (:mod:`slant.analyzers.quotes.rules`), so the CRFs learn where to trust the
rules. The cue model reads each token's static features (:func:`cue_features`); the role
model adds features relative to one cue (:func:`cue_relative`: before/after it, distance,
sentence offset, the cue's words), looked up in bulk at inference (:func:`relative_rows`).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slant.analyzers.quotes.rules import find_quoted_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from slant.analyzers.quotes.crf import LinearCRF
    from slant.annotations import Quote
    from slant.article import Article

__all__ = [
    "MAX_WINDOW",
    "QUOTE_CHARS",
    "SKIP_KINDS",
    "TokenTable",
    "build_table",
    "cue_context",
    "cue_features",
    "cue_relative",
    "relative_rows",
    "role_features",
    "role_window",
    "tokens_in",
]

SKIP_KINDS = frozenset({"boilerplate", "hashtag", "dateline"})
QUOTE_CHARS = "\"“”«»„‘’‹›'"
MAX_WINDOW = 80  # role model: at most this many tokens either side of the cue


@dataclass(slots=True)
class TokenTable:
    """Per-token facts of one article that every feature function reads.

    Only tokens of analysed paragraphs (not boilerplate, not whitespace) are in ``units``.
    """

    starts: list[int]
    ends: list[int]
    lower: list[str]
    tags: list[str]
    sent: list[int]  # sentence number per token
    inq: list[bool]  # inside quote marks
    qid: list[int]  # which quoted span a token is inside (-1: none)
    units: list[list[int]]  # token indices of each analysed paragraph
    static: list[list[str]]  # features that do not depend on a cue


@functools.lru_cache(maxsize=65536)
def _shape(text: str) -> str:
    out = []
    for ch in text[:6]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _quoted_chars(text: str, start: int, end: int) -> list[tuple[int, int]]:

    return [(s, e) for s, e, _closed in find_quoted_spans(text, start, end)]


def build_table(article: Article, rule_quotes: Sequence[Quote]) -> TokenTable:
    """The token table of a parsed article, with the rule analyzer's ``rule_quotes``."""
    doc: Doc = article.doc  # type: ignore[assignment]
    if len(doc) and not doc.has_annotation("TAG"):
        # a parse level without the tagger ("doc.ents") would silently blind the features
        raise ValueError("the quotes tagger needs the tagged parse (requires 'doc')")
    text = article.text
    n = len(doc)
    starts, ends, lower, tags, ents, texts = [], [], [], [], [], []
    sent, space, starts_sent = [0] * n, [False] * n, [False] * n
    s = -1
    for i, t in enumerate(doc):  # one pass: every Token access costs
        txt = t.text
        starts.append(t.idx)
        ends.append(t.idx + len(txt))
        texts.append(txt)
        lower.append(t.lower_)
        tags.append(t.tag_)
        ents.append(t.ent_type_ or "O")
        space[i] = t.is_space
        if i == 0 or t.is_sent_start:
            s += 1
            starts_sent[i] = True
        sent[i] = s
    units: list[list[int]] = []
    inq = [False] * n
    qid = [-1] * n
    for p in article.paragraphs:
        if p.kind in SKIP_KINDS:
            continue
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        toks = [k for k in range(span.start, span.end) if not space[k]]
        if not toks:
            continue
        units.append(toks)
        for qs, qe in _quoted_chars(text, p.start, p.end):
            q = len(units) * 1000 + qs  # unique per quoted span
            for k in toks:
                if starts[k] >= qs and ends[k] <= qe:
                    inq[k] = True
                    qid[k] = q
    # the rule analyzer's roles, as features ("where the rules put a cue")
    rule = ["-"] * n

    def mark(s0: int, e0: int, label: str) -> None:
        for k in tokens_in(starts, ends, s0, e0):
            if rule[k] == "-":
                rule[k] = label

    for q in rule_quotes:
        if q.cue is not None:
            mark(q.cue.start, q.cue.end, "K")
        if q.speaker is not None:
            mark(q.speaker.start, q.speaker.end, "S")
        mark(q.start, q.end, "N" + q.kind[0])
    static: list[list[str]] = [[] for _ in range(n)]
    for toks in units:
        m = len(toks)
        for j, k in enumerate(toks):
            w = lower[k]
            prev = toks[j - 1] if j else -1
            nxt = toks[j + 1] if j + 1 < m else -1
            prev2 = toks[j - 2] if j > 1 else -1
            nxt2 = toks[j + 2] if j + 2 < m else -1
            static[k] = [
                "b",
                "w=" + w,
                "s=" + _shape(texts[k]),
                "t=" + tags[k],
                "e=" + ents[k],
                "q=" + ("1" if inq[k] else "0") + rule[k],
                "x=" + w[-3:],
                "ss=1" if starts_sent[k] else "ss=0",
                "w-1=" + (lower[prev] if prev >= 0 else "<>"),
                "w+1=" + (lower[nxt] if nxt >= 0 else "<>"),
                "t-1=" + (tags[prev] if prev >= 0 else "<>"),
                "t+1=" + (tags[nxt] if nxt >= 0 else "<>"),
                "t-2=" + (tags[prev2] if prev2 >= 0 else "<>"),
                "t+2=" + (tags[nxt2] if nxt2 >= 0 else "<>"),
                "r-1=" + (rule[prev] if prev >= 0 else "<>"),
                "r+1=" + (rule[nxt] if nxt >= 0 else "<>"),
                "r=" + rule[k],
            ]
    return TokenTable(starts, ends, lower, tags, sent, inq, qid, units, static)


def tokens_in(starts: list[int], ends: list[int], s: int, e: int) -> Iterable[int]:
    """Indices of tokens overlapping characters ``[s, e)`` (``starts`` is sorted)."""
    import bisect

    k = max(0, bisect.bisect_right(starts, s) - 1)
    while k < len(starts) and starts[k] < e:
        if ends[k] > s:
            yield k
        k += 1


def cue_features(table: TokenTable, unit: list[int]) -> list[list[str]]:
    """Feature lists of one paragraph for the cue model."""
    return [table.static[k] for k in unit]


def _bucket(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 5:
        return "4"
    if d <= 9:
        return "6"
    if d <= 19:
        return "10"
    return "20"


_BUCKETS = [_bucket(d) for d in range(21)]


def role_window(unit: list[int], c0: int, c1: int) -> list[int]:
    """Token indices of the paragraph the role model sees for a cue at tokens [c0, c1)
    (``unit`` is ascending: found by bisection, not a scan of the whole paragraph)."""
    return unit[bisect_left(unit, c0 - MAX_WINDOW) : bisect_left(unit, c1 + MAX_WINDOW)]


def cue_context(
    table: TokenTable, window: list[int], cue: tuple[int, int], other_cues: set[int]
) -> tuple[set[int], set[int]]:
    """Tokens cut off from the cue by another cue, and the quotes right next to the cue.

    A token is *blocked* when another cue lies between it and this cue (its content is
    more likely the other cue's). An *adjacent* quote opens or closes within four tokens
    of the cue (``"…," he said`` / ``he said: "…"``).
    """
    c0, c1 = cue
    lo, hi = window[0], window[-1] + 1
    blocked: set[int] = set()
    cut = False
    for k in range(c0 - 1, lo - 1, -1):
        if cut:
            blocked.add(k)
        cut = cut or k in other_cues
    cut = False
    for k in range(c1, hi):
        if cut:
            blocked.add(k)
        cut = cut or k in other_cues
    qid = table.qid
    adjacent: set[int] = set()
    for ks in (range(c0 - 1, max(lo, c0 - 5) - 1, -1), range(c1, min(hi, c1 + 5))):
        for k in ks:
            if qid[k] >= 0:
                adjacent.add(qid[k])
                break
    return blocked, adjacent


def cue_relative(
    table: TokenTable,
    window: list[int],
    cue: tuple[int, int],
    other_cues: set[int],
) -> list[list[str]]:
    """The role model's features of ``window`` that depend on the cue tokens ``cue``."""
    c0, c1 = cue
    cue_words = " ".join(table.lower[c0:c1])
    cue_tag = table.tags[c0]
    cs = table.sent[c0]
    sent, inq, tags, lower, qid = table.sent, table.inq, table.tags, table.lower, table.qid
    blocked, adjacent = cue_context(table, window, cue, other_cues)
    out = []
    for k in window:
        if k < c0:
            rel, d = "B", c0 - k
        elif k >= c1:
            rel, d = "A", k - c1 + 1
        else:
            rel, d = "C", 0
        so = max(-2, min(2, sent[k] - cs))
        f = [
            "rel=" + rel,
            f"d={rel}{_bucket(d)}",
            f"rs={rel}{so}",
            f"cw={cue_words}|{rel}",
            f"ct={cue_tag}|{rel}",
            f"rt={rel}|{tags[k]}",
            f"rw={rel}|{lower[k]}",
            f"rq={rel}|{'1' if inq[k] else '0'}|{so}",
        ]
        if k in other_cues:
            f.append("oc=" + rel)
        if k in blocked:
            f.append("bl=" + rel)
        if qid[k] in adjacent and qid[k] >= 0:
            f.append("aq=" + rel)
        out.append(f)
    return out


def relative_rows(
    table: TokenTable,
    jobs: Sequence[tuple[tuple[int, int], list[int], set[int]]],
    crf: LinearCRF,
) -> tuple[list[int], list[int]]:
    """``crf`` row ids of :func:`cue_relative`'s features for every ``(cue, window, others)``.

    The same features, looked up once per distinct combination instead of once per token.
    """
    get, none = crf.index.get, crf._none
    sent, inq, tags, lower, qid = table.sent, table.inq, table.tags, table.lower, table.qid
    per_tok: dict[tuple[str, int], tuple[int, int]] = {}
    per_ctx: dict[tuple[str, str, int, bool, bool, bool, bool], tuple[int, ...]] = {}
    rows: list[int] = []
    offsets: list[int] = []
    for (c0, c1), window, others in jobs:
        blocked, adjacent = cue_context(table, window, (c0, c1), others)
        cue_words = " ".join(lower[c0:c1])
        cue_tag = tags[c0]
        cs = sent[c0]
        per_cue = {
            r: (get(f"cw={cue_words}|{r}", none), get(f"ct={cue_tag}|{r}", none)) for r in "BAC"
        }
        for k in window:
            if k < c0:
                rel, d = "B", c0 - k
            elif k >= c1:
                rel, d = "A", k - c1 + 1
            else:
                rel, d = "C", 0
            so = sent[k] - cs
            so = -2 if so < -2 else 2 if so > 2 else so
            key = (
                rel,
                _BUCKETS[d] if d < len(_BUCKETS) else "20",
                so,
                inq[k],
                k in others,
                k in blocked,
                qid[k] >= 0 and qid[k] in adjacent,
            )
            ctx = per_ctx.get(key)
            if ctx is None:
                ctx = per_ctx[key] = _context_rows(key, get, none)
            tok = per_tok.get((rel, k))
            if tok is None:
                tok = per_tok[(rel, k)] = (
                    get(f"rt={rel}|{tags[k]}", none),
                    get(f"rw={rel}|{lower[k]}", none),
                )
            offsets.append(len(rows))
            rows.extend(per_cue[rel])
            rows.extend(tok)
            rows.extend(ctx)
    return rows, offsets


def _context_rows(
    key: tuple[str, str, int, bool, bool, bool, bool], get: Any, none: int
) -> tuple[int, ...]:
    """Row ids of the features :func:`cue_relative` derives from one token's context."""
    rel, bucket, so, quoted, other, blocked, adjacent = key
    feats = [
        "rel=" + rel,
        f"d={rel}{bucket}",
        f"rs={rel}{so}",
        f"rq={rel}|{'1' if quoted else '0'}|{so}",
    ]
    if other:
        feats.append("oc=" + rel)
    if blocked:
        feats.append("bl=" + rel)
    if adjacent:
        feats.append("aq=" + rel)
    return tuple(get(f, none) for f in feats)


def role_features(
    table: TokenTable,
    window: list[int],
    cue: tuple[int, int],
    other_cues: set[int],
) -> list[list[str]]:
    """All role-model features of ``window`` (static and cue-relative), for training."""
    rel = cue_relative(table, window, cue, other_cues)
    return [[*table.static[k], *r] for k, r in zip(window, rel, strict=True)]
