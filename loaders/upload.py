"""Uploaded locations and municipal figures: read, validate, enrich, export.

No Streamlit here: the upload page and ``python -m loaders.validate`` both
call these functions.

>>> table = read_table(open("tests/fixtures/uploads/rd_new.csv", "rb").read(), "rd_new.csv")  # doctest: +SKIP
>>> report = validate_locations(table, load_municipalities())  # doctest: +SKIP
>>> report.crs, report.rows_read, len(report.accepted)  # doctest: +SKIP
('EPSG:28992', 6, 6)

Every row read is either accepted or rejected (``len(accepted) +
rejected_rows == rows_read``), every rejection names its line, column and
value, and problems that do not stop a row are warnings. The heavy parts
(number parsing, coordinate transforms, point-in-polygon) are vectorised; only
distinct municipality names and type words are looked up one by one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.compute as pc

from loaders._coords import LABELS, place
from loaders._errors import DataValidationError
from loaders._headers import (
    STATUS_RULES,
    TYPE_RULES,
    clean_text,
    to_arrow,
    map_headers,
    parse_numbers,
    quote,
    vocabulary,
)
from loaders._match import MunicipalityIndex, country_code, index_for
from loaders._schema import COORD_PRECISIONS, LOCATION_COLUMNS, LOCATION_TYPES, STATUSES, WGS84
from loaders._sniff import RawTable, read_table

__all__ = [
    "INDICATOR_UPLOAD_COLUMNS",
    "DataValidationError",
    "RawTable",
    "ValidationReport",
    "enrich_locations",
    "read_table",
    "template_csv",
    "to_geojson",
    "to_safe_csv",
    "validate_indicators",
    "validate_locations",
]

INDICATOR_UPLOAD_COLUMNS = [
    "country",
    "municipality_code",
    "indicator",
    "value",
    "unit",
    "reference_date",
    "source",
    "method",
]
TEXT = "string"
REJECTED_COLUMNS = ["line", "column", "reason"]
WARNING_COLUMNS = ["line", "column", "message"]


@dataclass(eq=False)
class ValidationReport:
    """What validation made of an uploaded table.

    Attributes
    ----------
    rows_read : int
        Records read: data rows (locations, long indicators) or non-empty
        indicator cells (wide indicators, one record per municipality and
        indicator column).
    accepted : DataFrame
        Canonical schema: ``LOCATION_COLUMNS`` (lat/lon WGS84 float64,
        capacity Int64) or ``INDICATOR_UPLOAD_COLUMNS`` (value float64).
    rejected : DataFrame
        ``line``, ``column``, ``reason`` then the record's original cells; a
        record with several problems has several rows.
    warnings : DataFrame
        ``line`` (Int64, empty for file-wide remarks), ``column``, ``message``.
    encoding, delimiter, crs : str or None
        Detected text encoding, delimiter, and the coordinate system of most
        located rows (``"EPSG:4326"``, ``"EPSG:28992"``, ...; None without coordinates).
    kind : str
        File kind: ``csv``, ``xlsx``, ``geojson`` or ``gpkg``.
    dataset : str
        ``locations`` or ``indicators``.
    layout : str or None
        ``long`` or ``wide`` for indicators.
    columns : dict
        Canonical column -> the file's column it was read from.
    rejected_rows : int
        Number of distinct rejected records; ``len(accepted) + rejected_rows == rows_read``.
    unit : str
        What ``line`` counts: ``line`` (CSV), ``row`` (XLSX) or ``feature``.
    """

    rows_read: int
    accepted: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    crs: str | None
    kind: str
    dataset: str = "locations"
    filename: str = ""
    layout: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    rejected_rows: int = 0
    unit: str = "line"

    @property
    def accepted_rows(self) -> int:
        return len(self.accepted)

    def to_dict(self) -> dict:
        """JSON-ready summary: counts, detection, every rejection and warning."""

        def line(value: object) -> int | None:
            return None if pd.isna(value) else int(value)

        return {
            "file": self.filename,
            "dataset": self.dataset,
            "kind": self.kind,
            "layout": self.layout,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "crs": self.crs,
            "counts": {
                "rows_read": self.rows_read,
                "accepted": self.accepted_rows,
                "rejected": self.rejected_rows,
            },
            "columns": dict(self.columns),
            "rejected": [
                {"line": line(r.line), "column": str(r.column), "reason": str(r.reason)}
                for r in self.rejected[REJECTED_COLUMNS].itertuples(index=False)
            ],
            "warnings": [
                {"line": line(w.line), "column": str(w.column), "message": str(w.message)}
                for w in self.warnings[WARNING_COLUMNS].itertuples(index=False)
            ],
        }

    def summary(self) -> str:
        """One line: ``12 rows read: 10 accepted, 2 rejected, 3 warnings``."""
        noun = "values" if self.layout == "wide" else "rows"
        return (
            f"{self.rows_read:,} {noun} read: {self.accepted_rows:,} accepted, "
            f"{self.rejected_rows:,} rejected, {len(self.warnings):,} warnings"
        )


# --- collecting problems ----------------------------------------------------------


class _Problems:
    """Errors and warnings per record, messages prefixed with line and column."""

    def __init__(self, lines: np.ndarray, unit: str):
        self.lines = pd.Series(np.asarray(lines, dtype=np.int64))
        self.unit = unit
        self.errors: list[pd.DataFrame] = []
        self.notes: list[pd.DataFrame] = []

    def _frame(
        self, records: np.ndarray, column: str | tuple[str, ...], messages: pd.Series | str
    ) -> pd.DataFrame:
        records = np.asarray(records, dtype=np.int64)
        lines = self.lines.iloc[records].reset_index(drop=True)
        if isinstance(messages, str):
            messages = pd.Series([messages] * len(records), dtype="str")
        else:
            messages = pd.Series(np.asarray(messages, dtype=object), dtype="str")
        names = (column,) if isinstance(column, str) else tuple(column)
        names = tuple(c for c in names if c)
        if len(names) == 1:
            where = f", column '{names[0]}'"
        elif names:
            where = ", columns " + " and ".join(f"'{c}'" for c in names)
        else:
            where = ""
        text = self.unit + " " + lines.astype("str") + where + ": " + messages
        return pd.DataFrame(
            {"record": records, "line": lines.to_numpy(), "column": ", ".join(names), "text": text.to_numpy()}
        )

    def error(self, records: np.ndarray, column: str | tuple[str, ...], messages: pd.Series | str) -> None:
        if len(records):
            self.errors.append(self._frame(records, column, messages))

    def warn(self, records: np.ndarray, column: str | tuple[str, ...], messages: pd.Series | str) -> None:
        if len(records):
            self.notes.append(self._frame(records, column, messages))

    def warn_file(self, message: str, column: str | tuple[str, ...] = "") -> None:
        column = column if isinstance(column, str) else ", ".join(c for c in column if c)
        self.notes.append(pd.DataFrame({"record": [-1], "line": [pd.NA], "column": [column], "text": [message]}))

    def rejected_mask(self, n: int) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        for part in self.errors:
            mask[part["record"].to_numpy(dtype=np.int64)] = True
        return mask

    def rejected(self, cells: pd.DataFrame) -> pd.DataFrame:
        """line, column, reason + the record's original cells."""
        if not self.errors:
            return pd.DataFrame(
                {
                    c: pd.Series(dtype="Int64" if c == "line" else "str")
                    for c in REJECTED_COLUMNS + list(cells.columns)
                }
            )
        found = pd.concat(self.errors, ignore_index=True).sort_values(["line", "record"], kind="stable")
        original = cells.iloc[found["record"].to_numpy()].reset_index(drop=True)
        original.columns = [f"{c} (file)" if c in REJECTED_COLUMNS else c for c in original.columns]
        out = pd.DataFrame(
            {
                "line": found["line"].astype("Int64").reset_index(drop=True),
                "column": found["column"].astype("str").reset_index(drop=True),
                "reason": found["text"].astype("str").reset_index(drop=True),
            }
        )
        return pd.concat([out, original], axis=1)

    def warnings(self) -> pd.DataFrame:
        if not self.notes:
            return pd.DataFrame(
                {
                    "line": pd.Series(dtype="Int64"),
                    "column": pd.Series(dtype="str"),
                    "message": pd.Series(dtype="str"),
                }
            )
        found = pd.concat(self.notes, ignore_index=True)
        found["_order"] = found["line"].fillna(0).astype("int64")
        found = found.sort_values("_order", kind="stable")
        return pd.DataFrame(
            {
                "line": found["line"].astype("Int64").reset_index(drop=True),
                "column": found["column"].astype("str").reset_index(drop=True),
                "message": found["text"].astype("str").reset_index(drop=True),
            }
        )


def _blank(n: int) -> pd.Series:
    return pd.Series(np.full(n, "", dtype=object), dtype="str")


def _column(table: RawTable, mapping: dict[str, str], key: str) -> pd.Series:
    if key not in mapping:
        return _blank(len(table))
    return clean_text(table.data[mapping[key]]).reset_index(drop=True)


def _default_decimal(table: RawTable) -> str:
    return "," if table.delimiter in (";", "\t") else "."


def _reading_issues(
    table: RawTable, problems: _Problems, mapping_notes: list[str], row_of: np.ndarray | None = None
) -> None:
    """File notes and row problems found while reading, per record (``row_of``: row of each record)."""
    for note in (*table.notes, *mapping_notes):
        problems.warn_file(note)
    if not len(table.issues):
        return
    row_of = np.arange(len(table)) if row_of is None else row_of
    row_of_line = pd.Series(np.arange(len(table)), index=table.lines)
    issues = table.issues.assign(row=row_of_line.reindex(table.issues["line"].to_numpy()).to_numpy())
    issues = issues.dropna(subset=["row"]).astype({"row": "int64"})
    records = pd.DataFrame({"record": np.arange(len(row_of)), "row": row_of})
    merged = records.merge(issues, on="row", how="inner")
    for severity, group in merged.groupby("severity"):
        report = problems.error if severity == "error" else problems.warn
        report(group["record"].to_numpy(), "", group["message"].reset_index(drop=True))


def _municipalities(
    index: MunicipalityIndex,
    codes: pd.Series,
    names: pd.Series,
    countries: pd.Series,
) -> tuple[np.ndarray, np.ndarray, pd.Series, np.ndarray, pd.Series]:
    """Stated municipality per row: (position, by-code position, code reason, by-name position, name reason)."""
    n = len(codes)
    code_pos = np.full(n, -1, dtype=np.int64)
    code_reason = _blank(n)
    has_code = (codes != "").to_numpy()
    if has_code.any():
        pos, reason = index.match_codes(codes[has_code])
        code_pos[has_code] = pos
        code_reason[has_code] = reason.to_numpy()
    name_pos = np.full(n, -1, dtype=np.int64)
    name_reason = _blank(n)
    has_name = (names != "").to_numpy()
    if has_name.any():
        pos, reason = index.match_names(names[has_name], countries[has_name])
        name_pos[has_name] = pos
        name_reason[has_name] = reason.to_numpy()
    stated = np.where(code_pos >= 0, code_pos, name_pos)
    return stated, code_pos, code_reason, name_pos, name_reason


def _countries(values: pd.Series, column: str, problems: _Problems) -> pd.Series:
    """NL/BE per row from a country column in any language ("" when empty or unknown)."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([country_code(u) or "" for u in uniques] + [""], dtype=object)
    result = pd.Series(mapped[codes], dtype="str")
    unknown = ((values != "") & (result == "")).to_numpy()
    problems.warn(
        np.flatnonzero(unknown),
        column,
        quote(values[unknown])
        + " is not a country this dashboard covers (NL or BE); the country was taken from the location",
    )
    return result


# --- locations ------------------------------------------------------------------------


def _coordinate_sources(
    table: RawTable, mapping: dict[str, str], problems: _Problems
) -> list[tuple[str, str, str, str | None]]:
    """(name, east key, north key, declared CRS) for each pair of coordinate columns present."""
    sources = []
    for name, east, north, declared in (
        ("geometry", "_gx", "_gy", table.crs),
        ("lat/lon", "lon", "lat", None),
        ("x/y", "x", "y", None),
    ):
        if east in mapping and north in mapping:
            sources.append((name, east, north, declared))
        elif east in mapping or north in mapping:
            have, lack = (east, north) if east in mapping else (north, east)
            problems.warn_file(
                f"column '{mapping[have]}' holds '{have}' but no column holds '{lack}'; it was not used for coordinates",
                mapping[have],
            )
    return sources


def validate_locations(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded reception locations and place them in their municipality.

    Parameters
    ----------
    table : RawTable
        From :func:`read_table`.
    municipalities : GeoDataFrame
        ``loaders.geodata.load_municipalities()`` (EPSG:4326).

    Returns
    -------
    ValidationReport
        ``accepted`` in ``LOCATION_COLUMNS``; ``municipality_code`` and
        ``country`` always come from the polygon containing the point.
    """
    index = index_for(municipalities)
    n = len(table)
    mapping, mapping_notes = map_headers(list(table.data.columns), "locations")
    problems = _Problems(table.lines, table.unit)
    _reading_issues(table, problems, mapping_notes)
    col = {key: mapping.get(key, key) for key in (*LOCATION_COLUMNS, "municipality", "x", "y", "_gx", "_gy")}

    def get(key: str) -> pd.Series:
        return _column(table, mapping, key)

    # Stated country and municipality (used to place rows without coordinates,
    # and compared with the point for rows with coordinates).
    stated_country = _countries(get("country"), col["country"], problems)
    codes_in, names_in, places_in = get("municipality_code"), get("municipality"), get("place")
    stated, code_pos, code_reason, name_pos, name_reason = _municipalities(
        index, codes_in, names_in, stated_country
    )

    # Coordinates, source by source (geometry, lat/lon, x/y): first complete pair wins.
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    position = np.full(n, -1, dtype=np.int64)
    has_coords = np.zeros(n, dtype=bool)
    crs_used = np.full(n, "", dtype=object)
    coord_bad = np.zeros(n, dtype=bool)
    partial: list[tuple[np.ndarray, str]] = []
    sources = _coordinate_sources(table, mapping, problems)
    for name, east_key, north_key, declared in sources:
        east_text, north_text = get(east_key), get(north_key)
        east, east_bad = parse_numbers(east_text, role="coord")
        north, north_bad = parse_numbers(north_text, role="coord")
        for key, text, bad in ((east_key, east_text, east_bad), (north_key, north_text, north_bad)):
            rows = np.flatnonzero(bad.to_numpy() & ~has_coords)
            problems.error(rows, col[key], quote(text.iloc[rows]) + " is not a number")
            coord_bad[rows] = True
        east_ok, north_ok = east.notna().to_numpy(), north.notna().to_numpy()
        complete = east_ok & north_ok & ~has_coords & ~coord_bad
        half = (east_ok ^ north_ok) & ~has_coords & ~coord_bad
        if half.any():
            missing = np.where(east_ok, col[north_key], col[east_key])
            given = np.where(east_ok, col[east_key], col[north_key])
            partial.append((half, missing, given))
        rows = np.flatnonzero(complete)
        if len(rows) == 0:
            continue
        east_values, north_values = east.to_numpy()[rows], north.to_numpy()[rows]
        placed = place(east_values, north_values, index, declared=declared)
        has_coords[rows] = True
        ok = placed.position >= 0
        lon[rows[ok]], lat[rows[ok]], position[rows[ok]] = placed.lon[ok], placed.lat[ok], placed.position[ok]
        used = np.array([placed.candidates[c][0] if c >= 0 else "" for c in placed.candidate], dtype=object)
        crs_used[rows] = used
        _coordinate_messages(
            problems, placed, rows, east_values, north_values, name, col[east_key], col[north_key], index
        )
    for half, missing, given in partial:
        half = half & ~has_coords & ~coord_bad
        for name in np.unique(missing[half]):
            rows = np.flatnonzero(half & (missing == name))
            problems.error(
                rows, str(name), "empty, while '" + pd.Series(given[rows]).astype("str") + "' is given"
            )
        coord_bad |= half

    # Rows without coordinates: municipality code, name, or the place's name.
    without = ~has_coords & ~coord_bad
    _place_without_coordinates(
        problems,
        index,
        without,
        stated,
        code_pos,
        code_reason,
        name_pos,
        name_reason,
        codes_in,
        names_in,
        places_in,
        stated_country,
        col,
        lon,
        lat,
        position,
        bool(sources),
    )
    # Rows with coordinates: compare the point's municipality with the stated one.
    _compare_stated(
        problems,
        index,
        has_coords & (position >= 0),
        position,
        stated,
        code_pos,
        code_reason,
        name_pos,
        name_reason,
        codes_in,
        names_in,
        stated_country,
        col,
    )

    located = position >= 0
    country = np.where(located, index.countries[np.maximum(position, 0)], "")
    municipality_code = np.where(located, index.codes[np.maximum(position, 0)], "")

    # Other columns.
    ids = _ids(get("id"), table.lines, col["id"], problems, "id" in mapping)
    capacity = _capacity(get("capacity"), col["capacity"], problems, "capacity" in mapping)
    types = _vocab_column(
        get("type"),
        col["type"],
        problems,
        LOCATION_TYPES,
        TYPE_RULES,
        "other",
        "type" in mapping,
        "a known type",
        "'other'",
    )
    statuses = _vocab_column(
        get("status"),
        col["status"],
        problems,
        STATUSES,
        STATUS_RULES,
        "",
        "status" in mapping,
        "a known status",
        "empty",
    )
    precision = _precision(get("coord_precision"), col["coord_precision"], problems, has_coords)
    source_url = _urls(get("source_url"), col["source_url"], problems)

    # Every row is accepted or rejected: a row neither rejected nor placed
    # (which the steps above should not leave) is rejected, not dropped.
    orphans = np.flatnonzero(~problems.rejected_mask(n) & ~located)
    problems.error(orphans, "", "could not be placed in a municipality")
    keep = ~problems.rejected_mask(n)

    accepted = pd.DataFrame(
        {
            "id": ids,
            "country": country,
            "name": get("name"),
            "operator": get("operator"),
            "type": types,
            "place": places_in,
            "municipality_code": municipality_code,
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "coord_precision": precision,
            "capacity": capacity,
            "capacity_as_of": get("capacity_as_of"),
            "status": statuses,
            "source_url": source_url,
            "notes": get("notes"),
        }
    )[keep].reset_index(drop=True)
    for c in LOCATION_COLUMNS:
        if c in ("lat", "lon"):
            accepted[c] = accepted[c].astype("float64")
        elif c == "capacity":
            accepted[c] = accepted[c].astype("Int64")
        else:
            accepted[c] = accepted[c].astype(TEXT)
    accepted = accepted[LOCATION_COLUMNS]

    placed_crs = pd.Series(crs_used[keep & has_coords])
    crs = None
    if len(placed_crs):
        counts = placed_crs[placed_crs != ""].value_counts()
        if len(counts):
            crs = str(counts.index[0])
            if len(counts) > 1:
                listed = ", ".join(f"{c} ({k:,} rows)" for c, k in counts.items())
                problems.warn_file(f"coordinates are in more than one system: {listed}")
    return _report(table, problems, accepted, n, crs, "locations", None, mapping, table.data)


def _coordinate_messages(
    problems: _Problems,
    placed,
    rows: np.ndarray,
    east: np.ndarray,
    north: np.ndarray,
    source: str,
    east_col: str,
    north_col: str,
    index: MunicipalityIndex,
) -> None:
    """Warnings for rows read differently from the rest; reasons for rows outside both countries."""
    pair = (north_col, east_col)
    names = ("lat", "lon") if source == "lat/lon" else ("y", "x")
    dominant = placed.dominant
    if dominant >= 0:
        crs, swapped = placed.candidates[dominant]
        count = int((placed.candidate == dominant).sum())
        if swapped and count:
            problems.warn_file(
                f"{names[0]} and {names[1]} are swapped in this file ({count:,} rows: column '{north_col}' holds "
                f"{'longitudes' if crs == WGS84 else 'x values'}); they were read the other way round",
                pair,
            )
        if source == "lat/lon" and crs != WGS84 and count:
            problems.warn_file(
                f"columns '{north_col}' and '{east_col}' hold {LABELS.get(crs, crs)} coordinates, not degrees; they were read as such",
                pair,
            )
    odd = (placed.candidate >= 0) & (placed.candidate != dominant) & np.isnan(placed.near_km)
    for c in np.unique(placed.candidate[odd]):
        crs, swapped = placed.candidates[c]
        which = np.flatnonzero(placed.candidate == c)
        if (
            dominant >= 0
            and crs == placed.candidates[dominant][0]
            and swapped != placed.candidates[dominant][1]
        ):
            text = f"{names[0]} and {names[1]} look swapped on this row; read the other way round"
        else:
            text = f"coordinates read as {LABELS.get(crs, crs)}, unlike the rest of the file"
            if swapped:
                text += " (with the two values swapped)"
        problems.warn(rows[which], pair, text)
    near = np.flatnonzero(~np.isnan(placed.near_km))
    if len(near):
        labels = pd.Series([index.label(p) for p in placed.position[near]], dtype="str")
        km = pd.Series(placed.near_km[near]).map(lambda d: f"{d:.2f}")
        problems.warn(
            rows[near],
            pair,
            "point lies " + km + " km outside the simplified border of " + labels + "; assigned to it",
        )
    outside = np.flatnonzero(placed.position < 0)
    if len(outside) == 0:
        return
    raw_n, raw_e = north[outside], east[outside]
    lon_o, lat_o = placed.lon[outside], placed.lat[outside]
    degree_like = (np.abs(raw_n) <= 90) & (np.abs(raw_e) <= 180)
    known = np.isfinite(lon_o) & np.isfinite(lat_o) & (np.abs(lat_o) <= 90)
    fmt = np.vectorize(lambda v: f"{v:.5f}".rstrip("0").rstrip("."), otypes=[object])
    point_lat = np.where(known, lat_o, raw_n)
    point_lon = np.where(known, lon_o, raw_e)
    messages = np.where(
        known | (degree_like & (source != "x/y")),
        "point (lat "
        + fmt(point_lat)
        + ", lon "
        + fmt(point_lon)
        + ") lies outside the Netherlands and Belgium",
        f"{names[1]} "
        + fmt(raw_e)
        + f", {names[0]} "
        + fmt(raw_n)
        + " do not fall inside the Netherlands or Belgium as WGS84 degrees, RD New (EPSG:28992), "
        "Lambert 72 (EPSG:31370) or Lambert 2008 (EPSG:3812)",
    )
    problems.error(rows[outside], pair, pd.Series(messages))


def _place_without_coordinates(
    problems,
    index,
    without,
    stated,
    code_pos,
    code_reason,
    name_pos,
    name_reason,
    codes_in,
    names_in,
    places_in,
    stated_country,
    col,
    lon,
    lat,
    position,
    had_sources,
) -> None:
    """Rows without coordinates go to the representative point of their municipality."""
    has_code = (codes_in != "").to_numpy()
    has_name = (names_in != "").to_numpy()
    # Code given and not found.
    bad_code = without & has_code & (code_pos < 0)
    rescued = bad_code & (name_pos >= 0)
    problems.error(
        np.flatnonzero(bad_code & ~rescued), col["municipality_code"], code_reason[bad_code & ~rescued]
    )
    problems.warn(
        np.flatnonzero(rescued),
        col["municipality_code"],
        code_reason[rescued] + "; the municipality was found by its name instead",
    )
    # Name given (no usable code) and not found.
    code_found = has_code & (code_pos >= 0)
    bad_name = without & has_name & (name_pos < 0) & ~code_found
    problems.error(np.flatnonzero(bad_name), col["municipality"], name_reason[bad_name])
    ignored = without & has_name & (name_pos < 0) & code_found
    problems.warn(np.flatnonzero(ignored), col["municipality"], name_reason[ignored] + "; the code was used")
    # Code and name both found and different: the code is used.
    clash = without & (code_pos >= 0) & (name_pos >= 0) & (code_pos != name_pos)
    if clash.any():
        labels = pd.Series([index.label(p) for p in code_pos[clash]], dtype="str")
        other = pd.Series([index.label(p) for p in name_pos[clash]], dtype="str")
        problems.warn(
            np.flatnonzero(clash),
            col["municipality"],
            "the code points to " + labels + " but the name to " + other + "; the code was used",
        )
    # Neither: the place's name, when it is a municipality's name.
    nothing = without & ~has_code & ~has_name
    has_place = (places_in != "").to_numpy()
    by_place = np.full(len(stated), -1, dtype=np.int64)
    if (nothing & has_place).any():
        pos, _ = index.match_names(places_in[nothing & has_place], stated_country[nothing & has_place])
        by_place[nothing & has_place] = pos
        found = np.flatnonzero(nothing & has_place)[pos >= 0]
        labels = pd.Series([index.label(p) for p in pos[pos >= 0]], dtype="str")
        problems.warn(
            found,
            col["place"],
            "no coordinates and no municipality; placed in municipality " + labels + " named like the place",
        )
    hopeless = nothing & (by_place < 0)
    what = "coordinates" if had_sources else "coordinate columns (lat/lon or x/y)"
    problems.error(
        np.flatnonzero(hopeless),
        "",
        f"no {what} and no municipality code or name: the location cannot be placed",
    )
    target = np.where(stated >= 0, stated, by_place)
    ok = without & (target >= 0) & ~bad_name & ~(bad_code & ~rescued)
    position[ok] = target[ok]
    lon[ok] = index.rep_lon[target[ok]]
    lat[ok] = index.rep_lat[target[ok]]


def _compare_stated(
    problems,
    index,
    rows_mask,
    position,
    stated,
    code_pos,
    code_reason,
    name_pos,
    name_reason,
    codes_in,
    names_in,
    stated_country,
    col,
) -> None:
    """Warnings where the file's municipality or country differs from the point's."""
    has_code = (codes_in != "").to_numpy()
    has_name = (names_in != "").to_numpy()
    differ = rows_mask & (stated >= 0) & (stated != position)
    if differ.any():
        here = pd.Series([index.label(p) for p in position[differ]], dtype="str")
        said = pd.Series([index.label(p) for p in stated[differ]], dtype="str")
        column = np.where(code_pos[differ] >= 0, col["municipality_code"], col["municipality"])
        for name in np.unique(column):
            sel = column == name
            problems.warn(
                np.flatnonzero(differ)[sel], str(name), ("point lies in " + here + ", file says " + said)[sel]
            )
    unknown_code = rows_mask & has_code & (code_pos < 0)
    problems.warn(
        np.flatnonzero(unknown_code),
        col["municipality_code"],
        code_reason[unknown_code] + "; the municipality was taken from the point",
    )
    unknown_name = rows_mask & has_name & (name_pos < 0) & ~(has_code & (code_pos >= 0))
    problems.warn(
        np.flatnonzero(unknown_name),
        col["municipality"],
        name_reason[unknown_name] + "; the municipality was taken from the point",
    )
    stated_c = stated_country.to_numpy(dtype=object)
    located_c = index.countries[np.maximum(position, 0)]
    clash = rows_mask & (stated_c != "") & (stated_c != located_c)
    if clash.any():
        problems.warn(
            np.flatnonzero(clash),
            col["country"],
            "point lies in "
            + pd.Series(located_c[clash]).astype("str")
            + ", file says "
            + pd.Series(stated_c[clash]).astype("str"),
        )


def _ids(values: pd.Series, lines: np.ndarray, column: str, problems: _Problems, present: bool) -> pd.Series:
    empty = (values == "").to_numpy()
    generated = "upload-" + pd.Series(lines).astype("str")
    ids = values.where(~empty, generated)
    if present:
        problems.warn(np.flatnonzero(empty), column, "empty; id set to " + quote(ids[empty]))
    elif len(values):
        problems.warn_file("no id column; every id set to 'upload-<line>'")
    duplicated = ids.duplicated(keep="first").to_numpy()
    if duplicated.any():
        first_line = pd.Series(lines).groupby(ids.to_numpy()).transform("first")
        problems.warn(
            np.flatnonzero(duplicated),
            column,
            "id " + quote(ids[duplicated]) + " is also used on line " + first_line[duplicated].astype("str"),
        )
    return ids


def _capacity(values: pd.Series, column: str, problems: _Problems, present: bool) -> pd.Series:
    numbers, bad = parse_numbers(values, role="count")
    bad = bad.to_numpy()
    problems.warn(np.flatnonzero(bad), column, quote(values[bad]) + " is not a number; capacity left empty")
    with np.errstate(invalid="ignore"):
        negative = (numbers < 0).to_numpy()
        fraction = (numbers.notna() & (numbers % 1 != 0) & ~(numbers < 0)).to_numpy()
    problems.error(
        np.flatnonzero(negative),
        column,
        quote(values[negative]) + " is negative; a capacity is a number of places",
    )
    problems.warn(
        np.flatnonzero(fraction),
        column,
        quote(values[fraction]) + " is not a whole number of places; capacity left empty",
    )
    numbers = numbers.where(~(pd.Series(negative) | pd.Series(fraction)))
    huge = (numbers > 1e9).to_numpy()
    problems.warn(
        np.flatnonzero(huge),
        column,
        quote(values[huge]) + " is not a plausible number of places; capacity left empty",
    )
    numbers = numbers.where(~pd.Series(huge))
    return numbers.round().astype("Int64")


def _vocab_column(
    values, column, problems, canonical, rules, fallback, present, what, fallback_text
) -> pd.Series:
    codes, uniques = pd.factorize(values)
    mapped = [vocabulary(u, canonical, rules) if u else None for u in uniques]
    known = np.array([m is not None for m in mapped] + [False])[codes]
    result = pd.Series(
        np.array([m or fallback for m in mapped] + [fallback], dtype=object)[codes], dtype="str"
    )
    if present:
        unknown = ~known & (values != "").to_numpy()
        problems.warn(
            np.flatnonzero(unknown),
            column,
            quote(values[unknown]) + f" is not {what}; set to {fallback_text}",
        )
        if fallback:
            empty = (values == "").to_numpy()
            problems.warn(np.flatnonzero(empty), column, f"empty; set to {fallback_text}")
    elif fallback and len(values):
        problems.warn_file(f"no column for the location type; every type set to {fallback_text}")
    return result


def _precision(values: pd.Series, column: str, problems: _Problems, has_coords: np.ndarray) -> pd.Series:
    folded = values.str.lower()
    valid = folded.isin(COORD_PRECISIONS).to_numpy()
    empty = (values == "").to_numpy()
    odd = ~valid & ~empty & has_coords
    problems.warn(
        np.flatnonzero(odd),
        column,
        quote(values[odd])
        + " is not a known precision (site, settlement, approximate); set to 'approximate'",
    )
    result = pd.Series(np.where(valid, folded, np.where(empty, "site", "approximate")), dtype="str")
    result[~has_coords] = "municipality"
    return result


def _urls(values: pd.Series, column: str, problems: _Problems) -> pd.Series:
    # Only web addresses are kept: a "javascript:" or "data:" link must never reach a page.
    text = to_arrow(values)
    has_scheme = pc.match_substring_regex(text, r"^\s*[A-Za-z][A-Za-z0-9+.\-]*:")
    web = pc.match_substring_regex(text, r"(?i)^\s*https?:")
    unsafe = np.asarray(pc.and_(has_scheme, pc.invert(web)).to_numpy(zero_copy_only=False), dtype=bool)
    problems.warn(
        np.flatnonzero(unsafe),
        column,
        quote(values[unsafe]) + " is not a web address (http or https); left empty",
    )
    return values.where(~pd.Series(unsafe, index=values.index), "")


def _report(table, problems, accepted, rows_read, crs, dataset, layout, mapping, cells) -> ValidationReport:
    rejected = problems.rejected(cells)
    records: set[int] = set()
    for part in problems.errors:
        records.update(part["record"].tolist())
    return ValidationReport(
        rows_read=rows_read,
        accepted=accepted,
        rejected=rejected,
        warnings=problems.warnings(),
        encoding=table.encoding,
        delimiter=table.delimiter,
        crs=crs,
        kind=table.kind,
        dataset=dataset,
        filename=table.filename,
        layout=layout,
        columns={k: v for k, v in mapping.items() if not k.startswith("_")},
        rejected_rows=len(records),
        unit=table.unit,
    )


# --- indicators ------------------------------------------------------------------------

_INDICATOR_ID_KEYS = (
    "country",
    "level",
    "municipality_code",
    "municipality",
    "reference_date",
    "source",
    "unit",
    "method",
)
_MUNICIPAL_LEVELS = {"", "municipality", "gemeente", "commune", "gemeinde", "municipal", "municipalite"}


def validate_indicators(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded municipal figures, long or wide, into the long form.

    Long: one row per figure with ``indicator`` and ``value`` columns (and
    ``municipality_code`` or a municipality name, ``unit``, ``reference_date``,
    ``source``, ``method``). Wide: one row per municipality and one column per
    indicator; it is melted, one record per non-empty cell, and a column
    holding no number at all is ignored with a warning.

    Returns
    -------
    ValidationReport
        ``accepted`` in ``INDICATOR_UPLOAD_COLUMNS``; ``country`` comes from the
        matched municipality; an empty ``method`` becomes ``observed``.
    """
    index = index_for(municipalities)
    n = len(table)
    mapping, mapping_notes = map_headers(list(table.data.columns), "indicators")
    layout = "long" if "indicator" in mapping and "value" in mapping else "wide"
    decimal = _default_decimal(table)
    file_notes: list[str] = []

    def get(key: str) -> pd.Series:
        return _column(table, mapping, key)

    no_indicator = False
    if layout == "long":
        row_of = np.arange(n)
        indicator = get("indicator")
        value_text = get("value")
        values, bad = parse_numbers(value_text, role="value", default_decimal=decimal)
        value_column = np.full(n, mapping["value"], dtype=object)
    else:
        used = {mapping[k] for k in _INDICATOR_ID_KEYS if k in mapping} | {
            mapping.get("indicator"),
            mapping.get("value"),
        }
        parts = []
        for column in table.data.columns:
            if column in used:
                continue
            text = clean_text(table.data[column]).reset_index(drop=True)
            numbers, wrong = parse_numbers(text, role="value", default_decimal=decimal)
            filled = (text != "").to_numpy()
            if not numbers.notna().any():
                if filled.any():
                    file_notes.append(f"column '{column}' holds no numbers; it was not read as an indicator")
                continue
            rows = np.flatnonzero(filled)
            skipped = int((~filled).sum())
            if skipped:
                file_notes.append(
                    f"column '{column}': {skipped:,} empty cell{'s' if skipped != 1 else ''} skipped (no figure)"
                )
            parts.append((rows, column, text.iloc[rows], numbers.iloc[rows], wrong.iloc[rows]))
        if parts:
            row_of = np.concatenate([p[0] for p in parts]).astype(np.int64)
            indicator = pd.Series(
                np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts]), dtype="str"
            )
            value_text = pd.concat([p[2] for p in parts], ignore_index=True)
            values = pd.concat([p[3] for p in parts], ignore_index=True)
            bad = pd.concat([p[4] for p in parts], ignore_index=True)
            value_column = indicator.to_numpy(dtype=object)
            order = np.lexsort((np.arange(len(row_of)), row_of))  # file order: row, then column
            row_of, value_column = row_of[order], value_column[order]
            indicator, value_text, values, bad = (
                s.iloc[order].reset_index(drop=True) for s in (indicator, value_text, values, bad)
            )
        else:
            no_indicator = True
            row_of = np.arange(n)
            indicator = _blank(n)
            value_text = _blank(n)
            values = pd.Series(np.full(n, np.nan))
            bad = pd.Series(np.zeros(n, dtype=bool))
            value_column = np.full(n, "", dtype=object)

    records = len(row_of)
    problems = _Problems(table.lines[row_of], table.unit)
    _reading_issues(table, problems, mapping_notes, row_of)
    for note in file_notes:
        problems.warn_file(note)
    col = {key: mapping.get(key, key) for key in (*_INDICATOR_ID_KEYS, "indicator", "value")}

    if no_indicator:
        problems.error(
            np.arange(records),
            "",
            "no indicator found: a long table needs 'indicator' and 'value' columns, "
            "a wide table one numeric column per indicator beside the municipality",
        )

    # Municipality of each row, then of each record.
    country_rows = _countries(get("country"), col["country"], _Problems(table.lines, table.unit))
    stated, code_pos, code_reason, name_pos, name_reason = _municipalities(
        index, get("municipality_code"), get("municipality"), country_rows
    )
    codes_in, names_in = get("municipality_code"), get("municipality")
    has_code = (codes_in != "").to_numpy()[row_of]
    has_name = (names_in != "").to_numpy()[row_of]
    code_pos_r, name_pos_r, stated_r = code_pos[row_of], name_pos[row_of], stated[row_of]
    code_reason_r, name_reason_r = (
        code_reason.iloc[row_of].reset_index(drop=True),
        name_reason.iloc[row_of].reset_index(drop=True),
    )
    country_r = _countries(get("country").iloc[row_of].reset_index(drop=True), col["country"], problems)
    if "municipality_code" not in mapping and "municipality" not in mapping:
        problems.error(
            np.arange(records),
            "",
            "no municipality column: name one column for the municipality code (gemeentecode, NIS, code INS) "
            "or its name (gemeente, commune, municipality, Gemeinde)",
        )
    else:
        bad_code = has_code & (code_pos_r < 0)
        rescued = bad_code & (name_pos_r >= 0)
        problems.error(
            np.flatnonzero(bad_code & ~rescued), col["municipality_code"], code_reason_r[bad_code & ~rescued]
        )
        problems.warn(
            np.flatnonzero(rescued),
            col["municipality_code"],
            code_reason_r[rescued] + "; the municipality was found by its name instead",
        )
        code_found = has_code & (code_pos_r >= 0)
        bad_name = has_name & (name_pos_r < 0) & ~code_found & ~bad_code
        problems.error(np.flatnonzero(bad_name), col["municipality"], name_reason_r[bad_name])
        ignored = has_name & (name_pos_r < 0) & code_found
        problems.warn(
            np.flatnonzero(ignored), col["municipality"], name_reason_r[ignored] + "; the code was used"
        )
        clash = (code_pos_r >= 0) & (name_pos_r >= 0) & (code_pos_r != name_pos_r)
        if clash.any():
            said = pd.Series([index.label(p) for p in code_pos_r[clash]], dtype="str")
            other = pd.Series([index.label(p) for p in name_pos_r[clash]], dtype="str")
            problems.warn(
                np.flatnonzero(clash),
                col["municipality"],
                "the code points to " + said + " but the name to " + other + "; the code was used",
            )
        neither = ~has_code & ~has_name
        problems.error(np.flatnonzero(neither), "", "no municipality code or name")
    located = stated_r >= 0
    country = np.where(located, index.countries[np.maximum(stated_r, 0)], "")
    code = np.where(located, index.codes[np.maximum(stated_r, 0)], "")
    stated_c = country_r.to_numpy(dtype=object)
    differs = located & (stated_c != "") & (stated_c != country)
    if differs.any():
        problems.warn(
            np.flatnonzero(differs),
            col["country"],
            "the municipality is in "
            + pd.Series(country[differs]).astype("str")
            + ", file says "
            + pd.Series(stated_c[differs]).astype("str"),
        )

    # Level, indicator, value.
    if "level" in mapping:
        level = get("level").iloc[row_of].reset_index(drop=True)
        folded = level.map(lambda v: re.sub(r"[^a-z]", "", v.lower()))
        wrong = (~folded.isin(_MUNICIPAL_LEVELS)).to_numpy()
        problems.error(
            np.flatnonzero(wrong),
            col["level"],
            quote(level[wrong])
            + " is not a municipal figure; only one figure per municipality can be uploaded",
        )
    if layout == "long":
        empty_indicator = (indicator == "").to_numpy()
        problems.error(
            np.flatnonzero(empty_indicator), col["indicator"], "empty; every figure needs an indicator name"
        )
        empty_value = (value_text == "").to_numpy()
        problems.error(np.flatnonzero(empty_value), col["value"], "empty; every figure needs a value")
    bad = bad.to_numpy(dtype=bool)
    for name in np.unique(value_column[bad]) if bad.any() else []:
        rows = np.flatnonzero(bad & (value_column == name))
        problems.error(rows, str(name), quote(value_text.iloc[rows]) + " is not a number")

    unit = get("unit").iloc[row_of].reset_index(drop=True)
    reference = get("reference_date").iloc[row_of].reset_index(drop=True)
    source = get("source").iloc[row_of].reset_index(drop=True)
    method = get("method").iloc[row_of].reset_index(drop=True)
    method = method.where(method != "", "observed")
    if records and not no_indicator:
        for key, text in (
            ("reference_date", "no reference date column; the figures carry no date"),
            ("source", "no source column; the figures carry no source"),
            ("unit", "no unit column; the figures carry no unit"),
            ("method", "no method column; the figures are marked 'observed'"),
        ):
            if key not in mapping:
                problems.warn_file(text)

    # The same figure twice.
    keys = pd.Series(code).astype("str") + "\x00" + indicator + "\x00" + reference
    duplicated = (keys.duplicated(keep="first") & pd.Series(located)).to_numpy()
    if duplicated.any():
        first = pd.Series(table.lines[row_of]).groupby(keys.to_numpy()).transform("first")
        problems.warn(
            np.flatnonzero(duplicated),
            col["indicator"] if layout == "long" else "",
            "the same indicator, municipality and date as line "
            + first[duplicated].astype("str")
            + "; both kept",
        )

    orphans = np.flatnonzero(~problems.rejected_mask(records) & ~located)
    problems.error(orphans, "", "no municipality could be matched")
    keep = ~problems.rejected_mask(records)
    accepted = pd.DataFrame(
        {
            "country": country,
            "municipality_code": code,
            "indicator": indicator,
            "value": values.to_numpy(dtype=float),
            "unit": unit,
            "reference_date": reference,
            "source": source,
            "method": method,
        }
    )[keep].reset_index(drop=True)
    for c in INDICATOR_UPLOAD_COLUMNS:
        accepted[c] = accepted[c].astype("float64" if c == "value" else TEXT)
    cells = table.data.iloc[row_of].reset_index(drop=True)
    return _report(
        table,
        problems,
        accepted[INDICATOR_UPLOAD_COLUMNS],
        records,
        None,
        "indicators",
        layout,
        mapping,
        cells,
    )


# --- enrichment and export -------------------------------------------------------------


def enrich_locations(
    accepted: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    stations: pd.DataFrame,
    places: pd.DataFrame,
) -> pd.DataFrame:
    """Accepted locations with their municipality's name and remoteness measures.

    Calls ``analysis.remoteness.location_remoteness`` (distances in EPSG:3035)
    and adds its columns that the locations lack, row for row (duplicate ids
    are allowed in uploads, so rows are matched by a temporary key).
    """
    from analysis.remoteness import location_remoteness  # noqa: PLC0415 - analysis is optional for validation

    locations = accepted.copy()
    keys = pd.Series([f"row-{i}" for i in range(len(locations))], dtype=TEXT)
    locations["id"] = keys.to_numpy()
    measures = location_remoteness(locations, stations, places, municipalities)
    measures = pd.DataFrame(measures).drop_duplicates("id").set_index("id")
    enriched = accepted.copy().reset_index(drop=True)
    names = pd.Series(
        municipalities["name"].astype("str").to_numpy(), index=municipalities["code"].astype("str").to_numpy()
    )
    enriched.insert(
        enriched.columns.get_loc("municipality_code") + 1,
        "municipality_name",
        enriched["municipality_code"].astype("str").map(names).astype(TEXT),
    )
    for column in measures.columns:
        if column not in enriched.columns and column != "geometry":
            enriched[column] = measures[column].reindex(keys.to_numpy()).to_numpy()
    return enriched


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
