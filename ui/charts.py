"""Altair helpers shared by the remoteness and dispersal pages.

One colour per country on every chart, and the empirical distribution
function (optionally weighted) used to compare the countries' spreads.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from ui.i18n import t

COUNTRY_COLORS = {"NL": "#e66101", "BE": "#5e3c99"}
OTHER_COUNTRY_COLOR = "#777777"
AXIS_LABEL_LIMIT = 400
# alt.theme.enable and alt.data_transformers.enable are global to the process;
# sessions run in threads.
_ALTAIR_LOCK = threading.Lock()


_DATASET_NUMBERS = itertools.count()


def _collect_frames(data: pd.DataFrame, datasets: dict) -> dict[str, str]:
    """Altair data transformer: keep each chart frame as is, referenced by a name unique
    in the process (the browser keeps datasets by name across the charts of a page: two
    charts whose data shared a name drew nothing)."""
    name = f"chart_data_{next(_DATASET_NUMBERS)}"
    datasets[name] = data
    return {"name": name}


alt.data_transformers.register("collect_frames", _collect_frames)


@dataclass(frozen=True)
class PreparedChart:
    """An Altair chart with the Vega-Lite spec and data frames ``st.vega_lite_chart`` takes.

    Cacheable (``ui.cache.read_only``): building the chart and its spec costs
    tens of milliseconds per chart, every rerun. Never mutated after
    :func:`prepare`; the image export reads ``chart``.
    """

    chart: alt.TopLevelMixin
    spec: dict
    datasets: dict[str, pd.DataFrame]


def prepare(chart: alt.TopLevelMixin) -> PreparedChart:
    """``chart`` as Streamlit sends it, built once, without Altair's schema check.

    ``st.altair_chart`` checks the whole Vega-Lite spec against its JSON schema
    (jsonschema) on every rerun: 116 of the 150 ms that the four charts of the
    remoteness page cost per rerun. Our charts come from fixed builders, so
    they are validated by the tests instead (tests/test_charts.py validates
    every chart the pages send). As in ``st.altair_chart``, the data frames go
    to Streamlit as they are (sent as Arrow) and the spec is built without
    Altair's default theme (Streamlit's theme applies in the browser).
    """
    datasets: dict[str, pd.DataFrame] = {}
    with (
        _ALTAIR_LOCK,
        alt.theme.enable("none"),
        alt.data_transformers.enable("collect_frames", datasets=datasets),
    ):
        spec = chart.to_dict(validate=False)
    return PreparedChart(chart, spec, datasets)


def show_chart(chart: alt.TopLevelMixin | PreparedChart) -> alt.TopLevelMixin:
    """Draw a chart (prepared, or Altair's, prepared here) full width; returns the Altair chart."""
    prepared = chart if isinstance(chart, PreparedChart) else prepare(chart)
    # A shallow copy: Streamlit takes the top-level "datasets" (and "data") out of
    # the spec it is given, and the prepared spec is shared between sessions.
    spec = {**prepared.spec, "datasets": {**prepared.spec.get("datasets", {}), **prepared.datasets}}
    st.vega_lite_chart(spec, width="stretch")
    return prepared.chart


def show_cached_chart(data, key: Hashable, build: Callable[[], alt.TopLevelMixin]) -> alt.TopLevelMixin:
    """:func:`show_chart` of ``build()``, built and prepared once per dataset and ``key``
    (``ui.cache.read_only``: ``key`` must name everything else the chart shows, such as
    the language). Returns the Altair chart (for the image export)."""
    from ui import cache

    return show_chart(cache.read_only(data, key, lambda: prepare(build())))


def country_label(country: str, lang: str) -> str:
    """'Netherlands' / 'Belgium' (or the code of any other country)."""
    label = t(f"country.{country}", lang)
    return country if label == f"country.{country}" else label


def country_scale(countries: Sequence[str], lang: str, *, labels: Sequence[str] | None = None) -> alt.Scale:
    """A colour scale mapping each country's label to its colour."""
    domain = list(labels) if labels is not None else [country_label(c, lang) for c in countries]
    colors = [COUNTRY_COLORS.get(c, OTHER_COUNTRY_COLOR) for c in countries]
    return alt.Scale(domain=domain, range=colors)


def category_axis(field: str, order: Sequence[str]) -> alt.Y:
    """A y axis of categories in ``order``, untitled, with long labels kept whole."""
    return alt.Y(field, title=None, sort=list(order), axis=alt.Axis(labelLimit=AXIS_LABEL_LIMIT))


def share_axis(title: str) -> alt.X:
    """An x axis of the ``share`` field, 0 to 100 %."""
    return alt.X(
        "share:Q", title=title, axis=alt.Axis(format="%", tickCount=10), scale=alt.Scale(domain=[0, 1])
    )


def country_color(
    field: str, countries: Sequence[str], lang: str, *, scale: alt.Scale | None = None
) -> alt.Color:
    """Colour by country (``field`` holds the countries' labels), legend under the chart."""
    return alt.Color(
        field,
        scale=scale if scale is not None else country_scale(countries, lang),
        legend=alt.Legend(title=None, orient="bottom"),
    )


def ecdf(values, weights=None) -> pd.DataFrame:
    """Empirical (weighted) distribution: share of the weight at or below each value.

    Pairs with a missing value, or a missing or non-positive weight, are left
    out. Returns columns ``value`` and ``share`` (0-1), sorted by value, with a
    first point (smallest value, 0) so a step line starts on the axis; empty
    when nothing remains.

    >>> ecdf([3, 1, 2]).round(3).to_numpy().tolist()
    [[1.0, 0.0], [1.0, 0.333], [2.0, 0.667], [3.0, 1.0]]
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float, na_value=np.nan)
    if weights is None:
        w = np.ones_like(v)
    else:
        w = pd.to_numeric(pd.Series(weights), errors="coerce").to_numpy(float, na_value=np.nan)
    keep = np.isfinite(v) & np.isfinite(w) & (w > 0)
    v, w = v[keep], w[keep]
    if v.size == 0:
        return pd.DataFrame({"value": pd.Series(dtype=float), "share": pd.Series(dtype=float)})
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    share = np.cumsum(w) / w.sum()
    share[-1] = 1.0
    return pd.DataFrame({"value": np.concatenate([[v[0]], v]), "share": np.concatenate([[0.0], share])})
