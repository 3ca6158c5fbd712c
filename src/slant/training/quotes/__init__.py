"""PolNeAR gold reader, the quote-attribution scorer behind ``slant eval quotes``, and
the training of the CRF attribution tagger (``slant train quotes``).

The parts: :mod:`.polnear` reads the gold relations (brat standoff), :mod:`.scoring`
scores predicted quotes against them (content, cue, speaker, per quote kind),
:mod:`.crf` trains the tagger. This module runs the analyzer on a split
(:func:`evaluate_polnear`), measures the annotators' own agreement
(:func:`annotator_agreement`), and re-exports the parts' names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from slant.training.quotes.crf import TRAIN_PARAMS as TRAIN_PARAMS
from slant.training.quotes.crf import export_crf as export_crf
from slant.training.quotes.crf import gold_sequences as gold_sequences
from slant.training.quotes.crf import parsed_articles as parsed_articles
from slant.training.quotes.crf import train_crfs as train_crfs
from slant.training.quotes.crf import train_polnear as train_polnear
from slant.training.quotes.polnear import (
    Attribution,
    GoldDoc,
    annotations_by_article,
    read_polnear,
)
from slant.training.quotes.polnear import Ranges as Ranges
from slant.training.quotes.polnear import holdout as holdout
from slant.training.quotes.polnear import parse_ann as parse_ann
from slant.training.quotes.scoring import KINDS as KINDS
from slant.training.quotes.scoring import (
    Scores,
    content_kind,
    predictions_from_quotes,
    score_documents,
)

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
