"""The reader shows the name the corpus links a bare surname to."""

from __future__ import annotations

from slant.annotations import Cue, Paragraph, Quote, Speaker
from slant.article import Article
from slant.store import Store


def _said(i: int, name: str) -> Article:
    text = f"{name} said that the talks would go on.\n"
    cue = len(name) + 1
    return Article(
        id=f"a{i}",
        text=text,
        source=f"a{i}.txt",
        paragraphs=[Paragraph(1, 0, len(text) - 1, "body")],
        quotes=[
            Quote(
                cue + 5,
                len(text) - 2,
                "indirect",
                Cue(cue, cue + 4),
                Speaker(name, 0, len(name)),
                cue_class="speech",
            )
        ],
    )


def test_reader_shows_the_corpus_name_of_a_bare_surname(client, db_url) -> None:
    with Store(db_url) as store:
        full = store.add(_said(1, "Donald Trump"), model_version="v1")
        pk = store.add(_said(2, "Trump"), model_version="v1")
        assert store.speaker_links(pk) == {"Trump": "Donald Trump"}
        assert store.speaker_links(full) == {}
    page = client.get(f"/articles/{pk}").text
    assert '<span class="speaker">Trump</span> <span class="corpus-speaker"' in page
    assert "(= Donald Trump)" in page
    assert 'class="corpus-speaker"' not in client.get(f"/articles/{full}").text
