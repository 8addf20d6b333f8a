"""Altair charts of the Dispersal page: pure functions from frames to charts (no Streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.schema import COUNTRIES
from ui.charts import (
    AXIS_LABEL_LIMIT,
    COUNTRY_COLORS,
    category_axis,
    country_color,
    country_label,
    country_scale,
    share_axis,
)
from ui.i18n import format_number, format_percent, t

EQUAL_COLOR = "#9e9e9e"


TARGET_COLOR = "#9e9e9e"


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


def gini_title(values: dict[str, float], lang: str) -> str:
    """'Netherlands 0.73, Belgium 0.90' (countries with a Gini only)."""
    parts = [
        f"{country_label(c, lang)} {format_number(v, lang, decimals=2)}" for c, v in values.items() if v == v
    ]
    return ", ".join(parts) if parts else "–"


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


def hosting_chart(frame: pd.DataFrame, countries: list[str], lang: str) -> alt.LayerChart:
    """Bars of :func:`hosting_frame`: share of municipalities hosting and of the population in them."""
    base = alt.Chart(frame).encode(
        y=category_axis("measure:N", dict.fromkeys(frame["measure"])),
        yOffset=alt.YOffset("country:N", sort=[country_label(c, lang) for c in countries]),
        x=share_axis(t("dispersal.hosting.share", lang)),
    )
    bars = base.mark_bar().encode(
        color=country_color("country:N", countries, lang),
        tooltip=[
            alt.Tooltip("country:N", title=t("dispersal.country", lang)),
            alt.Tooltip("measure:N", title=t("dispersal.hosting.share", lang)),
            alt.Tooltip("share_text:N", title=t("dispersal.hosting.share", lang)),
            alt.Tooltip("detail:N", title=t("dispersal.hosting.detail", lang)),
        ],
    )
    text = base.mark_text(align="left", dx=4, color="#333333").encode(text="share_text:N")
    return (bars + text).properties(height=220)


def lorenz_chart(points: pd.DataFrame, ginis: dict[str, float], lang: str) -> alt.Chart:
    """Lorenz curves (``analysis.dispersal.lorenz_by_country`` points) with the equality diagonal.

    ``points`` must not be empty; the legend gives each country's Gini.
    """
    values = ginis
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
    return (
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


def province_chart(frame: pd.DataFrame, summary: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Bars of places per 1,000 by province (:func:`province_frame`), with the national rates as lines."""
    countries = [c for c in COUNTRIES if c in set(frame["country"])]
    scale = country_scale(countries, lang)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=category_axis("label:N", frame["label"]),
            x=alt.X("places_per_1000:Q", title=t("dispersal.province_x", lang)),
            color=country_color("country_label:N", countries, lang, scale=scale),
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
    return (bars + text + rules).properties(height=24 * len(frame) + 90)


def spreidingswet_chart(rows: pd.DataFrame, names: pd.Series, lang: str) -> alt.Chart:
    """Paired bars per Dutch province: Spreidingswet task and the places known in the list.

    ``rows`` are ``analysis.scenario.spreidingswet_comparison`` rows with a
    target, in display order; ``names`` their province labels.
    """
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
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=category_axis("province:N", names),
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
