"""Story clustering evaluation: readers for the story-cluster sets (ECB+, BASIL, AllSides
raw crawl, PAC; see ``../shared/data/story-clusters/SOURCE.md``) and the scorers (B-cubed
and pairwise precision, recall and F1).

Every reader works from the set's ``_derived_gold_clusters*.tsv``, so the same code reads a
shared folder or its held-out copy.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from slant.errors import UsageError

__all__ = [
    "BASELINE_THRESHOLD",
    "SETS",
    "GoldDoc",
    "baseline_partition",
    "bcubed",
    "pairwise",
    "read_set",
    "score_partition",
]


@dataclass(frozen=True)
class GoldDoc:
    """One document of a story-cluster set, as a JSONL record for ``slant ingest``, and its
    gold cluster."""

    id: str
    title: str | None
    text: str
    outlet: str | None
    published: str | None
    url: str | None
    cluster: str
    group: str  # a unit for cross-fitting (ECB+ topic, the year, …)

    def record(self, *, dates: bool = True) -> dict[str, str]:
        """The ingest record (``published`` left out with ``dates=False``)."""
        rec = {"id": self.id, "text": self.text}
        for key, value in (("title", self.title), ("outlet", self.outlet), ("url", self.url)):
            if value:
                rec[key] = value
        if dates and self.published:
            rec["published"] = self.published
        return rec


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _ecbplus(root: Path) -> Iterator[GoldDoc]:
    for row in _tsv(root / "_derived_gold_clusters.tsv"):
        tree = ET.parse(root / row["doc"])
        sentences: dict[int, list[str]] = defaultdict(list)
        for tok in tree.getroot().iter("token"):
            sentences[int(tok.get("sentence", "0"))].append(tok.text or "")
        url = None
        if row["doc"].endswith("ecbplus.xml") and 0 in sentences:  # sentence 0 is the URL
            url = "".join(sentences.pop(0))
        lines = [_detok(" ".join(toks)) for _, toks in sorted(sentences.items())]
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        yield GoldDoc(
            id=Path(row["doc"]).stem,
            title=lines[0][:200],
            text="\n".join(lines) + "\n",
            outlet=None,
            published=None,
            url=url,
            cluster=row["cluster"],
            group=row["topic"],
        )


_DETOK = [
    (re.compile(r" ([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$]) "), r"\1"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
]


def _detok(line: str) -> str:
    for pattern, repl in _DETOK:
        line = pattern.sub(repl, line)
    return line


def _basil(root: Path) -> Iterator[GoldDoc]:
    for row in _tsv(root / "_derived_gold_clusters.tsv"):
        data = json.loads((root / row["doc"]).read_text(encoding="utf-8"))
        paras = [" ".join(p) for p in data.get("body-paragraphs", []) if p]
        title = data.get("title") or None
        yield GoldDoc(
            id=Path(row["doc"]).stem,
            title=title,
            text="\n".join([title or "", *paras]).strip() + "\n",
            outlet=(row.get("source") or "").lower() or None,
            published=row.get("date") or None,
            url=data.get("url") or None,
            cluster=row["cluster"],
            group=(row.get("date") or "")[:4],
        )


def _allsides(root: Path) -> Iterator[GoldDoc]:
    gold = {
        r["doc(story_id:stance)"]: r for r in _tsv(root / "_derived_gold_clusters_raw_crawled.tsv")
    }
    for path in sorted((root / "data" / "raw_crawled").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            story = json.loads(line)
            for stance, art in (story.get("news") or {}).items():
                key = f"{story['id']}:{stance}"
                if key not in gold or not art:
                    continue
                body = " ".join(art.get("newBody") or [])
                title = art.get("newsTitle") or None
                yield GoldDoc(
                    id=key.replace(":", "_"),
                    title=title,
                    text=f"{title or ''}\n{body}".strip() + "\n",
                    outlet=art.get("newsSource") or None,
                    published=(story.get("date") or "")[:10] or None,
                    url=art.get("newsLink") or None,
                    cluster=gold[key]["cluster"],
                    group=str(story.get("topic") or ""),
                )


def _pac(root: Path) -> Iterator[GoldDoc]:
    for row in _tsv(root / "_derived_gold_clusters.tsv"):
        data = json.loads((root / row["doc"]).read_text(encoding="utf-8"))
        sents = [s.get("text", "") for s in data.get("news", [])]
        title = data.get("title") or None
        yield GoldDoc(
            id=str(data.get("id") or Path(row["doc"]).stem),
            title=title,
            text="\n".join([title or "", " ".join(sents)]).strip() + "\n",
            outlet=row.get("source") or None,
            published=row.get("date") or None,
            url=None,
            cluster=row["cluster"],
            group=row.get("split") or "",
        )


SETS: dict[str, tuple[str, Callable[[Path], Iterator[GoldDoc]]]] = {
    "ecbplus": ("ecbplus", _ecbplus),
    "basil": ("basil", _basil),
    "allsides": ("allsides-neus", _allsides),
    "pac": ("pac", _pac),
}


def read_set(root: Path, name: str) -> list[GoldDoc]:
    """The documents of one set under ``root`` (the ``story-clusters`` folder).

    Raises:
        UsageError: unknown set, or its folder or gold file is missing.
    """
    if name not in SETS:
        raise UsageError(f"unknown story set {name!r}: choose from {', '.join(SETS)}")
    folder, reader = SETS[name]
    path = root / folder
    if not path.is_dir() or not any(path.glob("_derived_gold_clusters*.tsv")):
        raise UsageError(f"{path}: no _derived_gold_clusters*.tsv (see SOURCE.md)")
    return list(reader(path))


# -- scorers ---------------------------------------------------------------------------------
def bcubed(gold: Mapping[str, str], pred: Mapping[str, object]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) over the gold items; an item
    without a prediction counts as a singleton."""
    items = list(gold)
    pred_of = {i: pred.get(i, ("__single__", i)) for i in items}
    gsize = Counter(gold[i] for i in items)
    psize = Counter(pred_of[i] for i in items)
    joint = Counter((gold[i], pred_of[i]) for i in items)
    p = sum(joint[(gold[i], pred_of[i])] / psize[pred_of[i]] for i in items) / len(items)
    r = sum(joint[(gold[i], pred_of[i])] / gsize[gold[i]] for i in items) / len(items)
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(gold: Mapping[str, str], pred: Mapping[str, object]) -> dict[str, float]:
    """Pair-counting precision, recall and F1 (the Priberam news-clustering scorer's)."""
    items = list(gold)
    pred_of = {i: pred.get(i, ("__single__", i)) for i in items}

    def pairs(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    tp = pairs(Counter((gold[i], pred_of[i]) for i in items))
    pp = pairs(Counter(pred_of[i] for i in items))
    gp = pairs(Counter(gold[i] for i in items))
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score_partition(gold: Mapping[str, str], pred: Mapping[str, object]) -> dict[str, float]:
    """B³ and pairwise figures together (keys ``b3_p``, ``b3_r``, ``b3_f1``, ``pair_f1``…)."""
    b3 = bcubed(gold, pred)
    pw = pairwise(gold, pred)
    return {
        "b3_p": b3["p"],
        "b3_r": b3["r"],
        "b3_f1": b3["f1"],
        "pair_p": pw["p"],
        "pair_r": pw["r"],
        "pair_f1": pw["f1"],
    }


# The baseline's cut: best mean B3 F1 over the four public sets (docs/models.md, "stories").
BASELINE_THRESHOLD = 0.22


def baseline_partition(docs: list[GoldDoc], *, threshold: float) -> dict[str, int]:
    """The TF-IDF average-link baseline: unigram TF-IDF (sublinear TF, English stop words)
    fitted on the set itself, average-link clustering on cosine, cut at ``threshold``
    similarity (as in SOURCE.md's reference numbers, without the oracle cut)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(docs) < 2:
        return {d.id: 1 for d in docs}
    tf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [d.text for d in docs]
    )
    dist = np.clip(1.0 - (tf @ tf.T).toarray(), 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    labels = fcluster(
        linkage(squareform(dist, checks=False), method="average"),
        t=1.0 - threshold,
        criterion="distance",
    )
    return {d.id: int(label) for d, label in zip(docs, labels.tolist(), strict=True)}
