"""Layout of the Dispersal page: headline figures, Lorenz curves, provinces,
the dispersal-key scenario maps and the Spreidingswet comparison.

The figures come from ``analysis.dispersal`` and ``analysis.scenario`` (through
``ui.cache``); the charts are built by ``ui/dispersal_charts.py`` and the map
layers by ``ui/layers.py``; this module only lays them out. Every figure
gets a title, a data date and a source line; the scenario is labelled as a model.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.schema import COUNTRIES
from ui import cache, layers, maps, quotable
from ui.charts import country_label, show_cached_chart
from ui.colors import diverging_classes
from ui.components import class_legend, figure_title, kpi_row, source_line
from ui.dispersal_charts import (
    gini_title,
    hosting_chart,
    hosting_frame,
    lorenz_chart,
    province_chart,
    province_frame,
    spreidingswet_chart,
)
from ui.export import pages
from ui.export.menu import caption, download_menu
from ui.i18n import format_number, format_percent, t
from ui.labels import signed_number
from ui.state import DataBundle

MAP_HEIGHT = 520


# --------------------------------------------------------------------------- data


def sources(data: DataBundle, lang: str) -> str:
    """Source line text of the dispersal figures."""
    return t("dispersal.sources", lang, locations=data.locations_label)


def locations_date(data: DataBundle, lang: str) -> str:
    key = "dispersal.locations_date_upload" if data.uploaded else "dispersal.locations_date_shipped"
    return t(key, lang)


def data_date(data: DataBundle, lang: str) -> str:
    """Data date text of the dispersal figures."""
    reference = quotable.reference_text(data.reference, data.confirmed_only, lang)
    counted = t("reference.counted", lang, reference=reference)
    return f"{t('dispersal.date', lang, locations_date=locations_date(data, lang))}; {counted}"


def scenario_table(bundle: DataBundle) -> pd.DataFrame:
    """The dispersal-key scenario per municipality (analysis.scenario)."""
    return cache.dispersal_key(bundle, "municipality")


def spreidingswet_table(bundle: DataBundle) -> pd.DataFrame:
    """Spreidingswet task per Dutch province beside the known places (analysis.scenario)."""
    return cache.spreidingswet(bundle)


def province_table(bundle: DataBundle) -> pd.DataFrame:
    """Places per 1,000 inhabitants by province (analysis.dispersal.province_places)."""
    return cache.province_places(bundle)


# --------------------------------------------------------------------------- headline


def show_headline(bundle: DataBundle, summary: pd.DataFrame, lang: str) -> None:
    """KPI cards per country, side by side, with the source line."""
    figure_title(t("dispersal.headline_title", lang))
    columns = st.columns(2, gap="large")
    for column, country in zip(columns, COUNTRIES, strict=True):
        with column:
            st.markdown(f"**{country_label(country, lang)}**")
            if country not in summary.index or summary.loc[country, "locations"] == 0:
                st.info(t("dispersal.no_country", lang, country=country_label(country, lang)))
                continue
            row = summary.loc[country]
            items = [
                quotable.location_kpi(bundle, country, lang, label=t("dispersal.kpi.locations", lang)),
                (
                    t("dispersal.kpi.places", lang),
                    format_number(row["places_known"], lang),
                    t(
                        "dispersal.kpi.places_help",
                        lang,
                        unknown=format_number(row["locations_unknown_capacity"], lang),
                    ),
                ),
                (
                    t("dispersal.kpi.hosting", lang),
                    f"{format_number(row['municipalities_hosting'], lang)} "
                    f"({format_percent(row['hosting_share'], lang)})",
                    t("dispersal.kpi.hosting_help", lang, total=format_number(row["municipalities"], lang)),
                ),
                (
                    t("dispersal.kpi.population_hosting", lang),
                    format_percent(row["population_hosting_share"], lang),
                    t("dispersal.kpi.population_hosting_help", lang),
                ),
                (
                    t("dispersal.kpi.per_1000", lang),
                    format_number(row["places_per_1000"], lang, decimals=2),
                    t("dispersal.kpi.per_1000_help", lang),
                ),
                (
                    t("dispersal.kpi.gini", lang),
                    format_number(row["gini"], lang, decimals=2),
                    t("dispersal.kpi.gini_help", lang),
                ),
                (
                    t("dispersal.kpi.top10", lang),
                    format_percent(row["top10_places_share"], lang),
                    t("dispersal.kpi.top10_help", lang),
                ),
                (
                    t("dispersal.kpi.median_size", lang),
                    format_number(row["median_location_size"], lang),
                    t("dispersal.kpi.median_size_help", lang),
                ),
            ]
            for start in range(0, len(items), 2):
                kpi_row(items[start : start + 2])
    source_line(sources(bundle, lang), data_date(bundle, lang))


def show_hosting(bundle: DataBundle, summary: pd.DataFrame, lang: str) -> None:
    """Bars: share of municipalities hosting, share of population in them, NL vs BE."""
    title, subtitle = t("dispersal.hosting_title", lang), t("dispersal.hosting_subtitle", lang)
    figure_title(title, subtitle)
    frame = hosting_frame(summary, lang)
    if frame.empty:
        st.info(t("dispersal.no_locations", lang))
        return
    countries = [c for c in COUNTRIES if c in summary.index]
    chart = show_cached_chart(bundle, ("hosting_chart", lang), lambda: hosting_chart(frame, countries, lang))
    source_line(sources(bundle, lang), data_date(bundle, lang))
    info = caption(title, subtitle, sources(bundle, lang), data_date(bundle, lang), lang)
    download_menu(
        "dispersal_hosting", lambda: pages.hosting(chart, info), "reception-nl-be-hosting", lang=lang
    )


# --------------------------------------------------------------------------- Lorenz


def show_lorenz(bundle: DataBundle, lang: str) -> dict[str, float]:
    """Lorenz curves of both countries on one chart, Gini in the title and legend."""
    values = cache.ginis(bundle)
    title = t("dispersal.lorenz_title", lang, ginis=gini_title(values, lang))
    subtitle = t("dispersal.lorenz_subtitle", lang)
    figure_title(title, subtitle)
    points = cache.lorenz_points(bundle)
    for country in COUNTRIES:
        if country not in set(points["country"]):
            st.info(t("dispersal.lorenz_empty", lang, country=country_label(country, lang)))
    if points.empty:
        return values
    left, _ = st.columns([3, 1])
    with left:
        chart = show_cached_chart(bundle, ("lorenz_chart", lang), lambda: lorenz_chart(points, values, lang))
    source_line(sources(bundle, lang), data_date(bundle, lang))
    info = caption(title, subtitle, sources(bundle, lang), data_date(bundle, lang), lang)
    download_menu("dispersal_lorenz", lambda: pages.lorenz(chart, info), "reception-nl-be-lorenz", lang=lang)
    return values


# --------------------------------------------------------------------------- provinces


def show_provinces(bundle: DataBundle, provinces: pd.DataFrame, summary: pd.DataFrame, lang: str) -> None:
    """Horizontal bars of places per 1,000 by province, both countries, national lines."""
    title, subtitle = t("dispersal.province_title", lang), t("dispersal.province_subtitle", lang)
    figure_title(title, subtitle)
    if provinces[provinces["country"].isin(COUNTRIES)].empty:
        st.info(t("dispersal.no_locations", lang))
        return
    chart = show_cached_chart(
        bundle,
        ("province_chart", lang),
        lambda: province_chart(province_frame(provinces, lang), summary, lang),
    )
    source_line(sources(bundle, lang), data_date(bundle, lang))
    info = caption(title, subtitle, sources(bundle, lang), data_date(bundle, lang), lang)
    download_menu(
        "dispersal_provinces", lambda: pages.provinces(chart, info), "reception-nl-be-provinces", lang=lang
    )


# --------------------------------------------------------------------------- scenario


def show_scenario(bundle: DataBundle, scenario: pd.DataFrame, summary: pd.DataFrame, lang: str) -> None:
    """Side-by-side maps of expected minus actual places, one symmetric diverging scale."""
    places = {
        c: format_number(summary.loc[c, "places_known"] if c in summary.index else 0, lang) for c in COUNTRIES
    }
    title = t("dispersal.scenario_title", lang)
    subtitle = t("dispersal.scenario_subtitle", lang, nl_places=places["NL"], be_places=places["BE"])
    figure_title(title, subtitle)
    totals = scenario.groupby("country")["actual_places"].sum()
    with_places = [c for c in COUNTRIES if float(totals.get(c, 0)) > 0]
    classes = diverging_classes(scenario.loc[scenario["country"].isin(with_places), "difference"])

    def scenario_layers(country: str) -> list:
        # Built only when the layer script is not cached yet (the GeoJSON copied
        # out of the data cache cost about 50 ms per rerun when built eagerly).
        geojson = cache.layer_data(
            bundle,
            ("scenario", classes, lang),
            lambda: layers.scenario_geojson(scenario, bundle.municipalities, classes, lang),
        )
        layer = maps.geojson_layer(
            geojson[country],
            name=t("map.layer_municipalities", lang),
            tooltip_fields=["name", "province", "actual", "expected", "difference", "population"],
            tooltip_aliases=[
                t("map.municipality", lang),
                t("map.province", lang),
                t("dispersal.scenario.actual", lang),
                t("dispersal.scenario.expected", lang),
                t("dispersal.scenario.difference", lang),
                t("map.population", lang),
            ],
        )
        return [layer]

    columns = st.columns(2, gap="medium")
    for column, country in zip(columns, COUNTRIES, strict=True):
        with column:
            st.markdown(f"**{country_label(country, lang)}**")
            if country not in with_places:
                st.info(t("dispersal.scenario_no_places", lang, country=country_label(country, lang)))
                continue
            # Static base map, data as a feature-group update, nothing returned (no reruns on pan/zoom).
            layers.show_map(
                key=f"dispersal_scenario_{country}",
                bounds=maps.COUNTRY_BOUNDS[country],
                layers=lambda country=country: scenario_layers(country),
                height=MAP_HEIGHT,
                cache_key=("scenario", bundle.token, country, lang),
                # Shipped data only (no upload): the GeoJSON is a static file every reader shares.
                public=not bundle.uploaded,
            )
    labels = classes.labels(lambda v: signed_number(v, lang))
    half = len(classes.breaks)
    labels[0] = f"{labels[0]} ({t('dispersal.scenario_more', lang)})"
    labels[half] = f"{labels[half]} ({t('dispersal.scenario_about', lang)})"
    labels[-1] = f"{labels[-1]} ({t('dispersal.scenario_fewer', lang)})"
    entries = list(zip(classes.colors, labels, strict=True)) + [
        (maps.NO_DATA_COLOR, t("legend.no_data", lang))
    ]
    class_legend(t("dispersal.scenario_legend", lang), entries)
    st.caption(t("dispersal.scenario_method", lang))
    source_line(sources(bundle, lang), data_date(bundle, lang))
    info = caption(title, subtitle, sources(bundle, lang), data_date(bundle, lang), lang)

    def figure():
        fills = classes.color_of(scenario["difference"])  # the page's classes, as in layers.scenario_geojson
        legend_title = t("dispersal.scenario_legend", lang)
        return pages.scenario(
            scenario, bundle.municipalities, fills, entries, legend_title, with_places, info
        )

    download_menu("dispersal_scenario", figure, "reception-nl-be-model-population-share", lang=lang)


# --------------------------------------------------------------------------- Spreidingswet


def show_spreidingswet(bundle: DataBundle, comparison: pd.DataFrame, lang: str) -> None:
    """Bar chart and table: Spreidingswet task per Dutch province vs known places in the list."""
    rows = comparison[comparison["target_places"].notna()]
    dates = ", ".join(sorted({str(d) for d in rows["target_reference_date"].dropna()})) or "–"
    title = t("dispersal.spreidingswet_title", lang)
    subtitle = t("dispersal.spreidingswet_subtitle", lang, dates=dates)
    figure_title(title, subtitle)
    if rows.empty:
        st.info(t("dispersal.spreidingswet_none", lang))
        return
    rows = rows.sort_values("target_places", ascending=False, kind="stable")
    names = rows["province"].astype("string").fillna(rows["province_code"]).astype(str)
    chart = show_cached_chart(
        bundle, ("spreidingswet_chart", lang), lambda: spreidingswet_chart(rows, names, lang)
    )
    table = pd.DataFrame(
        {
            "province": names.to_numpy(),
            "locations": rows["locations"].to_numpy(),
            "unknown": rows["locations_unknown_capacity"].to_numpy(),
            "current": rows["current_places"].to_numpy(),
            "target": rows["target_places"].to_numpy(),
            "difference": rows["difference"].to_numpy(),
            "date": rows["target_reference_date"].astype(str).to_numpy(),
            "source": rows["target_source"].astype(str).to_numpy(),
        }
    )
    whole = "localized"
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=35 * (len(table) + 1) + 3,
        placeholder="–",
        column_config={
            "province": st.column_config.TextColumn(t("dispersal.province.name", lang)),
            "locations": st.column_config.NumberColumn(
                t("dispersal.spreidingswet.locations", lang), format=whole
            ),
            "unknown": st.column_config.NumberColumn(
                t("dispersal.spreidingswet.unknown", lang), format=whole
            ),
            "current": st.column_config.NumberColumn(
                t("dispersal.spreidingswet.col.current", lang), format=whole
            ),
            "target": st.column_config.NumberColumn(
                t("dispersal.spreidingswet.col.target", lang), format=whole
            ),
            "difference": st.column_config.NumberColumn(
                t("dispersal.spreidingswet.col.difference", lang), format=whole
            ),
            "date": st.column_config.TextColumn(t("dispersal.spreidingswet.date", lang)),
            "source": st.column_config.LinkColumn(t("dispersal.spreidingswet.source", lang), width="medium"),
        },
    )
    source = t("dispersal.spreidingswet_sources", lang, locations=bundle.locations_label)
    date = t("dispersal.spreidingswet_date", lang, dates=dates, locations_date=locations_date(bundle, lang))
    source_line(source, date)
    info = caption(title, subtitle, source, date, lang)
    download_menu(
        "dispersal_spreidingswet",
        lambda: pages.spreidingswet(chart, table, info),
        "reception-nl-spreidingswet",
        lang=lang,
    )
