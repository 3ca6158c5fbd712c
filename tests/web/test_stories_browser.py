"""The stories pages in a real headless Chromium: the example and two other tellings of the
Kazakhstan unrest, ingested and grouped by ``slant stories``, served by ``slant serve``.

Skips like tests/web/test_browser.py when Chromium or Playwright is missing (fails in CI);
the browser and the server come from tests/web/_browser.py and tests/web/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import Watch, need_browser, serving

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "kazakhstan_csto_2022.txt"
TELLINGS = ROOT / "tests" / "fixtures" / "stories" / "tellings.jsonl"
SCREENSHOT = ROOT / "docs" / "stories.png"
TRANSPARENT = "rgba(0, 0, 0, 0)"

pytestmark = pytest.mark.slow


def _slant(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "slant", *args], env=env, capture_output=True, timeout=600
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``slant serve`` over a store holding the three tellings as one story."""
    need_browser()
    db = tmp_path_factory.mktemp("stories") / "stories.db"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "SLANT_DB": str(db)}
    _slant("ingest", str(TELLINGS), str(EXAMPLE), "--workers", "1", env=env)
    _slant("stories", env=env)
    with serving("--only", "tone", env=env) as base:
        yield base


def _background(locator: object) -> str:
    return locator.evaluate("e => getComputedStyle(e).backgroundColor")  # type: ignore[attr-defined,no-any-return]


def test_stories_list_leads_to_the_side_by_side_page(browser, server, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page, server)
    page.goto(server + "/")
    page.click("header nav a[href='/stories']")
    page.wait_for_selector("#stories")
    rows = page.locator("#stories tbody tr")
    assert rows.count() == 1
    row = rows.first
    assert row.locator("td.size").inner_text() == "3"
    assert row.locator("td.dates").inner_text() == "2022-01-09 – 2022-01-10"
    assert "Caspian Courier" in row.locator("td.outlets").inner_text()
    with page.expect_navigation():
        row.locator("a").click()
    page.wait_for_selector("#columns")

    # one column per outlet, side by side
    columns = page.locator("#columns section.outlet-col")
    assert columns.count() == 3
    names = sorted(c.get_attribute("data-outlet") for c in columns.all())
    assert names == ["Caspian Courier", "Steppe Wire", "kazakhstan_csto_2022.txt"]
    boxes = [c.bounding_box() for c in columns.all()]
    assert len({round(b["y"]) for b in boxes}) == 1  # one row
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]

    # the count disagreement is highlighted in the differences table and in each column
    dispute = page.locator('#count-disagreements tr.disputed[data-type="ARREST"]')
    assert dispute.count() == 1 and _background(dispute) != TRANSPARENT
    text = dispute.inner_text()
    assert "3,811" in text and "about 8,000" in text and "5,000" in text
    for col in columns.all():
        cell = col.locator('table.counts tr.disputed[data-type="ARREST"]').first
        assert _background(cell) != TRANSPARENT
        assert "disagrees" in cell.inner_text().lower()
    # the speakers only one outlet quotes, highlighted in their column
    for outlet, speaker in (
        ("kazakhstan_csto_2022.txt", "Anatoly Antonov"),
        ("Steppe Wire", "Laura Fenwick"),
        ("Caspian Courier", "Yuri Volkonsky"),
    ):
        li = page.locator(
            f'section.outlet-col[data-outlet="{outlet}"] ul.speakers li.unique', has_text=speaker
        )
        assert li.count() == 1 and _background(li) != TRANSPARENT
        assert speaker in page.locator("#unique-speakers").inner_text()

    shot = tmp_path / "stories.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SLANT_UPDATE_SCREENSHOT"):
        shutil.copyfile(shot, SCREENSHOT)

    # a top span links to its place in the article, where the reader marks it
    link = page.locator("a.span-link").first
    href = link.get_attribute("href")
    assert href.startswith("/articles/") and "#span-" in href
    with page.expect_navigation():
        link.click()
    page.wait_for_selector("#article-body")
    anchor = href.split("#", 1)[1]
    assert page.evaluate("location.hash") == "#" + anchor
    target = page.locator(f"#{anchor}")
    assert target.is_visible() and target.evaluate("m => m.matches('mark.t:target')")
    assert target.evaluate("m => getComputedStyle(m).outlineStyle") == "solid"
    assert watch.dialogs == [] and watch.csp == [] and watch.outside == []
    page.close()
