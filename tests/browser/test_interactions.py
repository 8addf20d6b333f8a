"""Browser tests of what users do: click a centre, reopen a permalink, upload data.

Each test drives Debian's Chromium against the app served for the session,
with every non-local request aborted (see conftest.py).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.helpers import (
    GEODATA,
    country_frames,
    expected_locations,
    feature_counts,
    map_frames,
    wait_for_app,
    wait_for_features,
)
from ui.i18n import t

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"

POINT_POSITION_JS = """(id) => {
    let found = null;
    window.map.eachLayer(l => {
        if (l.feature && l.feature.properties && l.feature.properties.id === id && l.getLatLng) found = l;
    });
    if (!found) return null;
    window.map.setView(found.getLatLng(), 11, {animate: false});
    const p = window.map.latLngToContainerPoint(found.getLatLng());
    return {x: p.x, y: p.y, name: found.feature.properties.name};
}"""

POINT_NAMES_JS = """() => {
    const names = [];
    window.map.eachLayer(l => {
        const g = l.feature && l.feature.geometry;
        if (g && g.type === 'Point') names.push(l.feature.properties.name);
    });
    return names;
}"""


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def go_to(page: Page, title: str) -> None:
    """Client-side navigation through the sidebar (keeps the Streamlit session)."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def single_map(page: Page, *, polygons: int = 0, points: int = 1) -> Frame:
    frames = map_frames(page, count=1)
    wait_for_features(frames[0], polygons, points)
    return frames[0]


def click_location(frame: Frame, location_id: str) -> str:
    """Click a location's circle on the (canvas) map; returns its displayed name."""
    position = frame.evaluate(POINT_POSITION_JS, location_id)
    assert position, f"location {location_id} not on the map"
    frame.wait_for_timeout(300)
    position = frame.evaluate(POINT_POSITION_JS, location_id)
    frame.locator("#map_div").click(position={"x": position["x"], "y": position["y"]})
    return html.unescape(position["name"])


def test_click_on_a_centre_opens_its_panel(page: Page, app_url: str):
    open_page(page, f"{app_url}/explorer?country=NL&layers=locations")
    frame = single_map(page)
    name = click_location(frame, "nl-ter-apel")
    panel = page.locator('[data-testid="stHeading"]', has_text="Ter Apel")
    expect(panel.first).to_be_visible(timeout=60_000)
    assert name.startswith("Aanmeldcentrum / opvanglocatie Ter Apel")
    expect(page.get_by_text(t("explorer.distance_station", "en"))).to_be_visible()
    # The nearest station of Ter Apel is Emmen, 14.6 km (analysis/ on the shipped data).
    expect(page.get_by_text("14.6 km (Emmen, NL)")).to_be_visible()


def test_permalink_restores_the_explorer_view(page: Page, app_url: str):
    from tests.test_reference_date import EXPECTED

    # Every page counts the locations in use at the end of 2023 by default (the sidebar).
    locations = pd.read_csv(GEODATA / "reception_locations.csv")[EXPECTED["end_2023"].to_numpy()]
    expected = int(((locations["country"] == "BE") & (locations["type"] == "arrival")).sum())
    open_page(page, f"{app_url}/explorer?country=BE&type=arrival&lang=fr&measure=places_known")
    caption = t("explorer.shown", "fr", shown=expected, total=len(locations))
    expect(page.get_by_text(caption)).to_be_visible()
    expect(page.get_by_role("heading", name=t("explorer.title", "fr"))).to_be_visible()
    frame = single_map(page, polygons=342 + 581, points=expected)
    counts = feature_counts(frame)
    assert counts["points"] == expected
    assert "country=BE" in page.url and "lang=fr" in page.url


def upload_and_apply(page: Page, app_url: str, fixture: str) -> None:
    open_page(page, f"{app_url}/upload")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(FIXTURES / fixture))
    button = page.get_by_role("button", name="Use these")
    expect(button).to_be_visible(timeout=90_000)
    button.click()
    expect(page.get_by_text(fixture).first).to_be_visible(timeout=60_000)
    wait_for_app(page)


def test_hostile_names_render_as_text(page: Page, app_url: str):
    upload_and_apply(page, app_url, "hostile.csv")
    # The validation report shows the names literally, as text.
    assert page.dialogs == []
    go_to(page, t("nav.explorer", "en"))
    frame = single_map(page)
    names = [html.unescape(n) for n in frame.evaluate(POINT_NAMES_JS)]
    assert "<img src=x onerror=alert(1)>" in names
    # No element was created from the text: no <img src=x> and no script ran.
    assert frame.locator('img[src="x"]').count() == 0
    assert page.locator('img[src="x"]').count() == 0
    # Hover every point so each tooltip renders its (escaped) text.
    for location_id in ("h-1", "h-2", "h-3"):
        position = frame.evaluate(POINT_POSITION_JS, location_id)
        frame.locator("#map_div").hover(position={"x": position["x"], "y": position["y"]})
        frame.wait_for_timeout(200)
        tooltip = frame.locator(".leaflet-tooltip")
        if tooltip.count():
            assert tooltip.first.locator("img, script").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"


def test_upload_changes_the_maps_for_this_session_only(page: Page, app_url: str, browser):
    upload_and_apply(page, app_url, "rd_new.csv")
    accepted = page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()
    go_to(page, t("nav.compare", "en"))
    frames = country_frames(page)
    uploaded_points = feature_counts(frames["NL"])["points"] + feature_counts(frames["BE"])["points"]
    assert uploaded_points == int(accepted.replace(",", ""))
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "rd_new.csv" in sidebar

    # A second browser session still sees the shipped data.
    other = browser.new_context()
    other.route("**/*", lambda r: r.continue_() if "localhost" in r.request.url else r.abort())
    second = other.new_page()
    try:
        open_page(second, app_url)
        shipped = expected_locations()  # counted by default: in use at the end of 2023
        frames2 = country_frames(second)
        assert wait_for_features(frames2["NL"], 342, int(shipped["NL"]))["points"] == shipped["NL"]
        assert wait_for_features(frames2["BE"], 581, int(shipped["BE"]))["points"] == shipped["BE"]
        assert "rd_new.csv" not in second.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        other.close()

    # And the first session can go back to the shipped data.
    page.get_by_role("button", name=t("sidebar.back_to_shipped", "en")).click()
    wait_for_app(page)
    frames = country_frames(page)
    assert wait_for_features(frames["NL"], 342, int(shipped["NL"]))["points"] == shipped["NL"]


def test_statline_export_uploads_unedited(page: Page, app_url: str):
    """Issue 10: a CBS StatLine download, as downloaded, on the page: counts and aggregates."""
    from loaders.geodata import load_municipalities  # only this test needs it
    from loaders.upload import read_table, validate_indicators

    name = "statline_kerncijfers.csv"
    expected = validate_indicators(read_table((FIXTURES / name).read_bytes(), name), load_municipalities())
    open_page(page, f"{app_url}/upload")
    page.get_by_text(t("upload.kind.indicators", "en")).first.click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(FIXTURES / name))
    button = page.get_by_role("button", name="Use these")
    expect(button).to_be_visible(timeout=90_000)
    metrics = page.locator('[data-testid="stMetric"]')
    text = " ".join(metrics.all_inner_texts())
    assert f"{expected.rows_read:,}" in text and f"{expected.accepted_records:,}" in text
    assert t("upload.aggregates", "en") in text
    expect(page.get_by_text("Nederland, Noord-Nederland (LD), Groningen (PV)").first).to_be_visible()
    page.screenshot(
        path=str(Path(__file__).resolve().parents[1] / "output" / "browser" / "upload_statline.png")
    )


def test_coa_json_list_uploads_and_is_used(page: Page, app_url: str):
    """Issue 10: a COA list as JSON features in a wrapper object, applied like any upload."""
    upload_and_apply(page, app_url, "coa_locations.json")
    features = json.loads((FIXTURES / "coa_locations.json").read_text("utf-8"))["data"]["features"]
    text = " ".join(page.locator('[data-testid="stMetric"]').all_inner_texts())
    assert f"{len(features)}" in text
    expect(page.get_by_text("coa_locations.json").first).to_be_visible()
    page.screenshot(
        path=str(Path(__file__).resolve().parents[1] / "output" / "browser" / "upload_coa_json.png")
    )
