"""End-to-end: `slant serve` in a subprocess, driven by a real headless Chromium.

Uses the Debian ``chromium`` binary through Playwright (tests/web/_browser.py, the
``browser`` fixture of tests/web/conftest.py). Skips when the browser is missing on a
developer machine; fails in CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import Watch, need_browser, serving

ROOT = Path(__file__).parent.parent.parent
SEED = ROOT / "examples" / "kazakhstan_csto_2022.txt"
SCREENSHOT = ROOT / "docs" / "reader.png"
# The analyzers that ship their models in the repository (the seed article's quotes,
# techniques, places and counts are what the reader shows).
ANALYZERS = "entities,places,quotes,techniques,counts,dates,tone"
XSS = (
    "Breaking <script>alert(1)</script> News\n"
    "\n"
    'Officials said that "><img src=x onerror=alert(1)> was posted on the ministry site '
    "on Monday and that the page was taken down after the report.\n"
    'Readers who click <a href="javascript:alert(1)">here</a> see nothing, the ministry said '
    "in a statement to the press on Tuesday.\n"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`slant serve` on a free loopback port with a fresh corpus; yields its base URL."""
    need_browser()
    db = tmp_path_factory.mktemp("web") / "browser.db"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "SLANT_DB": str(db)}
    with serving("--only", ANALYZERS, "--timeout", "600", env=env) as base:
        yield base


def _analyse(page: object, base: str, text: str) -> None:
    page.goto(base + "/")  # type: ignore[attr-defined]
    page.fill("#text", text)  # type: ignore[attr-defined]
    # the first analysis loads the models (spaCy, gazetteer, technique model)
    with page.expect_navigation(timeout=600_000):  # type: ignore[attr-defined]
        page.click("#analyze")  # type: ignore[attr-defined]
    page.wait_for_selector("#article-body")  # type: ignore[attr-defined]


def _visible_marks(page: object, tech: str) -> int:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """(tech) => [...document.querySelectorAll('mark.t')]
            .filter(m => m.dataset.tech === tech)
            .filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'
                      && getComputedStyle(m).borderBottomColor !== 'rgba(0, 0, 0, 0)')
            .length""",
        tech,
    )


def test_reader_highlights_quotes_toggles_and_screenshot(browser, server, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page, server)
    _analyse(page, server, SEED.read_text(encoding="utf-8"))

    # technique spans are highlighted, with a legend entry per technique found
    marks = page.locator("#article-body mark.t")
    assert marks.count() >= 1
    boxes = page.locator(".legend input.tog")
    assert boxes.count() >= 1
    tech = boxes.first.get_attribute("data-tech")
    before = _visible_marks(page, tech)
    assert before >= 1

    shot = tmp_path / "reader.png"  # before any click: the page as it first appears
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("SLANT_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)

    # hover text and click detail name the technique, its definition and score
    first = page.locator(f'#article-body mark.t[data-tech="{tech}"]').first
    assert tech in first.get_attribute("title")
    first.click()
    detail = page.locator("#detail")
    assert detail.is_visible()
    assert tech in detail.inner_text() and "score" in detail.inner_text()

    # the quotes panel lists speaker → quote; a click jumps to the quote in the text
    quotes = page.locator("#quotes-panel li")
    assert quotes.count() >= 1
    assert "→" in quotes.first.inner_text()
    page.locator("a.qlink").first.click()
    assert page.evaluate("location.hash") == "#quote-0"
    assert page.locator("#quote-0").is_visible()

    # the duplicate and teaser paragraphs of the seed article are marked
    assert page.locator("p.para.dup .badge").first.inner_text().lower().startswith("duplicate")
    assert page.locator("p.para.k-teaser .badge").count() == 1

    # side panels: places with coordinates, tone
    assert page.locator("#places-panel table tr").count() >= 2
    assert page.locator("#tone-panel td").count() >= 2

    # toggling a technique off hides every one of its highlights, and back on
    boxes.first.uncheck()
    assert _visible_marks(page, tech) == 0
    boxes.first.check()
    assert _visible_marks(page, tech) == before

    assert watch.dialogs == [] and watch.csp == [] and watch.outside == []
    page.close()


def test_example_button_hover_names_inline_labels_and_quotes(browser, server) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page, server)
    page.goto(server + "/")
    with page.expect_navigation(timeout=600_000):  # type: ignore[attr-defined]
        page.click("#try-example")
    page.wait_for_selector("#article-body")
    assert "CSTO" in page.locator("#article-body").inner_text()

    # hovering a highlight names its technique at once, in the tooltip
    first = page.locator("#article-body mark.t").first
    tech = first.get_attribute("data-tech")
    first.hover()
    tip = page.locator("#tip")
    assert tip.is_visible() and tech in tip.inner_text()

    # the inline labels toggle puts a compact name before each span, and takes it away
    def label() -> str:
        return page.evaluate(  # type: ignore[no-any-return]
            "() => getComputedStyle(document.querySelector('mark.t.first'), '::before').content"
        )

    assert label() in ("none", "normal")
    page.check("#inline-labels")
    assert label().strip('"') == page.locator("mark.t.first").first.get_attribute("data-short")
    page.uncheck("#inline-labels")
    assert label() in ("none", "normal")

    # quote text keeps the text colour: only a dotted line above marks it
    quote = page.locator("#article-body .qt").first
    style = quote.evaluate(
        "q => [getComputedStyle(q).color, getComputedStyle(q.closest('.para')).color,"
        " getComputedStyle(q).borderTopStyle]"
    )
    assert style[0] == style[1] and style[2] == "dotted"

    # the score slider un-highlights spans scoring under it, and brings them back
    def shown() -> int:
        return page.locator("#article-body mark.t:not(.low)").count()

    every = shown()
    scores = [
        float(s)
        for s in page.eval_on_selector_all(
            "#article-body mark.t", "ms => ms.map(m => m.getAttribute('data-score'))"
        )
    ]
    page.locator("#min-score").fill("0.95")
    assert shown() == sum(1 for s in scores if s >= 0.95)
    assert page.locator("#min-score-value").inner_text() == "0.95"
    page.locator("#min-score").fill("0")
    assert shown() == every

    # the word count is tone's
    words = page.locator("#word-count").inner_text()
    tone_words = page.locator('#tone-panel tr[data-key="word_count"] td.n').inner_text()
    assert words.split()[1] == tone_words
    assert watch.dialogs == [] and watch.csp == [] and watch.outside == []
    page.close()


def test_corpus_table_sorts_by_a_column(browser, server) -> None:
    import httpx

    for n, text in enumerate(("Short note on grain.", "A longer note on the grain deal, " * 6)):
        body = {"text": f"Note {n}\n\n{text} Officials said the talks would go on.\n"}
        r = httpx.post(server + "/api/analyze?save=true", json=body, timeout=600)
        assert r.status_code == 200, r.text
    page = browser.new_page()
    watch = Watch(page, server)
    page.goto(server + "/corpus")
    heading = page.locator("#articles th", has_text="words")

    def words() -> list[int]:
        cells = page.locator("#articles tbody tr td:nth-child(4)").all_inner_texts()
        return [int(c) for c in cells]

    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert words() == sorted(words(), reverse=True) and len(words()) >= 2
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert words() == sorted(words())
    assert watch.csp == [] and watch.outside == []
    page.close()


def test_xss_probe_shows_as_inert_text(browser, server) -> None:
    page = browser.new_page()
    watch = Watch(page, server)
    _analyse(page, server, XSS)
    body = page.locator("#article-body").inner_text()
    assert "<script>alert(1)</script>" in body
    assert '"><img src=x onerror=alert(1)>' in body
    assert '<a href="javascript:alert(1)">here</a>' in body
    assert page.locator("#article-title").inner_text() == "Breaking <script>alert(1)</script> News"
    assert page.locator("#article-body img, #article-body script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    assert watch.dialogs == []
    assert watch.outside == []
    page.close()


def test_api_docs_work_offline(browser, server) -> None:
    page = browser.new_page()
    watch = Watch(page, server)
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert "/api/analyze" in page.locator(".swagger-ui").inner_text()
    assert watch.outside == []
    assert watch.csp == []
    page.close()
