"""Speech and other attributions downstream of the quotes analyzer: the side-by-side story,
``slant stats --by speaker``, per-group and per-story quote counts, the report's speakers
and ``slant story`` text count what was *said* (cue class ``speech``), as the reader lists
quotes; thoughts, intentions and stances ("Residents of Zhanaozen opposed a two-fold
increase") are kept apart and labelled.

Two tellings of one story (tests/fixtures/attributions/), analysed by the real pipeline:

* outlet A quotes Aigerim Bekova twice and Nurlan Nogayev once, says Nogayev *believes*
  something, and that residents *opposed* a price rise (a stance);
* outlet B quotes Nogayev once and says he *opposed* demands and *wants* the rallies to
  end; it says Bekova *fears* force (a thought) but never quotes her.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.article import Article
from slant.report.story import story_markdown, story_text
from slant.store import Store
from slant.store.queries import Filters, report_data, speaker_stats, stats, story_stats
from slant.store.stories import StorySummary
from slant.stories.compare import compare_story, is_speech
from slant.stories.view import StoryView, load_story

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "attributions"
META = {
    "fuel_a": {"outlet": "Steppe Wire", "published": "2022-01-04"},
    "fuel_b": {"outlet": "Caspian Daily", "published": "2022-01-05"},
}


@pytest.fixture(scope="module")
def tellings() -> list[Article]:
    from slant.config import Settings
    from slant.pipeline import Pipeline

    pipe = Pipeline(Settings(only=("entities", "quotes"), language_check=False))
    out = []
    for stem, meta in META.items():
        text = (HERE / f"{stem}.txt").read_text(encoding="utf-8")
        out.append(pipe(Article(id=stem, text=text, source=f"{stem}.txt", meta=dict(meta))))
    return out


def _said(article: Article) -> dict[str, list[str]]:
    """Speaker name -> cue classes of their quotes."""
    out: dict[str, list[str]] = {}
    for q in article.quotes:
        if q.speaker is not None and q.speaker.name:
            out.setdefault(q.speaker.name, []).append(str(q.cue_class))
    return out


def test_the_fixtures_hold_speech_and_other_attributions(tellings: list[Article]) -> None:
    a, b = tellings
    said_a, said_b = _said(a), _said(b)
    assert sorted(said_a["Aigerim Bekova"]) == ["speech", "speech"]
    assert sorted(said_a["Nurlan Nogayev"]) == ["speech", "thought/belief"]
    assert any(name.startswith("Residents") for name in said_a)  # "opposed …": other
    assert sorted(said_b["Nurlan Nogayev"]) == ["intention", "other", "speech"]
    assert said_b["Aigerim Bekova"] == ["thought/belief"]
    assert [is_speech(b, i) for i, q in enumerate(b.quotes)] == [
        q.cue_class == "speech" for q in b.quotes
    ]


def test_compare_counts_speech_and_lists_the_rest_apart(tellings: list[Article]) -> None:
    c = compare_story(tellings)
    cols = {col.name: col for col in c.outlets}
    a, b = cols["Steppe Wire"], cols["Caspian Daily"]
    quoted_a = {s.name: (s.quotes, s.others) for s in a.speakers}
    assert quoted_a == {"Aigerim Bekova": (2, 0), "Nurlan Nogayev": (1, 1)}
    assert [(s.name, s.quotes, s.others) for s in b.speakers] == [("Nurlan Nogayev", 1, 2)]
    # credited with a stance or a thought only: listed apart, never "quoted"
    assert any(s.name.startswith("Residents") and s.others == 1 for s in a.attributed)
    assert ("Aigerim Bekova", 0, 1) in [(s.name, s.quotes, s.others) for s in b.attributed]
    # B never quotes Bekova: only A does; the residents' stance is no quote of A's
    assert c.unique_speakers["Steppe Wire"] == ("Aigerim Bekova",)
    assert not any(n.startswith("Kazakh governor") for n in c.unique_speakers["Caspian Daily"])
    # every attributed row points at a quote of the class it stands for
    for col in (a, b):
        for s in col.attributed:
            assert not is_speech(tellings[s.article], s.quote)
        for s in col.speakers:
            assert is_speech(tellings[s.article], s.quote)


def test_story_text_labels_the_other_attributions(tellings: list[Article]) -> None:
    summary = StorySummary(1, 2, ["Steppe Wire", "Caspian Daily"], None, None, "Fuel prices")
    view = StoryView(summary, (1, 2), compare_story(tellings))
    text = story_text(view).plain
    assert "Aigerim Bekova ×2" in text and "Nurlan Nogayev ×1 (+1 other attribution)" in text
    assert "attributed, not quoted (thoughts, intentions, stances):" in text
    md = story_markdown(view)
    assert "Attributed, not quoted (thoughts, intentions, stances):" in md
    assert "- Nurlan Nogayev ×1 (+2 other attributions)" in md


def test_store_counts_speech_per_speaker_group_and_story(
    store: Store, tellings: list[Article], make_story
) -> None:
    pks = [store.add(a, model_version="test") for a in tellings]
    rows = {r["speaker"]: r for r in speaker_stats(store)}
    assert rows["Aigerim Bekova"] == {
        "speaker": "Aigerim Bekova",
        "quotes": 2,
        "articles": 1,
        "other_attributions": 1,
    }
    assert rows["Nurlan Nogayev"]["quotes"] == 2
    assert rows["Nurlan Nogayev"]["articles"] == 2
    assert rows["Nurlan Nogayev"]["other_attributions"] == 3
    assert not any(name.startswith("Residents") for name in rows)  # a stance only
    speech = sum(q.cue_class == "speech" for a in tellings for q in a.quotes)
    total = sum(len(a.quotes) for a in tellings)
    groups = stats(store, by="outlet")
    assert sum(g["quotes"] for g in groups) == speech < total
    assert sum(g["other_attributions"] for g in groups) == total - speech
    top = dict(report_data(store)["top_speakers"])
    assert top["Aigerim Bekova"] == 2 and "Residents of Zhanaozen" not in top
    sid = make_story(store, pks, "Fuel price protests", similarity=1.0)
    (row,) = story_stats(store, filters=Filters())
    assert row["quotes"] == speech
    view = load_story(store, sid)
    assert view is not None
    assert view.comparison.unique_speakers["Steppe Wire"] == ("Aigerim Bekova",)
    assert "Aigerim Bekova ×2" in story_text(view).plain


def test_story_page_lists_attributions_apart(
    tmp_path: Path, tellings: list[Article], make_story
) -> None:
    from fastapi.testclient import TestClient

    from slant.config import Settings
    from slant.web import create_app

    url = str(tmp_path / "s.db")
    with Store(url) as store:
        pks = [store.add(a, model_version="test") for a in tellings]
        sid = make_story(store, pks, "Fuel price protests")
    app = create_app(Settings(only=("tone",)), url, timeout=30)
    with TestClient(app) as client:
        page = client.get(f"/stories/{sid}").text
        data = client.get(f"/api/stories/{sid}").json()
    assert "Attributed, not quoted (thoughts, intentions, stances):" in page
    assert "+2 other attributions" in page  # Nogayev in Caspian Daily
    cols = {c["name"]: c for c in data["outlets"]}
    assert [s["name"] for s in cols["Caspian Daily"]["speakers"]] == ["Nurlan Nogayev"]
    assert "Aigerim Bekova" in [s["name"] for s in cols["Caspian Daily"]["attributed"]]
    assert data["unique_speakers"]["Steppe Wire"] == ["Aigerim Bekova"]


def test_unclassed_quotes_are_classed_alike_everywhere(tellings: list[Article]) -> None:
    """Output with no cue class (older schema): the reader, the -f text summary and the
    story comparison class each quote by its cue, the same way."""
    from dataclasses import replace as with_

    from slant.report.summary import summary_text
    from slant.web.render import article_view

    old = []
    for a in tellings:
        copy = Article.from_dict(a.to_dict())
        copy.quotes = [with_(q, cue_class=None) for q in copy.quotes]
        old.append(copy)
    a = old[0]
    reader = {q["index"]: q["cue_class"] for q in article_view(a)["quotes"]}
    assert reader == {i: q.cue_class for i, q in enumerate(tellings[0].quotes)}
    assert [is_speech(a, i) for i in range(len(a.quotes))] == [
        c == "speech" for c in reader.values()
    ]
    text = summary_text(a).plain
    others = text[text.index("Other attributions") :]
    assert "'opposed'" in others and "'believes'" in others and "'said'" not in others
    c = compare_story(old)
    assert c.unique_speakers == compare_story(tellings).unique_speakers
