"""The quotes analyzer on text written for these tests (and on the seed article)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.config import Settings
from slant.pipeline import Pipeline

FIXTURE = Path(__file__).parent.parent / "fixtures" / "quotes" / "article.txt"


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


# -- speakers: never a function word or an ordinary place; descriptions → people -----------


@pytest.fixture(scope="module")
def resolver_for(quotes_pipe):
    """``resolver_for(text)`` → (article, a fresh SpeakerResolver) after entities + quotes."""
    from slant.analyzers.quotes import SpeakerResolver

    def _make(text: str):
        article = Article(id="t", text=text)
        quotes_pipe(article, keep_doc=True)
        return article, SpeakerResolver(article)

    return _make


def _mention(text: str, mention: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    return start, start + len(mention)


def test_relative_pronoun_takes_its_antecedent_and_keeps_its_span(resolver_for):
    text = (
        "Sanders lost Ohio to Democratic rival Hillary Clinton, who added that the race was over.\n"
    )
    _, r = resolver_for(text)
    res = r.resolution(*_mention(text, "who"))
    assert res.name == "Hillary Clinton" and text[res.start : res.end] == "who"


def test_conjunction_becomes_the_subject_of_its_clause(resolver_for):
    text = "Senator Maria Lopez called the bankers greedy and said that taxes on them would rise.\n"
    _, r = resolver_for(text)
    res = r.resolution(*_mention(text, "and"))
    assert res.name == "Maria Lopez" and text[res.start : res.end] == "Senator Maria Lopez"


def test_places_speak_only_as_governments(resolver_for):
    text = (
        "Washington said the sanctions would stay. The Kremlin said that it would respond.\n"
        "Protests began as residents of Zhanaozen and Aktau opposed a rise in gas prices.\n"
        "In Aktau, shops stayed shut on Monday.\n"
    )
    _, r = resolver_for(text)
    assert r.resolve(*_mention(text, "Washington")) == "Washington"
    assert r.resolve(*_mention(text, "The Kremlin")) is not None
    wide = r.resolution(*_mention(text, "Aktau"))  # widens to the phrase it ends
    assert text[wide.start : wide.end] == "residents of Zhanaozen and Aktau"
    assert wide.name == "residents of Zhanaozen and Aktau"
    alone = r.resolution(*_mention(text, "Aktau", 1))
    assert alone.name is None and text[alone.start : alone.end] == "Aktau"


@pytest.mark.parametrize("word", ["and", "which", "who", "this", "Monday", "some", "they"])
def test_function_words_and_times_are_never_names(resolver_for, word):
    text = f"The hall was quiet. {word} said nothing on the matter, reporters noted.\n"
    _, r = resolver_for(text)
    res = r.resolution(*_mention(text, word))
    assert res.name is None and text[res.start : res.end] == word


def test_title_and_surname_resolve_to_the_full_name(resolver_for):
    text = (
        "Kazakh President Kassym-Jomart Tokayev declared that order had been restored.\n"
        "Tokayev said the troops would leave soon.\n"
        "The Kazakh president added that the protests had been an attempted coup.\n"
    )
    _, r = resolver_for(text)
    assert r.resolve(*_mention(text, "Kazakh President Kassym-Jomart Tokayev")) == (
        "Kassym-Jomart Tokayev"
    )
    assert r.resolve(*_mention(text, "Tokayev", 1)) == "Kassym-Jomart Tokayev"
    assert r.resolve(*_mention(text, "The Kazakh president")) == "Kassym-Jomart Tokayev"


def test_description_resolves_to_the_person_its_title_names(resolver_for):
    text = (
        "Russian Ambassador to US Anatoly Antonov spoke on Monday.\n"
        "Democratic candidate Hillary Clinton spoke too.\n"
        '"We will help," the Russian diplomat said.\n'
        '"We will not," the Republican candidate said.\n'
    )
    _, r = resolver_for(text)
    assert r.resolve(*_mention(text, "the Russian diplomat")) == "Anatoly Antonov"
    # a description whose capitalised words the title does not hold names itself
    assert r.resolve(*_mention(text, "the Republican candidate")) == "the Republican candidate"


def test_pronoun_takes_the_last_speaker_of_its_gender(resolver_for):
    text = (
        "Ms. Anna Berg and Mr. Tom Reed met in Oslo.\n"
        '"Prices are too high," Berg said.\n'
        '"We will act," Reed said.\n'
        '"Nobody can pay them," she added.\n'
    )
    _, r = resolver_for(text)
    for mention in ("Berg", "Reed"):
        r.resolution(*_mention(text, mention, 1))  # in text order, as refine() does
    assert r.resolve(*_mention(text, "she")) == "Anna Berg"


def test_surname_joins_the_full_name_within_the_article(run):
    text = (
        "Donald Trump held a rally in Ohio on Monday.\n"
        '"We are going to win big in November," Trump told the crowd.\n'
    )
    q = _find(run(text), "We are going to win")
    assert q["speaker"]["text"] == "Trump" and _speaker(q) == "Donald Trump"


# -- what a quote is: cue classes, teaser and duplicate flags, false quotes ------------------


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said", "speech"),
        ("has also told", "speech"),
        ("according to", "speech"),
        ("added", "speech"),
        ("believes", "thought/belief"),
        ("fears", "thought/belief"),
        ("knew", "thought/belief"),
        ("wants", "intention"),
        ("vowed", "intention"),
        ("pledged", "intention"),
        ("opposed", "other"),
        ("commenting on", "other"),
        (None, "speech"),
    ],
)
def test_cue_class_from_the_cue_lemma(cue, expected):
    from slant.analyzers.quotes import cue_class

    assert cue_class(cue, "direct" if cue is None else "indirect") == expected


def test_every_quote_carries_its_cue_class(run):
    quotes = run(
        "The Finance Ministry said that it would publish the figures next week.\n"
        "Anna Berg believes that prices will fall in the spring.\n"
        "Tom Reed vowed that he would cut taxes for small firms before the election.\n"
    )
    assert _find(quotes, "publish the figures")["cue_class"] == "speech"
    assert _find(quotes, "prices will fall")["cue_class"] == "thought/belief"
    assert _find(quotes, "cut taxes")["cue_class"] == "intention"
    assert all(q["cue_class"] in ("speech", "thought/belief", "intention", "other") for q in quotes)


def test_seed_article_flags_teaser_and_duplicate_quotes(run, seed_text):
    quotes = run(seed_text)
    teaser = _find(quotes, "May Have Played Key Role")
    # "…, Expert Says": a heading's lone noun is no speaker
    assert teaser["in_teaser"] is True and teaser["speaker"] is None
    first, copy = (q for q in quotes if "If Antony Blinken likes history" in q["text"])
    assert first["duplicate_of"] is None and copy["duplicate_of"] == first["start"]
    assert seed_text[copy["start"] : copy["end"]] == seed_text[first["start"] : first["end"]]
    assert not any(
        q["in_teaser"] or q["duplicate_of"] for q in quotes if q is not teaser and q is not copy
    )


def test_seed_article_false_quotes_and_speakers(run, seed_text):
    quotes = run(seed_text)
    texts = [q["text"] for q in quotes]
    assert "his remarks" not in texts  # "Commenting on his remarks, the ministry said"
    assert not any(t.startswith("a state of emergency") for t in texts)  # an act
    names = {_speaker(q) for q in quotes}
    assert "Aktau" not in names
    assert not names & {"and", "which", "who", "that", "it", "they"}
    assert _speaker(_find(quotes, "a two-fold increase")) == "residents of Zhanaozen and Aktau"
    assert _find(quotes, "a two-fold increase")["cue_class"] == "other"


def test_old_outputs_without_the_new_quote_fields_stay_valid(run):
    from slant.schema import validate

    art = Article(id="t", text="The talks have failed again, Prime Minister Jan Novak said.\n")
    Pipeline(Settings(only=("entities", "quotes"), language_check=False))(art)
    data = art.to_dict()
    validate(data)
    assert data["quotes"][0]["cue_class"] == "speech"
    for q in data["quotes"]:
        del q["cue_class"], q["in_teaser"], q["duplicate_of"]
    validate(data)
    again = Article.from_dict(data)
    assert again.quotes[0].cue_class is None and again.quotes[0].in_teaser is False


# -- a heading's or label's lone noun is no speaker; a stance on a thing is no speech --------


def test_a_headline_noun_is_no_speaker_and_a_headline_plural_no_name(run):
    text = (
        "Protests spread across the region on Monday.\n"
        "Foreign Groups May Have Played Key Role in Unrest, Expert Says\n"
        "Analysts Say Unrest Was Planned Weeks Ahead\n"
        "The unrest was planned, analysts said.\n"
    )
    quotes = run(text)
    expert = _find(quotes, "Foreign Groups May Have Played")
    assert expert["cue"]["text"] == "Says" and expert["speaker"] is None
    plural = _find(quotes, "Unrest Was Planned Weeks")
    assert plural["speaker"]["text"] == "Analysts" and _speaker(plural) == "analysts"


def test_a_capitalised_role_word_as_a_label_is_no_speaker(resolver_for):
    text = 'The talks ended on Friday.\nSpokesman: "We will not leave the city this year."\n'
    _, r = resolver_for(text)
    res = r.resolution(*_mention(text, "Spokesman"))
    assert res.name is None and res.kind == "label"


def test_a_surname_in_a_headline_still_takes_the_full_name(resolver_for):
    text = (
        "Senator Maria Lopez spoke in Denver on Monday about the budget.\n"
        "Lopez Says Budget Will Pass Before The Summer Recess\n"
    )
    _, r = resolver_for(text)
    assert r.resolve(*_mention(text, "Lopez", 1)) == "Maria Lopez"


@pytest.mark.parametrize(
    ("sentence", "content", "expected"),
    [
        ("Residents of Aktau opposed a two-fold increase in gas prices.", "a two-fold", "other"),
        ("Senator Maria Lopez criticized the decision to send troops.", "the decision", "other"),
        ("Senator Maria Lopez criticized the plan, saying it will fail.", "it will fail", "speech"),
        ("Senator Maria Lopez said that the plan would fail.", "the plan would fail", "speech"),
    ],
)
def test_an_attitude_towards_a_noun_phrase_is_no_speech(run, sentence, content, expected):
    q = _find(run(f"The council met on Monday.\n{sentence}\n"), content)
    assert q["cue_class"] == expected


@pytest.mark.parametrize(
    ("cue", "noun_phrase", "expected"),
    [
        ("opposed", True, "other"),
        ("has strongly criticized", True, "other"),
        ("slammed", True, "other"),
        ("criticized", False, "speech"),
        ("said", True, "speech"),
        ("described", True, "speech"),
    ],
)
def test_cue_class_of_an_attitude_verb_depends_on_its_object(cue, noun_phrase, expected):
    from slant.analyzers.quotes import cue_class

    assert cue_class(cue, "indirect", "x", noun_phrase=noun_phrase) == expected


def test_claimed_lives_is_a_death_toll_not_a_quote(run):
    text = (
        "The storm claimed 12 lives on Monday.\n"
        "Official figures show 2,034 people infected with the “medieval disease” so far in what "
        "has been described as the “worst outbreak in 50 years.” The outbreak has so far claimed "
        "at least 165 lives.\n"
        "The mayor claimed the storm was the worst in a century.\n"
    )
    quotes = run(text)
    claimed = [q["text"] for q in quotes if q["cue"] and q["cue"]["text"] == "claimed"]
    assert claimed == ["the storm was the worst in a century"], claimed
    assert not any("lives" in q["text"] for q in quotes)
    mayor = _find(quotes, "the worst in a century")  # "claimed" with a clause stays a quote
    assert _speaker(mayor) == "mayor" or mayor["speaker"]["text"] == "The mayor"


def test_a_document_saying_is_the_speaker_not_its_addressee(run):
    text = (
        "A group of nearly 90 professors has sent Rep. Paul Ryan, R-Wis., a letter saying he "
        "has misused Catholic doctrine to support his budget.\n"
        "The statement also quotes the bishops' letters to Congress saying budgets cannot rely "
        "on cuts to the poor.\n"
        "Senator Jane Smith posted a tweet saying the bill would fail.\n"
        "The campaign released a statement from her doctor declaring she is in excellent health.\n"
    )
    quotes = run(text)
    letter = _find(quotes, "misused Catholic doctrine")
    assert _speaker(letter) != "Paul Ryan"  # Ryan is the addressee, not the author
    assert text[letter["speaker"]["start"] : letter["speaker"]["end"]] == "a letter"
    bishops = _find(quotes, "budgets cannot rely")
    assert "letters" in bishops["speaker"]["text"] and _speaker(bishops) != "Congress"
    assert _speaker(_find(quotes, "the bill would fail")) == "Jane Smith"  # the subject stays
    doctor = _find(quotes, "excellent health")  # the author after "from" stays
    assert doctor["speaker"] is None or "doctor" in doctor["speaker"]["text"], doctor["speaker"]


def test_a_cue_closing_the_sentence_before_does_not_take_the_next_quote(run):
    text = (
        "During the unit on history, “the war was taught,” Branch claimed. “The students read "
        "the chapter in our textbook and discussed it in class, among other topics,” Branch "
        "said. Smith disagreed.\n"
    )
    quotes = run(text)
    chapter = [q for q in quotes if "read the chapter" in q["text"]]
    assert len(chapter) == 1, [(q["text"], q["cue"]) for q in chapter]
    assert chapter[0]["cue"]["text"] == "said"
    assert _find(quotes, "the war was taught")["cue"]["text"] == "claimed"
    text = "“We will win,” Smith said. “Tomorrow we march to the square and stay there.”\n"
    more = _find(run(text), "Tomorrow we march")  # a continuation keeps the cue before it
    assert more["cue"]["text"] == "said" and _speaker(more) == "Smith"


def test_a_cue_after_a_closed_sentence_is_not_its_quotes():
    import importlib

    from slant.annotations import Cue, Quote

    refine = importlib.import_module("slant.analyzers.quotes.refine")
    text = (
        "“My view is the same,” Mr. Romney told a station. “I don’t favor civil unions.” "
        "Asked why, he explained it."
    )
    words = text.index("I don’t"), text.index(".”", text.index("I don’t")) + 1
    told = Cue(text.index("told"), text.index("told") + 4)
    asked = Cue(text.index("Asked"), text.index("Asked") + 5)
    continuation = Quote(*words, "direct", cue=told)
    wrong = Quote(*words, "direct", cue=asked)
    assert not refine._attached(text, wrong)  # "… unions.” Asked": the sentence had ended
    assert not refine._attached(text, continuation)
    # neither cue is in the quote's sentence: both stay (nothing to choose between them)
    assert refine._without_stray_cues(text, [continuation, wrong]) == [continuation, wrong]
    said = Cue(text.index("Romney"), text.index("Romney") + 6)
    first = Quote(1, text.index(",”") + 1, "direct", cue=said)
    assert refine._attached(text, first)  # “…,” Mr. Romney told
