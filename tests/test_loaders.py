"""Loaders return canonical frames and reject broken files with one clear message."""

from __future__ import annotations

import shutil

import pytest

from core.errors import DataValidationError
from loaders.geodata import (
    GEODATA,
    load_facts,
    load_indicators,
    load_locations,
    load_municipalities,
    load_places,
    load_stations,
)


def test_shipped_tables_load():
    assert len(load_stations()) == 951
    assert len(load_places()) == 3259
    assert len(load_locations()) == 307
    indicators = load_indicators()
    # Targets, plans and estimates are no longer called observations (raw 2026-12).
    assert set(indicators["method"]) == {"observed", "target", "plan", "estimate", "compiled"}
    facts = load_facts()
    assert set(facts["method"]) <= {"observed", "target", "plan", "estimate", "compiled"}
    assert (facts["qualifier"] != "").all()
    assert indicators["value"].notna().all()
    assert load_facts()["value"].notna().all()


def test_truncated_geojson_names_the_file(tmp_path):
    data = (GEODATA / "municipalities.geojson").read_bytes()
    broken = tmp_path / "municipalities.geojson"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataValidationError, match=r"municipalities\.geojson: cannot be read as GeoJSON"):
        load_municipalities(path=broken)


def test_truncated_csv_names_file_and_line(tmp_path):
    lines = (GEODATA / "reception_locations.csv").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "reception_locations.csv"
    # Cut the last row in the middle of its latitude.
    last = lines[-1]
    cut = last.split(",")[:8]
    broken.write_text("\n".join([*lines[:-1], ",".join(cut)]) + "\n", encoding="utf-8")
    with pytest.raises(
        DataValidationError, match=r"reception_locations\.csv: column 'lon' is not a number on line"
    ):
        load_locations(path=broken)


def test_missing_column_is_named(tmp_path):
    src = GEODATA / "stations.csv"
    text = src.read_text(encoding="utf-8").replace("station_id", "uic", 1)
    broken = tmp_path / "stations.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"stations\.csv: missing columns \['station_id'\]"):
        load_stations(path=broken)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DataValidationError, match="facts.csv: file not found"):
        load_facts(path=tmp_path / "facts.csv")


def test_loaders_return_fresh_frames():
    first = load_locations()
    first.loc[0, "name"] = "changed"
    assert load_locations().loc[0, "name"] != "changed"


def test_binary_garbage_csv(tmp_path):
    path = tmp_path / "places.csv"
    shutil.copyfile(GEODATA / "municipalities.geojson", path)
    with pytest.raises(DataValidationError, match="places.csv"):
        load_places(path=path)


def test_upload_limit_matches_the_server_setting():
    import tomllib

    from core.settings import MAX_UPLOAD_MB
    from tests.paths import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
