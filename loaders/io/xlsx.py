"""Excel workbooks (.xlsx), read with openpyxl in read-only mode; old .xls and .ods are refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

import numpy as np

from loaders.io._table import MAX_COLUMNS, SUPPORTED, RawTable, fail, finish, string_table, unique_headers

TITLE_ROWS = 10  # a one-cell row further down than this is a one-column header


def read_zip(data: bytes, filename: str, suffix: str, max_rows: int) -> RawTable:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        fail(filename, "the file looks like a ZIP archive or .xlsx workbook but is damaged")
    if "xl/workbook.xml" in names:
        return _read_xlsx(data, filename, max_rows)
    if "content.xml" in names:
        fail(
            filename,
            "OpenDocument spreadsheets (.ods) are not supported; save it as .xlsx or CSV. "
            f"Supported: {SUPPORTED}",
        )
    fail(filename, f"a ZIP archive is not supported; upload the file inside it. Supported: {SUPPORTED}")
    raise AssertionError  # unreachable


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, filename: str, max_rows: int) -> RawTable:  # noqa: C901 - sheet choice, title rows above the header and row limits in one streaming pass over the workbook
    import openpyxl  # only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        fail(filename, f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc})")
    notes: list[str] = []
    try:
        sheets = [workbook.active] + [ws for ws in workbook.worksheets if ws is not workbook.active]
        chosen = None
        for sheet in sheets:
            if sheet is None or not hasattr(sheet, "iter_rows"):
                continue
            sheet.reset_dimensions()
            rows: list[list[str]] = []
            numbers: list[int] = []
            header: list[str] | None = None
            titles: list[str] = []
            pending: list[tuple[list[str], int]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                if header is None:
                    # StatLine's XLSX puts a title (one cell) and blank rows above the header:
                    # the header is the first row naming at least two columns, unless the first
                    # TITLE_ROWS rows all hold one cell (a one-column table).
                    filled = sum(1 for c in cells if c.strip())
                    if filled >= 2:
                        header, header_row = cells, number
                        titles = [c[0] for c, _ in pending]
                        pending = []
                    elif filled:
                        pending.append((cells, number))
                        if number <= TITLE_ROWS:
                            continue
                        (header, header_row), pending = pending[0], pending[1:]
                    else:
                        continue
                    for early, row_number in pending:
                        rows.append(early)
                        numbers.append(row_number)
                    pending = []
                    continue
                if not any(c.strip() for c in cells):
                    continue
                if len(rows) >= max_rows:
                    fail(
                        filename,
                        f"the sheet '{sheet.title}' has more than {max_rows:,} data rows; "
                        "split it or filter it first",
                    )
                rows.append(cells)
                numbers.append(number)
            if header is None and pending:
                (header, header_row), pending = pending[0], pending[1:]
                rows, numbers = [c for c, _ in pending], [n for _, n in pending]
            if header is not None:
                chosen = sheet
                break
    finally:
        workbook.close()
    if chosen is None or header is None:
        fail(filename, "the workbook has no sheet with data")
    others = [ws.title for ws in workbook.worksheets if ws is not chosen]
    if others:
        notes.append(f"sheet '{chosen.title}' was read; other sheets ignored: {', '.join(others)}")
    if header_row != 1:
        above = (
            f" ({len(titles)} title row{'s' if len(titles) != 1 else ''} above it: {', '.join(titles[:3])})"
        )
        notes.append(f"the header is on row {header_row}" + (above if titles else ""))
    width = max([len(header), *(len(r) for r in rows)]) if rows else len(header)
    if width > MAX_COLUMNS:
        fail(filename, f"the sheet has {width:,} columns; at most {MAX_COLUMNS:,} are accepted")
    issues = []
    ncols = len(header)
    for number, cells in zip(numbers, rows, strict=True):
        if len(cells) > ncols and any(c.strip() for c in cells[ncols:]):
            issues.append(
                (
                    number,
                    "",
                    f"has values beyond the last named column ({len(cells)} cells, {ncols} column names)",
                    "error",
                )
            )
    table = string_table(unique_headers(header), [(cells + [""] * ncols)[:ncols] for cells in rows])
    return finish(
        table,
        np.asarray(numbers, dtype=np.int64),
        None,
        None,
        "xlsx",
        filename,
        None,
        "row",
        notes,
        issues,
        max_rows,
    )
