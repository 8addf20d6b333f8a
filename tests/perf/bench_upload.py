"""Benchmark of the upload path (a script, not a test).

Run from the repository root::

    python tests/perf/bench_upload.py [n_rows] [runs] [naive_rows]

Generates an ``n_rows`` (default 100,000) locations CSV as a Dutch Excel
export would write it (``;``, decimal commas, Dutch headers, a quoted note
with a delimiter in it) with random points inside the Netherlands and Belgium
(fixed seed), then times, on the same bytes:

* ours: ``read_table`` + ``validate_locations`` (parse, check every field,
  recognise the coordinate system, point-in-polygon join to the 923
  municipalities); median of ``runs`` (default 3) runs. The municipalities
  are loaded once beforehand, as the app caches them.
* naive: Python's ``csv`` module and, per row, float parsing and a loop over
  every municipality polygon with shapely's ``contains`` until one holds the
  point (no spatial index). It is timed on the first ``naive_rows`` rows
  (default 1,000) and extrapolated linearly to ``n_rows`` (the output says so).

Goal (issue 5): ours <= 2 s for 100,000 rows and >= 50x faster than naive.
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loaders.geodata import load_municipalities
from loaders.upload import read_table, validate_locations

SEED = 20251
GOAL_SECONDS = 2.0
GOAL_RATIO = 50


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


def ours(data: bytes, municipalities) -> tuple[float, int]:
    start = time.perf_counter()
    table = read_table(data, "bench.csv", max_rows=200_000)
    report = validate_locations(table, municipalities)
    elapsed = time.perf_counter() - start
    assert len(report.accepted) + report.rejected_rows == report.rows_read
    return elapsed, len(report.accepted)


def naive(data: bytes, municipalities, limit: int) -> tuple[float, int]:
    """Row by row: csv module, float(), a contains() test against every polygon in turn."""
    polygons = list(municipalities.geometry)
    codes = list(municipalities["code"])
    start = time.perf_counter()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";")
    header = next(reader)
    lat_col, lon_col = header.index("Breedtegraad"), header.index("Lengtegraad")
    placed = 0
    for count, row in enumerate(reader):
        if count >= limit:
            break
        lat = float(row[lat_col].replace(",", "."))
        lon = float(row[lon_col].replace(",", "."))
        point = shapely.Point(lon, lat)
        for polygon, code in zip(polygons, codes, strict=True):
            if polygon.contains(point):
                placed += 1
                _ = code
                break
    return time.perf_counter() - start, placed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    naive_rows = min(n, int(sys.argv[3]) if len(sys.argv) > 3 else 1_000)
    municipalities = load_municipalities()
    data = generate_csv(n, municipalities)
    print(f"generated {n:,} rows ({len(data) / 1e6:.1f} MB), seed {SEED}")

    times = []
    for run in range(runs):
        elapsed, accepted = ours(data, municipalities)
        times.append(elapsed)
        print(f"  ours run {run + 1}: {elapsed:.2f} s ({accepted:,} accepted)")
    median = statistics.median(times)

    naive_time, placed = naive(data, municipalities, naive_rows)
    naive_full = naive_time * n / naive_rows
    extrapolated = naive_rows < n
    print(f"  naive on {naive_rows:,} rows: {naive_time:.2f} s ({placed:,} placed)")

    print()
    print(f"ours  (read_table + validate_locations, median of {runs}): {median:.2f} s for {n:,} rows")
    note = f" (extrapolated from {naive_rows:,} rows)" if extrapolated else ""
    print(f"naive (csv module + per-row loop over all polygons): {naive_full:.1f} s{note}")
    ratio = naive_full / median
    print(f"speed-up: {ratio:.0f}x")
    print(
        f"goal <= {GOAL_SECONDS:.0f} s: {'met' if median <= GOAL_SECONDS else 'NOT met'}; "
        f"goal >= {GOAL_RATIO}x: {'met' if ratio >= GOAL_RATIO else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
