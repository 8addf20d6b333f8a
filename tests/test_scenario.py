"""Tests of analysis.scenario: dispersal key, Spreidingswet comparison, guidance model."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.scenario import (
    dispersal_key_scenario,
    guidance_demand_model,
    spreidingswet_comparison,
)
from core.schema import INDICATOR_COLUMNS
from tests.test_dispersal import (
    NL_POPULATIONS,
    X0,
    Y0,
    dispersal_locations,
    grid_municipalities,
    make_locations,
)


@pytest.fixture
def municipalities():
    return grid_municipalities()


@pytest.fixture
def locations():
    return dispersal_locations()


def indicator_rows(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "country": "NL",
        "level": "province",
        "area_code": "",
        "area_name": "",
        "indicator": "",
        "value": 0.0,
        "unit": "places",
        "reference_date": "",
        "source": "https://example.org",
        "method": "observed",
        "note": "",
    }
    df = pd.DataFrame([{**defaults, **r} for r in rows], columns=INDICATOR_COLUMNS)
    for col in INDICATOR_COLUMNS:
        df[col] = df[col].astype(float if col == "value" else "string")
    return df


# --------------------------------------------------------------------------- dispersal key


def test_dispersal_key_by_municipality_hand_checked(municipalities, locations):
    table = dispersal_key_scenario(locations, municipalities)
    assert len(table) == len(municipalities)
    row = table.set_index("area_code").loc["GM0001"]
    # NL: 600 known places; GM0001 holds half the population (150,000 of 300,000) and 400 places.
    assert row["population_share"] == pytest.approx(0.5)
    assert row["expected_places"] == pytest.approx(300.0)
    assert row["actual_places"] == 400
    assert row["difference"] == pytest.approx(-100.0)
    gm9 = table.set_index("area_code").loc["GM0009"]
    assert gm9["actual_places"] == 0 and gm9["locations_unknown_capacity"] == 1
    assert gm9["expected_places"] == pytest.approx(600 * 20_000 / 300_000)
    assert (table["level"] == "municipality").all()


def test_dispersal_key_by_province_hand_checked(municipalities, locations):
    table = dispersal_key_scenario(locations, municipalities, level="province").set_index("area_code")
    assert table.index.tolist() == ["PV20", "PV21", "PV22", "04000", "10000"]
    assert table.loc["PV20", "expected_places"] == pytest.approx(600 * sum(NL_POPULATIONS[:3]) / 300_000)
    assert table.loc["PV20", "actual_places"] == 600
    # BE: equal populations and equal places: no difference anywhere.
    assert table.loc[["04000", "10000"], "difference"].abs().max() == pytest.approx(0.0, abs=1e-9)


def test_dispersal_key_rejects_unknown_level(municipalities, locations):
    with pytest.raises(ValueError, match="level"):
        dispersal_key_scenario(locations, municipalities, level="region")


def test_dispersal_key_with_no_locations(municipalities, locations):
    table = dispersal_key_scenario(locations.iloc[:0], municipalities)
    assert (table["expected_places"] == 0).all() and (table["actual_places"] == 0).all()


codes = ["GM0001", "GM0002", "GM0005", "GM0009", "21001", "11002", "", "GM9999"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(codes), st.one_of(st.none(), st.integers(min_value=0, max_value=5_000))),
        max_size=30,
    ),
    st.sampled_from(["municipality", "province"]),
)
def test_expected_totals_equal_actual_totals(rows, level):
    municipalities = grid_municipalities()
    locs = make_locations(
        [
            {
                "id": f"r{i}",
                "country": "BE" if code[:1].isdigit() else "NL",
                "municipality_code": code,
                "capacity": cap,
                "x": X0,
                "y": Y0,
            }
            for i, (code, cap) in enumerate(rows)
        ]
    )
    table = dispersal_key_scenario(locs, municipalities, level=level)
    totals = table.groupby("country")[["expected_places", "actual_places", "difference"]].sum()
    for country, row in totals.iterrows():
        assert row["expected_places"] == pytest.approx(row["actual_places"], rel=1e-9, abs=1e-6), country
        assert row["difference"] == pytest.approx(0.0, abs=1e-6)
    shuffled = dispersal_key_scenario(
        locs.sample(frac=1, random_state=3), municipalities.iloc[::-1], level=level
    )
    pd.testing.assert_frame_equal(
        shuffled.set_index("area_code").sort_index(), table.set_index("area_code").sort_index(), rtol=1e-12
    )


# --------------------------------------------------------------------------- Spreidingswet


def test_spreidingswet_comparison(municipalities, locations):
    indicators = indicator_rows(
        [
            {
                "area_code": "PV20",
                "indicator": "spreidingswet_opgave_2024_2025",
                "value": 999,
                "reference_date": "2023-06",
            },
            {
                "area_code": "PV20",
                "indicator": "spreidingswet_opgave_2024_2025",
                "value": 1_000,
                "reference_date": "2024-01-31",
            },
            {
                "area_code": "PV21",
                "indicator": "spreidingswet_opgave_2024_2025",
                "value": 50,
                "reference_date": "2024-01-31",
            },
            # Ignored: other level, other indicator.
            {
                "area_code": "PV22",
                "level": "municipality",
                "indicator": "spreidingswet_opgave_2024_2025",
                "value": 7,
            },
            {"area_code": "PV22", "indicator": "existing_places_2023-01", "value": 7},
        ]
    )
    table = spreidingswet_comparison(locations, municipalities, indicators)
    assert table["province_code"].tolist() == [f"PV{n}" for n in range(20, 32)]
    pv = table.set_index("province_code")
    assert pv.loc["PV20", "current_places"] == 600
    assert pv.loc["PV20", "target_places"] == 1_000  # the latest row
    assert pv.loc["PV20", "difference"] == 400
    assert pv.loc["PV20", "target_reference_date"] == "2024-01-31"
    assert pv.loc["PV20", "target_source"] == "https://example.org"
    assert pv.loc["PV21", "difference"] == 50
    assert pd.isna(pv.loc["PV22", "target_places"]) and pv.loc["PV22", "locations_unknown_capacity"] == 1
    assert pv.loc["PV31", "current_places"] == 0


# --------------------------------------------------------------------------- guidance model


def _housing_targets() -> pd.DataFrame:
    common = {
        "country": "NL",
        "level": "country",
        "area_code": "NL00",
        "indicator": "housing_target_permit_holders",
    }
    return indicator_rows(
        [
            {**common, "value": 13_500, "reference_date": "2022-H2", "unit": "persons", "source": "s-2022"},
            {
                **common,
                "value": 21_200,
                "reference_date": "2023-H1",
                "unit": "persons",
                "source": "s-2023-h1",
            },
            {
                **common,
                "value": 23_000,
                "reference_date": "2023-H2",
                "unit": "persons",
                "source": "s-2023-h2",
            },
            {
                **common,
                "level": "municipality",
                "area_code": "GM0001",
                "value": 1,
                "reference_date": "2023-H1",
            },
        ]
    )


def test_guidance_demand_model(municipalities):
    table = guidance_demand_model(municipalities, _housing_targets())
    assert list(table.columns) == INDICATOR_COLUMNS
    assert len(table) == (municipalities["country"] == "NL").sum()
    assert table["value"].sum() == pytest.approx(21_200)
    assert table.set_index("area_code").loc["GM0001", "value"] == pytest.approx(21_200 * 0.5)
    assert (table["method"] == "population_share").all()
    assert (table["indicator"] == "guidance_demand_model").all()
    assert (table["unit"] == "persons").all() and (table["level"] == "municipality").all()
    assert (table["reference_date"] == "2023-H1").all() and (table["source"] == "s-2023-h1").all()
    assert table["note"].str.contains("Model").all()


def test_guidance_demand_model_needs_the_national_row(municipalities):
    with pytest.raises(ValueError, match="found 0"):
        guidance_demand_model(municipalities, _housing_targets().iloc[:1])
    doubled = pd.concat([_housing_targets(), _housing_targets()], ignore_index=True)
    with pytest.raises(ValueError, match="found 2"):
        guidance_demand_model(municipalities, doubled)


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real():
    from loaders import geodata

    return {
        "municipalities": geodata.load_municipalities(),
        "locations": geodata.load_locations(),
        "indicators": geodata.load_indicators(),
    }


@pytest.mark.parametrize("level", ["municipality", "province"])
def test_real_dispersal_key_totals(real, level):
    table = dispersal_key_scenario(real["locations"], real["municipalities"], level=level)
    known = real["locations"].dropna(subset=["capacity"]).groupby("country")["capacity"].sum()
    totals = table.groupby("country")[["expected_places", "actual_places"]].sum()
    for country in ("NL", "BE"):
        assert totals.loc[country, "actual_places"] == known[country]
        assert totals.loc[country, "expected_places"] == pytest.approx(known[country])


def test_real_spreidingswet_comparison(real):
    table = spreidingswet_comparison(real["locations"], real["municipalities"], real["indicators"])
    print("\n" + table.drop(columns="target_source").to_string())
    assert len(table) == 12
    assert table["target_places"].notna().all() and (table["target_places"] > 0).all()
    assert table["target_reference_date"].notna().all() and table["target_source"].notna().all()
    nl = real["locations"][real["locations"]["country"] == "NL"]
    assert table["current_places"].sum() == nl["capacity"].dropna().sum()
    assert table["locations"].sum() == len(nl)


def test_real_guidance_demand_model(real):
    indicators = real["indicators"]
    table = guidance_demand_model(real["municipalities"], indicators)
    national = indicators[
        (indicators["indicator"] == "housing_target_permit_holders")
        & (indicators["area_code"] == "NL00")
        & (indicators["reference_date"] == "2023-H1")
    ]
    assert len(national) == 1
    assert len(table) == (real["municipalities"]["country"] == "NL").sum()
    assert table["value"].sum() == pytest.approx(national["value"].iloc[0])
    assert (table["value"] > 0).all()
