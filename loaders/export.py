"""Exports of accepted rows: spreadsheet-safe CSV, GeoJSON, and the CSV templates."""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd

from core.schema import (
    LOCATION_COLUMNS,
    LOCATION_TYPES,
)
from loaders._report import INDICATOR_UPLOAD_COLUMNS

_FORMULA = r"^[\t\r]|^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]"
_PLAIN_NUMBER = r"^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*$"


def to_safe_csv(df: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, comma-separated) safe to open in a spreadsheet.

    Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return get a leading ``'`` so that no spreadsheet runs them as a formula
    (CSV injection). Numeric columns are written as numbers, negative ones
    included; a text cell that is just a number is left alone as well.
    """
    out = pd.DataFrame(df).copy()
    if isinstance(df, gpd.GeoDataFrame) and df.geometry.name in out.columns:
        out = out.drop(columns=df.geometry.name)
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        text = values.astype(object).where(values.notna(), "").astype("str")
        risky = text.str.contains(_FORMULA, regex=True) & ~text.str.match(_PLAIN_NUMBER)
        out[column] = text.where(~risky, "'" + text)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8-sig")


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, str | int | bool | float):
        return value
    return str(value)


def to_geojson(df: pd.DataFrame) -> bytes:
    """GeoJSON FeatureCollection (WGS84 lon/lat, RFC 7946) of the rows with ``lat`` and ``lon``.

    Every other column becomes a property (geometry columns excepted); empty
    values are ``null``. Text is written as text: escaping for HTML is the
    page's job.
    """
    frame = pd.DataFrame(df)
    if isinstance(df, gpd.GeoDataFrame) and df.geometry.name in frame.columns:
        frame = frame.drop(columns=df.geometry.name)
    lat = pd.to_numeric(frame["lat"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame["lon"], errors="coerce").to_numpy(dtype=float)
    located = np.isfinite(lat) & np.isfinite(lon)
    frame = frame[located]
    columns = {
        c: [_json_value(v) for v in frame[c].astype(object).where(frame[c].notna(), None).tolist()]
        for c in frame.columns
    }
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(x), 6), round(float(y), 6)]},
            "properties": {c: columns[c][i] for c in frame.columns},
        }
        for i, (x, y) in enumerate(zip(lon[located], lat[located], strict=True))
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


_TEMPLATE_ROWS = {
    "locations": (
        LOCATION_COLUMNS,
        [
            "example-1",
            "NL",
            "Example: azc (replace this row)",
            "COA",
            "regular",
            "Amsterdam",
            "GM0363",
            "52.374",
            "4.8897",
            "settlement",
            "600",
            "2024-01",
            "open",
            "https://www.coa.nl/",
            "Example row; types: " + ", ".join(LOCATION_TYPES),
            "2016",
            "",
            "yes",
            "2024-01",
        ],
    ),
    "indicators": (
        INDICATOR_UPLOAD_COLUMNS,
        [
            "NL",
            "GM0363",
            "volunteers",
            "120",
            "persons",
            "2024-01-01",
            "https://example.org/source-of-the-figure",
            "observed",
        ],
    ),
}


def template_csv(kind: str) -> bytes:
    """Canonical headers and one example row, as UTF-8 CSV, for ``locations`` or ``indicators``."""
    if kind not in _TEMPLATE_ROWS:
        msg = f"unknown template kind '{kind}'; use 'locations' or 'indicators'"
        raise ValueError(msg)
    columns, row = _TEMPLATE_ROWS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")
