"""Reader for SemEval-2025 Task 10 (``../shared/data/semeval2025-task10``).

* documents: ``train/<LANG>/raw-documents/<id>.txt``, read with ``newline=""`` because the
  subtask-1 offsets count ``\\r`` characters (many BG/HI/PT/RU files use CRLF);
* subtask 1 (entity framing): one mention per line, ``end`` **inclusive** in the file;
  :class:`Mention` stores a Python slice (``end`` exclusive): ``text[m.start:m.end]``;
* subtask 2 (narratives): per article the narratives and the sub-narratives (written
  ``"<narrative>: <sub>"``), ``Other`` when none; labels can repeat within a line;
* the official taxonomy: ``scorers/subtask2_narratives.txt`` and
  ``scorers/subtask2_subnarratives.txt`` (no final newline; ``Other`` is in both).

Every annotation line is parsed with ``rstrip("\\r\\n")`` (the files mix CRLF and LF).
The data is research-only (see its SOURCE.md); nothing here ships it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DATA",
    "LANGUAGES",
    "OTHER",
    "Mention",
    "NarrativeLabels",
    "Taxonomy",
    "coarse_of",
    "read_documents",
    "read_mentions",
    "read_narratives",
    "read_taxonomy",
]

DATA = Path("../shared/data/semeval2025-task10")
LANGUAGES = ("EN", "BG", "HI", "PT", "RU")
OTHER = "Other"


@dataclass(frozen=True, slots=True)
class Mention:
    """One subtask-1 mention: ``text[start:end]`` is the mention (``end`` exclusive)."""

    article_id: str
    mention: str
    start: int
    end: int
    main: str
    fine: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NarrativeLabels:
    """Subtask-2 gold of one article, as written (``("Other",)`` when none; order kept)."""

    article_id: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The official label lists, in file order (``Other`` included, as the scorer has it)."""

    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]

    def children(self, narrative: str) -> tuple[str, ...]:
        """Sub-narratives of ``narrative`` (full ``"<narrative>: <sub>"`` strings)."""
        prefix = narrative + ": "
        return tuple(s for s in self.subnarratives if s.startswith(prefix))


def coarse_of(subnarrative: str, narratives: tuple[str, ...] | list[str]) -> str | None:
    """The narrative a full sub-narrative label belongs to (longest matching prefix)."""
    best: str | None = None
    for n in narratives:
        if (
            n != OTHER
            and subnarrative.startswith(n + ": ")
            and (best is None or len(n) > len(best))
        ):
            best = n
    return best


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def _lines(path: Path) -> list[str]:
    text = _read(path)
    return [line.rstrip("\r\n") for line in text.split("\n") if line.rstrip("\r\n")]


def _lang_dir(lang: str, split: str, data_dir: Path) -> Path:
    lang = lang.upper()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown SemEval-2025 language {lang!r}; expected one of {LANGUAGES}")
    return data_dir / split / lang


def read_documents(
    lang: str = "EN", *, split: str = "train", data_dir: Path = DATA
) -> dict[str, str]:
    """Every raw document of a language: file name (``EN_UA_000923.txt``) -> exact text.

    Args:
        lang: ``EN``, ``BG``, ``HI``, ``PT`` or ``RU`` (case-insensitive).
        split: the split folder (only ``train`` is in this copy).
        data_dir: the corpus folder.

    Returns:
        Ids in sorted order mapped to the text, ``\\r`` kept.
    """
    folder = _lang_dir(lang, split, data_dir) / "raw-documents"
    return {p.name: _read(p) for p in sorted(folder.glob("*.txt"))}


def read_mentions(
    lang: str = "EN", *, split: str = "train", data_dir: Path = DATA
) -> list[Mention]:
    """Subtask-1 gold mentions in file order (the file's inclusive ``end`` made exclusive)."""
    path = _lang_dir(lang, split, data_dir) / "subtask-1-annotations.txt"
    out: list[Mention] = []
    for line in _lines(path):
        parts = line.split("\t")
        if len(parts) < 5:
            raise ValueError(f"{path}: malformed line {line!r}")
        art, mention, start, end, main, *fine = parts
        out.append(
            Mention(art, mention, int(start), int(end) + 1, main, tuple(f for f in fine if f))
        )
    return out


def read_narratives(
    lang: str = "EN", *, split: str = "train", data_dir: Path = DATA
) -> list[NarrativeLabels]:
    """Subtask-2 gold in file order (the official scorer pairs rows by order)."""
    path = _lang_dir(lang, split, data_dir) / "subtask-2-annotations.txt"
    out: list[NarrativeLabels] = []
    for line in _lines(path):
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path}: malformed line {line!r}")
        art, coarse, fine = parts
        out.append(
            NarrativeLabels(
                art,
                tuple(x.strip() for x in coarse.split(";") if x.strip()),
                tuple(x.strip() for x in fine.split(";") if x.strip()),
            )
        )
    return out


def read_taxonomy(data_dir: Path = DATA) -> Taxonomy:
    """The official narrative and sub-narrative lists (``scorers/subtask2_*.txt``).

    The scorer reads them with ``read().split("\\n")`` and ignores any label not listed
    (four sub-narratives of the gold are missing from the official list; see SOURCE.md).
    """
    folder = data_dir / "scorers"
    narratives = tuple(
        x.rstrip("\r") for x in _read(folder / "subtask2_narratives.txt").split("\n") if x.strip()
    )
    subs = tuple(
        x.rstrip("\r")
        for x in _read(folder / "subtask2_subnarratives.txt").split("\n")
        if x.strip()
    )
    return Taxonomy(narratives, subs)
