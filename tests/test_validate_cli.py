"""The command line: python -m loaders.validate PATH --kind locations|indicators [--json]."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.validate import EXIT_ACCEPTED, EXIT_NONE_ACCEPTED, EXIT_UNREADABLE, main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "uploads"


def legacy(counts: dict) -> dict:
    """The three counts of before issue 10 (the others are checked where they matter)."""
    assert set(counts) >= {"aggregates", "municipalities", "missing", "not_selected"}
    return {k: counts[k] for k in ("rows_read", "accepted", "rejected")}


def run_json(capsys, *args: str) -> tuple[int, dict]:
    status = main([*args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def test_json_report_of_mixed_rows(capsys):
    status, report = run_json(capsys, str(FIXTURES / "mixed_good_bad.csv"), "--kind", "locations")
    assert status == EXIT_ACCEPTED == 0
    assert report["counts"] == {
        "rows_read": 17,
        "accepted": 7,
        "rejected": 10,
        "aggregates": 0,
        "municipalities": 2,
        "missing": 0,
        "not_selected": 0,
    }
    assert (report["encoding"], report["delimiter"], report["crs"], report["kind"]) == (
        "utf-8",
        ",",
        "EPSG:4326",
        "csv",
    )
    assert [r["line"] for r in report["rejected"]] == [3, 4, 5, 9, 10, 11, 14, 15, 17, 18]
    assert report["rejected"][0] == {
        "line": 3,
        "column": "lat",
        "reason": "line 3, column 'lat': '52,1x' is not a number",
    }
    assert {
        "line": 8,
        "column": "id",
        "message": "line 8, column 'id': id 'm-1' is also used on line 2",
    } in report["warnings"]
    assert report["readable"] is True


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "crs"),
    [
        ("coa_excel_cp1252.csv", "cp1252", ";", "EPSG:4326"),
        ("rd_new.csv", "utf-8", ";", "EPSG:28992"),
        ("lambert72.csv", "utf-8", ";", "EPSG:31370"),
        ("lambert2008.tsv", "utf-8", "\t", "EPSG:3812"),
        ("bom_utf8.csv", "utf-8-sig", ",", "EPSG:4326"),
        ("swapped_latlon.csv", "utf-8", ",", "EPSG:4326"),
        ("names_only.csv", "utf-8", ";", None),
        ("locations.geojson", None, None, "EPSG:4326"),
    ],
)
def test_every_locations_fixture_is_accepted(capsys, name, encoding, delimiter, crs):
    status, report = run_json(capsys, str(FIXTURES / name), "--kind", "locations")
    assert status == EXIT_ACCEPTED
    assert (report["encoding"], report["delimiter"], report["crs"]) == (encoding, delimiter, crs)
    assert report["counts"]["rejected"] == 0
    assert report["counts"]["accepted"] == report["counts"]["rows_read"]


def test_indicators(capsys):
    status, report = run_json(capsys, str(FIXTURES / "indicators_wide.csv"), "--kind", "indicators")
    assert status == EXIT_ACCEPTED
    assert (report["layout"], legacy(report["counts"])) == (
        "wide",
        {"rows_read": 11, "accepted": 10, "rejected": 1},
    )
    status, report = run_json(capsys, str(FIXTURES / "indicators_long.csv"), "--kind", "indicators")
    assert (status, report["layout"], report["counts"]["rejected"]) == (EXIT_ACCEPTED, "long", 2)
    assert "Flemish mergers of 1 January 2025" in report["rejected"][0]["reason"]


def test_no_row_accepted_exits_1(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("name,lat,lon\nParis,48.8566,2.3522\nLondon,51.5072,-0.1276\n", encoding="utf-8")
    status, report = run_json(capsys, str(path), "--kind", "locations")
    assert status == EXIT_NONE_ACCEPTED == 1
    assert legacy(report["counts"]) == {"rows_read": 2, "accepted": 0, "rejected": 2}
    assert report["rejected"][1]["reason"] == (
        "line 3, columns 'lat' and 'lon': point (lat 51.5072, lon -0.1276) lies outside "
        "the Netherlands and Belgium"
    )


def test_file_without_municipalities_checked_as_indicators_exits_1(capsys):
    status, report = run_json(capsys, str(FIXTURES / "swapped_latlon.csv"), "--kind", "indicators")
    assert status == EXIT_NONE_ACCEPTED
    assert legacy(report["counts"]) == {"rows_read": 15, "accepted": 0, "rejected": 15}
    # The only name-like column is read as the municipality (as "naam" in a municipal table would be).
    assert report["rejected"][0]["reason"] == (
        "line 2, column 'name': 'Azc Sneek' is not a municipality name of the Netherlands (2023) "
        "or Belgium (2019-2024)"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("unclosed.csv", (FIXTURES / "unclosed_quote.csv").read_bytes(), "line 3: a quoted value starts"),
        ("empty.csv", b"", "the file is empty"),
        ("noise.csv", bytes(range(256)) * 8, "not text"),
        ("header_only.csv", b"naam;gemeente\n", "no data rows"),
    ],
)
def test_unreadable_file_exits_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    status, report = run_json(capsys, str(path), "--kind", "locations")
    assert status == EXIT_UNREADABLE == 2
    assert report["readable"] is False
    assert message in report["error"]


def test_missing_file_exits_2(tmp_path, capsys):
    status = main([str(tmp_path / "nowhere.csv"), "--kind", "locations"])
    assert status == EXIT_UNREADABLE
    assert "cannot be opened" in capsys.readouterr().err


def test_too_many_rows_exits_2(capsys):
    status, report = run_json(capsys, str(FIXTURES / "rd_new.csv"), "--kind", "locations", "--max-rows", "3")
    assert status == EXIT_UNREADABLE
    assert "more than 3 data rows" in report["error"]


def test_text_report(capsys):
    status = main([str(FIXTURES / "mixed_good_bad.csv"), "--kind", "locations"])
    out = capsys.readouterr().out.splitlines()
    assert status == EXIT_ACCEPTED
    assert out[0] == "mixed_good_bad.csv: csv, encoding utf-8, delimiter ',', coordinates EPSG:4326"
    assert out[1] == "17 rows read: 7 accepted, 10 rejected, 6 warnings"
    assert "rejected:" in out and "warnings:" in out
    assert "  line 3, column 'lat': '52,1x' is not a number" in out
    status = main([str(FIXTURES / "lambert2008.tsv"), "--kind", "locations"])
    assert "delimiter tab" in capsys.readouterr().out


def test_kind_is_required():
    with pytest.raises(SystemExit) as stop:
        main([str(FIXTURES / "rd_new.csv")])
    assert stop.value.code == 2


def test_python_dash_m(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders.validate",
            str(FIXTURES / "names_only.csv"),
            "--kind",
            "locations",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert legacy(json.loads(result.stdout)["counts"]) == {"rows_read": 11, "accepted": 11, "rejected": 0}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders.validate",
            str(FIXTURES / "unclosed_quote.csv"),
            "--kind",
            "locations",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "line 3" in result.stderr


@pytest.mark.parametrize(
    ("name", "kind", "aggregates"),
    [
        ("statline_kerncijfers.csv", "indicators", 5),
        ("statline_opendata_quoted.csv", "indicators", 1),
        ("sciensano_cases.csv", "indicators", 1),
        ("kiesraad_gemeenten.csv", "indicators", 3),
        ("coa_locations.json", "locations", 0),
    ],
)
def test_real_exports_counts_add_up(capsys, tmp_path, name, kind, aggregates):
    suffix = ".geojson" if kind == "locations" else ".csv"
    out = tmp_path / f"accepted{suffix}"
    status, report = run_json(capsys, str(FIXTURES / name), "--kind", kind, "--out", str(out))
    counts = report["counts"]
    assert status == EXIT_ACCEPTED
    assert counts["accepted"] + counts["rejected"] + counts["aggregates"] == counts["rows_read"]
    assert (counts["rejected"], counts["aggregates"]) == (0, aggregates)
    if kind == "locations":
        written = json.loads(out.read_text("utf-8"))
        assert len(written["features"]) == counts["accepted"]
    else:
        lines = out.read_text("utf-8-sig").splitlines()
        assert lines[0] == "country,municipality_code,indicator,value,unit,reference_date,source,method"
        assert len(lines) - 1 == counts["accepted"]
        assert counts["municipalities"] == len({line.split(",")[1] for line in lines[1:]})


def test_period_and_category_choices(capsys, tmp_path):
    path = tmp_path / "periods.csv"
    path.write_text(
        "Regio's;Perioden;Partij;Stemmen\n"
        "Amsterdam;2023KW01;VVD;10\nAmsterdam;2023KW02;VVD;11\nUtrecht;2023KW02;PVV;12\n",
        "utf-8",
    )
    status, report = run_json(capsys, str(path), "--kind", "indicators")
    assert (report["periods"], report["categories"]) == (["2023-Q1", "2023-Q2"], ["VVD", "PVV"])
    status, report = run_json(
        capsys, str(path), "--kind", "indicators", "--period", "2023KW02", "--category", "VVD"
    )
    assert status == EXIT_ACCEPTED
    assert report["counts"]["accepted"] == 1 and report["counts"]["not_selected"] == 2
