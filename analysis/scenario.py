"""Scenarios: allocating reception places by population share, and NL targets.

* :func:`dispersal_key_scenario` spreads a country's known places over its
  municipalities or provinces in proportion to population (the idea of the
  Dutch dispersal key) and compares with where the places are.
* :func:`spreidingswet_comparison` sets the places found per Dutch province
  beside the province's task under the Dutch dispersal act (Spreidingswet).
* :func:`guidance_demand_model` is a *model* layer: the national housing
  target for permit holders spread over Dutch municipalities by population.

Places are known capacities (persons); locations without a capacity are
counted and reported, never read as zero. Nothing here reads files, imports
Streamlit or mutates its inputs.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.dispersal import municipality_places, province_places
from core.schema import INDICATOR_COLUMNS

__all__ = [
    "GUIDANCE_TARGET_PERIOD",
    "dispersal_key_scenario",
    "guidance_demand_model",
    "spreidingswet_comparison",
]

SPREIDINGSWET_INDICATOR = "spreidingswet_opgave_2024_2025"
NL_PROVINCE_CODES = tuple(f"PV{n}" for n in range(20, 32))

HOUSING_TARGET_INDICATOR = "housing_target_permit_holders"
GUIDANCE_TARGET_PERIOD = "2023-H1"
"""Reference period of the national housing target used by the guidance model."""

SCENARIO_COLUMNS = [
    "country",
    "level",
    "area_code",
    "area_name",
    "population",
    "population_share",
    "locations",
    "locations_unknown_capacity",
    "actual_places",
    "expected_places",
    "difference",
]


def dispersal_key_scenario(
    locations: pd.DataFrame,
    municipalities: pd.DataFrame,
    *,
    level: Literal["municipality", "province"] = "municipality",
) -> pd.DataFrame:
    """Places each area would hold if the country's places followed population.

    Parameters
    ----------
    locations : pandas.DataFrame
        Reception locations (``municipality_code``, ``capacity``).
    municipalities : pandas.DataFrame or geopandas.GeoDataFrame
        Canonical municipalities (``country``, ``code``, ``name``,
        ``province``, ``province_code``, ``population``).
    level : {"municipality", "province"}
        Areas to allocate over. Keyword only.

    Returns
    -------
    pandas.DataFrame
        One row per area (order of :func:`analysis.dispersal.municipality_places`
        or :func:`analysis.dispersal.province_places`), columns
        ``SCENARIO_COLUMNS``:

        ``area_code``
            ``municipalities.code`` or ``province_code`` (the key to join
            geometry on);
        ``population``, ``population_share``
            inhabitants, and their share of the country's population (0-1);
        ``actual_places``
            known places in the area (persons);
        ``expected_places``
            the country's total of ``actual_places`` times ``population_share``;
            per country the totals of expected and actual are equal;
        ``difference``
            ``expected_places - actual_places``: positive where the area
            holds fewer places than its population share, negative where it
            holds more.

        Locations whose municipality is unknown, and unknown capacities, are
        outside both totals; ``locations_unknown_capacity`` says how many
        locations of the area lack a capacity.
    """
    if level == "municipality":
        per_area = pd.DataFrame(
            municipality_places(locations, municipalities).drop(columns="geometry", errors="ignore")
        )
        per_area = per_area.rename(columns={"code": "area_code", "name": "area_name"})
    elif level == "province":
        per_area = province_places(locations, municipalities)
        per_area = per_area.rename(columns={"province_code": "area_code", "province": "area_name"})
    else:
        msg = f"level must be 'municipality' or 'province', not {level!r}"
        raise ValueError(msg)
    out = per_area.reset_index(drop=True)
    out["level"] = level
    out = out.rename(columns={"places_known": "actual_places"})
    population = out["population"].astype(float)
    country_population = population.groupby(out["country"]).transform("sum")
    country_places = out["actual_places"].astype(float).groupby(out["country"]).transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(country_population > 0, population / country_population, np.nan)
    out["population_share"] = share
    out["expected_places"] = country_places.to_numpy() * share
    out["difference"] = out["expected_places"] - out["actual_places"]
    return out[SCENARIO_COLUMNS]


def spreidingswet_comparison(
    locations: pd.DataFrame,
    municipalities: pd.DataFrame,
    indicators: pd.DataFrame,
) -> pd.DataFrame:
    """Known places per Dutch province beside its Spreidingswet task.

    Parameters
    ----------
    locations : pandas.DataFrame
        Reception locations; a location's province is the ``province_code``
        of its host municipality (``municipality_code``).
    municipalities : pandas.DataFrame or geopandas.GeoDataFrame
        Canonical municipalities (the Dutch ones are used).
    indicators : pandas.DataFrame
        Long-form indicators (``INDICATOR_COLUMNS``). The target is the row
        with indicator ``spreidingswet_opgave_2024_2025``, level
        ``province`` and ``area_code`` ``PV20`` .. ``PV31``. When a province
        has several such rows, the one with the latest ``reference_date``
        is used.

    Returns
    -------
    pandas.DataFrame
        Twelve rows, ``PV20`` .. ``PV31``, columns ``province_code``,
        ``province``, ``population``, ``locations``,
        ``locations_unknown_capacity``, ``current_places`` (known places,
        persons), ``target_places`` (places asked of the province under the
        Spreidingswet, to be available by 1 July 2025), ``difference`` (``target_places -
        current_places``: positive = places still to find),
        ``target_reference_date`` and ``target_source``. A province without a
        target row has NaN target and difference.

    Notes
    -----
    The two sides differ in date and scope: the locations are a 2023
    snapshot and may lack capacities; the task (published 31 January 2024)
    is the places to be available by 1 July 2025. Read the difference as an
    order of magnitude.
    """
    nl = municipalities[municipalities["country"] == "NL"]
    per_province = province_places(locations, nl)
    per_province = per_province[per_province["country"] == "NL"].set_index("province_code")

    rows = indicators[
        (indicators["indicator"] == SPREIDINGSWET_INDICATOR)
        & (indicators["level"] == "province")
        & indicators["area_code"].isin(NL_PROVINCE_CODES)
    ]
    rows = rows.sort_values("reference_date", kind="stable").drop_duplicates("area_code", keep="last")
    target = rows.set_index("area_code")

    out = pd.DataFrame(index=pd.Index(NL_PROVINCE_CODES, name="province_code"))
    out["province"] = per_province["province"].reindex(out.index).astype("string")
    out["population"] = per_province["population"].reindex(out.index).fillna(0).astype("int64")
    for col in ("locations", "locations_unknown_capacity"):
        out[col] = per_province[col].reindex(out.index).fillna(0).astype("int64")
    out["current_places"] = per_province["places_known"].reindex(out.index).fillna(0).astype("int64")
    out["target_places"] = pd.to_numeric(target["value"], errors="coerce").reindex(out.index).astype(float)
    out["difference"] = out["target_places"] - out["current_places"]
    out["target_reference_date"] = target["reference_date"].reindex(out.index).astype("string")
    out["target_source"] = target["source"].reindex(out.index).astype("string")
    return out.reset_index()


def guidance_demand_model(
    municipalities: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    reference_date: str = GUIDANCE_TARGET_PERIOD,
) -> pd.DataFrame:
    """Model: the national housing target for permit holders, split by population.

    Uses the one indicator row with indicator ``housing_target_permit_holders``,
    level ``country``, area_code ``NL00`` and ``reference_date`` 2023-H1
    (21,200 persons, set by the government for the first half of 2023,
    without backlog). The 2023-H2 row is not added to it: it includes the
    backlog of the first half, so the sum would count those people twice;
    earlier rows describe 2022. Each Dutch municipality gets that number
    times its share of the Dutch population (2024-01-01): a rough proxy for
    how many newly recognised refugees a municipality would house, and so
    need local guidance (e.g. by VluchtelingenWerk volunteers). It is not an
    observed or official municipal figure.

    Parameters
    ----------
    municipalities : pandas.DataFrame or geopandas.GeoDataFrame
        Canonical municipalities; the Dutch ones are used.
    indicators : pandas.DataFrame
        Long-form indicators holding the national row.
    reference_date : str
        Reference period of the national row. Keyword only; default
        ``"2023-H1"``.

    Returns
    -------
    pandas.DataFrame
        Long form in ``INDICATOR_COLUMNS``: one row per Dutch municipality,
        ``level="municipality"``, ``indicator="guidance_demand_model"``,
        ``value`` in persons (not rounded; sums to the national value),
        ``unit="persons"``, ``reference_date`` and ``source`` of the national
        row, ``method="population_share"``, a ``note`` saying it is a model.

    Raises
    ------
    ValueError
        When the national row is missing or not unique.
    """
    national = indicators[
        (indicators["indicator"] == HOUSING_TARGET_INDICATOR)
        & (indicators["level"] == "country")
        & (indicators["area_code"] == "NL00")
        & (indicators["reference_date"] == reference_date)
    ]
    if len(national) != 1:
        msg = (
            f"guidance_demand_model needs exactly one '{HOUSING_TARGET_INDICATOR}' row for NL00 "
            f"with reference_date {reference_date!r}; found {len(national)}"
        )
        raise ValueError(msg)
    row = national.iloc[0]
    total = float(row["value"])

    nl = municipalities[municipalities["country"] == "NL"]
    population = pd.to_numeric(nl["population"], errors="coerce").astype(float).to_numpy()
    share = population / population.sum() if population.sum() > 0 else np.full(len(nl), np.nan)
    note = (
        f"Model, not an observed figure: national housing target for permit holders {reference_date} "
        f"({total:,.0f} persons) x municipal share of the Dutch population "
        f"on {_first(nl, 'population_date')}."
    )
    out = pd.DataFrame(
        {
            "country": "NL",
            "level": "municipality",
            "area_code": nl["code"].to_numpy(),
            "area_name": nl["name"].to_numpy(),
            "indicator": "guidance_demand_model",
            "value": total * share,
            "unit": "persons",
            "reference_date": row["reference_date"],
            "source": row["source"],
            "method": "population_share",
            # A model's value is neither exact nor rounded by a source: no qualifier.
            "qualifier": "",
            "note": note,
        },
        index=pd.RangeIndex(len(nl)),
    )
    for col in INDICATOR_COLUMNS:
        if col != "value":
            out[col] = out[col].astype("string")
    return out[INDICATOR_COLUMNS]


def _first(frame: pd.DataFrame, column: str) -> str:
    if column in frame.columns and len(frame):
        return str(frame[column].iloc[0])
    return "unknown date"
