"""Gold readers for the persuasion-technique corpora in ``../shared/data``.

* SemEval-2023 Task 3 subtask 3 (six languages): paragraph labels and technique spans;
* SemEval-2020 Task 11 PTC (English): SI spans and TC/FLC technique spans (14 labels);
* NLP4IF-2019 PTC v1 (English): FLC spans with the 18 original labels.

Every file is read with ``newline=""``: many non-English SemEval-2023 articles use CRLF and
their offsets count the ``\\r``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from slant.labels import NLP4IF2019_TO_2023, SEMEVAL2020_TO_2023

__all__ = [
    "LANGUAGES",
    "GoldArticle",
    "english_dev_ids",
    "read_line_labels",
    "read_nlp4if2019",
    "read_ptc2020",
    "read_semeval2023",
    "spans_to_2023",
]

LANGUAGES = ("en", "fr", "ge", "it", "po", "ru")
_ARTICLE = re.compile(r"article(\d+)\.txt$")


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold article: its text, technique spans and (SemEval-2023 only) line labels.

    ``spans`` hold ``(technique, start, end)`` in the corpus's own label set;
    ``lines`` maps a 1-based line number to its technique labels (every template row).
    """

    id: str
    text: str
    language: str = "en"
    corpus: str = "semeval2023"
    spans: tuple[tuple[str, int, int], ...] = ()
    lines: dict[int, tuple[str, ...]] = field(default_factory=dict)


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def _read_span_file(path: Path, *, with_label: bool = True) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    if not path.exists():
        return spans
    for row in _read(path).splitlines():
        parts = row.split("\t")  # labels contain commas: split on TAB only
        if len(parts) < 3:
            continue
        if with_label:
            spans.append((parts[1], int(parts[2]), int(parts[3])))
        else:
            spans.append(("propaganda", int(parts[1]), int(parts[2])))
    return spans


def read_line_labels(path: Path) -> dict[str, dict[int, tuple[str, ...]]]:
    """``{article id: {line number: techniques}}`` of a SemEval-2023 subtask-3 line-labels
    file (id, line, comma-separated techniques; a line without techniques maps to ())."""
    out: dict[str, dict[int, tuple[str, ...]]] = {}
    for row in _read(path).splitlines():
        parts = row.split("\t")
        if len(parts) < 2 or not parts[1].strip():
            continue
        labels = tuple(x for x in (parts[2].split(",") if len(parts) > 2 else []) if x)
        out.setdefault(parts[0], {})[int(parts[1])] = labels
    return out


def english_dev_ids(root: Path) -> list[str]:
    """The 75 PTC-dev article ids used as the SemEval-2023 English dev split."""
    path = root / "semeval2023-task3" / "en" / "suggested-dev-ids-from-ptc-dev.txt"
    return [x.strip() for x in _read(path).split() if x.strip()]


def read_semeval2023(
    root: Path, language: str = "en", split: str = "train", ids: Iterable[str] | None = None
) -> list[GoldArticle]:
    """SemEval-2023 subtask-3 articles of one language and split, with spans and line labels.

    Args:
        root: the ``shared/data`` folder.
        language: one of :data:`LANGUAGES`.
        split: ``train`` or ``dev`` (English has no dev here: use :func:`english_dev_ids`).
        ids: keep only these article ids.
    """
    base = root / "semeval2023-task3" / language
    keep = set(ids) if ids is not None else None
    lines = read_line_labels(base / f"{split}-labels-subtask-3.txt")
    out: list[GoldArticle] = []
    for path in sorted((base / f"{split}-articles-subtask-3").glob("article*.txt")):
        m = _ARTICLE.search(path.name)
        if m is None or (keep is not None and m.group(1) not in keep):
            continue
        aid = m.group(1)
        spans = _read_span_file(
            base / f"{split}-labels-subtask-3-spans" / f"article{aid}-labels-subtask-3.txt"
        )
        out.append(
            GoldArticle(
                id=aid,
                text=_read(path),
                language=language,
                corpus="semeval2023",
                spans=tuple(spans),
                lines=lines.get(aid, {}),
            )
        )
    return out


def read_ptc2020(root: Path, split: str = "train", *, task: str = "tc") -> list[GoldArticle]:
    """SemEval-2020 PTC articles with ``tc`` spans (14 labels) or ``si`` spans (no label)."""
    base = root / "semeval2020-task11-ptc"
    out: list[GoldArticle] = []
    for path in sorted((base / f"{split}-articles").glob("article*.txt")):
        m = _ARTICLE.search(path.name)
        if m is None:
            continue
        aid = m.group(1)
        if task == "si":
            spans = _read_span_file(
                base / f"{split}-labels-task-si" / f"article{aid}.task-si.labels",
                with_label=False,
            )
        else:
            spans = _read_span_file(
                base / f"{split}-labels-task-flc-tc" / f"article{aid}.task-flc-tc.labels"
            )
        out.append(GoldArticle(id=aid, text=_read(path), corpus="ptc2020", spans=tuple(spans)))
    return out


def read_nlp4if2019(root: Path) -> list[GoldArticle]:
    """NLP4IF-2019 training articles with FLC spans (18 original labels)."""
    base = root / "nlp4if2019-ptc-v1"
    out: list[GoldArticle] = []
    for path in sorted((base / "train-articles").glob("article*.txt")):
        m = _ARTICLE.search(path.name)
        if m is None:
            continue
        aid = m.group(1)
        spans = _read_span_file(base / "train-labels-FLC" / f"article{aid}.task-FLC.labels")
        out.append(GoldArticle(id=aid, text=_read(path), corpus="nlp4if2019", spans=tuple(spans)))
    return out


# The merged SemEval-2020 classes fall back to their majority member in NLP4IF-2019
# (Reductio_ad_hitlerum 54 vs Bandwagon 13; Whataboutism 57, Red_Herring 33, Straw_Men 13).
MERGED_DEFAULT = {
    "Bandwagon,Reductio_ad_hitlerum": "Guilt_by_Association",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism",
}


def spans_to_2023(article: GoldArticle, hints: GoldArticle | None = None) -> GoldArticle:
    """The article with its spans mapped onto the SemEval-2023 labels.

    A span of a merged SemEval-2020 class takes the specific label of an overlapping
    NLP4IF-2019 span of the same article (``hints``, same text) when there is one, else
    the majority member (:data:`MERGED_DEFAULT`).
    """
    if article.corpus == "semeval2023":
        return article
    mapping = SEMEVAL2020_TO_2023 if article.corpus == "ptc2020" else NLP4IF2019_TO_2023
    specific = []
    if hints is not None and hints.text == article.text:
        specific = [
            (NLP4IF2019_TO_2023[t], s, e) for t, s, e in hints.spans if t in NLP4IF2019_TO_2023
        ]
    spans = []
    for t, s, e in article.spans:
        if t in MERGED_DEFAULT:
            members = {
                "Bandwagon,Reductio_ad_hitlerum": {"Appeal_to_Popularity", "Guilt_by_Association"},
                "Whataboutism,Straw_Men,Red_Herring": {"Whataboutism", "Straw_Man", "Red_Herring"},
            }[t]
            hit = [x for x, hs, he in specific if x in members and hs < e and s < he]
            spans.append((hit[0] if hit else MERGED_DEFAULT[t], s, e))
        elif t in mapping:
            spans.append((mapping[t], s, e))
    spans_t = tuple(spans)
    return GoldArticle(
        id=article.id,
        text=article.text,
        language=article.language,
        corpus=article.corpus,
        spans=spans_t,
        lines=article.lines,
    )
