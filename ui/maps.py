"""The one adapter from canonical frames to web maps (folium + streamlit-folium).

Modelled on geopandas' ``explore``: keep only displayed fields, turn values
into escaped strings, drop empty geometries, round coordinates. Everything
in EPSG:4326.

Pitfalls handled here (see DESIGN.md):

* ``GeoJsonTooltip``/``GeoJsonPopup`` insert values with ``innerHTML``;
  folium ``Tooltip`` text sits in a JS template literal. Every string from
  data goes through :func:`escape_text` (HTML-escaped, backticks and ``${``
  neutralised) before it reaches a feature property.
* ``st_folium`` remounts the whole map when the base map's script changes and
  reruns the app on every pan/zoom unless ``returned_objects`` is limited. The
  base map is an empty, static frame; data travel as ``feature_group_to_add``.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ui.assets import use_local_leaflet

WEB_DECIMALS = 4  # ~10 m; enough for polygons generalised at 100 m
NO_DATA_COLOR = "#d9d9d9"
ZERO_COLOR = "#f7f7f7"
BORDER_COLOR = "#6b6b6b"

# Okabe & Ito's colour-blind-safe set plus a light grey (tests/test_palettes.py:
# any two stay >= 10 apart in CAM02-UCS under simulated deuteranopia,
# protanopia and tritanopia; the previous blue and purple were 1.3 apart).
LOCATION_TYPE_COLORS = {
    "arrival": "#d55e00",
    "regular": "#0072b2",
    "emergency": "#e69f00",
    "crisis_emergency": "#cc79a7",
    "small_scale": "#009e73",
    "unaccompanied_minors": "#56b4e9",
    "medical": "#f0e442",
    "restricted": "#000000",
    "other": "#bbbbbb",
}

# Remoteness classes (Remoteness page): a fill per class, and darker shades for the
# dashed outline of locations without a known capacity (the pale fill alone is
# hard to see on the grey base, notably for "town").
CLASS_COLORS = {"urban": "#2c7bb6", "town": "#abd9e9", "rural": "#fdae61", "remote": "#d7191c"}
UNKNOWN_CLASS_COLOR = "#969696"
CLASS_OUTLINES = {"urban": "#1a4f7a", "town": "#2f87b8", "rural": "#d9822b", "remote": "#a50f15"}
UNKNOWN_CLASS_OUTLINE = "#636363"
BASE_FILL = "#eeeeee"  # grey municipalities under the remoteness map
BASE_BORDER = "#a8a8a8"

COUNTRY_BOUNDS = {
    "NL": [[50.75, 3.36], [53.56, 7.23]],
    "BE": [[49.49, 2.54], [51.51, 6.41]],
    "ALL": [[49.49, 2.54], [53.56, 7.23]],
}


def escape_text(value: object) -> str:
    """HTML-escape a value from data and neutralise JS template syntax.

    >>> escape_text("<img src=x onerror=alert(1)>`${x}`")
    '&lt;img src=x onerror=alert(1)&gt;&#96;&#36;{x}&#96;'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("`", "&#96;").replace("${", "&#36;{")


def _web_geometry(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """The geometry of ``gdf`` in EPSG:4326 (a reprojected copy when it is in another CRS)."""
    if gdf.crs is None:
        msg = "map layer: the frame has no CRS; set it (EPSG:4326 for lon/lat degrees) before drawing it"
        raise ValueError(msg)
    geometry = gdf.geometry
    return geometry if geometry.crs.equals(4326) else geometry.to_crs(4326)


def _round_geometry(geoms: gpd.GeoSeries) -> list[dict]:
    rounded = shapely.set_precision(geoms.values, 10**-WEB_DECIMALS)
    return [shapely.geometry.mapping(g) for g in rounded]


@dataclass(frozen=True)
class LayerData:
    """GeoJSON for the browser plus one Leaflet style per feature (by position).

    Styles stay out of the GeoJSON: folium turns ``style_function`` results
    into one ``switch`` over feature ids with each distinct style written once,
    so per-feature style properties would only add bytes.
    """

    geojson: dict
    styles: tuple[dict, ...]


def feature_collection(
    gdf: gpd.GeoDataFrame, properties: pd.DataFrame, styles: Sequence[dict] | None = None
) -> LayerData:
    """GeoJSON of ``gdf`` geometries with the given (already display-ready) properties.

    Every property value is turned into an escaped string, so nothing from data
    reaches the page as HTML. Features get a short ``id`` (their position), which
    folium uses to look up their style.

    The input is guarded as geopandas' ``explore`` guards it: a frame in any
    CRS other than EPSG:4326 is reprojected (on a copy; ``gdf`` is never
    changed), rows with a missing or empty geometry are dropped together with
    their properties and styles. A frame without a CRS is refused: its
    coordinates could be metres or degrees, and a web map cannot tell.
    """
    geometry = _web_geometry(gdf)
    keep = ~(geometry.isna() | geometry.is_empty).to_numpy()
    geoms = _round_geometry(geometry[keep])
    props = properties[keep].astype(object).map(escape_text)
    records = props.to_dict(orient="records")
    kept_styles = (
        [s for s, k in zip(styles, keep, strict=True) if k] if styles is not None else [{}] * len(records)
    )
    features = [
        {"type": "Feature", "id": str(i), "properties": record, "geometry": geom}
        for i, (geom, record) in enumerate(zip(geoms, records, strict=True))
    ]
    return LayerData({"type": "FeatureCollection", "features": features}, tuple(kept_styles))


def base_map(bounds: list[list[float]], *, tiles: bool = False, height: int = 520) -> folium.Map:
    """An empty map frame fitted to ``bounds`` ([[south, west], [north, east]]).

    No tiles by default: the municipality polygons are the base map, so maps
    work offline. ``tiles=True`` adds OpenStreetMap tiles (needs internet).
    """
    m = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=7,
        tiles="OpenStreetMap" if tiles else None,
        control_scale=True,
        prefer_canvas=True,
        zoom_snap=0.25,
        height=height,
    )
    m.fit_bounds(bounds)
    return use_local_leaflet(m)


def geojson_layer(
    data: LayerData,
    *,
    name: str,
    tooltip_fields: Sequence[str],
    tooltip_aliases: Sequence[str],
    point_radius: bool = False,
) -> folium.GeoJson:
    """A GeoJSON layer styled per feature from ``data.styles``.

    ``point_radius`` draws points as circle markers whose radius comes from the
    style (Leaflet's ``CircleMarker.setStyle`` honours ``radius``).
    """
    tooltip = folium.GeoJsonTooltip(
        fields=list(tooltip_fields), aliases=list(tooltip_aliases), sticky=True, localize=False
    )
    kwargs = {}
    if point_radius:
        kwargs["marker"] = folium.CircleMarker(radius=5, weight=1, fill=True, fill_opacity=0.8)
    styles = data.styles
    return folium.GeoJson(
        data.geojson,
        name=name,
        style_function=lambda feature: styles[int(feature["id"])],
        highlight_function=_highlight,
        tooltip=tooltip,
        **kwargs,
    )


def _highlight(feature: dict) -> dict:
    return {"weight": 3, "color": "#000000"}


def feature_group(name: str, layers: Iterable[folium.Element]) -> folium.FeatureGroup:
    """A feature group holding ``layers`` (sent to ``st_folium`` as an update)."""
    group = folium.FeatureGroup(name=name)
    for layer in layers:
        layer.add_to(group)
    return group


def polygon_styles(colors: Sequence[str], *, weight: float = 0.4) -> list[dict]:
    """Leaflet path styles for filled polygons."""
    return [{"fillColor": c, "color": BORDER_COLOR, "weight": weight, "fillOpacity": 0.85} for c in colors]


def circle_radius_px(capacity: pd.Series, *, max_capacity: float) -> np.ndarray:
    """Circle radius in screen pixels, area proportional to capacity.

    Unknown capacity gets a small fixed radius (drawn hollow by the caller).
    """
    cap = pd.to_numeric(capacity, errors="coerce").astype(float).to_numpy()
    scale = max(float(max_capacity), 1.0)
    radius = 3.0 + 15.0 * np.sqrt(np.clip(cap, 0, None) / scale)
    return np.where(np.isnan(cap), 4.0, np.round(radius, 1))


def type_location_styles(types: pd.Series, capacity: pd.Series, *, max_capacity: float) -> list[dict]:
    """Circle styles: colour by location type, size by capacity, hollow if unknown."""
    radius = circle_radius_px(capacity, max_capacity=max_capacity)
    known = pd.to_numeric(capacity, errors="coerce").notna().to_numpy()
    styles = []
    for kind, r, has_capacity in zip(types, radius, known, strict=True):
        color = LOCATION_TYPE_COLORS.get(str(kind), LOCATION_TYPE_COLORS["other"])
        styles.append(
            {
                "radius": float(r),
                "color": "#222222",
                "weight": 0.8,
                "fillColor": color,
                "fillOpacity": 0.8 if has_capacity else 0.0,
                "dashArray": None if has_capacity else "2,2",
            }
        )
    return styles


def geojson_bytes(data: LayerData) -> int:
    """Bytes of a layer's GeoJSON plus its distinct styles, as sent to the browser."""
    distinct = {json.dumps(s, sort_keys=True) for s in data.styles}
    payload = json.dumps(data.geojson, separators=(",", ":")) + "".join(distinct)
    return len(payload.encode("utf-8"))


NEAR_THRESHOLD_RING = {"color": "#000000", "weight": 3.0}
"""Outline of a location near a class threshold (thick black ring, solid)."""


def class_location_styles(
    classes: pd.Series, capacity: pd.Series, *, max_capacity: float, near: pd.Series | None = None
) -> list[dict]:
    """Circles coloured by class, area by capacity; capacity unknown: pale fill, dashed coloured outline.

    Where ``near`` is True (near a class threshold) the outline is a thick black
    ring (:data:`NEAR_THRESHOLD_RING`), dashed too when the capacity is unknown.
    """
    radius = circle_radius_px(capacity, max_capacity=max_capacity)
    known = pd.to_numeric(capacity, errors="coerce").notna().to_numpy()
    flags = (
        np.zeros(len(radius), dtype=bool)
        if near is None
        else pd.array(near, dtype="boolean").fillna(False).to_numpy(bool)
    )
    styles = []
    for cls, r, has_capacity, flagged in zip(classes.astype(object), radius, known, flags, strict=True):
        key = cls if isinstance(cls, str) else ""
        color = CLASS_COLORS.get(key, UNKNOWN_CLASS_COLOR)
        outline = CLASS_OUTLINES.get(key, UNKNOWN_CLASS_OUTLINE)
        if has_capacity:
            styles.append(
                {
                    "radius": float(r),
                    "color": "#222222",
                    "weight": 0.8,
                    "fillColor": color,
                    "fillOpacity": 0.85,
                }
            )
        else:
            styles.append(
                {
                    "radius": float(max(r, 5.0)),
                    "color": outline,
                    "weight": 2.0,
                    "fillColor": color,
                    "fillOpacity": 0.45,
                    "dashArray": "3,2",
                }
            )
        if flagged:
            styles[-1].update(NEAR_THRESHOLD_RING)
    return styles
