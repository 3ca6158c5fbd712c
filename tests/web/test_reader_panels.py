"""What a reader's panels say agrees with what they list: the quotes panel counts the quotes
it shows (other attributions are counted on their toggle), event counts are written as
the summaries write them (3,811; about 8,000) with their source, a count with no object
shows its words, and the story page says what its attributed-only rows count."""

from __future__ import annotations

from slant.annotations import Count, Cue, Paragraph, Quote, Speaker
from slant.article import Article
from slant.store import Store

TEXT = (
    "Police detain 3,811 after riots\n"
    "ALMATY, Jan 7\n"
    'Police detained 3,811 people, state media said. "Order is restored," Erlan Akhmetov said.\n'
    "Akhmetov believes that the unrest is over. Nearly 8,000 detained, the toll at 164.\n"
)


def _span(needle: str, after: int = 0) -> tuple[int, int]:
    s = TEXT.index(needle, after)
    return s, s + len(needle)


def _article(id_: str, outlet: str, extra: str = "") -> Article:
    """The riots article of ``outlet``; ``extra``: a last line (texts are stored once)."""
    text = TEXT + extra
    lines = text.splitlines(keepends=True)
    starts = [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    kinds = ["title", "dateline", "body", "body", "body"][: len(lines)]
    name = _span("Erlan Akhmetov")
    later = _span("Akhmetov", name[1])
    return Article(
        id=id_,
        text=text,
        source=f"{id_}.txt",
        meta={"outlet": outlet, "published": "2022-01-07", "language": "en"},
        paragraphs=[
            Paragraph(i + 1, s, s + len(x.rstrip("\n")), k)
            for i, (s, x, k) in enumerate(zip(starts, lines, kinds, strict=True))
        ],
        quotes=[
            Quote(
                *_span("Order is restored,"),
                "direct",
                Cue(*_span("said", name[1])),
                Speaker("Erlan Akhmetov", *name),
                cue_class="speech",
            ),
            Quote(
                *_span("that the unrest is over"),
                "indirect",
                Cue(*_span("believes")),
                Speaker("Erlan Akhmetov", *later),
                cue_class="thought/belief",
            ),
        ],
        counts=[
            Count(
                "ARREST", 3811.0, "people", *_span("detained 3,811 people"), source="state media"
            ),
            Count("ARREST", 8000.0, "", *_span("Nearly 8,000 detained"), estimate=True),
            Count("KILL", 164.0, "", *_span("toll at 164")),
        ],
    )


def test_article_panels_count_what_they_list(client, db_url) -> None:
    with Store(db_url) as store:
        pk = store.add(_article("riots", "Steppe Wire"), model_version="test")
    page = client.get(f"/articles/{pk}").text
    quotes = page.split('id="quotes-panel"')[1].split("</section>")[0]
    assert '<h2>Quotes <span class="count">1</span></h2>' in quotes  # was 2: the belief too
    assert "other attributions (1)" in quotes
    counts = page.split('id="counts-panel"')[1].split("</section>")[0]
    assert '<td class="n">3,811</td>' in counts  # was 3811
    assert "according to state media" in counts
    assert '<td class="n">about 8,000</td>' in counts  # was "8000 (est.)"
    assert "“toll at 164”" in counts  # no object: its words, not an empty cell
    panel = page.split('id="paragraphs-panel"')[1].split("</section>")[0]
    assert " · 1 dateline</p>" in " ".join(panel.split())  # the paragraph kinds, datelines too


def test_story_page_says_what_attributed_rows_count(db_url, make_story) -> None:
    from fastapi.testclient import TestClient

    from slant.config import Settings
    from slant.web import create_app

    with Store(db_url) as store:
        a = _article("a", "Steppe Wire")
        b = _article("b", "Caspian Courier", "The curfew stays.\n")
        b.quotes = [q for q in b.quotes if q.cue_class != "speech"]  # only the belief
        pks = [store.add(x, model_version="test") for x in (a, b)]
        sid = make_story(store, pks, "Riots")
    with TestClient(create_app(Settings(only=("tone",)), db_url, timeout=30)) as client:
        page = client.get(f"/stories/{sid}").text
    courier = page.split('data-outlet="Caspian Courier"')[1].split("</section>")[0]
    attributed = courier.split('class="speakers attributed"')[1].split("</ul>")[0]
    assert "Erlan Akhmetov</a> <span" in attributed
    assert '<span class="count">1 attribution</span>' in attributed  # was "×1"
    assert "“toll at 164”" in courier  # a count with no object shows its words
    assert "per 1,000 words; repeats left out" in courier


def _mixed_quote_panel(client, db_url, id: str, extra: str, cut: int) -> str:
    """The reader's quotes panel for an article ending with ``extra``, 'Akhmetov said that
    "…"', given a mixed quote from "that" to ``cut`` characters before the text's end."""
    art = _article(id, "Steppe Wire", extra)
    start = art.text.index('that "order')
    art.quotes.append(
        Quote(
            start,
            len(art.text) - cut,
            "mixed",
            Cue(start - 5, start - 1),
            Speaker("Erlan Akhmetov", start - 14, start - 6),
            cue_class="speech",
        )
    )
    with Store(db_url) as store:
        pk = store.add(art, model_version="test")
    quotes = client.get(f"/articles/{pk}").text.split('id="quotes-panel"')[1]
    return quotes.split("</section>")[0]


def test_a_mixed_quote_keeps_its_own_marks(client, db_url) -> None:
    """A mixed quote's span holds the marks of its quoted part: the reader shows it as
    written, where a plain quote gets the reader's marks."""
    extra = 'Akhmetov said that "order is restored in every city."\n'
    quotes = _mixed_quote_panel(client, db_url, "mixed", extra, cut=1)
    assert "“Order is restored,”" in quotes
    assert "that &#34;order is restored in every city.&#34;" in quotes
    assert "“that &#34;" not in quotes and "“that the unrest is over”" in quotes


def test_a_mixed_quote_that_stops_before_its_closing_mark_is_closed(client, db_url) -> None:
    """The quotes analyzer's mixed spans end before the closing mark ('… every city.'):
    the reader closes the mark the span opened."""
    extra = 'Akhmetov said that "order is restored in every single city."\n'
    # the span stops before the closing mark, as the analyzer's spans end
    quotes = _mixed_quote_panel(client, db_url, "open-mark", extra, cut=2)
    assert "that &#34;order is restored in every single city.&#34;" in quotes
