"""A figure described in plain values, ready to draw or to write as CSV.

The builders in ``ui.export.builders`` fill these from the view objects the
page already computed (classes, colours, frames from ``analysis/``), so an
image never runs a second computation and always shows what the page shows.
Geometry is in EPSG:4326; the renderer projects maps to EPSG:3035.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

PRODUCT = "Asylum reception NL-BE"
"""Product name printed on every image (the page title of the app)."""
WIDTH_IN = 10.0
DPI = 100
"""1x: a figure is 10 in at 100 dpi, 1,000 CSS pixels wide."""
PNG_SCALE = 2
PNG_WIDTH_PX = int(WIDTH_IN * DPI * PNG_SCALE)
"""Width of the PNG download: 2x, 2,000 px."""


@dataclass(frozen=True)
class LegendEntry:
    """One legend swatch: fill colour, label and, for points, an outline."""

    color: str
    label: str
    edge: str = "#777777"
    hollow: bool = False
    shape: str = ""
    """'square', 'circle' or 'line'; empty: the legend's shape."""


@dataclass(frozen=True)
class Legend:
    """A titled legend; ``shape`` is 'square' (areas), 'circle' (points) or 'line'."""

    title: str
    entries: tuple[LegendEntry, ...]
    shape: str = "square"
    note: str = ""


@dataclass(frozen=True)
class MapPanel:
    """One map: filled polygons and points on top.

    ``polygons`` is a GeoDataFrame (EPSG:4326) with a ``fill`` column of hex
    colours (the page's class colours); ``points`` a frame with ``lon``,
    ``lat`` (EPSG:4326), ``size`` (marker area, pt^2), ``fill``, ``edge`` and
    ``hollow`` (capacity unknown: drawn as an outline).
    """

    title: str
    polygons: object
    points: pd.DataFrame | None = None
    edge_color: str = "#777777"
    edge_width: float = 0.2


@dataclass(frozen=True)
class BarPanel:
    """Horizontal bars: one row per (category, series), long form.

    ``frame`` columns: ``category``, ``series``, ``value``, ``text`` (the
    label printed at the end of the bar, formatted for the language).
    ``stacked`` stacks the series of one category (shares adding to 1).
    ``rules`` are vertical reference lines: (value, colour, label).
    """

    frame: pd.DataFrame
    colors: dict[str, str]
    x_title: str
    percent: bool = False
    stacked: bool = False
    rules: tuple[tuple[float, str, str], ...] = ()
    title: str = ""


@dataclass(frozen=True)
class LinePanel:
    """Lines per series: ``frame`` columns ``series``, ``x``, ``y`` (long form).

    ``dashed`` names series drawn dashed; ``step`` draws a step line (ECDF);
    ``x_log`` puts x on a log scale; ``y_percent``/``x_percent`` format the
    axes as percentages; ``hline`` draws a dotted horizontal rule.
    """

    frame: pd.DataFrame
    colors: dict[str, str]
    x_title: str
    y_title: str
    dashed: tuple[str, ...] = ()
    step: bool = False
    x_log: bool = False
    x_percent: bool = False
    y_percent: bool = False
    x_domain: tuple[float, float] | None = None
    hline: float | None = None
    title: str = ""


@dataclass(frozen=True)
class Figure:
    """Everything printed on an exported image, and the data behind it.

    ``subtitle`` names the indicator, its unit and the reference date in use;
    ``method`` is printed when a value is a target, plan, estimate or model;
    ``source`` names the publishers; ``date`` is the data date. ``lang`` sets
    the number format of axis ticks. ``data`` is the table written as CSV.
    """

    title: str
    subtitle: str
    panels: tuple[MapPanel | BarPanel | LinePanel, ...]
    legends: tuple[Legend, ...]
    source: str
    date: str
    lang: str
    data: pd.DataFrame
    method: str = ""
    notes: tuple[str, ...] = ()
    product: str = PRODUCT
    labels: dict[str, str] = field(default_factory=dict)
    """Translated words of the footer: 'source' line template etc. (see builders)."""

    @property
    def is_map(self) -> bool:
        """True when every panel is a map."""
        return all(isinstance(p, MapPanel) for p in self.panels)

    def texts(self) -> list[str]:
        """Every text printed on the image (title, subtitle, legends, footer), for tests."""
        out = [self.title, self.subtitle, *self.notes, self.method, self.footer()]
        for legend in self.legends:
            out.append(legend.title)
            out.extend(e.label for e in legend.entries)
            out.append(legend.note)
        for panel in self.panels:
            out.append(panel.title)
        return [s for s in out if s]

    def footer(self) -> str:
        """The source line: sources, data date, product name."""
        line = self.labels.get("source_line", "{sources} · {date}").format(
            sources=self.source, date=self.date
        )
        return f"{line} · {self.product}"
