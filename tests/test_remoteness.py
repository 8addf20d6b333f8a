"""Tests of analysis.remoteness: exact distances on a projected fixture, classes, real data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.remoteness import (
    REMOTENESS_CLASSES,
    REMOTENESS_COLUMNS,
    REMOTENESS_THRESHOLDS,
    RemotenessThresholds,
    classify_remoteness,
    location_remoteness,
)
from tests.test_dispersal import (
    X0,
    Y0,
    cell_centre,
    grid_municipalities,
    make_locations,
    to_lonlat,
)

METRE_KM = 0.001  # tolerance: one metre, in km

# Layout in EPSG:3035 (metres). A sits at the centre of GM0001 (150,000 inhabitants on
# 100 km²: 1,500 per km²); B at the centre of GM0009 (20,000: 200 per km²).
A = cell_centre(0)
B = cell_centre(8)
C = cell_centre(4)


def _frame(rows: list[dict]) -> pd.DataFrame:
    records = []
    for r in rows:
        lon, lat = to_lonlat(r["x"], r["y"])
        records.append({**{k: v for k, v in r.items() if k not in ("x", "y")}, "lat": lat, "lon": lon})
    return pd.DataFrame(records)


def stations() -> pd.DataFrame:
    return _frame(
        [
            # 3-4-5 triangle: 5 km from A.
            {
                "name": "Noord",
                "country": "NL",
                "x": A[0] + 3_000,
                "y": A[1] + 4_000,
                "station_id": "1",
                "source": "t",
            },
            # 9-12-15: 15 km from B, across the border.
            {
                "name": "Over de grens",
                "country": "BE",
                "x": B[0] + 9_000,
                "y": B[1] + 12_000,
                "station_id": "2",
                "source": "t",
            },
        ]
    )


def places() -> pd.DataFrame:
    return _frame(
        [
            {"name": "Grootstad", "country": "NL", "population": 150_000, "x": A[0], "y": A[1] + 3_000},
            # 12-16-20: 20 km from B.
            {
                "name": "Middelstad",
                "country": "NL",
                "population": 25_000,
                "x": B[0] - 12_000,
                "y": B[1] + 16_000,
            },
            # A village next to B: too small to count.
            {"name": "Gehucht", "country": "NL", "population": 5_000, "x": B[0] + 300, "y": B[1] + 400},
        ]
    ).astype({"population": "Int64"})


def fixture_locations() -> pd.DataFrame:
    return make_locations(
        [
            {"id": "a", "municipality_code": "GM0001", "capacity": 300, "x": A[0], "y": A[1]},
            {
                "id": "b",
                "municipality_code": "GM0009",
                "capacity": 50,
                "x": B[0],
                "y": B[1],
                "coord_precision": "settlement",
            },
            {"id": "c", "municipality_code": "", "capacity": None, "x": C[0], "y": C[1]},
            {"id": "d", "municipality_code": "GM9999", "capacity": 10, "x": C[0], "y": C[1]},
        ]
    ).set_index(pd.Index([10, 20, 30, 40]))


@pytest.fixture
def result() -> pd.DataFrame:
    return location_remoteness(fixture_locations(), stations(), places(), grid_municipalities())


# --------------------------------------------------------------------------- fixture distances


def test_columns_index_and_order(result):
    assert list(result.columns) == REMOTENESS_COLUMNS
    assert result.index.tolist() == [10, 20, 30, 40]
    assert result["id"].tolist() == ["a", "b", "c", "d"]
    assert result["coord_precision"].tolist() == ["site", "settlement", "site", "site"]
    assert result["capacity"].tolist()[:2] == [300, 50] and result["capacity"].isna().tolist()[2]


def test_exact_distances_to_station(result):
    a, b = result.loc[10], result.loc[20]
    assert a["distance_to_station_km"] == pytest.approx(5.0, abs=METRE_KM)
    assert a["nearest_station"] == "Noord" and a["nearest_station_country"] == "NL"
    # The other country's station is nearer for B (15 km vs hypot(17, 16) km to Noord).
    assert b["distance_to_station_km"] == pytest.approx(15.0, abs=METRE_KM)
    assert b["nearest_station"] == "Over de grens" and b["nearest_station_country"] == "BE"
    assert math.hypot(17, 16) > 15


def test_exact_distances_to_places(result):
    a, b = result.loc[10], result.loc[20]
    assert a["distance_to_place_20k_km"] == pytest.approx(3.0, abs=METRE_KM)
    assert a["nearest_place_20k"] == "Grootstad"
    assert a["distance_to_place_100k_km"] == pytest.approx(3.0, abs=METRE_KM)
    # The 5,000-inhabitant village 0.5 km away does not count.
    assert b["distance_to_place_20k_km"] == pytest.approx(20.0, abs=METRE_KM)
    assert b["nearest_place_20k"] == "Middelstad"
    expected_100k = math.hypot(A[0] - B[0], A[1] + 3_000 - B[1]) / 1000
    assert b["distance_to_place_100k_km"] == pytest.approx(expected_100k, abs=METRE_KM)
    assert b["nearest_place_100k"] == "Grootstad"


def test_host_density(result):
    assert result.loc[10, "host_population_density_per_km2"] == pytest.approx(1_500.0, rel=1e-6)
    assert result.loc[20, "host_population_density_per_km2"] == pytest.approx(200.0, rel=1e-6)
    assert np.isnan(result.loc[30, "host_population_density_per_km2"])  # no code
    assert np.isnan(result.loc[40, "host_population_density_per_km2"])  # unknown code


def test_classes_on_fixture(result):
    assert result.loc[10, "remoteness_class"] == "urban"
    assert result.loc[20, "remoteness_class"] == "remote"
    assert isinstance(result["remoteness_class"].dtype, pd.CategoricalDtype)
    assert tuple(result["remoteness_class"].cat.categories) == REMOTENESS_CLASSES
    again = classify_remoteness(
        result["distance_to_station_km"],
        result["distance_to_place_20k_km"],
        result["host_population_density_per_km2"],
        distance_to_place_100k_km=result["distance_to_place_100k_km"],
    )
    pd.testing.assert_series_equal(again, result["remoteness_class"], check_names=False)


def test_empty_locations():
    empty = fixture_locations().iloc[:0]
    out = location_remoteness(empty, stations(), places(), grid_municipalities())
    assert out.empty and list(out.columns) == REMOTENESS_COLUMNS
    full = location_remoteness(fixture_locations(), stations(), places(), grid_municipalities())
    assert out.dtypes.equals(full.dtypes)


def test_locations_without_municipality_code_column():
    locs = fixture_locations().drop(columns=["municipality_code", "capacity", "coord_precision"])
    out = location_remoteness(locs, stations(), places(), grid_municipalities())
    assert out["host_population_density_per_km2"].isna().all()
    assert out["capacity"].isna().all()
    assert out.loc[10, "distance_to_station_km"] == pytest.approx(5.0, abs=METRE_KM)
    # Without a density, A is still urban by its distance to the 100k place.
    assert out.loc[10, "remoteness_class"] == "urban"


def test_no_stations_or_places_gives_missing_values():
    no_stations = stations().iloc[:0]
    out = location_remoteness(fixture_locations(), no_stations, places(), grid_municipalities())
    assert out["distance_to_station_km"].isna().all()
    assert out["nearest_station"].isna().all()
    # B: 20 km from a 20k place but unknown station distance -> remote cannot be decided.
    assert pd.isna(out.loc[20, "remoteness_class"])
    assert out.loc[10, "remoteness_class"] == "urban"


def test_missing_coordinates_give_missing_distances():
    locs = fixture_locations()
    locs.loc[20, "lat"] = np.nan
    out = location_remoteness(locs, stations(), places(), grid_municipalities())
    assert np.isnan(out.loc[20, "distance_to_station_km"])
    assert out.loc[10, "distance_to_station_km"] == pytest.approx(5.0, abs=METRE_KM)


def test_inputs_are_not_mutated():
    locs, sts, pls, muns = fixture_locations(), stations(), places(), grid_municipalities()
    copies = [f.copy() for f in (locs, sts, pls, muns)]
    location_remoteness(locs, sts, pls, muns)
    for before, after in zip(copies, (locs, sts, pls, muns), strict=True):
        pd.testing.assert_frame_equal(pd.DataFrame(before), pd.DataFrame(after))


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(rnd):
    locs, sts, pls, muns = fixture_locations(), stations(), places(), grid_municipalities()
    expected = location_remoteness(locs, sts, pls, muns)
    orders = []
    for frame in (locs, sts, pls, muns):
        order = list(range(len(frame)))
        rnd.shuffle(order)
        orders.append(order)
    got = location_remoteness(*(f.iloc[o] for f, o in zip((locs, sts, pls, muns), orders, strict=True)))
    pd.testing.assert_frame_equal(got.loc[expected.index], expected)


# --------------------------------------------------------------------------- classes


def test_classify_hand_table():
    #           station, 20k,  density, 100k
    cases = [
        ((1.0, 1.0, 1_000.0, 50.0), "urban"),  # density at the urban threshold
        ((1.0, 8.0, 100.0, 5.0), "urban"),  # 100k place at 5 km
        ((1.0, 5.0, 100.0, 50.0), "town"),  # 20k place at 5 km
        ((20.0, 30.0, 500.0, 50.0), "town"),  # town by density wins over remote
        ((10.0, 30.0, 100.0, 50.0), "rural"),  # station at exactly 10 km is not remote
        ((10.1, 15.0, 100.0, 50.0), "rural"),  # 20k place at exactly 15 km is not remote
        ((10.1, 15.1, 100.0, 50.0), "remote"),
        ((10.1, 15.1, np.nan, np.nan), "remote"),
        ((np.nan, 8.0, np.nan, np.nan), "rural"),  # 20k within 15 km rules out remote
        ((np.nan, 20.0, np.nan, np.nan), None),  # cannot decide
    ]
    station, place_20k, density, place_100k = (list(col) for col in zip(*(c for c, _ in cases), strict=True))
    got = classify_remoteness(station, place_20k, density, distance_to_place_100k_km=place_100k)
    assert [None if pd.isna(v) else v for v in got] == [expected for _, expected in cases]


def test_classify_without_100k_and_with_custom_thresholds():
    assert classify_remoteness([1.0], [8.0], [100.0]).tolist() == ["rural"]
    strict = RemotenessThresholds(remote_station_km=0.5, remote_place_20k_km=5.0)
    assert classify_remoteness([1.0], [8.0], [100.0], thresholds=strict).tolist() == ["remote"]
    assert REMOTENESS_THRESHOLDS.remote_station_km == 10.0


def test_classify_keeps_series_index():
    station = pd.Series([1.0, 20.0], index=["x", "y"])
    got = classify_remoteness(station, [1.0, 20.0], [2000.0, 10.0])
    assert got.index.tolist() == ["x", "y"]
    assert got.tolist() == ["urban", "remote"]


def test_classify_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="same length"):
        classify_remoteness([1.0, 2.0], [1.0], [1.0, 2.0])


distances = st.floats(min_value=0, max_value=200, allow_nan=False)


@given(distances, distances, st.floats(min_value=0, max_value=30_000), distances, st.floats(0, 50))
def test_moving_away_from_stations_never_makes_a_location_less_remote(station, p20, density, p100, extra):
    order = {c: i for i, c in enumerate(REMOTENESS_CLASSES)}
    near = classify_remoteness([station], [p20], [density], distance_to_place_100k_km=[p100])[0]
    far = classify_remoteness(
        [station + extra], [p20 + extra], [density], distance_to_place_100k_km=[p100 + extra]
    )[0]
    # rural (2) and remote (3) are the far end; urban/town depend on the nearest town, so
    # moving away can only keep or raise the class.
    assert order[far] >= order[near]


# --------------------------------------------------------------------------- scale
# Timing lives in tests/perf/bench_remoteness.py (a script that prints figures);
# here only the result at scale is checked.


def test_ten_thousand_locations_against_many_stations():
    rng = np.random.default_rng(1)
    n = 10_000
    xs = rng.uniform(X0 - 200_000, X0 + 200_000, n)
    ys = rng.uniform(Y0 - 200_000, Y0 + 200_000, n)
    lon, lat = pyproj.Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True).transform(xs, ys)
    locs = pd.DataFrame({"id": [str(i) for i in range(n)], "country": "NL", "lat": lat, "lon": lon})
    many_stations = pd.concat([stations()] * 500, ignore_index=True)  # 1,000 station rows
    out = location_remoteness(locs, many_stations, places(), grid_municipalities())
    assert len(out) == n and out["distance_to_station_km"].notna().all()
    assert list(out["id"]) == list(locs["id"])


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real():
    from loaders import geodata

    municipalities = geodata.load_municipalities()
    locations = geodata.load_locations()
    stations_ = geodata.load_stations()
    places_ = geodata.load_places()
    remoteness = location_remoteness(locations, stations_, places_, municipalities).set_index(
        "id", drop=False
    )
    return {"locations": locations, "stations": stations_, "places": places_, "remoteness": remoteness}


def _geodesic_km(lat, lon, targets: pd.DataFrame) -> np.ndarray:
    """Brute-force geodesic (WGS84 ellipsoid) distances from one point to every target, km."""
    geod = pyproj.Geod(ellps="WGS84")
    n = len(targets)
    _, _, metres = geod.inv(
        np.full(n, lon), np.full(n, lat), targets["lon"].to_numpy(), targets["lat"].to_numpy()
    )
    return metres / 1000


def test_real_petit_chateau_is_near_a_station(real):
    row = real["remoteness"].loc["be-petit-chateau"]
    print(f"\nPetit-Château: {row['distance_to_station_km']:.2f} km to {row['nearest_station']}")
    assert row["distance_to_station_km"] < 2.0
    assert row["remoteness_class"] == "urban"


def test_real_ter_apel_is_far_from_any_station(real):
    row = real["remoteness"].loc["nl-ter-apel"]
    print(f"\nTer Apel: {row['distance_to_station_km']:.2f} km to {row['nearest_station']}")
    assert row["distance_to_station_km"] > 10.0
    loc = real["locations"].set_index("id").loc["nl-ter-apel"]
    assert _geodesic_km(loc["lat"], loc["lon"], real["stations"]).min() > 10.0


def test_real_budel_nearest_station_from_the_barracks_site(real):
    # The 2026-12 raw list places Budel at the Nassau-Dietz barracks (site
    # precision); from there Maarheeze (NL) is nearer than Hamont (BE), which
    # was nearest to the old village point.
    row = real["remoteness"].loc["nl-budel"]
    assert row["country"] == "NL"
    assert row["coord_precision"] == "site"
    assert row["nearest_station_country"] == "NL"
    assert row["nearest_station"] == "Maarheeze"
    assert 1.4 < row["distance_to_station_km"] < 1.7


def test_real_distances_agree_with_geodesic_brute_force(real):
    """EPSG:3035 nearest distances match brute-force geodesic minima within 0.2 % (+ 1 m)."""
    locations, remoteness = real["locations"], real["remoteness"]
    geod = pyproj.Geod(ellps="WGS84")
    big = real["places"][real["places"]["population"].fillna(0) >= 20_000]
    for column, targets in (("distance_to_station_km", real["stations"]), ("distance_to_place_20k_km", big)):
        lon1 = np.repeat(locations["lon"].to_numpy(), len(targets))
        lat1 = np.repeat(locations["lat"].to_numpy(), len(targets))
        lon2 = np.tile(targets["lon"].to_numpy(), len(locations))
        lat2 = np.tile(targets["lat"].to_numpy(), len(locations))
        _, _, metres = geod.inv(lon1, lat1, lon2, lat2)
        brute_km = metres.reshape(len(locations), len(targets)).min(axis=1) / 1000
        ours = remoteness[column].to_numpy()
        np.testing.assert_allclose(ours, brute_km, rtol=2e-3, atol=1e-3)


def test_real_every_location_gets_distances_and_a_class(real):
    remoteness = real["remoteness"]
    assert len(remoteness) == len(real["locations"])
    assert remoteness["distance_to_station_km"].notna().all()
    assert remoteness["remoteness_class"].notna().all()
    assert remoteness["host_population_density_per_km2"].notna().all()
    print(
        "\n"
        + remoteness.groupby("country", observed=True)["remoteness_class"]
        .value_counts()
        .unstack()
        .to_string()
    )
