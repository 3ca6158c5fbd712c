"""compare_story on three real tellings of the Kazakhstan unrest, analysed by the default
pipeline: the bundled example and the two tellings of tests/fixtures/stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.readers import read_paths
from slant.stories.compare import StoryComparison, compare_story

ROOT = Path(__file__).parent.parent.parent
TELLINGS = [ROOT / "examples" / "kazakhstan_csto_2022.txt"]
TELLINGS.append(ROOT / "tests" / "fixtures" / "stories" / "tellings.jsonl")
EXAMPLE = "kazakhstan_csto_2022.txt"  # no outlet: a column named by its file


@pytest.fixture(scope="module")
def comparison(pipeline) -> StoryComparison:
    articles = [pipeline.run_one(item) for item in read_paths(TELLINGS, max_bytes=2_000_000)]
    assert all(isinstance(a, Article) for a in articles)
    return compare_story(articles)  # type: ignore[arg-type]


def test_tellings_one_column_per_outlet(comparison: StoryComparison) -> None:
    names = [col.name for col in comparison.outlets]
    assert sorted(names) == sorted(["Caspian Courier", "Steppe Wire", EXAMPLE])
    steppe = next(col for col in comparison.outlets if col.name == "Steppe Wire")
    assert steppe.articles[0].published == "2022-01-10"
    assert steppe.articles[0].headline == (
        "Kazakhstan says nearly 8,000 detained after week of unrest"
    )


def test_tellings_counts_disagree(comparison: StoryComparison) -> None:
    found = {(d.type, d.object): d for d in comparison.count_disagreements}
    arrests = {(o, v.number) for o, v in found["ARREST", "people"].values}
    assert (EXAMPLE, 3811) in arrests and ("Steppe Wire", 8000) in arrests
    assert ("Caspian Courier", 5000) in arrests  # "more than 5,000 rioters"
    killed = {(o, v.number) for o, v in found["KILL", "officer"].values}
    assert {(EXAMPLE, 13), ("Steppe Wire", 16), ("Caspian Courier", 18)} <= killed


def test_tellings_speakers_and_techniques_unique_to_each(comparison: StoryComparison) -> None:
    unique = comparison.unique_speakers
    assert "Anatoly Antonov" in unique[EXAMPLE]
    assert "Laura Fenwick" in unique["Steppe Wire"]
    assert "Yuri Volkonsky" in unique["Caspian Courier"]
    # each outlet's speakers are its own: nobody is listed as unique to two outlets
    listed = [name for names in unique.values() for name in names]
    assert len(listed) == len(set(listed))
    # a technique flagged as unique is used by that outlet and by no other
    for outlet, techniques in comparison.unique_techniques.items():
        for technique in techniques:
            users = [
                col.name
                for col in comparison.outlets
                if any(u.technique == technique for u in col.techniques)
            ]
            assert users == [outlet]
