"""Remoteness of reception locations: distances to stations and towns, a class.

Every distance is a straight-line distance measured in EPSG:3035 (ETRS89 /
LAEA Europe, metres) and reported in kilometres; over the Netherlands and
Belgium it differs from the geodesic (WGS84 ellipsoid) distance by at most
about 0.1 %.
Inputs carry WGS84 (EPSG:4326) ``lat``/``lon`` degrees, as the loaders
return them. Most location coordinates are settlement-level or approximate
(see ``coord_precision``, which is carried beside every distance), so a
distance is from the village or town centre rather than from the gate.

Nothing here reads files, imports Streamlit or mutates its inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyproj
import shapely

from analysis._countries import country_order
from core.schema import EQUAL_AREA, WGS84

__all__ = [
    "LOCATION_FACT_COLUMNS",
    "REMOTENESS_CLASSES",
    "REMOTENESS_COLUMNS",
    "REMOTENESS_MEASURES",
    "REMOTENESS_THRESHOLDS",
    "RemotenessThresholds",
    "classify_remoteness",
    "location_remoteness",
    "remoteness_summary",
    "weighted_median",
    "with_location_facts",
]

REMOTENESS_CLASSES = ("urban", "town", "rural", "remote")
"""Remoteness classes, from most to least connected."""

REMOTENESS_DTYPE = pd.CategoricalDtype(list(REMOTENESS_CLASSES), ordered=True)

REMOTENESS_COLUMNS = [
    "id",
    "country",
    "capacity",
    "coord_precision",
    "distance_to_station_km",
    "nearest_station",
    "nearest_station_country",
    "distance_to_place_20k_km",
    "nearest_place_20k",
    "distance_to_place_100k_km",
    "nearest_place_100k",
    "host_population_density_per_km2",
    "remoteness_class",
]
"""Columns of :func:`location_remoteness`, in order."""

REMOTENESS_MEASURES = (
    "distance_to_station_km",
    "distance_to_place_20k_km",
    "distance_to_place_100k_km",
    "host_population_density_per_km2",
)
"""Columns of :func:`location_remoteness` summarised by
:func:`remoteness_summary`."""


LOCATION_FACT_COLUMNS = (
    "name",
    "type",
    "place",
    "status",
    "operator",
    "municipality_code",
    "lat",
    "lon",
    "source_url",
)
"""Columns of the canonical locations carried beside the remoteness measures."""

METRES_PER_KM = 1000.0


@dataclass(frozen=True)
class RemotenessThresholds:
    """Thresholds of the remoteness classes (km and inhabitants per km²).

    The classes are tested in the order urban, town, remote; the first that
    applies wins, anything else is rural.

    * **urban**: within ``urban_place_100k_km`` of a place of at least
      100,000 inhabitants, or host municipality density of at least
      ``urban_density_per_km2``.
    * **town**: within ``town_place_20k_km`` of a place of at least 20,000
      inhabitants, or host municipality density of at least
      ``town_density_per_km2``.
    * **remote**: more than ``remote_station_km`` from any railway station
      (of either country) *and* more than ``remote_place_20k_km`` from any
      place of at least 20,000 inhabitants.
    * **rural**: the rest: not near a town, but a station or a town within
      reach.

    A criterion whose input is missing (NaN) does not apply. When neither
    urban nor town applies and the station or 20k distance is missing so that
    remote cannot be ruled out, the class is missing (``NaN``).
    """

    urban_place_100k_km: float = 5.0
    urban_density_per_km2: float = 1000.0
    town_place_20k_km: float = 5.0
    town_density_per_km2: float = 500.0
    remote_station_km: float = 10.0
    remote_place_20k_km: float = 15.0


REMOTENESS_THRESHOLDS = RemotenessThresholds()
"""The thresholds used throughout the dashboard (documented in METHOD.md)."""

PLACE_20K = 20_000
PLACE_100K = 100_000


def classify_remoteness(
    distance_to_station_km,
    distance_to_place_20k_km,
    host_population_density_per_km2,
    *,
    distance_to_place_100k_km=None,
    thresholds: RemotenessThresholds = REMOTENESS_THRESHOLDS,
) -> pd.Series:
    """Class each location as urban, town, rural or remote.

    Parameters
    ----------
    distance_to_station_km : array-like of float
        Distance to the nearest railway station, km (EPSG:3035).
    distance_to_place_20k_km : array-like of float
        Distance to the nearest place of at least 20,000 inhabitants, km.
    host_population_density_per_km2 : array-like of float
        Population density of the host municipality, inhabitants per km²;
        NaN when unknown.
    distance_to_place_100k_km : array-like of float, optional
        Distance to the nearest place of at least 100,000 inhabitants, km.
        Without it the urban class rests on density alone.
    thresholds : RemotenessThresholds
        Defaults to :data:`REMOTENESS_THRESHOLDS`.

    Returns
    -------
    pandas.Series
        Ordered categorical with the categories of :data:`REMOTENESS_CLASSES`.
        The index is that of ``distance_to_station_km`` when it is a Series,
        otherwise a RangeIndex.

    Examples
    --------
    >>> classify_remoteness([1.0, 12.0], [2.0, 20.0], [300.0, 50.0]).tolist()
    ['town', 'remote']
    """
    index = distance_to_station_km.index if isinstance(distance_to_station_km, pd.Series) else None
    station = _as_float(distance_to_station_km)
    place_20k = _as_float(distance_to_place_20k_km)
    density = _as_float(host_population_density_per_km2)
    n = len(station)
    place_100k = (
        np.full(n, np.nan) if distance_to_place_100k_km is None else _as_float(distance_to_place_100k_km)
    )
    if not (len(place_20k) == len(density) == len(place_100k) == n):
        msg = "classify_remoteness: all inputs must have the same length"
        raise ValueError(msg)
    t = thresholds
    # Comparisons with NaN are False, so a missing input never makes a criterion apply.
    with np.errstate(invalid="ignore"):
        urban = (place_100k <= t.urban_place_100k_km) | (density >= t.urban_density_per_km2)
        town = (place_20k <= t.town_place_20k_km) | (density >= t.town_density_per_km2)
        remote = (station > t.remote_station_km) & (place_20k > t.remote_place_20k_km)
        not_remote = (station <= t.remote_station_km) | (place_20k <= t.remote_place_20k_km)
    codes = np.select(
        [urban, town, remote, not_remote],
        [0, 1, 3, 2],
        default=-1,  # undecidable: missing
    )
    values = pd.Categorical.from_codes(codes, dtype=REMOTENESS_DTYPE)
    return pd.Series(values, index=index, name="remoteness_class")


def location_remoteness(
    locations: pd.DataFrame,
    stations: pd.DataFrame,
    places: pd.DataFrame,
    municipalities: pd.DataFrame,
    *,
    thresholds: RemotenessThresholds = REMOTENESS_THRESHOLDS,
) -> pd.DataFrame:
    """Distances to the nearest station and towns, host density and class.

    Parameters
    ----------
    locations : pandas.DataFrame
        Reception locations with ``id``, ``country``, ``lat``, ``lon`` (WGS84
        degrees) and, when available, ``capacity``, ``coord_precision`` and
        ``municipality_code``. Rows with a missing coordinate get missing
        distances.
    stations : pandas.DataFrame
        Railway stations (``name``, ``country``, ``lat``, ``lon``). Stations of
        every country given count: a centre near the border may be closest to
        a station across it.
    places : pandas.DataFrame
        Places (``name``, ``country``, ``lat``, ``lon``, ``population``); only
        those of at least 20,000 and 100,000 inhabitants are used.
    municipalities : pandas.DataFrame or geopandas.GeoDataFrame
        ``code``, ``population`` and ``area_km2`` (km², EPSG:3035). Geometry is
        not used: the host municipality is ``locations.municipality_code``.
    thresholds : RemotenessThresholds
        Thresholds of the class, default :data:`REMOTENESS_THRESHOLDS`.

    Returns
    -------
    pandas.DataFrame
        One row per location, same index and order as ``locations``, columns
        :data:`REMOTENESS_COLUMNS`. Distances are km, measured in EPSG:3035
        from the stated coordinate (often a settlement centre: see
        ``coord_precision``). ``host_population_density_per_km2`` is
        municipal population / ``area_km2``, NaN when the municipality is
        unknown. Nearest-feature columns are missing when there is no
        candidate (e.g. an empty station list).

    Notes
    -----
    Nearest neighbours are found with a shapely ``STRtree`` over projected
    points (built once per call), so 10,000 locations against every station
    and place take about 0.1 s (``tests/perf/bench_remoteness.py``).
    """
    n = len(locations)
    xy = _project(locations["lon"], locations["lat"]) if n else np.empty((0, 2))

    ok = np.isfinite(xy).all(axis=1)
    query = shapely.points(xy[ok])  # built once, queried against three trees

    station_km, station_name, station_country = _nearest(query, ok, stations)
    pop = pd.to_numeric(places["population"], errors="coerce") if len(places) else pd.Series(dtype=float)
    places_20k = places.loc[(pop >= PLACE_20K).fillna(False).to_numpy(bool)] if len(places) else places
    places_100k = places.loc[(pop >= PLACE_100K).fillna(False).to_numpy(bool)] if len(places) else places
    place_20k_km, place_20k_name, _ = _nearest(query, ok, places_20k)
    place_100k_km, place_100k_name, _ = _nearest(query, ok, places_100k)
    density = _host_density(locations, municipalities)

    out = pd.DataFrame(index=locations.index)
    out["id"] = _column(locations, "id", "string")
    out["country"] = _column(locations, "country", "string")
    out["capacity"] = _column(locations, "capacity", "Int64")
    out["coord_precision"] = _column(locations, "coord_precision", "string")
    out["distance_to_station_km"] = station_km
    out["nearest_station"] = pd.array(station_name, dtype="string")
    out["nearest_station_country"] = pd.array(station_country, dtype="string")
    out["distance_to_place_20k_km"] = place_20k_km
    out["nearest_place_20k"] = pd.array(place_20k_name, dtype="string")
    out["distance_to_place_100k_km"] = place_100k_km
    out["nearest_place_100k"] = pd.array(place_100k_name, dtype="string")
    out["host_population_density_per_km2"] = density
    out["remoteness_class"] = classify_remoteness(
        station_km,
        place_20k_km,
        density,
        distance_to_place_100k_km=place_100k_km,
        thresholds=thresholds,
    ).array
    return out[REMOTENESS_COLUMNS]


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def _to_equal_area() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(WGS84, EQUAL_AREA, always_xy=True)


def _as_float(values) -> np.ndarray:
    return pd.to_numeric(pd.Series(values).reset_index(drop=True), errors="coerce").to_numpy(
        float, na_value=np.nan
    )


def _project(lon, lat) -> np.ndarray:
    """WGS84 lon/lat degrees -> EPSG:3035 x/y metres, shape (n, 2); NaN stays NaN."""
    lon = _as_float(lon)
    lat = _as_float(lat)
    x, y = _to_equal_area().transform(lon, lat)
    xy = np.column_stack([np.asarray(x, float), np.asarray(y, float)])
    xy[~np.isfinite(xy).all(axis=1)] = np.nan
    return xy


def _nearest(
    query: np.ndarray, ok: np.ndarray, targets: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance (km), name and country of the nearest target.

    ``query`` holds the EPSG:3035 points of the rows where ``ok`` is True;
    the other rows (missing coordinates) get NaN / None.
    """
    n = len(ok)
    km = np.full(n, np.nan)
    names = np.full(n, None, dtype=object)
    countries = np.full(n, None, dtype=object)
    if len(query) == 0 or len(targets) == 0:
        return km, names, countries
    target_xy = _project(targets["lon"], targets["lat"])
    usable = np.isfinite(target_xy).all(axis=1)
    if not usable.any():
        return km, names, countries
    target_idx = np.flatnonzero(usable)
    tree = shapely.STRtree(shapely.points(target_xy[usable]))
    (query_i, tree_i), dist_m = tree.query_nearest(query, return_distance=True, all_matches=False)
    rows = np.flatnonzero(ok)[query_i]
    picked = target_idx[tree_i]
    km[rows] = dist_m / METRES_PER_KM
    names[rows] = targets["name"].to_numpy(object)[picked]
    countries[rows] = targets["country"].to_numpy(object)[picked]
    return km, names, countries


def _column(frame: pd.DataFrame, name: str, dtype: str) -> pd.api.extensions.ExtensionArray:
    if name in frame.columns:
        return frame[name].astype(dtype).array
    return pd.array([pd.NA] * len(frame), dtype=dtype)


def _host_density(locations: pd.DataFrame, municipalities: pd.DataFrame) -> np.ndarray:
    """Inhabitants per km² of the host municipality, NaN when unknown."""
    if "municipality_code" not in locations.columns or len(municipalities) == 0:
        return np.full(len(locations), np.nan)
    population = pd.to_numeric(municipalities["population"], errors="coerce").to_numpy(float, na_value=np.nan)
    area = pd.to_numeric(municipalities["area_km2"], errors="coerce").to_numpy(float, na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(area > 0, population / area, np.nan)
    by_code = pd.Series(density, index=municipalities["code"].astype("string").to_numpy())
    by_code = by_code[~by_code.index.duplicated()]
    codes = locations["municipality_code"].astype("string")
    return codes.map(by_code).to_numpy(float, na_value=np.nan)


# --------------------------------------------------------------------------- per country


def with_location_facts(remoteness: pd.DataFrame, locations: pd.DataFrame) -> pd.DataFrame:
    """:func:`location_remoteness` rows joined with :data:`LOCATION_FACT_COLUMNS` of ``locations``.

    A new frame with the index of ``remoteness``; a fact column that
    ``locations`` lacks is filled with missing values.
    """
    extra = locations.reindex(columns=list(LOCATION_FACT_COLUMNS))
    table = remoteness.join(extra, how="left")
    table["status"] = locations["status"] if "status" in locations.columns else pd.NA
    return table


def weighted_median(values, weights) -> float:
    """Weighted median: the value at which the cumulative weight reaches half.

    Values are sorted; the median is the first value whose cumulative weight
    is at least half the total. When the cumulative weight equals exactly
    half at a value, the mean of that value and the next is returned, so
    equal weights give the ordinary median. Pairs with a missing value or
    weight, or a weight of zero, are left out.

    Parameters
    ----------
    values : array-like of float
    weights : array-like of float
        Non-negative weights (e.g. places).

    Returns
    -------
    float
        NaN when no pair with positive weight remains.

    Examples
    --------
    >>> weighted_median([1, 2, 3, 4], [1, 1, 1, 1])
    2.5
    >>> weighted_median([1, 2, 3], [1, 1, 10])
    3.0
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float, na_value=np.nan)
    w = pd.to_numeric(pd.Series(weights), errors="coerce").to_numpy(float, na_value=np.nan)
    keep = np.isfinite(v) & np.isfinite(w) & (w > 0)
    v, w = v[keep], w[keep]
    if v.size == 0:
        return float("nan")
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half, side="left"))
    if np.isclose(cum[i], half, rtol=1e-12, atol=0.0) and i + 1 < v.size:
        return float((v[i] + v[i + 1]) / 2.0)
    return float(v[i])


def remoteness_summary(remoteness: pd.DataFrame) -> pd.DataFrame:
    """Per-country medians of the remoteness measures and class shares.

    Parameters
    ----------
    remoteness : pandas.DataFrame
        Output of :func:`analysis.remoteness.location_remoteness`.

    Returns
    -------
    pandas.DataFrame
        Index ``country`` (NL, BE, then others present). Columns:

        ``locations``, ``locations_with_capacity``, ``places_known``
            counts and the sum of known capacity (persons);
        ``<measure>_median``
            median over locations (unweighted) of each of
            :data:`REMOTENESS_MEASURES` (km, or inhabitants per km² for the
            density), NaN values left out;
        ``<measure>_median_capacity_weighted``
            the median weighted by known capacity (:func:`weighted_median`):
            the distance at which half of the *places* lie closer. Locations
            without a capacity are excluded from this one;
        ``locations_<class>``
            number of locations per remoteness class;
        ``share_locations_<class>``
            share of the country's locations per class (0-1);
        ``share_places_<class>``
            share of the country's known places per class (0-1).

        Locations with a missing class count in the denominators, so shares
        can add up to less than 1.
    """
    columns = ["locations", "locations_with_capacity", "places_known"]
    for measure in REMOTENESS_MEASURES:
        columns += [f"{measure}_median", f"{measure}_median_capacity_weighted"]
    for prefix in ("locations_", "share_locations_", "share_places_"):
        columns += [f"{prefix}{c}" for c in REMOTENESS_CLASSES]

    capacity = pd.to_numeric(remoteness["capacity"], errors="coerce").astype(float)
    classes = remoteness["remoteness_class"].astype("string")
    rows = {}
    for country in country_order(remoteness):
        mask = (remoteness["country"] == country).fillna(False).to_numpy(bool)
        frame = remoteness.loc[mask]
        cap = capacity[mask]
        cls = classes[mask]
        places = float(cap.sum(skipna=True))
        row: dict[str, float] = {
            "locations": len(frame),
            "locations_with_capacity": int(cap.notna().sum()),
            "places_known": int(places),
        }
        for measure in REMOTENESS_MEASURES:
            values = pd.to_numeric(frame[measure], errors="coerce").astype(float)
            row[f"{measure}_median"] = float(values.median()) if values.notna().any() else np.nan
            row[f"{measure}_median_capacity_weighted"] = weighted_median(values, cap)
        for c in REMOTENESS_CLASSES:
            in_class = (cls == c).fillna(False).to_numpy(bool)
            row[f"locations_{c}"] = int(in_class.sum())
            row[f"share_locations_{c}"] = in_class.mean() if len(frame) else np.nan
            row[f"share_places_{c}"] = float(cap[in_class].sum()) / places if places > 0 else np.nan
        rows[country] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    if out.empty:
        out = pd.DataFrame(columns=columns)
    out.index.name = "country"
    return out[columns]
