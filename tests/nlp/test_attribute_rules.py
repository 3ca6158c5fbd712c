"""The numpy attribute rules give the doc spaCy's AttributeRuler gives, attribute for attribute.

slant.nlp.load_nlp runs the model's attribute ruler patterns as
:class:`slant.nlp.attrs.AttributeRules` instead of spaCy's Matcher-based component. These
tests parse real text with both and compare every token attribute the ruler can set (and
those the rest of the pipeline sets after it), at both parse levels that run it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from slant.nlp.attrs import AttributeRules, read_patterns
from slant.nlp.en import LEVELS, load_nlp, model_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kazakhstan_csto_2022.txt"
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
# Text that reaches the ruler's exceptions: whitespace tokens (tagged "_SP" by a rule),
# "that" as a relative pronoun and a conjunction, contractions ("ain't", "y'all",
# "nothin'"), auxiliaries, indefinite pronouns tagged NN, proper nouns in both numbers.
TRICKY = (
    "The  Kremlin said that it ain't over, y'all.\n\n  Nothin' was agreed; "
    "something that he'd said\tdoes matter.  Anyone who has doubts should ask "
    "the Smiths and the United Nations.\r\n"
    "There is a report that I'd read: they've been told it's \"fake news\" - "
    "but we'll see.   Whether or not, 'cause she won't, does anything change?\n"
)


def _ruler_nlp(level: str):
    """The pipeline as spaCy builds it, with its own AttributeRuler."""
    import spacy

    nlp = spacy.load(model_path(), exclude=LEVELS[level])
    if level == "full":
        nlp.enable_pipe("senter")
    return nlp


@pytest.fixture(scope="module", params=["full", "parse"])
def pair(request: pytest.FixtureRequest):
    level = request.param
    fast = load_nlp(level)
    assert "attribute_rules" in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    return _ruler_nlp(level), fast


@pytest.mark.parametrize("which", ["example", "tricky"])
def test_same_attributes_as_the_attribute_ruler(pair, which: str) -> None:
    ruler_nlp, fast_nlp = pair
    text = EXAMPLE.read_text(encoding="utf-8") if which == "example" else TRICKY
    a, b = ruler_nlp(text), fast_nlp(text)
    assert [t.text for t in a] == [t.text for t in b]
    assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
    assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
    assert [(t.lemma_, t.pos_, t.tag_) for t in a] == [(t.lemma_, t.pos_, t.tag_) for t in b]
    # the rules did something on this text (a test that cannot fail proves nothing)
    assert any(t.pos_ == "PROPN" for t in b) and any(str(t.morph) for t in b)
    if which == "tricky":
        spaces = [t for t in b if t.is_space]
        assert spaces and all(t.tag_ == "_SP" and t.pos_ == "SPACE" for t in spaces)


def test_rules_follow_the_ruler_order_and_targets() -> None:
    """On a hand-made doc: later patterns override earlier ones, matches are found on the
    attributes before any rule applies, and ``index`` picks the token of a 2-token match;
    spaCy's AttributeRuler with the same patterns gives the same doc."""
    from spacy.lang.en import English
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

    vocab = English().vocab
    patterns = [
        {"patterns": [[{"TAG": "RB"}]], "attrs": {"POS": "ADV"}, "index": 0},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
        # matches on the tagger's "RB", not on the "_SP" the rule above just set
        {
            "patterns": [[{"TAG": {"IN": ["RB"]}, "LOWER": {"NOT_IN": ["here"]}}]],
            "attrs": {"MORPH": "Polarity=Neg"},
        },
        {
            "patterns": [[{"LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]],
            "attrs": {"LEMMA": "not"},
            "index": -1,
        },
    ]

    def tagged() -> Doc:
        words = ["I", "ai", "n't", "here", " "]
        doc = Doc(vocab, words=words, spaces=[True, False, True, True, False])
        tags = [vocab.strings.add(t) for t in ["PRP", "VBP", "RB", "RB", "RB"]]
        return doc.from_array([TAG], np.array(tags, dtype=np.uint64))

    doc = AttributeRules.compile(vocab, patterns)(tagged())
    assert [t.pos_ for t in doc] == ["", "", "ADV", "ADV", "SPACE"]
    assert [t.tag_ for t in doc] == ["PRP", "VBP", "RB", "RB", "_SP"]
    assert [str(t.morph) for t in doc] == ["", "", "Polarity=Neg", "", "Polarity=Neg"]
    assert [t.lemma_ for t in doc] == ["", "", "not", "", ""]
    ruler = AttributeRuler(vocab)
    ruler.add_patterns(patterns)
    assert np.array_equal(ruler(tagged()).to_array(ATTRS), doc.to_array(ATTRS))


def test_unsupported_patterns_are_refused() -> None:
    from spacy.vocab import Vocab

    with pytest.raises(NotImplementedError):
        AttributeRules.compile(
            Vocab(), [{"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}]
        )
    with pytest.raises(NotImplementedError):
        AttributeRules.compile(
            Vocab(), [{"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}}]
        )


def test_the_model_patterns_compile() -> None:
    patterns = read_patterns(model_path())
    assert len(patterns) > 100
    from spacy.vocab import Vocab

    assert len(AttributeRules.compile(Vocab(), patterns).rules) >= len(patterns)
