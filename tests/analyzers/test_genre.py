"""The genre analyzer: label set, prior-shifted scores whose top is the label, two plain pieces."""

from __future__ import annotations

import pytest

from slant.analyzers.genre import GenreAnalyzer
from slant.article import Article
from slant.labels import GENRES

OPINION = """Enough Is Enough: Washington Has Betrayed Us Again

I have watched this circus for years, and I am sick of it.
Our so-called leaders in Congress think we are stupid. They lie to our faces, they spend \
our money on their pet projects, and then they have the nerve to lecture us about \
responsibility.
Let me be blunt: this is a disgrace.
Every patriot in this country should be furious. We were promised a government that works \
for the people, and instead we got a swamp of career politicians who care only about their \
own power.
Why do we keep tolerating this? Why do we keep re-electing the same cowards?
The truth is simple. They will never change unless we force them to. Call your \
representative. Refuse to be silent. Our children deserve better than this rotten, corrupt \
system.
"""

WIRE = """Senate passes spending bill, sending it to the president

WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $1.2 trillion spending bill by a \
vote of 74 to 24, sending the measure to the White House ahead of a Friday deadline, \
according to the Senate clerk.
The bill funds federal agencies through the end of September, Senate Majority Leader Chuck \
Schumer told reporters after the vote.
"This is a bipartisan agreement," Schumer said in a statement.
The White House said the president would sign the measure on Wednesday.
The House of Representatives approved the legislation last week, 286 to 134.
The Congressional Budget Office estimated on Monday that the bill would add $45 billion to \
the deficit over ten years.
Reporting by Jane Smith; Editing by John Doe
"""


@pytest.fixture(scope="module")
def genre() -> GenreAnalyzer:
    analyzer = GenreAnalyzer()
    analyzer.initialize()
    return analyzer


def test_genre_registered_as_default_article_analyzer() -> None:
    from slant import analyzers as registry

    assert registry.get("genre") is GenreAnalyzer
    assert GenreAnalyzer.assigns == frozenset({"genre"})
    assert GenreAnalyzer.requires == frozenset()
    assert "genre" in registry.default_names()


def test_genre_model_labels_are_the_semeval_genres(genre: GenreAnalyzer) -> None:
    assert genre.model_.labels == GENRES
    assert genre.model_.kind == "multiclass"
    # decision weights: opinion (the majority) fixed at 1, rare classes favoured
    assert genre.model_.thresholds[GENRES.index("opinion")] == 1.0
    assert (genre.model_.thresholds >= 1.0).all()


@pytest.mark.parametrize(("text", "expected"), [(OPINION, "opinion"), (WIRE, "reporting")])
def test_genre_of_plain_opinion_and_wire_report(
    genre: GenreAnalyzer, text: str, expected: str
) -> None:
    art = Article(id="g", text=text)
    genre(art)
    assert art.genre is not None
    assert art.genre.label == expected
    assert set(art.genre.scores) == set(GENRES)
    assert sum(art.genre.scores.values()) == pytest.approx(1.0, abs=1e-3)
    assert all(0.0 <= s <= 1.0 for s in art.genre.scores.values())


def test_genre_wire_report_scores_higher_on_reporting_than_the_column(
    genre: GenreAnalyzer,
) -> None:
    wire, column = Article(id="w", text=WIRE), Article(id="o", text=OPINION)
    genre(wire)
    genre(column)
    assert wire.genre and column.genre
    assert wire.genre.scores["reporting"] > column.genre.scores["reporting"]
    assert column.genre.scores["opinion"] > wire.genre.scores["opinion"]


@pytest.mark.parametrize("text", [OPINION, WIRE, OPINION.split("\n", 2)[2], WIRE[:400]])
def test_genre_label_is_the_top_score_shown(genre: GenreAnalyzer, text: str) -> None:
    art = Article(id="g", text=text)
    genre(art)
    assert art.genre is not None
    assert art.genre.scores[art.genre.label] == max(art.genre.scores.values())


def test_genre_scores_are_the_calibrated_probabilities_with_the_prior_shifted(
    genre: GenreAnalyzer,
) -> None:
    import numpy as np

    art = Article(id="w", text=WIRE)
    genre(art)
    assert art.genre is not None
    p = genre.model_.probabilities(WIRE)
    w = genre.model_.thresholds
    expected = p * w / (p * w).sum()
    got = np.array([art.genre.scores[g] for g in genre.model_.labels])
    assert got == pytest.approx(expected, abs=1e-4)
    # the wire report wins on reporting only because of the shift: the training set is
    # 90 % opinion, and its calibrated probabilities say opinion
    assert genre.model_.labels[int(np.argmax(p))] == "opinion"
    assert art.genre.label == "reporting"


def test_shift_prior_and_decision_agree() -> None:
    import numpy as np

    from slant.analyzers.article_model import decide_multiclass, shift_prior

    p = np.array([[0.17, 0.82, 0.01], [0.05, 0.9, 0.05], [0.3, 0.3, 0.4]])
    w = np.array([6.0, 1.0, 6.0])
    q = shift_prior(p, w)
    assert q.sum(axis=1) == pytest.approx(np.ones(3))
    assert q[0] == pytest.approx(np.array([1.02, 0.82, 0.06]) / 1.9)
    assert list(decide_multiclass(p, w)) == list(np.argmax(q, axis=1)) == [0, 1, 2]
    assert shift_prior(p, np.ones(3)) == pytest.approx(p / p.sum(axis=1, keepdims=True))


def test_genre_missing_model_is_a_resource_error(tmp_path) -> None:
    from slant.errors import ResourceError

    with pytest.raises(ResourceError, match="slant train genre"):
        GenreAnalyzer(model=str(tmp_path / "none.npz")).initialize()
