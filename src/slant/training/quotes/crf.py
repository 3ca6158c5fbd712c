"""Training the CRF attribution tagger (cue and role models) on PolNeAR train.

crfsuite trains; the weights are exported to numpy (``attribution.npz``), so the quotes
analyzer needs no crfsuite at run time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from slant.annotations import Quote
from slant.training.quotes.polnear import Attribution, GoldDoc, holdout, read_polnear
from slant.training.quotes.scoring import predictions_from_quotes, score_documents

__all__ = [
    "TRAIN_PARAMS",
    "export_crf",
    "gold_sequences",
    "parsed_articles",
    "train_crfs",
    "train_polnear",
]

log = logging.getLogger(__name__)

#: Fixed training settings of the shipped models (crfsuite L-BFGS with elastic net).
TRAIN_PARAMS: dict[str, dict[str, float | int | bool]] = {
    "cue": {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True},
    "role": {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True},
}


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
