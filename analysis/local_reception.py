"""Belgium's local reception initiatives (LOI/ILA) beside its collective centres.

The shipped list holds Belgium's collective centres only. About 4,600 more
places are local reception initiatives run by the OCMW/CPAS of a
municipality, known only as **national totals**:

* Fedasil, 23 Nov 2023: 4,617 LOI places; 398 OCMWs with a Fedasil LOI
  convention (one OCMW per municipality, so 398 municipalities);
* La Libre, 1 Sep 2023 (Fedasil data): 4,723 places; 452 of 581
  municipalities host an ILA/LOI.

Which municipalities host them, and how many places each, is not in the
data (a per-OCMW annex exists on fedasil.be, not as text). So the figures
"with LOI/ILA" are national and cannot be mapped:

* places and places per 1,000 inhabitants: collective known places plus the
  national LOI places (exact sums of stated figures);
* municipalities hosting: at least the larger of the collective-hosting
  municipalities and the LOI municipalities, at most their sum (capped at
  the number of municipalities); the overlap is unknown;
* population covered: bounds over every way the LOI municipalities could lie
  (the smallest or the largest municipalities not hosting a centre);
* Gini: not computable (the LOI places per municipality are unknown).

Municipal LOI rows in the raw data (Opwijk 2014, Roeselare and Landen 2018,
Amay and Héron 2023) are an indicator layer of their own, each with its
date; they are never added to these totals.

Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["LOI_SOURCES", "LoiFigure", "loi_figures", "with_loi"]


@dataclass(frozen=True)
class LoiSource:
    """Where a pair of national LOI figures is read (indicator rows or facts)."""

    key: str
    places_indicator: str
    places_date: str
    municipalities_indicator: str
    municipalities_date: str


LOI_SOURCES = (
    LoiSource(
        "fedasil_2023_11", "loi_places", "2023-11-23", "ocmw_with_fedasil_loi_convention", "2023-11-23"
    ),
    LoiSource("lalibre_2023_09", "loi_places", "2023-09-01", "municipalities_with_loi", "2023-09-01"),
)


@dataclass(frozen=True)
class LoiFigure:
    """A national LOI/ILA figure pair with its source and date."""

    key: str
    places: float
    municipalities: float
    date: str
    source: str
    method: str


def _national_rows(facts: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    keep = ["country", "indicator", "value", "reference_date", "source", "method"]
    parts = [facts[keep]]
    if len(indicators):
        national = indicators[indicators["level"] == "country"]
        parts.append(national[keep])
    rows = pd.concat(parts, ignore_index=True)
    rows = rows[rows["country"] == "BE"]
    return rows.drop_duplicates(["indicator", "reference_date", "value"])


def loi_figures(facts: pd.DataFrame, indicators: pd.DataFrame) -> list[LoiFigure]:
    """The national LOI/ILA figure pairs present in the data (Fedasil first).

    Parameters
    ----------
    facts : pandas.DataFrame
        ``geodata/facts.csv``.
    indicators : pandas.DataFrame
        ``geodata/indicators.csv`` (country-level rows are read).

    Returns
    -------
    list of LoiFigure
        One per entry of :data:`LOI_SOURCES` whose places are present; the
        municipality count is NaN when its row is missing.
    """
    rows = _national_rows(facts, indicators)
    out = []
    for src in LOI_SOURCES:
        places = rows[
            (rows["indicator"] == src.places_indicator) & (rows["reference_date"] == src.places_date)
        ]
        if places.empty:
            continue
        munis = rows[
            (rows["indicator"] == src.municipalities_indicator)
            & (rows["reference_date"] == src.municipalities_date)
        ]
        out.append(
            LoiFigure(
                key=src.key,
                places=float(places["value"].iloc[0]),
                municipalities=float(munis["value"].iloc[0]) if len(munis) else np.nan,
                date=src.places_date,
                source=str(places["source"].iloc[0]),
                method=str(places["method"].iloc[0]),
            )
        )
    return out


def with_loi(per_municipality: pd.DataFrame, loi: LoiFigure, *, country: str = "BE") -> dict[str, float]:
    """Belgium's dispersal figures with the national LOI/ILA totals added.

    Parameters
    ----------
    per_municipality : pandas.DataFrame
        :func:`analysis.dispersal.municipality_places` of the collective
        centres (``country``, ``population``, ``locations``, ``places_known``).
    loi : LoiFigure
        The national LOI figures to add.
    country : str
        The country the LOI figures belong to.

    Returns
    -------
    dict
        ``places_known`` (collective known places + LOI places, persons),
        ``places_per_1000`` (per 1,000 inhabitants of the country),
        ``municipalities``, ``hosting_min``, ``hosting_max`` (municipalities
        hosting a centre or an LOI: bounds, the overlap being unknown),
        ``hosting_share_min``, ``hosting_share_max`` (0-1),
        ``population_share_min``, ``population_share_max`` (0-1: share of the
        population in a hosting municipality, over every placement of the
        LOI municipalities), ``gini`` (NaN: not computable), and
        ``loi_places``, ``loi_municipalities``.
    """
    mun = per_municipality[per_municipality["country"] == country]
    population = mun["population"].astype(float)
    total_pop = float(population.sum())
    hosting = (mun["locations"] > 0).to_numpy(bool)
    n, h = len(mun), int(hosting.sum())
    places = float(mun["places_known"].sum()) + loi.places
    k = loi.municipalities
    out = {
        "places_known": places,
        "places_per_1000": places / total_pop * 1000.0 if total_pop > 0 else np.nan,
        "municipalities": float(n),
        "loi_places": loi.places,
        "loi_municipalities": k,
        "gini": np.nan,
    }
    if k != k or n == 0:
        out.update(
            hosting_min=np.nan,
            hosting_max=np.nan,
            hosting_share_min=np.nan,
            hosting_share_max=np.nan,
            population_share_min=np.nan,
            population_share_max=np.nan,
        )
        return out
    k = int(k)
    lo, hi = max(h, k), min(n, h + k)
    covered = float(population[hosting].sum())
    others = np.sort(population[~hosting].to_numpy())
    # Fewest inhabitants: the LOI municipalities overlap the hosting ones as far
    # as possible, the rest are the smallest others; most: none overlap and
    # they are the largest others.
    extra_min = others[: max(k - h, 0)].sum()
    extra_max = others[::-1][: min(k, len(others))].sum()
    out.update(
        hosting_min=float(lo),
        hosting_max=float(hi),
        hosting_share_min=lo / n,
        hosting_share_max=hi / n,
        population_share_min=(covered + extra_min) / total_pop if total_pop > 0 else np.nan,
        population_share_max=(covered + extra_max) / total_pop if total_pop > 0 else np.nan,
    )
    return out
