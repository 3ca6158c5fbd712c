"""Score Russian quotes on a hand-annotated fixture set (``slant eval quotes --lang ru``).

The set (tests/fixtures/ru/quotes.json) holds articles, each with gold quotes as
``[a substring of the content, the speaker's canonical name]``. A predicted quote matches a
gold one when its span contains the substring. Reported: how many gold quotes are found,
speaker accuracy (found with the gold speaker's name / all gold quotes), and the same on the
articles marked ``holdout`` (written after the rules were tuned on the others).
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["RU_QUOTES", "evaluate_russian_quotes"]

RU_QUOTES = Path("tests/fixtures/ru/quotes.json")


def evaluate_russian_quotes(path: Path = RU_QUOTES) -> dict[str, float]:
    """Scores of the shipped Russian quote rules on ``path`` (see the module docstring).

    Raises:
        FileNotFoundError: ``path`` does not exist.
    """
    from slant.article import Article
    from slant.config import Settings
    from slant.pipeline import Pipeline

    data = json.loads(path.read_text(encoding="utf-8"))
    pipe = Pipeline(Settings(only=("entities", "quotes"), language="ru"))
    counts = {"all": [0, 0, 0], "holdout": [0, 0, 0]}  # gold, found, right speaker
    predicted = 0
    for i, item in enumerate(data["articles"]):
        art = pipe(Article(id=str(i), text=item["text"]))
        predicted += len(art.quotes)
        groups = ["all", "holdout"] if item.get("holdout") else ["all"]
        for content, speaker in item["quotes"]:
            start = art.text.index(content)
            end = start + len(content)
            hits = [q for q in art.quotes if q.start <= start and end <= q.end]
            right = any(q.speaker is not None and q.speaker.name == speaker for q in hits)
            for g in groups:
                counts[g][0] += 1
                counts[g][1] += bool(hits)
                counts[g][2] += right
    out: dict[str, float] = {"articles": len(data["articles"]), "predicted_quotes": predicted}
    for g, (gold, found, right) in counts.items():
        if not gold:
            continue
        prefix = "" if g == "all" else "holdout_"
        out[f"{prefix}gold_quotes"] = gold
        out[f"{prefix}found"] = found / gold
        out[f"{prefix}speaker_accuracy"] = right / gold
    return out
