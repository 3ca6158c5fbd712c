"""The learned attribution tagger behind the quotes analyzer.

Two linear-chain CRFs (crfsuite) over the shared parse, trained on PolNeAR
(``slant train quotes``):

1. the **cue** model tags every body paragraph with ``B``/``I``/``O`` for attribution cues
   ("said", "according to", "called for", "wants", "a poll found" …);
2. the **role** model runs once per cue on the cue's paragraph and tags each token ``S``
   (the Source of that cue), ``N`` (its Content) or ``O``, with features relative to the cue
   (before/after it, distance, sentence offset, the cue's words).

Token features come from the spaCy tagger and NER, quote marks, and the rule system's own
predictions (:mod:`slant.analyzers.quotes.rules`), so the CRFs learn where to trust the
rules. A relation is the cue, its content runs and the source run nearest to the cue.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slant.analyzers.quotes.rules import find_quoted_spans
from slant.analyzers.quotes.speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from slant.annotations import Quote, Speaker
    from slant.article import Article

__all__ = [
    "MODEL_FILE",
    "RESOURCE_DIR",
    "LinearCRF",
    "Relation",
    "TokenTable",
    "build_table",
    "cue_features",
    "cue_relative",
    "learned_quotes",
    "load_models",
    "model_dir_default",
    "predict_relations",
    "relation_speaker",
    "role_features",
    "role_window",
    "save_models",
    "tokens_in",
]

SKIP_KINDS = frozenset({"boilerplate", "hashtag", "dateline"})
QUOTE_CHARS = "\"“”«»„‘’‹›'"
MAX_WINDOW = 80  # role model: at most this many tokens either side of the cue
RESOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "quotes"
MODEL_FILE = "attribution.npz"


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
    """Token indices of the paragraph the role model sees for a cue at tokens [c0, c1)."""
    return [k for k in unit if c0 - MAX_WINDOW <= k < c1 + MAX_WINDOW]


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


@dataclass(frozen=True, slots=True)
class Relation:
    """One predicted attribution: token ranges of its cue, source and content runs."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[tuple[int, int], ...]


def cue_spans(unit: list[int], tags: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the cues tagged in one paragraph."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    for k, tag in zip(unit, tags, strict=True):
        if tag == "B" or (tag == "I" and cur is None):
            if cur is not None:
                spans.append((cur[0], cur[1]))
            cur = [k, k + 1]
        elif tag == "I" and cur is not None:
            cur[1] = k + 1
        elif cur is not None:
            spans.append((cur[0], cur[1]))
            cur = None
    if cur is not None:
        spans.append((cur[0], cur[1]))
    return spans


def runs(window: list[int], tags: Sequence[str], label: str) -> list[tuple[int, int]]:
    """Token ranges of consecutive ``label`` tags (window positions are token indices)."""
    out: list[tuple[int, int]] = []
    for k, tag in zip(window, tags, strict=True):
        if tag != label:
            continue
        if out and out[-1][1] == k:
            out[-1] = (out[-1][0], k + 1)
        else:
            out.append((k, k + 1))
    return out


class LinearCRF:
    """A linear-chain CRF for inference only: weights exported from a crfsuite model.

    Emission scores are summed per token from a feature → row table, so the features of a
    token that do not depend on the cue are scored once per article, not once per cue; all
    sequences of an article are decoded together (one batched Viterbi).
    """

    def __init__(
        self, labels: Sequence[str], attrs: Sequence[str], weights: Any, trans: Any
    ) -> None:
        import numpy as np

        self.labels = list(labels)
        self.index = {a: i for i, a in enumerate(attrs)}
        # one extra zero row: the score of a feature the model never kept
        self.weights = np.vstack([weights, np.zeros((1, len(self.labels)))]).astype(np.float64)
        self.trans = np.asarray(trans, dtype=np.float64)
        self._none = len(attrs)

    def share_index(self, other: LinearCRF) -> LinearCRF:
        """Re-index onto the union of both feature tables, so one lookup serves both."""
        import numpy as np

        mine = sorted(self.index, key=self.index.__getitem__)
        n_other = len(other.index)
        for a in mine:
            other.index.setdefault(a, len(other.index))
        union = len(other.index)
        other.weights = np.vstack(
            [other.weights[:-1], np.zeros((union - n_other + 1, len(other.labels)))]
        )
        rows = np.zeros((union + 1, len(self.labels)))
        rows[[other.index[a] for a in mine]] = self.weights[:-1]
        self.weights, self.index = rows, other.index
        self._none = other._none = union
        return self

    def feature_ids(self, feats: Sequence[Sequence[str]]) -> tuple[list[int], list[int]]:
        """Row ids of every feature of every token, and where each token's ids start."""
        get, none = self.index.get, self._none
        ids = [get(x, none) for f in feats for x in f]
        offsets = [0] * len(feats)
        n = 0
        for i, f in enumerate(feats):
            offsets[i] = n
            n += len(f)
        return ids, offsets

    def emissions(
        self, feats: Sequence[Sequence[str]], ids: tuple[list[int], list[int]] | None = None
    ) -> Any:
        """``(n tokens, n labels)`` emission scores of ``feats`` (one list per token).

        ``ids`` may come from :meth:`feature_ids` of a model with the same ``index``.
        """
        import numpy as np

        rows, offsets = ids or self.feature_ids(feats)
        if not rows:
            return np.zeros((len(feats), len(self.labels)))
        return np.add.reduceat(self.weights[rows], offsets, axis=0)

    def viterbi(self, emits: Sequence[Any]) -> list[list[str]]:
        """The best label sequence of each ``(n, labels)`` emission array, decoded together.

        Shorter sequences are padded; past its end a sequence keeps its label at no cost,
        so padding never changes its best path.
        """
        import numpy as np

        if not emits:
            return []
        n_lab = len(self.labels)
        lens = np.array([e.shape[0] for e in emits])
        n = int(lens.max())
        batch = len(emits)
        emit = np.zeros((batch, max(n, 1), n_lab))
        for b, e in enumerate(emits):
            emit[b, : e.shape[0]] = e
        hold = np.full((n_lab, n_lab), -np.inf)
        np.fill_diagonal(hold, 0.0)
        back = np.zeros((batch, max(n, 1), n_lab), dtype=np.intp)
        score = emit[:, 0]
        for i in range(1, n):
            trans = np.where((lens > i)[:, None, None], self.trans, hold)
            cand = score[:, :, None] + trans  # batch × previous label × next label
            back[:, i] = cand.argmax(axis=1)
            score = cand.max(axis=1) + emit[:, i]
        best = score.argmax(axis=1)
        path = np.empty((batch, max(n, 1)), dtype=np.intp)
        path[:, n - 1] = best
        rows = np.arange(batch)
        for i in range(n - 1, 0, -1):
            best = back[rows, i, best]
            path[:, i - 1] = best
        labels = self.labels
        return [[labels[j] for j in path[b, : lens[b]]] for b in range(batch)]


def predict_relations(table: TokenTable, cue_crf: LinearCRF, role_crf: LinearCRF) -> list[Relation]:
    """Cues, then one role pass per cue: the article's attribution relations."""
    flat = [k for unit in table.units for k in unit]
    if not flat:
        return []
    static = [table.static[k] for k in flat]
    ids = cue_crf.feature_ids(static)
    cue_emit = cue_crf.emissions(static, ids)
    # the cue-independent part of the role scores, once per token (the models share ids)
    role_emit = role_crf.emissions(static, ids if role_crf.index is cue_crf.index else None)
    pos = {k: i for i, k in enumerate(flat)}
    starts = [pos[u[0]] for u in table.units]
    cue_tags = cue_crf.viterbi(
        [cue_emit[p : p + len(u)] for p, u in zip(starts, table.units, strict=True)]
    )
    jobs = []  # (cue, window, other cue tokens) of every role pass
    for unit, tags in zip(table.units, cue_tags, strict=True):
        cues = cue_spans(unit, tags)
        cue_toks = {k for c0, c1 in cues for k in range(c0, c1)}
        for c0, c1 in cues:
            jobs.append(((c0, c1), role_window(unit, c0, c1), cue_toks - set(range(c0, c1))))
    if not jobs:
        return []
    n_rel = sum(len(w) for _c, w, _o in jobs)
    rel_emit = role_crf.emissions([()] * n_rel, relative_rows(table, jobs, role_crf))
    emits = []
    off = 0
    for _cue, window, _others in jobs:
        w0 = pos[window[0]]
        emits.append(role_emit[w0 : w0 + len(window)] + rel_emit[off : off + len(window)])
        off += len(window)
    rels: list[Relation] = []
    for ((c0, c1), window, _o), tags in zip(jobs, role_crf.viterbi(emits), strict=True):
        content = _join_runs(table, runs(window, tags, "N"))
        content = [r for r in content if _has_alnum(table, r)]
        if not content:
            continue
        sources = runs(window, tags, "S")
        source = min(sources, key=lambda r: min(abs(r[0] - c1), abs(c0 - r[1])), default=None)
        if source is None and len(content) > 1 and 0 <= c0 - content[0][1] <= 2:
            # "The diplomat also added that …": a short unquoted run right before the cue,
            # with content after it, is the subject the tagger mislabelled
            r0, r1 = content[0]
            if r1 - r0 <= 6 and not any(table.inq[k] for k in range(r0, r1)):
                source, content = (r0, r1), content[1:]
        if source is not None:
            source = _trim_source(table, source)
        content = [_snap(table, window, r, c1) for r in content]
        rels.append(Relation((c0, c1), source, tuple(content)))
    return _drop_claimed(rels)


def _trim_source(table: TokenTable, run: tuple[int, int]) -> tuple[int, int] | None:
    """A source run without edge punctuation or trailing adverbs ("The diplomat also")."""
    r0, r1 = run
    while r0 < r1 and not table.lower[r0][:1].isalnum():
        r0 += 1
    while r1 > r0 and (
        not table.lower[r1 - 1][:1].isalnum() or table.tags[r1 - 1] in ("RB", "RBR", "RBS", "MD")
    ):
        r1 -= 1
    return (r0, r1) if r1 > r0 else None


def _drop_claimed(rels: list[Relation]) -> list[Relation]:
    """Drop a content run lying inside another relation's content whose cue is nearer.

    ("Commenting on his remarks, the ministry said that he “made a joke …”": the quote
    belongs to "said", not to "Commenting on".) Nested relations keep their own runs.
    """

    def gap(cue: tuple[int, int], run: tuple[int, int]) -> int:
        return max(run[0] - cue[1], cue[0] - run[1], 0)

    out = []
    for rel in rels:
        keep = tuple(
            r
            for r in rel.content
            if not any(
                o is not rel
                and gap(o.cue, r) < gap(rel.cue, r)
                and any(o0 <= r[0] and r[1] <= o1 for o0, o1 in o.content)
                for o in rels
            )
        )
        if keep:
            out.append(Relation(rel.cue, rel.source, keep))
    return out


def _snap(
    table: TokenTable, window: list[int], run: tuple[int, int], cue_end: int
) -> tuple[int, int]:
    """Widen a content run that starts or ends inside quote marks to the whole quote.

    A run after its cue that stops at a closing quote mark a few words before the end of
    its sentence runs on to it ("warned that it could grow “far beyond …” by December").
    """
    r0, r1 = run
    lo, hi = window[0], window[-1] + 1
    inq = table.inq
    if inq[r0]:
        while r0 - 1 >= lo and inq[r0 - 1]:
            r0 -= 1
    if inq[r1 - 1]:
        while r1 < hi and inq[r1]:
            r1 += 1
    last = r1 - 1
    if r0 >= cue_end and not inq[r0] and (inq[last] or table.lower[last] in QUOTE_CHARS):
        end = r1
        while end < hi and table.sent[end] == table.sent[last]:
            end += 1
        while end > r1 and not table.lower[end - 1][:1].isalnum():
            end -= 1
        tail = range(r1, end)
        if 0 < len(tail) <= 4 and not any(inq[k] or table.lower[k] in QUOTE_CHARS for k in tail):
            r1 = end
    return r0, r1


def _join_runs(table: TokenTable, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join content runs split only by punctuation the tagger left out (``,`` ``—``)."""
    out: list[tuple[int, int]] = []
    for r in found:
        if out and not _has_alnum(table, (out[-1][1], r[0])) and r[0] - out[-1][1] <= 2:
            out[-1] = (out[-1][0], r[1])
        else:
            out.append(r)
    return out


def _has_alnum(table: TokenTable, r: tuple[int, int]) -> bool:
    return any(any(ch.isalnum() for ch in table.lower[k]) for k in range(*r))


def model_dir_default() -> str:
    """Where the shipped CRF models live (``slant/resources/quotes``)."""
    return str(RESOURCE_DIR)


def save_models(path: str | Path, cue: LinearCRF, role: LinearCRF) -> None:
    """Write both CRFs to one ``.npz`` (no pickle: strings and float arrays only)."""
    import numpy as np

    arrays = {}
    for name, crf in (("cue", cue), ("role", role)):
        attrs = sorted(crf.index, key=crf.index.__getitem__)
        arrays[f"{name}_labels"] = np.array(crf.labels)
        arrays[f"{name}_attrs"] = np.array(attrs)
        arrays[f"{name}_weights"] = crf.weights[:-1].astype(np.float32)
        arrays[f"{name}_trans"] = crf.trans.astype(np.float32)
    np.savez_compressed(path, **arrays)


def load_models(model_dir: str | None = None) -> tuple[LinearCRF, LinearCRF]:
    """The cue and role CRFs from ``attribution.npz``.

    Raises:
        ResourceError: the model file is missing (run ``slant train quotes``).
    """
    import numpy as np

    from slant.errors import ResourceError

    path = Path(model_dir or model_dir_default()) / MODEL_FILE
    if not path.is_file():
        raise ResourceError(f"quotes model {path} is missing; run `slant train quotes`")
    with np.load(path, allow_pickle=False) as z:
        cue, role = (
            LinearCRF(
                z[f"{n}_labels"].tolist(),
                z[f"{n}_attrs"].tolist(),
                z[f"{n}_weights"],
                z[f"{n}_trans"],
            )
            for n in ("cue", "role")
        )
    return cue, role.share_index(cue)


def _trim(text: str, s: int, e: int) -> tuple[int, int, bool]:
    """Content span without outer spaces and quote marks; ``True`` if it was quoted."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    quoted = s < e and text[s] in QUOTE_CHARS
    if quoted:
        s += 1
        if e > s and text[e - 1] in QUOTE_CHARS:
            e -= 1
    else:
        while e > s and text[e - 1] in ",;:—–-" + QUOTE_CHARS:
            e -= 1
    while s < e and text[s].isspace():
        s += 1
    return s, e, quoted


def relation_speaker(
    resolver: SpeakerResolver,
    source: tuple[int, int] | None,
    cue: tuple[int, int],
    rule_quotes: Sequence[Quote],
) -> Speaker | None:
    """The speaker of a tagged relation: its source span (character offsets), resolved; with
    no source, the speaker the rules found for an overlapping cue ("…, adding that")."""
    from slant.annotations import Speaker

    if source is None:
        cs, ce = cue
        rule = next(
            (
                q.speaker
                for q in rule_quotes
                if q.cue and q.speaker and q.cue.start < ce and cs < q.cue.end
            ),
            None,
        )
        if rule is None:
            return None
        source = (rule.start, rule.end)
    s, e = source
    return Speaker(resolver.resolve(s, e), s, e)


def learned_quotes(
    article: Article,
    rule_quotes: Sequence[Quote],
    cue_crf: LinearCRF,
    role_crf: LinearCRF,
    *,
    merge_rules: bool = True,
) -> list[Quote]:
    """Quotes of a parsed article from the CRF taggers (one Quote per content run).

    With ``merge_rules``, rule quotes that overlap nothing the tagger found are added.
    """
    from slant.annotations import Cue, Quote

    text = article.text
    table = build_table(article, rule_quotes)
    rels = predict_relations(table, cue_crf, role_crf)
    resolver = SpeakerResolver(article)
    st, en = table.starts, table.ends
    quotes: list[Quote] = []
    # resolve in text order of the mentions: the resolver remembers who spoke last
    for rel in sorted(rels, key=lambda r: r.source[0] if r.source else r.cue[0]):
        cs, ce = st[rel.cue[0]], en[rel.cue[1] - 1]
        source = (st[rel.source[0]], en[rel.source[1] - 1]) if rel.source else None
        speaker = relation_speaker(resolver, source, (cs, ce), rule_quotes)
        c0, c1 = rel.cue
        while c1 - 1 > c0 and not table.lower[c1 - 1][:1].isalnum():
            c1 -= 1  # PolNeAR cues often keep the colon ("said:"); the cue is the words
        cue = Cue(st[c0], en[c1 - 1])
        for r0, r1 in rel.content:
            s, e, quoted = _trim(text, st[r0], en[r1 - 1])
            if s >= e:
                continue
            inside = [table.inq[k] for k in range(r0, r1) if table.lower[k][:1].isalnum()]
            if quoted or (inside and all(inside)):
                kind = "direct"
            elif any(inside) or any(ch in text[s:e] for ch in '"“”«»„'):
                kind = "mixed"
            else:
                kind = "indirect"
            quotes.append(Quote(s, e, kind, cue=cue, speaker=speaker))  # type: ignore[arg-type]
    if merge_rules:
        quotes.extend(_rules_missed(quotes, rule_quotes))
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _rules_missed(learned: Sequence[Quote], rule_quotes: Sequence[Quote]) -> list[Quote]:
    """Rule quotes that share no character of content or cue with a learned quote.

    The tagger learned PolNeAR's cued relations; the rules still find what it misses
    (a quote with no cue at all, a one-line text with no article around it).
    """
    spans = [(q.start, q.end) for q in learned]
    spans += [(q.cue.start, q.cue.end) for q in learned if q.cue is not None]
    out = []
    for r in rule_quotes:
        mine = [(r.start, r.end)] + ([(r.cue.start, r.cue.end)] if r.cue else [])
        if not any(s < e2 and s2 < e for s, e in mine for s2, e2 in spans):
            out.append(r)
    return out
