"""The map adapter: escaping, property selection, rounding, sizes, colour classes."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from loaders import geodata
from ui import maps
from ui.colors import shared_classes
from ui.layers import location_geojson, municipality_geojson

HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "${alert(1)}", "`${document.cookie}`"]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_text_neutralises_html_and_template_literals(text):
    escaped = maps.escape_text(text)
    assert "<" not in escaped and ">" not in escaped
    assert "${" not in escaped and "`" not in escaped


def test_escape_text_missing_values():
    assert maps.escape_text(None) == ""
    assert maps.escape_text(float("nan")) == ""
    assert maps.escape_text(pd.NA) == ""


def test_location_features_escape_every_string():
    locations = geodata.load_locations().head(4).copy()
    locations["name"] = HOSTILE
    locations["operator"] = HOSTILE[::-1]
    data = location_geojson(locations, "en", max_capacity=2000).geojson
    text = json.dumps(data)
    for raw in HOSTILE:
        assert raw not in text
    assert data["features"][0]["properties"]["name"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert set(data["features"][0]["properties"]) == {"id", "name", "type", "operator", "place", "capacity"}


def test_municipality_features_are_small_rounded_and_bilingual():
    munis = geodata.load_municipalities()
    munis["value"] = 0.0
    classes = shared_classes(munis["value"])
    layer = municipality_geojson(munis, "value", classes, "en")
    data = layer.geojson
    assert len(data["features"]) == 923
    brussels = next(f for f in data["features"] if f["properties"]["code"] == "21004")
    assert brussels["properties"]["name"] == "Brussel / Bruxelles"
    coords = json.dumps(data["features"][0]["geometry"])
    assert all(
        len(c.split(".")[-1].rstrip("]} ")) <= maps.WEB_DECIMALS for c in coords.split(",") if "." in c
    )
    # All polygons of both countries plus properties well under 1 MB.
    assert maps.geojson_bytes(layer) < 1_000_000


def test_shared_classes_put_both_countries_on_one_scale():
    values = pd.Series([0, 0.5, 1, 2, 5, 10, 20, None])
    classes = shared_classes(values, k=4)
    colors = classes.color_of(values)
    assert colors[0] == maps.ZERO_COLOR
    assert colors[-1] == maps.NO_DATA_COLOR
    assert colors[6] == classes.colors[-1]  # the maximum is in the top class
    assert list(classes.bins) == sorted(classes.bins)
    assert classes.bins[-1] == 20


def test_circle_radius_grows_with_capacity_and_marks_unknown():
    radius = maps.circle_radius_px(pd.Series([0, 100, 2000, None], dtype="Int64"), max_capacity=2000)
    assert radius[0] < radius[1] < radius[2]
    assert radius[2] == pytest.approx(18.0)
    assert radius[3] == 4.0


def test_feature_collection_drops_empty_geometries():
    gdf = gpd.GeoDataFrame(
        {"a": ["x", "y"]}, geometry=gpd.GeoSeries.from_wkt(["POINT (5 52)", "POINT EMPTY"]), crs=4326
    )
    data = maps.feature_collection(gdf, gdf[["a"]])
    assert len(data.geojson["features"]) == 1
    assert len(data.styles) == 1


def test_feature_collection_reprojects_a_copy_and_keeps_styles_with_their_rows():
    """A frame in EPSG:3035 draws where its EPSG:4326 twin draws; the input frame is unchanged."""
    munis = geodata.load_municipalities().head(3)
    projected = munis.to_crs(3035)
    projected.loc[projected.index[1], "geometry"] = None  # a row without geometry is dropped
    before = projected.copy()
    styles = [{"fillColor": c} for c in ("#111111", "#222222", "#333333")]
    data = maps.feature_collection(projected, projected[["code"]], styles)
    twin = maps.feature_collection(munis.iloc[[0, 2]], munis.iloc[[0, 2]][["code"]])
    assert [f["properties"]["code"] for f in data.geojson["features"]] == list(munis["code"].iloc[[0, 2]])
    assert data.styles == (styles[0], styles[2])
    ours = gpd.GeoDataFrame.from_features(data.geojson["features"], crs=4326)
    theirs = gpd.GeoDataFrame.from_features(twin.geojson["features"], crs=4326)
    # Same places to within one step of the web rounding (10**-4 degrees, about 11 m), in metres.
    assert ours.to_crs(3035).hausdorff_distance(theirs.to_crs(3035)).max() < 20
    assert_geodataframe_equal(projected, before, check_crs=True)


def test_feature_collection_refuses_a_frame_without_crs():
    gdf = gpd.GeoDataFrame({"a": ["x"]}, geometry=gpd.GeoSeries.from_wkt(["POINT (5 52)"]))
    with pytest.raises(ValueError, match="no CRS"):
        maps.feature_collection(gdf, gdf[["a"]])
