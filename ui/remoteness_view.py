"""Building blocks of the Remoteness page: medians, distributions, map, table, CSV.

The measures come from ``analysis.remoteness.location_remoteness`` and
``analysis.remoteness.remoteness_summary`` (through ``ui.cache``); this module
only lays out and draws them. Every figure gets a title, a data date and a source line.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from analysis.locations import LocationSelection, largest_capacity, select_locations
from analysis.remoteness import REMOTENESS_CLASSES, REMOTENESS_MEASURES
from loaders.geodata import locations_to_geodataframe
from loaders.upload import to_safe_csv
from ui import cache, layers, maps
from ui.charts import AXIS_LABEL_LIMIT, country_label, country_scale, ecdf
from ui.components import class_legend, figure_title, source_line
from ui.i18n import format_number, t
from ui.state import DataBundle

MAP_HEIGHT = 640
TOP_N = 10

CLASS_COLORS = {"urban": "#2c7bb6", "town": "#abd9e9", "rural": "#fdae61", "remote": "#d7191c"}
UNKNOWN_CLASS_COLOR = "#969696"
# Darker shades for the dashed outline of locations without a known capacity
# (the pale fill alone is hard to see on the grey base, notably for "town").
CLASS_OUTLINES = {"urban": "#1a4f7a", "town": "#2f87b8", "rural": "#d9822b", "remote": "#a50f15"}
UNKNOWN_CLASS_OUTLINE = "#636363"
BASE_FILL = "#eeeeee"
BASE_BORDER = "#a8a8a8"

LOG_SCALE_MEASURES = ("host_population_density_per_km2",)

TABLE_COLUMNS = (
    "name",
    "country",
    "remoteness_class",
    "distance_to_station_km",
    "nearest_station",
    "nearest_station_country",
    "distance_to_place_20k_km",
    "distance_to_place_100k_km",
    "host_population_density_per_km2",
    "capacity",
    "coord_precision",
    "type",
    "place",
    "status",
    "nearest_place_20k",
    "nearest_place_100k",
)
"""Columns of the on-screen table, in order (the measures first, so they show without scrolling)."""

TOP_COLUMNS = (
    "name",
    "country",
    "distance_to_station_km",
    "nearest_station",
    "nearest_station_country",
    "remoteness_class",
    "capacity",
    "coord_precision",
    "type",
)
"""Columns of the table under the most-remote chart."""

CSV_COLUMNS = ("id", *TABLE_COLUMNS, "municipality_code", "lat", "lon", "source_url")
"""Columns of the CSV download (machine-readable names, raw values)."""

# A cell that starts like this is run as a formula by spreadsheets (CSV
# injection): '=', '+', '-', '@' (also full-width forms and after leading
# spaces), or a leading tab / carriage return.


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


def show_status_note(data: DataBundle, table: pd.DataFrame, *, status: str, country: str, lang: str) -> None:
    """Say which statuses are included (all by default) and how many rows that leaves."""
    if status == "all":
        st.caption(t("remoteness.status_note_all", lang, n=format_number(len(table), lang)))
        return
    everything = select_locations(data.locations, LocationSelection.of_page(country=country))
    excluded = len(everything) - len(table)
    st.caption(
        t(
            "remoteness.status_note_current",
            lang,
            n=format_number(len(table), lang),
            excluded=format_number(excluded, lang),
        )
    )


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


def class_label(value: object, lang: str) -> str:
    """Translated remoteness class ('Unknown' when missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return t("remoteness.class.unknown", lang)
    return t(f"remoteness.class.{value}", lang)


def _label(prefix: str, value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value == "":
        return ""
    key = f"{prefix}.{value}"
    text = t(key, lang)
    return str(value) if text == key else text


# --------------------------------------------------------------------------- medians


def medians_table(stats: pd.DataFrame, countries: list[str], lang: str) -> pd.DataFrame:
    """One row per measure; per country the median per location and capacity-weighted.

    Values are the raw floats of :func:`analysis.remoteness.remoteness_summary`
    (the table formats them), so what is shown equals what analysis/ computed.
    """
    frame = pd.DataFrame(
        {t("remoteness.col.measure", lang): [t(f"remoteness.col.{m}", lang) for m in REMOTENESS_MEASURES]}
    )
    for country in countries:
        name = country_label(country, lang)
        frame[t("remoteness.col.per_location", lang, country=name)] = [
            float(stats.loc[country, f"{m}_median"]) for m in REMOTENESS_MEASURES
        ]
        frame[t("remoteness.col.capacity_weighted", lang, country=name)] = [
            float(stats.loc[country, f"{m}_median_capacity_weighted"]) for m in REMOTENESS_MEASURES
        ]
    return frame


def show_medians(data: DataBundle, stats: pd.DataFrame, countries: list[str], lang: str) -> None:
    """The medians table with its title, counts and source line."""
    figure_title(t("remoteness.medians_title", lang), t("remoteness.medians_subtitle", lang))
    frame = medians_table(stats, countries, lang)
    number = st.column_config.NumberColumn(format="%.1f")
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


# --------------------------------------------------------------------------- classes


def class_shares(stats: pd.DataFrame, countries: list[str], lang: str) -> pd.DataFrame:
    """Long frame: per country and basis (locations / places), the share per class."""
    rows = []
    for country in countries:
        name = country_label(country, lang)
        for basis, prefix in (("locations", "share_locations_"), ("places", "share_places_")):
            bar = t(f"remoteness.classes_basis.{basis}", lang, country=name)
            for order, cls in enumerate(REMOTENESS_CLASSES):
                share = float(stats.loc[country, f"{prefix}{cls}"])
                count = (
                    stats.loc[country, f"locations_{cls}"]
                    if basis == "locations"
                    else share * float(stats.loc[country, "places_known"])
                )
                rows.append(
                    {
                        "bar": bar,
                        "class": class_label(cls, lang),
                        "order": order,
                        "share": share,
                        "share_text": _percent(share, lang),
                        "count_text": format_number(count, lang),
                    }
                )
    return pd.DataFrame(rows)


def _percent(share: float, lang: str) -> str:
    return "–" if share != share else format_number(share * 100, lang, decimals=1) + " %"


def show_class_shares(data: DataBundle, stats: pd.DataFrame, countries: list[str], lang: str) -> None:
    """100 % stacked bars of the class shares, per country, by locations and by places."""
    figure_title(t("remoteness.classes_title", lang), t("remoteness.classes_subtitle", lang))
    frame = class_shares(stats, countries, lang)
    labels = [class_label(c, lang) for c in REMOTENESS_CLASSES]
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "bar:N",
                title=None,
                sort=list(dict.fromkeys(frame["bar"])),
                axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT),
            ),
            x=alt.X(
                "share:Q",
                title=t("remoteness.classes_axis", lang),
                axis=alt.Axis(format="%", tickCount=10),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "class:N",
                scale=alt.Scale(domain=labels, range=[CLASS_COLORS[c] for c in REMOTENESS_CLASSES]),
                legend=alt.Legend(title=t("remoteness.legend_title", lang), orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("bar:N", title=t("remoteness.col.country", lang)),
                alt.Tooltip("class:N", title=t("remoteness.legend_title", lang)),
                alt.Tooltip("share_text:N", title=t("remoteness.classes_axis", lang)),
                alt.Tooltip("count_text:N", title=t("remoteness.classes_count", lang)),
            ],
        )
        .properties(height=34 * max(len(countries) * 2, 1) + 150)
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t("remoteness.class_rules", lang))
    source_line(sources(data, lang), data_date(data, lang))


# --------------------------------------------------------------------------- distributions


def distribution_frames(
    table: pd.DataFrame, measure: str, countries: list[str], lang: str
) -> dict[str, pd.DataFrame]:
    """ECDF points per country, per location (``locations``) and weighted by capacity (``places``)."""
    out = {}
    for basis in ("locations", "places"):
        parts = []
        for country in countries:
            rows = table[table["country"] == country]
            weights = None if basis == "locations" else pd.to_numeric(rows["capacity"], errors="coerce")
            points = ecdf(rows[measure], weights)
            if points.empty:
                continue
            decimals = 0 if measure in LOG_SCALE_MEASURES else 1
            points["country"] = country_label(country, lang)
            points["value_text"] = [format_number(v, lang, decimals=decimals) for v in points["value"]]
            points["share_text"] = [_percent(s, lang) for s in points["share"]]
            parts.append(points)
        out[basis] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return out


def _ecdf_chart(
    frame: pd.DataFrame, *, measure: str, y_title: str, domain: list[float], countries: list[str], lang: str
) -> alt.LayerChart:
    log = measure in LOG_SCALE_MEASURES
    x_scale = alt.Scale(type="log", domain=domain) if log else alt.Scale(domain=domain, nice=False)
    line = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=alt.X("value:Q", title=t(f"remoteness.measure.{measure}", lang), scale=x_scale),
            y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "country:N",
                scale=country_scale(countries, lang),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("country:N", title=t("remoteness.col.country", lang)),
                alt.Tooltip("value_text:N", title=t("remoteness.dist_value", lang)),
                alt.Tooltip("share_text:N", title=t("remoteness.dist_share", lang)),
            ],
        )
    )
    half = (
        alt.Chart(pd.DataFrame({"share": [0.5]}))
        .mark_rule(strokeDash=[4, 4], color="#777777")
        .encode(y="share:Q")
    )
    return (line + half).properties(height=380)


def show_distributions(
    data: DataBundle, table: pd.DataFrame, measure: str, countries: list[str], lang: str
) -> None:
    """Two ECDF charts of one measure: per location and capacity-weighted, NL vs BE."""
    measure_name = t(f"remoteness.measure.{measure}", lang)
    subtitle = t("remoteness.dist_subtitle", lang)
    if measure in LOG_SCALE_MEASURES:
        subtitle = f"{subtitle} {t('remoteness.dist_log_note', lang)}"
    figure_title(t("remoteness.dist_title", lang, measure=measure_name), subtitle)
    frames = distribution_frames(table, measure, countries, lang)
    if frames["locations"].empty:
        st.info(t("remoteness.dist_empty", lang))
        return
    values = frames["locations"]["value"]
    low = float(values[values > 0].min()) if measure in LOG_SCALE_MEASURES else 0.0
    domain = [low, float(values.max()) or 1.0]
    columns = st.columns(2, gap="medium")
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
            chart = _ecdf_chart(
                frame, measure=measure, y_title=t(y_title, lang), domain=domain, countries=present, lang=lang
            )
            st.altair_chart(chart, width="stretch")
    source_line(sources(data, lang), data_date(data, lang))


# --------------------------------------------------------------------------- most remote


def most_remote(table: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` locations farthest from a railway station (missing distances last)."""
    return table.sort_values(
        "distance_to_station_km", ascending=False, na_position="last", kind="stable"
    ).head(n)


def show_most_remote(data: DataBundle, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Bar chart and table of the most remote locations; returns the rows shown."""
    figure_title(t("remoteness.top_title", lang), t("remoteness.top_subtitle", lang))
    top = most_remote(table)
    top = top[top["distance_to_station_km"].notna()]
    if top.empty:
        st.info(t("remoteness.dist_empty", lang))
        return top
    countries = [c for c in ("NL", "BE") if c in set(top["country"])]
    frame = pd.DataFrame(
        {
            "label": [
                f"{name} ({country})" for name, country in zip(top["name"], top["country"], strict=True)
            ],
            "name": top["name"].astype(str).to_numpy(),
            "country": [country_label(c, lang) for c in top["country"]],
            "km": top["distance_to_station_km"].to_numpy(float),
            "km_text": [format_number(v, lang, decimals=1) for v in top["distance_to_station_km"]],
            "station": [
                f"{s} ({c})" if isinstance(s, str) else ""
                for s, c in zip(top["nearest_station"], top["nearest_station_country"], strict=True)
            ],
            "capacity": [
                format_number(v, lang) if pd.notna(v) else t("common.unknown", lang) for v in top["capacity"]
            ],
            "class": [class_label(v, lang) for v in top["remoteness_class"]],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT)
            ),
            x=alt.X("km:Q", title=t("remoteness.measure.distance_to_station_km", lang)),
            color=alt.Color(
                "country:N",
                scale=country_scale(countries, lang),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("remoteness.col.name", lang)),
                alt.Tooltip("km_text:N", title=t("remoteness.col.distance_to_station_km", lang)),
                alt.Tooltip("station:N", title=t("remoteness.col.nearest_station", lang)),
                alt.Tooltip("capacity:N", title=t("remoteness.col.capacity", lang)),
                alt.Tooltip("class:N", title=t("remoteness.col.remoteness_class", lang)),
            ],
        )
        .properties(height=30 * len(frame) + 120)
    )
    text = chart.mark_text(align="left", dx=4, color="#333333").encode(
        text="km_text:N", color=alt.value("#333333")
    )
    st.altair_chart(chart + text, width="stretch")
    shown, config = display_table(top, lang, TOP_COLUMNS)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, placeholder="–")
    source_line(sources(data, lang), data_date(data, lang))
    return top


# --------------------------------------------------------------------------- map


def base_geojson(data: DataBundle) -> maps.LayerData:
    """Municipalities of both countries as a light grey base (cached)."""
    return cache.layer_data(data, "base", lambda: grey_municipalities(data.municipalities))


def grey_municipalities(municipalities) -> maps.LayerData:
    """Municipalities as a light grey base layer (name and province in the tooltip)."""
    munis = municipalities
    bilingual = (munis["country"] == "BE") & (munis["name_nl"] != munis["name_fr"])
    name = munis["name"].where(~bilingual, munis["name_nl"] + " / " + munis["name_fr"])
    props = pd.DataFrame({"name": name, "province": munis["province"]}, index=munis.index)
    styles = [{"fillColor": BASE_FILL, "color": BASE_BORDER, "weight": 0.4, "fillOpacity": 1.0}] * len(munis)
    return maps.feature_collection(munis, props, styles)


def location_styles(classes: pd.Series, capacity: pd.Series, *, max_capacity: float) -> list[dict]:
    """Circles coloured by class, area by capacity; capacity unknown: pale fill, dashed coloured outline."""
    radius = maps.circle_radius_px(capacity, max_capacity=max_capacity)
    known = pd.to_numeric(capacity, errors="coerce").notna().to_numpy()
    styles = []
    for cls, r, has_capacity in zip(classes.astype(object), radius, known, strict=True):
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
    return styles


def _km_with(value: float, name: object, lang: str, country: object = None) -> str:
    if value != value:
        return "–"
    where = ""
    if isinstance(name, str) and name:
        where = f" ({name}, {country})" if isinstance(country, str) and country else f" ({name})"
    return f"{format_number(value, lang, decimals=1)} km{where}"


def location_geojson(table: pd.DataFrame, lang: str, *, max_capacity: float) -> maps.LayerData:
    """Locations as points with display-ready (escaped by feature_collection) properties."""
    lat = pd.to_numeric(table["lat"], errors="coerce")
    lon = pd.to_numeric(table["lon"], errors="coerce")
    table = table[(lat.notna() & lon.notna()).to_numpy()]
    gdf = locations_to_geodataframe(table[["lat", "lon"]].assign(capacity=table["capacity"]))
    props = pd.DataFrame(
        {
            "name": table["name"],
            "country": [country_label(c, lang) for c in table["country"]],
            "type": [_label("type", v, lang) for v in table["type"]],
            "capacity": [
                format_number(v, lang) if pd.notna(v) else t("common.unknown", lang)
                for v in table["capacity"]
            ],
            "remoteness_class": [class_label(v, lang) for v in table["remoteness_class"]],
            "station": [
                _km_with(v, n, lang, c)
                for v, n, c in zip(
                    table["distance_to_station_km"],
                    table["nearest_station"],
                    table["nearest_station_country"],
                    strict=True,
                )
            ],
            "place_20k": [
                _km_with(v, n, lang)
                for v, n in zip(table["distance_to_place_20k_km"], table["nearest_place_20k"], strict=True)
            ],
            "place_100k": [
                _km_with(v, n, lang)
                for v, n in zip(table["distance_to_place_100k_km"], table["nearest_place_100k"], strict=True)
            ],
            "density": [format_number(v, lang) for v in table["host_population_density_per_km2"]],
            "precision": [_label("remoteness.precision", v, lang) for v in table["coord_precision"]],
        },
        index=table.index,
    )
    styles = location_styles(table["remoteness_class"], table["capacity"], max_capacity=max_capacity)
    return maps.feature_collection(gdf, props, styles)


def show_remoteness_map(
    data: DataBundle, table: pd.DataFrame, *, status: str, country: str, lang: str
) -> dict:
    """One map of both countries: grey municipalities, locations coloured by class."""
    figure_title(t("remoteness.map_title", lang), t("remoteness.map_subtitle", lang))
    max_capacity = largest_capacity(data.locations)
    base = maps.geojson_layer(
        base_geojson(data),
        name=t("map.layer_municipalities", lang),
        tooltip_fields=["name", "province"],
        tooltip_aliases=[t("map.municipality", lang), t("map.province", lang)],
    )
    points = maps.geojson_layer(
        location_geojson(table, lang, max_capacity=max_capacity),
        name=t("map.layer_locations", lang),
        tooltip_fields=[
            "name",
            "country",
            "type",
            "capacity",
            "remoteness_class",
            "station",
            "place_20k",
            "place_100k",
            "density",
            "precision",
        ],
        tooltip_aliases=[
            t("map.location", lang),
            t("remoteness.col.country", lang),
            t("map.type", lang),
            t("map.capacity", lang),
            t("remoteness.legend_title", lang),
            t("remoteness.tooltip.station", lang),
            t("remoteness.tooltip.place_20k", lang),
            t("remoteness.tooltip.place_100k", lang),
            t("remoteness.tooltip.density", lang),
            t("remoteness.col.coord_precision", lang),
        ],
        point_radius=True,
    )
    bounds = maps.COUNTRY_BOUNDS["ALL" if country == "all" else country]
    # Static base map; the layers travel as a feature-group update and nothing is
    # returned, so panning or zooming does not rerun the page (DESIGN.md pitfalls).
    result = layers.show_map(
        key="remoteness_map",
        bounds=bounds,
        layers=[base, points],
        height=MAP_HEIGHT,
        cache_key=("remoteness", data.token, status, country, lang),
    )
    entries = [(CLASS_COLORS[c], class_label(c, lang)) for c in REMOTENESS_CLASSES]
    if table["remoteness_class"].isna().any():
        entries.append((UNKNOWN_CLASS_COLOR, class_label(None, lang)))
    class_legend(t("remoteness.legend_title", lang), entries, shape="circle")
    st.caption(t("remoteness.class_rules", lang))
    source_line(sources(data, lang), data_date(data, lang))
    return result


# --------------------------------------------------------------------------- table and CSV


def display_table(
    table: pd.DataFrame, lang: str, columns: tuple[str, ...] = TABLE_COLUMNS
) -> tuple[pd.DataFrame, dict]:
    """The on-screen table (translated labels, raw numbers) and its column configuration."""
    shown = pd.DataFrame(index=table.index)
    for column in columns:
        values = table[column]
        if column == "country":
            values = [country_label(c, lang) for c in values]
        elif column == "type":
            values = [_label("type", v, lang) for v in values]
        elif column == "status":
            values = [_label("remoteness.status", v, lang) for v in values]
        elif column == "coord_precision":
            values = [_label("remoteness.precision", v, lang) for v in values]
        elif column == "remoteness_class":
            values = [class_label(v, lang) for v in values]
        shown[column] = values
    km = st.column_config.NumberColumn
    config = {
        "name": st.column_config.TextColumn(t("remoteness.col.name", lang), width="medium"),
        "capacity": st.column_config.NumberColumn(t("remoteness.col.capacity", lang), format="%d"),
        "distance_to_station_km": km(t("remoteness.col.distance_to_station_km", lang), format="%.1f"),
        "distance_to_place_20k_km": km(t("remoteness.col.distance_to_place_20k_km", lang), format="%.1f"),
        "distance_to_place_100k_km": km(t("remoteness.col.distance_to_place_100k_km", lang), format="%.1f"),
        "host_population_density_per_km2": km(
            t("remoteness.col.host_population_density_per_km2", lang), format="%.0f"
        ),
    }
    config = {k: v for k, v in config.items() if k in columns}
    for column in columns:
        config.setdefault(column, st.column_config.TextColumn(t(f"remoteness.col.{column}", lang)))
    return shown.reset_index(drop=True), config


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV of the table's export columns, neutralised against formula injection.

    Same rules as every other download (``loaders.upload.to_safe_csv``).
    """
    return to_safe_csv(table.reindex(columns=list(CSV_COLUMNS)))


def show_table(data: DataBundle, table: pd.DataFrame, lang: str, *, file_suffix: str) -> None:
    """The full sortable table and its CSV download."""
    figure_title(t("remoteness.table_title", lang), t("remoteness.table_subtitle", lang))
    shown, config = display_table(table, lang)
    st.dataframe(shown, hide_index=True, width="stretch", height=420, column_config=config, placeholder="–")
    source_line(sources(data, lang), data_date(data, lang))
    st.download_button(
        t("remoteness.download", lang),
        data=csv_bytes(table),
        file_name=f"reception-remoteness-{file_suffix}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="remoteness_download",
    )
