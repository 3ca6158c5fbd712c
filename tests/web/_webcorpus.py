"""Hand-built analysed articles and fixture paths for the web tests."""

from __future__ import annotations

from pathlib import Path

from slant.annotations import (
    Count,
    Cue,
    Entity,
    FrameScore,
    Geo,
    Label,
    Paragraph,
    Quote,
    Speaker,
    TechniqueSpan,
)
from slant.article import Article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "web"
MAX_BYTES = 4000  # small limits so the size tests send small bodies

BODY = (
    "Almaty Police Detain Protesters\n"
    "\n"
    "Police in Almaty detained 40 people on Friday, the ministry said.\n"
    '"These shameful riots were organised from abroad," Erlan Turgumbayev said.\n'
    "Report number {i}. {extra}\n"
)


def make_article(i: int, outlet: str, published: str, extra: str = "") -> Article:
    """A hand-built analysed article: overlapping techniques, a quote, a place, a count."""
    text = BODY.format(i=i, extra=extra)
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:n]) for n in range(len(lines))]
    paragraphs = [
        Paragraph(n + 1, starts[n], starts[n] + len(lines[n]), "title" if n == 0 else "body")
        for n in range(len(lines))
        if lines[n]
    ]
    shameful = text.index("shameful")
    riots_end = text.index("riots") + len("riots")
    abroad_end = text.index("abroad") + len("abroad")
    quote_start = text.index('"These') + 1
    said = text.index("said.", quote_start)
    name = text.index("Erlan")
    almaty = text.index("Almaty", 10)
    forty = text.index("40 people")
    return Article(
        id=f"a{i}",
        text=text,
        source=f"feed.jsonl:{i}",
        title="Almaty Police Detain Protesters",
        meta={"outlet": outlet, "published": published, "language": "en"},
        paragraphs=paragraphs,
        techniques=[
            TechniqueSpan("Loaded_Language", shameful, shameful + len("shameful"), 0.91),
            TechniqueSpan("Name_Calling-Labeling", shameful, riots_end, 0.62),
            TechniqueSpan("Appeal_to_Fear-Prejudice", text.index("organised"), abroad_end, 0.55),
        ],
        genre=Label("reporting", {"reporting": 0.8, "opinion": 0.15, "satire": 0.05}),
        frames=[FrameScore("Security_and_defense", 0.7)],
        quotes=[
            Quote(
                quote_start,
                abroad_end + 1,
                "direct",
                Cue(said, said + 4),
                Speaker("Erlan Turgumbayev", name, name + len("Erlan Turgumbayev")),
            )
        ],
        entities=[
            Entity(almaty, almaty + 6, "GPE", "Almaty", Geo("Almaty", "KZ", 43.25, 76.95, 1526384)),
            Entity(name, name + 17, "PERSON", "Erlan Turgumbayev"),
        ],
        counts=[Count("ARREST", 40.0, "people", forty, forty + 9)],
        tone={"tone": -2.5, "word_count": 30.0},
        analyzers=["entities", "places", "quotes", "techniques", "counts", "tone"],
    )


CORPUS = [
    ("RT", "2022-01-07", "Moscow blamed foreign agents."),
    ("RT", "2022-02-03", "Tokayev thanked the allies."),
    ("BBC", "2022-01-10", "Tanks rolled through Almaty."),
    ("BBC", "2022-01-11", "Internet access was restored."),
    ("TASS", "2022-03-01", "Peacekeepers began to leave."),
]
