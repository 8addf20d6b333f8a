"""Draw a :class:`ui.export.figure.Figure` as PNG (2x) or SVG with matplotlib.

Imported only when an image is drawn: matplotlib costs about 0.6 s of a
fresh start. Pure: no Streamlit.

Layout is computed in inches from measured text widths (the Agg renderer
measures each string), top to bottom: title, subtitle, notes, method label,
panels, legends, source line. The figure is 10 in wide at 100 dpi (1,000 CSS
pixels); the PNG is drawn at 200 dpi, so 2,000 px wide ("2x"). Every font is
DejaVu Sans, which ships inside matplotlib, so the PNG looks the same on every
machine; the SVG keeps text as ``<text>`` (searchable, selectable) and embeds
a subset of the same font as ``@font-face`` so it renders the same in every
browser. The smallest type (the source line, 10.5 pt) is 8.8 px high when the
image is shown 600 px wide, a newspaper column.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.patches import Ellipse, Rectangle
from matplotlib.ticker import FuncFormatter

from ui.export.figure import DPI, PNG_SCALE, WIDTH_IN, BarPanel, Figure, Legend, LinePanel, MapPanel
from ui.i18n import format_number, format_percent

MARGIN_IN = 0.35
FONT = "DejaVu Sans"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"normal": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}

SIZE = {"title": 20.0, "subtitle": 12.5, "note": 11.5, "method": 12.0, "panel": 15.0, "legend": 12.0}
SIZE |= {"legend_title": 12.5, "footer": 10.5, "tick": 11.0, "axis": 12.0, "bar_text": 11.0}
TEXT_COLOR = "#1a1a1a"
MUTED = "#444444"
METHOD_COLOR = "#8a1c00"
LINE_SPACING = 1.3

RC = {
    "font.family": FONT,
    "svg.fonttype": "none",  # text stays text in SVG; the font is embedded below
    "axes.edgecolor": "#999999",
    "axes.labelcolor": TEXT_COLOR,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
}


# --------------------------------------------------------------------------- text measure


_MEASURE = RendererAgg(100, 100, 72)  # at 72 dpi, one pixel is one point


def text_width_pt(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points at font ``size`` (DejaVu Sans)."""
    prop = font_manager.FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def wrap(text: str, size: float, width_in: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` to lines no wider than ``width_in`` inches."""
    if not text:
        return []
    limit = width_in * 72.0
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width_pt(candidate, size, bold=bold) > limit:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def line_height_in(size: float) -> float:
    """Height of one line of text of ``size`` points, in inches."""
    return size * LINE_SPACING / 72.0


def smallest_text_px(image_width_px: float) -> float:
    """Height in pixels of the smallest type when the image is shown ``image_width_px`` wide."""
    return min(SIZE.values()) / 72.0 * DPI * image_width_px / (WIDTH_IN * DPI)


# --------------------------------------------------------------------------- number formats


def _formatter(lang: str, *, percent: bool = False) -> FuncFormatter:
    def fmt(value: float, _pos: object = None) -> str:
        if percent:
            return format_percent(value, lang, decimals=0)
        decimals = 0 if float(value).is_integer() or abs(value) >= 10 else (1 if abs(value) >= 1 else 2)
        return format_number(value, lang, decimals=decimals)

    return FuncFormatter(fmt)


# --------------------------------------------------------------------------- panels


def _map_aspect(panel: MapPanel) -> float:
    """Height / width of the panel's polygons in EPSG:3035."""
    minx, miny, maxx, maxy = panel.polygons.to_crs("EPSG:3035").total_bounds
    return float((maxy - miny) / max(maxx - minx, 1.0))


def _draw_map(ax, panel: MapPanel) -> None:
    polygons = panel.polygons.to_crs("EPSG:3035")
    polygons.plot(ax=ax, color=list(polygons["fill"]), edgecolor=panel.edge_color, linewidth=panel.edge_width)
    points = panel.points
    if points is not None and len(points):
        xy = gpd.GeoSeries(
            gpd.points_from_xy(points["lon"].astype(float), points["lat"].astype(float)), crs="EPSG:4326"
        ).to_crs("EPSG:3035")
        hollow = points["hollow"].to_numpy(bool)
        order = np.argsort(-points["size"].to_numpy(float), kind="stable")  # large first, small on top
        for mask, filled in ((~hollow, True), (hollow, False)):
            idx = [i for i in order if mask[i]]
            if not idx:
                continue
            ax.scatter(
                xy.x.to_numpy()[idx],
                xy.y.to_numpy()[idx],
                s=points["size"].to_numpy(float)[idx],
                facecolors=points["fill"].to_numpy()[idx] if filled else "none",
                edgecolors=points["edge"].to_numpy()[idx] if filled else points["fill"].to_numpy()[idx],
                linewidths=0.5 if filled else 1.1,
                alpha=0.9,
                zorder=3,
            )
    ax.set_aspect("equal")
    ax.set_axis_off()
    if panel.title:
        ax.set_title(panel.title, fontsize=SIZE["panel"], fontweight="bold", color=TEXT_COLOR, loc="left")


def _bar_rows(panel: BarPanel) -> list[str]:
    return list(dict.fromkeys(panel.frame["category"]))


def _bar_height_in(panel: BarPanel) -> float:
    rows = len(_bar_rows(panel))
    per_row = panel.frame.groupby("category")["series"].nunique().max() if len(panel.frame) else 1
    series = 1 if panel.stacked else max(int(per_row), 1)
    return 0.9 + rows * (0.34 + 0.26 * (series - 1))


LABEL_MAX_IN = 4.3
"""Longest category label (inches); longer ones end in an ellipsis instead of running off the image."""


def _fit(label: str, width_in: float) -> str:
    """``label`` cut with '…' to fit ``width_in`` inches at tick size."""
    if text_width_pt(label, SIZE["tick"]) / 72.0 <= width_in:
        return label
    while label and text_width_pt(label + "…", SIZE["tick"]) / 72.0 > width_in:
        label = label[:-1]
    return label.rstrip() + "…"


def _bar_label_width_in(panel: BarPanel) -> float:
    """Room for the category labels left of the bars (at most 4.5 in)."""
    widest = max((text_width_pt(str(c), SIZE["tick"]) for c in _bar_rows(panel)), default=0.0)
    return min(widest / 72.0, LABEL_MAX_IN) + 0.2


def _draw_bars(ax, panel: BarPanel, lang: str) -> None:
    frame = panel.frame
    rows = _bar_rows(panel)
    series = list(dict.fromkeys(frame["series"]))
    single = bool(len(frame)) and int(frame.groupby("category")["series"].nunique().max()) == 1
    n = 1 if panel.stacked or single else len(series)
    height = 0.8 / n
    left = np.zeros(len(rows))
    for j, name in enumerate(series):
        part = frame[frame["series"] == name].set_index("category").reindex(rows)
        values = part["value"].to_numpy(float)
        y = np.arange(len(rows)) if n == 1 else np.arange(len(rows)) - 0.4 + height * (j + 0.5)
        ax.barh(
            y,
            np.nan_to_num(values),
            height=0.7 if n == 1 else height * 0.92,
            left=left if panel.stacked else 0,
            color=panel.colors.get(name, "#777777"),
            edgecolor="white" if panel.stacked else "none",
            linewidth=0.6,
            label=name,
        )
        for yi, x0, v, text in zip(y, left, values, part["text"].fillna(""), strict=True):
            if not text or v != v:
                continue
            if panel.stacked:
                if v >= 0.06:
                    ax.text(
                        x0 + v / 2,
                        yi,
                        text,
                        ha="center",
                        va="center",
                        fontsize=SIZE["bar_text"] - 1,
                        color=_ink_on(panel.colors.get(name, "#777777")),
                    )
            else:
                ax.text(
                    v, yi, f" {text}", ha="left", va="center", fontsize=SIZE["bar_text"], color=TEXT_COLOR
                )
        if panel.stacked:
            left = left + np.nan_to_num(values)
    for value, color, _label in panel.rules:
        ax.axvline(value, color=color, linestyle=(0, (5, 4)), linewidth=1.5, zorder=4)
    ax.set_yticks(np.arange(len(rows)), [_fit(r, LABEL_MAX_IN) for r in rows], fontsize=SIZE["tick"])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_formatter(lang, percent=panel.percent))
    ax.tick_params(axis="x", labelsize=SIZE["tick"])
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(panel.x_title, fontsize=SIZE["axis"])
    if panel.percent:
        ax.set_xlim(0, 1)
    else:
        top = max(float(np.nanmax(frame["value"].to_numpy(float))) if len(frame) else 1.0, 1e-9)
        top = max([top, *[r[0] for r in panel.rules]])
        ax.set_xlim(0, top * 1.15)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    if panel.title:
        ax.set_title(panel.title, fontsize=SIZE["panel"], fontweight="bold", color=TEXT_COLOR, loc="left")


def _ink_on(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return "#111111" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 else "#ffffff"


def _draw_lines(ax, panel: LinePanel, lang: str) -> None:
    frame = panel.frame
    for name in dict.fromkeys(frame["series"]):
        part = frame[frame["series"] == name]
        style = (0, (5, 4)) if name in panel.dashed else "solid"
        kwargs = {"drawstyle": "steps-post"} if panel.step and name not in panel.dashed else {}
        ax.plot(
            part["x"].to_numpy(float),
            part["y"].to_numpy(float),
            color=panel.colors.get(name, "#777777"),
            linestyle=style,
            linewidth=2.2,
            label=name,
            **kwargs,
        )
    if panel.hline is not None:
        ax.axhline(panel.hline, color="#777777", linestyle=(0, (2, 3)), linewidth=1)
    if panel.x_log:
        ax.set_xscale("log")
    if panel.x_domain:
        ax.set_xlim(*panel.x_domain)
    ax.set_ylim(0, 1 if panel.y_percent else None)
    ax.xaxis.set_major_formatter(_formatter(lang, percent=panel.x_percent))
    ax.yaxis.set_major_formatter(_formatter(lang, percent=panel.y_percent))
    ax.tick_params(labelsize=SIZE["tick"])
    ax.set_xlabel(panel.x_title, fontsize=SIZE["axis"])
    ax.set_ylabel(panel.y_title, fontsize=SIZE["axis"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    if panel.title:
        ax.set_title(panel.title, fontsize=SIZE["panel"], fontweight="bold", color=TEXT_COLOR, loc="left")


# --------------------------------------------------------------------------- legends


@dataclass
class _Placed:
    x: float  # inches from the left
    row: int
    entry: object


def _legend_layout(legend: Legend, width_in: float) -> tuple[list[_Placed], int]:
    """Flow the entries left to right, wrapping at ``width_in``; returns placements and row count."""
    swatch = 0.22
    gap = 0.22
    x, row, placed = 0.0, 0, []
    for entry in legend.entries:
        w = swatch + 0.08 + text_width_pt(entry.label, SIZE["legend"]) / 72.0
        if x > 0 and x + w > width_in:
            x, row = 0.0, row + 1
        placed.append(_Placed(x, row, entry))
        x += w + gap
    return placed, (row + 1 if placed else 0)


def _legend_height_in(legend: Legend, width_in: float) -> float:
    _, rows = _legend_layout(legend, width_in)
    note = len(wrap(legend.note, SIZE["note"], width_in)) * line_height_in(SIZE["note"])
    return line_height_in(SIZE["legend_title"]) + rows * 0.32 + note + 0.12


def _draw_legend(fig, legend: Legend, top_in: float, height_in: float, fig_h: float) -> None:
    width_in = WIDTH_IN - 2 * MARGIN_IN

    def fx(x_in: float) -> float:
        return x_in / WIDTH_IN

    def fy(y_in: float) -> float:  # y_in measured from the top
        return 1 - y_in / fig_h

    y = top_in + line_height_in(SIZE["legend_title"])
    fig.text(
        fx(MARGIN_IN),
        fy(y - 0.04),
        legend.title,
        fontsize=SIZE["legend_title"],
        fontweight="bold",
        color=TEXT_COLOR,
        va="baseline",
    )
    placed, rows = _legend_layout(legend, width_in)
    for item in placed:
        entry = item.entry
        cy = y + 0.06 + item.row * 0.32 + 0.13
        x0 = MARGIN_IN + item.x
        shape = entry.shape or legend.shape
        if shape == "circle":
            fig.patches.append(_round(fig, x0 + 0.11, cy, 0.09, entry, fig_h))
        elif shape == "line":
            fig.add_artist(
                plt.Line2D(
                    [fx(x0), fx(x0 + 0.22)],
                    [fy(cy), fy(cy)],
                    color=entry.color,
                    linewidth=2.4,
                    linestyle=(0, (3, 2)) if entry.hollow else "solid",
                    transform=fig.transFigure,
                )
            )
        else:
            fig.patches.append(
                Rectangle(
                    (fx(x0), fy(cy + 0.1)),
                    0.22 / WIDTH_IN,
                    0.2 / fig_h,
                    transform=fig.transFigure,
                    facecolor=entry.color,
                    edgecolor=entry.edge,
                    linewidth=0.6,
                )
            )
        fig.text(fx(x0 + 0.3), fy(cy), entry.label, fontsize=SIZE["legend"], color=TEXT_COLOR, va="center")
    if legend.note:
        ny = y + 0.06 + rows * 0.32
        for line in wrap(legend.note, SIZE["note"], width_in):
            ny += line_height_in(SIZE["note"])
            fig.text(fx(MARGIN_IN), fy(ny), line, fontsize=SIZE["note"], color=MUTED, va="baseline")


def _round(fig, x_in: float, y_in: float, r_in: float, entry, fig_h: float):
    """A true circle of radius ``r_in`` inches centred at (x_in, y_in from the top)."""
    return Ellipse(
        (x_in / WIDTH_IN, 1 - y_in / fig_h),
        width=2 * r_in / WIDTH_IN,
        height=2 * r_in / fig_h,
        transform=fig.transFigure,
        facecolor="none" if entry.hollow else entry.color,
        edgecolor=entry.color if entry.hollow else entry.edge,
        linewidth=1.3 if entry.hollow else 0.6,
        linestyle=(0, (2, 1.5)) if entry.hollow else "solid",
    )


# --------------------------------------------------------------------------- figure


def _panel_title_in(panel) -> float:
    return line_height_in(SIZE["panel"]) + 0.12 if panel.title else 0.0


def _panel_height_in(panel, panel_width_in: float) -> float:
    if isinstance(panel, MapPanel):
        return min(panel_width_in * _map_aspect(panel), 7.5) + _panel_title_in(panel)
    if isinstance(panel, BarPanel):
        return _bar_height_in(panel)
    return 4.6


def draw(figure: Figure):
    """The matplotlib figure of ``figure`` (caller closes it)."""
    width_in = WIDTH_IN - 2 * MARGIN_IN
    header: list[tuple[str, float, str, bool]] = []  # text, size, colour, bold
    header += [
        (line, SIZE["title"], TEXT_COLOR, True)
        for line in wrap(figure.title, SIZE["title"], width_in, bold=True)
    ]
    header += [
        (line, SIZE["subtitle"], MUTED, False) for line in wrap(figure.subtitle, SIZE["subtitle"], width_in)
    ]
    for note in figure.notes:
        header += [(line, SIZE["note"], MUTED, False) for line in wrap(note, SIZE["note"], width_in)]
    header += [
        (line, SIZE["method"], METHOD_COLOR, True)
        for line in wrap(figure.method, SIZE["method"], width_in, bold=True)
    ]
    footer = wrap(figure.footer(), SIZE["footer"], width_in)

    maps_only = figure.is_map
    n = len(figure.panels)
    columns = n if maps_only else 1
    gap = 0.25
    panel_w = (width_in - gap * (columns - 1)) / columns
    heights = [_panel_height_in(p, panel_w) for p in figure.panels]
    panels_h = max(heights) if maps_only else sum(h + 0.5 for h in heights)

    header_h = sum(line_height_in(s) for _, s, _, _ in header) + 0.15
    legend_h = [_legend_height_in(lg, width_in) for lg in figure.legends]
    footer_h = len(footer) * line_height_in(SIZE["footer"]) + 0.1
    fig_h = MARGIN_IN + header_h + 0.1 + panels_h + 0.25 + sum(legend_h) + 0.1 + footer_h + MARGIN_IN * 0.6

    with plt.rc_context(RC):
        fig = plt.figure(figsize=(WIDTH_IN, fig_h), dpi=DPI, facecolor="white")
        y = MARGIN_IN
        for text, size, color, bold in header:
            y += line_height_in(size)
            fig.text(
                MARGIN_IN / WIDTH_IN,
                1 - (y - size * 0.25 / 72) / fig_h,
                text,
                fontsize=size,
                color=color,
                fontweight="bold" if bold else "normal",
                va="baseline",
            )
        y += 0.25
        if maps_only:
            title_h = max((_panel_title_in(p) for p in figure.panels), default=0.0)
            for i, panel in enumerate(figure.panels):
                x = MARGIN_IN + i * (panel_w + gap)
                box = [
                    x / WIDTH_IN,
                    1 - (y + panels_h) / fig_h,
                    panel_w / WIDTH_IN,
                    (panels_h - title_h) / fig_h,
                ]
                ax = fig.add_axes(box)
                _draw_map(ax, panel)
                ax.set_anchor("N")
            y += panels_h
        else:
            for panel, h in zip(figure.panels, heights, strict=True):
                pad = _bar_label_width_in(panel) if isinstance(panel, BarPanel) else 0.9
                top_pad = 0.4 if panel.title else 0.0
                rect = [(MARGIN_IN + pad) / WIDTH_IN, 1 - (y + h) / fig_h]
                ax = fig.add_axes([*rect, (width_in - pad - 0.3) / WIDTH_IN, (h - top_pad) / fig_h])
                if isinstance(panel, BarPanel):
                    _draw_bars(ax, panel, figure.lang)
                else:
                    _draw_lines(ax, panel, figure.lang)
                y += h + 0.5
        y += 0.25
        for legend, h in zip(figure.legends, legend_h, strict=True):
            _draw_legend(fig, legend, y, h, fig_h)
            y += h
        y += 0.1
        for line in footer:
            y += line_height_in(SIZE["footer"])
            fig.text(
                MARGIN_IN / WIDTH_IN, 1 - y / fig_h, line, fontsize=SIZE["footer"], color=MUTED, va="baseline"
            )
    return fig


def to_png(figure: Figure, *, scale: int = PNG_SCALE) -> bytes:
    """PNG bytes of ``figure`` at ``scale`` x (2,000 px wide at the default 2x)."""
    fig = draw(figure)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI * scale, facecolor="white")
        return buffer.getvalue()
    finally:
        plt.close(fig)


def to_svg(figure: Figure) -> bytes:
    """SVG bytes of ``figure``: text as ``<text>``, DejaVu Sans embedded (subset) as @font-face."""
    fig = draw(figure)
    try:
        buffer = io.StringIO()
        with plt.rc_context(RC):
            fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
        svg = buffer.getvalue()
    finally:
        plt.close(fig)
    return _embed_fonts(svg).encode("utf-8")


_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


def _embed_fonts(svg: str) -> str:
    """Insert a @font-face per weight with the subset of DejaVu Sans the SVG's text uses."""
    import html

    chars = "".join(html.unescape(t) for t in _TEXT.findall(svg)) + "0123456789"
    faces = []
    for weight, path in FONT_FILES.items():
        data = _subset(path, chars)
        weight_css = "700" if weight == "bold" else "400"
        encoded = base64.b64encode(data).decode("ascii")
        faces.append(
            f"@font-face{{font-family:'DejaVu Sans';font-weight:{weight_css};"
            f"src:url(data:font/ttf;base64,{encoded}) format('truetype');}}"
        )
    style = "<style>" + "".join(faces) + "</style>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + style, svg, count=1)


def _subset(path: Path, chars: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge timestamp: not needed, not subsettable
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


Renderer = Callable[[Figure], bytes]
RENDERERS: dict[str, Renderer] = {"png": to_png, "svg": to_svg}
