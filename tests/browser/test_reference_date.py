"""Browser test: the reference date lives in the URL and every page follows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app
from tests.test_reference_date import EXPECTED, LOCATIONS
from ui.i18n import format_number, t

pytestmark = pytest.mark.browser


def _expected_count(reference: str, confirmed: bool, country: str) -> int:
    keep = EXPECTED[reference] & (LOCATIONS["country"] == country)
    if confirmed:
        keep &= LOCATIONS["confirmed_2023"] == "yes"
    return int(keep.sum())


def _reference_shown(page: Page, lang: str) -> str:
    """The option the sidebar's reference-date select shows."""
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=t("reference.label", lang))
    expect(box).to_be_visible()
    return box.evaluate("el => el.value || el.textContent").strip()


def _metric_values(page: Page, label: str) -> list[str]:
    """Values of the metrics whose label is exactly ``label``, in page order."""
    values = []
    for metric in page.locator('[data-testid="stMetric"]').all():
        if metric.locator('[data-testid="stMetricLabel"]').inner_text().strip() == label:
            values.append(metric.locator('[data-testid="stMetricValue"]').inner_text().strip())
    return values


def test_the_reference_date_survives_a_permalink_and_a_page_switch(page: Page, app_url: str):
    lang = "de"
    # The compare page is the default page: its address is the root.
    page.goto(f"{app_url}/?ref=during_2023&confirmed=1&lang={lang}")
    wait_for_app(page)
    assert _reference_shown(page, lang) == t("reference.during_2023", lang)
    label = t("kpi.locations", lang)
    expected = [format_number(_expected_count("during_2023", True, c), lang) for c in ("NL", "BE")]
    assert _metric_values(page, label) == expected
    expect(page.get_by_text(t("kpi.not_confirmed", lang, n="0")).first).to_be_visible()
    assert "ref=during_2023" in page.url and "confirmed=1" in page.url
    expect(page.get_by_text("Page not found")).to_have_count(0)

    # Another page through the sidebar keeps the choice (and its URL).
    page.locator('[data-testid="stSidebarNav"] a', has_text=t("nav.dispersal", lang)).first.click()
    page.wait_for_timeout(300)
    wait_for_app(page)
    assert _reference_shown(page, lang) == t("reference.during_2023", lang)
    assert "ref=during_2023" in page.url and "confirmed=1" in page.url

    # A reload of the link reopens the same view.
    page.goto(page.url)
    wait_for_app(page)
    assert _reference_shown(page, lang) == t("reference.during_2023", lang)


def test_the_default_is_the_end_of_2023_and_nonsense_falls_back_to_it(page: Page, app_url: str):
    page.goto(f"{app_url}/?ref=1999")
    wait_for_app(page)
    assert _reference_shown(page, "en") == t("reference.end_2023", "en")
    label = t("kpi.locations", "en")
    expected = [format_number(_expected_count("end_2023", False, c), "en") for c in ("NL", "BE")]
    assert _metric_values(page, label) == expected
