"""The Remoteness tables: columns shown, the most remote locations, the CSV export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from analysis.remoteness import MEASURES_COLUMNS
from loaders.export import to_safe_csv
from ui.charts import country_label
from ui.i18n import t
from ui.labels import class_label, class_range_label, code_label, near_label, station_type_label

TOP_N = 10

TABLE_COLUMNS = (
    "name",
    "country",
    "remoteness_class",
    "near_threshold",
    "class_range",
    "distance_to_station_own_km",
    "nearest_station_own",
    "nearest_station_own_type",
    "population_within_5km",
    "population_within_10km",
    "population_within_20km",
    "distance_to_town_50k_km",
    "nearest_town_50k",
    "distance_to_station_any_km",
    "nearest_station_any",
    "nearest_station_any_country",
    "capacity",
    "coord_precision",
    "uncertainty_radius_km",
    "type",
    "place",
    "status",
    "distance_to_place_20k_geonames_km",
    "nearest_place_20k_geonames",
)
"""Columns of the on-screen table, in order (the class and the headline measures first)."""


TOP_COLUMNS = (
    "name",
    "country",
    "distance_to_station_own_km",
    "nearest_station_own",
    "nearest_station_own_type",
    "remoteness_class",
    "near_threshold",
    "capacity",
    "coord_precision",
    "type",
)
"""Columns of the table under the most-remote chart."""

KM_COLUMNS = (
    "distance_to_station_own_km",
    "distance_to_station_any_km",
    "distance_to_town_50k_km",
    "distance_to_place_20k_geonames_km",
    "uncertainty_radius_km",
)
PEOPLE_COLUMNS = ("population_within_5km", "population_within_10km", "population_within_20km")

CSV_COLUMNS = (
    "id",
    "name",
    "type",
    "place",
    "status",
    *[c for c in MEASURES_COLUMNS if c != "id"],
    "municipality_code",
    "lat",
    "lon",
    "source_url",
)
"""Columns of the CSV download (machine-readable names, raw values): every measure with
its ``_min``/``_max`` over the uncertainty radius, the class range and the flag."""


def most_remote(table: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` locations farthest from a railway station of their own country (missing last)."""
    return table.sort_values(
        "distance_to_station_own_km", ascending=False, na_position="last", kind="stable"
    ).head(n)


def _display_values(table: pd.DataFrame, column: str, lang: str) -> list | pd.Series:
    if column == "country":
        return [country_label(c, lang) for c in table["country"]]
    if column == "type":
        return [code_label("type", v, lang) for v in table["type"]]
    if column == "status":
        return [code_label("remoteness.status", v, lang) for v in table["status"]]
    if column == "coord_precision":
        return [code_label("remoteness.precision", v, lang) for v in table["coord_precision"]]
    if column == "remoteness_class":
        return [class_label(v, lang) for v in table["remoteness_class"]]
    if column == "near_threshold":
        return [near_label(v, lang) for v in table["near_threshold"]]
    if column == "class_range":
        return [
            class_range_label(lo, hi, lang)
            for lo, hi in zip(table["remoteness_class_min"], table["remoteness_class_max"], strict=True)
        ]
    if column == "nearest_station_own_type":
        return [
            station_type_label(v, c, lang)
            for v, c in zip(table["nearest_station_own_type"], table["country"], strict=True)
        ]
    if column == "nearest_station_any_country":
        return [country_label(c, lang) if isinstance(c, str) else "" for c in table[column]]
    if column in PEOPLE_COLUMNS:
        return pd.to_numeric(table[column], errors="coerce").round(0)
    return table[column]


def display_table(
    table: pd.DataFrame, lang: str, columns: tuple[str, ...] = TABLE_COLUMNS
) -> tuple[pd.DataFrame, dict]:
    """The on-screen table (translated labels, raw numbers) and its column configuration."""
    shown = pd.DataFrame(index=table.index)
    for column in columns:
        shown[column] = _display_values(table, column, lang)
    number = st.column_config.NumberColumn
    config = {
        "name": st.column_config.TextColumn(t("remoteness.col.name", lang), width="medium"),
        "capacity": number(t("remoteness.col.capacity", lang), format="%d"),
    }
    for column in KM_COLUMNS:
        config[column] = number(t(f"remoteness.col.{column}", lang), format="%.1f")
    for column in PEOPLE_COLUMNS:
        config[column] = number(t(f"remoteness.col.{column}", lang), format="localized")
    config = {k: v for k, v in config.items() if k in columns}
    for column in columns:
        config.setdefault(column, st.column_config.TextColumn(t(f"remoteness.col.{column}", lang)))
    return shown.reset_index(drop=True), config


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV of the table's export columns, neutralised against formula injection.

    Same rules as every other download (``loaders.export.to_safe_csv``).
    ``near_threshold`` is written as true/false.
    """
    out = table.reindex(columns=list(CSV_COLUMNS))
    near = pd.array(out["near_threshold"], dtype="boolean")
    out["near_threshold"] = np.where(pd.isna(near), "", np.where(near.fillna(False), "true", "false"))
    return to_safe_csv(out)
