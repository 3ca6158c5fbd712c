"""PolNeAR gold reader: articles and their attribution relations.

PolNeAR (Newell et al., LREC 2018) annotates *attribution relations* in brat standoff:
``T`` lines hold ``Source``/``Cue``/``Content`` spans (possibly discontinuous, ``a b;c d``)
and ``E`` lines link one Content to its Cue and (optional) Source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Attribution",
    "GoldDoc",
    "Ranges",
    "annotations_by_article",
    "holdout",
    "parse_ann",
    "read_polnear",
]

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


def holdout(doc_id: str, every: int = 10) -> bool:
    """True for the train articles held out for tuning (a fixed tenth, by name hash)."""
    import zlib

    return zlib.crc32(doc_id.encode("utf-8")) % every == 0
