"""Altair charts of the Remoteness page: pure functions from frames to charts (no Streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.remoteness import REMOTENESS_CLASSES, REMOTENESS_MEASURES
from ui.charts import (
    category_axis,
    country_color,
    country_label,
    ecdf,
    share_axis,
)
from ui.i18n import format_number, t
from ui.labels import class_label, near_label, percent_text, station_type_label
from ui.maps import CLASS_COLORS

LOG_SCALE_MEASURES = ("population_within_5km", "population_within_10km", "population_within_20km")
"""Measures drawn on a logarithmic axis (populations span 1,000 to 2 million)."""

KM_MEASURES = tuple(m for m in REMOTENESS_MEASURES if m.endswith("_km"))
PEOPLE_MEASURES = tuple(m for m in REMOTENESS_MEASURES if m.startswith("population_within_"))


def medians_table(
    stats: pd.DataFrame, countries: list[str], lang: str, measures: tuple[str, ...] = REMOTENESS_MEASURES
) -> pd.DataFrame:
    """One row per measure; per country the median per location and capacity-weighted.

    Values are the raw floats of :func:`analysis.remoteness.remoteness_summary`
    (the table formats them), so what is shown equals what analysis/ computed.
    """
    frame = pd.DataFrame(
        {t("remoteness.col.measure", lang): [t(f"remoteness.col.{m}", lang) for m in measures]}
    )
    for country in countries:
        name = country_label(country, lang)
        frame[t("remoteness.col.per_location", lang, country=name)] = [
            float(stats.loc[country, f"{m}_median"]) for m in measures
        ]
        frame[t("remoteness.col.capacity_weighted", lang, country=name)] = [
            float(stats.loc[country, f"{m}_median_capacity_weighted"]) for m in measures
        ]
    return frame


def class_shares(stats: pd.DataFrame, countries: list[str], lang: str) -> pd.DataFrame:
    """Long frame: per country and basis (locations / places), the share per class."""
    rows = []
    for country in countries:
        name = country_label(country, lang)
        for basis, prefix in (("locations", "share_locations_"), ("places", "share_places_")):
            bar = t(f"remoteness.classes_basis.{basis}", lang, country=name)
            for order, cls in enumerate(REMOTENESS_CLASSES):
                share = float(stats.loc[country, f"{prefix}{cls}"])
                count = stats.loc[country, f"{basis}_{cls}"]
                near = stats.loc[country, f"locations_near_threshold_{cls}"]
                rows.append(
                    {
                        "bar": bar,
                        "class": class_label(cls, lang),
                        "order": order,
                        "share": share,
                        "share_text": percent_text(share, lang),
                        "count_text": format_number(count, lang),
                        "near_text": format_number(near, lang),
                    }
                )
    return pd.DataFrame(rows)


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
            points["share_text"] = [percent_text(s, lang) for s in points["share"]]
            parts.append(points)
        out[basis] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return out


def ecdf_chart(
    frame: pd.DataFrame, *, measure: str, y_title: str, domain: list[float], countries: list[str], lang: str
) -> alt.LayerChart:
    """Step lines of :func:`distribution_frames` points per country, with the median line."""
    log = measure in LOG_SCALE_MEASURES
    x_scale = alt.Scale(type="log", domain=domain) if log else alt.Scale(domain=domain, nice=False)
    line = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=alt.X("value:Q", title=t(f"remoteness.measure.{measure}", lang), scale=x_scale),
            y=alt.Y("share:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=country_color("country:N", countries, lang),
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


def class_shares_chart(frame: pd.DataFrame, n_countries: int, lang: str) -> alt.Chart:
    """100 % stacked bars of :func:`class_shares`, per country, by locations and by places."""
    labels = [class_label(c, lang) for c in REMOTENESS_CLASSES]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=category_axis("bar:N", dict.fromkeys(frame["bar"])),
            x=share_axis(t("remoteness.classes_axis", lang)),
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
                alt.Tooltip("near_text:N", title=t("remoteness.classes_near_locations", lang)),
            ],
        )
        .properties(height=34 * max(n_countries * 2, 1) + 150)
    )


def most_remote_chart(top: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Bars of the distance to the nearest station of the own country of the ``top`` rows, in km."""
    countries = [c for c in ("NL", "BE") if c in set(top["country"])]
    km = top["distance_to_station_own_km"]
    frame = pd.DataFrame(
        {
            "label": [
                f"{name} ({country})" for name, country in zip(top["name"], top["country"], strict=True)
            ],
            "name": top["name"].astype(str).to_numpy(),
            "country": [country_label(c, lang) for c in top["country"]],
            "km": km.to_numpy(float),
            "km_text": [format_number(v, lang, decimals=1) for v in km],
            "station": [
                f"{s} ({station_type_label(k, c, lang)})" if isinstance(s, str) else ""
                for s, k, c in zip(
                    top["nearest_station_own"], top["nearest_station_own_type"], top["country"], strict=True
                )
            ],
            "capacity": [
                format_number(v, lang) if pd.notna(v) else t("common.unknown", lang) for v in top["capacity"]
            ],
            "class": [
                class_label(v, lang) + (f" ({near_label(n, lang)})" if near_label(n, lang) else "")
                for v, n in zip(top["remoteness_class"], top["near_threshold"], strict=True)
            ],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=category_axis("label:N", frame["label"]),
            x=alt.X("km:Q", title=t("remoteness.measure.distance_to_station_own_km", lang)),
            color=country_color("country:N", countries, lang),
            tooltip=[
                alt.Tooltip("name:N", title=t("remoteness.col.name", lang)),
                alt.Tooltip("km_text:N", title=t("remoteness.col.distance_to_station_own_km", lang)),
                alt.Tooltip("station:N", title=t("remoteness.col.nearest_station_own", lang)),
                alt.Tooltip("capacity:N", title=t("remoteness.col.capacity", lang)),
                alt.Tooltip("class:N", title=t("remoteness.col.remoteness_class", lang)),
            ],
        )
        .properties(height=30 * len(frame) + 120)
    )
    text = chart.mark_text(align="left", dx=4, color="#333333").encode(
        text="km_text:N", color=alt.value("#333333")
    )
    return chart + text
