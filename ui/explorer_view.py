"""Building blocks of the map explorer: filters, layers, the click side panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.locations import LocationSelection, largest_capacity
from analysis.municipalities import BASE_MEASURES
from loaders.geodata import display_name
from ui import cache, maps, quotable
from ui.colors import ColorClasses, shared_classes
from ui.compare_view import BASE_SOURCES, measure_label
from ui.components import static_table
from ui.i18n import format_number, humanise, t, t_or
from ui.labels import class_label, class_range_label, km_with, station_type_label
from ui.layers import (
    location_geojson,
    location_layer,
    municipality_geojson,
    municipality_layer,
    point_layer,
    show_map,
)
from ui.state import DataBundle

MAP_HEIGHT = 640
PLACE_MIN_POPULATION = 20_000
__all__ = ["measure_label"]


@dataclass(frozen=True)
class FilterOptions:
    """Choices offered by the filters, from the dataset in use."""

    types: list[str]
    statuses: list[str]
    operators: list[str]
    max_capacity: int


def filter_options(locations: pd.DataFrame) -> FilterOptions:
    """Types, statuses and operators present, and the largest capacity (places)."""
    max_capacity = int(largest_capacity(locations))
    return FilterOptions(
        types=sorted(set(locations["type"])),
        statuses=sorted(set(locations["status"])),
        operators=sorted(set(locations["operator"]) - {""}),
        max_capacity=max(max_capacity, 10),
    )


def status_label(status: str) -> str:
    """Display name of a status value such as ``open_2023``."""
    if not status:
        return t("explorer.status_not_stated")
    return t_or(f"status.{status}", humanise(status))


def municipality_choices(municipalities) -> list[str]:
    """'Name (code)' for every municipality, sorted by name, for the search box."""
    labels = municipalities["name"] + " (" + municipalities["code"] + ")"
    return sorted(labels, key=str.casefold)


def code_of_choice(choice: str | None) -> str | None:
    """The code inside a 'Name (code)' search choice."""
    if not choice or not choice.endswith(")"):
        return None
    return choice.rsplit("(", 1)[-1][:-1]


@dataclass(frozen=True)
class ExplorerView:
    """What the explorer map shows."""

    title: str
    legend_title: str
    classes: ColorClasses
    decimals: int
    layers: list
    types: tuple[str, ...]
    sources: str
    date: str
    cache_key: tuple


def build_view(
    data: DataBundle,
    selection: LocationSelection,
    measure: str,
    layers: str,
    lang: str,
    *,
    period: str | None = None,
) -> ExplorerView:
    """Layers of the explorer map for the chosen measure and layer toggles (cached per view).

    An indicator shows one stated ``period`` (None: its default period).
    """
    cache_key = (data.token, selection, measure, layers, lang, period)
    return cache.read_only(
        data,
        ("explorer", *cache_key[1:]),
        lambda: _build_view(cache_key, data, data.selected(selection).locations),
    )


def _build_view(cache_key: tuple, data: DataBundle, filtered: pd.DataFrame) -> ExplorerView:
    _, _, measure, layers, lang, period = cache_key
    wanted = set(layers.split(","))
    indicator_names = (measure,) if measure not in BASE_MEASURES else ()
    chosen = ((measure, period),) if indicator_names and period else ()
    table = cache.municipality_table(data, indicator_names, chosen)
    classes = shared_classes(table[measure])
    decimals = 2 if measure == "places_per_1000" else 0
    drawn = []
    if "municipalities" in wanted:
        drawn.append(
            municipality_layer(
                municipality_geojson(table, measure, classes, lang, decimals=decimals),
                measure_label(measure, lang),
                lang,
            )
        )
    if "places" in wanted:
        places = data.places[
            pd.to_numeric(data.places["population"], errors="coerce") >= PLACE_MIN_POPULATION
        ]
        drawn.append(
            point_layer(
                places.assign(population=[format_number(v, lang) for v in places["population"]]),
                t("explorer.layer.places", lang),
                "#555555",
                3,
                ["name", "population"],
                [t("explorer.place", lang), t("map.population", lang)],
            )
        )
    if "stations" in wanted:
        drawn.append(
            point_layer(
                data.stations,
                t("explorer.layer.stations", lang),
                "#0b7a3b",
                2.5,
                ["name", "country"],
                [t("explorer.station", lang), t("explorer.country", lang)],
            )
        )
    if "locations" in wanted and len(filtered):
        max_capacity = largest_capacity(data.locations)
        drawn.append(location_layer(location_geojson(filtered, lang, max_capacity=max_capacity), lang))
    legend_title = measure_label(measure, lang)
    if indicator_names:
        methods = ", ".join(sorted({t_or(f"method.{m}", m, lang) for m in table[f"{measure}__method"] if m}))
        dates = ", ".join(sorted({d for d in table[f"{measure}__date"] if d}))
        count = t(
            "indicator.legend_count",
            lang,
            n=format_number(int(table[measure].notna().sum()), lang),
            period=dates or "–",
        )
        legend_title = f"{legend_title} ({methods}, {dates}): {count}" if methods else legend_title
    return ExplorerView(
        title=t("explorer.map_title", lang, measure=measure_label(measure, lang)),
        legend_title=legend_title,
        classes=classes,
        decimals=decimals,
        layers=drawn,
        types=tuple(k for k in maps.LOCATION_TYPE_COLORS if k in set(filtered["type"])),
        sources="; ".join(
            [BASE_SOURCES, t("common.location_sources", lang), t("common.station_place_sources", lang)]
        ),
        date=(
            f"{t('common.population_dates', lang)}; "
            + t(
                "reference.counted",
                lang,
                reference=quotable.reference_text(data.reference, data.confirmed_only, lang),
            )
        ),
        cache_key=cache_key,
    )


@dataclass(frozen=True)
class Clicked:
    """What the user clicked on the map: a location id or a municipality code."""

    location_id: str | None = None
    municipality_code: str | None = None


def parse_clicked(returned: dict | None) -> Clicked:
    """Turn st_folium's ``last_active_drawing`` into a :class:`Clicked`."""
    feature = (returned or {}).get("last_active_drawing") or {}
    props = feature.get("properties") or {}
    if props.get("id") and "capacity" in props:
        return Clicked(location_id=str(props["id"]))
    if props.get("code"):
        return Clicked(municipality_code=str(props["code"]))
    return Clicked()


def explorer_map(data: DataBundle, view: ExplorerView, search: str | None) -> Clicked:
    """Draw the explorer map; centre on the searched municipality; return the click."""
    center, zoom = None, None
    code = code_of_choice(search)
    centroids = cache.centroids(data)
    if code in centroids:
        center, zoom = centroids[code], 11
    returned = show_map(
        key="explorer_map",
        bounds=maps.COUNTRY_BOUNDS["ALL"],
        layers=view.layers,
        height=MAP_HEIGHT,
        returned_objects=["last_active_drawing"],
        center=center,
        zoom=zoom,
        cache_key=("explorer", *view.cache_key),
    )
    return parse_clicked(returned)


def side_panel(data: DataBundle, clicked: Clicked, search: str | None, lang: str) -> None:
    """Facts, remoteness and sources of the clicked location or municipality."""
    if clicked.location_id:
        _location_panel(data, clicked.location_id, lang)
    elif clicked.municipality_code or code_of_choice(search):
        _municipality_panel(data, clicked.municipality_code or code_of_choice(search), lang)
    else:
        st.info(t("explorer.panel_hint", lang))


def _facts_table(facts: dict[str, str]) -> None:
    """A small label/value table as static HTML text (readable, selectable, escaped by Streamlit)."""
    static_table(pd.DataFrame({" ": [str(v) for v in facts.values()]}, index=list(facts)))


def _location_panel(data: DataBundle, location_id: str, lang: str) -> None:
    rows = data.locations[data.locations["id"] == location_id]
    if rows.empty:
        st.warning(t("explorer.not_found", lang))
        return
    row = rows.iloc[0]
    remote = cache.location_remoteness(data)
    r = remote.loc[rows.index[0]]
    muni = data.municipalities.set_index("code")
    host = muni["name"].get(row["municipality_code"], "–")
    st.subheader(row["name"], anchor=False)
    capacity = (
        f"{format_number(row['capacity'], lang)} ({t('explorer.as_of', lang)} {row['capacity_as_of'] or '–'})"
        if pd.notna(row["capacity"])
        else t("common.unknown", lang)
    )
    facts = {
        t("map.type", lang): t(f"type.{row['type']}", lang),
        t("map.operator", lang): row["operator"],
        t("map.capacity", lang): capacity,
        t("explorer.status", lang): status_label(row["status"]),
        t("explorer.place", lang): row["place"],
        t("map.municipality", lang): f"{host} ({row['municipality_code']})",
        t("explorer.coord_precision", lang): t_or(
            f"precision.{row['coord_precision']}", row["coord_precision"], lang
        ),
        t("explorer.distance_station", lang): km_with(
            r["distance_to_station_own_km"],
            r["nearest_station_own"],
            lang,
            station_type_label(r["nearest_station_own_type"], r["country"], lang),
        ),
        t("explorer.distance_station_any", lang): km_with(
            r["distance_to_station_any_km"], r["nearest_station_any"], lang, r["nearest_station_any_country"]
        ),
        t("explorer.population_within", lang): " / ".join(
            format_number(r[f"population_within_{k}km"], lang) for k in (5, 10, 20)
        ),
        t("explorer.distance_town_50k", lang): km_with(
            r["distance_to_town_50k_km"], r["nearest_town_50k"], lang
        ),
        t("explorer.remoteness_class", lang): class_label(r["remoteness_class"], lang),
        t("explorer.class_range", lang): class_range_label(
            r["remoteness_class_min"], r["remoteness_class_max"], lang
        )
        + f" ({format_number(r['uncertainty_radius_km'], lang, decimals=1)} km)",
        t("explorer.distance_20k", lang): km_with(
            r["distance_to_place_20k_geonames_km"], r["nearest_place_20k_geonames"], lang
        ),
    }
    _facts_table(facts)
    st.caption(t("explorer.precision_note", lang))
    if row["notes"]:
        with st.expander(t("explorer.notes", lang)):
            st.text(row["notes"])
    if row["source_url"]:
        st.link_button(t("explorer.open_source", lang), row["source_url"], icon=":material/open_in_new:")


def _municipality_panel(data: DataBundle, code: str, lang: str) -> None:
    table = cache.municipality_table(data, ()).set_index("code")
    if code not in table.index:
        st.warning(t("explorer.not_found", lang))
        return
    m = table.loc[code]
    st.subheader(display_name(table).loc[code], anchor=False)
    muni = data.municipalities.set_index("code").loc[code]
    facts = {
        t("explorer.country", lang): t(f"country.{m['country']}", lang),
        t("map.province", lang): m["province"],
        t("map.population", lang): f"{format_number(m['population'], lang)} ({muni['population_date']})",
        t("explorer.area", lang): f"{format_number(m['area_km2'], lang, decimals=1)} km²",
        t("explorer.density", lang): f"{format_number(m['population_density_per_km2'], lang)} /km²",
        t("kpi.locations", lang): format_number(m["locations"], lang),
        t("kpi.places", lang): format_number(m["places_known"], lang),
        t("measure.places_per_1000", lang): format_number(m["places_per_1000"], lang, decimals=2),
    }
    _facts_table(facts)
    here = data.locations[data.locations["municipality_code"] == code]
    if len(here):
        st.markdown(f"**{t('explorer.locations_here', lang)}**")
        st.dataframe(
            here[["name", "type", "capacity", "status", "source_url"]],
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn(t("facts.source", lang))},
        )
    figures = data.indicators[
        (data.indicators["level"] == "municipality") & (data.indicators["area_code"] == code)
    ]
    if len(figures):
        st.markdown(f"**{t('explorer.indicators_here', lang)}**")
        st.dataframe(
            figures[["indicator", "value", "unit", "reference_date", "method", "source"]],
            hide_index=True,
            width="stretch",
            column_config={"source": st.column_config.LinkColumn(t("facts.source", lang))},
        )
    st.caption(t("common.source_line", lang, sources=BASE_SOURCES, date=muni["population_date"]))
