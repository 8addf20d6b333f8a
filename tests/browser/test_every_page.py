"""Every page loads in the browser, offline, in every language, without an error box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import OUTPUT_DIR, full_page_screenshot, map_frames, wait_for_app
from ui.i18n import LANGUAGES, t

pytestmark = pytest.mark.browser

# url path -> (title key, number of maps drawn on the page by default, number of charts)
PAGES = {
    "": ("compare.title", 2, 0),
    "explorer": ("explorer.title", 1, 0),
    "remoteness": ("remoteness.title", 1, 4),
    "dispersal": ("dispersal.title", 2, 4),
    "volunteers": ("volunteers.title", 1, 0),
    "upload": ("upload.title", 0, 0),
    "sources": ("sources.title", 0, 0),
}
# Marks Vega drew in one chart (its SVG or canvas): rectangles, lines, symbols, text.
CHART_MARKS_JS = """(chart) => {
    const canvas = chart.querySelector('canvas');
    return {height: chart.getBoundingClientRect().height,
            marks: chart.querySelectorAll(
                '.mark-rect path, .mark-line path, .mark-symbol path, .mark-text text').length,
            canvas: canvas ? canvas.height : 0};
}"""


@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_with_its_maps(page: Page, app_url: str, path: str):
    title_key, maps, charts = PAGES[path]
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=t(title_key, "en"), exact=True)).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    if maps:
        frames = map_frames(page, count=maps)
        for frame in frames:
            frame.wait_for_function("() => window.map && window.map._loaded", timeout=90_000)
    drawn = page.locator('[data-testid="stVegaLiteChart"]')
    expect(drawn).to_have_count(charts, timeout=90_000)
    for i in range(charts):
        expect(drawn.nth(i).locator("canvas, svg").first).to_be_attached(timeout=90_000)
        shown = drawn.nth(i).evaluate(CHART_MARKS_JS)
        # A chart whose data did not arrive draws an empty, zero-height frame.
        assert shown["height"] > 150, (i, shown)
        assert shown["marks"] > 0 or shown["canvas"] > 150, (i, shown)
    full_page_screenshot(page, OUTPUT_DIR / "pages" / f"{path or 'compare'}-en.png")


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_language_sticks_across_pages(page: Page, app_url: str, lang: str):
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=t("compare.title", lang), exact=True)).to_be_visible()
    page.locator('[data-testid="stSidebarNav"] a', has_text=t("nav.dispersal", lang)).first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=t("dispersal.title", lang), exact=True)).to_be_visible()
    assert f"lang={lang}" in page.url
    full_page_screenshot(page, OUTPUT_DIR / "pages" / f"dispersal-{lang}.png")
