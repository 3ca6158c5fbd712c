from __future__ import annotations

import re

from _webcorpus import FIXTURES, make_article

from slant.annotations import Paragraph, TechniqueSpan
from slant.article import Article
from slant.web.render import lanes, segments

XSS = (
    "Breaking <script>alert(1)</script> News\n"
    "\n"
    'Officials said "><img src=x onerror=alert(1)> was posted on the site.\n'
    'Click <a href="javascript:alert(1)">here</a> to read more, they said.\n'
)


def test_lanes_keep_overlapping_spans_apart() -> None:
    spans = [(0, 10), (2, 5), (6, 12), (12, 14), (3, 4)]
    got = lanes(spans)
    assert got == [0, 1, 1, 0, 2]
    for i, (a, b) in enumerate(spans):
        for j, (c, d) in enumerate(spans):
            if i < j and a < d and c < b:
                assert got[i] != got[j]


def test_segments_cut_at_every_boundary_with_the_active_techniques() -> None:
    art = make_article(1, "RT", "2022-01-01")
    line = next(p for p in art.paragraphs if "shameful" in art.text[p.start : p.end])
    span_lanes = lanes([(s.start, s.end) for s in art.techniques])
    segs = segments(art, line.start, line.end, span_lanes)
    texts = [(art.text[s.start : s.end], [m.technique for m in s.marks]) for s in segs]
    assert texts[:4] == [
        ('"', []),
        ("These ", []),
        ("shameful", ["Loaded_Language", "Name_Calling-Labeling"]),  # outer (deeper) lane first
        (" riots", ["Name_Calling-Labeling"]),
    ]
    assert ("organised from abroad", ["Appeal_to_Fear-Prejudice"]) in texts
    assert "".join(t for t, _ in texts) == art.text[line.start : line.end]
    first = [s for s in segs if s.quote == 0]
    assert first[0].quote_first and not any(s.quote_first for s in first[1:])


def test_article_page_highlights_and_panels(client) -> None:
    page = client.get("/articles/3").text
    assert page.count('data-tech="Loaded_Language"') >= 3  # legend box, swatch, mark...
    mark = re.search(r'<mark class="t c(\d) lv(\d)" data-tech="Name_Calling-Labeling"', page)
    assert mark and mark.group(1) == "0"  # Attack on reputation: family 0
    assert mark.group(2) == "0"  # the longer span keeps the top underline
    assert 'id="quote-0"' in page and 'href="#quote-0"' in page
    assert "Erlan Turgumbayev" in page
    assert "43.250, 76.950" in page  # Almaty's coordinates
    assert "ARREST" in page
    assert "reporting" in page and "Security and defense" in page
    assert "Attack on reputation" in page and "Manipulative wording" in page


def test_duplicate_and_teaser_paragraphs_are_marked(client, db_url) -> None:
    from slant.store import Store

    text = "Title\n\nA body line here.\nA body line here.\nRead also: another story\n"
    art = Article(
        id="dup",
        text=text,
        paragraphs=[
            Paragraph(1, 0, 5, "title"),
            Paragraph(3, 7, 24, "body"),
            Paragraph(4, 25, 42, "body", duplicate_of=3),
            Paragraph(5, 43, 67, "teaser"),
        ],
    )
    with Store(db_url) as store:
        pk = store.add(art, model_version="test")
    page = client.get(f"/articles/{pk}").text
    assert '<p class="para k-body dup" data-line="4">' in page
    assert "duplicate of line 3" in page
    assert '<p class="para k-teaser" data-line="5">' in page
    assert "teaser (another story)" in page


def test_hostile_text_is_escaped_everywhere(client, db_url) -> None:
    from slant.store import Store

    start = XSS.index("<script>")
    art = Article(
        id='x"><script>alert(2)</script>',
        text=XSS,
        title=XSS.split("\n")[0],
        meta={"outlet": "<b>Evil</b>", "url": "javascript:alert(3)"},
        paragraphs=[Paragraph(1, 0, 38, "title"), Paragraph(3, 40, 110, "body")],
        techniques=[TechniqueSpan("Loaded_Language", start, start + 25, 0.5)],
    )
    with Store(db_url) as store:
        pk = store.add(art, model_version="test")
    page = client.get(f"/articles/{pk}").text
    assert "<script>alert" not in page
    assert "<img" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt;" in page
    corpus = client.get("/corpus?outlet=%3Cb%3EEvil%3C%2Fb%3E").text
    assert "<b>Evil</b>" not in corpus and "&lt;b&gt;Evil&lt;/b&gt;" in corpus


def test_corpus_page_filters_and_chart(client) -> None:
    page = client.get("/corpus").text
    assert '<span class="count" id="total">5</span>' in page
    assert page.count("<polyline") == 3  # RT, BBC, TASS
    page = client.get("/corpus?q=tanks").text
    assert '<span class="count" id="total">1</span>' in page
    page = client.get("/corpus?technique=Appeal_to_Fear-Prejudice&outlet=RT").text
    assert '<span class="count" id="total">1</span>' in page
    assert "Appeal_to_Fear-Prejudice spans per article" in page
    assert client.get("/corpus?since=yesterday").status_code == 422


def test_reader_form_analyses_pasted_text_and_uploads(client) -> None:
    assert 'action="/analyze"' in client.get("/").text
    text = (FIXTURES / "short.txt").read_text(encoding="utf-8")
    r = client.post("/analyze", data={"text": text})
    assert r.status_code == 200
    assert "Ministers Argue Over Grain Deal" in r.text
    assert 'id="tone-panel"' in r.text
    r = client.post("/analyze", data={"text": ""}, files={"file": ("e.txt", b"", "text/plain")})
    assert r.status_code == 422 and "empty input" in r.text
    binary = (FIXTURES / "binary.txt").read_bytes()
    r = client.post("/analyze", files={"file": ("b.txt", binary, "text/plain")})
    assert r.status_code == 422 and "looks like a GIF image" in r.text
    r = client.post("/analyze", data={"text": text, "save": "true"})
    assert r.status_code == 200 and 'href="/api/articles/6"' in r.text
