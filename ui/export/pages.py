"""One figure builder per chart or map of the Dispersal and Remoteness pages.

Each takes the Altair chart object the page drew (its data frame and colour
scale are read back, see ``ui.export.from_altair``) or, for maps, the frame
and class colours the page drew with (the values of ``analysis/``), plus
the title, subtitle, source and date strings the page printed, and returns a
:class:`ui.export.figure.Figure`. Nothing is recomputed here. Pure: no
Streamlit, no matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ui.charts import country_label
from ui.export.builders import (
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
from ui.export.from_altair import color_scale, kwds, layer_frames, layers
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


def hosting(chart, caption: Caption) -> Figure:
    """Shares of municipalities hosting and of the population living in them (``hosting_chart``)."""
    frame = layer_frames(chart)[0]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame,
        category="measure",
        series="country",
        value="share",
        text="share_text",
        colors=color_scale(chart) or country_colors(caption.lang),
        x_title=t("dispersal.hosting.share", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        percent=True,
        data=frame[["measure", "country", "share", "detail"]],
    )


def lorenz(chart, caption: Caption) -> Figure:
    """Lorenz curves per country with the equality line (``lorenz_chart``; its legend carries the Gini)."""
    frame = layer_frames(chart)[0]
    lang = caption.lang
    dashed = tuple(dict.fromkeys(frame.loc[frame["dashed"].astype(bool), "series"]))
    panel = LinePanel(
        frame=pd.DataFrame(
            {"series": frame["series"], "x": frame["population_share_cum"], "y": frame["places_share_cum"]}
        ),
        colors=color_scale(chart),
        x_title=t("dispersal.lorenz_x", lang),
        y_title=t("dispersal.lorenz_y", lang),
        dashed=dashed,
        x_percent=True,
        y_percent=True,
        x_domain=(0.0, 1.0),
    )
    curves = frame[~frame["dashed"].astype(bool)]
    return line_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        panels=[panel],
        source=caption.source,
        date=caption.date,
        lang=lang,
        data=curves[["series", "population_share_cum", "places_share_cum"]],
    )


def provinces(chart, caption: Caption) -> Figure:
    """Places per 1,000 by province with the national rates as dashed lines (``province_chart``)."""
    frames = layer_frames(chart)
    bars, national = frames[0], frames[-1]
    colors = color_scale(chart) or country_colors(caption.lang)
    rules = tuple(
        (float(v), colors.get(str(c), "#777777"), str(text))
        for c, v, text in zip(
            national["country_label"], national["places_per_1000"], national["text"], strict=True
        )
    )
    columns = [
        c
        for c in ("country", "label", "places_per_1000", "places_known", "locations", "population")
        if c in bars
    ]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=bars,
        category="label",
        series="country_label",
        value="places_per_1000",
        text="value_text",
        colors=colors,
        x_title=t("dispersal.province_x", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        rules=rules,
        data=bars[columns].rename(columns={"label": "province"}),
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


def spreidingswet(chart, table: pd.DataFrame, caption: Caption) -> Figure:
    """Spreidingswet task (a target) beside the known places per Dutch province (``spreidingswet_chart``)."""
    long = layer_frames(chart)[0]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=long,
        category="province",
        series="series",
        value="places",
        text="places_text",
        colors=color_scale(chart),
        x_title=t("dispersal.spreidingswet_axis", caption.lang),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        method=method_text(["target"], caption.lang),
        data=table,
    )


# --------------------------------------------------------------------------- remoteness


def class_shares(chart, legend_title: str, caption: Caption) -> Figure:
    """100 % stacked bars of the remoteness classes (``class_shares_chart``)."""
    frame = layer_frames(chart)[0]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame.sort_values("order", kind="stable"),
        category="bar",
        series="class",
        value="share",
        text="share_text",
        colors=color_scale(chart),
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
    charts: dict[str, object], headings: dict[str, str], caption: Caption, *, log: bool
) -> Figure:
    """The distribution charts (per location, capacity-weighted) of one measure (``ecdf_chart`` each)."""
    panels = []
    data = []
    for basis, chart in charts.items():
        frame = layer_frames(chart)[0]
        if frame.empty:
            continue
        x = kwds(kwds(kwds(layers(chart)[0]).get("encoding")).get("x"))
        y = kwds(kwds(kwds(layers(chart)[0]).get("encoding")).get("y"))
        domain = kwds(x.get("scale")).get("domain")
        panels.append(
            LinePanel(
                frame=pd.DataFrame({"series": frame["country"], "x": frame["value"], "y": frame["share"]}),
                colors=color_scale(chart),
                x_title=str(x.get("title", "")),
                y_title=str(y.get("title", "")),
                step=True,
                x_log=log,
                y_percent=True,
                x_domain=(float(domain[0]), float(domain[1])) if isinstance(domain, list) else None,
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


def most_remote(chart, caption: Caption) -> Figure:
    """The locations farthest from a railway station (``most_remote_chart``)."""
    frame = layer_frames(chart)[0]
    columns = [c for c in ("name", "country", "km", "station", "capacity", "class") if c in frame.columns]
    return bar_figure(
        title=caption.title,
        subtitle_text=caption.full_subtitle,
        frame=frame,
        category="label",
        series="country",
        value="km",
        text="km_text",
        colors=color_scale(chart) or country_colors(caption.lang),
        x_title=str(kwds(kwds(kwds(layers(chart)[0]).get("encoding")).get("x")).get("title", "")),
        source=caption.source,
        date=caption.date,
        lang=caption.lang,
        data=frame[columns].rename(columns={"km": "distance_to_station_own_km"}),
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
            "distance_to_station_own_km",
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
