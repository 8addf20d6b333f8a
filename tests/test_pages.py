"""AppTest page tests: every page runs, shows the analysis figures, switches language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis import dispersal, remoteness
from analysis.reference_date import select_locations
from loaders import geodata
from loaders.upload import read_table, validate_locations
from tests.paths import DASHBOARD, FIXTURES, run_app
from ui.i18n import format_number, format_percent, t
from ui.state import UPLOADED_LOCATIONS, USE_UPLOAD, Upload

PAGES = ["compare", "explorer", "remoteness", "dispersal", "volunteers", "upload", "sources"]


def run_page(page: str, **state) -> AppTest:
    return run_app(None if page == "compare" else f"app_pages/{page}.py", **state)


@pytest.fixture(scope="module")
def shipped():
    municipalities = geodata.load_municipalities()
    # What every page counts by default: the locations in use at the end of 2023.
    locations = select_locations(geodata.load_locations(), "end_2023")
    summary = dispersal.country_dispersal(locations, municipalities)
    remote = remoteness.location_remoteness(
        locations, geodata.load_stations(), geodata.load_places(), municipalities
    )
    return summary, remote


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = run_page(page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def test_compare_shows_analysis_figures(shipped):
    summary, remote = shipped
    at = run_page("compare")
    values = [m.value for m in at.metric]
    labels = [m.label for m in at.metric]
    assert labels.count(t("kpi.locations", "en")) == 2
    remote_summary = remoteness.remoteness_summary(remote)
    for country in ("NL", "BE"):
        row = summary.loc[country]
        assert format_number(row["locations"], "en") in values
        assert format_number(row["places_known"], "en") in values
        share = format_percent(row["hosting_share"], "en")
        hosting = f"{format_number(row['municipalities_hosting'], 'en')} ({share})"
        assert hosting in values
        assert format_percent(row["top10_places_share"], "en") in values
        r = remote_summary.loc[country]
        for column in (
            "distance_to_station_own_km_median",
            "distance_to_station_own_km_median_capacity_weighted",
        ):
            assert f"{format_number(r[column], 'en', decimals=1)} km" in values
        remote_kpi = t(
            "kpi.remote_value",
            "en",
            places=format_number(r["places_remote"], "en"),
            share=format_percent(r["share_places_remote"], "en"),
        )
        assert remote_kpi in values
        assert format_number(row["gini"], "en", decimals=2) in values
    assert values[0] == format_number(summary.loc["NL", "locations"], "en")


def test_compare_has_source_line_and_image_downloads():
    at = run_page("compare")
    captions = " ".join(c.value for c in at.caption)
    assert "Source: CBS/Kadaster (PDOK), Statbel" in captions
    assert "NL population 2024-01-01, BE 2020-01-01" in captions
    labels = [b.label for b in at.get("download_button")]
    assert t("export.png", "en", width="2,000") in labels
    assert t("export.svg", "en") in labels and t("export.csv", "en") in labels


def test_language_switch_changes_labels():
    english = run_page("compare")
    dutch = run_page("compare", lang="nl")
    assert english.title[0].value == t("compare.title", "en")
    assert dutch.title[0].value == t("compare.title", "nl")
    assert dutch.title[0].value != english.title[0].value
    assert dutch.metric[0].label == t("kpi.locations", "nl") != t("kpi.locations", "en")


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_every_language(page, lang):
    at = run_page(page, lang=lang)
    assert not at.exception
    assert at.title[0].value == t(f"{'compare' if page == 'compare' else page}.title", lang)


def test_measure_from_url_is_restored():
    at = AppTest.from_file(str(DASHBOARD), default_timeout=90)
    at.query_params["measure"] = "places_known"
    at.run()
    assert at.selectbox(key="measure").value == "places_known"


def test_uploaded_locations_switch_the_compare_page():
    table = read_table((FIXTURES / "mixed_good_bad.csv").read_bytes(), "mixed_good_bad.csv")
    report = validate_locations(table, geodata.load_municipalities())
    upload = Upload(report.accepted, "mixed_good_bad.csv", len(report.accepted))
    at = run_page("compare", **{UPLOADED_LOCATIONS: upload, USE_UPLOAD: True})
    assert not at.exception
    counts = select_locations(report.accepted)["country"].value_counts()
    values = [m.value for m in at.metric]
    for country in ("NL", "BE"):
        if country in counts:
            assert format_number(counts[country], "en") in values
    sidebar = " ".join(i.value for i in at.sidebar.info)
    assert "mixed_good_bad.csv" in sidebar
    assert any(b.label == t("sidebar.back_to_shipped", "en") for b in at.sidebar.button)


def test_back_to_shipped_data(shipped):
    summary, _ = shipped
    table = read_table((FIXTURES / "mixed_good_bad.csv").read_bytes(), "mixed_good_bad.csv")
    report = validate_locations(table, geodata.load_municipalities())
    at = run_page("compare", **{UPLOADED_LOCATIONS: Upload(report.accepted, "x.csv", 1), USE_UPLOAD: True})
    at.sidebar.button(key="back_to_shipped").click().run()
    assert at.metric[0].value == format_number(summary.loc["NL", "locations"], "en")


def test_volunteers_page_labels_the_model():
    at = run_page("volunteers")
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "MODEL" in text
    values = [m.value for m in at.metric]
    labels = [m.label for m in at.metric]
    shown = dict(zip(labels, values, strict=True))
    assert shown[t("fact.volunteers", "en")] == "9,300"
    # "Ruim 87.800" on the slides: approx_above, worded "over" (ui/qualifiers.py).
    assert shown[t("fact.refugees_guided_asylum_procedure", "en")] == t(
        "qualifier.approx_above_over", "en", value="87,800"
    )
    assert shown[t("fact.municipalities_active", "en")] == "280"
    assert shown[t("fact.founded", "en")] == "1987"
    assert shown[t("fact.integration_programme_fee", "en")] == "360 EUR"
