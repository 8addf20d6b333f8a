"""Uploaded locations and municipal figures: read, validate, enrich, export.

No Streamlit here: the upload page and ``python -m loaders.validate`` both
call these functions. Every row read is either accepted or rejected
(``len(report.accepted) + report.rejected_rows == report.rows_read``); every
rejection names its line, column and value; problems that do not stop a row
are warnings. The heavy parts (text cleaning, number parsing, coordinate
transforms, point-in-polygon) are vectorised; municipality names and type
words are looked up once per distinct value.

Example::

    from loaders.geodata import load_municipalities
    from loaders.upload import read_table, validate_locations

    data = open("tests/fixtures/uploads/rd_new.csv", "rb").read()
    report = validate_locations(read_table(data, "rd_new.csv"), load_municipalities())
    report.crs, report.rows_read, len(report.accepted)   # ('EPSG:28992', 6, 6)

Module layout: ``_sniff`` reads files into text cells, ``_headers`` maps
column names and parses cells, ``_coords`` recognises coordinate systems,
``_match`` finds municipalities; this module ties them together.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.errors import DataValidationError
from core.schema import (
    COORD_PRECISIONS,
    LOCATION_COLUMNS,
    LOCATION_DATE_COLUMNS,
    LOCATION_TYPES,
    STATUSES,
)
from loaders._coords import Source, read_coordinates
from loaders._headers import (
    STATUS_RULES,
    TYPE_RULES,
    Problems,
    cells_at,
    clean_arrow,
    clean_cells,
    encode,
    map_headers,
    objects,
    parse_numbers,
    quote,
    vocabulary,
)
from loaders._match import (
    compare_with_point,
    country_hints,
    index_for,
    resolve_stated,
    stated_municipality,
)
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
TEXT = "string"  # the dtype of text columns in loaders.geodata's frames


@dataclass(eq=False)
class ValidationReport:
    """What validation made of an uploaded table.

    Attributes
    ----------
    rows_read : int
        Records read: data rows (locations, long indicators) or non-empty
        indicator cells (wide indicators: one record per municipality and
        indicator column).
    accepted : DataFrame
        Canonical schema: ``LOCATION_COLUMNS`` (lat/lon WGS84 float64,
        capacity Int64, text as ``string``) or ``INDICATOR_UPLOAD_COLUMNS``
        (value float64).
    rejected : DataFrame
        ``line``, ``column``, ``reason``, then the record's original cells; a
        record with several problems has several rows.
    warnings : DataFrame
        ``line`` (Int64, empty for remarks about the whole file), ``column``, ``message``.
    encoding, delimiter : str or None
        Detected text encoding and delimiter (None for XLSX and geo files).
    crs : str or None
        Coordinate system of most located rows (``"EPSG:4326"``,
        ``"EPSG:28992"``, ``"EPSG:31370"``, ``"EPSG:3812"``); None without coordinates.
    kind : str
        File kind: ``csv``, ``xlsx``, ``geojson`` or ``gpkg``.
    dataset : str
        ``locations`` or ``indicators``.
    filename : str
    layout : str or None
        ``long`` or ``wide`` for indicators.
    columns : dict
        Canonical column -> the file's column it was read from.
    rejected_rows : int
        Distinct rejected records: ``len(accepted) + rejected_rows == rows_read``.
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
        """JSON-ready: counts, detection, every rejection and warning."""

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
                for r in self.rejected[["line", "column", "reason"]].itertuples(index=False)
            ],
            "warnings": [
                {"line": line(w.line), "column": str(w.column), "message": str(w.message)}
                for w in self.warnings[["line", "column", "message"]].itertuples(index=False)
            ],
        }

    def summary(self) -> str:
        """One line: ``12 rows read: 10 accepted, 2 rejected, 3 warnings``."""
        noun = "values" if self.layout == "wide" else "rows"
        return (
            f"{self.rows_read:,} {noun} read: {self.accepted_rows:,} accepted, "
            f"{self.rejected_rows:,} rejected, {len(self.warnings):,} warnings"
        )


# --- shared steps -------------------------------------------------------------------------


class _Cells:
    """The table's columns by canonical key, cleaned once: as pyarrow arrays (``arrow``),
    or as numpy arrays of str (``cells[key]``) where values are looked at one by one."""

    def __init__(self, table: RawTable, mapping: dict[str, str]):
        self.table = table
        self.mapping = mapping
        self.n = len(table)
        self._arrow: dict[str, pa.Array] = {}
        self._numpy: dict[str, np.ndarray] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.mapping

    def arrow(self, key: str) -> pa.Array:
        if key not in self._arrow:
            if key in self.mapping:
                column = self.table.data[self.mapping[key]]
                self._arrow[key] = clean_arrow(column, controls=self.table.controls)
            else:
                self._arrow[key] = pa.repeat("", self.n)
        return self._arrow[key]

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._numpy:
            self._numpy[key] = (
                objects(self.arrow(key)) if key in self.mapping else np.full(self.n, "", dtype=object)
            )
        return self._numpy[key]

    def filled(self, key: str) -> np.ndarray:
        """Mask of non-empty cells."""
        if key not in self.mapping:
            return np.zeros(self.n, dtype=bool)
        return np.asarray(pc.not_equal(self.arrow(key), "").to_numpy(zero_copy_only=False), dtype=bool)

    def name(self, key: str) -> str:
        """The file's column name for a key (the key itself when absent)."""
        return self.mapping.get(key, key)


def _reading_issues(
    table: RawTable, problems: Problems, notes: list[str], row_of: np.ndarray | None = None
) -> None:
    """File notes and row problems found while reading, for every record of the row."""
    for note in (*table.notes, *notes):
        problems.warn_file(note)
    if not len(table.issues):
        return
    row_of = np.arange(len(table)) if row_of is None else row_of
    row_of_line = {int(line): row for row, line in enumerate(table.lines.tolist())}
    for issue in table.issues.itertuples(index=False):
        row = row_of_line.get(int(issue.line))
        if row is None:
            continue
        records = row_of == row
        report = problems.error if issue.severity == "error" else problems.warn
        report(records, str(issue.column), "{}", [str(issue.message)] * int(records.sum()))


def _countries(cells: _Cells, problems: Problems, row_of: np.ndarray | None = None) -> np.ndarray:
    hints, unknown = country_hints(cells["country"])
    if row_of is not None:
        hints, unknown, values = hints[row_of], unknown[row_of], cells["country"][row_of]
    else:
        values = cells["country"]
    problems.warn(
        unknown,
        cells.name("country"),
        "{} is not a country this dashboard covers (NL or BE); the country was taken from the municipality",
        quote(values[unknown]),
    )
    return hints


def _accepted(
    columns: dict[str, np.ndarray | pa.Array], keep: np.ndarray, dtypes: dict[str, str]
) -> pd.DataFrame:
    """The kept rows, text columns as ``string`` like loaders.geodata's frames."""
    keep_arrow = pa.array(keep)

    def column(name: str, values: np.ndarray | pa.Array):
        dtype = dtypes.get(name, TEXT)
        if isinstance(values, pa.Array):
            return pd.array(values.filter(keep_arrow), dtype=dtype)
        return pd.array(np.asarray(values)[keep], dtype=dtype)

    return pd.DataFrame({name: column(name, values) for name, values in columns.items()})


def _report(table, problems, accepted, rows_read, crs, dataset, layout, mapping, cells) -> ValidationReport:
    rejected = problems.rejected_frame(cells)
    records = np.unique(np.concatenate([e[0] for e in problems.errors])) if problems.errors else []
    return ValidationReport(
        rows_read=rows_read,
        accepted=accepted,
        rejected=rejected,
        warnings=problems.warnings_frame(),
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


# --- locations ------------------------------------------------------------------------


def _sources(table: RawTable, cells: _Cells, problems: Problems) -> list[Source]:
    """Coordinate column pairs present: geometry (geo files), lat/lon, x/y."""
    sources = []
    for label, east, north, declared in (
        ("geometry", "_gx", "_gy", table.crs),
        ("lat/lon", "lon", "lat", None),
        ("x/y", "x", "y", None),
    ):
        if east in cells and north in cells:
            sources.append(
                Source(
                    label,
                    cells.name(east),
                    cells.name(north),
                    cells.arrow(east),
                    cells.arrow(north),
                    declared,
                )
            )
        elif east in cells or north in cells:
            have, lack = (east, north) if east in cells else (north, east)
            problems.warn_file(
                f"column '{cells.name(have)}' holds '{have}' but no column holds '{lack}'; "
                "it was not used for coordinates",
                cells.name(have),
            )
    return sources


def validate_locations(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded reception locations and place them in their municipality.

    Parameters
    ----------
    table : RawTable
        From :func:`read_table`.
    municipalities : GeoDataFrame
        ``loaders.geodata.load_municipalities()`` (EPSG:4326). Not modified.

    Returns
    -------
    ValidationReport
        ``accepted`` in ``LOCATION_COLUMNS``; ``municipality_code`` and
        ``country`` come from the polygon containing the point (or from the
        stated municipality for rows without coordinates, placed at its
        representative point with ``coord_precision="municipality"``).
    """
    index = index_for(municipalities)
    n = len(table)
    mapping, notes = map_headers(list(table.data.columns), "locations")
    problems = Problems(table.lines, table.unit)
    _reading_issues(table, problems, notes)
    cells = _Cells(table, mapping)
    countries = _countries(cells, problems)
    stated = stated_municipality(
        index, cells.arrow("municipality_code"), cells.arrow("municipality"), countries
    )
    sources = _sources(table, cells, problems)
    coords = read_coordinates(sources, n, index, problems)
    lon, lat, position = coords.lon.copy(), coords.lat.copy(), coords.position.copy()

    # Rows placed by their point: compare with what the file states.
    compare_with_point(
        problems,
        index,
        stated,
        coords.position >= 0,
        coords.position,
        countries,
        (cells.name("municipality_code"), cells.name("municipality"), cells.name("country")),
    )
    # Rows without coordinates: the stated municipality, else a place named like one.
    without = ~coords.given & ~coords.bad
    by_statement = resolve_stated(
        problems, index, stated, without, cells.name("municipality_code"), cells.name("municipality")
    )
    neither = without & ~stated.has_code & ~stated.has_name
    by_place = np.full(n, -1, dtype=np.int64)
    ask = neither & cells.filled("place")
    if ask.any():
        by_place[ask], _ = index.match_names(cells["place"][ask], countries[ask])
        found = by_place >= 0
        problems.warn(
            found,
            cells.name("place"),
            "no coordinates and no municipality; placed in {}, the municipality named like the place",
            [index.label(p) for p in by_place[found]],
        )
    problems.error(
        neither & (by_place < 0),
        "",
        "no coordinates and no municipality code or name: the location cannot be placed"
        if sources
        else "no coordinate columns (lat/lon or x/y) and no municipality code or name: "
        "the location cannot be placed",
    )
    target = np.where(by_statement >= 0, by_statement, by_place)
    placed = without & (target >= 0)
    position[placed] = target[placed]
    lon[placed] = index.rep_lon[target[placed]]
    lat[placed] = index.rep_lat[target[placed]]

    ids = _ids(cells, table.lines, problems)
    capacity = _capacity(cells, problems)
    types = _vocabulary(cells, "type", problems, LOCATION_TYPES, TYPE_RULES, "other", "a known type")
    statuses = _vocabulary(cells, "status", problems, STATUSES, STATUS_RULES, "", "a known status")
    precision = _precision(cells, problems, coords.given)
    source_url = _urls(cells, problems)

    # Every row is accepted or rejected: a row neither rejected nor placed
    # (the steps above should leave none) is rejected, never dropped.
    problems.error(~problems.rejected_mask(n) & (position < 0), "", "could not be placed in a municipality")
    keep = ~problems.rejected_mask(n)
    where = np.maximum(position, 0)
    accepted = _accepted(
        {
            "id": ids,
            "country": pc.take(pa.array(index.countries, type=pa.string()), pa.array(where)),
            "name": cells.arrow("name"),
            "operator": cells.arrow("operator"),
            "type": types,
            "place": cells.arrow("place"),
            "municipality_code": pc.take(pa.array(index.codes, type=pa.string()), pa.array(where)),
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "coord_precision": precision,
            "capacity": capacity,
            "capacity_as_of": cells.arrow("capacity_as_of"),
            "status": statuses,
            "source_url": source_url,
            "notes": cells.arrow("notes"),
            # Optional: when and how surely the location was in use (empty when absent).
            **{key: cells.arrow(key) for key in LOCATION_DATE_COLUMNS},
        },
        keep,
        {"lat": "float64", "lon": "float64", "capacity": "Int64"},
    )

    crs = None
    used = pd.Series(coords.crs[keep & coords.given & (coords.crs != "")])
    if len(used):
        counts = used.value_counts()
        crs = str(counts.index[0])
        if len(counts) > 1:
            listed = ", ".join(f"{c} ({k:,} rows)" for c, k in counts.items())
            problems.warn_file(f"coordinates are in more than one system: {listed}")
    return _report(table, problems, accepted, n, crs, "locations", None, mapping, table.data)


def _ids(cells: _Cells, lines: np.ndarray, problems: Problems) -> pa.Array:
    ids = cells.arrow("id")
    empty = ~cells.filled("id")
    if empty.any():
        values = cells["id"].copy()
        values[empty] = [f"upload-{line}" for line in lines[empty].tolist()]
        ids = pa.array(values, type=pa.string())
        if "id" in cells:
            problems.warn(empty, cells.name("id"), "empty; id set to '{}'", values[empty])
        else:
            problems.warn_file("no id column; every id set to 'upload-<line>'")
    if len(pc.unique(ids)) == len(ids):
        return ids
    codes, _ = encode(ids)
    _, first_index, inverse = np.unique(codes, return_index=True, return_inverse=True)
    seen_first = first_index[inverse.ravel()]
    duplicated = seen_first != np.arange(len(codes))
    problems.warn(
        duplicated,
        cells.name("id"),
        "id {} is also used on line {}",
        quote(cells_at(ids, duplicated)),
        lines[seen_first[duplicated]].tolist(),
    )
    return ids


def _capacity(cells: _Cells, problems: Problems) -> pd.array:
    text = cells.arrow("capacity")
    column = cells.name("capacity")
    numbers, bad = parse_numbers(text, role="count")
    problems.warn(bad, column, "{} is not a number; capacity left empty", quote(cells_at(text, bad)))
    with np.errstate(invalid="ignore"):
        negative = numbers < 0
        fraction = ~np.isnan(numbers) & (numbers % 1 != 0) & ~negative
        huge = numbers > 1e7
    for mask, report, template in (
        (negative, problems.error, "{} is negative; a capacity is a number of places"),
        (fraction, problems.warn, "{} is not a whole number of places; capacity left empty"),
        (huge, problems.warn, "{} is not a plausible number of places; capacity left empty"),
    ):
        report(mask, column, template, quote(cells_at(text, mask)))
    numbers[negative | fraction | huge] = np.nan
    return pd.array(np.round(numbers), dtype="Float64").astype("Int64")


def _vocabulary(cells, key, problems, canonical, rules, fallback, what) -> pa.Array:
    values = cells.arrow(key)
    codes, uniques = encode(values)
    mapped = [vocabulary(u, canonical, rules) if u else None for u in uniques]
    known = np.array([m is not None for m in mapped] + [False])[codes]
    result = pc.take(
        pa.array([m or fallback for m in mapped] + [fallback], type=pa.string()), pa.array(codes)
    )
    shown = f"'{fallback}'" if fallback else "empty"
    filled = cells.filled(key)
    if key in cells:
        unknown = ~known & filled
        problems.warn(
            unknown,
            cells.name(key),
            "{} is not " + what + "; set to " + shown,
            quote(cells_at(values, unknown)),
        )
        if fallback:
            problems.warn(~filled, cells.name(key), f"empty; set to {shown}")
    elif fallback and cells.n:
        problems.warn_file(f"no column for the location {key}; every {key} set to {shown}")
    return result


def _precision(cells: _Cells, problems: Problems, has_coords: np.ndarray) -> pa.Array:
    values = cells.arrow("coord_precision")
    codes, uniques = encode(values)
    folded = [u.lower() for u in uniques]
    known = np.array([f in COORD_PRECISIONS for f in folded] + [False])[codes]
    odd = ~known & cells.filled("coord_precision") & has_coords
    problems.warn(
        odd,
        cells.name("coord_precision"),
        "{} is not a known precision (site, settlement, approximate); set to 'approximate'",
        quote(cells_at(values, odd)),
    )
    # Without a stated precision, given coordinates count as the site's; rows placed
    # at their municipality's point say so.
    chosen = [f if f in COORD_PRECISIONS else ("site" if f == "" else "approximate") for f in folded]
    dictionary = pa.array([*chosen, "municipality"], type=pa.string())
    return pc.take(dictionary, pa.array(np.where(has_coords, codes, len(chosen))))


def _urls(cells: _Cells, problems: Problems) -> pa.Array:
    # Only web addresses are kept: a "javascript:" or "data:" link must never reach a page.
    values = cells.arrow("source_url")
    scheme = pc.match_substring_regex(values, r"^\s*[A-Za-z][A-Za-z0-9+.\-]*:")
    web = pc.match_substring_regex(values, r"(?i)^\s*https?:")
    unsafe = np.asarray(pc.and_(scheme, pc.invert(web)).to_numpy(zero_copy_only=False), dtype=bool)
    problems.warn(
        unsafe,
        cells.name("source_url"),
        "{} is not a web address (http or https); left empty",
        quote(cells_at(values, unsafe)),
    )
    return pc.if_else(pa.array(unsafe), "", values) if unsafe.any() else values


# --- indicators ------------------------------------------------------------------------

_INDICATOR_KEYS = (
    "country",
    "level",
    "municipality_code",
    "municipality",
    "reference_date",
    "source",
    "unit",
    "method",
)
_MUNICIPAL_LEVELS = {
    "",
    "municipality",
    "municipal",
    "gemeente",
    "gemeentelijk",
    "commune",
    "communal",
    "gemeinde",
}


@dataclass(frozen=True)
class _Figures:
    """Indicator records: the row each comes from, its indicator, value and the value's column."""

    row_of: np.ndarray
    indicator: np.ndarray
    text: np.ndarray
    value: np.ndarray
    bad: np.ndarray
    column: np.ndarray
    notes: tuple[str, ...] = ()


def _long_figures(cells: _Cells, decimal: str) -> _Figures:
    value, bad = parse_numbers(cells["value"], role="value", default_decimal=decimal)
    n = cells.n
    return _Figures(
        np.arange(n),
        cells["indicator"],
        cells["value"],
        value,
        bad,
        np.full(n, cells.name("value"), dtype=object),
    )


def _wide_figures(table: RawTable, mapping: dict[str, str], decimal: str) -> _Figures | None:
    """Melt one column per indicator into records, row by row; None when no column holds numbers."""
    used = set(mapping.values())
    notes: list[str] = []
    parts = []
    for column in table.data.columns:
        if column in used:
            continue
        text = clean_cells(table.data[column])
        value, bad = parse_numbers(text, role="value", default_decimal=decimal)
        filled = text != ""
        if np.isnan(value).all():
            if filled.any():
                notes.append(f"column '{column}' holds no numbers; it was not read as an indicator")
            continue
        skipped = int((~filled).sum())
        if skipped:
            notes.append(
                f"column '{column}': {skipped:,} empty cell{'s' if skipped != 1 else ''} skipped (no figure)"
            )
        rows = np.flatnonzero(filled)
        parts.append((rows, column, text[rows], value[rows], bad[rows]))
    if not parts:
        return None
    row_of = np.concatenate([p[0] for p in parts])
    names = np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts])
    order = np.argsort(row_of, kind="stable")  # file order: row by row, columns left to right
    return _Figures(
        row_of[order],
        names[order],
        np.concatenate([p[2] for p in parts])[order],
        np.concatenate([p[3] for p in parts])[order],
        np.concatenate([p[4] for p in parts])[order],
        names[order],
        tuple(notes),
    )


def validate_indicators(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded municipal figures, long or wide, into the long form.

    Long: one row per figure with ``indicator`` and ``value`` columns (plus
    ``municipality_code`` and/or a municipality name, ``unit``,
    ``reference_date``, ``source``, ``method``). Wide: one row per
    municipality and one column per indicator; it is melted into one record
    per non-empty cell, and a column holding no number at all is ignored
    with a warning.

    Returns
    -------
    ValidationReport
        ``accepted`` in ``INDICATOR_UPLOAD_COLUMNS``; ``country`` and
        ``municipality_code`` come from the matched municipality; an empty
        ``method`` becomes ``observed``.
    """
    index = index_for(municipalities)
    mapping, notes = map_headers(list(table.data.columns), "indicators")
    cells = _Cells(table, mapping)
    decimal = "," if table.delimiter in (";", "\t") else "."
    layout = "long" if "indicator" in cells and "value" in cells else "wide"
    figures = _long_figures(cells, decimal) if layout == "long" else _wide_figures(table, mapping, decimal)
    if figures is None:
        # Nothing to melt: each row is one record, rejected below.
        n = len(table)
        figures = _Figures(
            np.arange(n),
            *(np.full(n, "", dtype=object) for _ in range(2)),
            np.full(n, np.nan),
            np.zeros(n, dtype=bool),
            np.full(n, "", dtype=object),
        )
        nothing = True
    else:
        nothing = False
    rows = figures.row_of
    records = len(rows)
    problems = Problems(table.lines[rows], table.unit)
    _reading_issues(table, problems, [*notes, *figures.notes], rows)
    if nothing:
        problems.error(
            np.ones(records, dtype=bool),
            "",
            "no indicator found: a long table needs 'indicator' and 'value' columns, "
            "a wide table one column of numbers per indicator beside the municipality",
        )

    # Municipality: per row, then per record.
    countries_row, _ = country_hints(cells["country"])
    stated = stated_municipality(
        index, cells["municipality_code"], cells["municipality"], countries_row
    ).take(rows)
    countries = _countries(cells, problems, rows)
    if "municipality_code" not in cells and "municipality" not in cells:
        problems.error(
            np.ones(records, dtype=bool),
            "",
            "no municipality column: name a column for the municipality code (gemeentecode, NIS, code INS) "
            "or its name (gemeente, commune, municipality, Gemeinde)",
        )
        position = np.full(records, -1, dtype=np.int64)
    else:
        everything = np.ones(records, dtype=bool)
        position = resolve_stated(
            problems, index, stated, everything, cells.name("municipality_code"), cells.name("municipality")
        )
        problems.error(~stated.has_code & ~stated.has_name, "", "no municipality code or name")
    located = position >= 0
    country = index.countries[np.maximum(position, 0)]
    code = index.codes[np.maximum(position, 0)]
    differs = located & (countries != "") & (countries != country)
    problems.warn(
        differs,
        cells.name("country"),
        "the municipality is in {}, file says {}",
        country[differs],
        countries[differs],
    )

    # Level, indicator and value.
    if "level" in cells:
        level = cells["level"][rows]
        folded = np.array([v.lower().strip() for v in level.tolist()], dtype=object)
        wrong = ~np.isin(folded, list(_MUNICIPAL_LEVELS))
        problems.error(
            wrong,
            cells.name("level"),
            "{} is not a municipal figure; only figures per municipality can be uploaded",
            quote(level[wrong]),
        )
    if layout == "long":
        problems.error(
            figures.indicator == "", cells.name("indicator"), "empty; every figure needs an indicator name"
        )
        problems.error(figures.text == "", cells.name("value"), "empty; every figure needs a value")
    for column in np.unique(figures.column[figures.bad]):
        wrong = figures.bad & (figures.column == column)
        problems.error(wrong, str(column), "{} is not a number", quote(figures.text[wrong]))

    unit, reference, source, method = (cells[k][rows] for k in ("unit", "reference_date", "source", "method"))
    method = np.where(method == "", "observed", method).astype(object)
    if records and not nothing:
        for key, text in (
            ("reference_date", "no reference date column; the figures carry no date"),
            ("source", "no source column; the figures carry no source"),
            ("unit", "no unit column; the figures carry no unit"),
            ("method", "no method column; the figures are marked 'observed'"),
        ):
            if key not in cells:
                problems.warn_file(text)

    # The same figure twice is kept, with a warning.
    keys = np.array(
        [
            f"{c}\x00{i}\x00{r}" if ok else f"\x01{k}"
            for k, (ok, c, i, r) in enumerate(
                zip(located.tolist(), code.tolist(), figures.indicator.tolist(), reference.tolist())
            )
        ]
        + [""],
        dtype=str,
    )[:records]
    _, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    first = first_index[inverse.ravel()]
    duplicated = located & (first != np.arange(records))
    problems.warn(
        duplicated,
        cells.name("indicator") if layout == "long" else "",
        "the same indicator, municipality and date as line {}; both kept",
        problems.lines[first[duplicated]].tolist(),
    )

    problems.error(~problems.rejected_mask(records) & ~located, "", "no municipality could be matched")
    keep = ~problems.rejected_mask(records)
    accepted = _accepted(
        {
            "country": country,
            "municipality_code": code,
            "indicator": figures.indicator,
            "value": figures.value,
            "unit": unit,
            "reference_date": reference,
            "source": source,
            "method": method,
        },
        keep,
        {"value": "float64"},
    )
    original = table.data.iloc[rows].reset_index(drop=True)
    return _report(table, problems, accepted, records, None, "indicators", layout, mapping, original)


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
