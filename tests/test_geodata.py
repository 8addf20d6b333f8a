"""The shipped geodata: counts, validity, topology, totals, locations in place."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from core.schema import LOCATION_TYPES, MUNICIPALITY_COLUMNS
from loaders.geodata import GEODATA, load_locations, load_municipalities

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not found at {RAW}")


@pytest.fixture(scope="module")
def municipalities() -> gpd.GeoDataFrame:
    return load_municipalities()


@pytest.fixture(scope="module")
def locations() -> pd.DataFrame:
    return load_locations()


def test_municipality_counts_and_codes(municipalities):
    counts = municipalities["country"].value_counts()
    assert counts["NL"] == 342
    assert counts["BE"] == 581
    assert municipalities["code"].is_unique
    nl = municipalities[municipalities["country"] == "NL"]["code"]
    be = municipalities[municipalities["country"] == "BE"]["code"]
    assert nl.str.fullmatch(r"GM\d{4}").all()
    assert be.str.fullmatch(r"\d{5}").all()
    assert list(municipalities.columns) == [*MUNICIPALITY_COLUMNS, "geometry"]


def test_geometries_valid_and_polygonal(municipalities):
    assert shapely.is_valid(municipalities.geometry.values).all()
    assert set(municipalities.geom_type) <= {"Polygon", "MultiPolygon"}
    assert municipalities.crs.to_epsg() == 4326


def test_file_is_small_and_rounded():
    path = GEODATA / "municipalities.geojson"
    assert path.stat().st_size <= 1_500_000
    coords = shapely.get_coordinates(load_municipalities().geometry.values)
    assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()


@pytest.mark.parametrize("country", ["NL", "BE"])
def test_no_overlaps_between_neighbours(municipalities, country):
    part = municipalities[municipalities["country"] == country].to_crs(3035).reset_index(drop=True)
    tree = shapely.STRtree(part.geometry.values)
    left, right = tree.query(part.geometry.values, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(part.geometry.values[left[pairs]], part.geometry.values[right[pairs]])
    )
    # Rounding to 1e-5 degrees moves a vertex by ~1 m: slivers of a few m² are rounding.
    assert overlap.max() < 500, f"largest overlap {overlap.max():.0f} m²"
    assert overlap.sum() < 20_000, f"total overlap {overlap.sum():.0f} m²"


@pytest.mark.parametrize("country", ["NL", "BE"])
def test_no_gaps_between_neighbours(municipalities, country):
    part = municipalities[municipalities["country"] == country].to_crs(3035)
    union = shapely.union_all(part.geometry.values)
    holes = [shapely.Polygon(ring) for poly in shapely.get_parts(union) for ring in poly.interiors]
    small = [h.area for h in holes if h.area < 1_000_000]  # real lakes/seas are larger than 1 km²
    assert not small or max(small) < 500, f"gaps between neighbours: {sorted(small)[-5:]} m²"


@needs_raw
def test_population_totals_equal_raw(municipalities):
    nl_raw = pd.read_csv(RAW / "nl_population_2023.csv")["population"].sum()
    be_raw = pd.read_csv(RAW / "be_population.csv", dtype={"NIS code": str}, encoding="utf-8-sig")
    be_total = be_raw.loc[be_raw["NIS code"] == "01000", "Totaal"].item()
    totals = municipalities.groupby("country")["population"].sum()
    assert totals["NL"] == nl_raw == 17_942_942
    assert totals["BE"] == be_total == 11_492_641


def test_population_dates(municipalities):
    dates = municipalities.groupby("country")["population_date"].unique()
    assert list(dates["NL"]) == ["2024-01-01"]
    assert list(dates["BE"]) == ["2020-01-01"]


def test_area_computed_equal_area(municipalities):
    totals = municipalities.groupby("country")["area_km2"].sum()
    assert totals["BE"] == pytest.approx(30_687, rel=0.002)  # raw SOURCES.md: 30,687 km²
    assert 33_000 < totals["NL"] < 42_000  # land + inland/coastal water of the 2023 division


def test_every_location_in_country_and_municipality(municipalities, locations):
    points = gpd.GeoDataFrame(
        locations[["id", "country", "municipality_code"]],
        geometry=gpd.points_from_xy(locations["lon"], locations["lat"]),
        crs=4326,
    )
    joined = gpd.sjoin(points, municipalities[["code", "country", "geometry"]], predicate="within")
    assert len(joined) == len(locations)
    assert (joined["country_left"] == joined["country_right"]).all()
    mismatched = joined[joined["municipality_code"] != joined["code"]]
    assert mismatched.empty, mismatched[["id", "municipality_code", "code"]].to_string()


def test_locations_have_sources_and_valid_types(locations):
    assert locations["id"].is_unique
    assert (locations["source_url"].str.startswith("http")).all()
    assert set(locations["type"]) <= set(LOCATION_TYPES)
    counts = locations["country"].value_counts()
    assert counts["NL"] == 204 and counts["BE"] == 103


def test_disagreements_are_resolved_with_a_note(locations):
    noted = locations[locations["notes"].str.contains("stated municipality|states", case=False)]
    # After the 2026-12 corrections the raw lists disagree with the polygons on 5 NL
    # rows (Heino summer camp is stated in Olst-Wijhe; the point is in Raalte) and
    # 4 BE rows (Mouscron's and Morlanwelz's codes are now the polygons' own).
    assert noted["country"].value_counts().to_dict() == {"BE": 4, "NL": 5}
