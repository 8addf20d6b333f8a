"""Building blocks of the Dispersal page: headline figures, Lorenz curves, provinces,
the dispersal-key scenario maps and the Spreidingswet comparison.

The figures come from ``analysis.dispersal`` and ``analysis.scenario`` (through
small cached wrappers); this module only lays out and draws them. Every figure
gets a title, a data date and a source line; the scenario is labelled as a model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from branca.utilities import color_brewer

from analysis.locations import LocationSelection
from ui import cache, layers, maps
from ui.charts import AXIS_LABEL_LIMIT, COUNTRY_COLORS, country_label, country_scale
from ui.components import class_legend, figure_title, kpi_row, source_line
from ui.i18n import format_number, format_percent, t
from ui.state import DataBundle

MAP_HEIGHT = 520
COUNTRIES = ("NL", "BE")
EQUAL_COLOR = "#9e9e9e"
TARGET_COLOR = "#9e9e9e"
SCENARIO_SCHEME = "BrBG"  # brown = holds more than its share, blue-green = fewer
SCENARIO_QUANTILES = (0.1, 0.45, 0.8, 0.97)
"""Quantiles of |expected - actual| (both countries together) that set the class breaks."""


# --------------------------------------------------------------------------- data


def filtered(data: DataBundle, status: str) -> DataBundle:
    """The bundle with only the locations kept by the status filter."""
    return data.selected(LocationSelection.of_page(status=status))


def sources(data: DataBundle, lang: str) -> str:
    """Source line text of the dispersal figures."""
    return t("dispersal.sources", lang, locations=data.locations_label)


def locations_date(data: DataBundle, lang: str) -> str:
    key = "dispersal.locations_date_upload" if data.uploaded else "dispersal.locations_date_shipped"
    return t(key, lang)


def data_date(data: DataBundle, lang: str) -> str:
    """Data date text of the dispersal figures."""
    return t("dispersal.date", lang, locations_date=locations_date(data, lang))


def show_status_note(data: DataBundle, bundle: DataBundle, *, status: str, lang: str) -> None:
    """Say which statuses are included (all by default) and how many locations that leaves."""
    n = format_number(len(bundle.locations), lang)
    if status == "all":
        st.caption(t("dispersal.status_note_all", lang, n=n))
    else:
        excluded = format_number(len(data.locations) - len(bundle.locations), lang)
        st.caption(t("dispersal.status_note_current", lang, n=n, excluded=excluded))


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
                (t("dispersal.kpi.locations", lang), format_number(row["locations"], lang), None),
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


def hosting_frame(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long frame for the hosting-shares chart."""
    rows = []
    for country in COUNTRIES:
        if country not in summary.index:
            continue
        row = summary.loc[country]
        name = country_label(country, lang)
        rows.append(
            {
                "measure": t("dispersal.hosting.municipalities", lang),
                "country": name,
                "share": float(row["hosting_share"]),
                "share_text": format_percent(row["hosting_share"], lang),
                "detail": f"{format_number(row['municipalities_hosting'], lang)} / "
                f"{format_number(row['municipalities'], lang)}",
            }
        )
        rows.append(
            {
                "measure": t("dispersal.hosting.population", lang),
                "country": name,
                "share": float(row["population_hosting_share"]),
                "share_text": format_percent(row["population_hosting_share"], lang),
                "detail": format_percent(row["population_hosting_share"], lang),
            }
        )
    return pd.DataFrame(rows)


def show_hosting(bundle: DataBundle, summary: pd.DataFrame, lang: str) -> None:
    """Bars: share of municipalities hosting, share of population in them, NL vs BE."""
    figure_title(t("dispersal.hosting_title", lang), t("dispersal.hosting_subtitle", lang))
    frame = hosting_frame(summary, lang)
    if frame.empty:
        st.info(t("dispersal.no_locations", lang))
        return
    countries = [c for c in COUNTRIES if c in summary.index]
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "measure:N",
            title=None,
            sort=list(dict.fromkeys(frame["measure"])),
            axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT),
        ),
        yOffset=alt.YOffset("country:N", sort=[country_label(c, lang) for c in countries]),
        x=alt.X(
            "share:Q",
            title=t("dispersal.hosting.share", lang),
            axis=alt.Axis(format="%", tickCount=10),
            scale=alt.Scale(domain=[0, 1]),
        ),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "country:N", scale=country_scale(countries, lang), legend=alt.Legend(title=None, orient="bottom")
        ),
        tooltip=[
            alt.Tooltip("country:N", title=t("dispersal.country", lang)),
            alt.Tooltip("measure:N", title=t("dispersal.hosting.share", lang)),
            alt.Tooltip("share_text:N", title=t("dispersal.hosting.share", lang)),
            alt.Tooltip("detail:N", title=t("dispersal.hosting.detail", lang)),
        ],
    )
    text = base.mark_text(align="left", dx=4, color="#333333").encode(text="share_text:N")
    st.altair_chart((bars + text).properties(height=220), width="stretch")
    source_line(sources(bundle, lang), data_date(bundle, lang))


# --------------------------------------------------------------------------- Lorenz


def gini_title(values: dict[str, float], lang: str) -> str:
    """'Netherlands 0.73, Belgium 0.90' (countries with a Gini only)."""
    parts = [
        f"{country_label(c, lang)} {format_number(v, lang, decimals=2)}" for c, v in values.items() if v == v
    ]
    return ", ".join(parts) if parts else "–"


def show_lorenz(bundle: DataBundle, lang: str) -> dict[str, float]:
    """Lorenz curves of both countries on one chart, Gini in the title and legend."""
    values = cache.ginis(bundle)
    figure_title(
        t("dispersal.lorenz_title", lang, ginis=gini_title(values, lang)),
        t("dispersal.lorenz_subtitle", lang),
    )
    points = cache.lorenz_points(bundle)
    for country in COUNTRIES:
        if country not in set(points["country"]):
            st.info(t("dispersal.lorenz_empty", lang, country=country_label(country, lang)))
    if points.empty:
        return values
    present = [c for c in COUNTRIES if c in set(points["country"])]
    labels = {
        c: t(
            "dispersal.lorenz_legend",
            lang,
            country=country_label(c, lang),
            gini=format_number(values[c], lang, decimals=2),
        )
        for c in present
    }
    frame = points.assign(series=points["country"].map(labels), dashed=False)
    equal_label = t("dispersal.lorenz_equal", lang)
    diagonal = pd.DataFrame(
        {
            "population_share_cum": [0.0, 1.0],
            "places_share_cum": [0.0, 1.0],
            "series": equal_label,
            "dashed": True,
        }
    )
    frame = pd.concat([frame.drop(columns="country"), diagonal], ignore_index=True)
    frame["x_text"] = [format_percent(v, lang, decimals=1) for v in frame["population_share_cum"]]
    frame["y_text"] = [format_percent(v, lang, decimals=1) for v in frame["places_share_cum"]]
    domain = [labels[c] for c in present] + [equal_label]
    colors = [COUNTRY_COLORS[c] for c in present] + [EQUAL_COLOR]
    chart = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2.2)
        .encode(
            x=alt.X(
                "population_share_cum:Q",
                title=t("dispersal.lorenz_x", lang),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y(
                "places_share_cum:Q",
                title=t("dispersal.lorenz_y", lang),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=domain, range=colors),
                legend=alt.Legend(title=None, orient="bottom", labelLimit=AXIS_LABEL_LIMIT),
            ),
            strokeDash=alt.StrokeDash(
                "dashed:N", scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 4]]), legend=None
            ),
            detail="series:N",
            order="population_share_cum:Q",
            tooltip=[
                alt.Tooltip("series:N", title=t("dispersal.country", lang)),
                alt.Tooltip("x_text:N", title=t("dispersal.lorenz_x", lang)),
                alt.Tooltip("y_text:N", title=t("dispersal.lorenz_y", lang)),
            ],
        )
        .properties(height=460)
    )
    left, _ = st.columns([3, 1])
    with left:
        st.altair_chart(chart, width="stretch")
    source_line(sources(bundle, lang), data_date(bundle, lang))
    return values


# --------------------------------------------------------------------------- provinces


def province_frame(provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Display frame of places per 1,000 by province, ordered by country then value."""
    frame = provinces[provinces["country"].isin(COUNTRIES)].copy()
    frame["rank"] = frame["country"].map({c: i for i, c in enumerate(COUNTRIES)})
    frame = frame.sort_values(["rank", "places_per_1000"], ascending=[True, False], kind="stable")
    names = frame["province"].astype("string").fillna(frame["province_code"].astype("string"))
    duplicated = names.duplicated(keep=False)
    frame["label"] = names.where(~duplicated, names + " (" + frame["country"] + ")").astype(str)
    frame["country_label"] = [country_label(c, lang) for c in frame["country"]]
    frame["value_text"] = [format_number(v, lang, decimals=2) for v in frame["places_per_1000"]]
    frame["places_text"] = [format_number(v, lang) for v in frame["places_known"]]
    frame["locations_text"] = [format_number(v, lang) for v in frame["locations"]]
    frame["unknown_text"] = [format_number(v, lang) for v in frame["locations_unknown_capacity"]]
    frame["population_text"] = [format_number(v, lang) for v in frame["population"]]
    frame["hosting_text"] = [
        f"{format_number(h, lang)} / {format_number(m, lang)}"
        for h, m in zip(frame["municipalities_hosting"], frame["municipalities"], strict=True)
    ]
    return frame.reset_index(drop=True)


def show_provinces(bundle: DataBundle, provinces: pd.DataFrame, summary: pd.DataFrame, lang: str) -> None:
    """Horizontal bars of places per 1,000 by province, both countries, national lines."""
    figure_title(t("dispersal.province_title", lang), t("dispersal.province_subtitle", lang))
    frame = province_frame(provinces, lang)
    if frame.empty:
        st.info(t("dispersal.no_locations", lang))
        return
    countries = [c for c in COUNTRIES if c in set(frame["country"])]
    scale = country_scale(countries, lang)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT)
            ),
            x=alt.X("places_per_1000:Q", title=t("dispersal.province_x", lang)),
            color=alt.Color("country_label:N", scale=scale, legend=alt.Legend(title=None, orient="bottom")),
            tooltip=[
                alt.Tooltip("label:N", title=t("dispersal.province.name", lang)),
                alt.Tooltip("value_text:N", title=t("dispersal.province_x", lang)),
                alt.Tooltip("places_text:N", title=t("dispersal.province.places", lang)),
                alt.Tooltip("locations_text:N", title=t("dispersal.province.locations", lang)),
                alt.Tooltip("unknown_text:N", title=t("dispersal.province.unknown", lang)),
                alt.Tooltip("hosting_text:N", title=t("dispersal.province.hosting", lang)),
                alt.Tooltip("population_text:N", title=t("dispersal.province.population", lang)),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=4, color="#333333").encode(
        text="value_text:N", color=alt.value("#333")
    )
    national = pd.DataFrame(
        {
            "country_label": [country_label(c, lang) for c in countries],
            "places_per_1000": [float(summary.loc[c, "places_per_1000"]) for c in countries],
            "text": [
                f"{t('dispersal.province.national', lang)} {country_label(c, lang)}: "
                f"{format_number(summary.loc[c, 'places_per_1000'], lang, decimals=2)}"
                for c in countries
            ],
        }
    )
    rules = (
        alt.Chart(national)
        .mark_rule(strokeDash=[5, 4], strokeWidth=1.5)
        .encode(
            x="places_per_1000:Q",
            color=alt.Color("country_label:N", scale=scale, legend=None),
            tooltip=[alt.Tooltip("text:N", title=t("dispersal.province.national", lang))],
        )
    )
    chart = (bars + text + rules).properties(height=24 * len(frame) + 90)
    st.altair_chart(chart, width="stretch")
    source_line(sources(bundle, lang), data_date(bundle, lang))


# --------------------------------------------------------------------------- scenario


def _nice(value: float) -> float:
    """Round a positive number to 1, 2.5 or 5 times a power of ten (nearest on a log scale)."""
    if not value > 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1.0, 2.5, 5.0)]
    return min(candidates, key=lambda c: abs(math.log10(c) - math.log10(value)))


@dataclass(frozen=True)
class DivergingClasses:
    """Classes symmetric around 0: (-inf, -b_k], ..., (-b_1, b_1), ..., [b_k, inf)."""

    breaks: tuple[float, ...]
    colors: tuple[str, ...]

    @property
    def edges(self) -> np.ndarray:
        return np.array([-b for b in reversed(self.breaks)] + list(self.breaks))

    def color_of(self, values) -> list[str]:
        """Class colour per value; NO_DATA_COLOR for missing."""
        v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float, na_value=np.nan)
        index = np.searchsorted(self.edges, v, side="right")
        # value == -b_i belongs to the class below (<= -b_i); searchsorted 'right' puts it above.
        on_negative_edge = np.isin(v, -np.asarray(self.breaks))
        index = np.where(on_negative_edge, index - 1, index)
        return [
            maps.NO_DATA_COLOR if np.isnan(x) else self.colors[int(i)] for x, i in zip(v, index, strict=True)
        ]

    def labels(self, fmt) -> list[str]:
        """'≤ -500', '-500 – -100', ..., '-5 – 5', ..., '≥ 500'."""
        edges = list(self.edges)
        out = [f"≤ {fmt(edges[0])}"]
        out += [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
        out.append(f"≥ {fmt(edges[-1])}")
        return out


def diverging_classes(values) -> DivergingClasses:
    """Symmetric classes from the spread of |values| (both countries together, one scale)."""
    v = np.abs(pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(float))
    v = v[v > 0]
    if v.size == 0:
        breaks: tuple[float, ...] = (1.0,)
    else:
        breaks = tuple(sorted({_nice(float(q)) for q in np.quantile(v, SCENARIO_QUANTILES)}))
    n = 2 * len(breaks) + 1
    colors = color_brewer(SCENARIO_SCHEME, n=max(n, 3))
    if n < 3:
        colors = [colors[0], colors[-1]]
    return DivergingClasses(breaks=breaks, colors=tuple(colors[:n]) if n >= 3 else tuple(colors))


def scenario_geojson(
    scenario: pd.DataFrame, municipalities, classes: DivergingClasses, lang: str
) -> dict[str, maps.LayerData]:
    """Per country, municipalities coloured by expected minus actual places on ``classes``."""
    munis = municipalities.set_index("code")
    out = {}
    for country in COUNTRIES:
        rows = scenario[scenario["country"] == country]
        geo = munis.loc[rows["area_code"].to_numpy()]
        bilingual = (geo["country"] == "BE") & (geo["name_nl"] != geo["name_fr"])
        name = geo["name"].where(~bilingual, geo["name_nl"] + " / " + geo["name_fr"])
        props = pd.DataFrame(
            {
                "name": name.to_numpy(),
                "province": geo["province"].to_numpy(),
                "population": [format_number(v, lang) for v in rows["population"]],
                "actual": [format_number(v, lang) for v in rows["actual_places"]],
                "expected": [format_number(v, lang) for v in rows["expected_places"]],
                "difference": [_signed(v, lang) for v in rows["difference"]],
            },
            index=geo.index,
        )
        styles = maps.polygon_styles(classes.color_of(rows["difference"]), weight=0.3)
        out[country] = maps.feature_collection(geo.reset_index(), props.reset_index(drop=True), styles)
    return out


def _signed(value: float, lang: str) -> str:
    if value != value:
        return "–"
    text = format_number(abs(value), lang)
    if text == format_number(0, lang):
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def show_scenario(bundle: DataBundle, scenario: pd.DataFrame, summary: pd.DataFrame, lang: str) -> None:
    """Side-by-side maps of expected minus actual places, one symmetric diverging scale."""
    places = {
        c: format_number(summary.loc[c, "places_known"] if c in summary.index else 0, lang) for c in COUNTRIES
    }
    figure_title(
        t("dispersal.scenario_title", lang),
        t("dispersal.scenario_subtitle", lang, nl_places=places["NL"], be_places=places["BE"]),
    )
    totals = scenario.groupby("country")["actual_places"].sum()
    with_places = [c for c in COUNTRIES if float(totals.get(c, 0)) > 0]
    classes = diverging_classes(scenario.loc[scenario["country"].isin(with_places), "difference"])
    geojson = cache.layer_data(
        bundle,
        ("scenario", classes, lang),
        lambda: scenario_geojson(scenario, bundle.municipalities, classes, lang),
    )
    columns = st.columns(2, gap="medium")
    for column, country in zip(columns, COUNTRIES, strict=True):
        with column:
            st.markdown(f"**{country_label(country, lang)}**")
            if country not in with_places:
                st.info(t("dispersal.scenario_no_places", lang, country=country_label(country, lang)))
                continue
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
            # Static base map, data as a feature-group update, nothing returned (no reruns on pan/zoom).
            layers.show_map(
                key=f"dispersal_scenario_{country}",
                bounds=maps.COUNTRY_BOUNDS[country],
                layers=[layer],
                height=MAP_HEIGHT,
                cache_key=("scenario", bundle.token, country, lang),
            )
    labels = classes.labels(lambda v: _signed(v, lang))
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


# --------------------------------------------------------------------------- Spreidingswet


def show_spreidingswet(bundle: DataBundle, comparison: pd.DataFrame, lang: str) -> None:
    """Bar chart and table: Spreidingswet task per Dutch province vs known places in the list."""
    rows = comparison[comparison["target_places"].notna()]
    dates = ", ".join(sorted({str(d) for d in rows["target_reference_date"].dropna()})) or "–"
    figure_title(
        t("dispersal.spreidingswet_title", lang), t("dispersal.spreidingswet_subtitle", lang, dates=dates)
    )
    if rows.empty:
        st.info(t("dispersal.spreidingswet_none", lang))
        return
    rows = rows.sort_values("target_places", ascending=False, kind="stable")
    names = rows["province"].astype("string").fillna(rows["province_code"]).astype(str)
    current_label = t("dispersal.spreidingswet.current", lang)
    target_label = t("dispersal.spreidingswet.target", lang)
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "province": names.to_numpy(),
                    "series": current_label,
                    "places": rows["current_places"].to_numpy(float),
                }
            ),
            pd.DataFrame(
                {
                    "province": names.to_numpy(),
                    "series": target_label,
                    "places": rows["target_places"].to_numpy(float),
                }
            ),
        ],
        ignore_index=True,
    )
    long["places_text"] = [format_number(v, lang) for v in long["places"]]
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("province:N", sort=list(names), title=None, axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT)),
            yOffset=alt.YOffset("series:N", sort=[target_label, current_label]),
            x=alt.X("places:Q", title=t("dispersal.spreidingswet_axis", lang)),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=[target_label, current_label], range=[TARGET_COLOR, COUNTRY_COLORS["NL"]]
                ),
                legend=alt.Legend(title=None, orient="bottom", labelLimit=AXIS_LABEL_LIMIT),
            ),
            tooltip=[
                alt.Tooltip("province:N", title=t("dispersal.province.name", lang)),
                alt.Tooltip("series:N", title=t("dispersal.spreidingswet_series", lang)),
                alt.Tooltip("places_text:N", title=t("dispersal.spreidingswet_axis", lang)),
            ],
        )
        .properties(height=36 * len(rows) + 90)
    )
    st.altair_chart(chart, width="stretch")
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
    source_line(
        t("dispersal.spreidingswet_sources", lang, locations=bundle.locations_label),
        t("dispersal.spreidingswet_date", lang, dates=dates, locations_date=locations_date(bundle, lang)),
    )
