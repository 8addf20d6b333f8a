"""Read back what an Altair chart of a page draws: its data frames and its colour scale.

The exported image of a chart is drawn from the very frame and colours of
the chart object the page passed to ``st.altair_chart``, so the image can
never show other numbers than the page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd


def kwds(obj) -> dict:
    """An Altair object's own properties (its schema keywords), {} for anything else."""
    return getattr(obj, "_kwds", {}) or {}


def layers(chart) -> list:
    """The chart's layers (the chart itself when it is not layered)."""
    inner = kwds(chart).get("layer")
    return list(inner) if isinstance(inner, list) else [chart]


def layer_frames(chart) -> list[pd.DataFrame]:
    """Per layer, its data frame (Altair lifts data shared by layers to the top chart)."""
    top = kwds(chart).get("data")
    out = []
    for layer in layers(chart):
        data = kwds(layer).get("data")
        if isinstance(data, pd.DataFrame):
            out.append(data)
        elif isinstance(top, pd.DataFrame):
            out.append(top)
        else:
            out.append(pd.DataFrame())
    return out


def color_scale(chart) -> dict[str, str]:
    """Domain value -> colour of the first explicit colour scale in the chart's layers."""
    for layer in layers(chart):
        color = kwds(kwds(layer).get("encoding")).get("color")
        scale = kwds(color).get("scale")
        domain, range_ = kwds(scale).get("domain"), kwds(scale).get("range")
        if isinstance(domain, list) and isinstance(range_, list):
            return {str(d): str(r) for d, r in zip(domain, range_, strict=False)}
    return {}


def is_chart(obj) -> bool:
    """True for an Altair chart object."""
    return isinstance(obj, alt.TopLevelMixin)
