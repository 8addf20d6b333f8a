"""Read the shipped files under ``geodata/`` into the canonical frames.

These functions do not import Streamlit; ``ui.cache`` wraps them for the
app. Every reader checks the declared columns and row sanity, and raises one
``DataValidationError`` naming the file and every problem found.

All geometry is EPSG:4326 (lon/lat degrees).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio.errors

from core.errors import DataValidationError
from core.schema import (
    FACT_COLUMNS,
    INDICATOR_COLUMNS,
    LOCATION_COLUMNS,
    MUNICIPALITY_COLUMNS,
    PLACE_COLUMNS,
    STATION_COLUMNS,
    WGS84,
)

GEODATA = Path(__file__).resolve().parents[1] / "geodata"

TEXT = "string"


def _fail(path: Path, problems: list[str]) -> None:
    if problems:
        msg = f"{path.name}: " + "; ".join(problems)
        raise DataValidationError(msg)


def _read_csv(path: Path, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    if not path.is_file():
        _fail(path, [f"file not found at {path}"])
    try:
        df = pd.read_csv(path, dtype=TEXT, keep_default_na=False, na_values=[], encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        _fail(path, [f"cannot be parsed as UTF-8 CSV ({exc})"])
    problems = []
    missing = [c for c in columns if c not in df.columns]
    if missing:
        problems.append(f"missing columns {missing}")
        _fail(path, problems)
    df = df[columns].copy()
    for col, kind in dtypes.items():
        numbers = pd.to_numeric(df[col].replace("", None), errors="coerce")
        bad = numbers.isna() & (df[col] != "")
        if kind == "required_float":
            bad |= df[col] == ""
        if bad.any():
            rows = (df.index[bad] + 2).tolist()[:5]
            problems.append(f"column '{col}' is not a number on line(s) {rows}")
        df[col] = numbers.astype("float64" if kind == "required_float" else "Int64")
    _fail(path, problems)
    return df


def load_municipalities(*, path: Path | None = None) -> gpd.GeoDataFrame:
    """Municipalities of NL (342, 2023) and BE (581, 2019-2024), EPSG:4326.

    Columns: ``MUNICIPALITY_COLUMNS`` + geometry. ``population`` is inhabitants
    on ``population_date``; ``area_km2`` was computed in EPSG:3035.
    """
    path = path or GEODATA / "municipalities.geojson"
    if not path.is_file():
        _fail(path, [f"file not found at {path}"])
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        _fail(path, [f"cannot be read as GeoJSON (truncated or corrupt?): {exc}"])
    problems = []
    missing = [c for c in MUNICIPALITY_COLUMNS if c not in gdf.columns]
    if missing:
        _fail(path, [f"missing columns {missing}"])
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        problems.append(f"CRS is {gdf.crs}, expected EPSG:4326")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        problems.append(f"{int((gdf.geometry.isna() | gdf.geometry.is_empty).sum())} empty geometries")
    if not gdf["code"].is_unique:
        problems.append("duplicate municipality codes")
    _fail(path, problems)
    for col in MUNICIPALITY_COLUMNS:
        if col not in ("population", "area_km2"):
            gdf[col] = gdf[col].fillna("").astype(TEXT)
    gdf["population"] = gdf["population"].astype("int64")
    gdf["area_km2"] = gdf["area_km2"].astype(float)
    return gpd.GeoDataFrame(gdf[[*MUNICIPALITY_COLUMNS, "geometry"]], crs=WGS84)


def load_locations(*, path: Path | None = None) -> pd.DataFrame:
    """Reception locations in the canonical schema (``LOCATION_COLUMNS``).

    ``lat``/``lon`` are WGS84 degrees; ``capacity`` is places (nullable Int64:
    empty means unknown, never zero).
    """
    path = path or GEODATA / "reception_locations.csv"
    return _read_csv(
        path,
        LOCATION_COLUMNS,
        {"lat": "required_float", "lon": "required_float", "capacity": "int"},
    )


def load_stations(*, path: Path | None = None) -> pd.DataFrame:
    """Passenger railway stations of NL and BE, WGS84 lat/lon."""
    path = path or GEODATA / "stations.csv"
    return _read_csv(path, STATION_COLUMNS, {"lat": "required_float", "lon": "required_float"})


def load_places(*, path: Path | None = None) -> pd.DataFrame:
    """GeoNames places (>= 1,000 inhabitants, approximate), WGS84 lat/lon."""
    path = path or GEODATA / "places.csv"
    return _read_csv(
        path,
        PLACE_COLUMNS,
        {"lat": "required_float", "lon": "required_float", "population": "int"},
    )


def load_indicators(*, path: Path | None = None) -> pd.DataFrame:
    """Long-form indicators (``INDICATOR_COLUMNS``); ``value`` is a float."""
    path = path or GEODATA / "indicators.csv"
    return _read_csv(path, INDICATOR_COLUMNS, {"value": "required_float"})


def load_facts(*, path: Path | None = None) -> pd.DataFrame:
    """National facts with source and reference date (``FACT_COLUMNS``)."""
    path = path or GEODATA / "facts.csv"
    return _read_csv(path, FACT_COLUMNS, {"value": "required_float"})


def display_name(municipalities: pd.DataFrame) -> pd.Series:
    """The name to show per municipality: "Dutch / French" where a Belgian one has two.

    Every map, tooltip and panel names a municipality through this one
    function (index of ``municipalities`` kept).

    >>> frame = pd.DataFrame({"country": ["BE", "BE", "NL"], "name": ["Bruxelles", "Gent", "Ede"],
    ...                       "name_nl": ["Brussel", "Gent", ""], "name_fr": ["Bruxelles", "Gent", ""]})
    >>> display_name(frame).tolist()
    ['Brussel / Bruxelles', 'Gent', 'Ede']
    """
    bilingual = (municipalities["country"] == "BE") & (municipalities["name_nl"] != municipalities["name_fr"])
    both = municipalities["name_nl"] + " / " + municipalities["name_fr"]
    return municipalities["name"].where(~bilingual, both)


def locations_to_geodataframe(locations: pd.DataFrame) -> gpd.GeoDataFrame:
    """Point geometries (EPSG:4326) from the ``lon``/``lat`` columns."""
    geometry = gpd.points_from_xy(locations["lon"].astype(float), locations["lat"].astype(float))
    return gpd.GeoDataFrame(locations.copy(), geometry=geometry, crs=WGS84)
