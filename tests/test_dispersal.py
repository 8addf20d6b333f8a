"""Tests of analysis.dispersal: Lorenz/Gini, per-area places, country figures.

The fixture builders at the top (a grid of square municipalities laid out in
EPSG:3035 and stored in EPSG:4326) are shared with test_remoteness.py and
test_scenario.py.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dispersal import (
    country_dispersal,
    gini,
    lorenz_curve,
    municipality_places,
    province_places,
)
from analysis.remoteness import remoteness_summary, weighted_median
from core.schema import EQUAL_AREA, LOCATION_COLUMNS, WGS84

# --------------------------------------------------------------------------- fixture builders

X0, Y0 = 3_980_000.0, 3_220_000.0  # EPSG:3035 metres, near Utrecht
BE_X0, BE_Y0 = 3_900_000.0, 3_050_000.0  # EPSG:3035 metres, near Brussels
CELL_M = 10_000.0  # 10 km squares: 100 km² each

# Row-major over the 3x3 grid, GM0001 at the south-west corner; each grid row is a province.
NL_POPULATIONS = [150_000, 20_000, 40_000, 10_000, 10_000, 10_000, 20_000, 20_000, 20_000]
BE_POPULATIONS = [25_000, 25_000, 25_000, 25_000]

_TO_WGS84 = pyproj.Transformer.from_crs(EQUAL_AREA, WGS84, always_xy=True)


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """EPSG:3035 metres -> WGS84 (lon, lat) degrees."""
    lon, lat = _TO_WGS84.transform(x, y)
    return float(lon), float(lat)


def cell_centre(i: int, *, x0: float = X0, y0: float = Y0, ncols: int = 3) -> tuple[float, float]:
    """EPSG:3035 centre of grid cell ``i`` (row-major from the south-west)."""
    row, col = divmod(i, ncols)
    return x0 + (col + 0.5) * CELL_M, y0 + (row + 0.5) * CELL_M


def grid_municipalities() -> gpd.GeoDataFrame:
    """3x3 NL grid (GM0001..GM0009, provinces PV20-PV22 by row) and 2x2 BE grid, EPSG:4326."""
    rows = []
    for i, pop in enumerate(NL_POPULATIONS):
        row, col = divmod(i, 3)
        rows.append(
            {
                "country": "NL",
                "code": f"GM{i + 1:04d}",
                "name": f"Gemeente {i + 1}",
                "province": f"Provincie {row}",
                "province_code": f"PV{20 + row}",
                "population": pop,
                "population_date": "2024-01-01",
                "geometry": shapely.box(
                    X0 + col * CELL_M, Y0 + row * CELL_M, X0 + (col + 1) * CELL_M, Y0 + (row + 1) * CELL_M
                ),
            }
        )
    be_codes = ["21001", "21002", "11001", "11002"]
    be_provinces = [
        ("04000", "Brussel"),
        ("04000", "Brussel"),
        ("10000", "Antwerpen"),
        ("10000", "Antwerpen"),
    ]
    for i, pop in enumerate(BE_POPULATIONS):
        row, col = divmod(i, 2)
        rows.append(
            {
                "country": "BE",
                "code": be_codes[i],
                "name": f"Commune {i + 1}",
                "province": be_provinces[i][1],
                "province_code": be_provinces[i][0],
                "population": pop,
                "population_date": "2020-01-01",
                "geometry": shapely.box(
                    BE_X0 + col * CELL_M,
                    BE_Y0 + row * CELL_M,
                    BE_X0 + (col + 1) * CELL_M,
                    BE_Y0 + (row + 1) * CELL_M,
                ),
            }
        )
    gdf = gpd.GeoDataFrame(rows, crs=EQUAL_AREA)
    gdf["area_km2"] = gdf.geometry.area / 1e6
    gdf["name_nl"] = gdf["name"]
    gdf["name_fr"] = ""
    gdf["region"] = ""
    for col in (
        "country",
        "code",
        "name",
        "name_nl",
        "name_fr",
        "province",
        "province_code",
        "region",
        "population_date",
    ):
        gdf[col] = gdf[col].astype("string")
    gdf["population"] = gdf["population"].astype("int64")
    return gdf.to_crs(WGS84)


def make_locations(rows: list[dict]) -> pd.DataFrame:
    """Canonical locations from dicts with ``id``, ``x``/``y`` (EPSG:3035) and any other column."""
    records = []
    for r in rows:
        lon, lat = to_lonlat(r["x"], r["y"])
        record = {
            "country": "NL",
            "name": r["id"],
            "operator": "COA",
            "type": "regular",
            "place": "",
            "municipality_code": "",
            "coord_precision": "site",
            "capacity": None,
            "capacity_as_of": "",
            "status": "open_2023",
            "source_url": "",
            "notes": "",
            **{k: v for k, v in r.items() if k not in ("x", "y")},
            "lat": lat,
            "lon": lon,
        }
        records.append(record)
    df = pd.DataFrame(records, columns=LOCATION_COLUMNS)
    for col in LOCATION_COLUMNS:
        if col in ("lat", "lon"):
            df[col] = df[col].astype(float)
        elif col == "capacity":
            df[col] = pd.array(df[col].tolist(), dtype="Int64")
        else:
            df[col] = df[col].astype("string")
    return df


def dispersal_locations() -> pd.DataFrame:
    """NL: 300 + 100 in GM0001, 200 in GM0003, unknown in GM0009. BE: 100 in each municipality."""
    rows = [
        {
            "id": "l1",
            "municipality_code": "GM0001",
            "capacity": 300,
            "x": cell_centre(0)[0],
            "y": cell_centre(0)[1],
        },
        {
            "id": "l2",
            "municipality_code": "GM0001",
            "capacity": 100,
            "x": cell_centre(0)[0] + 500,
            "y": cell_centre(0)[1],
        },
        {
            "id": "l3",
            "municipality_code": "GM0003",
            "capacity": 200,
            "x": cell_centre(2)[0],
            "y": cell_centre(2)[1],
        },
        {
            "id": "l4",
            "municipality_code": "GM0009",
            "capacity": None,
            "x": cell_centre(8)[0],
            "y": cell_centre(8)[1],
        },
    ]
    for i, code in enumerate(["21001", "21002", "11001", "11002"]):
        x, y = cell_centre(i, x0=BE_X0, y0=BE_Y0, ncols=2)
        rows.append(
            {"id": f"b{i}", "country": "BE", "municipality_code": code, "capacity": 100, "x": x, "y": y}
        )
    return make_locations(rows)


@pytest.fixture
def municipalities() -> gpd.GeoDataFrame:
    return grid_municipalities()


@pytest.fixture
def locations() -> pd.DataFrame:
    return dispersal_locations()


# --------------------------------------------------------------------------- Gini and Lorenz


def test_gini_equal_allocation_is_zero():
    assert gini([5, 5, 5, 5], [100, 100, 100, 100]) == pytest.approx(0.0, abs=1e-12)
    # Proportional to unequal populations: still zero.
    assert gini([10, 20, 70], [1_000, 2_000, 7_000]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 10, 342])
def test_gini_everything_in_one_of_n_equal_units(n):
    values = np.zeros(n)
    values[n // 2] = 1234.0
    assert gini(values, np.full(n, 50.0)) == pytest.approx(1 - 1 / n, abs=1e-12)


def test_gini_hand_computed_grouped_case():
    # Points (0,0), (0.5, 0), (1, 1): twice the area is 0.5 -> Gini 0.5.
    assert gini([0, 10], [1, 1]) == pytest.approx(0.5)
    # Two units, populations 1 and 3, places 3 and 1: sorted by places per inhabitant
    # (1/3 then 3) gives (0,0), (0.75, 0.25), (1,1): twice the area 0.75*0.25 + 0.25*1.25 = 0.5.
    assert gini([3, 1], [1, 3]) == pytest.approx(0.5)


def test_gini_undefined_without_places_or_population():
    assert math.isnan(gini([0, 0], [10, 10]))
    assert math.isnan(gini([], []))
    assert math.isnan(gini([1, 2], [0, 0]))


def test_gini_rejects_bad_input():
    with pytest.raises(ValueError, match="negative"):
        gini([1, -1], [1, 1])
    with pytest.raises(ValueError, match="NaN"):
        gini([1, np.nan], [1, 1])
    with pytest.raises(ValueError, match="differ in length"):
        gini([1, 2, 3], [1, 1])


def test_lorenz_curve_starts_at_origin_and_ends_at_one():
    curve = lorenz_curve([0, 0, 0, 20], [100, 100, 100, 100])
    assert list(curve.columns) == ["population_share_cum", "places_share_cum"]
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == [1.0, 1.0]
    assert curve["places_share_cum"].tolist() == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert curve["population_share_cum"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])
    assert lorenz_curve([0, 0], [1, 1]).empty


weights_and_values = st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=n, max_size=n),
        st.lists(st.floats(min_value=1e-3, max_value=1e7, allow_nan=False), min_size=n, max_size=n),
    )
)


@settings(deadline=None)  # timing is for the bench scripts; a loaded CI must not fail it
@given(weights_and_values)
def test_gini_is_between_zero_and_one(pair):
    values, weights = pair
    g = gini(values, weights)
    if sum(values) > 0:
        assert 0.0 <= g <= 1.0
    else:
        assert math.isnan(g)


@settings(deadline=None)  # timing is for the bench scripts; a loaded CI must not fail it
@given(weights_and_values, st.randoms(use_true_random=False))
def test_gini_does_not_depend_on_order(pair, rnd):
    values, weights = pair
    order = list(range(len(values)))
    rnd.shuffle(order)
    a = gini(values, weights)
    b = gini([values[i] for i in order], [weights[i] for i in order])
    assert a == pytest.approx(b, abs=1e-9) or (math.isnan(a) and math.isnan(b))


@settings(deadline=None)  # timing is for the bench scripts; a loaded CI must not fail it
@given(weights_and_values)
def test_lorenz_curve_is_monotone_and_below_diagonal(pair):
    values, weights = pair
    curve = lorenz_curve(values, weights)
    if curve.empty:
        return
    x = curve["population_share_cum"].to_numpy()
    y = curve["places_share_cum"].to_numpy()
    assert (np.diff(x) >= -1e-12).all() and (np.diff(y) >= -1e-12).all()
    assert (y <= x + 1e-9).all()


# --------------------------------------------------------------------------- weighted median


def test_weighted_median_hand_cases():
    assert weighted_median([1, 2, 3, 4], [1, 1, 1, 1]) == 2.5
    assert weighted_median([1, 2, 3], [1, 1, 10]) == 3.0
    assert weighted_median([5, 1, 3], [1, 1, 1]) == 3.0
    # Missing values or weights and zero weights are left out.
    assert weighted_median([1, np.nan, 9, 2], [1, 5, 0, np.nan]) == 1.0
    assert math.isnan(weighted_median([1, 2], [0, 0]))


@settings(deadline=None)  # timing is for the bench scripts; a loaded CI must not fail it
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=50))
def test_weighted_median_with_equal_weights_is_the_median(values):
    assert weighted_median(values, [7] * len(values)) == pytest.approx(
        float(np.median(values)), rel=1e-12, abs=1e-9
    )


# --------------------------------------------------------------------------- per area


def test_municipality_places(municipalities, locations):
    per_m = municipality_places(locations, municipalities)
    assert isinstance(per_m, gpd.GeoDataFrame)
    assert per_m.crs == municipalities.crs
    assert len(per_m) == len(municipalities)
    assert per_m["code"].tolist() == municipalities["code"].tolist()
    by_code = per_m.set_index("code")
    assert by_code.loc["GM0001", ["locations", "places_known", "locations_unknown_capacity"]].tolist() == [
        2,
        400,
        0,
    ]
    assert by_code.loc["GM0009", ["locations", "places_known", "locations_unknown_capacity"]].tolist() == [
        1,
        0,
        1,
    ]
    assert by_code.loc["GM0002", ["locations", "places_known", "locations_unknown_capacity"]].tolist() == [
        0,
        0,
        0,
    ]
    assert by_code.loc["GM0001", "places_per_1000"] == pytest.approx(400 / 150_000 * 1000)
    for col in ("country", "name", "province", "population"):
        assert col in per_m.columns


def test_province_places(municipalities, locations):
    per_p = province_places(locations, municipalities)
    assert per_p[["country", "province_code"]].values.tolist() == [
        ["NL", "PV20"],
        ["NL", "PV21"],
        ["NL", "PV22"],
        ["BE", "04000"],
        ["BE", "10000"],
    ]
    pv20 = per_p.set_index("province_code").loc["PV20"]
    assert pv20["population"] == sum(NL_POPULATIONS[:3])
    assert pv20["municipalities"] == 3
    assert pv20["municipalities_hosting"] == 2
    assert pv20["places_known"] == 600
    assert pv20["places_per_1000"] == pytest.approx(600 / 210_000 * 1000)
    pv22 = per_p.set_index("province_code").loc["PV22"]
    assert (pv22["locations"], pv22["places_known"], pv22["locations_unknown_capacity"]) == (1, 0, 1)


def test_country_dispersal_hand_checked(municipalities, locations):
    table = country_dispersal(locations, municipalities)
    assert table.index.tolist() == ["NL", "BE"]
    nl = table.loc["NL"]
    assert nl["locations"] == 4
    assert nl["places_known"] == 600
    assert nl["locations_unknown_capacity"] == 1
    assert nl["locations_without_municipality"] == 0
    assert nl["municipalities"] == 9
    assert nl["municipalities_hosting"] == 3
    assert nl["hosting_share"] == pytest.approx(1 / 3)
    assert nl["population_hosting_share"] == pytest.approx((150_000 + 40_000 + 20_000) / 300_000)
    assert nl["places_per_1000"] == pytest.approx(2.0)
    # Lorenz points (0,0), (110/300, 0), (260/300, 2/3), (1, 1): Gini = 1 - 5/9.
    assert nl["gini"] == pytest.approx(4 / 9)
    assert nl["top10_places_share"] == pytest.approx(1.0)
    assert nl["median_location_size"] == 200
    be = table.loc["BE"]
    assert be["gini"] == pytest.approx(0.0, abs=1e-12)
    assert be["hosting_share"] == 1.0


def test_unknown_capacity_is_not_zero(municipalities):
    locs = make_locations(
        [
            {"id": "a", "municipality_code": "GM0001", "capacity": 100, "x": X0 + 1, "y": Y0 + 1},
            {"id": "b", "municipality_code": "GM0001", "capacity": None, "x": X0 + 2, "y": Y0 + 2},
            {"id": "c", "municipality_code": "GM0002", "capacity": 300, "x": X0 + 3, "y": Y0 + 3},
        ]
    )
    nl = country_dispersal(locs, municipalities).loc["NL"]
    assert nl["locations"] == 3
    assert nl["locations_unknown_capacity"] == 1
    assert nl["median_location_size"] == 200  # median of 100 and 300, the unknown is not a 0
    assert nl["municipalities_hosting"] == 2


def test_top10_share_uses_the_ten_largest(municipalities):
    locs = make_locations(
        [
            {"id": f"l{c}", "municipality_code": "GM0005", "capacity": c, "x": X0, "y": Y0}
            for c in range(1, 13)
        ]
    )
    nl = country_dispersal(locs, municipalities).loc["NL"]
    assert nl["top10_places_share"] == pytest.approx(sum(range(3, 13)) / sum(range(1, 13)))


def test_locations_without_municipality_are_counted(municipalities, locations):
    extra = make_locations(
        [
            {"id": "nocode", "capacity": 50, "x": X0, "y": Y0},
            {"id": "badcode", "municipality_code": "GM9999", "capacity": 70, "x": X0, "y": Y0},
        ]
    )
    table = country_dispersal(pd.concat([locations, extra], ignore_index=True), municipalities)
    nl = table.loc["NL"]
    assert nl["locations"] == 6
    assert nl["locations_without_municipality"] == 2
    assert nl["places_known"] == 720
    assert municipality_places(extra, municipalities)["locations"].sum() == 0


def test_empty_locations(municipalities, locations):
    empty = locations.iloc[:0]
    table = country_dispersal(empty, municipalities)
    assert table.loc["NL", "locations"] == 0
    assert table.loc["NL", "municipalities"] == 9
    assert math.isnan(table.loc["NL", "gini"])
    assert municipality_places(empty, municipalities)["locations"].sum() == 0
    assert len(province_places(empty, municipalities)) == 5


def test_inputs_are_not_mutated(municipalities, locations):
    before_m, before_l = municipalities.copy(), locations.copy()
    municipality_places(locations, municipalities)
    province_places(locations, municipalities)
    country_dispersal(locations, municipalities)
    pd.testing.assert_frame_equal(locations, before_l)
    assert_geodataframe_equal(municipalities, before_m, check_crs=True)


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rnd):
    municipalities, locations = grid_municipalities(), dispersal_locations()
    expected = country_dispersal(locations, municipalities)
    loc_order = list(range(len(locations)))
    mun_order = list(range(len(municipalities)))
    rnd.shuffle(loc_order)
    rnd.shuffle(mun_order)
    got = country_dispersal(locations.iloc[loc_order], municipalities.iloc[mun_order])
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    a = municipality_places(locations, municipalities).set_index("code").sort_index()
    b = (
        municipality_places(locations.iloc[loc_order], municipalities.iloc[mun_order])
        .set_index("code")
        .sort_index()
    )
    pd.testing.assert_frame_equal(pd.DataFrame(a), pd.DataFrame(b))


# --------------------------------------------------------------------------- remoteness summary


def _remoteness_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "country": ["NL", "NL", "NL", "BE", "BE"],
            "capacity": pd.array([100, 300, None, 50, 50], dtype="Int64"),
            "distance_to_station_own_km": [1.0, 4.0, 20.0, 2.0, 12.0],
            "distance_to_station_any_km": [1.0, 3.0, 20.0, 2.0, 9.0],
            "population_within_5km": [200_000.0, 30_000.0, 2_000.0, 150_000.0, 1_000.0],
            "population_within_10km": [400_000.0, 60_000.0, 9_000.0, 300_000.0, 4_000.0],
            "population_within_20km": [900_000.0, 200_000.0, 40_000.0, 900_000.0, 20_000.0],
            "distance_to_town_50k_km": [0.5, 3.0, 18.0, 1.0, 40.0],
            "remoteness_class": pd.Categorical(
                ["urban", "town", "remote", "urban", "remote"],
                categories=["urban", "town", "rural", "remote"],
                ordered=True,
            ),
            "near_threshold": pd.array([False, True, False, False, True], dtype="boolean"),
        }
    )


def test_remoteness_summary_hand_checked():
    summary = remoteness_summary(_remoteness_frame())
    assert summary.index.tolist() == ["NL", "BE"]
    nl, be = summary.loc["NL"], summary.loc["BE"]
    assert nl["locations"] == 3 and nl["locations_with_capacity"] == 2 and nl["places_known"] == 400
    assert nl["distance_to_station_own_km_median"] == 4.0
    # Weighted by 100 and 300 places (c has no capacity and is left out): half of 400 lies at 4 km.
    assert nl["distance_to_station_own_km_median_capacity_weighted"] == 4.0
    assert be["distance_to_station_own_km_median"] == 7.0
    assert be["distance_to_station_own_km_median_capacity_weighted"] == 7.0
    assert be["population_within_5km_median"] == 75_500.0
    assert nl["locations_remote"] == 1 and nl["locations_rural"] == 0
    assert nl["share_locations_remote"] == pytest.approx(1 / 3)
    assert nl["share_places_remote"] == 0.0
    assert nl["share_places_town"] == pytest.approx(0.75)
    assert be["share_places_urban"] == pytest.approx(0.5)
    # Flagged: b (NL, 300 places, town) and e (BE, 50 places, remote).
    assert nl["locations_near_threshold"] == 1 and nl["places_near_threshold"] == 300
    assert nl["locations_near_threshold_town"] == 1 and nl["locations_near_threshold_urban"] == 0
    assert be["locations_near_threshold"] == 1 and be["places_near_threshold"] == 50


def test_remoteness_summary_empty():
    assert remoteness_summary(_remoteness_frame().iloc[:0]).empty


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real():
    from loaders import geodata

    return {
        "municipalities": geodata.load_municipalities(),
        "locations": geodata.load_locations(),
        "stations": geodata.load_stations(),
        "places": geodata.load_places(),
    }


def test_real_country_dispersal(real):
    municipalities, locations = real["municipalities"], real["locations"]
    table = country_dispersal(locations, municipalities)
    print("\n" + table.T.to_string())
    assert table.index.tolist() == ["NL", "BE"]
    # DESIGN.md: 342 Dutch (2023) and 581 Belgian (2019-2024) municipalities.
    assert table.loc["NL", "municipalities"] == 342
    assert table.loc["BE", "municipalities"] == 581
    for country in ("NL", "BE"):
        row = table.loc[country]
        locs = locations[locations["country"] == country]
        capacity = locs["capacity"].dropna().astype(float)
        assert row["locations"] == len(locs)
        assert row["places_known"] == capacity.sum()
        assert row["locations_unknown_capacity"] == locs["capacity"].isna().sum()
        assert 0 < row["top10_places_share"] <= 1
        assert row["top10_places_share"] == pytest.approx(capacity.nlargest(10).sum() / capacity.sum())
        print(f"{country}: top-10 share of known places {row['top10_places_share']:.3f}")
        assert row["median_location_size"] == capacity.median()
        assert 0 < row["hosting_share"] <= 1 and 0 < row["population_hosting_share"] <= 1
        hosts = municipalities["code"].isin(locs["municipality_code"]) & (
            municipalities["country"] == country
        )
        assert row["municipalities_hosting"] == hosts.sum()
        assert 0 <= row["gini"] <= 1
    # Places per 1,000 summed back over municipalities gives the national known places.
    per_m = municipality_places(locations, municipalities)
    assert per_m.groupby("country")["places_known"].sum().to_dict() == table["places_known"].to_dict()


def test_real_remoteness_summary(real):
    from analysis.remoteness import location_remoteness

    remoteness = location_remoteness(
        real["locations"], real["stations"], real["places"], real["municipalities"]
    )
    summary = remoteness_summary(remoteness)
    print("\n" + summary.T.to_string())
    for country in ("NL", "BE"):
        row = summary.loc[country]
        counts = [row[f"locations_{c}"] for c in ("urban", "town", "rural", "remote")]
        assert sum(counts) == row["locations"]
        assert row["distance_to_station_own_km_median"] > 0
        assert row["distance_to_station_own_km_median_capacity_weighted"] > 0
        assert 0 < row["locations_near_threshold"] < row["locations"]
