"""Draw a folium map through streamlit-folium's component with cached layer scripts.

``st_folium`` turns the data layers into JavaScript on every rerun: folium
compiles its Jinja templates per element and writes one ``case`` per feature
for the style switch, about 0.35 s per country map here, on every page run.
The JavaScript of a layer group depends only on the data shown, so we build
it once per (dataset, measure, language, ...) key (``ui.cache.layer_script``) and
hand it to the same component ``st_folium`` uses.

This follows ``streamlit_folium.st_folium`` of streamlit-folium 0.27.4 (pinned
in requirements.txt) and uses its module-level helpers; check this adapter
when upgrading that package.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import folium
import streamlit_folium as sf

from ui import cache, mapdata
from ui.assets import LOCAL_CSS, LOCAL_JS

_DEFAULTS = {
    "last_clicked": None,
    "last_object_clicked": None,
    "last_object_clicked_count": None,
    "last_object_clicked_tooltip": None,
    "last_object_clicked_popup": None,
    "all_drawings": None,
    "last_active_drawing": None,
    "last_circle_radius": None,
    "last_circle_polygon": None,
    "selected_layers": None,
    "selected_tags": None,
    "last_geocoder_result": None,
}


def layer_script(group: folium.FeatureGroup) -> str:
    """JavaScript that adds ``group`` to the component's map (``map_div``)."""
    scratch = folium.Map(tiles=None)  # st_folium's helper attaches the group to a map
    return sf._get_feature_group_string(group, map=scratch, idx=0)


def cached_layer_script(
    cache_key: Hashable, build: Callable[[], folium.FeatureGroup], *, public: bool = False
) -> str:
    """:func:`layer_script` of ``build()``, built once per ``cache_key`` (``ui.cache.layer_script``).

    ``public=True`` (only for data every session shares: the shipped files)
    moves the layers' GeoJSON into content-hashed static files the map
    fetches (ui/mapdata.py); an upload's layers stay inside its session.
    """
    if not public:
        return cache.layer_script(cache_key, lambda: layer_script(build()))
    script = cache.layer_script((*cache_key, "static"), lambda: mapdata.externalise(layer_script(build())))
    mapdata.ensure_files(script)
    return script


def render(
    base: folium.Map,
    *,
    key: str,
    layers: str,
    height: int,
    returned_objects: Sequence[str] = (),
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> dict:
    """Show ``base`` (a light, static frame) with the ``layers`` script on top.

    ``layers`` comes from :func:`layer_script` or :func:`cached_layer_script`.
    Returns the requested ``returned_objects`` (empty dict when none).
    """
    base.get_root().render()
    html = sf._get_html(base)
    header = sf._get_header(base)
    script = sf._get_map_string(base)
    bounds = base.get_bounds()
    defaults = {k: v for k, v in _DEFAULTS.items() if k in returned_objects}
    if "bounds" in returned_objects:
        defaults["bounds"] = {
            "_southWest": {"lat": bounds[0][0], "lng": bounds[0][1]},
            "_northEast": {"lat": bounds[1][0], "lng": bounds[1][1]},
        }
    result = sf._component_func(
        script=script,
        header=header,
        html=html,
        id=sf.get_full_id(base),
        key=sf.generate_js_hash(script, key, False),
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default=defaults,
        zoom=zoom,
        center=center,
        feature_group=layers,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=[href for _, href in LOCAL_CSS],
        js_links=[src for _, src in LOCAL_JS],
        on_change=None,
        wrap_longitude=False,
    )
    return result or {}
