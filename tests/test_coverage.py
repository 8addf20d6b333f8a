"""Tests of analysis.coverage and analysis.local_reception on the shipped files."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from analysis.coverage import capacity_quality, coverage_table
from analysis.dispersal import municipality_places
from analysis.local_reception import loi_figures, with_loi
from analysis.reference_date import in_use_on, select_locations
from loaders.geodata import GEODATA

LOCATIONS = pd.read_csv(GEODATA / "reception_locations.csv", dtype=str, keep_default_na=False)
FACTS = pd.read_csv(GEODATA / "facts.csv", dtype=str, keep_default_na=False)
INDICATORS = pd.read_csv(GEODATA / "indicators.csv", dtype=str, keep_default_na=False)


def fact(country: str, indicator: str, reference_date: str) -> pd.Series:
    rows = FACTS[
        (FACTS["country"] == country)
        & (FACTS["indicator"] == indicator)
        & (FACTS["reference_date"] == reference_date)
    ]
    assert len(rows) == 1, (country, indicator, reference_date)
    return rows.iloc[0]


def test_the_official_counts_are_facts_with_source_date_and_method():
    assert fact("NL", "coa_locations", "2023-09-25")["value"] == "219"
    on_sites = fact("NL", "coa_persons_on_coa_sites", "2023-09-25")
    assert on_sites["value"] == "51921" and on_sites["method"] == "compiled"
    parts = [
        fact("NL", "coa_persons_in_regular_locations", "2023-09-25"),
        fact("NL", "coa_persons_in_coa_emergency_reception", "2023-09-25"),
    ]
    assert sum(int(p["value"]) for p in parts) == 51921
    assert fact("BE", "fedasil_collective_centres", "2023-11-23")["value"] == "102"
    assert fact("BE", "fedasil_reception_capacity", "2023-12-31")["value"] == "35651"
    for name in ("coa_locations", "coa_persons_on_coa_sites", "fedasil_collective_centres"):
        row = FACTS[FACTS["indicator"] == name].iloc[0]
        assert row["source"].startswith("https://") and "Read on" in row["note"] or "compiled" in row["note"]


def _rows_in_use(country: str, day: str, *, without_crisis: bool) -> pd.DataFrame:
    rows = LOCATIONS[LOCATIONS["country"] == country]
    if without_crisis:
        rows = rows[rows["type"] != "crisis_emergency"]
    return rows[in_use_on(rows, pd.Timestamp(day).date()).to_numpy()]


def test_like_for_like_shares_equal_a_computation_from_the_files():
    table = coverage_table(LOCATIONS, FACTS).set_index("key")
    nl = _rows_in_use("NL", "2023-09-25", without_crisis=True)
    be_nov = _rows_in_use("BE", "2023-11-23", without_crisis=False)
    be_end = _rows_in_use("BE", "2023-12-31", without_crisis=False)
    places = lambda rows: pd.to_numeric(rows["capacity"], errors="coerce").sum()  # noqa: E731
    expected = {
        "nl_locations": len(nl) / 219,
        "nl_places_occupancy": places(nl) / (31087 + 20834),
        "be_locations": len(be_nov) / 102,
        "be_places_network": places(be_end) / 35651,
        "be_places_collective": places(be_end) / (35651 - 4617),
    }
    for key, share in expected.items():
        assert table.loc[key, "share"] == pytest.approx(share), key
    assert (
        table.loc["nl_locations", "official_source"] == "https://www.coa.nl/nl/lijst/capaciteit-en-bezetting"
    )
    assert table.loc["be_places_collective", "official_method"] == "compiled"


def test_a_missing_fact_leaves_the_share_empty_never_filled():
    table = coverage_table(LOCATIONS, FACTS[FACTS["indicator"] != "coa_locations"]).set_index("key")
    assert np.isnan(table.loc["nl_locations", "share"]) and np.isnan(table.loc["nl_locations", "official"])


@pytest.mark.parametrize("reference", ["end_2023", "during_2023", "all"])
def test_capacity_quality_shares(reference):
    selected = select_locations(LOCATIONS, reference)
    quality = capacity_quality(selected)
    for country in ("NL", "BE"):
        rows = selected[selected["country"] == country]
        with_cap = rows[rows["capacity"] != ""]
        dated = with_cap[with_cap["capacity_as_of"] != ""]
        old = dated[dated["capacity_as_of"].str[:4].astype(int) <= 2020]
        assert quality.loc[country, "without_capacity_share"] == pytest.approx(1 - len(with_cap) / len(rows))
        assert quality.loc[country, "capacity_old_share"] == pytest.approx(len(old) / len(with_cap))


def test_belgium_with_loi_adds_national_totals_and_bounds_what_cannot_be_mapped():
    municipalities = gpd.read_file(GEODATA / "municipalities.geojson")
    selected = select_locations(
        LOCATIONS.assign(capacity=pd.to_numeric(LOCATIONS["capacity"]).astype("Int64"))
    )
    per_m = municipality_places(selected, municipalities)
    figures = {f.key: f for f in loi_figures(FACTS, INDICATORS)}
    assert (figures["fedasil_2023_11"].places, figures["fedasil_2023_11"].municipalities) == (4617, 398)
    assert (figures["lalibre_2023_09"].places, figures["lalibre_2023_09"].municipalities) == (4723, 452)
    be = per_m[per_m["country"] == "BE"]
    population = be["population"].sum()
    hosting = int((be["locations"] > 0).sum())
    collective = pd.to_numeric(selected.loc[selected["country"] == "BE", "capacity"]).sum()
    for loi in figures.values():
        out = with_loi(per_m, loi)
        assert out["places_known"] == collective + loi.places
        assert out["places_per_1000"] == pytest.approx((collective + loi.places) / population * 1000)
        assert out["hosting_share_min"] == pytest.approx(max(hosting, loi.municipalities) / 581)
        assert out["hosting_share_max"] == pytest.approx(min(581, hosting + loi.municipalities) / 581)
        covered = be.loc[be["locations"] > 0, "population"].sum() / population
        assert covered < out["population_share_min"] < out["population_share_max"] <= 1
        assert np.isnan(out["gini"])
