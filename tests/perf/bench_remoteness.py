"""Benchmark of the remoteness measures (a script, not a test).

Run from the repository root::

    python tests/perf/bench_remoteness.py [n_locations] [runs]

Draws ``n_locations`` (default 10,000) points uniformly in the bounding box of
the Netherlands and Belgium (fixed seed), gives each a random country, host
municipality and coordinate precision (drawn from the shipped list's mix, so
the uncertainty radii are realistic), and times, in the same run:

* the old measures (until issue 9: nearest station of any country, nearest
  GeoNames place of 20,000 and of 100,000, host municipality density, the
  old class; one point each; reproduced below as ``old_measures``) as the
  baseline;
* the new ones (``remoteness_measures``: own-country and any station, people
  within 5/10/20 km, the 50k town, the class, all at the point and at the 17
  points within each radius, and the near-threshold bounds), with the
  reference layers prepared once (``remoteness_context``, timed apart: the
  dashboard caches it per set of municipalities).

Points in the bounding box but outside their stated country (the North Sea,
Germany, a "BE" point in Friesland) are harder than real locations: their
own-country candidates are many. Prints the median and range of ``runs``
(default 7) runs of each.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import shapely

from analysis.remoteness import _project, remoteness_context, remoteness_measures
from loaders import geodata

SEED = 20231
# WGS84 bounding box of NL + BE (degrees).
LON_MIN, LON_MAX = 2.5, 7.3
LAT_MIN, LAT_MAX = 49.5, 53.6


def random_locations(
    n: int, municipality_codes: np.ndarray, precisions: np.ndarray, seed: int = SEED
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"bench-{i}" for i in range(n)],
            "country": rng.choice(["NL", "BE"], n),
            "municipality_code": rng.choice(municipality_codes, n),
            "lat": rng.uniform(LAT_MIN, LAT_MAX, n),
            "lon": rng.uniform(LON_MIN, LON_MAX, n),
            "coord_precision": rng.choice(precisions, n),
            "capacity": pd.array(rng.integers(10, 2000, n), dtype="Int64"),
        }
    )


def _nearest_km(query: np.ndarray, targets: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The old measures' nearest-neighbour step: km and row of the nearest target, per query point."""
    xy = _project(targets["lon"], targets["lat"])
    tree = shapely.STRtree(shapely.points(xy))
    (qi, ti), dist = tree.query_nearest(query, return_distance=True, all_matches=False)
    km = np.full(len(query), np.nan)
    km[qi] = dist / 1000
    return km, ti


def old_measures(locations, stations, places, municipalities) -> pd.DataFrame:
    """The remoteness measures before issue 9, as they were computed (the baseline)."""
    query = shapely.points(_project(locations["lon"], locations["lat"]))
    station_km, station_i = _nearest_km(query, stations)
    pop = pd.to_numeric(places["population"], errors="coerce")
    p20_km, p20_i = _nearest_km(query, places[(pop >= 20_000).to_numpy(bool)])
    p100_km, p100_i = _nearest_km(query, places[(pop >= 100_000).to_numpy(bool)])
    density = pd.Series(
        (municipalities["population"] / municipalities["area_km2"]).to_numpy(),
        index=municipalities["code"].to_numpy(),
    )
    host = locations["municipality_code"].map(density).to_numpy(float)
    urban = (p100_km <= 5) | (host >= 1000)
    town = (p20_km <= 5) | (host >= 500)
    remote = (station_km > 10) & (p20_km > 15)
    cls = np.select([urban, town, remote], ["urban", "town", "remote"], default="rural")
    return pd.DataFrame(
        {
            "distance_to_station_km": station_km,
            "nearest_station": stations["name"].to_numpy(object)[station_i],
            "distance_to_place_20k_km": p20_km,
            "distance_to_place_100k_km": p100_km,
            "host_population_density_per_km2": host,
            "remoteness_class": cls,
        },
        index=locations.index,
    )


CPU: list[tuple[str, float]] = []


def _timed(call, runs: int, label: str = "") -> tuple[list[float], object]:
    """Wall times of ``runs`` calls; the process CPU time of each goes to :data:`CPU` too
    (steadier than wall time while other processes share the two cores)."""
    times, result = [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append(time.perf_counter() - start)
        CPU.append((label, time.process_time() - cpu))
    return times, result


def _line(label: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    spread = f"range {min(ms):.0f}-{max(ms):.0f}"
    return f"{label}: median {statistics.median(ms):.0f} ms ({spread}) over {len(ms)} runs"


def main(n: int = 10_000, runs: int = 7) -> dict[str, float]:
    municipalities = geodata.load_municipalities()
    stations = geodata.load_stations()
    places = geodata.load_places()
    shipped = geodata.load_locations()
    locations = random_locations(n, municipalities["code"].to_numpy(), shipped["coord_precision"].to_numpy())
    mix = locations["coord_precision"].value_counts().to_dict()

    context_times, context = _timed(lambda: remoteness_context(municipalities, stations, places), 3)
    # Interleaved, so both see the same load from the other engineers' processes.
    old_times, new_times = [], []
    for _ in range(runs):
        t, _old = _timed(lambda: old_measures(locations, stations, places, municipalities), 1, "old")
        old_times += t
        t, new = _timed(lambda: remoteness_measures(locations, context), 1, "new")
        new_times += t
    assert len(new) == n and new["remoteness_class"].notna().mean() > 0.99
    print(f"{n:,} random locations, {len(stations):,} stations, {len(places):,} places; precisions {mix}")
    print(_line("old measures (baseline, one point each)     ", old_times))
    print(_line("new measures with the radius sampling        ", new_times))
    print(_line("remoteness_context (once per municipality set)", context_times))
    for label in ("old", "new"):
        cpu = [c * 1000 for name, c in CPU if name == label]
        spread = f"range {min(cpu):.0f}-{max(cpu):.0f}"
        print(f"CPU time, {label}: median {statistics.median(cpu):.0f} ms ({spread})")
    print(f"near threshold: {int(new['near_threshold'].sum()):,} of {n:,}")
    return {
        "old": statistics.median(old_times),
        "new": statistics.median(new_times),
        "context": statistics.median(context_times),
    }


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
