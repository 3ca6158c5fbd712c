"""Training windows of the encoder fine-tuning (no torch needed to build them)."""

from __future__ import annotations

from slant.training.finetune import IGNORE, MAX_PIECES, PTC_TECHNIQUES, line_windows, tokenizer

TEXT = "Officials met on Monday.\n\nThe corrupt traitors must go!\nNothing else happened.\n"


def test_windows_follow_lines_and_label_the_pieces_inside_spans() -> None:
    tok = tokenizer()
    start = TEXT.index("corrupt traitors")
    end = start + len("corrupt traitors")
    wins = line_windows(tok, TEXT, [(start, end)], [("Name_Calling,Labeling", start, end)])
    assert len(wins) == 3  # one per non-empty line; the blank line gives none
    ids, inside, tech, offs = wins[1]
    assert ids[0] == tok.token_to_id("[CLS]") and ids[-1] == tok.token_to_id("[SEP]")
    assert inside[0] == inside[-1] == IGNORE  # special tokens carry no label
    marked = [TEXT[s:e] for (s, e), lab in zip(offs, inside[1:-1], strict=True) if lab == 1]
    assert "".join(marked) == "corrupttraitors"
    name_calling = PTC_TECHNIQUES.index("Name_Calling,Labeling")
    assert {t for t, i in zip(tech[1:-1], inside[1:-1], strict=True) if i} == {name_calling}
    assert {t for t, i in zip(tech[1:-1], inside[1:-1], strict=True) if not i} == {IGNORE}
    assert all(lab == 0 for w in (wins[0], wins[2]) for lab in w[1][1:-1])


def test_a_long_line_is_cut_into_windows_that_fit_the_encoder() -> None:
    text = "word " * 300 + "\n"
    wins = line_windows(tokenizer(), text, [])
    assert [len(w[0]) - 2 for w in wins] == [MAX_PIECES, MAX_PIECES, 300 - 2 * MAX_PIECES]
    assert wins[1][3][0][0] == text.index("word", 5 * MAX_PIECES)  # offsets stay absolute
