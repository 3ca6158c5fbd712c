"""Experiment (not shipped, never run in CI): the CRF's quotes plus the MiniLM tagger's.

Does the fine-tuned MiniLM attribution tagger (``slant train attribution``) know something
the shipped CRF does not? Runs the CRF analyzer on the PolNeAR train hold-out
(:func:`slant.training.quotes.holdout`; dev is never read), then adds the MiniLM quotes whose
content and cue overlap no CRF quote (``union``), or only those of one kind
(``union-indirect``), and scores each with the ``slant eval quotes`` scorer::

    python experiments/quote_minilm_union.py ../shared/data/polnear runs/attribution

Both taggers run, so this is a measurement of complementarity, not a shippable speed.
"""

from __future__ import annotations

import sys

from slant.analyzers.quotes import AttributionTagger, QuotesAnalyzer, minilm_quotes
from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline
from slant.training.quotes import (
    holdout,
    predictions_from_quotes,
    read_polnear,
    score_documents,
)


def _overlaps(q, others) -> bool:  # type: ignore[no-untyped-def]
    mine = [(q.start, q.end)] + ([(q.cue.start, q.cue.end)] if q.cue else [])
    theirs = [(o.start, o.end) for o in others] + [
        (o.cue.start, o.cue.end) for o in others if o.cue
    ]
    return any(s < e2 and s2 < e for s, e in mine for s2, e2 in theirs)


def main() -> None:
    data, model = sys.argv[1], sys.argv[2]
    docs = [d for d in read_polnear(data, "train") if holdout(d.id)]
    pipe = Pipeline(Settings(only=("entities", "quotes"), language_check=False))
    pipe.initialize()
    rules = QuotesAnalyzer(method="rules")
    tagger = AttributionTagger(model)
    rows: dict[str, list] = {"crf": [], "union": [], "union-indirect": []}
    for d in docs:
        art = Article(id=d.id, text=d.text)
        pipe(art, keep_doc=True)
        crf = list(art.quotes)
        mini = minilm_quotes(art, rules.rule_quotes(art), tagger, merge_rules=False)
        extra = [q for q in mini if not _overlaps(q, crf)]
        for name, qs in (
            ("crf", crf),
            ("union", crf + extra),
            ("union-indirect", crf + [q for q in extra if q.kind == "indirect"]),
        ):
            rows[name].append((d.text, d.attributions, predictions_from_quotes(qs)))
    for name, triples in rows.items():
        s = score_documents(triples).as_dict()
        print(
            name,
            *(
                f"{k}={s[k]:.4f}"
                for k in (
                    "content_overlap_f1",
                    "content_overlap_p",
                    "content_overlap_r",
                    "speaker_f1",
                    "direct_content_overlap_f1",
                    "indirect_content_overlap_f1",
                    "mixed_content_overlap_f1",
                )
            ),
        )


if __name__ == "__main__":
    main()
