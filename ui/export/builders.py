"""Figure descriptions built from the values the pages already computed.

Each builder takes a page's view objects (the compare view, the display
frames of the dispersal and remoteness charts, the classes and colours the
page drew with) and returns a :class:`ui.export.figure.Figure`. Nothing here
recomputes a measure: the numbers on the image are the page's numbers.
Pure (no Streamlit); matplotlib is not imported here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ui import maps
from ui.charts import COUNTRY_COLORS, country_label
from ui.colors import ColorClasses
from ui.export.figure import BarPanel, Figure, Legend, LegendEntry, LinePanel, MapPanel
from ui.i18n import format_number, t
from ui.layers import class_legend_entries, type_legend_entries

COUNTRIES = ("NL", "BE")
QUALIFIED_METHODS = ("target", "plan", "estimate")
"""Methods whose values are not observations: the image says so (models too)."""
PLAIN_METHODS = ("observed", "compiled", "")
POINT_AREA = 1.4
"""Marker area (pt^2) per square pixel of the page's circle radius: the image maps
are about 470 px wide against about 600 px on the page, so circles shrink with them."""


def labels(lang: str) -> dict[str, str]:
    """Translated footer words shared by every figure."""
    return {
        "source_line": t("common.source_line", lang, sources="{sources}", date="{date}"),
        "csv_note": t("export.csv_note", lang),
    }


def subtitle(*parts: str) -> str:
    """Subtitle parts joined with ' · ' (empty parts left out)."""
    return " · ".join(p for p in parts if p)


def reference_text(reference: str, lang: str) -> str:
    """'Reference date: in use at the end of 2023' (or '' without one)."""
    return t("export.reference", lang, reference=reference) if reference else ""


def method_text(methods: Sequence[str], lang: str) -> str:
    """The method label printed when a value is a target, plan, estimate or model."""
    shown = [m for m in dict.fromkeys(methods) if m not in PLAIN_METHODS]
    if not shown:
        return ""
    names = ", ".join(t(f"export.method.{m}", lang) if m in QUALIFIED_METHODS else m for m in shown)
    return t("export.method_label", lang, methods=names)


def country_colors(lang: str) -> dict[str, str]:
    """Series label -> colour, as on the page's charts."""
    return {country_label(c, lang): COUNTRY_COLORS[c] for c in COUNTRIES}


def _class_label(values: pd.Series, classes: ColorClasses, entries: list[tuple[str, str]]) -> list[str]:
    """The legend label of each value's colour (so a CSV row says which class it is drawn in)."""
    by_color = {}
    for color, label in entries:
        by_color.setdefault(color, label)
    return [by_color.get(c, "") for c in classes.color_of(values)]


# --------------------------------------------------------------------------- compare


def compare_points(locations: pd.DataFrame) -> pd.DataFrame:
    """Location markers as on the page's maps: colour by type, area by capacity, hollow if unknown."""
    capacity = pd.to_numeric(locations["capacity"], errors="coerce")
    max_capacity = float(capacity.max()) if capacity.notna().any() else 1.0
    radius = maps.circle_radius_px(locations["capacity"], max_capacity=max_capacity)
    lat = pd.to_numeric(locations["lat"], errors="coerce")
    lon = pd.to_numeric(locations["lon"], errors="coerce")
    frame = pd.DataFrame(
        {
            "country": locations["country"].to_numpy(),
            "lon": lon.to_numpy(),
            "lat": lat.to_numpy(),
            "size": POINT_AREA * radius**2,
            "fill": [
                maps.LOCATION_TYPE_COLORS.get(str(k), maps.LOCATION_TYPE_COLORS["other"])
                for k in locations["type"]
            ],
            "edge": "#222222",
            "hollow": capacity.isna().to_numpy(),
        }
    )
    return frame[frame["lon"].notna() & frame["lat"].notna()].reset_index(drop=True)


def compare_figure(view, lang: str, *, reference: str = "", unit: str = "") -> Figure:
    """The Compare page's two maps (``ui.compare_view.ComparisonView``) as a figure."""
    table = view.table
    entries = class_legend_entries(view.classes, lang, decimals=view.decimals)
    points = compare_points(view.locations)
    panels = []
    for country in COUNTRIES:
        part = table[table["country"] == country]
        polygons = part[["country", "geometry"]].assign(fill=view.classes.color_of(part[view.measure]))
        panels.append(
            MapPanel(
                title=t(f"country.{country}", lang),
                polygons=polygons,
                points=points[points["country"] == country].reset_index(drop=True),
            )
        )
    legends = (
        Legend(view.legend_title, tuple(LegendEntry(c, label) for c, label in entries)),
        Legend(
            t("legend.location_types", lang),
            tuple(
                LegendEntry(c, label, edge="#222222") for c, label in type_legend_entries(view.types, lang)
            ),
            shape="circle",
            note=t("legend.circle_size", lang),
        ),
    )
    methods = list(table.get(f"{view.measure}__method", pd.Series(dtype=str)))
    data = pd.DataFrame(
        {
            "country": table["country"].to_numpy(),
            "municipality_code": table["code"].to_numpy(),
            "municipality": table["name"].to_numpy(),
            view.measure: pd.to_numeric(table[view.measure], errors="coerce").to_numpy(),
            "class": _class_label(table[view.measure], view.classes, entries),
        }
    )
    for part in ("date", "source", "method"):
        column = f"{view.measure}__{part}"
        if column in table.columns:
            data[part] = table[column].to_numpy()
    return Figure(
        title=view.title,
        subtitle=subtitle(
            view.legend_title + (f" ({unit})" if unit else ""), reference_text(reference, lang)
        ),
        notes=(view.subtitle,),
        panels=tuple(panels),
        legends=legends,
        source=view.sources,
        date=view.date,
        method=method_text(methods, lang),
        lang=lang,
        data=data,
        labels=labels(lang),
    )


# --------------------------------------------------------------------------- charts


def bar_figure(  # noqa: PLR0913 - keyword-only: one keyword per part of the figure (titles, axes, legend, source, date)
    *,
    title: str,
    subtitle_text: str,
    frame: pd.DataFrame,
    category: str,
    series: str,
    value: str,
    text: str,
    colors: dict[str, str],
    x_title: str,
    source: str,
    date: str,
    lang: str,
    percent: bool = False,
    stacked: bool = False,
    rules: tuple[tuple[float, str, str], ...] = (),
    legend_title: str = "",
    method: str = "",
    notes: tuple[str, ...] = (),
    data: pd.DataFrame | None = None,
) -> Figure:
    """A horizontal bar chart from a page's display frame (one row per bar)."""
    long = pd.DataFrame(
        {
            "category": frame[category].astype(str).to_numpy(),
            "series": frame[series].astype(str).to_numpy(),
            "value": pd.to_numeric(frame[value], errors="coerce").to_numpy(float),
            "text": frame[text].astype(str).to_numpy(),
        }
    )
    present = list(dict.fromkeys(long["series"]))
    entries = [LegendEntry(colors.get(s, "#777777"), s) for s in present]
    entries += [LegendEntry(color, label, hollow=True, shape="line") for _, color, label in rules]
    legend = Legend(legend_title, tuple(entries), shape="square")
    panel = BarPanel(
        frame=long, colors=colors, x_title=x_title, percent=percent, stacked=stacked, rules=rules
    )
    return Figure(
        title=title,
        subtitle=subtitle_text,
        notes=notes,
        panels=(panel,),
        legends=(legend,),
        source=source,
        date=date,
        method=method,
        lang=lang,
        data=data if data is not None else long.drop(columns="text"),
        labels=labels(lang),
    )


def line_figure(  # noqa: PLR0913 - keyword-only: one keyword per part of the figure (titles, axes, legend, source, date)
    *,
    title: str,
    subtitle_text: str,
    panels: Sequence[LinePanel],
    source: str,
    date: str,
    lang: str,
    data: pd.DataFrame,
    legend_title: str = "",
    method: str = "",
    notes: tuple[str, ...] = (),
) -> Figure:
    """Line charts (Lorenz curves, distributions) with one shared legend."""
    entries: dict[str, LegendEntry] = {}
    for panel in panels:
        for name in dict.fromkeys(panel.frame["series"]):
            entries.setdefault(
                name, LegendEntry(panel.colors.get(name, "#777777"), name, hollow=name in panel.dashed)
            )
    return Figure(
        title=title,
        subtitle=subtitle_text,
        notes=notes,
        panels=tuple(panels),
        legends=(Legend(legend_title, tuple(entries.values()), shape="line"),),
        source=source,
        date=date,
        method=method,
        lang=lang,
        data=data,
        labels=labels(lang),
    )


def map_figure(  # noqa: PLR0913 - keyword-only: one keyword per part of the figure (titles, legends, source, date)
    *,
    title: str,
    subtitle_text: str,
    panels: Sequence[MapPanel],
    legends: Sequence[Legend],
    source: str,
    date: str,
    lang: str,
    data: pd.DataFrame,
    method: str = "",
    notes: tuple[str, ...] = (),
) -> Figure:
    """One or two maps with their legends."""
    return Figure(
        title=title,
        subtitle=subtitle_text,
        notes=notes,
        panels=tuple(panels),
        legends=tuple(legends),
        source=source,
        date=date,
        method=method,
        lang=lang,
        data=data,
        labels=labels(lang),
    )


def number_texts(values, lang: str, *, decimals: int = 0) -> list[str]:
    """Values formatted for ``lang`` (for bar labels)."""
    return [format_number(v, lang, decimals=decimals) for v in values]
