"""Uploaded locations and municipal figures: read, validate, export.

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

Module layout (this module only gathers the public names):

- ``loaders.io``: readers per format (``delimited``, ``xlsx``, ``geo``) into a
  :class:`RawTable` of text cells;
- ``_headers`` maps column names and parses cells, ``_coords`` recognises
  coordinate systems, ``_match`` finds municipalities;
- ``_report`` the :class:`ValidationReport` and the shared steps,
  ``_locations`` and ``_indicators`` the two validators;
- ``export``: spreadsheet-safe CSV, GeoJSON, templates.

Enrichment of accepted locations with remoteness measures is a pure
function of ``analysis`` (``analysis.enrich.enrich_locations``): loaders
never compute a measure.
"""

from __future__ import annotations

from core.errors import DataValidationError
from loaders._headers import TYPE_RULES
from loaders._indicators import validate_indicators
from loaders._locations import validate_locations
from loaders._report import INDICATOR_UPLOAD_COLUMNS, ValidationReport
from loaders.export import template_csv, to_geojson, to_safe_csv
from loaders.io import RawTable, read_table

__all__ = [
    "INDICATOR_UPLOAD_COLUMNS",
    "TYPE_RULES",
    "DataValidationError",
    "RawTable",
    "ValidationReport",
    "read_table",
    "template_csv",
    "to_geojson",
    "to_safe_csv",
    "validate_indicators",
    "validate_locations",
]
