"""AppTest of the Remoteness page: figures shown equal analysis/ on the shipped data.

Also the country filter and the sidebar's reference date with their URL round trip, an upload with only
Belgian rows, an empty upload, the CSV download's formula neutralisation and the
language switch.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.locations import LocationSelection
from analysis.reference_date import reference_mask
from analysis.remoteness import REMOTENESS_MEASURES, location_remoteness, remoteness_summary
from loaders import geodata
from tests.paths import run_app
from ui import remoteness_table
from ui.i18n import LOCALES, format_number, t
from ui.state import UPLOADED_LOCATIONS, USE_UPLOAD, Upload

PAGE = "app_pages/remoteness.py"


def run_page(*, query: dict | None = None, **state) -> AppTest:
    return run_app(PAGE, query=query, **state)


@pytest.fixture(scope="module")
def every_row() -> pd.DataFrame:
    """Every location with its remoteness, computed directly from loaders.geodata."""
    locations = geodata.load_locations()
    remote = location_remoteness(
        locations, geodata.load_stations(), geodata.load_places(), geodata.load_municipalities()
    )
    return remote.join(locations[["name", "status", "in_use_from", "in_use_to", "confirmed_2023"]])


def counted(rows: pd.DataFrame, reference: str = "end_2023") -> pd.DataFrame:
    """The rows the page counts under a reference date (the sidebar's default: end of 2023)."""
    kept = rows[reference_mask(rows, reference).to_numpy()]
    return kept.drop(columns=["in_use_from", "in_use_to", "confirmed_2023"])


@pytest.fixture(scope="module")
def shipped(every_row) -> pd.DataFrame:
    """The locations the page counts by default, with their remoteness."""
    return counted(every_row)


@pytest.fixture(scope="module")
def page() -> AppTest:
    return run_page()


def medians_frame(at: AppTest) -> pd.DataFrame:
    """The two medians tables (distances, then people within reach) stacked."""
    first = t("remoteness.col.measure", "en")
    frames = [d.value for d in at.dataframe if d.value.columns[0] == first]
    assert len(frames) == 2, "a medians table of distances and one of people within reach"
    return pd.concat(frames, ignore_index=True)


def table_frame(at: AppTest) -> pd.DataFrame:
    """The full location table (the dataframe with the 'nearest_place_20k_geonames' column)."""
    frames = [d.value for d in at.dataframe if "nearest_place_20k_geonames" in d.value.columns]
    return frames[-1]


def check_medians(shown: pd.DataFrame, summary: pd.DataFrame, countries: list[str]) -> None:
    measures = [m for m in REMOTENESS_MEASURES if m.endswith("_km")] + [
        m for m in REMOTENESS_MEASURES if m.startswith("population_within_")
    ]
    assert len(shown) == len(REMOTENESS_MEASURES)
    assert list(shown.iloc[:, 0]) == [t(f"remoteness.col.{m}", "en") for m in measures]
    for country in countries:
        name = t(f"country.{country}", "en")
        per_location = shown[t("remoteness.col.per_location", "en", country=name)].to_numpy(float)
        weighted = shown[t("remoteness.col.capacity_weighted", "en", country=name)].to_numpy(float)
        expected = [summary.loc[country, f"{m}_median"] for m in measures]
        expected_w = [summary.loc[country, f"{m}_median_capacity_weighted"] for m in measures]
        # Distances exactly as computed; populations rounded to whole persons for display.
        people = np.array([m.startswith("population_within_") for m in measures])
        for shown_values, wanted in ((per_location, expected), (weighted, expected_w)):
            wanted = np.asarray(wanted, float)
            np.testing.assert_allclose(shown_values[~people], wanted[~people], rtol=1e-12)
            np.testing.assert_allclose(shown_values[people], np.round(wanted[people]), rtol=0, atol=1e-9)


def test_page_runs_and_says_what_it_counts(page, every_row, shipped):
    assert not page.exception
    assert not page.error
    assert page.title[0].value == t("remoteness.title", "en")
    captions = " ".join(c.value for c in page.caption)
    unconfirmed = int((every_row.loc[shipped.index, "confirmed_2023"] != "yes").sum())
    note = t(
        "reference.page_note",
        "en",
        reference=t("reference.short.end_2023", "en"),
        n=str(len(shipped)),
        total=str(len(every_row)),
        unconfirmed=str(unconfirmed),
    )
    assert note in captions
    assert not [s for s in page.selectbox if s.key == "remote_status"]  # the sidebar decides


def test_medians_equal_analysis(page, shipped):
    summary = remoteness_summary(shipped.drop(columns=["name", "status"]))
    check_medians(medians_frame(page), summary, ["NL", "BE"])
    captions = " ".join(c.value for c in page.caption)
    for country in ("NL", "BE"):
        count = t(
            "remoteness.medians_counts",
            "en",
            country=t(f"country.{country}", "en"),
            locations=format_number(summary.loc[country, "locations"], "en"),
            with_capacity=format_number(summary.loc[country, "locations_with_capacity"], "en"),
            places=format_number(summary.loc[country, "places_known"], "en"),
        )
        assert count in captions


def test_table_and_most_remote_equal_analysis(page, shipped):
    table = table_frame(page)
    assert len(table) == len(shipped)
    for column in ("distance_to_station_own_km", "distance_to_town_50k_km", "population_within_5km"):
        np.testing.assert_allclose(
            table[column].to_numpy(float), shipped[column].to_numpy(float), rtol=1e-12, atol=0.5
        )
    near = t("remoteness.near.yes", "en")
    assert (table["near_threshold"] == near).sum() == shipped["near_threshold"].sum()
    top = [d.value for d in page.dataframe if list(d.value.columns) == list(remoteness_table.TOP_COLUMNS)][0]
    expected = shipped.sort_values("distance_to_station_own_km", ascending=False).head(10)
    assert list(top["name"]) == list(expected["name"])
    np.testing.assert_allclose(top["distance_to_station_own_km"], expected["distance_to_station_own_km"])


def test_every_figure_has_title_and_source(page):
    titles = [m.value for m in page.markdown if m.value.startswith("#### ")]
    assert len(titles) == 6  # medians, classes, distribution, map, most remote, table
    source = t("common.source_line", "en", sources="", date="").split(":")[0]
    sources = [c.value for c in page.caption if c.value.startswith(source)]
    assert len(sources) == 6
    assert all("iRail (no service level)" in s and "2024-01-01" in s and "2020-01-01" in s for s in sources)
    legend = [h.proto.body for h in page.get("html") if 'class="legend"' in h.proto.body]
    assert legend and all(t(f"remoteness.class.{c}", "en") in legend[0] for c in ("urban", "remote"))
    captions = [c.value for c in page.caption]
    assert t("remoteness.near_legend", "en") in captions


def test_download_is_offered(page):
    labels = [b.proto.label for b in page.get("download_button")]
    assert labels.count(t("remoteness.download", "en")) == 1
    # One "Download image" menu per figure: class shares, distributions, most remote, map.
    for kind in ("export.svg", "export.csv"):
        assert labels.count(t(kind, "en")) == 4, labels


def test_filters_come_from_and_go_to_the_url(every_row):
    # An old link's remote_status is harmless: ignored, the sidebar's reference date decides.
    at = run_page(query={"remote_country": "BE", "remote_status": "current", "ref": "all"})
    assert not at.exception
    assert at.radio(key="remote_country").value == "BE"
    assert at.query_params["remote_country"] == "BE"
    assert at.query_params["ref"] == "all"
    kept = counted(every_row, "all")
    kept = kept[kept["country"] == "BE"]
    table = table_frame(at)
    assert len(table) == len(kept)
    summary = remoteness_summary(kept.drop(columns=["name", "status"]))
    shown = medians_frame(at)
    assert len(shown.columns) == 3  # measure + BE per location + BE weighted
    check_medians(shown, summary, ["BE"])


def test_changing_the_country_updates_the_url(shipped):
    at = run_page()
    at.radio(key="remote_country").set_value("NL").run()
    assert not at.exception
    assert at.query_params["remote_country"] == "NL"
    assert len(table_frame(at)) == int((shipped["country"] == "NL").sum())


def test_upload_with_only_belgian_rows():
    locations = geodata.load_locations()
    belgian = locations[locations["country"] == "BE"].reset_index(drop=True)
    at = run_page(**{UPLOADED_LOCATIONS: Upload(belgian, "be_only.csv", len(belgian)), USE_UPLOAD: True})
    assert not at.exception
    assert not at.error
    infos = [i.value for i in at.info]
    assert t("remoteness.no_country", "en", country=t("country.NL", "en")) in infos
    assert len(medians_frame(at).columns) == 3
    assert any("be_only.csv" in c.value for c in at.caption)


def test_empty_upload_shows_a_message():
    empty = geodata.load_locations().iloc[0:0]
    at = run_page(**{UPLOADED_LOCATIONS: Upload(empty, "empty.csv", 0), USE_UPLOAD: True})
    assert not at.exception
    assert t("remoteness.no_locations", "en") in [i.value for i in at.info]


def test_csv_neutralises_formulas_but_not_numbers(shipped):
    table = shipped.head(3).copy()
    table["name"] = ['=HYPERLINK("x")', "+cmd", "Normal"]
    table["place"] = ["@SUM(A1)", "-2+3", " =1"]
    table["distance_to_station_own_km"] = [-1.5, 2.0, 3.0]  # numeric: left alone
    for column in ("type", "coord_precision", "municipality_code", "lat", "lon", "source_url"):
        if column not in table.columns:
            table[column] = "x"
    data = remoteness_table.csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ['\'=HYPERLINK("x")', "'+cmd", "Normal"]
    assert [r["place"] for r in rows] == ["'@SUM(A1)", "'-2+3", "' =1"]
    assert rows[0]["distance_to_station_own_km"] == "-1.5"
    assert {r["near_threshold"] for r in rows} <= {"true", "false"}
    assert "population_within_5km_min" in rows[0] and "remoteness_class_max" in rows[0]


def test_filter_locations_status_and_country():
    frame = pd.DataFrame(
        {"country": ["NL", "BE", "BE", "NL"], "status": ["open_2023", "planned_2023", "closed", pd.NA]}
    )

    def filter_locations(frame, *, status="all", country="all"):
        return LocationSelection.of_page(status=status, country=country).apply(frame)

    assert list(filter_locations(frame, status="current").index) == [0, 3]
    assert list(filter_locations(frame, status="all", country="BE").index) == [1, 2]
    assert filter_locations(frame, status="current", country="BE").empty


def test_language_switch():
    if not (LOCALES / "nl" / "remoteness.json").exists():
        pytest.skip("no Dutch remoteness catalogue yet")
    dutch = run_page(lang="nl")
    assert not dutch.exception
    assert dutch.title[0].value == t("remoteness.title", "nl")
    if t("remoteness.title", "nl") != t("remoteness.title", "en"):
        assert dutch.title[0].value != t("remoteness.title", "en")
    assert t("remoteness.medians_title", "nl") in [m.value.removeprefix("#### ") for m in dutch.markdown]


def test_near_threshold_counts_are_shown_per_country(page, shipped):
    summary = remoteness_summary(shipped.drop(columns=["name", "status"]))
    captions = " ".join(c.value for c in page.caption)
    for country in ("NL", "BE"):
        row = summary.loc[country]
        assert 0 < row["locations_near_threshold"] < row["locations"]
        text = t(
            "remoteness.near_caption",
            "en",
            country=t(f"country.{country}", "en"),
            locations=format_number(row["locations_near_threshold"], "en"),
            total=format_number(row["locations"], "en"),
            places=format_number(row["places_near_threshold"], "en"),
            places_total=format_number(row["places_known"], "en"),
        )
        assert text in captions


def test_map_tooltips_and_rings_show_the_near_threshold_flag(shipped):
    from analysis.remoteness import with_location_facts
    from ui import layers, maps

    locations = geodata.load_locations()
    table = with_location_facts(shipped.drop(columns=["name", "status"]), locations)
    data = layers.remoteness_location_geojson(table, "en", max_capacity=2000)
    features = data.geojson["features"]
    assert len(features) == len(table)
    near_text = t("remoteness.near.yes", "en")
    flagged = table["near_threshold"].astype(bool).to_numpy()
    for feature, style, is_near, row in zip(features, data.styles, flagged, table.itertuples(), strict=True):
        props = feature["properties"]
        assert set(layers.REMOTENESS_TOOLTIP_FIELDS) <= set(props)
        assert (near_text in props["remoteness_class"]) == is_near
        assert (style["weight"] == maps.NEAR_THRESHOLD_RING["weight"]) == is_near
        if row.nearest_station_own_type == "" and row.country == "BE":
            assert t("remoteness.station_type.none", "en") in props["station_own"]
    budel = features[int(np.flatnonzero(table["id"].to_numpy() == "nl-budel")[0])]["properties"]
    assert "Maarheeze" in budel["station_own"] and "local-train station" in budel["station_own"]
