"""Benchmark of analysis.remoteness.location_remoteness (a script, not a test).

Run from the repository root::

    python tests/perf/bench_remoteness.py [n_locations] [runs]

Draws ``n_locations`` (default 10,000) points uniformly in the bounding box of
the Netherlands and Belgium (fixed seed), gives each a random host
municipality, and times ``location_remoteness`` against every shipped station
and place. Prints the median wall time of ``runs`` (default 5) runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analysis.remoteness import location_remoteness
from loaders import geodata

SEED = 20231
# WGS84 bounding box of NL + BE (degrees).
LON_MIN, LON_MAX = 2.5, 7.3
LAT_MIN, LAT_MAX = 49.5, 53.6


def random_locations(n: int, municipality_codes: np.ndarray, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"bench-{i}" for i in range(n)],
            "country": rng.choice(["NL", "BE"], n),
            "municipality_code": rng.choice(municipality_codes, n),
            "lat": rng.uniform(LAT_MIN, LAT_MAX, n),
            "lon": rng.uniform(LON_MIN, LON_MAX, n),
            "coord_precision": "site",
            "capacity": pd.array(rng.integers(10, 2000, n), dtype="Int64"),
        }
    )


def nearest_station_sjoin(locations: pd.DataFrame, stations: pd.DataFrame) -> pd.DataFrame:
    """Baseline: geopandas ``sjoin_nearest`` (STRtree) to the nearest station, in EPSG:3035.

    One of the several measures ``location_remoteness`` computes (it adds the
    own-country station, population within 5/10/20 km, the nearest large town
    and the class), so ours doing all of them in the time of this one is the aim.
    """
    import geopandas as gpd

    points = gpd.GeoDataFrame(
        locations[["id"]], geometry=gpd.points_from_xy(locations["lon"], locations["lat"]), crs=4326
    ).to_crs(3035)
    rails = gpd.GeoDataFrame(
        stations[["name"]], geometry=gpd.points_from_xy(stations["lon"], stations["lat"]), crs=4326
    ).to_crs(3035)
    return gpd.sjoin_nearest(points, rails, distance_col="distance_m")


def measure(n: int = 10_000, runs: int = 5) -> dict:
    """Ours and the sjoin_nearest baseline, alternating, on the same ``n`` points."""
    municipalities = geodata.load_municipalities()
    stations = geodata.load_stations()
    places = geodata.load_places()
    locations = random_locations(n, municipalities["code"].to_numpy())
    location_remoteness(locations, stations, places, municipalities)  # warm caches
    nearest_station_sjoin(locations, stations)
    ours, baseline = [], []
    for _ in range(runs):
        start = time.perf_counter()
        location_remoteness(locations, stations, places, municipalities)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        nearest_station_sjoin(locations, stations)
        baseline.append(time.perf_counter() - start)
    return {"n": n, "ours": ours, "sjoin_nearest": baseline}


def main(n: int = 10_000, runs: int = 5) -> float:
    municipalities = geodata.load_municipalities()
    stations = geodata.load_stations()
    places = geodata.load_places()
    locations = random_locations(n, municipalities["code"].to_numpy())
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = location_remoteness(locations, stations, places, municipalities)
        times.append(time.perf_counter() - start)
    assert len(result) == n
    median = statistics.median(times)
    print(
        f"location_remoteness: {n:,} locations x {len(stations):,} stations, {len(places):,} places: "
        f"median {median * 1000:.1f} ms over {runs} runs "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
    )
    return median


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
