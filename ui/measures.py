"""Cached calls into ``analysis/`` for the pages.

Keyed on ``DataBundle.token``: the shipped data are computed once and each
upload gets its own entries (``max_entries`` bounds the memory uploads take).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from analysis import dispersal, remoteness, scenario
from ui.state import DataBundle

MAX_ENTRIES = 8

# Municipality measures offered on the maps (key -> column of municipality_table).
BASE_MEASURES = ("places_per_1000", "places_known", "locations", "population_density_per_km2")


# Cached on DataBundle.token (which names the dataset and any filter applied to
# it) instead of hashing the frames: hashing every frame on every rerun cost
# about 0.3 s per page run.


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _remoteness(token: str, _data: DataBundle) -> pd.DataFrame:
    return remoteness.location_remoteness(_data.locations, _data.stations, _data.places, _data.municipalities)


def location_remoteness(data: DataBundle) -> pd.DataFrame:
    """Remoteness measures per location (see analysis/METHOD.md)."""
    return _remoteness(data.token, data)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _municipality_places(token: str, _data: DataBundle) -> gpd.GeoDataFrame:
    return dispersal.municipality_places(_data.locations, _data.municipalities)


def municipality_places(data: DataBundle) -> gpd.GeoDataFrame:
    """Locations and places per municipality, with places per 1,000 inhabitants."""
    return _municipality_places(data.token, data)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _country_dispersal(token: str, _data: DataBundle) -> pd.DataFrame:
    return dispersal.country_dispersal(_data.locations, _data.municipalities)


def country_dispersal(data: DataBundle) -> pd.DataFrame:
    """Headline dispersal figures per country (index NL, BE)."""
    return _country_dispersal(data.token, data)


def remoteness_summary(data: DataBundle) -> pd.DataFrame:
    """Median remoteness per country, per location and capacity-weighted."""
    return dispersal.remoteness_summary(location_remoteness(data))


def province_places(data: DataBundle) -> pd.DataFrame:
    """Places per 1,000 inhabitants by province."""
    return dispersal.province_places(data.locations, data.municipalities)


def dispersal_key(data: DataBundle, level: str) -> pd.DataFrame:
    """The dispersal-key scenario (expected by population share vs actual)."""
    return scenario.dispersal_key_scenario(data.locations, data.municipalities, level=level)


def municipal_indicator_options(indicators: pd.DataFrame, *, min_areas: int = 5) -> list[str]:
    """Municipality-level indicators with figures for at least ``min_areas`` municipalities."""
    rows = indicators[indicators["level"] == "municipality"]
    counts = rows.groupby("indicator")["area_code"].nunique()
    return sorted(counts[counts >= min_areas].index)


def municipality_table(data: DataBundle, indicator_names: list[str]) -> gpd.GeoDataFrame:
    """Municipalities with every map measure as a column.

    Columns: the canonical municipality columns, ``BASE_MEASURES``, and one
    column per requested indicator holding its latest value (by
    ``reference_date``) with ``<indicator>__date``, ``__source`` and ``__method``.
    Missing figures stay NaN (shown as 'no data'), never 0.
    """
    table = municipality_places(data)
    extra = data.municipalities.set_index("code")
    for col in ("name_nl", "name_fr", "region", "area_km2"):
        table[col] = table["code"].map(extra[col]).to_numpy()
    table["population_density_per_km2"] = table["population"] / table["area_km2"]
    rows = data.indicators[data.indicators["level"] == "municipality"]
    for name in indicator_names:
        latest = (
            rows[rows["indicator"] == name]
            .sort_values("reference_date")
            .drop_duplicates("area_code", keep="last")
            .set_index("area_code")
        )
        table[name] = table["code"].map(latest["value"]).astype(float)
        for part in ("reference_date", "source", "method"):
            table[f"{name}__{part.split('_')[-1]}"] = table["code"].map(latest[part]).fillna("")
    return table
