"""The Russian parse: natasha 1.6.0 (razdel, slovnet, navec, pymorphy2), as a spaCy ``Doc``.

natasha ships its models in its wheels (navec news embeddings, slovnet NER/morphology/syntax,
pymorphy2 dictionaries), so nothing is downloaded. The output is a real ``spacy.tokens.Doc``
over the original text (``token.idx`` are offsets into ``Article.text``; whitespace other
than one space becomes ``SPACE`` tokens, as spaCy makes them), so analyzers read the same
contract as for English: ``doc.sents``, ``token.lemma_``, ``token.pos_``, ``token.morph``,
``token.dep_``/``token.head`` and ``doc.ents``.

Levels, as in :mod:`slant.nlp.en`:

* ``"ents"``: sentences, tokens and entities;
* ``"full"``: + UD part of speech, morphology and lemmas (pymorphy2, by the tagged POS);
* ``"parse"``: + the dependency parse (slovnet syntax; UD relations, ``root`` → ``ROOT``).

Sentences: text is split at blank lines first (razdel does not split a headline from the
body across one), then at each line break that closes a sentence-like line, then razdel
splits the rest. Entities: PER → PERSON, ORG → ORG, LOC → GPE (countries, cities and
regions, which act in news: "США заявили", "Киев отказался") or LOC (continents, seas,
rivers, mountains: :data:`NATURAL_LOC`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["LEVELS", "NATURAL_LOC", "RussianParser", "blocks", "load_ru"]

LEVELS = ("ents", "full", "parse")

# Lemmas of LOC names that are places but not polities (spaCy's LOC, not GPE). A LOC span
# whose first or last lemma is here is LOC; every other LOC is GPE.
NATURAL_LOC = frozenset(
    """европа азия африка америка австралия антарктида антарктика арктика евразия
    океания скандинавия балканы балтика прибалтика кавказ закавказье сибирь урал
    ближний средний дальний восток запад север юг море океан река озеро залив пролив
    гора горы хребет полуостров остров острова пустыня долина побережье чёрный черный
    средиземноморье тихий атлантический индийский""".split()
)

# Seats of power tagged LOC that stand for their institution ("the Kremlin said"): ORG.
SEATS = frozenset({"кремль", "белый дом", "пентагон", "капитолий", "даунинг-стрит", "смольный"})

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"\n\s*")
# a line that ends like a sentence (or a headline: no final period but short)
_LINE_END = re.compile(r"[.!?…»\"”:;)]\s*$")
_HEADLINE_CHARS = 200
# slovnet's syntax parser scores every pair of a sentence's words and pads each batch to its
# longest sentence: O(n²) time and memory in a sentence's length (16,000 commas: 22 CPU-s,
# a 100,000-word "sentence" would need 40 GB). Longer sentences are parsed in pieces.
MAX_SENTENCE_TOKENS = 256


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the text blocks no sentence crosses: paragraphs separated by blank
    lines, and lines that end like a sentence, or are short (headlines, datelines) and not
    followed by a lower-case word (a hard-wrapped sentence goes on in lower case)."""
    for para_start, para_end in _split(text, 0, len(text), _BLANK):
        start = para_start
        for m in _LINE.finditer(text, para_start, para_end):
            line = text[start : m.start()]
            goes_on = m.end() < para_end and text[m.end()].islower()
            if _LINE_END.search(line) or (len(line.strip()) <= _HEADLINE_CHARS and not goes_on):
                if line.strip():
                    yield start, m.start()
                start = m.end()
        if text[start:para_end].strip():
            yield start, para_end


def _split(text: str, start: int, end: int, sep: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    for m in sep.finditer(text, start, end):
        if text[start : m.start()].strip():
            yield start, m.start()
        start = m.end()
    if text[start:end].strip():
        yield start, end


def _feats(feats: dict[str, str] | None) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted((feats or {}).items()))


class RussianParser:
    """Text → spaCy ``Doc`` with natasha's analysis at one level (see the module docstring).

    Args:
        level: ``"ents"``, ``"full"`` or ``"parse"``.
    """

    def __init__(self, level: str = "parse") -> None:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        import spacy
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
        )
        from razdel import sentenize, tokenize

        self.level = level
        self.vocab = spacy.blank("ru").vocab
        self._sentenize = sentenize
        self._tokenize = tokenize
        emb = NewsEmbedding()
        self._ner = NewsNERTagger(emb)
        self._morph = NewsMorphTagger(emb) if level != "ents" else None
        self._syntax = NewsSyntaxParser(emb) if level == "parse" else None
        self._morph_vocab = MorphVocab() if level != "ents" else None

    def sentences(self, text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """(start, end, [(token start, token end), ...]) for each sentence of ``text``."""
        out = []
        for b_start, b_end in blocks(text):
            for sent in self._sentenize(text[b_start:b_end]):
                s_start, s_end = b_start + sent.start, b_start + sent.stop
                toks = [
                    (s_start + t.start, s_start + t.stop)
                    for t in self._tokenize(text[s_start:s_end])
                ]
                for i in range(0, len(toks), MAX_SENTENCE_TOKENS):  # once, but for a run-on
                    piece = toks[i : i + MAX_SENTENCE_TOKENS]
                    start = s_start if i == 0 else piece[0][0]
                    end = s_end if i + MAX_SENTENCE_TOKENS >= len(toks) else piece[-1][1]
                    out.append((start, end, piece))
        return out

    def __call__(self, text: str) -> Doc:
        """Analyse ``text``; the ``Doc``'s text is ``text`` exactly."""
        sents = self.sentences(text)
        words_per_sent = [[text[a:b] for a, b in toks] for _, _, toks in sents]
        morph = list(self._morph.map(words_per_sent)) if self._morph else None
        syntax = list(self._syntax.map(words_per_sent)) if self._syntax else None
        spans = self._entities(text)
        return self._build(text, sents, morph, syntax, spans)

    def _entities(self, text: str) -> list[tuple[int, int, str]]:
        """natasha NER spans over each block, as (start, end, natasha type)."""
        ranges = list(blocks(text))
        found = []
        for (b_start, _), markup in zip(
            ranges, self._ner.map([text[a:b] for a, b in ranges]), strict=True
        ):
            found.extend((b_start + s.start, b_start + s.stop, s.type) for s in markup.spans)
        return found

    def _lemma(self, word: str, pos: str, feats: dict[str, str]) -> str:
        return _lemmatize(self._morph_vocab, word, pos, tuple(sorted(feats.items())))

    def _build(
        self,
        text: str,
        sents: list[tuple[int, int, list[tuple[int, int]]]],
        morph: list[Any] | None,
        syntax: list[Any] | None,
        spans: list[tuple[int, int, str]],
    ) -> Doc:
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool] = []
        pos: list[str] = []
        morphs: list[str] = []
        lemmas: list[str] = []
        heads: list[int] = []
        deps: list[str] = []
        offsets: list[int] = []

        def add_space(gap: str, at: int, attach: int | None) -> None:
            # a gap after a token: one space is the token's trailing space; more is a token
            if words and gap.startswith(" "):
                spaces[-1] = True
                gap, at = gap[1:], at + 1
            if not gap:
                return
            words.append(gap)
            spaces.append(False)
            starts.append(False if words[:-1] else True)
            pos.append("SPACE")
            morphs.append("")
            lemmas.append(gap)
            heads.append(len(words) - 1 if attach is None else attach)
            deps.append("dep")
            offsets.append(at)

        cursor = 0
        for si, (_, _, toks) in enumerate(sents):
            # whitespace between sentences hangs on the previous sentence's last word
            gap = text[cursor : toks[0][0]]
            if gap:
                add_space(gap, cursor, _last_word(pos) if words else None)
            index: list[int] = []  # doc index of each word of the sentence
            sm = morph[si].tokens if morph else None
            sx = syntax[si].tokens if syntax else None
            for ti, (a, b) in enumerate(toks):
                if ti:
                    gap = text[toks[ti - 1][1] : a]
                    if gap:
                        add_space(gap, toks[ti - 1][1], len(words) - 1)
                index.append(len(words))
                words.append(text[a:b])
                spaces.append(False)
                starts.append(ti == 0)
                offsets.append(a)
                if sm:
                    p, f = sm[ti].pos, sm[ti].feats or {}
                    pos.append(p)
                    morphs.append(_feats(f))
                    lemmas.append(self._lemma(text[a:b], p, f))
                else:
                    pos.append("")
                    morphs.append("")
                    lemmas.append("")
                heads.append(len(words) - 1)
                deps.append("")
            if sx:
                _tree(index, [int(t.head_id) for t in sx], [t.rel for t in sx], heads, deps)
            cursor = toks[-1][1]
        if cursor < len(text):
            add_space(text[cursor:], cursor, _last_word(pos) if words else None)
        if not words:  # empty or blank text: one whitespace token (or none)
            return Doc(self.vocab, words=[])
        # leading whitespace tokens point at themselves: hang them on the first word
        for i, (h, p) in enumerate(zip(heads, pos, strict=True)):
            if p == "SPACE" and h == i:
                heads[i] = next((j for j in range(i, len(pos)) if pos[j] != "SPACE"), i)
        kwargs: dict[str, Any] = {"words": words, "spaces": spaces}
        if self._syntax:
            # spaCy reads sentence boundaries from the trees; whitespace hangs on a word
            kwargs |= {"heads": heads, "deps": deps}
        else:
            kwargs["sent_starts"] = starts
        if self._morph:
            kwargs |= {"pos": [p if p else "X" for p in pos], "morphs": morphs, "lemmas": lemmas}
        doc = Doc(self.vocab, **kwargs)
        doc.ents = _ents(doc, spans)
        return doc


def _tree(
    index: list[int], head_ids: list[int], rels: list[str], heads: list[int], deps: list[str]
) -> None:
    """Write one sentence's parse into ``heads``/``deps`` as a tree with one root.

    slovnet picks each word's head independently, so a sentence may come with several
    roots or a cycle; the first root stays (or, with none, the first word of a cycle), and
    every word that does not reach it hangs on it as ``dep``.
    """
    n = len(index)
    parent = [h - 1 if 0 < h <= n and h - 1 != k else -1 for k, h in enumerate(head_ids)]
    root = next((k for k in range(n) if parent[k] < 0), 0)
    parent[root] = -1
    for k in range(n):
        seen = set()
        j = k
        while parent[j] >= 0 and j not in seen:
            seen.add(j)
            j = parent[j]
        if j != root:
            parent[k], rels[k] = root, "dep"
    for k, i in enumerate(index):
        if parent[k] < 0:
            heads[i], deps[i] = i, "ROOT"
        else:
            heads[i], deps[i] = index[parent[k]], rels[k]


def _last_word(pos: list[str]) -> int:
    return next((i for i in range(len(pos) - 1, -1, -1) if pos[i] != "SPACE"), len(pos) - 1)


def _ents(doc: Doc, spans: list[tuple[int, int, str]]) -> list[Any]:
    out = []
    last = -1
    for start, end, kind in sorted(spans):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.start < last:
            continue
        out.append(doc.char_span(start, end, label=label(kind, span), alignment_mode="expand"))
        last = span.end
    return [s for s in out if s is not None]


def label(kind: str, span: Any) -> str:
    """slant's label for a natasha entity type (LOC → GPE unless a natural place)."""
    if kind == "PER":
        return "PERSON"
    if kind == "ORG":
        return "ORG"
    words = [(t.lemma_ or t.text).lower() for t in span if not t.is_punct]
    if " ".join(words) in SEATS:
        return "ORG"
    if words and (words[0] in NATURAL_LOC or words[-1] in NATURAL_LOC):
        return "LOC"
    return "GPE"


@lru_cache(maxsize=200_000)
def _lemmatize(vocab: Any, word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    if pos in ("PUNCT", "SYM") or not any(ch.isalpha() for ch in word):
        return word
    return vocab.lemmatize(word, pos, dict(feats))


@lru_cache(maxsize=3)
def load_ru(level: str = "parse") -> Callable[[str], Doc]:
    """The Russian parser at ``level``, built once per process."""
    return RussianParser(level)
