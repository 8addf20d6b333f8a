"""AppTest of the Dispersal page: figures shown equal analysis/ on the shipped data.

Gini and hosting shares per country, the Spreidingswet table, the sidebar's
reference date from the URL, an upload with only Belgian rows, the scenario's
diverging classes and the language switch.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.dispersal import country_dispersal, gini, municipality_places
from analysis.reference_date import select_locations, unconfirmed_count
from analysis.scenario import dispersal_key_scenario, spreidingswet_comparison
from loaders import geodata
from tests.paths import run_app
from ui import colors, maps
from ui.i18n import LOCALES, format_number, format_percent, t
from ui.state import UPLOADED_LOCATIONS, USE_UPLOAD, Upload

PAGE = "app_pages/dispersal.py"


def run_page(*, query: dict | None = None, **state) -> AppTest:
    return run_app(PAGE, query=query, **state)


@pytest.fixture(scope="module")
def shipped():
    """The locations the page counts by default (in use at the end of 2023), from the files."""
    municipalities = geodata.load_municipalities()
    locations = select_locations(geodata.load_locations(), "end_2023")
    return locations, municipalities, geodata.load_indicators()


@pytest.fixture(scope="module")
def page() -> AppTest:
    return run_page()


def metrics(at: AppTest, label_key: str) -> list[str]:
    """Values of the metrics with this label, in page order (NL first, then BE)."""
    return [m.value for m in at.metric if m.label == t(label_key, "en")]


def test_page_runs_and_says_what_it_counts(page, shipped):
    locations, _, _ = shipped
    assert not page.exception
    assert not page.error
    assert page.title[0].value == t("dispersal.title", "en")
    captions = " ".join(c.value for c in page.caption)
    note = t(
        "reference.page_note",
        "en",
        reference=t("reference.short.end_2023", "en"),
        n=str(len(locations)),
        total=str(len(geodata.load_locations())),
        unconfirmed=str(unconfirmed_count(locations)),
    )
    assert note in captions


def test_gini_shown_equals_analysis(page, shipped):
    locations, municipalities, _ = shipped
    per_m = municipality_places(locations, municipalities)
    expected = {}
    for country in ("NL", "BE"):
        rows = per_m[per_m["country"] == country]
        expected[country] = gini(rows["places_known"], rows["population"])
    shown = metrics(page, "dispersal.kpi.gini")
    assert shown == [format_number(expected[c], "en", decimals=2) for c in ("NL", "BE")]
    title = t(
        "dispersal.lorenz_title",
        "en",
        ginis=(
            f"{t('country.NL', 'en')} {format_number(expected['NL'], 'en', decimals=2)}, "
            f"{t('country.BE', 'en')} {format_number(expected['BE'], 'en', decimals=2)}"
        ),
    )
    assert f"#### {title}" in [m.value for m in page.markdown]


def test_hosting_shares_equal_analysis(page, shipped):
    locations, municipalities, _ = shipped
    summary = country_dispersal(locations, municipalities)
    hosting = metrics(page, "dispersal.kpi.hosting")
    population = metrics(page, "dispersal.kpi.population_hosting")
    per_1000 = metrics(page, "dispersal.kpi.per_1000")
    for i, country in enumerate(("NL", "BE")):
        row = summary.loc[country]
        share = format_percent(row["hosting_share"], "en")
        assert hosting[i] == f"{format_number(row['municipalities_hosting'], 'en')} ({share})"
        assert population[i] == format_percent(row["population_hosting_share"], "en")
        assert per_1000[i] == format_number(row["places_per_1000"], "en", decimals=2)


def test_spreidingswet_table_equals_analysis(page, shipped):
    locations, municipalities, indicators = shipped
    expected = spreidingswet_comparison(locations, municipalities, indicators)
    expected = expected[expected["target_places"].notna()].sort_values("target_places", ascending=False)
    frames = [d.value for d in page.dataframe if "target" in d.value.columns]
    assert len(frames) == 1
    shown = frames[0]
    assert len(shown) == 12
    assert list(shown["current"]) == list(expected["current_places"])
    np.testing.assert_allclose(shown["target"], expected["target_places"])
    np.testing.assert_allclose(shown["difference"], expected["difference"])
    assert int(shown["target"].sum()) == 96000  # the national Spreidingswet total
    assert set(shown["date"]) == {"2024-01-31"}
    assert shown["source"].str.startswith("https://").all()


def test_every_figure_has_title_and_source_and_the_model_is_labelled(page):
    titles = [m.value for m in page.markdown if m.value.startswith("#### ")]
    assert len(titles) == 7  # headline, LOI/ILA, hosting, Lorenz, provinces, scenario, Spreidingswet
    assert any(t("common.model_label", "en") in title for title in titles)
    source = t("common.source_line", "en", sources="", date="").split(":")[0]
    sources = [c.value for c in page.caption if c.value.startswith(source)]
    assert len(sources) == 7
    legends = [h.proto.body for h in page.get("html") if 'class="legend"' in h.proto.body]
    assert len(legends) == 1 and t("common.model_label", "en") in legends[0]


@pytest.mark.parametrize("reference", ["during_2023", "all"])
def test_reference_date_from_the_url(shipped, reference):
    _, municipalities, _ = shipped
    # An old link's disp_status is harmless: ignored, the sidebar's reference date decides.
    at = run_page(query={"ref": reference, "disp_status": "current"})
    assert not at.exception
    assert at.selectbox(key="ref").value == reference
    kept = select_locations(geodata.load_locations(), reference)
    summary = country_dispersal(kept, municipalities)
    assert metrics(at, "dispersal.kpi.locations") == [
        format_number(summary.loc[c, "locations"], "en") for c in ("NL", "BE")
    ]
    assert metrics(at, "dispersal.kpi.gini") == [
        format_number(summary.loc[c, "gini"], "en", decimals=2) for c in ("NL", "BE")
    ]
    assert at.query_params["ref"] == reference


def test_upload_with_only_belgian_rows(shipped):
    _, municipalities, _ = shipped
    locations = geodata.load_locations()
    belgian = locations[locations["country"] == "BE"].reset_index(drop=True)
    at = run_page(**{UPLOADED_LOCATIONS: Upload(belgian, "be_only.csv", len(belgian)), USE_UPLOAD: True})
    assert not at.exception
    assert not at.error
    infos = [i.value for i in at.info]
    netherlands = t("country.NL", "en")
    assert t("dispersal.no_country", "en", country=netherlands) in infos
    assert t("dispersal.lorenz_empty", "en", country=netherlands) in infos
    assert t("dispersal.scenario_no_places", "en", country=netherlands) in infos
    expected = country_dispersal(select_locations(belgian), municipalities).loc["BE", "gini"]
    assert metrics(at, "dispersal.kpi.gini") == [format_number(expected, "en", decimals=2)]


def test_empty_upload_shows_a_message():
    empty = geodata.load_locations().iloc[0:0]
    at = run_page(**{UPLOADED_LOCATIONS: Upload(empty, "empty.csv", 0), USE_UPLOAD: True})
    assert not at.exception
    assert t("dispersal.no_locations", "en") in [i.value for i in at.info]


def test_scenario_classes_are_symmetric_and_centred(shipped):
    locations, municipalities, _ = shipped
    scenario = dispersal_key_scenario(locations, municipalities, level="municipality")
    totals = scenario.groupby("country")[["expected_places", "actual_places"]].sum()
    np.testing.assert_allclose(totals["expected_places"], totals["actual_places"])
    classes = colors.diverging_classes(scenario["difference"])
    edges = classes.edges
    np.testing.assert_allclose(edges, -edges[::-1])
    assert len(classes.colors) == 2 * len(classes.breaks) + 1
    middle = classes.colors[len(classes.breaks)]
    top = classes.breaks[-1]
    colours = classes.color_of([0.0, -top, -top * 10, top * 10, top, np.nan])
    assert colours[0] == middle
    assert colours[1] == colours[2] == classes.colors[0]  # <= -b_k: holds more than its share
    assert colours[3] == colours[4] == classes.colors[-1]  # >= b_k: holds fewer
    assert colours[5] == maps.NO_DATA_COLOR


def test_nice_breaks():
    assert colors._nice(7) == 5
    assert colors._nice(9) == 10
    assert colors._nice(130) == 100
    assert colors._nice(600) == 500
    assert colors.diverging_classes(pd.Series([0.0, 0.0])).breaks == (1.0,)


def test_language_switch():
    if not (LOCALES / "nl" / "dispersal.json").exists():
        pytest.skip("no Dutch dispersal catalogue yet")
    dutch = run_page(lang="nl")
    assert not dutch.exception
    assert dutch.title[0].value == t("dispersal.title", "nl")
    if t("dispersal.title", "nl") != t("dispersal.title", "en"):
        assert dutch.title[0].value != t("dispersal.title", "en")
    labels = [m.label for m in dutch.metric]
    assert labels.count(t("dispersal.kpi.gini", "nl")) == 2
