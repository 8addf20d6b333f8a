"""Map layers built from canonical frames, and the st_folium call.

Layer data (GeoJSON dicts) are cached per dataset, measure and language; the
folium objects are rebuilt cheaply each run (they are mutated by st_folium,
so they are never shared between sessions).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import geopandas as gpd
import pandas as pd

from core.schema import COUNTRIES
from loaders.geodata import display_name, locations_to_geodataframe
from ui import folium_component, maps
from ui.charts import country_label
from ui.colors import ColorClasses, DivergingClasses
from ui.i18n import format_number, t, t_or
from ui.labels import (
    class_label,
    class_range_label,
    code_label,
    km_with,
    near_label,
    signed_number,
    station_type_label,
)


def municipality_geojson(
    table: gpd.GeoDataFrame, value_column: str, classes: ColorClasses, lang: str, *, decimals: int = 1
) -> maps.LayerData:
    """Municipalities coloured by ``value_column`` on the shared ``classes``.

    Properties: ``code``, ``name`` (Dutch and French names for Belgium),
    ``province``, ``value`` (formatted, '–' when missing), ``population``.
    """
    name = display_name(table)
    values = table[value_column]
    shown = [format_number(v, lang, decimals=decimals) for v in values]
    method_column = f"{value_column}__method"
    if method_column in table.columns:
        # An indicator's value says what it is wherever it shows: "47 (target, 2023-H1)".
        dates = table.get(f"{value_column}__date", pd.Series("", index=table.index))
        shown = [
            f"{text} ({t_or(f'method.{method}', method, lang)}, {date})" if method else text
            for text, method, date in zip(shown, table[method_column], dates, strict=True)
        ]
    props = pd.DataFrame(
        {
            "code": table["code"],
            "name": name,
            "province": table["province"],
            "value": shown,
            "population": [format_number(v, lang) for v in table["population"]],
        },
        index=table.index,
    )
    styles = maps.polygon_styles(classes.color_of(values))
    return maps.feature_collection(table, props, styles)


def location_geojson(locations: pd.DataFrame, lang: str, *, max_capacity: float) -> maps.LayerData:
    """Reception locations as points: circle size by capacity, colour by type."""
    gdf = locations_to_geodataframe(locations)
    props = pd.DataFrame(
        {
            "id": locations["id"],
            "name": locations["name"],
            "type": [t(f"type.{v}", lang) for v in locations["type"]],
            "operator": locations["operator"],
            "place": locations["place"],
            "capacity": [
                format_number(v, lang) if pd.notna(v) else t("common.unknown", lang)
                for v in locations["capacity"]
            ],
        },
        index=locations.index,
    )
    styles = maps.type_location_styles(locations["type"], locations["capacity"], max_capacity=max_capacity)
    return maps.feature_collection(gdf, props, styles)


def municipality_layer(data: maps.LayerData, value_label: str, lang: str) -> maps.folium.GeoJson:
    """Folium layer for :func:`municipality_geojson` data, with a tooltip."""
    return maps.geojson_layer(
        data,
        name=t("map.layer_municipalities", lang),
        tooltip_fields=["name", "province", "value", "population"],
        tooltip_aliases=[
            t("map.municipality", lang),
            t("map.province", lang),
            value_label,
            t("map.population", lang),
        ],
    )


def location_layer(data: maps.LayerData, lang: str) -> maps.folium.GeoJson:
    """Folium layer for :func:`location_geojson` data, with a tooltip."""
    return maps.geojson_layer(
        data,
        name=t("map.layer_locations", lang),
        tooltip_fields=["name", "type", "operator", "capacity"],
        tooltip_aliases=[
            t("map.location", lang),
            t("map.type", lang),
            t("map.operator", lang),
            t("map.capacity", lang),
        ],
        point_radius=True,
    )


def show_map(  # noqa: PLR0913 - keyword-only options of one st_folium call (st_folium itself takes 20)
    *,
    key: str,
    bounds: list[list[float]],
    layers: Sequence | Callable[[], Sequence],
    height: int = 520,
    tiles: bool = False,
    returned_objects: Sequence[str] = (),
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
    cache_key: Hashable | None = None,
    public: bool = False,
) -> dict:
    """Draw a static base map with ``layers`` on top (a feature-group update).

    ``layers`` is a list of folium layers, or a function returning one; with a
    ``cache_key`` (which must name everything the layers show) the layers'
    JavaScript is built once per key (see ui/folium_component.py). Returns only
    ``returned_objects`` (nothing by default, so panning does not rerun the app).
    ``public=True`` (with a ``cache_key``, for shipped data only) serves the
    layers' GeoJSON as static files the browser caches (ui/mapdata.py).
    """

    def group() -> maps.folium.FeatureGroup:
        chosen = layers() if callable(layers) else layers
        # folium cannot style an empty GeoJSON layer (an upload may hold one country only).
        kept = [layer for layer in chosen if getattr(layer, "data", {}).get("features", [None])]
        return maps.feature_group("data", kept)

    script = (
        folium_component.layer_script(group())
        if cache_key is None
        else folium_component.cached_layer_script(cache_key, group, public=public)
    )
    return folium_component.render(
        maps.base_map(bounds, tiles=tiles, height=height),
        key=key,
        layers=script,
        height=height,
        returned_objects=returned_objects,
        center=center,
        zoom=zoom,
    )


def type_legend_entries(types: Sequence[str], lang: str) -> list[tuple[str, str]]:
    """(colour, label) for each location type present."""
    return [
        (maps.LOCATION_TYPE_COLORS.get(k, maps.LOCATION_TYPE_COLORS["other"]), t(f"type.{k}", lang))
        for k in types
    ]


def class_legend_entries(classes: ColorClasses, lang: str, *, decimals: int = 1) -> list[tuple[str, str]]:
    """(colour, label) for each class plus zero and no-data."""
    labels = classes.labels(lambda v: format_number(v, lang, decimals=decimals))
    entries = list(zip(classes.colors, labels, strict=True))
    entries.append((maps.ZERO_COLOR, t("legend.zero", lang)))
    entries.append((maps.NO_DATA_COLOR, t("legend.no_data", lang)))
    return entries


def grey_municipalities(municipalities) -> maps.LayerData:
    """Municipalities as a light grey base layer (name and province in the tooltip)."""
    munis = municipalities
    props = pd.DataFrame({"name": display_name(munis), "province": munis["province"]}, index=munis.index)
    style = {"fillColor": maps.BASE_FILL, "color": maps.BASE_BORDER, "weight": 0.4, "fillOpacity": 1.0}
    return maps.feature_collection(munis, props, [style] * len(munis))


REMOTENESS_TOOLTIP_FIELDS = (
    "name",
    "country",
    "type",
    "capacity",
    "remoteness_class",
    "class_range",
    "station_own",
    "station_any",
    "population",
    "town_50k",
    "precision",
    "radius",
)
"""Tooltip fields of the Remoteness map's locations, in order."""


def remoteness_tooltip_aliases(lang: str) -> list[str]:
    """Labels of :data:`REMOTENESS_TOOLTIP_FIELDS` in the language."""
    keys = (
        "map.location",
        "remoteness.col.country",
        "map.type",
        "map.capacity",
        "remoteness.legend_title",
        "remoteness.tooltip.class_range",
        "remoteness.tooltip.station_own",
        "remoteness.tooltip.station_any",
        "remoteness.tooltip.population",
        "remoteness.tooltip.town_50k",
        "remoteness.col.coord_precision",
        "remoteness.tooltip.radius",
    )
    return [t(k, lang) for k in keys]


def remoteness_location_geojson(table: pd.DataFrame, lang: str, *, max_capacity: float) -> maps.LayerData:
    """Locations as points with display-ready (escaped by feature_collection) properties."""
    lat = pd.to_numeric(table["lat"], errors="coerce")
    lon = pd.to_numeric(table["lon"], errors="coerce")
    table = table[(lat.notna() & lon.notna()).to_numpy()]
    gdf = locations_to_geodataframe(table[["lat", "lon"]].assign(capacity=table["capacity"]))

    def people(a: float, b: float, c: float) -> str:
        return " / ".join(format_number(round(v, -2) if v == v else v, lang) for v in (a, b, c))

    props = pd.DataFrame(
        {
            "name": table["name"],
            "country": [country_label(c, lang) for c in table["country"]],
            "type": [code_label("type", v, lang) for v in table["type"]],
            "capacity": [
                format_number(v, lang) if pd.notna(v) else t("common.unknown", lang)
                for v in table["capacity"]
            ],
            "remoteness_class": [
                class_label(v, lang) + (f" ({near_label(n, lang)})" if near_label(n, lang) else "")
                for v, n in zip(table["remoteness_class"], table["near_threshold"], strict=True)
            ],
            "class_range": [
                class_range_label(lo, hi, lang)
                for lo, hi in zip(table["remoteness_class_min"], table["remoteness_class_max"], strict=True)
            ],
            "station_own": [
                km_with(v, n, lang, station_type_label(k, c, lang))
                for v, n, k, c in zip(
                    table["distance_to_station_own_km"],
                    table["nearest_station_own"],
                    table["nearest_station_own_type"],
                    table["country"],
                    strict=True,
                )
            ],
            "station_any": [
                km_with(v, n, lang, c)
                for v, n, c in zip(
                    table["distance_to_station_any_km"],
                    table["nearest_station_any"],
                    table["nearest_station_any_country"],
                    strict=True,
                )
            ],
            "population": [
                people(a, b, c)
                for a, b, c in zip(
                    table["population_within_5km"],
                    table["population_within_10km"],
                    table["population_within_20km"],
                    strict=True,
                )
            ],
            "town_50k": [
                km_with(v, n, lang)
                for v, n in zip(table["distance_to_town_50k_km"], table["nearest_town_50k"], strict=True)
            ],
            "precision": [code_label("remoteness.precision", v, lang) for v in table["coord_precision"]],
            "radius": [f"{format_number(v, lang, decimals=1)} km" for v in table["uncertainty_radius_km"]],
        },
        index=table.index,
    )
    styles = maps.class_location_styles(
        table["remoteness_class"], table["capacity"], max_capacity=max_capacity, near=table["near_threshold"]
    )
    return maps.feature_collection(gdf, props, styles)


def scenario_geojson(
    scenario: pd.DataFrame, municipalities, classes: DivergingClasses, lang: str
) -> dict[str, maps.LayerData]:
    """Per country, municipalities coloured by expected minus actual places on ``classes``."""
    munis = municipalities.set_index("code")
    out = {}
    for country in COUNTRIES:
        rows = scenario[scenario["country"] == country]
        geo = munis.loc[rows["area_code"].to_numpy()]
        name = display_name(geo)
        props = pd.DataFrame(
            {
                "name": name.to_numpy(),
                "province": geo["province"].to_numpy(),
                "population": [format_number(v, lang) for v in rows["population"]],
                "actual": [format_number(v, lang) for v in rows["actual_places"]],
                "expected": [format_number(v, lang) for v in rows["expected_places"]],
                "difference": [signed_number(v, lang) for v in rows["difference"]],
            },
            index=geo.index,
        )
        styles = maps.polygon_styles(classes.color_of(rows["difference"]), weight=0.3)
        out[country] = maps.feature_collection(geo.reset_index(), props.reset_index(drop=True), styles)
    return out


def point_layer(
    frame: pd.DataFrame, name: str, color: str, radius: float, fields: list[str], aliases: list[str]
) -> maps.folium.GeoJson:
    """Reference points (stations, places) as one-colour circles with a tooltip of ``fields``."""
    gdf = locations_to_geodataframe(frame)
    style = {"radius": radius, "color": color, "weight": 1, "fillColor": color, "fillOpacity": 0.9}
    data = maps.feature_collection(gdf, frame[fields], [style] * len(frame))
    return maps.geojson_layer(
        data, name=name, tooltip_fields=fields, tooltip_aliases=aliases, point_radius=True
    )
