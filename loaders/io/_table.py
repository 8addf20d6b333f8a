"""The table every reader returns: :class:`RawTable`, and the steps all readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.errors import DataValidationError

SUPPORTED = "CSV (.csv, .txt, .tsv), Excel (.xlsx), GeoJSON (.geojson, .json) or GeoPackage (.gpkg)"
MAX_COLUMNS = 1_000
ISSUE_COLUMNS = ["line", "column", "message", "severity"]


@dataclass(frozen=True, eq=False)
class RawTable:
    """An uploaded table before validation: every cell a string.

    Attributes
    ----------
    data : DataFrame
        One column per header (names made unique and non-empty), cells as
        ``str`` (empty string for an empty cell), entirely empty rows dropped.
    lines : ndarray of int64
        Per row of ``data``: the physical line of the file where the record
        starts (CSV, header = line 1, quoted newlines counted), the
        spreadsheet row (XLSX) or the feature number (GeoJSON, GeoPackage).
    encoding, delimiter : str or None
        Detected text encoding and delimiter (None for XLSX and geo files).
    kind : str
        ``"csv"``, ``"xlsx"``, ``"geojson"`` or ``"gpkg"``.
    filename : str
    crs : str or None
        Declared CRS of a geo file's geometry (columns ``geometry_x``/``geometry_y``).
    unit : str
        What ``lines`` counts, for messages: ``"line"``, ``"row"`` or ``"feature"``.
    notes : tuple of str
        File-level remarks (sheet or layer chosen, rows skipped).
    geometry : ndarray of shapely geometries, optional
        Geo files: each row's geometry in ``crs`` (None elsewhere); indicators
        given as municipality polygons are joined by their largest overlap.
    controls : bool
        False when no cell can hold a control character (a CSV without any
        and without multi-line values): cleaning then skips that pass.
    issues : DataFrame
        Row-level problems found while reading (columns ``line``, ``column``,
        ``message``, ``severity`` = ``"error"`` or ``"warning"``).
    """

    data: pd.DataFrame
    lines: np.ndarray
    encoding: str | None
    delimiter: str | None
    kind: str
    filename: str = ""
    crs: str | None = None
    unit: str = "line"
    notes: tuple[str, ...] = ()
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_COLUMNS))
    controls: bool = True
    geometry: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.data)


def fail(filename: str, problem: str) -> None:
    msg = f"{filename or 'upload'}: {problem}"
    raise DataValidationError(msg)


def unique_headers(header: list[str]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = re.sub(r"[\x00-\x1f\x7f\ufeff\u200b]", " ", str(raw)).strip() or f"column {i + 1}"
        base = name
        while name in seen:
            seen[base] += 1
            name = f"{base} ({seen[base]})"
        seen.setdefault(name, 1)
        names.append(name)
    return names


def finish(  # noqa: PLR0913 - what every reader found (encoding, delimiter, CRS, unit, notes, issues), handed on once
    table: pa.Table,
    lines: np.ndarray,
    encoding: str | None,
    delimiter: str | None,
    kind: str,
    filename: str,
    crs: str | None,
    unit: str,
    notes: list[str],
    issues: list[tuple],
    max_rows: int,
) -> RawTable:
    """Drop empty rows and unnamed empty columns, check the row count, build the RawTable."""
    filled_by_column = {
        name: np.asarray(pc.not_equal(pc.utf8_trim_whitespace(column), "").to_numpy(), dtype=bool)
        for name, column in zip(table.column_names, table.columns, strict=True)
    }
    # Unnamed columns that hold nothing (trailing delimiters) are dropped; so are
    # rows with nothing but spaces.
    keep = [n for n, f in filled_by_column.items() if f.any() or not re.fullmatch(r"column \d+", n)]
    table = table.select(keep)
    filled = np.zeros(table.num_rows, dtype=bool)
    for name in keep:
        filled |= filled_by_column[name]
    if not filled.all():
        skipped = int((~filled).sum())
        notes.append(f"{skipped:,} empty {unit}{'s' if skipped != 1 else ''} skipped")
        table = table.filter(pa.array(filled))
        lines = lines[filled]
    if table.num_rows == 0:
        fail(filename, "the file has a header but no data rows")
    if table.num_rows > max_rows:
        fail(filename, f"the file has more than {max_rows:,} data rows; split it or filter it first")
    data = table.to_pandas()
    other = {c: "str" for c in data.columns if data[c].dtype != "str"}
    if other:
        data = data.astype(other)
    kept_lines = set(np.asarray(lines).tolist())
    issue_frame = pd.DataFrame([i for i in issues if i[0] in kept_lines], columns=ISSUE_COLUMNS)
    return RawTable(
        data=data,
        lines=np.asarray(lines, dtype=np.int64),
        encoding=encoding,
        delimiter=delimiter,
        kind=kind,
        filename=filename,
        crs=crs,
        unit=unit,
        notes=tuple(notes),
        issues=issue_frame,
    )


def string_table(columns: list[str], rows: list[list[str]]) -> pa.Table:
    """A table of strings from rows of equal length."""
    return pa.table(
        {f"f{i}": pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(columns))}
    ).rename_columns(columns)
