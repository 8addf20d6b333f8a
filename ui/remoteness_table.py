"""The Remoteness tables: columns shown, the most remote locations, the CSV export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.export import to_safe_csv
from ui.charts import country_label
from ui.i18n import t
from ui.labels import class_label, code_label

TOP_N = 10

TABLE_COLUMNS = (
    "name",
    "country",
    "remoteness_class",
    "distance_to_station_km",
    "nearest_station",
    "nearest_station_country",
    "distance_to_place_20k_km",
    "distance_to_place_100k_km",
    "host_population_density_per_km2",
    "capacity",
    "coord_precision",
    "type",
    "place",
    "status",
    "nearest_place_20k",
    "nearest_place_100k",
)
"""Columns of the on-screen table, in order (the measures first, so they show without scrolling)."""


TOP_COLUMNS = (
    "name",
    "country",
    "distance_to_station_km",
    "nearest_station",
    "nearest_station_country",
    "remoteness_class",
    "capacity",
    "coord_precision",
    "type",
)
"""Columns of the table under the most-remote chart."""


CSV_COLUMNS = ("id", *TABLE_COLUMNS, "municipality_code", "lat", "lon", "source_url")
"""Columns of the CSV download (machine-readable names, raw values)."""


def most_remote(table: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` locations farthest from a railway station (missing distances last)."""
    return table.sort_values(
        "distance_to_station_km", ascending=False, na_position="last", kind="stable"
    ).head(n)


def display_table(
    table: pd.DataFrame, lang: str, columns: tuple[str, ...] = TABLE_COLUMNS
) -> tuple[pd.DataFrame, dict]:
    """The on-screen table (translated labels, raw numbers) and its column configuration."""
    shown = pd.DataFrame(index=table.index)
    for column in columns:
        values = table[column]
        if column == "country":
            values = [country_label(c, lang) for c in values]
        elif column == "type":
            values = [code_label("type", v, lang) for v in values]
        elif column == "status":
            values = [code_label("remoteness.status", v, lang) for v in values]
        elif column == "coord_precision":
            values = [code_label("remoteness.precision", v, lang) for v in values]
        elif column == "remoteness_class":
            values = [class_label(v, lang) for v in values]
        shown[column] = values
    km = st.column_config.NumberColumn
    config = {
        "name": st.column_config.TextColumn(t("remoteness.col.name", lang), width="medium"),
        "capacity": st.column_config.NumberColumn(t("remoteness.col.capacity", lang), format="%d"),
        "distance_to_station_km": km(t("remoteness.col.distance_to_station_km", lang), format="%.1f"),
        "distance_to_place_20k_km": km(t("remoteness.col.distance_to_place_20k_km", lang), format="%.1f"),
        "distance_to_place_100k_km": km(t("remoteness.col.distance_to_place_100k_km", lang), format="%.1f"),
        "host_population_density_per_km2": km(
            t("remoteness.col.host_population_density_per_km2", lang), format="%.0f"
        ),
    }
    config = {k: v for k, v in config.items() if k in columns}
    for column in columns:
        config.setdefault(column, st.column_config.TextColumn(t(f"remoteness.col.{column}", lang)))
    return shown.reset_index(drop=True), config


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV of the table's export columns, neutralised against formula injection.

    Same rules as every other download (``loaders.export.to_safe_csv``).
    """
    return to_safe_csv(table.reindex(columns=list(CSV_COLUMNS)))
