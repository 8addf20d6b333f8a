"""Read an uploaded file into a table of text cells, whatever its format.

CSV as people export it (``,`` ``;`` tab or ``|``; UTF-8 with or without BOM,
UTF-16 with BOM, cp1252/latin-1; quoted values with newlines), XLSX, GeoJSON
and GeoPackage. Every cell comes out as text; nothing is evaluated. Each row
keeps the number of the physical line (CSV), the spreadsheet row (XLSX) or
the feature (geo files) where it starts, so that messages can point at it.

The encoding is recognised by charset-normalizer (after a byte-order mark and
strict UTF-8 have been tried), the delimiter by clevercsv (``csv.Sniffer`` as
a fallback). Parsing uses pyarrow's multi-threaded CSV reader, and Python's
``csv`` module when a file has ragged rows.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

import charset_normalizer
import clevercsv
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from core.errors import DataValidationError
from core.settings import MAX_UPLOAD_ROWS

DELIMITERS = (",", ";", "\t", "|")
SUPPORTED = "CSV (.csv, .txt, .tsv), Excel (.xlsx), GeoJSON (.geojson, .json) or GeoPackage (.gpkg)"
MAX_COLUMNS = 1_000
# charset-normalizer chooses among these once strict UTF-8 has failed: the
# encodings Dutch, Belgian and German spreadsheet programs write.
_WESTERN = ["cp1252", "latin_1", "iso8859_15"]
# Characters that cleaning replaces, as a pattern both RE2 (pyarrow) and re read:
# escapes up to U+00FF, literal characters above.
_CONTROLS_IN_CELLS = (
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff" + "]"
)
_CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

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

    def __len__(self) -> int:
        return len(self.data)


def _fail(filename: str, problem: str) -> None:
    msg = f"{filename or 'upload'}: {problem}"
    raise DataValidationError(msg)


def read_table(data: bytes, filename: str, *, max_rows: int = MAX_UPLOAD_ROWS) -> RawTable:
    """Read an uploaded file into a :class:`RawTable` of text cells.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        Its name; the extension helps, the content decides.
    max_rows : int
        More data rows than this is refused.

    Returns
    -------
    RawTable

    Raises
    ------
    DataValidationError
        When the file cannot be read at all: empty, not text, an unsupported
        type, no data rows, too many rows, or a quote never closed.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        _fail(filename, "the upload is not a file's bytes")
    data = bytes(data)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        _fail(filename, "the file is empty")
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, filename, suffix, max_rows)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _fail(
            filename,
            "old Excel (.xls) and other OLE files are not supported; save it as .xlsx or CSV. "
            f"Supported: {SUPPORTED}",
        )
    if data.startswith(b"SQLite format 3\x00"):
        return _read_geo(data, filename, "gpkg", max_rows)
    if data.startswith(b"%PDF"):
        _fail(filename, f"a PDF is not a data file. Supported: {SUPPORTED}")
    if suffix in (".xls", ".ods", ".shp", ".dbf", ".kml", ".kmz", ".parquet", ".zip"):
        _fail(filename, f"'{suffix}' files are not supported. Supported: {SUPPORTED}")
    text, encoding = _decode(data, filename)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        _fail(filename, "this is a web page (HTML), not a data file; save the data itself as CSV")
    if head.startswith(("{", "[")):
        parsed = _maybe_json(text)
        if isinstance(parsed, dict) and parsed.get("type") in ("FeatureCollection", "Feature"):
            return _read_geo(text.encode("utf-8"), filename, "geojson", max_rows)
        if parsed is not None or suffix in (".json", ".geojson"):
            _fail(
                filename,
                f"JSON other than GeoJSON (a FeatureCollection) is not supported. Supported: {SUPPORTED}",
            )
    return _read_delimited(text, encoding, filename, max_rows)


# --- text -------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decoded text (newlines normalised to \\n) and the encoding's name."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        if b"\x00" in data[:65536]:
            _fail(
                filename,
                "the file is not text (it contains NUL bytes), so it cannot be read as CSV. "
                f"Supported: {SUPPORTED}",
            )
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data, cp_isolation=_WESTERN).best()
            encoding = codecs.lookup(best.encoding).name if best is not None else "latin-1"
            try:
                # Excel on Windows writes cp1252, a superset of latin-1's printable characters.
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                # Bytes cp1252 leaves undefined (0x81, 0x8d, ...): latin-1 reads every byte; the
                # control-character check below still refuses binary data.
                text = str(best) if best is not None else data.decode("latin-1")
    if "\ufffd" in text and text.count("\ufffd") > max(10, len(text) // 100):
        _fail(filename, f"the file is not readable text ({encoding} with many invalid bytes)")
    controls = len(_CONTROL_BYTES.findall(text[:200_000]))
    if controls > max(5, len(text[:200_000]) // 200):
        _fail(
            filename,
            f"the file looks binary (many control characters), not like CSV text. Supported: {SUPPORTED}",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _maybe_json(text: str) -> object | None:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


# --- CSV --------------------------------------------------------------------


def _sniff_delimiter(sample: str) -> str:
    """Delimiter by clevercsv's data-consistency measure, csv.Sniffer as fallback."""
    try:
        dialect = clevercsv.Detector().detect(sample, delimiters=list(DELIMITERS))
    except Exception:  # noqa: BLE001 - a sniffer failing on odd input must not stop the read
        dialect = None
    if dialect is not None and dialect.delimiter in DELIMITERS:
        return dialect.delimiter
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _unique_headers(header: list[str]) -> list[str]:
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


def _read_delimited(text: str, encoding: str, filename: str, max_rows: int) -> RawTable:
    notes: list[str] = []
    offset = 0  # physical lines before the header
    delimiter = None
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first)
    if hint:
        # Excel's "sep=;" first line names the delimiter.
        delimiter, text, offset = hint.group(1), rest, 1
    stripped = text.lstrip("\n")
    offset += len(text) - len(stripped)
    text = stripped
    if not text.strip():
        _fail(filename, "the file is empty")
    # clevercsv's consistency measure grows faster than the sample: 20 lines
    # (at most 16 kB, cut at a line end) decide as well as the whole file.
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    sample = "\n".join(sample.split("\n")[:20])
    delimiter = delimiter or _sniff_delimiter(sample)
    try:
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    if not any(cell.strip() for cell in header):
        _fail(filename, f"line {offset + 1}: the first line holds no column names")
    if len(header) > MAX_COLUMNS:
        _fail(filename, f"the header has {len(header):,} columns; at most {MAX_COLUMNS:,} are accepted")
    try:
        table, starts, issues = _parse_fast(text, delimiter, len(header))
    except (pa.ArrowException, ValueError):
        table, starts, issues = _parse_exact(text, delimiter, len(header), filename, max_rows + 1, offset)
    # A quote opened on the last record and never closed swallows the rest of the file.
    _check_unclosed_quote(text, table, starts, delimiter, filename, offset)
    starts = starts + offset
    issues = [(line + offset, *rest) for line, *rest in issues]
    names = _unique_headers(
        [table.column(i)[0].as_py() for i in range(table.num_columns)] if table.num_rows else header
    )
    data = table.slice(1).rename_columns(names)
    # Control characters anywhere, a tab inside a value, or a value spanning lines:
    # only then must every cell be scanned for them.
    total_lines = text.rstrip("\n").count("\n") + 1
    multiline = bool(len(starts)) and (bool((np.diff(starts) > 1).any()) or total_lines + offset > starts[-1])
    controls = (
        multiline
        or (delimiter != "\t" and "\t" in text)
        or pc.any(
            pc.match_substring_regex(pa.array([text], type=pa.large_string()), _CONTROLS_IN_CELLS)
        ).as_py()
    )
    raw = _finish(
        data, starts[1:], encoding, delimiter, "csv", filename, None, "line", notes, issues, max_rows
    )
    return dataclasses.replace(raw, controls=controls)


def _parse_fast(text: str, delimiter: str, ncols: int) -> tuple[pa.Table, np.ndarray, list]:
    """pyarrow's reader (header included as the first record); raises on ragged rows."""
    # One thread: on this 2-core machine (often shared) threads cost more than they
    # save for a few MB; without any quote no value can hold a newline, and the
    # reader is faster when told so.
    read = pacsv.ReadOptions(autogenerate_column_names=True, use_threads=False, block_size=1 << 22)
    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values='"' in text,
        ignore_empty_lines=False,
    )
    convert = pacsv.ConvertOptions(
        column_types={f"f{i}": pa.string() for i in range(ncols)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        null_values=[],
    )
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")), read_options=read, parse_options=parse, convert_options=convert
    )
    if table.num_columns != ncols:
        msg = "column count differs from the header"
        raise ValueError(msg)
    n = table.num_rows
    spans = np.ones(n, dtype=np.int64)
    if text.count("\n") + (0 if text.endswith("\n") else 1) != n:
        # Quoted values hold newlines: a record spans 1 + their count lines.
        for column in table.columns:
            spans += pc.count_substring(column, "\n").to_numpy().astype(np.int64)
    starts = np.concatenate([[1], 1 + np.cumsum(spans)[:-1]]).astype(np.int64)
    return table, starts, []


def _parse_exact(
    text: str, delimiter: str, ncols: int, filename: str, limit: int, offset: int
) -> tuple[pa.Table, np.ndarray, list]:
    """Python's csv module: tolerates ragged rows and reports them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    rows: list[list[str]] = []
    previous_end = 0
    starts: list[int] = []
    issues: list[tuple] = []
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not row:
                continue
            if len(rows) > limit:
                break
            if len(row) != ncols:
                if len(row) > ncols and any(cell.strip() for cell in row[ncols:]):
                    message = f"has {_values(len(row))} but the header has {ncols} columns"
                    issues.append((start, "", message, "error"))
                elif len(row) < ncols and rows:
                    message = f"has {_values(len(row))}, the header has {ncols} columns"
                    message += "; the missing values are empty"
                    issues.append((start, "", message, "warning"))
                row = (row + [""] * ncols)[:ncols]
            rows.append(row)
            starts.append(start)
    except csv.Error as exc:
        _fail(
            filename,
            f"line {previous_end + 1 + offset}: cannot be read as CSV ({exc}); is a quote left open?",
        )
    table = pa.table({f"f{i}": pa.array([r[i] for r in rows], type=pa.string()) for i in range(ncols)})
    return table, np.asarray(starts, dtype=np.int64), issues


def _values(count: int) -> str:
    return f"{count} value" if count == 1 else f"{count} values"


def _check_unclosed_quote(
    text: str, table: pa.Table, starts: np.ndarray, delimiter: str, filename: str, offset: int
) -> None:
    if not table.num_rows or not any("\n" in (column[-1].as_py() or "") for column in table.columns):
        return
    start = int(starts[-1])
    tail = text.split("\n", start - 1)[-1]
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            _fail(
                filename,
                f"line {start + offset}: a quoted value starts on this line and is never closed, "
                f"so the remaining {tail.count(chr(10)):,} lines would be read as one value; "
                "check the quotes on that line",
            )


def _finish(
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
        _fail(filename, "the file has a header but no data rows")
    if table.num_rows > max_rows:
        _fail(filename, f"the file has more than {max_rows:,} data rows; split it or filter it first")
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


def _table(columns: list[str], rows: list[list[str]]) -> pa.Table:
    """A table of strings from rows of equal length."""
    return pa.table(
        {f"f{i}": pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(columns))}
    ).rename_columns(columns)


# --- XLSX -------------------------------------------------------------------


def _read_zip(data: bytes, filename: str, suffix: str, max_rows: int) -> RawTable:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        _fail(filename, "the file looks like a ZIP archive or .xlsx workbook but is damaged")
    if "xl/workbook.xml" in names:
        return _read_xlsx(data, filename, max_rows)
    if "content.xml" in names:
        _fail(
            filename,
            "OpenDocument spreadsheets (.ods) are not supported; save it as .xlsx or CSV. "
            f"Supported: {SUPPORTED}",
        )
    _fail(filename, f"a ZIP archive is not supported; upload the file inside it. Supported: {SUPPORTED}")
    raise AssertionError  # unreachable


def _cell_text(value: object) -> str:
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


def _read_xlsx(data: bytes, filename: str, max_rows: int) -> RawTable:
    import openpyxl  # noqa: PLC0415 - only needed for workbooks

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged files
        _fail(filename, f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc})")
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
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                while cells and cells[-1] == "":
                    cells.pop()
                if header is None:
                    if cells:
                        header = cells
                        header_row = number
                    continue
                if not any(c.strip() for c in cells):
                    continue
                if len(rows) >= max_rows:
                    _fail(
                        filename,
                        f"the sheet '{sheet.title}' has more than {max_rows:,} data rows; "
                        "split it or filter it first",
                    )
                rows.append(cells)
                numbers.append(number)
            if header is not None:
                chosen = sheet
                break
    finally:
        workbook.close()
    if chosen is None or header is None:
        _fail(filename, "the workbook has no sheet with data")
    others = [ws.title for ws in workbook.worksheets if ws is not chosen]
    if others:
        notes.append(f"sheet '{chosen.title}' was read; other sheets ignored: {', '.join(others)}")
    if header_row != 1:
        notes.append(f"the header is on row {header_row}")
    width = max([len(header), *(len(r) for r in rows)]) if rows else len(header)
    if width > MAX_COLUMNS:
        _fail(filename, f"the sheet has {width:,} columns; at most {MAX_COLUMNS:,} are accepted")
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
    table = _table(_unique_headers(header), [(cells + [""] * ncols)[:ncols] for cells in rows])
    return _finish(
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


# --- GeoJSON / GeoPackage -----------------------------------------------------


def _column_text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "TRUE", False: "FALSE"}).fillna("").astype("str")
    if pd.api.types.is_float_dtype(values):
        finite = values.dropna()
        if len(finite) and np.all(np.mod(finite, 1) == 0) and finite.abs().max() < 1e15:
            return values.astype("Int64").astype("str").replace("<NA>", "").fillna("")
        return values.map(lambda v: "" if pd.isna(v) else repr(float(v))).astype("str")
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.map(lambda v: "" if pd.isna(v) else _cell_text(v.to_pydatetime())).astype("str")
    return values.map(
        lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else _cell_text(v)
    ).astype("str")


def _geo_frame(
    pyogrio, data: bytes, filename: str, label: str, max_rows: int, notes: list[str]
) -> pd.DataFrame:
    """The first point layer (else the first layer with geometry) as a (Geo)DataFrame."""
    layers = pyogrio.list_layers(io.BytesIO(data))
    if len(layers) == 0:
        _fail(filename, f"the {label} holds no layer")
    # Layers by position: a GeoJSON read from memory gets a new random layer name each time.
    names = [str(name) for name, _ in layers]
    points = [i for i, (_, geom) in enumerate(layers) if geom and "point" in str(geom).lower()]
    located = [i for i, (_, geom) in enumerate(layers) if geom]
    layer = (points or located or [0])[0]
    if len(layers) > 1:
        others = ", ".join(n for i, n in enumerate(names) if i != layer)
        notes.append(f"layer '{names[layer]}' was read; other layers ignored: {others}")
    info = pyogrio.read_info(io.BytesIO(data), layer=layer)
    if info.get("features", 0) > max_rows:
        _fail(filename, f"the {label} has {info['features']:,} features; at most {max_rows:,} are accepted")
    return pyogrio.read_dataframe(io.BytesIO(data), layer=layer)


def _read_geo(data: bytes, filename: str, kind: str, max_rows: int) -> RawTable:
    import pyogrio  # noqa: PLC0415 - only needed for geo files
    import shapely  # noqa: PLC0415

    label = "GeoJSON" if kind == "geojson" else "GeoPackage"
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # GDAL notes that an in-memory GeoPackage has no .gpkg extension; harmless.
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = _geo_frame(pyogrio, data, filename, label, max_rows, notes)
    except DataValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - GDAL raises several types on damaged files
        _fail(filename, f"cannot be read as {label} ({type(exc).__name__}: {exc})")
    crs = None
    geometry = None
    if hasattr(frame, "geometry") and "geometry" in frame.columns:
        geometry = frame.geometry.to_numpy()
        if frame.crs is not None:
            epsg = frame.crs.to_epsg()
            crs = f"EPSG:{epsg}" if epsg else frame.crs.to_string()
        frame = pd.DataFrame(frame.drop(columns="geometry"))
    if crs is None and kind == "geojson":
        crs = "EPSG:4326"  # RFC 7946: GeoJSON coordinates are WGS84 lon/lat
    cells = pd.DataFrame({str(col): _column_text(frame[col]) for col in frame.columns}, index=frame.index)
    cells.columns = _unique_headers(list(cells.columns))
    issues: list[tuple] = []
    if geometry is not None:
        n = len(geometry)
        gx = np.full(n, np.nan)
        gy = np.full(n, np.nan)
        present = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))
        kinds = shapely.get_type_id(geometry)
        point = present & (kinds == 0)
        gx[point] = shapely.get_x(geometry[point])
        gy[point] = shapely.get_y(geometry[point])
        other = present & ~point
        if other.any():
            reps = shapely.point_on_surface(geometry[other])
            gx[other] = shapely.get_x(reps)
            gy[other] = shapely.get_y(reps)
            names = shapely.get_type_id(geometry[other])
            type_names = {
                1: "LineString",
                2: "LinearRing",
                3: "Polygon",
                4: "MultiPoint",
                5: "MultiLineString",
                6: "MultiPolygon",
                7: "GeometryCollection",
            }
            for idx, type_id in zip(np.flatnonzero(other), names, strict=True):
                issues.append(
                    (
                        int(idx) + 1,
                        "geometry",
                        f"geometry is a {type_names.get(int(type_id), 'shape')}, not a point; "
                        "a point inside it was used",
                        "warning",
                    )
                )
        cells["geometry_x"] = np.where(np.isfinite(gx), pd.Series(gx).map(repr), "")
        cells["geometry_y"] = np.where(np.isfinite(gy), pd.Series(gy).map(repr), "")
    lines = np.arange(1, len(cells) + 1, dtype=np.int64)
    if cells.shape[1] == 0:
        _fail(filename, f"the {label} has no attributes and no geometry")
    table = pa.table(
        {name: pa.array(cells[name].astype(object).tolist(), type=pa.string()) for name in cells.columns}
    )
    return _finish(
        table,
        lines,
        None,
        None,
        kind,
        filename,
        crs,
        "feature",
        notes,
        issues,
        max_rows,
    )
