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

from pathlib import PurePath

from core.settings import MAX_UPLOAD_ROWS
from loaders.io._table import SUPPORTED, RawTable, fail
from loaders.io._text import decode, maybe_json
from loaders.io.delimited import read_delimited
from loaders.io.geo import read_geo
from loaders.io.records import find_records, read_records
from loaders.io.xlsx import read_zip

__all__ = ["RawTable", "read_table"]


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
        fail(filename, "the upload is not a file's bytes")
    data = bytes(data)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        fail(filename, "the file is empty")
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return read_zip(data, filename, suffix, max_rows)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        fail(
            filename,
            "old Excel (.xls) and other OLE files are not supported; save it as .xlsx or CSV. "
            f"Supported: {SUPPORTED}",
        )
    if data.startswith(b"SQLite format 3\x00"):
        return read_geo(data, filename, "gpkg", max_rows)
    if data.startswith(b"%PDF"):
        fail(filename, f"a PDF is not a data file. Supported: {SUPPORTED}")
    if suffix in (".xls", ".ods", ".shp", ".dbf", ".kml", ".kmz", ".parquet", ".zip"):
        fail(filename, f"'{suffix}' files are not supported. Supported: {SUPPORTED}")
    text, encoding = decode(data, filename)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        fail(filename, "this is a web page (HTML), not a data file; save the data itself as CSV")
    if head.startswith(("{", "[")):
        parsed = maybe_json(text)
        if isinstance(parsed, dict) and parsed.get("type") in ("FeatureCollection", "Feature"):
            return read_geo(text.encode("utf-8"), filename, "geojson", max_rows)
        if parsed is not None and find_records(parsed) is not None:
            return read_records(parsed, filename, max_rows)
        if parsed is not None or suffix in (".json", ".geojson"):
            fail(
                filename,
                "JSON other than GeoJSON (a FeatureCollection, or a list of features or records in any "
                f"wrapper) is not supported. Supported: {SUPPORTED}",
            )
    return read_delimited(text, encoding, filename, max_rows)
