"""Benchmark of the upload path (a script, not a test).

Run from the repository root::

    python tests/perf/bench_upload.py [n_rows] [runs] [naive_rows]

Generates an ``n_rows`` (default 100,000) locations CSV as a Dutch Excel
export would write it (``;``, decimal commas, Dutch headers, a quoted note
with a delimiter in it) with random points inside the Netherlands and Belgium
(fixed seed), then times, on the same bytes:

* ours: ``read_table`` + ``validate_locations`` (parse, check every field,
  recognise the coordinate system, point-in-polygon join to the 923
  municipalities); median of ``runs`` (default 3) runs, after a first run
  that also builds the municipality index (reported apart). The
  municipalities are loaded once beforehand, as the app caches them.
* naive: Python's ``csv`` module and, per row, number parsing, a type lookup
  and a loop over every municipality polygon with shapely's ``contains``
  (unprepared polygons, no spatial index) until one holds the point. It is
  first timed on ``naive_rows`` rows (default 1,000); when the whole file
  would take at most 60 s it is then run on every row, otherwise the time is
  extrapolated linearly to ``n_rows`` (the output says so).

Goal (issue 5): ours <= 2 s for 100,000 rows and >= 50x faster than naive.
Baseline of issue 12 (also printed): ``pandas.read_csv`` told the format, then
``geopandas.sjoin`` (STRtree) on the same rows; goal: ours no slower.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.settings import MAX_UPLOAD_ROWS
from loaders.geodata import load_municipalities
from loaders.upload import read_table, validate_locations

SEED = 20251
GOAL_SECONDS = 2.0
GOAL_RATIO = 50
NAIVE_FULL_SECONDS = 60  # the naive version runs on every row when that takes at most this long


def generate_csv(n: int, municipalities, seed: int = SEED) -> bytes:
    """n rows, every point inside a municipality (rejection sampling in the bounding box)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = municipalities.total_bounds
    tree = shapely.STRtree(municipalities.geometry.to_numpy())
    lon_parts, lat_parts, muni_parts = [], [], []
    have = 0
    while have < n:
        lon = rng.uniform(west, east, n)
        lat = rng.uniform(south, north, n)
        hit_point, hit_poly = tree.query(shapely.points(lon, lat), predicate="intersects")
        _, first = np.unique(hit_point, return_index=True)
        keep = hit_point[first]
        lon_parts.append(lon[keep])
        lat_parts.append(lat[keep])
        muni_parts.append(hit_poly[first])
        have += len(keep)
    lon = np.concatenate(lon_parts)[:n]
    lat = np.concatenate(lat_parts)[:n]
    muni = np.concatenate(muni_parts)[:n]
    names = municipalities["name"].to_numpy(dtype=object)[muni]
    types = rng.choice(["azc", "noodopvang", "crisisnoodopvang", "amv", "aanmeldcentrum", "regular"], n)
    capacity = rng.integers(10, 2500, n)
    lines = ["Id;Naam;Soort;Gemeente;Breedtegraad;Lengtegraad;Capaciteit;Opmerkingen"]
    for i in range(n):
        note = '"Tijdelijk; tot eind 2025"' if i % 7 == 0 else ""
        lines.append(
            f"bench-{i};Opvanglocatie {i};{types[i]};{names[i]};"
            f"{lat[i]:.5f};{lon[i]:.5f};{capacity[i]};{note}".replace(".", ",")
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def ours(data: bytes, municipalities) -> tuple[float, float, int]:
    """Wall and CPU seconds of read_table + validate_locations, and rows accepted."""
    start, cpu = time.perf_counter(), time.process_time()
    table = read_table(data, "bench.csv", max_rows=MAX_UPLOAD_ROWS)
    report = validate_locations(table, municipalities)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(report.accepted) + report.rejected_rows == report.rows_read
    return elapsed, cpu, len(report.accepted)


def naive(data: bytes, municipalities, limit: int) -> tuple[float, float, int]:
    """Row by row: csv module, float()/int() per cell, contains() against every polygon in turn.

    ``municipalities`` must be a fresh copy: shapely's STRtree prepares the
    geometries it indexes in place, which a naive implementation would not have.
    """
    polygons = list(municipalities.geometry)
    shapely.destroy_prepared(polygons)
    codes = list(municipalities["code"])
    known_types = {
        "azc": "regular",
        "noodopvang": "emergency",
        "crisisnoodopvang": "crisis_emergency",
        "amv": "unaccompanied_minors",
        "aanmeldcentrum": "arrival",
        "regular": "regular",
    }
    start, cpu = time.perf_counter(), time.process_time()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";")
    header = next(reader)
    lat_col, lon_col = header.index("Breedtegraad"), header.index("Lengtegraad")
    type_col, capacity_col = header.index("Soort"), header.index("Capaciteit")
    placed = 0
    for count, row in enumerate(reader):
        if count >= limit:
            break
        lat = float(row[lat_col].replace(",", "."))
        lon = float(row[lon_col].replace(",", "."))
        _ = int(row[capacity_col]), known_types.get(row[type_col].lower(), "other")
        point = shapely.Point(lon, lat)
        for polygon, code in zip(polygons, codes, strict=True):
            if polygon.contains(point):
                placed += 1
                _ = code
                break
    return time.perf_counter() - start, time.process_time() - cpu, placed


def plain_sjoin(data: bytes, municipalities) -> tuple[float, float, int]:
    """The baseline of issue 12: pandas reads the same bytes (it is told the separator and
    the decimal comma, which ours must detect), then ``geopandas.sjoin`` (an STRtree
    query, ``predicate="within"``) finds each point's municipality."""
    import geopandas as gpd
    import pandas as pd

    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(io.BytesIO(data), sep=";", decimal=",")
    points = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["Lengtegraad"], frame["Breedtegraad"]), crs=4326
    )
    joined = gpd.sjoin(points, municipalities[["code", "geometry"]], how="left", predicate="within")
    placed = int(joined["code"].notna().sum())
    return time.perf_counter() - start, time.process_time() - cpu, placed


def measure(n: int = 100_000, runs: int = 3) -> dict:
    """Ours and the plain sjoin, alternating, on the same ``n`` generated rows."""
    municipalities = load_municipalities()
    data = generate_csv(n, municipalities)
    ours(data, municipalities)  # the first upload of a process builds the index
    plain_sjoin(data, municipalities)  # and warms geopandas' own path
    ours_times, sjoin_times, accepted, placed = [], [], 0, 0
    for _ in range(runs):
        elapsed, _, accepted = ours(data, municipalities)
        ours_times.append(elapsed)
        elapsed, _, placed = plain_sjoin(data, municipalities)
        sjoin_times.append(elapsed)
    return {"rows": n, "ours": ours_times, "sjoin": sjoin_times, "accepted": accepted, "placed": placed}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    naive_rows = min(n, int(sys.argv[3]) if len(sys.argv) > 3 else 1_000)
    municipalities = load_municipalities()
    data = generate_csv(n, municipalities)
    print(f"generated {n:,} rows ({len(data) / 1e6:.1f} MB), seed {SEED}")

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    # The first upload of a process also builds the municipality index (name keys,
    # point-in-polygon grid); it is timed apart, then `runs` uploads as the app
    # serves them once the index exists.
    cold, cold_cpu, accepted = ours(data, municipalities)
    print(
        f"  ours, first upload (builds the index): {cold:.2f} s wall, {cold_cpu:.2f} s CPU "
        f"({accepted:,} accepted)"
    )
    times, cpus = [], []
    for run in range(runs):
        elapsed, cpu, accepted = ours(data, municipalities)
        times.append(elapsed)
        cpus.append(cpu)
        print(f"  ours run {run + 1}: {elapsed:.2f} s wall, {cpu:.2f} s CPU ({accepted:,} accepted)")
    median, median_cpu = statistics.median(times), statistics.median(cpus)

    fresh = load_municipalities()
    naive_time, naive_cpu, placed = naive(data, fresh, naive_rows)
    if naive_rows < n and naive_time * n / naive_rows <= NAIVE_FULL_SECONDS:
        # Short enough to run on every row: no extrapolation needed.
        naive_rows = n
        naive_time, naive_cpu, placed = naive(data, fresh, n)
    scale = n / naive_rows
    print(
        f"  naive on {naive_rows:,} rows: {naive_time:.2f} s wall, {naive_cpu:.2f} s CPU ({placed:,} placed)"
    )

    print()
    print(
        f"ours  (read_table + validate_locations, median of {runs}): "
        f"{median:.2f} s wall, {median_cpu:.2f} s CPU"
    )
    print(f"      for {n:,} rows; fastest run {min(times):.2f} s, slowest {max(times):.2f} s")
    note = f", extrapolated from {naive_rows:,} rows" if naive_rows < n else ""
    print(
        f"naive (csv module + per-row loop over all polygons): {naive_time * scale:.1f} s wall, "
        f"{naive_cpu * scale:.1f} s CPU{note}"
    )
    ratio, ratio_cpu = naive_time * scale / median, naive_cpu * scale / median_cpu
    print(f"speed-up: {ratio:.0f}x (wall), {ratio_cpu:.0f}x (CPU)")
    sjoin_times = []
    for _ in range(runs):
        elapsed, _, placed_sjoin = plain_sjoin(data, municipalities)
        sjoin_times.append(elapsed)
    print(
        f"plain pandas.read_csv + geopandas.sjoin (STRtree), median of {runs}: "
        f"{statistics.median(sjoin_times):.2f} s ({placed_sjoin:,} placed); "
        f"ours / sjoin = {median / statistics.median(sjoin_times):.2f}"
    )
    print(
        f"goal <= {GOAL_SECONDS:.0f} s: {'met' if median <= GOAL_SECONDS else 'NOT met'}; "
        f"goal >= {GOAL_RATIO}x: {'met' if ratio >= GOAL_RATIO else 'NOT met'}"
    )
    print(
        f"load average after: {os.getloadavg()[0]:.1f} (other processes share the machine: compare with care)"
    )


if __name__ == "__main__":
    main()
