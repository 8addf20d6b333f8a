"""Uploads: reading, validating, placing, enriching and exporting (loaders.upload).

The fixtures in tests/fixtures/uploads/ imitate real exports; they are written
by tests/fixtures/uploads/make_fixtures.py. XLSX and GeoPackage files are
built here from the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyproj
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.enrich import enrich_locations
from core.errors import DataValidationError
from core.schema import LOCATION_COLUMNS, LOCATION_TYPES
from loaders._headers import header_key, map_headers, parse_numbers, vocabulary
from loaders._match import index_for
from loaders.geodata import load_locations, load_municipalities, load_places, load_stations
from loaders.upload import (
    INDICATOR_UPLOAD_COLUMNS,
    TYPE_RULES,
    ValidationReport,
    read_table,
    template_csv,
    to_geojson,
    to_safe_csv,
    validate_indicators,
    validate_locations,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "uploads"


@pytest.fixture(scope="module")
def municipalities():
    return load_municipalities()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def locations(name: str, municipalities, data: bytes | None = None) -> ValidationReport:
    return validate_locations(read_table(fixture(name) if data is None else data, name), municipalities)


def assert_invariant(report: ValidationReport) -> None:
    # Issue 10: aggregate rows (country, province, ...) and records of another chosen
    # period or category are counted apart; every record read is in exactly one count.
    assert (
        report.accepted_records + report.rejected_rows + report.aggregates + report.not_selected
        == report.rows_read
    )
    if report.layout != "wide":
        assert report.rejected_rows == report.rejected["line"].nunique()


def reasons(report: ValidationReport) -> dict[int, str]:
    return {int(line): reason for line, reason in zip(report.rejected["line"], report.rejected["reason"])}


def warnings_at(report: ValidationReport) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for line, message in zip(report.warnings["line"], report.warnings["message"]):
        if not pd.isna(line):
            found.setdefault(int(line), []).append(message)
    return found


def file_warnings(report: ValidationReport) -> list[str]:
    return report.warnings.loc[report.warnings["line"].isna(), "message"].tolist()


# --- real exports --------------------------------------------------------------------


def test_excel_semicolon_decimal_comma_cp1252(municipalities):
    report = locations("coa_excel_cp1252.csv", municipalities)
    assert (report.encoding, report.delimiter, report.crs, report.kind) == ("cp1252", ";", "EPSG:4326", "csv")
    assert (report.rows_read, len(report.accepted), report.rejected_rows) == (6, 6, 0)
    accepted = report.accepted
    # The first record spans lines 2-3 (a quoted note with a newline): the next starts on line 4.
    assert accepted["id"].tolist() == ["upload-2", "upload-4", "upload-5", "upload-6", "upload-7", "upload-8"]
    assert accepted["municipality_code"].tolist() == [
        "GM1900",
        "GM1900",
        "GM1979",
        "GM0758",
        "GM0268",
        "GM1876",
    ]
    assert accepted["lat"].iloc[0] == pytest.approx(53.033) and accepted["lon"].iloc[0] == pytest.approx(
        5.6589
    )
    assert accepted["capacity"].tolist()[:3] == [1200, pd.NA, 700]
    assert accepted["type"].tolist() == [
        "regular",
        "regular",
        "regular",
        "emergency",
        "crisis_emergency",
        "unaccompanied_minors",
    ]
    # Issue 10: the file's own type word is kept in the notes.
    assert (
        accepted["notes"].iloc[0]
        == "Voormalig ziekenhuis; sinds 2016 uitgebreid in 2023; type in file: 'azc'"
    )
    assert accepted["place"].iloc[0] == "Sneek"
    assert accepted["operator"].iloc[0] == "COA"
    assert report.columns["municipality"] == "Gemeente"
    # "Súdwest-Fryslân" in cp1252 matches the polygon the point falls in: no warning but the missing id.
    assert file_warnings(report) == ["no id column; every id set to 'upload-<line>'"]
    assert len(report.warnings) == 1
    assert_invariant(report)


def test_accepted_frame_has_the_shipped_schema(municipalities):
    report = locations("mixed_good_bad.csv", municipalities)
    shipped = load_locations()
    assert list(report.accepted.columns) == LOCATION_COLUMNS
    assert report.accepted.dtypes.to_dict() == shipped.dtypes.to_dict()


@pytest.mark.parametrize(
    ("name", "crs", "delimiter", "codes"),
    [
        ("rd_new.csv", "EPSG:28992", ";", ["GM1900", "GM1900", "GM1979", "GM0758", "GM0268", "GM1876"]),
        ("lambert72.csv", "EPSG:31370", ";", ["62003", "13001", "21001", "92094", "12002", "38002"]),
        ("lambert2008.tsv", "EPSG:3812", "\t", ["62003", "13001", "21001", "92094", "12002", "38002"]),
    ],
)
def test_projected_coordinates_are_recognised(municipalities, name, crs, delimiter, codes):
    report = locations(name, municipalities)
    assert (report.crs, report.delimiter) == (crs, delimiter)
    assert report.accepted["municipality_code"].tolist() == codes
    assert report.rejected_rows == 0
    # Back in WGS84 within a metre of the real site the fixture was projected from.
    sites = {
        "rd_new.csv": (53.0330, 5.6589),
        "lambert72.csv": (50.66230, 5.52029),
        "lambert2008.tsv": (50.66230, 5.52029),
    }
    lat, lon = sites[name]
    assert report.accepted["lat"].iloc[0] == pytest.approx(lat, abs=1e-5)
    assert report.accepted["lon"].iloc[0] == pytest.approx(lon, abs=1e-5)
    assert set(report.accepted["country"]) == {"NL" if crs == "EPSG:28992" else "BE"}
    assert_invariant(report)


def test_lambert_types_and_french_headers(municipalities):
    report = locations("lambert72.csv", municipalities)
    assert report.columns == {
        "name": "Nom du centre",
        "municipality": "Commune",
        "x": "X Lambert 72",
        "y": "Y Lambert 72",
        "capacity": "Capacité",
        "type": "Type de centre",
        "operator": "Opérateur",
    }
    assert set(report.accepted["type"]) == {"regular"}
    assert set(locations("lambert2008.tsv", municipalities).accepted["type"]) == {"arrival"}


def test_swapped_latitude_longitude_is_detected_and_warned(municipalities):
    report = locations("swapped_latlon.csv", municipalities)
    assert (report.rows_read, len(report.accepted), report.crs) == (5, 5, "EPSG:4326")
    assert report.accepted["lat"].between(50, 54).all()
    assert report.accepted["municipality_code"].tolist() == ["GM1900", "GM1900", "GM1979", "62003", "13001"]
    assert (
        "lat and lon are swapped in this file (5 rows: column 'latitude' holds longitudes); "
        "they were read the other way round"
    ) in file_warnings(report)


def test_names_only_are_placed_at_the_municipality(municipalities):
    report = locations("names_only.csv", municipalities)
    assert (report.rows_read, len(report.accepted), report.crs) == (11, 11, None)
    assert report.accepted["municipality_code"].tolist() == [
        "21004",
        "21004",
        "21004",
        "GM0796",
        "GM0796",
        "GM1900",
        "GM1900",
        "62063",
        "GM0363",
        "21004",
        "GM0344",
    ]
    assert set(report.accepted["coord_precision"]) == {"municipality"}
    # The representative point lies inside its municipality.
    shapes = municipalities.set_index("code").geometry
    for row in report.accepted.itertuples():
        assert shapes[row.municipality_code].contains(shapely.Point(row.lon, row.lat))
    assert_invariant(report)


def test_utf8_bom_and_quoted_newline(municipalities):
    table = read_table(fixture("bom_utf8.csv"), "bom_utf8.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert list(table.data.columns)[0] == "id"  # no BOM left in the first header
    assert table.lines.tolist() == [2, 4, 5]
    report = validate_locations(table, municipalities)
    assert report.accepted["id"].tolist() == ["bom-1", "bom-2", "bom-3"]
    assert report.accepted["notes"].iloc[0] == "Former barracks, near the Dutch border"
    assert report.accepted["municipality_code"].tolist() == ["13001", "21001", "GM1979"]


@pytest.fixture(scope="module")
def xlsx_bytes() -> bytes:
    """An Excel workbook as an analyst saves it: a title-less sheet, numbers as numbers, a blank row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Opvanglocaties"
    sheet.append(["Naam", "Gemeente", "Breedtegraad", "Lengtegraad", "Capaciteit", "Peildatum", "Soort"])
    sheet.append(["Azc Sneek", "Súdwest-Fryslân", 53.033, 5.6589, 1200, dt.datetime(2024, 1, 1), "azc"])
    sheet.append([None] * 7)
    sheet.append(
        [
            "Centre Fedasil Arendonk",
            "Arendonk",
            51.32267,
            5.08289,
            420.0,
            dt.date(2024, 2, 1),
            "centre collectif",
        ]
    )
    formula_text = sheet.cell(row=5, column=1, value='=HYPERLINK("http://evil.example","click")')
    formula_text.data_type = "s"  # text that looks like a formula, as a string cell
    sheet.cell(row=5, column=2, value="Utrecht")
    sheet.cell(row=5, column=5, value=-3)
    workbook.create_sheet("Toelichting")["A1"] = "uitleg"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx(municipalities, xlsx_bytes):
    table = read_table(xlsx_bytes, "opvang.xlsx")
    assert (table.kind, table.unit, table.encoding, table.delimiter) == ("xlsx", "row", None, None)
    assert table.lines.tolist() == [2, 4, 5]  # spreadsheet rows; the blank row 3 is skipped
    report = validate_locations(table, municipalities)
    assert report.rows_read == 3
    assert report.accepted["municipality_code"].tolist() == ["GM1900", "13001"]
    assert report.accepted["capacity"].tolist() == [1200, 420]
    assert report.accepted["capacity_as_of"].tolist() == ["2024-01-01", "2024-02-01"]
    assert reasons(report) == {
        5: "row 5, column 'Capaciteit': '-3' is negative; a capacity is a number of places"
    }
    assert report.rejected["Naam"].tolist() == ['=HYPERLINK("http://evil.example","click")']
    assert "sheet 'Opvanglocaties' was read; other sheets ignored: Toelichting" in file_warnings(report)
    assert_invariant(report)


def test_geojson(municipalities):
    report = locations("locations.geojson", municipalities)
    assert (report.kind, report.crs, report.unit) == ("geojson", "EPSG:4326", "feature")
    assert (report.rows_read, len(report.accepted)) == (6, 6)
    assert report.accepted["municipality_code"].tolist() == [
        "GM1900",
        "GM1900",
        "62003",
        "13001",
        "GM0758",
        "GM0344",
    ]
    assert report.accepted["coord_precision"].tolist()[-1] == "municipality"  # no geometry: placed by name
    assert warnings_at(report)[5] == [
        "feature 5, column 'geometry': geometry is a Polygon, not a point; a point inside it was used"
    ]
    assert report.accepted["type"].tolist()[-2:] == ["emergency", "regular"]


def test_geopackage_with_declared_rd_new(municipalities):
    import geopandas as gpd
    import pyogrio

    to_rd = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    x, y = to_rd.transform([5.6589, 4.7760], [53.0330, 51.5866])
    frame = gpd.GeoDataFrame(
        {"naam": ["Azc Sneek", "Breepark"], "capaciteit": [100, 500]},
        geometry=shapely.points(x, y),
        crs="EPSG:28992",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "opvang.gpkg")
        pyogrio.write_dataframe(frame, path, layer="opvang")
        data = Path(path).read_bytes()
    report = validate_locations(read_table(data, "opvang.gpkg"), municipalities)
    assert (report.kind, report.crs) == ("gpkg", "EPSG:28992")
    assert report.accepted["municipality_code"].tolist() == ["GM1900", "GM0758"]
    assert report.accepted["capacity"].tolist() == [100, 500]


# --- mixed good and bad rows: every reason, exactly ---------------------------------------


def test_mixed_rows_report_is_exact(municipalities):
    report = locations("mixed_good_bad.csv", municipalities)
    assert (report.rows_read, len(report.accepted), report.rejected_rows) == (17, 7, 10)
    merger = (
        "the Flemish mergers of 1 January 2025 changed the municipalities (581 became 565) and the "
        "shipped borders are those of 2019-2024, so it cannot be matched: use the former municipality's "
        "code or name, or give coordinates"
    )
    assert reasons(report) == {
        3: "line 3, column 'lat': '52,1x' is not a number",
        4: "line 4, columns 'lat' and 'lon': point (lat 48.8566, lon 2.3522) lies outside the Netherlands "
        "and Belgium",
        5: "line 5, column 'capacity': '-20' is negative; a capacity is a number of places",
        9: "line 9, column 'municipality': 'Atlantis' is not a municipality name of the Netherlands "
        "(2023) or Belgium (2019-2024)",
        10: "line 10, column 'municipality': 'Pajottegem' is a municipality formed on 1 January 2025; "
        f"{merger}",
        11: "line 11, column 'municipality_code': '23106' is not one of the 581 Belgian NIS codes of "
        f"2019-2024; if it is the code of a merged municipality, {merger}",
        14: "line 14, column 'lon': empty, while 'lat' is given",
        15: "line 15: no coordinates and no municipality code or name: the location cannot be placed",
        17: "line 17, column 'municipality': 'Bergen' matches several municipalities: Bergen (NH.) (GM0373), "
        "Bergen (L.) (GM0893), Mons (53053); give the municipality code",
        18: "line 18: has 9 values but the header has 8 columns",
    }
    assert report.rejected.loc[report.rejected["line"] == 3, "column"].tolist() == ["lat"]
    assert report.rejected.loc[report.rejected["line"] == 3, "name"].tolist() == ["Bad latitude"]
    assert warnings_at(report) == {
        6: ["line 6, column 'capacity': 'ca. 300' is not a number; capacity left empty"],
        7: ["line 7, column 'type': 'woonboot' is not a known type; set to 'other'"],
        8: ["line 8, column 'id': id 'm-1' is also used on line 2"],
        12: ["line 12, column 'municipality': point lies in Utrecht (GM0344), file says Amsterdam (GM0363)"],
        13: [
            "line 13, columns 'lat' and 'lon': lat and lon look swapped on this row; read the other way round"
        ],
        16: ["line 16, column 'id': empty; id set to 'upload-16'"],
    }
    accepted = report.accepted.set_index("id", drop=False)
    assert pd.isna(accepted.loc["m-5", "capacity"])  # not a number: empty, never 0
    assert accepted.loc["m-6", "type"] == "other"
    assert accepted.loc["m-12", "lat"] == pytest.approx(52.0908)
    assert accepted.loc["m-11", "municipality_code"] == "GM0344"  # derived from the point, not the file
    assert accepted.loc["upload-16", "coord_precision"] == "municipality"
    assert_invariant(report)


def test_unreadable_rows_stop_nothing_else(municipalities):
    # A bad number, an unknown municipality and a ragged row in one file: all reported at once.
    data = (
        b"name,municipality,lat,lon\nA,Utrecht,52.09,5.12\nB,Atlantis,,\nC,Utrecht,x,5.12\n"
        b"D,Utrecht,52.09,5.12,9\n"
    )
    report = locations("bad.csv", municipalities, data)
    assert sorted(reasons(report)) == [3, 4, 5]
    assert len(report.accepted) == 1


def test_point_outside_its_stated_country(municipalities):
    data = (
        b"name;country;lat;lon\nAns;NL;50,6623;5,52029\nSneek;Belgique;53,033;5,6589\n"
        b"X;Pays-Bas;53,033;5,6589\n"
    )
    report = locations("c.csv", municipalities, data)
    assert report.accepted["country"].tolist() == ["BE", "NL", "NL"]
    assert warnings_at(report) == {
        2: ["line 2, column 'country': point lies in BE, file says NL"],
        3: ["line 3, column 'country': point lies in NL, file says BE"],
    }


def test_point_just_outside_the_simplified_coast_is_kept_with_a_warning(municipalities):
    # The westernmost vertex of all borders lies on the coast; 200 m further west is sea.
    union = shapely.union_all(municipalities.geometry.to_numpy())
    coords = shapely.get_coordinates(union)
    west = coords[np.argmin(coords[:, 0])]
    near_lon, far_lon = west[0] - 0.003, west[0] - 0.06
    data = f"name,lat,lon\nnear,{west[1]},{near_lon}\nfar,{west[1]},{far_lon}\n".encode()
    report = locations("coast.csv", municipalities, data)
    assert report.accepted["name"].tolist() == ["near"]
    assert "km outside the simplified border of" in warnings_at(report)[2][0]
    assert "lies outside the Netherlands and Belgium" in reasons(report)[3]


def test_rows_in_other_systems_are_read_and_warned(municipalities):
    to_l72 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
    to_rd = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    rows = ["naam;x;y"]
    for lon, lat in ((5.6589, 53.0330), (4.7760, 51.5866), (6.9181, 53.33)):
        x, y = to_rd.transform(lon, lat)
        rows.append(f"rd;{x:.1f};{y:.1f}")
    x, y = to_l72.transform(5.52029, 50.6623)
    rows.append(f"lambert;{x:.1f};{y:.1f}")
    report = locations("mixed_crs.csv", municipalities, "\n".join(rows).encode())
    assert report.crs == "EPSG:28992"
    assert report.accepted["municipality_code"].tolist() == ["GM1900", "GM0758", "GM1979", "62003"]
    assert warnings_at(report)[5] == [
        "line 5, columns 'y' and 'x': coordinates read as Belgian Lambert 72 (EPSG:31370), "
        "unlike the rest of the file"
    ]
    assert (
        "coordinates are in more than one system: EPSG:28992 (3 rows), EPSG:31370 (1 rows)"
        in file_warnings(report)
    )


def test_hostile_text_is_kept_as_text(municipalities):
    report = locations("hostile.csv", municipalities)
    assert (report.rows_read, len(report.accepted)) == (3, 3)
    accepted = report.accepted
    assert accepted["name"].tolist() == [
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://evil.example","click")',
        "-2+3",
    ]
    assert accepted["operator"].tolist() == ["<script>alert(1)</script>", "+SUM(1;2)", "`${document.cookie}`"]
    assert accepted["notes"].tolist() == ["${alert(1)}", "@cmd", "bell and zero-width"]  # control chars gone
    # A javascript: link never reaches a page.
    assert accepted["source_url"].tolist() == ["", "https://www.coa.nl/", ""]
    assert warnings_at(report)[2] == [
        "line 2, column 'source_url': 'javascript:alert(1)' is not a web address (http or https); left empty"
    ]


# --- files that cannot be read at all -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "the file is empty"),
        (b"  \r\n\r\n", "blank.csv", "the file is empty"),
        (b"naam;gemeente\r\n", "header.csv", "a header but no data rows"),
        (b"\x00\x01\x02\x03binary\x00garbage" * 40, "x.csv", "not text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", r"old Excel \(.xls\)"),
        (b"%PDF-1.7 ...", "list.pdf", "a PDF is not a data file"),
        (b"PK\x03\x04garbage", "x.xlsx", "damaged"),
        (b"<!DOCTYPE html><html><body>login</body></html>", "export.csv", "web page"),
        (b'{"locations": []}', "x.json", "JSON other than GeoJSON"),
        (b"not a spreadsheet", "x.ods", "'.ods' files are not supported"),
    ],
)
def test_unreadable_files_raise_one_plain_message(data, filename, message):
    with pytest.raises(DataValidationError, match=message):
        read_table(data, filename)


def test_unclosed_quote_names_the_line():
    with pytest.raises(
        DataValidationError, match="line 3: a quoted value starts on this line and is never closed"
    ):
        read_table(fixture("unclosed_quote.csv"), "unclosed_quote.csv")


def test_too_many_rows():
    with pytest.raises(DataValidationError, match="more than 5 data rows"):
        read_table(fixture("coa_excel_cp1252.csv"), "x.csv", max_rows=5)
    assert len(read_table(fixture("coa_excel_cp1252.csv"), "x.csv", max_rows=6)) == 6


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("locations.csv", "a,b\n1,2\n")
    with pytest.raises(DataValidationError, match="a ZIP archive is not supported"):
        read_table(buffer.getvalue(), "locations.zip")


# --- reading details ------------------------------------------------------------------


def test_line_numbers_count_quoted_newlines_and_blank_lines():
    text = 'name,notes\nA,"one\ntwo\nthree"\n\nB,plain\nC,"x\ny"\nD,end\n'
    table = read_table(text.encode(), "x.csv")
    assert table.data["name"].tolist() == ["A", "B", "C", "D"]
    assert table.lines.tolist() == [2, 6, 7, 9]
    # The same with a ragged row, read by the exact (csv module) path.
    table = read_table((text + "E,1,2\n").encode(), "x.csv")
    assert table.lines.tolist() == [2, 6, 7, 9, 10]
    assert table.issues["message"].tolist() == ["has 3 values but the header has 2 columns"]


def test_excel_sep_hint_and_utf16_tab_export():
    table = read_table(b"sep=;\r\nnaam;capaciteit\r\nA;1,5\r\n", "x.csv")
    assert (table.delimiter, table.lines.tolist(), list(table.data.columns)) == (
        ";",
        [3],
        ["naam", "capaciteit"],
    )
    data = "naam\tgemeente\r\nAzc Sneek\tSúdwest-Fryslân\r\n".encode("utf-16")
    table = read_table(data, "unicode.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.data["gemeente"].tolist() == ["Súdwest-Fryslân"]


def test_latin1_bytes_outside_cp1252_still_read():
    data = "naam;gemeente\nA;Liège\n".encode("latin-1") + b"B;x\x81y\n"
    table = read_table(data, "x.csv")
    assert table.encoding == "cp1252" or table.encoding.startswith(("iso8859", "latin"))
    assert table.data["gemeente"].tolist()[0] == "Liège"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("breedtegraad", "lat"),
        ("Latitude", "lat"),
        ("LAT", "lat"),
        ("Breite", "lat"),
        (" Breedtegraad (WGS84) ", "lat"),
        ("lengtegraad", "lon"),
        ("longitude", "lon"),
        ("Länge", "lon"),
        ("lng", "lon"),
        ("gemeente", "municipality"),
        ("Commune", "municipality"),
        ("municipality", "municipality"),
        ("Gemeinde", "municipality"),
        ("Naam gemeente", "municipality"),
        ("capaciteit", "capacity"),
        ("Capacité", "capacity"),
        ("Kapazität", "capacity"),
        ("plaatsen", "capacity"),
        ("Capacité d'accueil", "capacity"),
        ("Aantal plaatsen", "capacity"),
        ("naam", "name"),
        ("Nom", "name"),
        ("name", "name"),
        ("type", "type"),
        ("Soort", "type"),
        ("exploitant", "operator"),
        ("beheerder", "operator"),
        ("Operator", "operator"),
        ("x", "x"),
        ("Y", "y"),
        ("X-coördinaat (RD)", "x"),
        ("Y Lambert 72", "y"),
        ("gemeentecode", "municipality_code"),
        ("code INS", "municipality_code"),
        ("NIS", "municipality_code"),
        ("NIS-code", "municipality_code"),
        ("GM_CODE", "municipality_code"),
        ("opmerkingen", "notes"),
        ("bron", "source_url"),
        ("land", "country"),
        ("Pays", "country"),
    ],
)
def test_location_headers_in_four_languages(header, key):
    mapping, _ = map_headers([header], "locations")
    assert mapping == {key: header}, header_key(header)


def test_indicator_headers():
    mapping, _ = map_headers(["Gemeente", "Jaar", "Waarde", "Indicator", "Bron", "Eenheid"], "indicators")
    assert mapping == {
        "municipality": "Gemeente",
        "reference_date": "Jaar",
        "value": "Waarde",
        "indicator": "Indicator",
        "source": "Bron",
        "unit": "Eenheid",
    }


def test_second_column_for_the_same_key_is_ignored_with_a_note():
    mapping, notes = map_headers(["lat", "Breedtegraad"], "locations")
    assert mapping == {"lat": "lat"}
    assert notes == ["column 'Breedtegraad' also looks like 'lat' (already read from 'lat'); ignored"]


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("52,1", "coord", 52.1),
        ("52.1", "coord", 52.1),
        ("1.234,5", "value", 1234.5),
        ("1,234.5", "value", 1234.5),
        ("1.200", "count", 1200),
        ("1,500", "count", 1500),
        (" 1 200 ", "count", 1200),
        ("1\u00a0200", "count", 1200),
        ("-5", "count", -5),
        ("\u22125", "coord", -5),
        ("+3", "count", 3),
        ("155000,25", "coord", 155000.25),
        ("1e3", "value", 1000),
    ],
)
def test_numbers_with_decimal_commas_and_thousands(text, role, expected):
    numbers, bad = parse_numbers(np.array([text], dtype=object), role=role, default_decimal=",")
    assert numbers[0] == pytest.approx(expected) and not bad[0]


@pytest.mark.parametrize("text", ["52,1x", "ca. 300", "inf", "nan", "1e400", "--1", "1.2.3,4,5", "=1+1"])
def test_not_numbers(text):
    numbers, bad = parse_numbers(np.array([text], dtype=object), role="value")
    assert np.isnan(numbers[0]) and bad[0]


def test_empty_is_not_bad():
    numbers, bad = parse_numbers(np.array(["", "  "], dtype=object), role="count")
    assert np.isnan(numbers).all() and not bad.any()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bruxelles / Brussel", "21004"),
        ("Brussel", "21004"),
        ("Bruxelles", "21004"),
        ("brussel / bruxelles", "21004"),
        ("BRUXELLES", "21004"),
        ("'s-Hertogenbosch", "GM0796"),
        ("s Hertogenbosch", "GM0796"),
        ("’s-Hertogenbosch", "GM0796"),
        ("Súdwest-Fryslân", "GM1900"),
        ("Sudwest Fryslan", "GM1900"),
        ("sudwest-fryslan", "GM1900"),
        ("Luik", "62063"),
        ("Liege", "62063"),
        ("Anvers", "11002"),
        ("Bergen (NH.)", "GM0373"),
        ("Bergen NH", "GM0373"),
        ("Gemeente Utrecht", "GM0344"),
        ("Den Haag", "GM0518"),
        ("Saint-Nicolas", "62093"),
        ("Sint-Niklaas", "46021"),
    ],
)
def test_municipality_names(municipalities, name, code):
    index = index_for(municipalities)
    position, reason = index.match_name(name)
    assert reason == "" and index.codes[position] == code


def test_ambiguous_and_unknown_names(municipalities):
    index = index_for(municipalities)
    assert index.match_name("Bergen") == (
        -1,
        "'Bergen' matches several municipalities: Bergen (NH.) (GM0373), Bergen (L.) (GM0893), Mons (53053); "
        "give the municipality code",
    )
    assert index.codes[index.match_name("Bergen", "BE")[0]] == "53053"
    assert "formed on 1 January 2025" in index.match_name("Merelbeke-Melle")[1]
    assert "Flemish mergers of 1 January 2025" in index.match_name("Nergensdorp", "BE")[1]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("GM0363", "GM0363"),
        ("gm 363", "GM0363"),
        ("363", "GM0363"),
        ("0363", "GM0363"),
        ("21004", "21004"),
        ("21004.0", "21004"),
        ("57096", "57096"),
    ],
)
def test_municipality_codes(municipalities, value, code):
    index = index_for(municipalities)
    position, reason = index.match_code(value)
    assert reason == "" and index.codes[position] == code


def test_post_2025_nis_code_says_why(municipalities):
    index = index_for(municipalities)
    position, reason = index.match_code("23106")
    assert position == -1
    assert "Flemish mergers of 1 January 2025 changed the municipalities" in reason
    assert "shipped borders are those of 2019-2024" in reason
    assert (
        index.match_code("GM9999")[1] == "'GM9999' is not one of the 342 Dutch municipality codes (CBS, 2023)"
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("noodopvang", "emergency"),
        ("Azc", "regular"),
        ("aanmeldcentrum", "arrival"),
        ("centre d'arrivée", "arrival"),
        ("amv", "unaccompanied_minors"),
        ("MENA", "unaccompanied_minors"),
        ("crisisnoodopvang", "crisis_emergency"),
        ("gemeentelijke crisisnoodopvang", "crisis_emergency"),
        ("centre collectif", "regular"),
        ("LOI", "small_scale"),
        ("regular", "regular"),
        ("crisis emergency", "crisis_emergency"),
        ("overig", "other"),
        ("woonboot", None),
    ],
)
def test_type_words(word, expected):
    assert vocabulary(word, LOCATION_TYPES, TYPE_RULES) == expected


# --- indicators -------------------------------------------------------------------------


def test_wide_indicators_are_melted(municipalities):
    report = validate_indicators(read_table(fixture("indicators_wide.csv"), "w.csv"), municipalities)
    assert (report.layout, report.encoding, report.delimiter) == ("wide", "cp1252", ";")
    assert (report.rows_read, len(report.accepted), report.rejected_rows) == (11, 10, 1)
    assert list(report.accepted.columns) == INDICATOR_UPLOAD_COLUMNS
    frame = report.accepted.set_index(["municipality_code", "indicator"])["value"]
    assert frame[("GM0363", "Begeleide nieuwkomers")] == 1250  # thousands dot
    assert frame[("GM0363", "Aandeel vrouwen (%)")] == 63.5  # decimal comma
    assert frame[("44021", "Vrijwilligers")] == 230
    assert set(report.accepted.loc[report.accepted["municipality_code"] == "44021", "country"]) == {"BE"}
    assert set(report.accepted["method"]) == {"observed"}
    assert report.rejected[["line", "column", "reason"]].values.tolist() == [
        [4, "Aandeel vrouwen (%)", "line 4, column 'Aandeel vrouwen (%)': 'n.v.t.' is not a number"]
    ]
    assert report.rejected["Gemeente"].tolist() == ["'s-Hertogenbosch"]
    notes = file_warnings(report)
    # Issue 10: the province column is read as the province (it settles ambiguous names).
    assert report.columns["province"] == "Provincie"
    assert "column 'Begeleide nieuwkomers': 1 empty cell skipped (no figure)" in notes
    assert "no reference date column; the figures carry no date" in notes
    assert report.summary() == "11 values read: 10 accepted, 1 rejected, 5 warnings"
    assert_invariant(report)


def test_long_indicators(municipalities):
    report = validate_indicators(read_table(fixture("indicators_long.csv"), "l.csv"), municipalities)
    assert (report.layout, report.rows_read, len(report.accepted), report.rejected_rows) == ("long", 5, 3, 2)
    assert report.accepted["value"].tolist() == [412, 198, 35]
    assert report.accepted["reference_date"].tolist() == ["2023-12-31", "2023-12-31", "2023-07-01"]
    found = reasons(report)
    assert "Flemish mergers of 1 January 2025" in found[5]
    assert found[6] == "line 6, column 'value': empty; every figure needs a value"
    assert report.warnings.empty
    assert_invariant(report)


def test_indicators_by_name_with_level_and_duplicates(municipalities):
    data = (
        "niveau;gemeente;indicator;waarde;jaar\n"
        "gemeente;Luik;loi_places;12;2023\n"
        "provincie;Limburg;loi_places;40;2023\n"
        "gemeente;Liège;loi_places;13;2023\n"
        "gemeente;Atlantis;loi_places;1;2023\n"
    ).encode()
    report = validate_indicators(read_table(data, "i.csv"), municipalities)
    assert report.accepted["municipality_code"].tolist() == ["62063", "62063"]
    # Issue 10: a province row is an aggregate, counted and listed apart, not a rejection.
    assert sorted(reasons(report)) == [5]
    assert (report.aggregates, report.aggregate_names) == (1, ["Limburg"])
    assert "1 aggregate row skipped" in " ".join(file_warnings(report))
    assert_invariant(report)
    assert warnings_at(report)[4] == [
        "line 4, column 'indicator': the same indicator, municipality and date as line 2; both kept"
    ]


def test_indicators_without_a_municipality_column_are_all_rejected(municipalities):
    report = validate_indicators(
        read_table(b"provincie,vrijwilligers\nLimburg,12\n", "i.csv"), municipalities
    )
    assert (report.rows_read, len(report.accepted), report.rejected_rows) == (1, 0, 1)
    assert reasons(report)[2].startswith("line 2: no municipality column")


# --- enrichment and exports --------------------------------------------------------------


def test_enrich_locations_adds_remoteness(municipalities):
    pytest.importorskip("analysis.remoteness", reason="analysis.remoteness is being written in parallel")
    report = locations("mixed_good_bad.csv", municipalities)
    enriched = enrich_locations(report.accepted, municipalities, load_stations(), load_places())
    assert len(enriched) == len(report.accepted)
    assert enriched["id"].tolist() == report.accepted["id"].tolist()  # duplicate ids kept in order
    for column in (
        "municipality_name",
        "distance_to_station_own_km",
        "nearest_station_own",
        "population_within_5km",
        "distance_to_town_50k_km",
        "remoteness_class",
        "near_threshold",
        "uncertainty_radius_km",
    ):
        assert column in enriched.columns
    assert enriched.loc[0, "municipality_name"] == "Amsterdam"
    assert enriched["distance_to_station_own_km"].between(0, 50).all()
    assert report.accepted.columns.tolist() == LOCATION_COLUMNS  # the input is untouched


def test_safe_csv_neutralises_formulas_but_keeps_numbers(municipalities):
    report = locations("hostile.csv", municipalities)
    frame = report.accepted.assign(delta=[-1.5, 2.0, -3.0])
    data = to_safe_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM so that Excel shows accents
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == [
        "<img src=x onerror=alert(1)>",
        '\'=HYPERLINK("http://evil.example","click")',
        "'-2+3",
    ]
    assert [r["operator"] for r in rows] == [
        "<script>alert(1)</script>",
        "'+SUM(1;2)",
        "`${document.cookie}`",
    ]
    assert [r["notes"] for r in rows] == ["${alert(1)}", "'@cmd", "bell and zero-width"]
    assert [r["delta"] for r in rows] == ["-1.5", "2.0", "-3.0"]  # numeric column: plain numbers
    text = pd.DataFrame({"t": ["\tcmd", "\rcmd", "-12", "plain", " =1+1", None]})
    rows = list(csv.reader(io.StringIO(to_safe_csv(text).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["'\tcmd", "'\rcmd", "-12", "plain", "' =1+1", ""]


def test_geojson_export(municipalities):
    report = locations("mixed_good_bad.csv", municipalities)
    frame = report.accepted.copy()
    frame.loc[0, "lat"] = np.nan  # an unlocated row is left out
    collection = json.loads(to_geojson(frame))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(frame) - 1
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [5.1222, 52.0908]}
    assert first["properties"]["capacity"] is None  # empty capacity is null, not 0
    assert first["properties"]["id"] == "m-5"


@pytest.mark.parametrize("kind", ["locations", "indicators"])
def test_templates_validate_cleanly(municipalities, kind):
    data = template_csv(kind)
    header = data.decode().splitlines()[0].split(",")
    assert header == (LOCATION_COLUMNS if kind == "locations" else INDICATOR_UPLOAD_COLUMNS)
    table = read_table(data, f"template_{kind}.csv")
    report = (validate_locations if kind == "locations" else validate_indicators)(table, municipalities)
    assert (len(report.accepted), report.rejected_rows) == (1, 0)
    assert report.warnings.empty


def test_template_kind_is_checked():
    with pytest.raises(ValueError, match="unknown template kind"):
        template_csv("stations")


def test_exports_read_back(municipalities):
    report = locations("coa_excel_cp1252.csv", municipalities)
    again = locations("again.csv", municipalities, to_safe_csv(report.accepted))
    assert again.accepted["municipality_code"].tolist() == report.accepted["municipality_code"].tolist()
    geo = locations("again.geojson", municipalities, to_geojson(report.accepted))
    assert geo.accepted["municipality_code"].tolist() == report.accepted["municipality_code"].tolist()


def test_inputs_are_not_mutated(municipalities):
    before = municipalities.copy()
    table = read_table(fixture("mixed_good_bad.csv"), "m.csv")
    cells = table.data.copy()
    validate_locations(table, municipalities)
    validate_indicators(table, municipalities)
    pd.testing.assert_frame_equal(table.data, cells)
    pd.testing.assert_frame_equal(
        pd.DataFrame(municipalities.drop(columns="geometry")), pd.DataFrame(before.drop(columns="geometry"))
    )


def test_no_streamlit_import():
    code = "import sys, loaders.upload, loaders.validate; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# --- property test: malformed input never escapes as an exception -------------------------

HEADERS = [
    "lat",
    "lon",
    "breedtegraad",
    "lengtegraad",
    "x",
    "y",
    "gemeente",
    "gemeentecode",
    "naam",
    "id",
    "capaciteit",
    "type",
    "status",
    "country",
    "source_url",
    "coord_precision",
    "notes",
    "indicator",
    "waarde",
    "value",
    "Vrijwilligers",
    "",
    "NIS",
    "plaats",
    "niveau",
    '"q"',
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "52,1",
            "5,12",
            "52.09",
            "5.12",
            "155000",
            "463000",
            "150000",
            "170000",
            "650000",
            "665000",
            "GM0363",
            "21004",
            "23106",
            "Utrecht",
            "Bruxelles / Brussel",
            "'s-Hertogenbosch",
            "Bergen",
            "Atlantis",
            "-5",
            "1.200",
            "ca. 300",
            "azc",
            "noodopvang",
            "",
            "=1+1",
            "<script>",
            "${x}",
            "inf",
            "nan",
            "1e400",
            "NL",
            "BE",
            "Belgique",
            "open",
            "javascript:x",
            '"',
            "\n",
            ";",
            ",",
            "\t",
            "\x00",
            "\u202e",
        ]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=12),
)


@st.composite
def messy_csv(draw) -> tuple[bytes, str]:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(1, 7))
    lines = [delimiter.join(draw(st.sampled_from(HEADERS)) for _ in range(width))]
    for _ in range(draw(st.integers(0, 8))):
        cells = [draw(CELLS) for _ in range(draw(st.integers(0, width + 2)))]
        if draw(st.booleans()):
            cells = ['"' + c.replace('"', '""') + '"' for c in cells]
        lines.append(delimiter.join(cells))
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace"), draw(st.sampled_from(["a.csv", "b.txt", "c.tsv", "d"]))


def check_never_crashes(data: bytes, filename: str, municipalities, validate) -> None:
    try:
        table = read_table(data, filename)
    except DataValidationError:
        return
    report = validate(table, municipalities)
    assert_invariant(report)
    if report.layout != "wide":
        assert report.rows_read == len(table)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    data=st.binary(max_size=3000), filename=st.sampled_from(["a.csv", "b.xlsx", "c.geojson", "d.gpkg", "e"])
)
def test_random_bytes_never_crash(municipalities, data, filename):
    check_never_crashes(data, filename, municipalities, validate_locations)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(file=messy_csv(), validate=st.sampled_from([validate_locations, validate_indicators]))
def test_messy_csv_never_crashes(municipalities, file, validate):
    check_never_crashes(*file, municipalities, validate)


# --- issue 10: real exports, unedited ---------------------------------------------------
# Fixtures written by make_fixtures.real_exports() from the shipped names and codes.


def indicators(name: str, municipalities, **options) -> ValidationReport:
    report = validate_indicators(read_table(fixture(name), name), municipalities, **options)
    assert_invariant(report)
    return report


def shipped(municipalities, country: str) -> pd.DataFrame:
    return municipalities[municipalities["country"] == country]


def test_statline_download_with_cbs_suffixes_aggregates_and_former_rows(municipalities):
    report = indicators("statline_kerncijfers.csv", municipalities)
    nl = shipped(municipalities, "NL")
    # Two figures per municipality; Nederland, a landsdeel and a province are aggregates
    # (2 + 1 + 2 values); the 30 former municipalities have no figure at all.
    assert (report.rows_read, report.accepted_records, report.rejected_rows, report.aggregates) == (
        2 * len(nl) + 5,
        2 * len(nl),
        0,
        5,
    )
    assert report.municipalities == len(nl) == 342
    assert report.aggregate_names == ["Nederland", "Noord-Nederland (LD)", "Groningen (PV)"]
    population = report.accepted[report.accepted["indicator"] == "Totale bevolking"]
    assert set(population["unit"]) == {"aantal"}
    by_code = population.set_index("municipality_code")["value"]
    expected = nl.set_index("code")["population"].astype(float)
    assert (by_code.sort_index() == expected.sort_index()).all()
    assert set(report.accepted["reference_date"]) == {"2024"}
    warnings = " ".join(file_warnings(report))
    assert "period '2024*' is provisional" in warnings
    assert "3 aggregate rows skipped" in warnings and "Nederland" in warnings
    assert "30 rows hold no figure" in warnings
    assert (
        "30 of them are former municipalities, without figures: "
        "Haren (merged into Groningen (GM0014) on 2019-01-01)" in warnings
    )
    density = report.accepted[report.accepted["indicator"] == "Bevolkingsdichtheid"]
    assert set(density["unit"]) == {"aantal inwoners per km²"}


def test_statline_quoted_space_padded_export_by_code(municipalities):
    report = indicators("statline_opendata_quoted.csv", municipalities)
    nl = shipped(municipalities, "NL")
    assert (report.rows_read, report.accepted_records, report.rejected_rows, report.aggregates) == (
        len(nl) + 1,
        len(nl),
        0,
        1,
    )
    assert report.columns["municipality_code"] == "RegioS"
    assert report.aggregate_names == ["NL01"]
    assert set(report.accepted["reference_date"]) == {"2024"}
    assert report.accepted["value"].sum() == nl["population"].sum()


def test_sciensano_table_with_suppressed_cells_and_na(municipalities):
    report = indicators("sciensano_cases.csv", municipalities)
    be = shipped(municipalities, "BE")
    suppressed = len(range(3, len(be), 7))
    assert (report.rows_read, report.accepted_records, report.rejected_rows, report.aggregates) == (
        len(be) - suppressed + 1,
        len(be) - suppressed,
        0,
        1,
    )
    assert report.missing == suppressed
    assert report.aggregate_names == ["NA"]
    assert (
        not (report.accepted["value"] == 0).any() or ((be["population"] // 500) == 0).any()
    )  # '<5' never became 0
    assert "missing-value markers (<5, ., x, -, ?) skipped" in " ".join(file_warnings(report))


def test_kiesraad_by_municipality_with_g_codes_parties_and_postal_votes(municipalities):
    report = indicators("kiesraad_gemeenten.csv", municipalities)
    nl = shipped(municipalities, "NL")
    assert (report.rows_read, report.accepted_records, report.rejected_rows, report.aggregates) == (
        3 * len(nl) + 3,
        3 * len(nl),
        0,
        3,
    )
    assert report.categories == ["VVD", "PVV", "CDA"]
    assert report.aggregate_names == ["Briefstembureau"]
    # Both Bergens settled by their code, without a warning.
    bergen = report.accepted[report.accepted["municipality_code"].isin(["GM0373", "GM0893"])]
    assert len(bergen) == 6
    assert not report.warnings["message"].str.contains("Bergen").any()
    chosen = indicators("kiesraad_gemeenten.csv", municipalities, category="pvv")
    assert (chosen.accepted_records, chosen.not_selected, chosen.aggregates) == (len(nl), 2 * len(nl), 3)
    assert set(chosen.accepted["indicator"]) == {"Aantal stemmen – PVV"}


def test_coa_json_in_a_wrapper_with_coa_types_and_capacity_zero(municipalities):
    report = locations("coa_locations.json", municipalities)
    assert_invariant(report)
    data = json.loads(fixture("coa_locations.json"))
    features = data["data"]["features"]
    assert (report.rows_read, len(report.accepted), report.rejected_rows) == (len(features), len(features), 0)
    types = dict(zip([f["properties"]["Type"] for f in features], report.accepted["type"], strict=True))
    assert types == {
        "Azc": "regular",
        " Azc": "regular",
        "Acz": "regular",
        "POL": "regular",
        "Noodopvang": "emergency",
        "GLO": "other",
        "AVO": "other",
    }
    assert report.accepted["notes"].iloc[2] == "type in file: 'POL'"
    zero = [i for i, f in enumerate(features) if f["properties"]["Capaciteit"] == 0]
    assert report.accepted["capacity"].iloc[zero].isna().all()
    assert sum("read as unknown capacity" in m for m in report.warnings["message"]) == len(zero)


@pytest.mark.parametrize(
    ("value", "code"),
    [("GM0363", "GM0363"), ("G0363", "GM0363"), ("0363", "GM0363"), ("363", "GM0363"), ("021004", "21004")],
)
def test_code_forms(municipalities, value, code):
    position, _ = index_for(municipalities).match_code(value)
    assert index_for(municipalities).codes[position] == code


def test_former_municipalities_are_named_and_summed_only_for_counts(municipalities):
    data = (
        b"gemeente;gemeentecode;indicator;waarde;jaar\n"
        b"Eemsdelta;GM1979;inwoners;100;2020\n"
        b"Appingedam;GM0003;inwoners;10;2020\n"
        b"Mouscron;54007;inwoners;5;2020\n"
    )
    plain = validate_indicators(read_table(data, "f.csv"), municipalities)
    assert_invariant(plain)
    assert reasons(plain)[3].endswith(
        "'Appingedam' is a former municipality, merged into Eemsdelta (GM1979) on 2021-01-01; "
        "its figure is not mapped; mark 'inwoners' as a count to sum it into Eemsdelta"
    )
    # A renumbered Belgian code is the same municipality: placed, with a warning.
    assert plain.accepted["municipality_code"].tolist() == ["GM1979", "57096"]
    summed = validate_indicators(read_table(data, "f.csv"), municipalities, counts=["inwoners"])
    assert_invariant(summed)
    assert (summed.accepted_records, summed.folded, summed.rejected_rows) == (3, 1, 0)
    row = summed.accepted[summed.accepted["municipality_code"] == "GM1979"]
    assert row["value"].tolist() == [110.0]
    assert "this count was summed into Eemsdelta" in " ".join(summed.warnings["message"])


def test_xlsx_with_title_rows_above_the_header(municipalities):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Regionale kerncijfers Nederland"])
    sheet.append([])
    sheet.append(["Regio's", "Perioden", "Bevolking/Totale bevolking (aantal)"])
    nl = shipped(municipalities, "NL").head(20)
    for name, population in zip(nl["name"], nl["population"], strict=True):
        sheet.append([name, "2023MM06", int(population)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = validate_indicators(read_table(buffer.getvalue(), "kerncijfers.xlsx"), municipalities)
    assert_invariant(report)
    assert (report.rows_read, report.accepted_records) == (20, 20)
    assert set(report.accepted["reference_date"]) == {"2023-06"}
    assert "the header is on row 3 (1 title row above it: Regionale kerncijfers Nederland)" in file_warnings(
        report
    )


def test_csv_title_lines_above_the_header(municipalities):
    body = fixture("statline_kerncijfers.csv").decode("utf-8-sig")
    data = ('"Regionale kerncijfers Nederland"\n\n' + body).encode("utf-8")
    report = validate_indicators(read_table(data, "kerncijfers.csv"), municipalities)
    plain = indicators("statline_kerncijfers.csv", municipalities)
    assert (report.rows_read, report.accepted_records, report.aggregates) == (
        plain.rows_read,
        plain.accepted_records,
        plain.aggregates,
    )
    assert "2 title lines above the header skipped: 'Regionale kerncijfers Nederland'" in file_warnings(
        report
    )


def test_ambiguous_names_settled_by_province_and_belgian_language_forms(municipalities):
    data = (
        "gemeente;provincie;inwoners\n"
        "Bergen;Limburg;13000\n"
        "Bergen;Noord-Holland;30000\n"
        "Büllingen;Provinz Lüttich;5600\n"
        "Bullange;Province de Liège;5600\n"
        "Sankt Vith;Provinz Lüttich;9800\n"
        "Saint-Vith;Province de Liège;9800\n"
    ).encode()
    report = validate_indicators(read_table(data, "p.csv"), municipalities)
    assert_invariant(report)
    assert report.accepted["municipality_code"].tolist() == [
        "GM0893",
        "GM0373",
        "63012",
        "63012",
        "63067",
        "63067",
    ]


def test_municipality_column_found_by_content(municipalities):
    nl = shipped(municipalities, "NL").head(50)
    rows = ["Gebied;Inwoners"] + [f"{n};{p}" for n, p in zip(nl["name"], nl["population"], strict=True)]
    report = validate_indicators(read_table("\n".join(rows).encode(), "c.csv"), municipalities)
    assert_invariant(report)
    assert report.columns["municipality"] == "Gebied"
    assert report.accepted["municipality_code"].tolist() == nl["code"].tolist()


def test_municipality_polygons_joined_by_largest_overlap(municipalities):
    chosen = municipalities[municipalities["code"].isin(["GM0363", "21004", "62063"])]
    # Each polygon shrunk a little (so that it touches its neighbours less), attributes without a code.
    shapes = chosen.to_crs(3035).buffer(-200).to_crs(4326)
    frame = pd.DataFrame({"inwoners": [1, 2, 3]})
    import geopandas as gpd

    data = gpd.GeoDataFrame(frame, geometry=shapes.to_numpy(), crs=4326).to_json().encode()
    report = validate_indicators(read_table(data, "polygons.geojson"), municipalities)
    assert_invariant(report)
    assert sorted(report.accepted["municipality_code"]) == sorted(chosen["code"])
    assert set(report.accepted["indicator"]) == {"inwoners"}  # geometry_x/_y are not figures
    assert any("overlaps most" in w for w in file_warnings(report))
