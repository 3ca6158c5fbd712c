"""PolNeAR gold reader and the quote-attribution scorer behind ``slant eval quotes``.

PolNeAR (Newell et al., LREC 2018) annotates *attribution relations* in brat standoff:
``T`` lines hold ``Source``/``Cue``/``Content`` spans (possibly discontinuous, ``a b;c d``)
and ``E`` lines link one Content to its Cue and (optional) Source. There is no official
scorer; this one follows the metrics of Citron (Newell et al. 2018, BBC R&D):

* **content** P/R/F1, *exact* and *overlap*. Spans are compared on their alphanumeric
  characters only, so whitespace, punctuation and quote marks at the edges never decide a
  match (PolNeAR is inconsistent about including the closing quote mark and full stop).
  *Exact*: the same characters. *Overlap*: the shared characters are at least half of the
  longer of the two spans (so neither a fragment nor a whole paragraph matches).
  Gold and predictions are paired one-to-one, best overlap first.
* **cue** P/R/F1: predicted and gold cue spans paired one-to-one when they share a character.
* **speaker** P/R/F1: over the content pairs matched by *overlap*, a speaker is correct when
  its mention span shares a character with the gold Source. Precision divides by the
  predictions that name a speaker span, recall by the gold relations that have a Source.
* **per quote kind** (``direct_*``, ``indirect_*``, ``mixed_*``): content overlap and speaker
  P/R/F1 of the relations of one kind. PolNeAR does not label kinds, so gold and predicted
  contents alike get theirs from the text (:func:`content_kind`): *direct* when every
  alphanumeric character is inside quote marks, *mixed* when some are, *indirect* otherwise.
  Recall counts matches by the gold relation's kind, precision by the prediction's.

A quote split around its cue (``"…," he said. "…"``) is one relation with a discontinuous
Content in PolNeAR; :func:`predictions_from_quotes` therefore joins predicted quotes that share
one cue span into one relation before scoring.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from slant.annotations import Quote

__all__ = [
    "Attribution",
    "GoldDoc",
    "Scores",
    "annotations_by_article",
    "annotator_agreement",
    "content_kind",
    "evaluate_polnear",
    "predictions_from_quotes",
    "read_polnear",
    "score_documents",
]

log = logging.getLogger(__name__)

Ranges = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: content, cue and source as character ranges (maybe empty)."""

    content: Ranges
    cue: Ranges = ()
    source: Ranges = ()


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One article with its gold attribution relations."""

    id: str
    text: str
    attributions: tuple[Attribution, ...]


def _ranges(spec: str) -> Ranges:
    return tuple((int(a), int(b)) for a, b in (r.split() for r in spec.split(";")))


def parse_ann(ann: str) -> list[Attribution]:
    """Attribution relations of one brat ``.ann`` file (``E`` lines with a Content).

    Covered texts may contain newlines, so only lines that start with a ``T``/``E`` id are
    read; continuation lines are skipped.
    """
    spans: dict[str, Ranges] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        if m := _T_LINE.match(line):
            spans[m.group(1)] = _ranges(m.group(3))
        elif m := _E_LINE.match(line):
            args = dict(a.split(":", 1) for a in m.group(2).split() if ":" in a)
            relations.append(args)
    out = []
    for args in relations:
        content = spans.get(args.get("Content", ""))
        if not content:
            continue
        out.append(
            Attribution(
                content=content,
                cue=spans.get(args.get("Cue", ""), ()),
                source=spans.get(args.get("Source", ""), ()),
            )
        )
    return out


def read_polnear(data_dir: str | Path, split: str = "dev") -> list[GoldDoc]:
    """Read one PolNeAR split (``train`` or ``dev``), one annotation per article.

    Articles annotated by several annotators keep the first ``.ann`` file in name order.
    """
    root = Path(data_dir) / split
    if not (root / "text").is_dir():
        raise FileNotFoundError(f"no PolNeAR split at {root} (expected text/ and attributions/)")
    docs = []
    for stem, anns in annotations_by_article(root).items():
        text = (root / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        attrs = parse_ann(anns[0].read_text(encoding="utf-8"))
        docs.append(GoldDoc(id=stem, text=text, attributions=tuple(attrs)))
    return docs


def annotations_by_article(root: Path) -> dict[str, list[Path]]:
    """The ``.ann`` files of each article of one split folder, by article stem, sorted.

    ``<stem>_<annotator>.ann``: an article annotated by several annotators has several.
    """
    groups: dict[str, list[Path]] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        groups.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    return dict(sorted(groups.items()))


def annotator_agreement(
    data_dir: str | Path, splits: Sequence[str] = ("train", "annotator-training")
) -> dict[str, float]:
    """How well PolNeAR's own annotators agree, on the metrics of :class:`Scores`.

    Every article with several ``.ann`` files is scored for every ordered pair of its
    annotators (one as gold, the other as prediction), so precision and recall are the same
    and the F1 is the ceiling a system trained on one annotator's labels can expect. Splits
    that are missing are skipped. The defaults leave ``dev`` alone (the corpus asks not to
    look at it while developing).

    Returns:
        ``articles`` and ``pairs`` compared, then the P/R/F1 of :meth:`Scores.as_dict`.
    """
    import itertools

    roots = [Path(data_dir) / s for s in splits if (Path(data_dir) / s / "attributions").is_dir()]
    if not roots:
        raise FileNotFoundError(f"none of {', '.join(splits)} found in {data_dir}")
    scores = Scores()
    articles = 0
    for root in roots:
        for stem, anns in annotations_by_article(root).items():
            if len(anns) < 2:
                continue
            articles += 1
            text = (root / "text" / f"{stem}.txt").read_text(encoding="utf-8")
            parsed = [parse_ann(a.read_text(encoding="utf-8")) for a in anns]
            for gold, pred in itertools.permutations(parsed, 2):
                scores.add(text, gold, pred)
    out = scores.as_dict()
    out.pop("documents")
    return {"articles": articles, "pairs": scores.docs, **out}


def predictions_from_quotes(quotes: Iterable[Quote]) -> list[Attribution]:
    """Turn predicted quotes into relations, joining the parts of a quote split by its cue."""
    by_cue: dict[tuple[int, int], list[Quote]] = {}
    out: list[Attribution] = []
    for q in quotes:
        if q.cue is None:
            src = ((q.speaker.start, q.speaker.end),) if q.speaker else ()
            out.append(Attribution(((q.start, q.end),), (), src))
        else:
            by_cue.setdefault((q.cue.start, q.cue.end), []).append(q)
    for cue, group in by_cue.items():
        content = tuple(sorted((q.start, q.end) for q in group))
        sp = next((q.speaker for q in group if q.speaker), None)
        out.append(Attribution(content, (cue,), ((sp.start, sp.end),) if sp else ()))
    return out


KINDS = ("direct", "indirect", "mixed")


def content_kind(text: str, ranges: Ranges, quoted: Sequence[tuple[int, int]]) -> str:
    """``direct``, ``indirect`` or ``mixed``: how much of a content is inside quote marks.

    ``quoted`` holds the text inside quote marks of the whole article (``find_quoted_spans``).
    A content of several ranges is *direct* or *indirect* when all its ranges are, else
    *mixed*.
    """
    from slant.analyzers.quotes import quote_kind

    kinds = {quote_kind(text, s, e, quoted) for s, e in ranges}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _chars(text: str, ranges: Ranges) -> frozenset[int]:
    """Positions of alphanumeric characters inside ``ranges``."""
    return frozenset(i for a, b in ranges for i in range(a, min(b, len(text))) if text[i].isalnum())


def _pair(
    gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]], min_ratio: float
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, pred index)``, best overlap ratio first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if not g or not p:
                continue
            shared = len(g & p)
            if not shared:
                continue
            ratio = shared / max(len(g), len(p))
            if ratio >= min_ratio:
                cands.append((ratio, -gi, -pi))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, ngi, npi in cands:
        gi, pi = -ngi, -npi
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


@dataclass(slots=True)
class Scores:
    """Counts behind every metric; :meth:`as_dict` turns them into P/R/F1."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    gold_cues: int = 0
    pred_cues: int = 0
    cue: int = 0
    gold_sources: int = 0
    pred_speakers: int = 0
    speaker: int = 0
    docs: int = 0
    extra: dict[str, float] = field(default_factory=dict)
    # per quote kind: gold, pred, overlap hits by gold / pred kind, sources, speaker hits
    kinds: dict[str, list[int]] = field(default_factory=lambda: {k: [0] * 8 for k in KINDS})

    def add(self, text: str, gold: Sequence[Attribution], pred: Sequence[Attribution]) -> None:
        """Score one document's relations and add the counts."""
        self.docs += 1
        gc = [_chars(text, a.content) for a in gold]
        pc = [_chars(text, a.content) for a in pred]
        self.gold += len(gold)
        self.pred += len(pred)
        self.exact += sum(1 for gi, pi in _pair(gc, pc, 1.0) if gc[gi] == pc[pi])
        matched = _pair(gc, pc, 0.5)
        self.overlap += len(matched)
        gk = [_chars(text, a.cue) for a in gold if a.cue]
        pk = [_chars(text, a.cue) for a in pred if a.cue]
        self.gold_cues += len(gk)
        self.pred_cues += len(pk)
        self.cue += len(_pair(gk, pk, 0.0))
        self.gold_sources += sum(1 for a in gold if a.source)
        self.pred_speakers += sum(1 for a in pred if a.source)
        from slant.analyzers.quotes import find_quoted_spans

        quoted = [(s, e) for s, e, _c in find_quoted_spans(text, 0, len(text))]
        gk_ = [content_kind(text, a.content, quoted) for a in gold]
        pk_ = [content_kind(text, a.content, quoted) for a in pred]
        for i, a in enumerate(gold):
            self.kinds[gk_[i]][0] += 1
            self.kinds[gk_[i]][4] += bool(a.source)
        for i, a in enumerate(pred):
            self.kinds[pk_[i]][1] += 1
            self.kinds[pk_[i]][5] += bool(a.source)
        for gi, pi in matched:
            self.kinds[gk_[gi]][2] += 1
            self.kinds[pk_[pi]][3] += 1
            g, p = gold[gi].source, pred[pi].source
            if g and p and _chars(text, g) & _chars(text, p):
                self.speaker += 1
                self.kinds[gk_[gi]][6] += 1
                self.kinds[pk_[pi]][7] += 1

    def as_dict(self) -> dict[str, float]:
        """``name -> value``: P/R/F1 of content (exact, overlap), cue and speaker."""
        out: dict[str, float] = {"documents": self.docs, "gold": self.gold, "predicted": self.pred}
        for name, hit_p, hit_r, n_p, n_r in (
            ("content_exact", self.exact, self.exact, self.pred, self.gold),
            ("content_overlap", self.overlap, self.overlap, self.pred, self.gold),
            ("cue", self.cue, self.cue, self.pred_cues, self.gold_cues),
            ("speaker", self.speaker, self.speaker, self.pred_speakers, self.gold_sources),
        ):
            p = hit_p / n_p if n_p else 0.0
            r = hit_r / n_r if n_r else 0.0
            out[f"{name}_p"] = round(p, 4)
            out[f"{name}_r"] = round(r, 4)
            out[f"{name}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
        for kind, (g, pr, hit_g, hit_p, src, psrc, sp_g, sp_p) in self.kinds.items():
            out[f"{kind}_gold"] = g
            out[f"{kind}_predicted"] = pr
            for name, hp, hr, n_p, n_r in (
                ("content_overlap", hit_p, hit_g, pr, g),
                ("speaker", sp_p, sp_g, psrc, src),
            ):
                p = hp / n_p if n_p else 0.0
                r = hr / n_r if n_r else 0.0
                out[f"{kind}_{name}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
        return out


def score_documents(
    items: Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]],
) -> Scores:
    """Score ``(text, gold relations, predicted relations)`` triples."""
    scores = Scores()
    for text, gold, pred in items:
        scores.add(text, gold, pred)
    return scores


def evaluate_polnear(
    data_dir: str | Path,
    split: str = "dev",
    *,
    limit: int | None = None,
    options: dict[str, object] | None = None,
    only_holdout: bool = False,
) -> dict[str, float]:
    """Run the quotes analyzer (with the entities it needs) on a PolNeAR split and score it.

    Args:
        data_dir: the folder holding ``train/`` and ``dev/``.
        split: ``train`` or ``dev``.
        limit: score only the first ``limit`` articles (for quick checks).
        only_holdout: score only the held-out tenth of train (:func:`holdout`), where
            settings are chosen.
        options: keyword options of the quotes analyzer (``method``, ``model_dir``).
    """
    from slant.article import Article
    from slant.config import Settings
    from slant.pipeline import Pipeline

    docs = read_polnear(data_dir, split)
    if only_holdout:
        docs = [d for d in docs if holdout(d.id)]
    docs = docs[:limit]
    pipe = Pipeline(
        Settings(
            only=("entities", "quotes"),
            language_check=False,
            analyzers={"quotes": {k: v for k, v in (options or {}).items() if v is not None}},
        )
    )
    pipe.initialize()

    def triples() -> Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]]:
        for d in docs:
            art = Article(id=d.id, text=d.text)
            pipe(art)  # cleans, parses once, then entities and quotes
            yield d.text, d.attributions, predictions_from_quotes(art.quotes)

    return score_documents(triples()).as_dict()


# -- training the CRF attribution tagger ----------------------------------------------------

#: Fixed training settings of the shipped models (crfsuite L-BFGS with elastic net).
TRAIN_PARAMS: dict[str, dict[str, float | int | bool]] = {
    "cue": {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True},
    "role": {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True},
}


def holdout(doc_id: str, every: int = 10) -> bool:
    """True for the train articles held out for tuning (a fixed tenth, by name hash)."""
    import zlib

    return zlib.crc32(doc_id.encode("utf-8")) % every == 0


def parsed_articles(docs: Sequence[GoldDoc]) -> Iterable[tuple[object, GoldDoc, list[Quote]]]:
    """``(article with its doc, gold doc, rule quotes)`` for each gold document.

    Parses once with the pipeline the analyzer runs in (its parse level, its entities);
    the quotes analyzer runs as rules only, and its quotes are the tagger's rule features.
    """
    from slant.article import Article
    from slant.config import Settings
    from slant.pipeline import Pipeline

    pipe = Pipeline(
        Settings(
            only=("entities", "quotes"),
            language_check=False,
            analyzers={"quotes": {"method": "rules"}},
        )
    )
    pipe.initialize()
    for d in docs:
        art = Article(id=d.id, text=d.text)
        pipe(art, keep_doc=True)
        yield art, d, list(art.quotes)


def gold_sequences(
    table: object, attributions: Sequence[Attribution]
) -> tuple[list[tuple[list[list[str]], list[str]]], list[tuple[list[list[str]], list[str]]]]:
    """Training sequences ``(features, labels)`` of one article for the cue and role models."""
    from slant.analyzers.quotes import (
        TokenTable,
        cue_features,
        role_features,
        role_window,
        tokens_in,
    )

    assert isinstance(table, TokenTable)
    st, en = table.starts, table.ends
    unit_of = {k: u for u, toks in enumerate(table.units) for k in toks}
    cues: dict[tuple[int, int], list[Attribution]] = {}
    for a in attributions:
        toks = sorted({k for s, e in a.cue for k in tokens_in(st, en, s, e) if k in unit_of})
        if toks:
            cues.setdefault((toks[0], toks[-1] + 1), []).append(a)
    cue_label: dict[int, str] = {}
    for c0, c1 in cues:
        for k in range(c0, c1):
            cue_label.setdefault(k, "B" if k == c0 else "I")
    cue_seqs = []
    for unit in table.units:
        cue_seqs.append((cue_features(table, unit), [cue_label.get(k, "O") for k in unit]))
    role_seqs = []
    cue_toks = set(cue_label)
    for (c0, c1), attrs in cues.items():
        unit = table.units[unit_of[c0]]
        window = role_window(unit, c0, c1)
        label = dict.fromkeys(window, "O")
        for a in attrs:  # relations sharing one cue share the role sequence
            for ranges, tag in ((a.content, "N"), (a.source, "S")):
                for s, e in ranges:
                    for k in tokens_in(st, en, s, e):
                        if k in label and not c0 <= k < c1:
                            label[k] = tag
        others = cue_toks - set(range(c0, c1))
        role_seqs.append(
            (role_features(table, window, (c0, c1), others), [label[k] for k in window])
        )
    return cue_seqs, role_seqs


def export_crf(tagger_path: str | Path) -> object:
    """A crfsuite model file as a :class:`~slant.analyzers.quotes.tagger.LinearCRF`."""
    import numpy as np
    import pycrfsuite

    from slant.analyzers.quotes import LinearCRF

    tagger = pycrfsuite.Tagger()
    tagger.open(str(tagger_path))
    info = tagger.info()
    labels = sorted(info.labels, key=info.labels.__getitem__)
    lab = {label: i for i, label in enumerate(labels)}
    attrs = sorted({a for a, _label in info.state_features})
    row = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (a, label), w in info.state_features.items():
        weights[row[a], lab[label]] = w
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        trans[lab[a], lab[b]] = w
    tagger.close()
    return LinearCRF(labels, attrs, weights, trans)


def train_crfs(
    items: Iterable[tuple[object, Sequence[Attribution]]],
    out_dir: str | Path,
    params: dict[str, dict[str, float | int | bool]] | None = None,
) -> dict[str, float]:
    """Train the cue and role CRFs on ``(token table, gold relations)`` pairs.

    crfsuite trains; the weights are exported to ``attribution.npz`` in ``out_dir`` (the
    analyzer scores with numpy and needs no crfsuite at run time). Returns counts.
    """
    import tempfile

    import pycrfsuite

    from slant.analyzers.quotes import MODEL_FILE, save_models

    params = params or TRAIN_PARAMS
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    trainers = {"cue": pycrfsuite.Trainer(verbose=False), "role": pycrfsuite.Trainer(verbose=False)}
    for name, tr in trainers.items():
        tr.set_params(params[name])
    counts = {"articles": 0, "cue_tokens": 0, "role_tokens": 0}
    for table, attrs in items:
        cue_seqs, role_seqs = gold_sequences(table, attrs)
        for name, seqs in (("cue", cue_seqs), ("role", role_seqs)):
            for x, y in seqs:
                trainers[name].append(x, y)
                counts[f"{name}_tokens"] += len(y)
        counts["articles"] += 1
    crfs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, tr in trainers.items():
            log.info("training the %s CRF on %d tokens", name, counts[f"{name}_tokens"])
            path = Path(tmp) / f"{name}.crfsuite"
            tr.train(str(path))
            crfs[name] = export_crf(path)
            counts[f"{name}_features"] = len(crfs[name].index)  # type: ignore[attr-defined]
    save_models(out / MODEL_FILE, crfs["cue"], crfs["role"])  # type: ignore[arg-type]
    return counts


def train_polnear(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    params: dict[str, dict[str, float | int | bool]] | None = None,
    full: bool = False,
) -> dict[str, float]:
    """Train the shipped attribution CRFs on PolNeAR train and score the held-out tenth.

    Args:
        data_dir: the PolNeAR folder holding ``train/``.
        out_dir: where ``attribution.npz`` is written.
        params: crfsuite settings per model; :data:`TRAIN_PARAMS` by default.
        full: train on all of train (the held-out scores are then not held out).

    Returns:
        Training counts and the held-out content/cue/speaker P/R/F1 (``holdout_*``).
    """
    from slant.analyzers.quotes import build_table, learned_quotes, load_models

    docs = read_polnear(data_dir, "train")
    held: list[tuple[object, GoldDoc, list[Quote]]] = []

    def items() -> Iterable[tuple[object, Sequence[Attribution]]]:
        for art, gold, rules in parsed_articles(docs):
            if holdout(gold.id):
                held.append((art, gold, rules))
                if not full:
                    continue
            yield build_table(art, rules), gold.attributions  # type: ignore[arg-type]

    counts = train_crfs(items(), out_dir, params)
    cue, role = load_models(str(out_dir))
    scores = score_documents(
        (gold.text, gold.attributions, predictions_from_quotes(learned_quotes(art, rq, cue, role)))  # type: ignore[arg-type]
        for art, gold, rq in held
    ).as_dict()
    return {**counts, **{f"holdout_{k}": v for k, v in scores.items()}}
