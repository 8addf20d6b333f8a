"""One period of a municipal indicator, chosen from the periods present.

A map of an indicator shows **one** stated period (``reference_date``), never
the "latest row" per municipality (which mixes 2022-H1, 2023-H2 and undated
rows on one map). The periods are the distinct stated ones, ordered after
parsing (:mod:`analysis.periods`), never as strings. The default is the
period with the most municipalities; among equals, the latest.

Rows without a period (the source states none) or with an unreadable one
are never mapped: :func:`unmapped_rows` lists them. Where one municipality
has several rows in the chosen period with the same value (the same figure
from two raw files), it is shown once with every source; where the values
differ, it is not mapped either and is listed as a conflict.

Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.periods import period_bounds

__all__ = ["default_period", "period_options", "period_values", "unmapped_rows"]


def _rows(indicators: pd.DataFrame, indicator: str, level: str) -> pd.DataFrame:
    rows = indicators[(indicators["indicator"] == indicator) & (indicators["level"] == level)].copy()
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows = rows[rows["value"].notna()]
    bounds = period_bounds(rows["reference_date"].astype("string").fillna(""))
    rows["period_start"], rows["period_end"] = bounds["start"], bounds["end"]
    return rows


def period_options(indicators: pd.DataFrame, indicator: str, *, level: str = "municipality") -> pd.DataFrame:
    """The stated periods of one indicator, in time order.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Long-form indicators (``indicator``, ``level``, ``area_code``,
        ``value``, ``reference_date``, ``method``).
    indicator : str
    level : str
        Area level (``municipality`` for the maps).

    Returns
    -------
    pandas.DataFrame
        One row per distinct stated period with a parsed span: ``period``
        (as stated), ``start``, ``end`` (datetime64), ``areas`` (distinct
        areas with a value), ``methods`` (sorted, comma-separated), ordered
        by end then start, earliest first. Rows without a period are not here.
    """
    rows = _rows(indicators, indicator, level)
    rows = rows[rows["period_end"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["period", "start", "end", "areas", "methods"])
    grouped = rows.groupby("reference_date").agg(
        start=("period_start", "first"),
        end=("period_end", "first"),
        areas=("area_code", "nunique"),
        methods=("method", lambda s: ", ".join(sorted({m for m in s if m}))),
    )
    out = grouped.reset_index().rename(columns={"reference_date": "period"})
    return out.sort_values(["end", "start", "period"], ignore_index=True)


def default_period(options: pd.DataFrame) -> str | None:
    """The period with the most areas; among equals the latest. None when there is none.

    Examples
    --------
    >>> opts = pd.DataFrame({"period": ["2023-H1", "2023-H2"], "start": pd.to_datetime(
    ...     ["2023-01-01", "2023-07-01"]), "end": pd.to_datetime(["2023-06-30", "2023-12-31"]),
    ...     "areas": [18, 18], "methods": ["target", "target"]})
    >>> default_period(opts)
    '2023-H2'
    """
    if options.empty:
        return None
    best = options[options["areas"] == options["areas"].max()]
    return str(best.sort_values(["end", "start"]).iloc[-1]["period"])


def period_values(
    indicators: pd.DataFrame, indicator: str, period: str, *, level: str = "municipality"
) -> pd.DataFrame:
    """One value per area for exactly one stated period.

    Parameters
    ----------
    indicators : pandas.DataFrame
        Long-form indicators.
    indicator : str
    period : str
        A stated period from :func:`period_options` (compared as stated:
        ``2024`` and ``2024-01-31`` are different periods).
    level : str

    Returns
    -------
    pandas.DataFrame
        Index ``area_code``; columns ``value`` (float; NaN where the rows of
        an area disagree), ``reference_date``, ``source`` (all sources, "; "),
        ``method``, ``qualifier``, ``note``, ``rows`` (rows behind the value)
        and ``conflict`` (bool).
    """
    columns = ["value", "reference_date", "source", "method", "qualifier", "note", "rows", "conflict"]
    rows = _rows(indicators, indicator, level)
    rows = rows[(rows["reference_date"] == period) & rows["period_end"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="area_code"))
    for col in ("source", "method", "qualifier", "note"):
        if col not in rows.columns:
            rows[col] = ""
        rows[col] = rows[col].astype("string").fillna("")

    def _join(values: pd.Series) -> str:
        return "; ".join(dict.fromkeys(v for v in values if v))

    grouped = rows.groupby("area_code").agg(
        value=("value", "first"),
        distinct=("value", "nunique"),
        reference_date=("reference_date", "first"),
        source=("source", _join),
        method=("method", _join),
        qualifier=("qualifier", _join),
        note=("note", _join),
        rows=("value", "size"),
    )
    grouped["conflict"] = grouped["distinct"] > 1
    grouped["value"] = grouped["value"].where(~grouped["conflict"], np.nan).astype(float)
    return grouped[columns]


def unmapped_rows(indicators: pd.DataFrame, indicator: str, *, level: str = "municipality") -> pd.DataFrame:
    """Rows of an indicator that no period map shows: no period, or an unreadable one.

    Returns
    -------
    pandas.DataFrame
        The rows (all their columns), in their original order.
    """
    rows = _rows(indicators, indicator, level)
    return rows[rows["period_end"].isna()].drop(columns=["period_start", "period_end"])
