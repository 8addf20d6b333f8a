"""The comparison picture as PNG: two maps, one legend, title and source line."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # no display on servers

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ui import maps
from ui.i18n import t
from ui.layers import class_legend_entries, type_legend_entries


def comparison_png(view, lang: str) -> bytes:
    """The side-by-side picture for journalists: title, shared legend, source line.

    Pure (no Streamlit calls): the page passes it to ``st.download_button`` as
    deferred data, so the PNG (about 1 s of matplotlib) is drawn only on click.
    Maps are drawn in EPSG:3035 so both countries keep their true shape.
    """
    table = view.table.to_crs("EPSG:3035")
    locations = view.locations
    loc_points = gpd.GeoSeries(
        gpd.points_from_xy(locations["lon"].astype(float), locations["lat"].astype(float)), crs="EPSG:4326"
    ).to_crs("EPSG:3035")
    fig, axes = plt.subplots(1, 2, figsize=(13, 7.6), dpi=120)
    cap = pd.to_numeric(locations["capacity"], errors="coerce").astype(float)
    sizes = (maps.circle_radius_px(locations["capacity"], max_capacity=float(cap.max() or 1)) ** 2) * 0.9
    for ax, country in zip(axes, ("NL", "BE"), strict=True):
        part = table[table["country"] == country]
        part.plot(ax=ax, color=view.classes.color_of(part[view.measure]), edgecolor="#777777", linewidth=0.2)
        mask = (locations["country"] == country).to_numpy()
        colors = [maps.LOCATION_TYPE_COLORS.get(k, "#969696") for k in locations["type"][mask]]
        known = cap[mask].notna().to_numpy()
        pts = loc_points[mask]
        ax.scatter(
            pts.x[known],
            pts.y[known],
            s=sizes[mask][known],
            c=[c for c, k in zip(colors, known) if k],
            edgecolors="#222222",
            linewidths=0.4,
            alpha=0.85,
            zorder=3,
        )
        ax.scatter(
            pts.x[~known],
            pts.y[~known],
            s=sizes[mask][~known],
            facecolors="none",
            edgecolors=[c for c, k in zip(colors, known) if not k],
            linewidths=0.8,
            zorder=3,
        )
        ax.set_title(t(f"country.{country}", lang), fontsize=13)
        ax.set_axis_off()
    class_entries = class_legend_entries(view.classes, lang, decimals=view.decimals)
    handles = [Patch(facecolor=c, edgecolor="#777777", label=label) for c, label in class_entries]
    fig.legend(
        handles=handles,
        title=view.legend_title,
        loc="lower left",
        ncol=4,
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        bbox_to_anchor=(0.02, 0.06),
    )
    type_handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=c, markeredgecolor="#222222", label=label)
        for c, label in type_legend_entries(view.types, lang)
    ]
    fig.legend(
        handles=type_handles,
        title=t("legend.location_types", lang),
        loc="lower right",
        ncol=3,
        fontsize=8,
        title_fontsize=9,
        frameon=False,
        bbox_to_anchor=(0.98, 0.06),
    )
    fig.suptitle(view.title, fontsize=15, x=0.02, ha="left")
    fig.text(0.02, 0.925, view.subtitle, fontsize=9, color="#444444")
    fig.text(
        0.02,
        0.015,
        t("common.source_line", lang, sources=view.sources, date=view.date),
        fontsize=7.5,
        color="#444444",
        wrap=True,
    )
    fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.2, wspace=0.02)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
