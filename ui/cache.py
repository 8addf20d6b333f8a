"""Every Streamlit cache of the app, with one keying scheme.

Shipped files are cached on their path and modification time (a rebuilt
geodata/ is picked up without a restart). Everything computed from the data
a page draws from is cached on that :class:`~ui.bundle.DataBundle`, hashed
by its ``token`` (``hash_funcs``, as Streamlit's caching docs show): the
token names the dataset, any upload's fingerprint and any selection applied,
so the shipped data are computed once and each upload gets its own entries
(``max_entries`` bounds the memory uploads take). Hashing the frames instead
cost about 0.3 s per page run.

``st.cache_data`` hands every caller its own copy, so a page that mutates a
frame cannot corrupt another session; ``st.cache_resource`` (``read_only``)
shares one object: never mutate what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from analysis import dispersal, reference_date, remoteness, scenario
from analysis.locations import LocationSelection
from analysis.municipalities import municipality_table as _municipality_table
from loaders import geodata
from ui.bundle import DataBundle

MAX_ENTRIES = 8
BY_TOKEN = {DataBundle: lambda bundle: bundle.token}
T = TypeVar("T")

# --------------------------------------------------------------------------- shipped files


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=4)
def _municipalities(path: str, mtime: float):
    return geodata.load_municipalities(path=Path(path))


@st.cache_data(show_spinner=False, max_entries=24)
def _table(name: str, path: str, mtime: float):
    reader = {
        "locations": geodata.load_locations,
        "stations": geodata.load_stations,
        "places": geodata.load_places,
        "indicators": geodata.load_indicators,
        "facts": geodata.load_facts,
    }[name]
    return reader(path=Path(path))


FILES = {
    "locations": "reception_locations.csv",
    "stations": "stations.csv",
    "places": "places.csv",
    "indicators": "indicators.csv",
    "facts": "facts.csv",
}


def municipalities():
    """Shipped municipalities (EPSG:4326), a fresh copy per call."""
    path = geodata.GEODATA / "municipalities.geojson"
    return _municipalities(str(path), _mtime(path))


def table(name: str):
    """A shipped table by name: locations, stations, places, indicators or facts."""
    path = geodata.GEODATA / FILES[name]
    return _table(name, str(path), _mtime(path))


# --------------------------------------------------------------------------- reference date


@st.cache_data(show_spinner=False, max_entries=4 * MAX_ENTRIES)
def reference_rows(
    token: str, reference: str, confirmed_only: bool, _locations: pd.DataFrame
) -> pd.DataFrame:
    """The rows of ``_locations`` counted under a reference date (analysis/reference_date.py).

    Keyed on the dataset's ``token``: parsing the in-use dates walks every row
    in Python (about 2 ms for the 307 shipped rows, about 1 s for 200,000
    uploaded ones), so it runs once per dataset and option, not per rerun.
    """
    return reference_date.select_locations(_locations, reference, confirmed_only=confirmed_only)


# --------------------------------------------------------------------------- measures (analysis/)


def _cached(func):
    """``st.cache_data`` keyed on the bundle's token and the other (simple) arguments."""
    return st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES, hash_funcs=BY_TOKEN)(func)


# cache_resource: the context (population grid, search trees) is read-only and
# shared; building it costs 0.5-1 s (most of it the grid and its FFTs), pickling
# a copy per call would cost more than using it. Never mutate it.
@st.cache_resource(show_spinner=False, max_entries=2)
def _remoteness_context(key: str, _municipalities, _stations, _places) -> remoteness.RemotenessContext:
    return remoteness.remoteness_context(_municipalities, _stations, _places)


def remoteness_context(data: DataBundle) -> remoteness.RemotenessContext:
    """Reference layers of the remoteness measures, built once per set of municipalities, stations, places."""
    key = "|".join(
        str(int(pd.util.hash_pandas_object(frame, index=False).sum()))
        for frame in (
            data.municipalities[["code", "population"]],
            data.stations[["name", "lat", "lon"]],
            data.places[["name", "lat", "lon", "population"]],
        )
    )
    return _remoteness_context(key, data.municipalities, data.stations, data.places)


@_cached
def coverage(data: DataBundle) -> pd.DataFrame:
    """Like-for-like coverage of the bundle's full list (analysis/coverage.py), index ``key``.

    Cached: it tests every row on five official dates (about 0.1 s a page run).
    """
    from analysis.coverage import coverage_table

    return coverage_table(data.all_locations, data.facts).set_index("key")


@_cached
def location_remoteness(data: DataBundle) -> pd.DataFrame:
    """Remoteness measures per location (see analysis/METHOD.md)."""
    return remoteness.location_remoteness(
        data.locations, data.stations, data.places, data.municipalities, context=remoteness_context(data)
    )


@_cached
def remoteness_table(data: DataBundle, selection: LocationSelection) -> pd.DataFrame:
    """Remoteness of the selected locations with their descriptive columns (index of ``data.locations``)."""
    return selection.apply(remoteness.with_location_facts(location_remoteness(data), data.locations))


@_cached
def remoteness_summary(data: DataBundle, selection: LocationSelection) -> pd.DataFrame:
    """:func:`analysis.remoteness.remoteness_summary` of the selected locations."""
    rows = remoteness_table(data, selection)
    return remoteness.remoteness_summary(rows.drop(columns=list(remoteness.LOCATION_FACT_COLUMNS)))


@_cached
def municipality_places(data: DataBundle) -> gpd.GeoDataFrame:
    """Locations and places per municipality, with places per 1,000 inhabitants."""
    return dispersal.municipality_places(data.locations, data.municipalities)


@_cached
def country_dispersal(data: DataBundle) -> pd.DataFrame:
    """Headline dispersal figures per country (index NL, BE)."""
    return dispersal.country_dispersal(data.locations, data.municipalities)


@_cached
def province_places(data: DataBundle) -> pd.DataFrame:
    """Places per 1,000 inhabitants by province."""
    return dispersal.province_places(data.locations, data.municipalities)


@_cached
def lorenz_points(data: DataBundle) -> pd.DataFrame:
    """Lorenz curve points of places against population per country (long form)."""
    return dispersal.lorenz_by_country(municipality_places(data))


@_cached
def ginis(data: DataBundle) -> dict[str, float]:
    """Gini of places against population per country (NaN without places)."""
    return dispersal.gini_by_country(municipality_places(data))


@_cached
def dispersal_key(data: DataBundle, level: str) -> pd.DataFrame:
    """The dispersal-key scenario (expected by population share vs actual)."""
    return scenario.dispersal_key_scenario(data.locations, data.municipalities, level=level)


@_cached
def spreidingswet(data: DataBundle) -> pd.DataFrame:
    """Spreidingswet task per Dutch province beside the known places."""
    return scenario.spreidingswet_comparison(data.locations, data.municipalities, data.indicators)


@_cached
def municipality_table(
    data: DataBundle, indicator_names: tuple[str, ...], periods: tuple[tuple[str, str], ...] = ()
) -> gpd.GeoDataFrame:
    """:func:`analysis.municipalities.municipality_table` of the bundle.

    ``periods``: (indicator, stated period) pairs; an indicator not named
    shows its default period (analysis/indicator_periods.py).
    """
    return _municipality_table(
        municipality_places(data), data.municipalities, data.indicators, indicator_names, dict(periods)
    )


@_cached
def centroids(data: DataBundle) -> dict[str, tuple[float, float]]:
    """Representative point (lat, lon) of every municipality, by code."""
    points = data.municipalities.geometry.representative_point()
    return {code: (p.y, p.x) for code, p in zip(data.municipalities["code"], points, strict=True)}


# --------------------------------------------------------------------------- views and map layers


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES, hash_funcs=BY_TOKEN)
def layer_data(data: DataBundle, key: Hashable, _build: Callable[[], T]) -> T:
    """``_build()`` (GeoJSON layer data), once per bundle and ``key`` (which names all it shows)."""
    return _build()


# cache_resource: a view holds folium layers and ~1 MB of GeoJSON that are only
# read; unpickling a fresh copy on every rerun cost 0.2 s (Compare page), and the
# explorer reruns on every click. Never mutate what it returns.
@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=BY_TOKEN)
def read_only(data: DataBundle, key: Hashable, _build: Callable[[], T]) -> T:
    """``_build()`` shared by all sessions, once per bundle and ``key`` (which names all it shows)."""
    return _build()


MAX_CACHED_LAYERS = 64


@st.cache_data(show_spinner=False, max_entries=MAX_CACHED_LAYERS)
def layer_script(cache_key: Hashable, _build: Callable[[], str]) -> str:
    """The JavaScript of a map's layer group (ui/folium_component.py), once per ``cache_key``.

    ``cache_key`` starts with the page and holds the bundle's token and all
    the layers show. Building it costs about 0.35 s per country map.
    """
    return _build()
