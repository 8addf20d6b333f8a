"""How much of official reception the shipped (or uploaded) list holds, like for like.

Rows in use on the date of an official count are compared with that count,
and known places with the occupancy or network capacity of the same date:

* NL locations: rows in use on 25 Sep 2023, crisis emergency reception left
  out (COA's count does not include it), against COA's 219 locations of that
  day (``coa_locations``);
* NL places: the known capacity of those rows against the 51,921 people on
  COA sites of that day (``coa_persons_on_coa_sites``, 31,087 regular +
  20,834 COA noodopvang; occupancy, not capacity: the nearest official figure);
* BE locations: rows in use on 23 Nov 2023 against Fedasil's 102 collective
  centres of that day (``fedasil_collective_centres``);
* BE places: the known capacity of rows in use at the end of 2023 against
  the Fedasil network (``fedasil_reception_capacity``, 35,651 on 31 Dec 2023),
  and against its collective part: the network less the LOI/ILA places
  (``loi_places``, 4,617 on 23 Nov 2023), which the list does not hold.

Every denominator is looked up in ``facts`` (country, indicator, date) and
carries its source, date and method; none is a constant here. When a fact is
missing the row says so (NaN), it is never filled.

Two quality shares follow the reference-date selection the page uses: the
share of rows without a capacity, and the share of capacities dated 2020 or
earlier (``capacity_as_of``).

Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.periods import period_bounds
from analysis.reference_date import in_use_on, is_confirmed

__all__ = [
    "COMPARISONS",
    "OLD_CAPACITY_YEAR",
    "Comparison",
    "capacity_quality",
    "coverage_table",
    "fact_value",
]

OLD_CAPACITY_YEAR = 2020
"""A capacity dated this year or earlier counts as old (``capacity_as_of``)."""

# COA's location count excludes municipal crisis emergency reception and GOO
# (coa.nl, "Capaciteit en bezetting", 25 Sep 2023).
NOT_IN_COA_COUNT = ("crisis_emergency",)


@dataclass(frozen=True)
class Comparison:
    """One like-for-like comparison: which rows, on which day, against which fact."""

    key: str
    country: str
    measure: str  # "locations" or "places"
    day: date
    fact: str
    fact_date: str
    excluded_types: tuple[str, ...] = ()
    minus_fact: str | None = None
    minus_fact_date: str | None = None


COMPARISONS = (
    Comparison(
        "nl_locations", "NL", "locations", date(2023, 9, 25), "coa_locations", "2023-09-25", NOT_IN_COA_COUNT
    ),
    Comparison(
        "nl_places_occupancy",
        "NL",
        "places",
        date(2023, 9, 25),
        "coa_persons_on_coa_sites",
        "2023-09-25",
        NOT_IN_COA_COUNT,
    ),
    Comparison(
        "be_locations", "BE", "locations", date(2023, 11, 23), "fedasil_collective_centres", "2023-11-23"
    ),
    Comparison(
        "be_places_network", "BE", "places", date(2023, 12, 31), "fedasil_reception_capacity", "2023-12-31"
    ),
    Comparison(
        "be_places_collective",
        "BE",
        "places",
        date(2023, 12, 31),
        "fedasil_reception_capacity",
        "2023-12-31",
        minus_fact="loi_places",
        minus_fact_date="2023-11-23",
    ),
)


def fact_value(facts: pd.DataFrame, country: str, indicator: str, reference_date: str) -> pd.Series | None:
    """The fact row for (country, indicator, date), or None when facts.csv has none."""
    rows = facts[
        (facts["country"] == country)
        & (facts["indicator"] == indicator)
        & (facts["reference_date"].astype(str) == reference_date)
    ]
    return rows.iloc[0] if len(rows) else None


def _capacity(locations: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(locations["capacity"], errors="coerce").astype(float)


def _like_for_like(locations: pd.DataFrame, facts: pd.DataFrame, comp: Comparison) -> dict:
    rows = locations[(locations["country"] == comp.country)]
    if comp.excluded_types and "type" in rows.columns:
        rows = rows[~rows["type"].isin(comp.excluded_types)]
    rows = rows[in_use_on(rows, comp.day).to_numpy(bool)]
    confirmed = is_confirmed(rows).to_numpy(bool)
    capacity = _capacity(rows)
    if comp.measure == "locations":
        held, held_confirmed = float(len(rows)), float(confirmed.sum())
    else:
        held, held_confirmed = float(capacity.sum()), float(capacity[confirmed].sum())
    fact = fact_value(facts, comp.country, comp.fact, comp.fact_date)
    official = float(fact["value"]) if fact is not None else np.nan
    sources = [fact["source"]] if fact is not None else []
    methods = [fact["method"]] if fact is not None else []
    dates = [comp.fact_date]
    if comp.minus_fact is not None:
        minus = fact_value(facts, comp.country, comp.minus_fact, comp.minus_fact_date or "")
        official = official - float(minus["value"]) if minus is not None else np.nan
        if minus is not None:
            sources.append(minus["source"])
            methods = ["compiled"]
        dates.append(comp.minus_fact_date or "")
    return {
        "key": comp.key,
        "country": comp.country,
        "measure": comp.measure,
        "rows_date": comp.day.isoformat(),
        "rows": len(rows),
        "rows_without_capacity": int(capacity.isna().sum()),
        "held": held,
        "held_confirmed": held_confirmed,
        "official": official,
        "share": held / official if official and official == official else np.nan,
        "official_indicator": comp.fact if comp.minus_fact is None else f"{comp.fact} - {comp.minus_fact}",
        "official_date": ", ".join(dates),
        "official_source": "; ".join(sources),
        "official_method": ", ".join(methods),
        "official_value": float(fact["value"]) if fact is not None else np.nan,
    }


def capacity_quality(selected: pd.DataFrame) -> pd.DataFrame:
    """Per country: rows, rows without a capacity, capacities dated 2020 or earlier.

    Parameters
    ----------
    selected : pandas.DataFrame
        Locations under the reference date in use (``country``, ``capacity``,
        ``capacity_as_of``).

    Returns
    -------
    pandas.DataFrame
        Index ``country``; columns ``rows``, ``without_capacity``,
        ``without_capacity_share`` (of rows), ``with_capacity``,
        ``capacity_old`` (dated ``OLD_CAPACITY_YEAR`` or earlier),
        ``capacity_old_share`` (of rows with a capacity), ``capacity_undated``.
    """
    capacity = _capacity(selected)
    dated = period_bounds(selected.get("capacity_as_of", pd.Series("", index=selected.index)).astype(str))
    has = capacity.notna()
    old = has & (dated["end"].dt.year <= OLD_CAPACITY_YEAR).fillna(False)
    undated = has & dated["end"].isna()
    frame = pd.DataFrame(
        {"country": selected["country"], "has": has, "old": old, "undated": undated}, index=selected.index
    )
    grouped = frame.groupby("country").agg(
        rows=("has", "size"),
        with_capacity=("has", "sum"),
        capacity_old=("old", "sum"),
        capacity_undated=("undated", "sum"),
    )
    grouped["without_capacity"] = grouped["rows"] - grouped["with_capacity"]
    grouped["without_capacity_share"] = grouped["without_capacity"] / grouped["rows"]
    with np.errstate(divide="ignore", invalid="ignore"):
        grouped["capacity_old_share"] = grouped["capacity_old"] / grouped["with_capacity"].replace(0, np.nan)
    return grouped[
        [
            "rows",
            "without_capacity",
            "without_capacity_share",
            "with_capacity",
            "capacity_old",
            "capacity_old_share",
            "capacity_undated",
        ]
    ].astype({"rows": int, "without_capacity": int, "with_capacity": int, "capacity_old": int})


def coverage_table(locations: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """The like-for-like comparisons of :data:`COMPARISONS`.

    Parameters
    ----------
    locations : pandas.DataFrame
        All rows of the list (not filtered by a reference date: each
        comparison picks the rows in use on its own official date).
    facts : pandas.DataFrame
        ``geodata/facts.csv`` (country, indicator, value, reference_date,
        source, method).

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``key``, ``country``, ``measure``
        (locations / places), ``rows_date`` (ISO day the rows are in use),
        ``rows``, ``rows_without_capacity``, ``held`` (rows or known places),
        ``held_confirmed`` (the same over rows confirmed for 2023),
        ``official`` (the denominator), ``share`` (0-1, NaN when the fact is
        missing), ``official_indicator``, ``official_date``,
        ``official_source``, ``official_method``.
    """
    return pd.DataFrame([_like_for_like(locations, facts, comp) for comp in COMPARISONS])
