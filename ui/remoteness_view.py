"""Layout of the Remoteness page: medians, classes, distributions, map, most remote, table.

The measures (own-country station, people within reach, the 50,000 town, the
class and whether it sits near a threshold) come from
``analysis.remoteness.location_remoteness`` and
``analysis.remoteness.remoteness_summary`` (through ``ui.cache``); this module
only lays out what ``ui/remoteness_charts.py``, ``ui/remoteness_table.py`` and
``ui/layers.py`` build. Every figure gets a title, a data date and a source line.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.locations import LocationSelection, largest_capacity
from analysis.remoteness import REMOTENESS_CLASSES
from ui import cache, layers, maps
from ui.charts import country_label, show_chart
from ui.components import class_legend, figure_title, source_line
from ui.export import pages
from ui.export.menu import caption, download_menu
from ui.i18n import format_number, t
from ui.labels import class_label
from ui.presentation import presenting
from ui.remoteness_charts import (
    KM_MEASURES,
    LOG_SCALE_MEASURES,
    PEOPLE_MEASURES,
    class_shares,
    class_shares_chart,
    distribution_frames,
    ecdf_chart,
    medians_table,
    most_remote_chart,
)
from ui.remoteness_table import TOP_COLUMNS, csv_bytes, display_table, most_remote
from ui.state import DataBundle

MAP_HEIGHT = 640


# --------------------------------------------------------------------------- data


def location_table(data: DataBundle, *, status: str, country: str) -> pd.DataFrame:
    """Remoteness measures of the locations kept by the filters, with their names.

    One row per location (index of ``data.locations``): the columns of
    :func:`analysis.remoteness.location_remoteness` plus
    :data:`analysis.remoteness.LOCATION_FACT_COLUMNS`.
    """
    return cache.remoteness_table(data, LocationSelection.of_page(status=status, country=country))


def summary(data: DataBundle, *, status: str, country: str) -> pd.DataFrame:
    """:func:`analysis.remoteness.remoteness_summary` of the filtered locations."""
    return cache.remoteness_summary(data, LocationSelection.of_page(status=status, country=country))


def missing_countries(countries: list[str], country: str) -> list[str]:
    """Countries asked for (both, or the one chosen) that have no row."""
    wanted = ["NL", "BE"] if country == "all" else [country]
    return [c for c in wanted if c not in countries]


def countries_present(table: pd.DataFrame) -> list[str]:
    """NL and BE in that order, if they have a row in ``table``."""
    present = set(table["country"].dropna().astype(str))
    return [c for c in ("NL", "BE") if c in present]


def sources(data: DataBundle, lang: str) -> str:
    """Source line text of the remoteness figures."""
    return t("remoteness.sources", lang, locations=data.locations_label)


def data_date(data: DataBundle, lang: str) -> str:
    """Data date text of the remoteness figures."""
    key = "remoteness.locations_date_upload" if data.uploaded else "remoteness.locations_date_shipped"
    return t("remoteness.date", lang, locations_date=t(key, lang))


# --------------------------------------------------------------------------- medians


def show_medians(data: DataBundle, stats: pd.DataFrame, countries: list[str], lang: str) -> None:
    """The medians tables (distances, people within reach) with counts and the source line."""
    figure_title(t("remoteness.medians_title", lang), t("remoteness.medians_subtitle", lang))
    for heading, measures, number_format in (
        ("remoteness.medians_km", KM_MEASURES, "%.1f"),
        ("remoteness.medians_people", PEOPLE_MEASURES, "localized"),
    ):
        st.markdown(f"**{t(heading, lang)}**")
        frame = medians_table(stats, countries, lang, measures)
        if measures == PEOPLE_MEASURES:  # whole persons: a median of 51,199.4 people reads as false precision
            frame[frame.columns[1:]] = frame[frame.columns[1:]].round(0)
        number = st.column_config.NumberColumn(format=number_format)
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            column_config={c: number for c in frame.columns[1:]}
            | {frame.columns[0]: st.column_config.TextColumn(width="medium")},
        )
    for country in countries:
        row = stats.loc[country]
        st.caption(
            t(
                "remoteness.medians_counts",
                lang,
                country=country_label(country, lang),
                locations=format_number(row["locations"], lang),
                with_capacity=format_number(row["locations_with_capacity"], lang),
                places=format_number(row["places_known"], lang),
            )
        )
    source_line(sources(data, lang), data_date(data, lang))


def near_captions(stats: pd.DataFrame, countries: list[str], lang: str) -> None:
    """Per country: how many locations, and known places, sit near a threshold."""
    for country in countries:
        row = stats.loc[country]
        st.caption(
            t(
                "remoteness.near_caption",
                lang,
                country=country_label(country, lang),
                locations=format_number(row["locations_near_threshold"], lang),
                total=format_number(row["locations"], lang),
                places=format_number(row["places_near_threshold"], lang),
                places_total=format_number(row["places_known"], lang),
            )
        )


# --------------------------------------------------------------------------- classes


def show_class_shares(data: DataBundle, stats: pd.DataFrame, countries: list[str], lang: str) -> None:
    """100 % stacked bars of the class shares, per country, by locations and by places."""
    title, subtitle = t("remoteness.classes_title", lang), t("remoteness.classes_subtitle", lang)
    figure_title(title, subtitle)
    frame = class_shares(stats, countries, lang)
    chart = class_shares_chart(frame, len(countries), lang)
    show_chart(chart)
    near_captions(stats, countries, lang)
    st.caption(t("remoteness.class_rules", lang))
    source_line(sources(data, lang), data_date(data, lang))
    info = caption(title, subtitle, sources(data, lang), data_date(data, lang), lang)
    download_menu(
        "remoteness_classes",
        lambda: pages.class_shares(chart, t("remoteness.legend_title", lang), info),
        "reception-nl-be-remoteness-classes",
        lang=lang,
    )


# --------------------------------------------------------------------------- distributions


def show_distributions(
    data: DataBundle, table: pd.DataFrame, measure: str, countries: list[str], lang: str
) -> None:
    """Two ECDF charts of one measure: per location and capacity-weighted, NL vs BE."""
    measure_name = t(f"remoteness.measure.{measure}", lang)
    subtitle = t("remoteness.dist_subtitle", lang)
    if measure in LOG_SCALE_MEASURES:
        subtitle = f"{subtitle} {t('remoteness.dist_log_note', lang)}"
    title = t("remoteness.dist_title", lang, measure=measure_name)
    figure_title(title, subtitle)
    frames = distribution_frames(table, measure, countries, lang)
    if frames["locations"].empty:
        st.info(t("remoteness.dist_empty", lang))
        return
    values = frames["locations"]["value"]
    low = float(values[values > 0].min()) if measure in LOG_SCALE_MEASURES else 0.0
    domain = [low, float(values.max()) or 1.0]
    columns = st.columns(2, gap="medium")
    charts, headings = {}, {}
    for column, basis, heading, y_title in (
        (columns[0], "locations", "remoteness.dist_per_location", "remoteness.dist_share_locations"),
        (columns[1], "places", "remoteness.dist_weighted", "remoteness.dist_share_places"),
    ):
        with column:
            st.markdown(f"**{t(heading, lang)}**")
            frame = frames[basis]
            if frame.empty:
                st.info(t("remoteness.dist_empty", lang))
                continue
            present = [c for c in countries if country_label(c, lang) in set(frame["country"])]
            chart = ecdf_chart(
                frame, measure=measure, y_title=t(y_title, lang), domain=domain, countries=present, lang=lang
            )
            show_chart(chart)
            charts[basis], headings[basis] = chart, t(heading, lang)
    source_line(sources(data, lang), data_date(data, lang))
    info = caption(title, subtitle, sources(data, lang), data_date(data, lang), lang)
    log = measure in LOG_SCALE_MEASURES
    download_menu(
        "remoteness_distributions",
        lambda: pages.distributions(charts, headings, info, log=log),
        f"reception-nl-be-{measure}",
        lang=lang,
    )


# --------------------------------------------------------------------------- most remote


def show_most_remote(data: DataBundle, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Bar chart and table of the most remote locations; returns the rows shown."""
    title, subtitle = t("remoteness.top_title", lang), t("remoteness.top_subtitle", lang)
    figure_title(title, subtitle)
    top = most_remote(table)
    top = top[top["distance_to_station_own_km"].notna()]
    if top.empty:
        st.info(t("remoteness.dist_empty", lang))
        return top
    chart = most_remote_chart(top, lang)
    show_chart(chart)
    if not presenting():
        shown, config = display_table(top, lang, TOP_COLUMNS)
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config, placeholder="–")
    source_line(sources(data, lang), data_date(data, lang))
    info = caption(title, subtitle, sources(data, lang), data_date(data, lang), lang)
    download_menu(
        "remoteness_most_remote",
        lambda: pages.most_remote(chart, info),
        "reception-nl-be-most-remote",
        lang=lang,
    )
    return top


# --------------------------------------------------------------------------- map


def base_geojson(data: DataBundle) -> maps.LayerData:
    """Municipalities of both countries as a light grey base (cached)."""
    return cache.layer_data(data, "base", lambda: layers.grey_municipalities(data.municipalities))


def show_remoteness_map(
    data: DataBundle, table: pd.DataFrame, *, status: str, country: str, lang: str
) -> dict:
    """One map of both countries: grey municipalities, locations coloured by class."""
    title, subtitle = t("remoteness.map_title", lang), t("remoteness.map_subtitle", lang)
    figure_title(title, subtitle)
    max_capacity = largest_capacity(data.locations)

    def location_data() -> maps.LayerData:
        return layers.remoteness_location_geojson(table, lang, max_capacity=max_capacity)

    def map_layers() -> list:
        # Built only when the layer script is not cached yet (about 0.25 s per
        # rerun when built eagerly: the base layer's GeoJSON copied out of the
        # cache, the locations' GeoJSON and their styles).
        base = maps.geojson_layer(
            base_geojson(data),
            name=t("map.layer_municipalities", lang),
            tooltip_fields=["name", "province"],
            tooltip_aliases=[t("map.municipality", lang), t("map.province", lang)],
        )
        points = maps.geojson_layer(
            location_data(),
            name=t("map.layer_locations", lang),
            tooltip_fields=list(layers.REMOTENESS_TOOLTIP_FIELDS),
            tooltip_aliases=layers.remoteness_tooltip_aliases(lang),
            point_radius=True,
        )
        return [base, points]

    bounds = maps.COUNTRY_BOUNDS["ALL" if country == "all" else country]
    # Static base map; the layers travel as a feature-group update and nothing is
    # returned, so panning or zooming does not rerun the page (DESIGN.md pitfalls).
    result = layers.show_map(
        key="remoteness_map",
        bounds=bounds,
        layers=map_layers,
        height=MAP_HEIGHT,
        cache_key=("remoteness", data.token, status, country, lang),
        # Shipped data only (no upload): the GeoJSON is a static file every reader shares.
        public=not data.uploaded,
    )
    entries = [(maps.CLASS_COLORS[c], class_label(c, lang)) for c in REMOTENESS_CLASSES]
    if table["remoteness_class"].isna().any():
        entries.append((maps.UNKNOWN_CLASS_COLOR, class_label(None, lang)))
    class_legend(t("remoteness.legend_title", lang), entries, shape="circle")
    st.caption(t("remoteness.near_legend", lang))
    st.caption(t("remoteness.class_rules", lang))
    source_line(sources(data, lang), data_date(data, lang))
    info = caption(title, subtitle, sources(data, lang), data_date(data, lang), lang)

    def figure():
        return pages.remoteness_map(
            data.municipalities,
            table,
            location_data().styles,  # the page's circles: class colour, radius, dashed when capacity unknown
            entries,
            t("remoteness.legend_title", lang),
            info,
            base_fill=maps.BASE_FILL,
            base_border=maps.BASE_BORDER,
        )

    download_menu("remoteness_map", figure, f"reception-nl-be-remoteness-map-{country}".lower(), lang=lang)
    return result


# --------------------------------------------------------------------------- table and CSV


def show_table(data: DataBundle, table: pd.DataFrame, lang: str, *, file_suffix: str) -> None:
    """The full sortable table and its CSV download."""
    figure_title(t("remoteness.table_title", lang), t("remoteness.table_subtitle", lang))
    shown, config = display_table(table, lang)
    st.dataframe(shown, hide_index=True, width="stretch", height=420, column_config=config, placeholder="–")
    source_line(sources(data, lang), data_date(data, lang))
    st.download_button(
        t("remoteness.download", lang),
        data=lambda: csv_bytes(table),  # built on click (0.15 s per rerun when eager)
        file_name=f"reception-remoteness-{file_suffix}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="remoteness_download",
    )
