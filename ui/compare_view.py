"""Building blocks of the Compare page: headline figures, twin maps (images: ui/export/)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.locations import LocationSelection, largest_capacity
from analysis.municipalities import BASE_MEASURES
from ui import cache, maps, quotable
from ui.colors import ColorClasses, shared_classes
from ui.components import kpi_row, table_html
from ui.i18n import format_number, format_percent, humanise, t, t_or
from ui.layers import (
    location_geojson,
    location_layer,
    municipality_geojson,
    municipality_layer,
    show_map,
)
from ui.state import DataBundle

MAP_HEIGHT = 560
BASE_SOURCES = "CBS/Kadaster (PDOK), Statbel"


def measure_label(key: str, lang: str) -> str:
    """Display name of a map measure (base measure or indicator)."""
    if key in BASE_MEASURES:
        return t(f"measure.{key}", lang)
    return t_or(f"indicator.{key}", humanise(key), lang)


def headline(data: DataBundle) -> pd.DataFrame:
    """Headline figures per country (index NL, BE), from analysis/; built once per dataset
    (shared: never mutate the frame)."""
    return cache.read_only(data, "headline", lambda: _headline(data))


def _headline(data: DataBundle) -> pd.DataFrame:
    table = cache.country_dispersal(data).copy()
    remote = cache.remoteness_summary(data, LocationSelection()).reindex(table.index)
    table["median_distance_to_station_own_km"] = remote["distance_to_station_own_km_median"]
    table["median_distance_to_station_own_km_weighted"] = remote[
        "distance_to_station_own_km_median_capacity_weighted"
    ]
    for column in ("locations_remote", "places_remote", "share_places_remote"):
        table[column] = remote[column]
    table["locations_near_threshold"] = remote["locations_near_threshold"]
    table["places_near_threshold"] = remote["places_near_threshold"]
    return table


def country_headline(country: str, summary: pd.DataFrame, lang: str, data: DataBundle | None = None) -> None:
    """KPI cards of one country (with ``data``: rows not confirmed, coverage, Belgium with LOI/ILA)."""
    st.subheader(t(f"country.{country}"))
    if country not in summary.index or summary.loc[country, "locations"] == 0:
        st.info(t("compare.no_locations"))
        return
    if data is None:
        items = _headline_items(country, summary, lang, None)
    else:
        # The cards' texts, built once per dataset, country and language.
        items = cache.read_only(
            data, ("headline_items", country, lang), lambda: _headline_items(country, summary, lang, data)
        )
    for start in range(0, len(items), 2):
        kpi_row(items[start : start + 2])


def _headline_items(
    country: str, summary: pd.DataFrame, lang: str, data: DataBundle | None
) -> list[tuple[str, ...]]:
    row = summary.loc[country]
    hosting_note = hosting_help = None
    if data is not None and country == "BE":
        loi = quotable.hosting_with_loi_kpi(cache.municipality_places(data), quotable.loi(data), lang)
        if loi is not None:
            hosting_note, hosting_help = loi[0], loi[2]
    items = [
        quotable.location_kpi(data, country, lang)
        if data is not None
        else (t("kpi.locations"), format_number(row["locations"], lang), t("kpi.locations_help")),
        (
            t("kpi.places"),
            format_number(row["places_known"], lang),
            t("kpi.places_help", unknown=format_number(row["locations_unknown_capacity"], lang)),
        ),
        (
            t("kpi.hosting"),
            f"{format_number(row['municipalities_hosting'], lang)} "
            f"({format_percent(row['hosting_share'], lang)})",
            " ".join(
                h
                for h in (
                    t("kpi.hosting_help", total=format_number(row["municipalities"], lang)),
                    hosting_help,
                )
                if h
            ),
            hosting_note or "",
        ),
        (t("kpi.top10"), format_percent(row["top10_places_share"], lang), t("kpi.top10_help")),
        (
            t("kpi.median_station"),
            f"{format_number(row['median_distance_to_station_own_km'], lang, decimals=1)} km",
            t("kpi.median_station_help"),
        ),
        (
            t("kpi.median_station_weighted"),
            f"{format_number(row['median_distance_to_station_own_km_weighted'], lang, decimals=1)} km",
            t("kpi.median_station_weighted_help"),
        ),
        (
            t("kpi.remote"),
            t(
                "kpi.remote_value",
                lang,
                places=format_number(row["places_remote"], lang),
                share=format_percent(row["share_places_remote"], lang),
            ),
            t(
                "kpi.remote_help",
                locations=format_number(row["locations_remote"], lang),
                near=format_number(row["locations_near_threshold"], lang),
                near_places=format_number(row["places_near_threshold"], lang),
            ),
        ),
        (t("kpi.gini"), format_number(row["gini"], lang, decimals=2), t("kpi.gini_help")),
    ]
    return items


@dataclass(frozen=True)
class ComparisonView:
    """What the two maps of the Compare page show."""

    measure: str
    title: str
    subtitle: str
    legend_title: str
    classes: ColorClasses
    decimals: int
    geojson: dict[str, dict]
    types: tuple[str, ...]
    sources: str
    date: str
    table: pd.DataFrame
    locations: pd.DataFrame
    token: str
    period: str | None = None
    """The one stated period an indicator map shows (None for the base measures)."""
    legend_note: str = ""
    """How many municipalities have a value for that period."""
    public: bool = False
    """True when the maps show only shipped data (no upload): their GeoJSON may be a
    static file every session shares (ui/mapdata.py)."""


def _decimals(measure: str) -> int:
    return 2 if measure == "places_per_1000" else (0 if measure != "population_density_per_km2" else 0)


def comparison_maps(
    data: DataBundle, measure: str, lang: str, indicator_names: list[str], *, period: str | None = None
) -> ComparisonView:
    """Shared classes and per-country GeoJSON for the chosen measure (cached per dataset).

    An indicator shows one stated ``period`` (None: its default period).
    """
    key = ("compare", measure, lang, tuple(indicator_names), period)
    return cache.read_only(data, key, lambda: _comparison_maps(data, measure, lang, indicator_names, period))


def _comparison_maps(
    data: DataBundle, measure: str, lang: str, indicator_names: list[str], period: str | None = None
) -> ComparisonView:
    needed = (measure,) if measure in indicator_names else ()
    chosen = ((measure, period),) if needed and period else ()
    table = cache.municipality_table(data, needed, chosen)
    classes = shared_classes(table[measure])
    decimals = _decimals(measure)
    locations = data.locations
    max_capacity = largest_capacity(locations)
    geojson = {}
    for country in ("NL", "BE"):
        munis = table[table["country"] == country]
        locs = locations[locations["country"] == country]
        geojson[f"{country}_municipalities"] = municipality_geojson(
            munis, measure, classes, lang, decimals=decimals
        )
        geojson[f"{country}_locations"] = location_geojson(locs, lang, max_capacity=max_capacity)
    legend_title, legend_note, shown_period = measure_label(measure, lang), "", None
    if measure in BASE_MEASURES:
        sources = f"{BASE_SOURCES}; {t('common.location_sources', lang)}"
        # The reference date travels with the figure (source line, PNG and exports).
        reference = quotable.reference_text(data.reference, data.confirmed_only, lang)
        date = f"{t('common.population_dates', lang)}; {t('reference.counted', lang, reference=reference)}"
        subtitle = t(f"measure.{measure}.subtitle", lang)
    else:
        sources = "; ".join(sorted({s for s in table[f"{measure}__source"] if s}))[:400]
        date = ", ".join(sorted({d for d in table[f"{measure}__date"] if d}))
        methods = ", ".join(
            sorted({quotable.method_label(m, lang) for m in table[f"{measure}__method"] if m})
        )
        subtitle = t("compare.indicator_subtitle", lang, methods=methods)
        shown_period = date or None
        legend_title = f"{legend_title} ({methods}, {date})" if methods else legend_title
        legend_note = t(
            "indicator.legend_count",
            lang,
            n=format_number(int(table[measure].notna().sum()), lang),
            period=date or "–",
        )
    types = tuple(k for k in maps.LOCATION_TYPE_COLORS if k in set(locations["type"]))
    return ComparisonView(
        measure=measure,
        title=t("compare.map_title", lang, measure=measure_label(measure, lang)),
        subtitle=subtitle,
        legend_title=legend_title,
        classes=classes,
        decimals=decimals,
        geojson=geojson,
        types=types,
        sources=sources,
        date=date,
        table=table,
        locations=locations,
        token=data.token,
        period=shown_period,
        legend_note=legend_note,
        public=not data.uploaded,
    )


def country_map(view: ComparisonView, country: str, *, tiles: bool) -> None:
    """One country's map: municipalities + locations, static base, no reruns on pan."""
    lang = st.session_state.get("lang", "en")

    def layers() -> list:
        return [
            municipality_layer(view.geojson[f"{country}_municipalities"], view.legend_title, lang),
            location_layer(view.geojson[f"{country}_locations"], lang),
        ]

    show_map(
        key=f"compare_map_{country}",
        bounds=maps.COUNTRY_BOUNDS[country],
        layers=layers,
        height=MAP_HEIGHT,
        tiles=tiles,
        cache_key=("compare", view.token, view.measure, lang, country),
        # Shipped data only (no upload): the same for every reader who picks this view.
        public=view.public,
    )


def fact_value(value: float, unit: str, lang: str) -> str:
    """A fact's value: years without separators, % and currencies with their sign.

    Counts (persons, locations, sessions, ...) show the bare number; the label
    says what is counted.
    """
    if unit == "year":
        return str(int(value))
    number = format_number(value, lang, decimals=0 if float(value).is_integer() else 1)
    if unit == "percent":
        return f"{number} %"
    return f"{number} {unit}" if unit in ("EUR", "places") else number


def fact_text(row: pd.Series, lang: str) -> str:
    """A fact's value as its source states it: "more than 7,000", "over 87,800" (ui/qualifiers.py)."""
    from ui.qualifiers import qualified

    stated = f"{row.get('source', '')} {row.get('note', '')}"
    return qualified(
        fact_value(row["value"], row["unit"], lang), row.get("qualifier", ""), lang, stated=stated
    )


def _facts_table(rows: pd.DataFrame, lang: str, *, with_source: bool) -> str:
    """HTML of one group of facts: figure, value as its source states it, date (and source)."""
    table = pd.DataFrame(
        {
            t("facts.indicator", lang): [t_or(f"fact.{k}", humanise(k), lang) for k in rows["indicator"]],
            t("facts.value", lang): [fact_text(row, lang) for _, row in rows.iterrows()],
            t("facts.date", lang): rows["reference_date"].astype(str),
        }
    )
    if with_source:
        table[t("facts.source", lang)] = rows["source"].to_numpy()
    # Static HTML, not st.dataframe (the data grid costs ~0.9 s of page load) nor st.table.
    return table_html(table.set_index(t("facts.indicator", lang)))


def _shared_source(sources: pd.Series) -> str:
    """The reference all rows share (the slides), without one row's slide quote.

    Each symposium row's ``source`` is the full reference plus "; slide '...'"
    for that row; the caption under the group names what they have in common.
    """
    values = [str(v) for v in sources.dropna().unique()]
    if len(values) <= 1:
        return values[0] if values else ""
    common = os.path.commonprefix(values)
    cut = common.rfind(";")
    return common[:cut] if cut > 0 else common.rstrip()


def _span(rows: pd.DataFrame) -> str:
    """The rows' reference dates as 'first-last' (as written, ISO periods)."""
    dates = sorted({d for d in rows["reference_date"].astype(str) if d})
    if not dates:
        return ""
    first, last = dates[0][:4], dates[-1][:4]
    return first if first == last else f"{first}-{last}"


@dataclass(frozen=True)
class FactsSection:
    """What :func:`national_facts` draws, built once per dataset and language."""

    groups: dict[str, list[tuple[str, str]]]
    """Per country: (organisation, table HTML) of the symposium figures."""
    sources: dict[str, str]
    """Per country: the source line under its groups."""
    statistics: dict[str, str]
    """Per country: table HTML of the national statistics (with their sources)."""


def _facts_section(facts: pd.DataFrame, lang: str) -> FactsSection:
    groups, sources, statistics = {}, {}, {}
    for country in ("NL", "BE"):
        rows = facts[(facts["country"] == country) & (facts["organisation"] != "")]
        groups[country] = [
            (
                t_or(f"organisation.{organisation}", organisation, lang),
                _facts_table(group, lang, with_source=False),
            )
            for organisation, group in rows.groupby("organisation", sort=False)
        ]
        sources[country] = t(
            "common.source_line", lang, sources=_shared_source(rows["source"]), date=_span(rows)
        )
        national = facts[(facts["country"] == country) & (facts["organisation"] == "")]
        statistics[country] = _facts_table(national, lang, with_source=True)
    return FactsSection(groups, sources, statistics)


def national_facts(data: DataBundle, lang: str) -> None:
    """The national facts per country, each with its source and date.

    The symposium figures (with an organisation) are shown side by side; the
    national statistics per country follow in an expander, each with its link.
    Built once per dataset and language (0.05 s of every compare-page run before).
    """
    section = cache.read_only(data, ("national_facts", lang), lambda: _facts_section(data.facts, lang))
    columns = st.columns(2, gap="large")
    for column, country in zip(columns, ("NL", "BE"), strict=True):
        with column:
            st.markdown(f"**{t(f'country.{country}', lang)}**")
            for organisation, html in section.groups[country]:
                st.caption(organisation)
                st.html(html)
            st.caption(section.sources[country])
    with st.expander(t("facts.national_statistics", lang)):
        for country in ("NL", "BE"):
            st.markdown(f"**{t(f'country.{country}', lang)}**")
            st.html(section.statistics[country])
