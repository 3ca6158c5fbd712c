"""The reader's polish: subtle quotes, hover names and inline labels, the tone panel in
words, one word count with tone, a sortable corpus table with technique counts, and the
bundled example one click away."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from _webcorpus import make_article

from slant.analyzers.tone import count_words, tone_text
from slant.annotations import Label, Paragraph
from slant.article import Article
from slant.web.render import article_view, short_name, tone_view

ROOT = Path(__file__).parent.parent.parent
TONE = {
    "tone": -2.3077,
    "positive": 1.5385,
    "negative": 3.8462,
    "polarity": 5.3846,
    "pronoun_density": 0.0,
    "word_count": 26,
    "valence": -1.0333,
}


def test_quotes_are_marked_without_colouring_the_text(client) -> None:
    css = client.get("/static/reader.css").text
    rule = re.search(r"\.qt\{([^}]*)\}", css)
    assert rule is not None
    assert "color:" not in rule.group(1).replace("border-top", "")  # text keeps its colour
    assert "dotted" in rule.group(1)  # a thin line above, clear of the technique underlines
    page = client.get("/articles/3").text
    assert re.search(r'<span class="qt" data-quote="0" id="quote-0">', page)


def test_marks_carry_the_technique_name_for_hover_and_inline_labels(client) -> None:
    page = client.get("/articles/3").text
    # hover: a title on every mark, and the tooltip element the script fills
    assert re.search(r'<mark [^>]*data-tech="Loaded_Language"[^>]*title="Loaded_Language · ', page)
    assert 'id="tip" role="tooltip"' in page
    # inline labels: only a span's first segment carries the compact name
    firsts = re.findall(
        r'<mark class="t c\d lv\d first" data-tech="([^"]+)"[^>]*data-short="([^"]+)"', page
    )
    assert sorted(firsts) == sorted(
        [
            ("Name_Calling-Labeling", "name-calling"),
            ("Loaded_Language", "loaded"),
            ("Appeal_to_Fear-Prejudice", "fear"),
        ]
    )
    assert page.count('data-tech="Name_Calling-Labeling" data-score') == 2  # two segments
    assert 'id="inline-labels"' in page and "names in the text" in page
    css = client.get("/static/reader.css").text
    assert ".body.labels mark.t.first::before{content:attr(data-short)" in css
    js = client.get("/static/reader.js").text
    assert "inline-labels" in js and "showTip" in js


def test_short_names_cover_every_technique() -> None:
    from slant.labels import TECHNIQUES

    names = [short_name(t) for t in TECHNIQUES]
    assert len(set(names)) == len(TECHNIQUES)
    assert all(0 < len(n) <= 22 for n in names)
    assert short_name("Some_New_Label") == "some new label"


def test_tone_panel_says_what_the_numbers_mean(client) -> None:
    view = tone_view(TONE)
    assert view is not None
    assert view["summary"].startswith("The wording leans negative (tone -2.3): of its 26 words,")
    assert "1.5 % are positive and 3.8 % negative" in view["summary"]
    shown = {r["key"]: (r["name"], r["shown"]) for r in view["rows"]}
    assert shown["word_count"] == ("words read", "26")
    assert shown["tone"] == ("tone", "-2.31")
    assert shown["negative"] == ("negative words", "3.85 %")
    assert all(r["meaning"] for r in view["rows"])
    assert "about neutral" in tone_view({"tone": 0.4, "word_count": 10})["summary"]
    assert "strongly positive" in tone_view({"tone": 6.0, "word_count": 10})["summary"]
    assert tone_view({}) is None
    page = client.get("/articles/3").text
    summary = re.search(r'<p class="summary" id="tone-summary">([^<]*)</p>', page)
    assert summary and "words" in summary.group(1)
    assert "positive minus negative" in page


def test_reader_counts_words_as_tone_does(client) -> None:
    text = (
        "Strikes Hit the Port Again\n\nDock workers walked out on Monday, the union's "
        "leader said.\nRead also: Ten tips for a better garden\nDock workers walked out "
        "on Monday, the union's leader said.\n"
    )
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:n]) for n in range(len(lines))]
    art = Article(
        id="w",
        text=text,
        paragraphs=[
            Paragraph(1, starts[0], starts[0] + len(lines[0]), "title"),
            Paragraph(3, starts[2], starts[2] + len(lines[2])),
            Paragraph(4, starts[3], starts[3] + len(lines[3]), "teaser"),
            Paragraph(5, starts[4], starts[4] + len(lines[4]), duplicate_of=3),
        ],
    )
    from slant.analyzers.tone import ToneAnalyzer

    ToneAnalyzer()(art)
    assert art.tone["word_count"] == 15 == count_words(tone_text(art))
    assert article_view(art)["words"] == art.tone["word_count"]
    r = client.post("/analyze", data={"text": text})  # the tone-only test server
    assert r.status_code == 200
    words = re.search(r'<span id="word-count"[^>]*>· (\d+) words</span>', r.text)
    assert words and int(words.group(1)) == 15
    assert re.search(r'<tr data-key="word_count"><td>words read.*?<td class="n">15</td>', r.text)


def test_genre_panel_explains_the_label(client, db_url) -> None:
    from slant.store import Store

    art = make_article(9, "RT", "2022-01-05", "Extra line.")
    art.genre = Label("reporting", {"reporting": 0.55, "opinion": 0.44, "satire": 0.01})
    with Store(db_url) as store:
        pk = store.add(art, model_version="test")
    page = unescape(client.get(f"/articles/{pk}").text)
    assert "Genre: reporting" in re.sub(r"<[^>]+>", "", page)
    assert "the top score" in page and "90 % opinion" in page


def test_corpus_table_sorts_and_counts_techniques(client) -> None:
    page = client.get("/corpus").text
    assert '<table class="articles sortable" id="articles">' in page
    heads = re.findall(
        r'<th( data-type="number")?><button type="button" class="sort">([^<]+)<', page
    )
    assert [h for _, h in heads] == [
        "published",
        "outlet",
        "title",
        "words",
        "genre",
        "techniques",
        "top technique",
    ]
    assert {h for n, h in heads if n} == {"words", "techniques"}
    rows = re.findall(
        r'<td class="n techniques">(\d+)</td>\s*<td class="top" data-sort="([^"]*)">', page
    )
    assert len(rows) == 5
    # a0 lost its Appeal_to_Fear-Prejudice span; the others have three spans, one each
    assert sorted(int(n) for n, _ in rows) == [2, 3, 3, 3, 3]
    assert {t for _, t in rows} == {"Appeal_to_Fear-Prejudice", "Loaded_Language"}  # ties A-Z
    js = client.get("/static/reader.js").text
    assert "table.sortable" in js and "aria-sort" in js


def test_try_the_example_analyses_the_bundled_article(client) -> None:
    home = client.get("/").text
    assert '<form class="example" method="post" action="/example">' in home
    assert 'id="try-example"' in home
    r = client.post("/example")
    assert r.status_code == 200
    assert "Russian Ambassador" in r.text or "Antonov" in r.text
    assert 'id="tone-panel"' in r.text and 'id="tone-summary"' in r.text


def test_the_shipped_example_is_the_repository_example() -> None:
    from slant.web.routes.pages import example_bytes

    assert example_bytes() == (ROOT / "examples" / "kazakhstan_csto_2022.txt").read_bytes()


def test_reader_has_a_score_slider_that_hides_low_spans(client) -> None:
    page = client.get("/articles/3").text
    assert re.search(r'<input type="range" id="min-score" min="0" max="0.95"', page)
    js = client.get("/static/reader.js").text
    assert "function setMinScore" in js and "min_score" in js  # ?min_score= sets it
    css = client.get("/static/reader.css").text
    assert "mark.t.low" in css
