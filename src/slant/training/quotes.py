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
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    docs = []
    for stem, ann in sorted(chosen.items()):
        text = (root / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        attrs = parse_ann(ann.read_text(encoding="utf-8"))
        docs.append(GoldDoc(id=stem, text=text, attributions=tuple(attrs)))
    return docs


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
        for gi, pi in matched:
            g, p = gold[gi].source, pred[pi].source
            if g and p and _chars(text, g) & _chars(text, p):
                self.speaker += 1

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
    data_dir: str | Path, split: str = "dev", *, limit: int | None = None
) -> dict[str, float]:
    """Run the quotes analyzer (with the entities it needs) on a PolNeAR split and score it.

    Args:
        data_dir: the folder holding ``train/`` and ``dev/``.
        split: ``train`` or ``dev``.
        limit: score only the first ``limit`` articles (for quick checks).
    """
    from slant.article import Article
    from slant.config import Settings
    from slant.pipeline import Pipeline

    docs = read_polnear(data_dir, split)[:limit]
    pipe = Pipeline(Settings(only=("entities", "quotes"), language_check=False))
    pipe.initialize()

    def triples() -> Iterable[tuple[str, Sequence[Attribution], Sequence[Attribution]]]:
        for d in docs:
            art = Article(id=d.id, text=d.text)
            pipe(art)  # cleans, parses once, then entities and quotes
            yield d.text, d.attributions, predictions_from_quotes(art.quotes)

    return score_documents(triples()).as_dict()
