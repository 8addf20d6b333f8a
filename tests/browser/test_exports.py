"""Browser tests of the journalist's tools: copy link, presentation mode, embed, image downloads.

Each permalink is read from the "Copy link" box, opened in a new browser
context (a new session, nothing shared) and must show the same view: the
same page, the same control values and the same link. Screenshots go to
tests/output/browser/.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.browser import offline_context
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.helpers import full_page_screenshot, map_frames, wait_for_app
from ui.i18n import t

pytestmark = pytest.mark.browser

COPY_LINK = '[data-testid="stSidebar"] [data-testid="stPopover"] button'
LINK = '[data-testid="stPopoverBody"] [data-testid="stCode"]'

# page path, query, {widget label key: shown value} the view must restore
VIEWS = [
    (
        "",
        {"measure": "locations", "ref": "during_2023", "lang": "nl"},
        {"compare.measure": "measure.locations", "reference.label": "reference.during_2023"},
    ),
    ("dispersal", {"ref": "all", "confirmed": "1", "lang": "de"}, {"reference.label": "reference.all"}),
    (
        "remoteness",
        {"remote_country": "BE", "remote_measure": "distance_to_town_50k_km", "lang": "fr"},
        {"remoteness.dist_measure": "remoteness.measure.distance_to_town_50k_km"},
    ),
    ("explorer", {"lang": "en"}, {}),
]


def open_url(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def link_of(page: Page) -> str:
    """The link in the sidebar's "Copy link" box (opened, read, closed again)."""
    page.locator(COPY_LINK).first.click()
    box = page.locator(LINK).first
    expect(box).to_be_visible()
    link = box.inner_text().strip()
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    return link


def selected(page: Page, label: str) -> str:
    """The shown value of the selectbox labelled ``label``."""
    widget = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    expect(widget).to_have_count(1, timeout=90_000)  # widgets mount lazily
    return widget.get_by_role("combobox").input_value()


@pytest.mark.parametrize(("path", "query", "widgets"), VIEWS, ids=[v[0] or "compare" for v in VIEWS])
def test_permalink_reopens_the_same_view_in_a_new_context(page: Page, browser, app_url, path, query, widgets):
    url = f"{app_url}/{path}?" + "&".join(f"{k}={v}" for k, v in query.items())
    open_url(page, url)
    lang = query["lang"]
    link = link_of(page)
    parts = urlsplit(link)
    assert parts.path.strip("/") == path, parts.path
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    for key, value in query.items():
        if key == "lang" and value == "en":
            continue
        assert params.get(key) == value, (key, params)
    shown = {key: selected(page, t(key, lang)) for key in widgets}
    for key, value_key in widgets.items():
        assert shown[key] == t(value_key, lang)

    other = offline_context(browser)
    try:
        fresh = other.new_page()
        open_url(fresh, link)
        assert link_of(fresh) == link, "the reopened view gives the same link"
        for key in widgets:
            assert selected(fresh, t(key, lang)) == shown[key]
        expect(fresh.locator("h1").first).to_have_text(page.locator("h1").first.inner_text())
        full_page_screenshot(fresh, OUTPUT_DIR / f"permalink_reopened_{path or 'compare'}.png")
    finally:
        other.close()


def test_presentation_mode_hides_sidebar_and_controls(page: Page, app_url):
    open_url(page, f"{app_url}/?present=1&lang=en")
    map_frames(page, 2)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
    for widget in ("stSelectbox", "stCheckbox", "stRadio", "stPopover", "stDownloadButton"):
        loc = page.locator(f'.stMain [data-testid="{widget}"]')
        for i in range(loc.count()):
            expect(loc.nth(i)).to_be_hidden()
    expect(page.get_by_text(t("compare.facts_title", "en"))).to_have_count(0)
    title = page.locator("h4").first
    expect(title).to_be_visible()
    size = float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 26, f"title {size}px: larger type in presentation mode"
    expect(page.get_by_text("Source:").first).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT_DIR / "presentation_compare.png"), full_page=False)
    exit_button = page.get_by_role("button", name=t("export.exit_present", "en"))
    expect(exit_button).to_be_visible()
    exit_button.click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
    assert "present" not in page.url


def test_presentation_toggle_puts_present_in_the_url(page: Page, app_url):
    open_url(page, f"{app_url}/dispersal?lang=en")
    toggle = page.locator(
        '[data-testid="stSidebar"] [data-testid="stCheckbox"]', has_text=t("export.present", "en")
    )
    expect(toggle).to_have_count(1, timeout=90_000)  # widgets mount lazily
    toggle.locator("label").first.click()
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('present=1')")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    full_page_screenshot(page, OUTPUT_DIR / "presentation_dispersal.png")


def test_embed_view_for_iframes(page: Page, app_url):
    """``?embed=true`` drops Streamlit's header and toolbar; with ``present=1`` the sidebar goes too."""
    open_url(page, f"{app_url}/?embed=true&lang=en")
    map_frames(page, 2)
    expect(page.locator('[data-testid="stToolbar"]')).to_have_count(0)
    expect(page.locator("h1").first).to_be_visible()
    open_url(page, f"{app_url}/?embed=true&present=1&lang=en")
    map_frames(page, 2)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    expect(page.locator("h4").first).to_be_visible()


def test_download_image_in_two_clicks(page: Page, app_url):
    open_url(page, f"{app_url}/?lang=en")
    map_frames(page, 2)
    menu = page.locator('[data-testid="stPopover"]', has_text=t("export.menu", "en")).first
    menu.click()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=t("export.png", "en", width="2,000")).click()
    path = info.value.path()
    image = Image.open(io.BytesIO(Path(path).read_bytes()))
    assert image.width == 2000
    assert info.value.suggested_filename.endswith(".png")
