"""Shipped map data as content-hashed static files (ui/mapdata.py)."""

from __future__ import annotations

import json
import os
import re

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from ui import folium_component, mapdata, maps


def layer_script_of(names: list[str]) -> tuple[str, dict]:
    gdf = gpd.GeoDataFrame(
        {"name": names}, geometry=[Point(5.0 + i / 10, 52.0) for i in range(len(names))], crs=4326
    )
    data = maps.feature_collection(gdf, pd.DataFrame({"name": gdf["name"]}), [{"radius": 4}] * len(names))
    layer = maps.geojson_layer(
        data, name="x", tooltip_fields=["name"], tooltip_aliases=["Name"], point_radius=True
    )
    return folium_component.layer_script(maps.feature_group("data", [layer])), data.geojson


def test_geojson_moves_to_a_hashed_file_the_script_fetches(tmp_path):
    script, geojson = layer_script_of(["Ter Apel", "Budel <b>"])
    out = mapdata.externalise(script, directory=tmp_path)
    [name] = re.findall(r"/app/static/mapdata/([0-9a-f]{20})\.json", out)
    assert f'fetch("/app/static/mapdata/{name}.json")' in out
    assert "Ter Apel" not in out and "Ter Apel" in script
    path = tmp_path / f"{name}.json"
    # The file holds exactly the features folium wrote (names escaped), nothing else.
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert [f["properties"]["name"] for f in stored["features"]] == ["Ter Apel", "Budel &lt;b&gt;"]
    assert len(stored["features"]) == len(geojson["features"])
    # Old Last-Modified: browsers keep the file fresh for years without Cache-Control.
    assert os.stat(path).st_mtime == mapdata.OLD_MTIME
    # Same content, same name: a second build (another replica) writes nothing new.
    assert mapdata.externalise(script, directory=tmp_path) == out
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.json"]


def test_a_removed_file_is_written_again(tmp_path):
    script, _ = layer_script_of(["Zwolle"])
    out = mapdata.externalise(script, directory=tmp_path)
    [path] = list(tmp_path.iterdir())
    path.unlink()
    mapdata.ensure_files(out, directory=tmp_path)
    assert path.exists()


def test_other_data_changes_the_name(tmp_path):
    first = mapdata.externalise(layer_script_of(["A"])[0], directory=tmp_path)
    second = mapdata.externalise(layer_script_of(["B"])[0], directory=tmp_path)
    assert first != second and len(list(tmp_path.iterdir())) == 2


def test_styles_travel_in_the_file_not_in_the_script(tmp_path):
    """folium's per-feature style switch leaves the script; each feature's style is in the file."""
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"]},
        geometry=[Point(5.0, 52.0), Point(5.1, 52.0), Point(5.2, 52.0)],
        crs=4326,
    )
    styles = [{"radius": 4.0, "fillColor": "#0072b2"}, {"radius": 9.5, "fillColor": "#d55e00"}]
    per_feature = [styles[0], styles[1], styles[0]]
    data = maps.feature_collection(gdf, pd.DataFrame({"name": gdf["name"]}), per_feature)
    layer = maps.geojson_layer(
        data, name="x", tooltip_fields=["name"], tooltip_aliases=["Name"], point_radius=True
    )
    script = folium_component.layer_script(maps.feature_group("data", [layer]))
    assert '"#d55e00"' in script and 'case "0": case "2":' in script  # folium's switch, before
    out = mapdata.externalise(script, directory=tmp_path)
    assert "#d55e00" not in out and "#0072b2" not in out
    assert "_styler(feature) { return" in out and ".styles; return d; })" in out
    [path] = list(tmp_path.iterdir())
    stored = json.loads(path.read_text(encoding="utf-8"))
    shown = [stored["styles"][f["properties"]["__style"]] for f in stored["features"]]
    assert shown == per_feature
