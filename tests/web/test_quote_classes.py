"""The reader shows speech by default, with a toggle for thoughts, intentions and the rest;
teaser and repeated quotes are labelled."""

from __future__ import annotations

from slant.annotations import Cue, Paragraph, Quote, Speaker
from slant.article import Article
from slant.store import Store

TEXT = (
    "Mayor Anna Berg said that the bridge would open in May.\n"
    "Berg believes that traffic will fall.\n"
    "Berg Says Bridge Will Open\n"
)


def _article() -> Article:
    def q(line: str, cue: str, content: str, cls: str, **flags: object) -> Quote:
        base = TEXT.index(line)
        c = base + line.index(cue)
        s = base + line.index(content)
        name = base + line.index("Berg")
        return Quote(
            s,
            s + len(content),
            "indirect",
            Cue(c, c + len(cue)),
            Speaker("Anna Berg", name, name + 4),
            cue_class=cls,  # type: ignore[arg-type]
            **flags,  # type: ignore[arg-type]
        )

    lines = TEXT.splitlines(keepends=True)
    starts = [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    kinds = ["body", "body", "teaser"]
    return Article(
        id="bridge",
        text=TEXT,
        source="bridge.txt",
        paragraphs=[
            Paragraph(i + 1, s, s + len(x.rstrip("\n")), k)
            for i, (s, x, k) in enumerate(zip(starts, lines, kinds, strict=True))
        ],
        quotes=[
            q(lines[0], "said", "that the bridge would open in May", "speech"),
            q(lines[1], "believes", "that traffic will fall", "thought/belief"),
            q(lines[2], "Says", "Bridge Will Open", "speech", in_teaser=True),
        ],
    )


def test_speech_by_default_and_a_toggle_for_the_rest(client, db_url) -> None:
    with Store(db_url) as store:
        pk = store.add(_article(), model_version="test")
    page = client.get(f"/articles/{pk}").text
    assert 'id="show-nonspeech"' in page and "other attributions (1)" in page
    assert page.count('class="nonspeech"') == 1  # only the belief is hidden by default
    assert 'data-class="thought/belief"' in page and "· thought/belief" in page
    assert "· teaser" in page  # a teaser's quote is labelled, not hidden
    css = client.get("/static/reader.css").text
    assert "ol.quotes li.nonspeech{display:none}" in css
    assert "body.show-nonspeech ol.quotes li.nonspeech{display:list-item}" in css
    js = client.get("/static/reader.js").text
    assert 'getElementById("show-nonspeech")' in js


def test_no_toggle_when_every_quote_is_speech(client, db_url) -> None:
    art = _article()
    art.quotes = [q for q in art.quotes if q.cue_class == "speech"]
    with Store(db_url) as store:
        pk = store.add(art, model_version="test")
    page = client.get(f"/articles/{pk}").text
    assert 'id="show-nonspeech"' not in page and 'class="nonspeech"' not in page
