"""Recognise the coordinate system of uploaded coordinates and place the points.

Candidates are WGS84 lon/lat (EPSG:4326), Dutch RD New (EPSG:28992), Belgian
Lambert 72 (EPSG:31370) and Lambert 2008 (EPSG:3812), each also with its two
values swapped. A candidate must first fit by value range (the bounding box
of the Netherlands and Belgium expressed in that system), then is confirmed by
how many points fall inside a municipality polygon of the country that uses
it. The file-wide winner is chosen on a sample; every row is then placed
with it, and rows it cannot place try the other candidates (a swapped or
differently projected row is warned about, not silently moved).
Everything is vectorised: pyproj transforms and a shapely STRtree query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyproj

from loaders._match import MunicipalityIndex, transformer
from loaders._schema import WGS84

LABELS = {
    "EPSG:4326": "WGS84 latitude/longitude",
    "EPSG:28992": "RD New (EPSG:28992)",
    "EPSG:31370": "Belgian Lambert 72 (EPSG:31370)",
    "EPSG:3812": "Belgian Lambert 2008 (EPSG:3812)",
}
# The country that uses each projected system: a tie between two readings
# that both land inside is broken in favour of that country.
HOME = {"EPSG:28992": "NL", "EPSG:31370": "BE", "EPSG:3812": "BE"}
CANDIDATES = tuple((crs, swapped) for crs in LABELS for swapped in (False, True))
SAMPLE = 1_000
NEAR_KM = 1.0  # tolerance for points just outside the simplified coastline or border


@dataclass(frozen=True)
class Placement:
    """Result of :func:`place` for n rows (arrays of length n)."""

    lon: np.ndarray
    lat: np.ndarray
    position: np.ndarray  # municipality position, -1 when not placed
    candidate: np.ndarray  # index into the candidate list, -1 when not placed
    near_km: np.ndarray  # distance to the municipality when placed by tolerance, else NaN
    candidates: tuple[tuple[str, bool], ...]
    dominant: int  # candidate index chosen for the file (-1: no row could be placed)


@lru_cache(maxsize=16)
def _box(crs: str, bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Bounding box of NL+BE (``bounds`` in WGS84, padded) in ``crs``."""
    west, south, east, north = bounds
    padded = (west - 0.3, south - 0.2, east + 0.3, north + 0.2)
    if crs == WGS84:
        return padded
    return pyproj.Transformer.from_crs(WGS84, crs, always_xy=True).transform_bounds(*padded, densify_pts=21)


def _in_box(east: np.ndarray, north: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (east >= box[0]) & (east <= box[2]) & (north >= box[1]) & (north <= box[3])


def _to_wgs84(east: np.ndarray, north: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    if crs == WGS84:
        return east.astype(float), north.astype(float)
    with np.errstate(all="ignore"):
        lon, lat = transformer(crs).transform(east, north, errcheck=False)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def place(
    east: np.ndarray,
    north: np.ndarray,
    index: MunicipalityIndex,
    *,
    declared: str | None = None,
) -> Placement:
    """Read (east, north) pairs in whichever system fits and find their municipality.

    Parameters
    ----------
    east, north : ndarray
        Longitude/x and latitude/y as written in the file (finite floats).
    index : MunicipalityIndex
    declared : str, optional
        A CRS the file declares (geo files); then only it and its swap are tried.

    Returns
    -------
    Placement
        WGS84 lon/lat of each placed row, its municipality and the reading used.
    """
    east = np.asarray(east, dtype=float)
    north = np.asarray(north, dtype=float)
    n = len(east)
    candidates = ((declared, False), (declared, True)) if declared else CANDIDATES
    boxes = [_box(crs, index.bounds) if crs in LABELS else None for crs, _ in candidates]

    def pair(c: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        swapped = candidates[c][1]
        return (north[rows], east[rows]) if swapped else (east[rows], north[rows])

    def fits(c: int, rows: np.ndarray) -> np.ndarray:
        if boxes[c] is None:
            return np.ones(len(rows), dtype=bool)
        x, y = pair(c, rows)
        return _in_box(x, y, boxes[c])

    def score(c: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """lon, lat, municipality position for rows read with candidate c."""
        x, y = pair(c, rows)
        try:
            lon, lat = _to_wgs84(x, y, candidates[c][0])
        except pyproj.exceptions.ProjError:
            return np.full(len(rows), np.nan), np.full(len(rows), np.nan), np.full(len(rows), -1)
        return lon, lat, index.locate(lon, lat)

    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    position = np.full(n, -1, dtype=np.int64)
    chosen = np.full(n, -1, dtype=np.int64)
    near = np.full(n, np.nan)
    all_rows = np.arange(n)
    if n == 0:
        return Placement(lon, lat, position, chosen, near, candidates, -1)

    # 1. Choose the file's system on a sample: inside a polygon counts 2, inside
    #    the country that uses the system 1 more.
    sample = all_rows if n <= SAMPLE else np.unique(np.linspace(0, n - 1, SAMPLE).astype(np.int64))
    totals = []
    for c in range(len(candidates)):
        rows = sample[fits(c, sample)]
        if len(rows) == 0:
            totals.append((0, 0))
            continue
        _, _, pos = score(c, rows)
        inside = pos >= 0
        home = HOME.get(candidates[c][0])
        bonus = int((index.countries[pos[inside]] == home).sum()) if home else int(inside.sum())
        totals.append((2 * int(inside.sum()) + bonus, len(rows)))
    order = sorted(range(len(candidates)), key=lambda c: (-totals[c][0], -totals[c][1], c))
    dominant = order[0] if totals[order[0]][0] > 0 else (order[0] if totals[order[0]][1] > 0 else -1)

    # 2. Read every row with the dominant system, then the rest with the others.
    todo = all_rows
    for c in order:
        rows = todo[fits(c, todo)]
        if len(rows) == 0:
            continue
        x_lon, x_lat, pos = score(c, rows)
        inside = pos >= 0
        hit = rows[inside]
        lon[hit], lat[hit], position[hit], chosen[hit] = x_lon[inside], x_lat[inside], pos[inside], c
        if c == dominant:
            # Keep the dominant reading of the rest for messages and the tolerance below.
            miss = rows[~inside]
            lon[miss], lat[miss] = x_lon[~inside], x_lat[~inside]
        todo = todo[position[todo] < 0]
        if len(todo) == 0:
            break

    # 3. Points just outside the simplified borders (coast, river) within NEAR_KM.
    if dominant >= 0 and len(todo):
        rows = todo[np.isfinite(lon[todo])]
        if len(rows):
            pos, dist = index.nearest(lon[rows], lat[rows], NEAR_KM)
            ok = pos >= 0
            position[rows[ok]], chosen[rows[ok]], near[rows[ok]] = pos[ok], dominant, dist[ok]
    return Placement(lon, lat, position, chosen, near, candidates, dominant)
