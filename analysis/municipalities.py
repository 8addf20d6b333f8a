"""Municipality tables: every map measure of a municipality as one column.

Pure functions on frames (no files, no Streamlit); inputs are never mutated.
Geometry stays in the CRS of ``municipalities`` (EPSG:4326 as loaded).
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from analysis.indicator_periods import default_period, period_options, period_values

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
    periods: Mapping[str, str | None] | None = None,
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
    periods : mapping of str to str, optional
        The one stated period to show per indicator (see
        :mod:`analysis.indicator_periods`); missing or unknown: the default
        period (most municipalities, then the latest). Rows without a
        period are never in the table.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame: the columns of ``places``, ``name_nl``, ``name_fr``,
        ``region``, ``area_km2``, ``population_density_per_km2``
        (inhabitants per km²), and per requested indicator its value for
        the chosen period with ``<indicator>__date`` (the period),
        ``__source``, ``__method`` (observed, target, plan, ...) and
        ``__qualifier``. Missing figures stay NaN (shown as 'no data'),
        never 0; so do municipalities whose rows disagree within the period.
    """
    table = places.copy()
    extra = municipalities.set_index("code")
    for col in ("name_nl", "name_fr", "region", "area_km2"):
        table[col] = table["code"].map(extra[col]).to_numpy()
    table["population_density_per_km2"] = table["population"] / table["area_km2"]
    chosen = dict(periods or {})
    for name in indicator_names:
        options = period_options(indicators, name)
        period = chosen.get(name)
        if period not in set(options["period"]):
            period = default_period(options)
        values = (
            period_values(indicators, name, period)
            if period is not None
            else period_values(indicators, name, "")  # no dated row: an empty table
        )
        table[name] = table["code"].map(values["value"]).astype(float)
        for part, column in (("date", "reference_date"), ("source", "source"), ("method", "method")):
            table[f"{name}__{part}"] = table["code"].map(values[column]).fillna("")
        table[f"{name}__qualifier"] = table["code"].map(values["qualifier"]).fillna("")
        table.loc[table[name].isna(), [f"{name}__{p}" for p in ("date", "method", "qualifier")]] = ""
    return table
