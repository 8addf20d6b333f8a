"""Municipality tables: every map measure of a municipality as one column.

Pure functions on frames (no files, no Streamlit); inputs are never mutated.
Geometry stays in the CRS of ``municipalities`` (EPSG:4326 as loaded).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

__all__ = ["BASE_MEASURES", "municipal_indicator_options", "municipality_table"]

BASE_MEASURES = ("places_per_1000", "places_known", "locations", "population_density_per_km2")
"""Municipality measures offered on the maps (columns of :func:`municipality_table`)."""


def municipal_indicator_options(indicators: pd.DataFrame, *, min_areas: int = 5) -> list[str]:
    """Municipality-level indicators with figures for at least ``min_areas`` municipalities.

    Examples
    --------
    >>> rows = pd.DataFrame({"level": ["municipality"] * 3 + ["province"],
    ...                      "indicator": ["a", "a", "b", "c"], "area_code": ["1", "2", "1", "P"]})
    >>> municipal_indicator_options(rows, min_areas=2)
    ['a']
    """
    rows = indicators[indicators["level"] == "municipality"]
    counts = rows.groupby("indicator")["area_code"].nunique()
    return sorted(counts[counts >= min_areas].index)


def municipality_table(
    places: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    indicator_names: list[str] | tuple[str, ...],
) -> gpd.GeoDataFrame:
    """Municipalities with every map measure as a column.

    Parameters
    ----------
    places : geopandas.GeoDataFrame
        Output of :func:`analysis.dispersal.municipality_places` (one row per
        municipality, EPSG:4326).
    municipalities : geopandas.GeoDataFrame
        Canonical municipalities (``name_nl``, ``name_fr``, ``region``,
        ``area_km2`` in km² computed in EPSG:3035).
    indicators : pandas.DataFrame
        Long-form indicators (``level``, ``indicator``, ``area_code``,
        ``value``, ``reference_date``, ``source``, ``method``).
    indicator_names : sequence of str
        Indicators to add as columns.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: the columns of ``places``, ``name_nl``, ``name_fr``,
        ``region``, ``area_km2``, ``population_density_per_km2``
        (inhabitants per km²), and per requested indicator its latest value
        (by ``reference_date``) with ``<indicator>__date``, ``__source`` and
        ``__method``. Missing figures stay NaN (shown as 'no data'), never 0.
    """
    table = places.copy()
    extra = municipalities.set_index("code")
    for col in ("name_nl", "name_fr", "region", "area_km2"):
        table[col] = table["code"].map(extra[col]).to_numpy()
    table["population_density_per_km2"] = table["population"] / table["area_km2"]
    rows = indicators[indicators["level"] == "municipality"]
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
