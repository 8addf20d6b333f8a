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
import pyarrow as pa
import pyproj

from core.schema import WGS84
from loaders._headers import Problems, cells_at, parse_numbers, quote
from loaders._match import MunicipalityIndex, transformer

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


@lru_cache(maxsize=16)
def _geographic(crs: str) -> bool:
    """Whether a CRS counts in degrees (EPSG:4326, EPSG:4258, ...); unknown ones are taken as metres."""
    try:
        return pyproj.CRS.from_user_input(crs).is_geographic
    except pyproj.exceptions.CRSError:
        return False


def _in_box(east: np.ndarray, north: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (east >= box[0]) & (east <= box[2]) & (north >= box[1]) & (north <= box[3])


def _to_wgs84(east: np.ndarray, north: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    if crs == WGS84:
        return east.astype(float), north.astype(float)
    with np.errstate(all="ignore"):
        lon, lat = transformer(crs).transform(east, north, errcheck=False)
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def place(  # noqa: C901 - one branch per coordinate system tried (WGS84, RD New, Lambert 2008/72, swapped)
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
        x, y = pair(c, rows)
        with np.errstate(invalid="ignore"):
            # Degrees never exceed 180; metres of RD New or Lambert near NL/BE are
            # thousands (the boxes' far corners come close to 0, where degrees would fit).
            size = np.maximum(np.abs(x), np.abs(y))
            plausible = size <= 180 if _geographic(candidates[c][0]) else size > 1_000
        if boxes[c] is None:
            return plausible
        return plausible & _in_box(x, y, boxes[c])

    def score(c: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """lon, lat, municipality position for rows read with candidate c."""
        x, y = pair(c, rows)
        try:
            lon, lat = _to_wgs84(x, y, candidates[c][0])
        except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError):
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
    # Without any sampled point inside, the reading that fits most values by range
    # still serves the tolerance step and the messages.
    dominant = order[0] if totals[order[0]][0] > 0 or totals[order[0]][1] > 0 else -1

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


# --- reading the coordinate columns of a file ------------------------------------------


@dataclass(frozen=True)
class Source:
    """A pair of coordinate columns: ``label`` is ``geometry``, ``lat/lon`` or ``x/y``."""

    label: str
    east_column: str
    north_column: str
    east: pa.Array  # cell text
    north: pa.Array
    declared: str | None = None


@dataclass(frozen=True)
class Coordinates:
    """Per row: WGS84 position and municipality of rows read from coordinates."""

    lon: np.ndarray
    lat: np.ndarray
    position: np.ndarray  # -1 when not placed
    given: np.ndarray  # the row has a complete coordinate pair
    bad: np.ndarray  # the row is rejected for its coordinates
    crs: np.ndarray  # EPSG code used per row ("" when none)


def read_coordinates(
    sources: list[Source], n: int, index: MunicipalityIndex, problems: Problems
) -> Coordinates:
    """Parse, recognise and place every row's coordinates; the first complete pair of a row wins."""
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    position = np.full(n, -1, dtype=np.int64)
    given = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    crs = np.full(n, "", dtype=object)
    partial: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for source in sources:
        east, east_bad = parse_numbers(source.east, role="coord")
        north, north_bad = parse_numbers(source.north, role="coord")
        for column, text, wrong in (
            (source.east_column, source.east, east_bad),
            (source.north_column, source.north, north_bad),
        ):
            rows = wrong & ~given
            problems.error(rows, column, "{} is not a number", quote(cells_at(text, rows)))
            bad |= rows
        east_ok, north_ok = ~np.isnan(east), ~np.isnan(north)
        half = (east_ok ^ north_ok) & ~given & ~bad
        if half.any():
            missing = np.where(east_ok, source.north_column, source.east_column)
            present = np.where(east_ok, source.east_column, source.north_column)
            partial.append((half, missing, present))
        rows = np.flatnonzero(east_ok & north_ok & ~given & ~bad)
        if len(rows) == 0:
            continue
        placed = place(east[rows], north[rows], index, declared=source.declared)
        given[rows] = True
        ok = placed.position >= 0
        lon[rows[ok]], lat[rows[ok]], position[rows[ok]] = placed.lon[ok], placed.lat[ok], placed.position[ok]
        names = np.array([c[0] for c in placed.candidates] + [""], dtype=object)
        crs[rows] = names[placed.candidate]
        _messages(problems, placed, rows, east[rows], north[rows], source, index)
    for half, missing, present in partial:
        half = half & ~given & ~bad
        for column in np.unique(missing[half]):
            rows = half & (missing == column)
            problems.error(rows, str(column), "empty, while '{}' is given", present[rows])
        bad |= half
    return Coordinates(lon, lat, position, given, bad, crs)


def _format(values: np.ndarray) -> list[str]:
    return [f"{v:.5f}".rstrip("0").rstrip(".") for v in values.tolist()]


def _messages(
    problems: Problems,
    placed: Placement,
    rows: np.ndarray,
    east: np.ndarray,
    north: np.ndarray,
    source: Source,
    index: MunicipalityIndex,
) -> None:
    """Warnings for rows read differently from the rest; reasons for rows outside both countries."""
    pair = (source.north_column, source.east_column)
    north_name, east_name = ("lat", "lon") if source.label == "lat/lon" else ("y", "x")
    dominant = placed.dominant
    if dominant >= 0:
        crs, swapped = placed.candidates[dominant]
        count = int((placed.candidate == dominant).sum())
        if swapped and count:
            problems.warn_file(
                f"{north_name} and {east_name} are swapped in this file ({count:,} rows: column "
                f"'{source.north_column}' holds {'longitudes' if crs == WGS84 else 'x values'}); "
                "they were read the other way round",
                pair,
            )
        if source.label == "lat/lon" and crs != WGS84 and count:
            problems.warn_file(
                f"columns '{source.north_column}' and '{source.east_column}' hold {LABELS.get(crs, crs)} "
                "coordinates, not degrees; they were read as such",
                pair,
            )
    odd = (placed.candidate >= 0) & (placed.candidate != dominant) & np.isnan(placed.near_km)
    for c in np.unique(placed.candidate[odd]):
        crs, swapped = placed.candidates[c]
        which = placed.candidate == c
        if (
            dominant >= 0
            and crs == placed.candidates[dominant][0]
            and swapped != placed.candidates[dominant][1]
        ):
            text = f"{north_name} and {east_name} look swapped on this row; read the other way round"
        else:
            text = f"coordinates read as {LABELS.get(crs, crs)}, unlike the rest of the file"
            if swapped:
                text += " (with the two values swapped)"
        problems.warn(rows[which], pair, text)
    near = ~np.isnan(placed.near_km)
    if near.any():
        problems.warn(
            rows[near],
            pair,
            "point lies {} km outside the simplified border of {}; assigned to it",
            [f"{d:.2f}" for d in placed.near_km[near]],
            [index.label(p) for p in placed.position[near]],
        )
    outside = placed.position < 0
    if not outside.any():
        return
    raw_north, raw_east = north[outside], east[outside]
    lon, lat = placed.lon[outside], placed.lat[outside]
    with np.errstate(invalid="ignore"):
        known = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90)
        degrees = (np.abs(raw_north) <= 90) & (np.abs(raw_east) <= 180) & (source.label != "x/y")
    as_point = known | degrees
    point_lat = _format(np.where(known, lat, raw_north))
    point_lon = _format(np.where(known, lon, raw_east))
    east_text, north_text = _format(raw_east), _format(raw_north)
    messages = [
        f"point (lat {plat}, lon {plon}) lies outside the Netherlands and Belgium"
        if is_point
        else f"{east_name} {e}, {north_name} {n} do not fall inside the Netherlands or Belgium as WGS84 "
        "degrees, RD New (EPSG:28992), Lambert 72 (EPSG:31370) or Lambert 2008 (EPSG:3812)"
        for is_point, plat, plon, e, n in zip(as_point.tolist(), point_lat, point_lon, east_text, north_text)
    ]
    problems.error(rows[outside], pair, "{}", messages)
