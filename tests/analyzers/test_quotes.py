"""The quotes analyzer on text written for these tests (and on the seed article)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "quotes" / "article.txt"


@pytest.fixture(scope="module")
def run():
    pipe = Pipeline(Settings(only=("entities", "quotes"), language_check=False))

    def _run(text: str) -> list[dict]:
        article = Article(id="t", text=text)
        pipe(article)
        article.check()
        return article.to_dict()["quotes"]

    return _run


def _find(quotes: list[dict], fragment: str) -> dict:
    hits = [q for q in quotes if fragment in q["text"]]
    assert len(hits) == 1, (fragment, [q["text"] for q in quotes])
    return hits[0]


def _speaker(q: dict) -> str | None:
    return q["speaker"]["name"] if q["speaker"] else None


def test_straight_quotes_split_around_the_cue_share_cue_and_speaker(run):
    text = (
        'Maria Lopez spoke on Monday.\n"We have the votes," Lopez told reporters. '
        '"The bill is fair."\n'
    )
    quotes = run(text)
    first, second = _find(quotes, "We have the votes"), _find(quotes, "The bill is fair")
    assert first["kind"] == second["kind"] == "direct"
    assert first["cue"] == second["cue"] and first["cue"]["text"] == "told"
    assert first["speaker"] == second["speaker"]
    assert _speaker(first) == "Maria Lopez" and first["speaker"]["text"] == "Lopez"


@pytest.mark.parametrize(
    ("opening", "closing"), [("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"), ('"', '"')]
)
def test_every_kind_of_quote_mark(run, opening, closing):
    text = (
        f"{opening}The reform is a mistake that will cost families dearly,{closing} "
        "Tom Reed said.\n"
    )
    q = _find(run(text), "The reform is a mistake")
    assert q["text"] == "The reform is a mistake that will cost families dearly,"
    assert q["kind"] == "direct" and q["cue"]["text"] == "said"
    assert _speaker(q) == "Tom Reed"


def test_multi_sentence_quote_is_one_span(run):
    text = 'Anna Berg said: "Prices are too high. Nobody can pay them. We will act."\n'
    q = _find(run(text), "Prices are too high")
    assert q["text"] == "Prices are too high. Nobody can pay them. We will act."
    assert q["cue"]["text"] == "said" and _speaker(q) == "Anna Berg"


def test_indirect_said_that_and_according_to(run):
    quotes = run(
        "The Finance Ministry said that it would publish the figures next week.\n"
        "Prices will rise in the spring, according to the central bank.\n"
    )
    said = _find(quotes, "publish the figures")
    assert said["kind"] == "indirect" and said["text"].startswith("that it would")
    assert _speaker(said) == "Finance Ministry"
    acc = _find(quotes, "Prices will rise")
    assert acc["kind"] == "indirect" and acc["cue"]["text"] == "according to"
    assert acc["text"] == "Prices will rise in the spring"
    assert acc["speaker"]["text"] == "the central bank"


def test_sentence_final_cue_takes_the_sentence_before_it(run):
    q = _find(run("The talks have failed again, Prime Minister Jan Novak said.\n"), "talks")
    assert q["text"] == "The talks have failed again" and _speaker(q) == "Jan Novak"


def test_mixed_quote_embeds_a_quoted_fragment(run):
    text = (
        "The Finance Ministry published its figures.\n"
        "The ministry also warned that the deficit could grow “far beyond what anyone "
        "expects” by December.\n"
    )
    q = _find(run(text), "far beyond")
    assert q["kind"] == "mixed"
    assert q["text"].startswith("that the deficit") and q["text"].endswith("by December")
    assert q["speaker"]["text"] == "The ministry" and _speaker(q) == "Finance Ministry"


def test_pronoun_and_title_resolve_across_paragraphs(run):
    quotes = run(FIXTURE.read_text(encoding="utf-8"))
    assert _speaker(_find(quotes, "the budget would pass")) == "Maria Lopez"
    added = _find(quotes, "Nobody in this chamber")
    assert added["speaker"]["text"] == "she" and _speaker(added) == "Maria Lopez"
    assert _speaker(_find(quotes, "far beyond")) == "Finance Ministry"


def test_description_without_referent_names_itself(run):
    q = _find(run(FIXTURE.read_text(encoding="utf-8")), "The reform is a mistake")
    assert q["speaker"]["text"] == "the opposition spokesman"
    assert _speaker(q) == "the opposition spokesman"


def test_unresolvable_pronoun_keeps_its_span_without_a_name(run):
    q = _find(run(FIXTURE.read_text(encoding="utf-8")), "Someone will have to pay")
    assert q["speaker"]["text"] == "they" and q["speaker"]["name"] is None


def test_quote_without_any_cue_has_no_speaker(run):
    text = (
        "The hall was quiet before the vote.\n"
        "“Nobody here expected the vote to end in such a bitter way tonight.”\n"
    )
    q = _find(run(text), "Nobody here expected")
    assert q["kind"] == "direct" and q["speaker"] is None and q["cue"] is None


def test_scare_quotes_are_not_quotes(run):
    assert run("The so-called “reform” was passed by the council on Monday.\n") == []


def test_seed_article_speakers(run, seed_text):
    quotes = run(seed_text)
    expect = {
        "Russia views the externally": "Anatoly Antonov",
        "As for Washington’s role": "Anatoly Antonov",
        "NATO’s expansion eastwards": "Anatoly Antonov",
        "once Russians are in your house": "Antony Blinken",
        "made a joke about": "Russian Foreign Ministry",
    }
    for fragment, name in expect.items():
        assert _speaker(_find(quotes, fragment)) == name, fragment
    # paragraph 9 duplicates paragraph 8: both copies are reported, with the same speaker
    spokeswoman = [q for q in quotes if "If Antony Blinken likes history" in q["text"]]
    assert len(spokeswoman) == 2
    assert {_speaker(q) for q in spokeswoman} == {"the foreign ministry spokeswoman"}


def test_batched_viterbi_matches_brute_force():
    import itertools

    import numpy as np

    from slant.analyzers.quotes import LinearCRF

    rng = np.random.default_rng(7)
    crf = LinearCRF(["N", "O", "S"], ["a"], np.zeros((1, 3)), rng.normal(size=(3, 3)))
    emits = [rng.normal(size=(n, 3)) for n in (1, 4, 2, 5)]  # padded to 5 inside

    def best(e: np.ndarray) -> list[str]:
        def score(path: tuple[int, ...]) -> float:
            s = sum(e[i, j] for i, j in enumerate(path))
            return s + sum(crf.trans[a, b] for a, b in itertools.pairwise(path))

        top = max(itertools.product(range(3), repeat=len(e)), key=score)
        return [crf.labels[j] for j in top]

    assert crf.viterbi(emits) == [best(e) for e in emits]


def test_quotes_rules_method_still_available():
    pipe = Pipeline(
        Settings(
            only=("entities", "quotes"),
            language_check=False,
            analyzers={"quotes": {"method": "rules"}},
        )
    )
    art = Article(id="t", text="The talks have failed again, Prime Minister Jan Novak said.\n")
    pipe(art)
    (q,) = art.quotes
    assert art.text[q.start : q.end] == "The talks have failed again"
    assert q.speaker is not None and q.speaker.name == "Jan Novak"


def test_unknown_method_and_missing_model_are_clear_errors(tmp_path):
    from slant.analyzers.quotes import QuotesAnalyzer
    from slant.errors import ResourceError, UsageError

    with pytest.raises(UsageError):
        QuotesAnalyzer(method="neural")
    with pytest.raises(ResourceError, match="slant train quotes"):
        QuotesAnalyzer(model_dir=str(tmp_path)).initialize()


def test_seed_article_mentions_are_clean_noun_phrases(run, seed_text):
    quotes = run(seed_text)
    nato = _find(quotes, "NATO’s expansion eastwards")
    assert nato["kind"] == "mixed" and nato["speaker"]["text"] == "The diplomat"
    assert nato["cue"]["text"] == "added"
    house = _find(quotes, "once Russians are in your house")
    assert house["speaker"]["text"] == "Blinken" and house["cue"]["text"] == "adding"
