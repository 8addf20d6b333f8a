"""The compare page in a real browser with the network cut off to anything but localhost.

Both maps must draw every municipality and every reception location of the
shipped data (Leaflet and its CSS are served by the app itself), and a
permalink must restore the chosen measure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    canvas_painted,
    count_shapes,
    country_frames,
    expected_locations,
    expected_municipalities,
    feature_counts,
    fill_colors,
    map_frames,
    points_painted_last,
    wait_for_app,
    wait_for_features,
)
from ui.maps import LOCATION_TYPE_COLORS

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCALES = REPO_ROOT / "ui" / "locales"


def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language (the app's own catalogue, so labels are not hard-coded)."""
    strings: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        strings.update(json.loads(path.read_text(encoding="utf-8")))
    return strings


def test_expected_counts_match_the_design():
    """The figures the browser checks against are the shipped data's (342 / 581 per the design)."""
    assert expected_municipalities() == {"NL": 342, "BE": 581}
    locations = expected_locations()
    assert locations["NL"] > 0 and locations["BE"] > 0


def test_compare_maps_draw_offline(page, app_url, blocked_requests):
    municipalities = expected_municipalities()
    locations = expected_locations()

    page.goto(f"{app_url}/")
    wait_for_app(page)
    frames = country_frames(page)
    drawn = {}
    for country, frame in frames.items():
        wait_for_features(frame, municipalities[country], locations[country])
        drawn[country] = feature_counts(frame)
    wait_for_app(page)  # any rerun triggered by the components has finished

    for country in ("NL", "BE"):
        counts = drawn[country]
        assert counts["polygons"] == municipalities[country], (country, counts)
        assert counts["points"] == locations[country], (country, counts)
        assert count_shapes(frames[country]) == municipalities[country] + locations[country]
        # Rendered, not only added: the map's canvas has paint on it.
        assert counts["canvases"] >= 1, (country, counts)
        assert canvas_painted(frames[country]) > 0.05, country
        # The locations' file arrives before the larger municipality file; it is still painted on top.
        assert points_painted_last(frames[country]), country
        # Styled from the map-data file: class colours, not Leaflet's default blue.
        colors = fill_colors(frames[country])
        assert len(colors["polygons"]) >= 4 and "#3388ff" not in colors["polygons"], (country, colors)
        assert set(colors["points"]) <= {c.lower() for c in LOCATION_TYPE_COLORS.values()}, (country, colors)

    assert len(map_frames(page)) == 2
    assert page.locator('[data-testid="stException"]').count() == 0
    assert blocked_requests == [], f"the app requested non-local URLs: {sorted(set(blocked_requests))[:10]}"


def languages() -> list[str]:
    """Languages with a catalogue that names the measure (en first)."""
    found = [p.name for p in sorted(LOCALES.iterdir()) if "measure.places_known" in catalogue(p.name)]
    return sorted(found, key=lambda lang: (lang != "en", lang))


@pytest.mark.parametrize("lang", languages())
def test_permalink_restores_measure(page, app_url, blocked_requests, lang):
    strings = catalogue(lang)
    control = strings["compare.measure"]
    label = strings["measure.places_known"]

    page.goto(f"{app_url}/?measure=places_known&lang={lang}")
    wait_for_app(page)
    select = page.locator('[data-testid="stSelectbox"]').filter(has_text=control)
    # Widgets mount after the script has finished (their code is loaded lazily): wait for it.
    expect(select).to_have_count(1, timeout=90_000)
    # Streamlit's select box is a combobox whose input shows the chosen option.
    shown = select.get_by_role("combobox").input_value()
    assert shown == label, shown
    # The URL keeps the view, and the maps still draw for this measure.
    assert "measure=places_known" in page.url
    if lang != "en":
        assert f"lang={lang}" in page.url
    frames = country_frames(page)
    assert set(frames) == {"NL", "BE"}
    assert page.locator('[data-testid="stException"]').count() == 0
    assert blocked_requests == []


def test_remoteness_map_paints_locations_above_the_grey_base(page, app_url):
    page.goto(f"{app_url}/remoteness")
    wait_for_app(page)
    [frame] = map_frames(page, count=1)
    municipalities = expected_municipalities()
    wait_for_features(frame, municipalities["NL"] + municipalities["BE"], sum(expected_locations().values()))
    assert points_painted_last(frame)
