"""The reader's dates panel writes each date value in words, as the summaries do: a
year-less "January 19" (no date to anchor its year) is "19 January, year not stated", not
the ISO partial "--01-19", which stays in the JSON and on hover."""

from __future__ import annotations

from slant.annotations import DateMention, Paragraph
from slant.article import Article
from slant.report.summary import render_summary
from slant.store import Store

TEXT = "Curfew extended\nThe curfew runs until January 19, officials said earlier in the week.\n"


def _span(needle: str) -> tuple[int, int]:
    s = TEXT.index(needle)
    return s, s + len(needle)


def _article() -> Article:
    title = TEXT.splitlines(keepends=True)[0]
    return Article(
        id="curfew",
        text=TEXT,
        source="curfew.txt",
        meta={"outlet": "Steppe Wire", "language": "en"},
        paragraphs=[
            Paragraph(1, 0, len(title) - 1, "title"),
            Paragraph(2, len(title), len(TEXT) - 1, "body"),
        ],
        dates=[
            DateMention(*_span("January 19"), "--01-19"),
            DateMention(*_span("earlier in the week"), ""),
        ],
    )


def test_dates_panel_and_summary_say_the_same_words(client, db_url) -> None:
    with Store(db_url) as store:
        pk = store.add(_article(), model_version="test")
    page = client.get(f"/articles/{pk}").text
    panel = page.split('id="dates-panel"')[1].split("</section>")[0]
    assert (
        'January 19 → <span class="date" title="ISO 8601: --01-19">'
        "19 January, year not stated</span>"
    ) in panel
    assert 'earlier in the week → <span class="muted">no date to anchor it</span>' in panel
    assert "<code>" not in panel  # the bare value is no longer what is shown
    summary = render_summary(_article(), "text")
    assert '19 January, year not stated: "January 19"' in summary
    assert '"earlier in the week" (no date to anchor it)' in summary
