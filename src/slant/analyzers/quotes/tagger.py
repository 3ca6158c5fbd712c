"""The learned attribution tagger behind the quotes analyzer.

Two linear-chain CRFs (crfsuite, :mod:`slant.analyzers.quotes.crf`) over the shared parse,
trained on PolNeAR (``slant train quotes``):

1. the **cue** model tags every body paragraph with ``B``/``I``/``O`` for attribution cues
   ("said", "according to", "called for", "wants", "a poll found" …);
2. the **role** model runs once per cue on the cue's paragraph and tags each token ``S``
   (the Source of that cue), ``N`` (its Content) or ``O``, with features relative to the cue
   (before/after it, distance, sentence offset, the cue's words).

Token features come from the spaCy tagger and NER, quote marks, and the rule system's own
predictions (:mod:`slant.analyzers.quotes.features`), so the CRFs learn where to trust the
rules. A relation is the cue, its content runs and the source run nearest to the cue; this
module decodes relations and turns them into quotes. It re-exports the names of ``crf`` and
``features`` that were defined here before the split.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slant.analyzers.quotes.crf import (
    MODEL_FILE,
    RESOURCE_DIR,
    LinearCRF,
    load_models,
    model_dir_default,
    save_models,
)
from slant.analyzers.quotes.features import (
    QUOTE_CHARS,
    TokenTable,
    build_table,
    cue_features,
    cue_relative,
    relative_rows,
    role_features,
    role_window,
    tokens_in,
)
from slant.analyzers.quotes.speakers import SpeakerResolver

if TYPE_CHECKING:
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
        cue_toks = sorted(k for c0, c1 in cues for k in range(c0, c1))
        for c0, c1 in cues:
            window = role_window(unit, c0, c1)
            # the other cues' tokens within the window's range (all that is looked up):
            # every cue of the paragraph for every cue was O(cues²)
            near = cue_toks[
                bisect_left(cue_toks, window[0]) : bisect_left(cue_toks, window[-1] + 1)
            ]
            jobs.append(((c0, c1), window, {k for k in near if not c0 <= k < c1}))
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
