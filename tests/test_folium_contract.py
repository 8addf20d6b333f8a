"""Contract with streamlit-folium: the private helpers ui/folium_component.py calls.

``ui/folium_component.py`` follows ``streamlit_folium.st_folium`` and calls its
module-level helpers directly (to cache the layer JavaScript). An upgrade of
streamlit-folium that renames, drops or changes one of them, or changes what
``st_folium`` hands its component, must fail here rather than on a page.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import folium
import pytest
import streamlit_folium as sf

from tests.paths import ROOT
from ui import folium_component, maps

ADAPTER = ROOT / "ui" / "folium_component.py"


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    """Calls of ``name`` or ``<anything>.name`` in ``tree``."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called == name:
                out.append(node)
    return out


def _sf_helpers_used() -> set[str]:
    """Names of ``sf.<name>`` the adapter uses."""
    tree = ast.parse(Path(ADAPTER).read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sf"
    }


ST_FOLIUM = ast.parse(inspect.getsource(sf.st_folium))


def test_the_adapter_uses_the_helpers_this_test_pins():
    assert _sf_helpers_used() == {
        "_get_feature_group_string",
        "_get_html",
        "_get_header",
        "_get_map_string",
        "_component_func",
        "get_full_id",
        "generate_js_hash",
    }


@pytest.mark.parametrize("name", sorted(_sf_helpers_used()))
def test_st_folium_itself_still_calls_each_helper(name):
    assert _calls(ST_FOLIUM, name), f"streamlit_folium.st_folium no longer calls {name}"


def test_component_receives_the_same_arguments_as_from_st_folium():
    theirs = {k.arg for k in _calls(ST_FOLIUM, "_component_func")[0].keywords}
    ours_tree = ast.parse(Path(ADAPTER).read_text(encoding="utf-8"))
    ours = {k.arg for k in _calls(ours_tree, "_component_func")[0].keywords}
    assert ours == theirs


def test_defaults_match_what_st_folium_returns():
    """Our defaults are st_folium's, less the two it computes from the map (bounds, zoom)."""
    assigned = [
        node.value
        for node in ast.walk(ST_FOLIUM)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "_defaults" for t in node.targets)
    ]
    theirs = {key.value for key in assigned[0].keys}
    assert set(folium_component._DEFAULTS) | {"bounds", "zoom"} == theirs


def test_helper_signatures_accept_our_calls():
    m = maps.base_map(maps.COUNTRY_BOUNDS["NL"])
    inspect.signature(sf._get_feature_group_string).bind(folium.FeatureGroup(), map=m, idx=0)
    for helper in (sf._get_html, sf._get_header, sf._get_map_string, sf.get_full_id):
        inspect.signature(helper).bind(m)
    inspect.signature(sf.generate_js_hash).bind("script", "key", False)


def test_layer_script_adds_the_group_to_the_component_map():
    group = maps.feature_group("data", [folium.CircleMarker([52.1, 5.1], radius=3)])
    script = folium_component.layer_script(group)
    assert "L.featureGroup(" in script
    assert "L.circleMarker(" in script and "[52.1, 5.1]" in script
    assert ".addTo(map_div)" in script


def test_map_helpers_return_the_pieces_of_our_base_map():
    m = maps.base_map(maps.COUNTRY_BOUNDS["BE"])
    m.get_root().render()
    assert m.get_name() in sf.get_full_id(m)
    assert "L.map(" in sf._get_map_string(m)
    assert isinstance(sf._get_html(m), str) and isinstance(sf._get_header(m), str)
    key = sf.generate_js_hash(sf._get_map_string(m), "k", False)
    assert key == sf.generate_js_hash(sf._get_map_string(m), "k", False)
    assert key != sf.generate_js_hash(sf._get_map_string(m), "other", False)
