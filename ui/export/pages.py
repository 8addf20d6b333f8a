"""One figure builder per chart or map of the Dispersal and Remoteness pages.

Each takes the display frame the page already built for its Altair chart or
folium map (the values of ``analysis/``, formatted for the language), plus
the title, subtitle, source and date strings the page printed, and returns a
:class:`ui.export.figure.Figure`. Nothing is recomputed here. Pure: no
Streamlit, no matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ui.charts import COUNTRY_COLORS, country_label
from ui.export.builders import (
    COUNTRIES,
    POINT_AREA,
    bar_figure,
    country_colors,
    line_figure,
    map_figure,
    method_text,
    reference_text,
    subtitle,
)
from ui.export.figure import Figure, Legend, LegendEntry, LinePanel, MapPanel
from ui.i18n import t


@dataclass(frozen=True)
class Caption:
    """What the page printed around a figure: title, subtitle, source line parts, reference date."""

    title: str
    subtitle: str
    source: str
    date: str
    lang: str
    reference: str = ""

    @property
    def full_subtitle(self) -> str:
        """Subtitle plus the reference date in use."""
        return subtitle(self.subtitle, reference_text(self.reference, self.lang))


# --------------------------------------------------------------------------- dispersal


def hosting(frame: pd.DataFrame, caption: Caption) -> Figure:
    """Shares of municipalities hosting and of the population living in them (``hosting_frame``)."""
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame,
        category="measure",
        series="country",
        value="share",
        text="share_text",
        colors=country_colors(caption.lang),
        x_title=t("dispersal.hosting.share", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        percent=True,
        data=frame[["measure", "country", "share", "detail"]],
    )


def lorenz(
    points: pd.DataFrame, labels: dict[str, str], equal_label: str, equal_color: str, caption: Caption
):
    """Lorenz curves per country (``lorenz_points``) with the equality line; ``labels`` carry the Gini."""
    parts = [
        pd.DataFrame(
            {
                "series": labels[c],
                "x": points.loc[points["country"] == c, "population_share_cum"].to_numpy(float),
                "y": points.loc[points["country"] == c, "places_share_cum"].to_numpy(float),
            }
        )
        for c in COUNTRIES
        if c in labels
    ]
    parts.append(pd.DataFrame({"series": equal_label, "x": [0.0, 1.0], "y": [0.0, 1.0]}))
    colors = {labels[c]: COUNTRY_COLORS[c] for c in labels} | {equal_label: equal_color}
    lang = caption.lang
    panel = LinePanel(
        frame=pd.concat(parts, ignore_index=True),
        colors=colors,
        x_title=t("dispersal.lorenz_x", lang),
        y_title=t("dispersal.lorenz_y", lang),
        dashed=(equal_label,),
        x_percent=True,
        y_percent=True,
        x_domain=(0.0, 1.0),
    )
    return line_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        panels=[panel],
        source=caption.source,
        date=caption.date,
        lang=lang,
        data=points[["country", "population_share_cum", "places_share_cum"]],
    )


def provinces(frame: pd.DataFrame, national: Sequence[tuple[str, float, str]], caption: Caption) -> Figure:
    """Places per 1,000 by province (``province_frame``); ``national`` = (country, value, label) lines."""
    rules = tuple((value, COUNTRY_COLORS[c], label) for c, value, label in national)
    columns = [
        c
        for c in ("country", "label", "places_per_1000", "places_known", "locations", "population")
        if c in frame
    ]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame,
        category="label",
        series="country_label",
        value="places_per_1000",
        text="value_text",
        colors=country_colors(caption.lang),
        x_title=t("dispersal.province_x", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        rules=rules,
        data=frame[columns].rename(columns={"label": "province"}),
    )


def scenario(
    table: pd.DataFrame,
    municipalities,
    fills: Sequence[str],
    entries: Sequence[tuple[str, str]],
    legend_title: str,
    countries: Sequence[str],
    caption: Caption,
    *,
    model: str = "population_share",
) -> Figure:
    """The dispersal-key model maps: ``fills`` are the page's class colours per row of ``table``."""
    geo = municipalities.set_index("code")
    colored = table.assign(fill=list(fills))
    panels = []
    for country in countries:
        rows = colored[colored["country"] == country]
        polygons = geo.loc[rows["area_code"].to_numpy(), ["country", "geometry"]].assign(
            fill=rows["fill"].to_numpy()
        )
        panels.append(MapPanel(title=country_label(country, caption.lang), polygons=polygons.reset_index()))
    legend = Legend(legend_title, tuple(LegendEntry(c, label) for c, label in entries))
    columns = [
        c for c in ("country", "area_code", "population", "actual_places", "expected_places", "difference")
    ]
    return map_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        panels=panels,
        legends=[legend],
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        method=method_text([model], caption.lang) or t("export.model", caption.lang, model=model),
        notes=(t("dispersal.scenario_method", caption.lang),),
        data=table[[c for c in columns if c in table.columns]],
    )


def spreidingswet(
    long: pd.DataFrame, colors: dict[str, str], table: pd.DataFrame, caption: Caption
) -> Figure:
    """Spreidingswet task (a target) beside the known places per Dutch province."""
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=long,
        category="province",
        series="series",
        value="places",
        text="places_text",
        colors=colors,
        x_title=t("dispersal.spreidingswet_axis", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        method=method_text(["target"], caption.lang),
        data=table,
    )


# --------------------------------------------------------------------------- remoteness


def class_shares(frame: pd.DataFrame, class_colors: dict[str, str], legend_title: str, caption: Caption):
    """100 % stacked bars of the remoteness classes (``class_shares``); colours by class label."""
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame.sort_values("order", kind="stable"),
        category="bar",
        series="class",
        value="share",
        text="share_text",
        colors=class_colors,
        x_title=t("remoteness.classes_axis", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        percent=True,
        stacked=True,
        legend_title=legend_title,
        notes=(t("remoteness.class_rules", caption.lang),),
        data=frame[["bar", "class", "share", "count_text"]].rename(columns={"count_text": "count"}),
    )


def distributions(
    frames: dict[str, pd.DataFrame],
    headings: dict[str, str],
    y_titles: dict[str, str],
    x_title: str,
    *,
    log: bool,
    domain: tuple[float, float],
    caption: Caption,
) -> Figure:
    """The two distribution charts (per location, capacity-weighted) of one measure."""
    colors = country_colors(caption.lang)
    panels = []
    data = []
    for basis, frame in frames.items():
        if frame.empty:
            continue
        long = pd.DataFrame({"series": frame["country"], "x": frame["value"], "y": frame["share"]})
        panels.append(
            LinePanel(
                frame=long,
                colors=colors,
                x_title=x_title,
                y_title=y_titles[basis],
                step=True,
                x_log=log,
                y_percent=True,
                x_domain=domain,
                hline=0.5,
                title=headings[basis],
            )
        )
        data.append(frame[["country", "value", "share"]].assign(basis=basis))
    return line_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        panels=panels,
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        data=pd.concat(data, ignore_index=True)[["basis", "country", "value", "share"]],
    )


def most_remote(frame: pd.DataFrame, caption: Caption) -> Figure:
    """The locations farthest from a railway station (the page's chart frame)."""
    columns = [c for c in ("name", "country", "km", "station", "capacity", "class") if c in frame.columns]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame,
        category="label",
        series="country",
        value="km",
        text="km_text",
        colors=country_colors(caption.lang),
        x_title=t("remoteness.measure.distance_to_station_km", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        data=frame[columns].rename(columns={"km": "distance_to_station_km"}),
    )


def remoteness_map(
    municipalities,
    table: pd.DataFrame,
    styles: Sequence[dict],
    entries: Sequence[tuple[str, str]],
    legend_title: str,
    caption: Caption,
    *,
    base_fill: str,
    base_border: str,
) -> Figure:
    """Locations coloured by remoteness class on grey municipalities; ``styles`` are the page's circles."""
    lat = pd.to_numeric(table["lat"], errors="coerce")
    lon = pd.to_numeric(table["lon"], errors="coerce")
    keep = (lat.notna() & lon.notna()).to_numpy()
    rows = table[keep]
    kept_styles = (
        [s for s, k in zip(styles, keep, strict=True) if k] if len(styles) == len(table) else list(styles)
    )
    points = pd.DataFrame(
        {
            "lon": lon[keep].to_numpy(),
            "lat": lat[keep].to_numpy(),
            "size": [POINT_AREA * float(s["radius"]) ** 2 for s in kept_styles],
            "fill": [s["fillColor"] for s in kept_styles],
            "edge": "#222222",
            "hollow": [bool(s.get("dashArray")) for s in kept_styles],
        }
    )
    polygons = municipalities[["country", "geometry"]].assign(fill=base_fill)
    panel = MapPanel(title="", polygons=polygons, points=points, edge_color=base_border, edge_width=0.25)
    legend = Legend(
        legend_title, tuple(LegendEntry(c, label, edge="#222222") for c, label in entries), "circle"
    )
    columns = [
        c
        for c in (
            "id",
            "name",
            "country",
            "remoteness_class",
            "distance_to_station_km",
            "capacity",
            "lat",
            "lon",
        )
        if c in rows.columns
    ]
    return map_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        panels=[panel],
        legends=[legend],
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        notes=(t("remoteness.class_rules", caption.lang),),
        data=rows[columns],
    )
