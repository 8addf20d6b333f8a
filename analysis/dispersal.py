"""Dispersal of reception places over municipalities, provinces and countries.

Places are the known ``capacity`` of a location (persons). A location whose
capacity is unknown is counted as a location and reported in
``locations_unknown_capacity``; it adds nothing to ``places_known`` and is
never read as zero capacity. Figures of places are therefore lower bounds
wherever ``locations_unknown_capacity`` is above zero.

A location belongs to the municipality named by its ``municipality_code``
(``municipalities.code``: CBS ``GM....`` or Belgian NIS). Populations are on
``municipalities.population_date`` (NL 2024-01-01, BE 2020-01-01).

Nothing here reads files, imports Streamlit or mutates its inputs.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from analysis._countries import COUNTRIES, country_order

__all__ = [
    "country_dispersal",
    "gini",
    "gini_by_country",
    "lorenz_by_country",
    "lorenz_curve",
    "municipality_places",
    "province_places",
]

TOP_N_LOCATIONS = 10

# --------------------------------------------------------------------------- Lorenz / Gini


def _lorenz_points(values, weights) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative weight and value shares, from (0, 0) to (1, 1)."""
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    w = np.asarray(pd.to_numeric(pd.Series(weights), errors="coerce"), dtype=float)
    problems = []
    if v.shape != w.shape:
        problems.append(f"values ({v.size}) and weights ({w.size}) differ in length")
    else:
        if not np.isfinite(v).all() or not np.isfinite(w).all():
            problems.append("values and weights must be finite numbers (no NaN)")
        if (v < 0).any() or (w < 0).any():
            problems.append("values and weights must not be negative")
    if problems:
        msg = "Lorenz curve: " + "; ".join(problems)
        raise ValueError(msg)
    if v.size == 0 or v.sum() <= 0 or w.sum() <= 0:
        return np.array([0.0]), np.array([np.nan])
    # Units in ascending order of value per unit of weight; a unit with no
    # weight but some value (infinite ratio) comes last.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(w > 0, v / w, np.where(v > 0, np.inf, 0.0))
    order = np.argsort(ratio, kind="stable")
    x = np.concatenate([[0.0], np.cumsum(w[order]) / w.sum()])
    y = np.concatenate([[0.0], np.cumsum(v[order]) / v.sum()])
    x[-1] = y[-1] = 1.0  # no rounding drift at the end point
    return x, y


def lorenz_curve(places, population) -> pd.DataFrame:
    """Lorenz curve of places against population.

    Units (usually municipalities, hosting or not) are sorted by places per
    inhabitant, ascending; each point is the cumulative share of population
    and of places up to that unit.

    Parameters
    ----------
    places : array-like of float
        Places per unit (persons, >= 0). Units without places must be
        included as 0.
    population : array-like of float
        Inhabitants per unit (>= 0).

    Returns
    -------
    pandas.DataFrame
        Columns ``population_share_cum`` and ``places_share_cum`` (0-1), one
        row per unit plus a first row (0, 0); the last row is (1, 1). Empty
        frame when there are no places or no population.

    Examples
    --------
    >>> lorenz_curve([0, 10], [1, 1]).to_numpy().tolist()
    [[0.0, 0.0], [0.5, 0.0], [1.0, 1.0]]
    """
    x, y = _lorenz_points(places, population)
    if np.isnan(y).any():
        x, y = np.array([]), np.array([])
    return pd.DataFrame({"population_share_cum": x, "places_share_cum": y})


def gini(values, weights) -> float:
    """Gini coefficient of ``values`` (places) against ``weights`` (population).

    One minus twice the area under the Lorenz curve of :func:`lorenz_curve`,
    the area taken exactly by trapezoids between the units' points (the
    "grouped data" convention). So, with ``n`` units of equal population:
    places in proportion to population gives 0; all places in one unit gives
    ``1 - 1/n``. Units with equal places per inhabitant may be listed in any
    order.

    Parameters
    ----------
    values : array-like of float
        Places per unit (persons, >= 0), zeros included.
    weights : array-like of float
        Population per unit (inhabitants, >= 0).

    Returns
    -------
    float
        In [0, 1]; NaN when there are no places or no population.

    Raises
    ------
    ValueError
        On NaN, negative values or lengths that differ.

    Examples
    --------
    >>> gini([5, 5, 5, 5], [100, 100, 100, 100])
    0.0
    >>> gini([0, 0, 0, 20], [100, 100, 100, 100])
    0.75
    """
    x, y = _lorenz_points(values, weights)
    if np.isnan(y).any():
        return float("nan")
    area_twice = float(np.sum(np.diff(x) * (y[1:] + y[:-1])))
    return float(np.clip(1.0 - area_twice, 0.0, 1.0))


# --------------------------------------------------------------------------- per area


def _location_facts(locations: pd.DataFrame) -> pd.DataFrame:
    """Per location: code, country, known capacity (float, NaN unknown)."""
    n = len(locations)
    if "municipality_code" in locations.columns:
        codes = locations["municipality_code"].astype("string").replace("", pd.NA)
    else:
        codes = pd.Series(pd.NA, index=locations.index, dtype="string")
    capacity = (
        pd.to_numeric(locations["capacity"], errors="coerce").astype(float)
        if "capacity" in locations.columns
        else pd.Series(np.nan, index=locations.index)
    )
    country = (
        locations["country"].astype("string")
        if "country" in locations.columns
        else pd.Series(pd.NA, index=locations.index, dtype="string")
    )
    return pd.DataFrame(
        {
            "municipality_code": codes.to_numpy(object, na_value=None),
            "country": country.to_numpy(object, na_value=None),
            "capacity": capacity.to_numpy(float, na_value=np.nan),
        },
        index=pd.RangeIndex(n),
    )


def municipality_places(locations: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Locations and known places per municipality, hosting or not.

    Parameters
    ----------
    locations : pandas.DataFrame
        Reception locations with ``municipality_code`` and ``capacity``
        (places; missing = unknown).
    municipalities : geopandas.GeoDataFrame
        Canonical municipalities (``country``, ``code``, ``name``,
        ``province``, ``province_code``, ``population``, geometry EPSG:4326).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per municipality, in the order of ``municipalities``, with
        ``country``, ``code``, ``name``, ``province``, ``province_code``,
        ``population`` (inhabitants), ``locations`` (count),
        ``places_known`` (sum of known capacity, persons),
        ``locations_unknown_capacity`` (count), ``places_per_1000``
        (``places_known`` per 1,000 inhabitants; NaN when population is 0)
        and ``geometry`` (same CRS as ``municipalities``). Locations whose
        ``municipality_code`` is missing or unknown are not in this table;
        :func:`country_dispersal` counts them.
    """
    facts = _location_facts(locations)
    grouped = facts.groupby("municipality_code", dropna=True).agg(
        locations=("capacity", "size"),
        places_known=("capacity", "sum"),
        locations_unknown_capacity=("capacity", lambda s: int(s.isna().sum())),
    )
    keep = [
        c for c in ("country", "code", "name", "province", "province_code") if c in municipalities.columns
    ]
    out = pd.DataFrame(municipalities[keep]).copy()
    out["population"] = pd.to_numeric(municipalities["population"], errors="coerce").astype("int64")
    codes = municipalities["code"].astype(str)
    for col in ("locations", "places_known", "locations_unknown_capacity"):
        out[col] = codes.map(grouped[col]).fillna(0).astype("int64").to_numpy()
    out["places_per_1000"] = _per_1000(out["places_known"], out["population"])
    geometry = municipalities.geometry if isinstance(municipalities, gpd.GeoDataFrame) else None
    crs = municipalities.crs if geometry is not None else None
    return gpd.GeoDataFrame(out, geometry=geometry, crs=crs)


def _per_1000(places: pd.Series, population: pd.Series) -> np.ndarray:
    p = np.asarray(places, dtype=float)
    pop = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pop > 0, p / pop * 1000.0, np.nan)


def province_places(locations: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Locations and known places per province (Brussels-Capital counts as one).

    Parameters
    ----------
    locations, municipalities
        As for :func:`municipality_places`; a location's province is that of
        its host municipality.

    Returns
    -------
    pandas.DataFrame
        One row per (``country``, ``province_code``) in country order NL, BE
        then province code, with ``province``, ``population`` (inhabitants),
        ``municipalities``, ``municipalities_hosting``, ``locations``,
        ``places_known`` (persons), ``locations_unknown_capacity`` and
        ``places_per_1000``.
    """
    per_m = pd.DataFrame(
        municipality_places(locations, municipalities).drop(columns="geometry", errors="ignore")
    )
    if "province_code" not in per_m.columns:
        per_m["province_code"] = per_m["province"]
    per_m["hosting"] = per_m["locations"] > 0
    grouped = per_m.groupby(["country", "province_code"], sort=False, dropna=False).agg(
        province=("province", "first"),
        population=("population", "sum"),
        municipalities=("code", "size"),
        municipalities_hosting=("hosting", "sum"),
        locations=("locations", "sum"),
        places_known=("places_known", "sum"),
        locations_unknown_capacity=("locations_unknown_capacity", "sum"),
    )
    out = grouped.reset_index()
    out["places_per_1000"] = _per_1000(out["places_known"], out["population"])
    rank = {c: i for i, c in enumerate(country_order(out))}
    out = out.assign(_rank=out["country"].map(rank)).sort_values(["_rank", "province_code"], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def country_dispersal(locations: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Headline dispersal figures per country.

    Parameters
    ----------
    locations : pandas.DataFrame
        Reception locations (``country``, ``municipality_code``, ``capacity``).
        Filter them (e.g. by ``status``) before calling.
    municipalities : geopandas.GeoDataFrame
        Canonical municipalities of the countries compared.

    Returns
    -------
    pandas.DataFrame
        Index ``country`` (NL, BE, then any other present), columns:

        ``locations``
            number of locations of the country (by ``locations.country``);
        ``places_known``
            sum of known capacity (persons), a lower bound when some
            capacities are unknown;
        ``locations_unknown_capacity``
            locations without a capacity;
        ``locations_without_municipality``
            locations whose ``municipality_code`` is missing or not among
            ``municipalities`` (counted above, not in the per-area figures);
        ``municipalities``, ``municipalities_hosting``
            number of municipalities and of those with at least one location;
        ``hosting_share``
            ``municipalities_hosting / municipalities`` (0-1);
        ``population_hosting_share``
            share of the population living in a hosting municipality (0-1);
        ``places_per_1000``
            ``places_known`` per 1,000 inhabitants of the country;
        ``gini``
            Gini of known places against population over all municipalities,
            non-hosting ones included (see :func:`gini`);
        ``top10_places_share``
            share of ``places_known`` in the ten locations with the largest
            known capacity (0-1);
        ``median_location_size``
            median capacity over locations with a known capacity (persons).
    """
    per_m = pd.DataFrame(
        municipality_places(locations, municipalities).drop(columns="geometry", errors="ignore")
    )
    facts = _location_facts(locations)
    known_codes = set(municipalities["code"].astype(str))
    facts["in_municipality"] = facts["municipality_code"].isin(known_codes)
    rows = {}
    for country in country_order(municipalities, facts):
        loc = facts[facts["country"] == country]
        mun = per_m[per_m["country"] == country]
        capacity = loc["capacity"].dropna()
        places_known = float(capacity.sum())
        hosting = mun["locations"] > 0
        population = float(mun["population"].sum())
        top = np.sort(capacity.to_numpy())[::-1][:TOP_N_LOCATIONS]
        rows[country] = {
            "locations": len(loc),
            "places_known": int(places_known),
            "locations_unknown_capacity": int(loc["capacity"].isna().sum()),
            "locations_without_municipality": int((~loc["in_municipality"]).sum()),
            "municipalities": len(mun),
            "municipalities_hosting": int(hosting.sum()),
            "hosting_share": float(hosting.mean()) if len(mun) else np.nan,
            "population_hosting_share": (
                float(mun.loc[hosting, "population"].sum()) / population if population > 0 else np.nan
            ),
            "places_per_1000": places_known / population * 1000.0 if population > 0 else np.nan,
            "gini": gini(mun["places_known"], mun["population"]) if len(mun) else np.nan,
            "top10_places_share": float(top.sum()) / places_known if places_known > 0 else np.nan,
            "median_location_size": float(capacity.median()) if len(capacity) else np.nan,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    if out.empty:
        out = pd.DataFrame(columns=_COUNTRY_COLUMNS)
    out.index.name = "country"
    return out[_COUNTRY_COLUMNS]


_COUNTRY_COLUMNS = [
    "locations",
    "places_known",
    "locations_unknown_capacity",
    "locations_without_municipality",
    "municipalities",
    "municipalities_hosting",
    "hosting_share",
    "population_hosting_share",
    "places_per_1000",
    "gini",
    "top10_places_share",
    "median_location_size",
]


# --------------------------------------------------------------------------- per country


def lorenz_by_country(per_municipality: pd.DataFrame, countries=COUNTRIES) -> pd.DataFrame:
    """Lorenz curve points of places against population, per country (long form).

    Parameters
    ----------
    per_municipality : pandas.DataFrame
        Output of :func:`municipality_places` (``country``, ``places_known``,
        ``population``).
    countries : sequence of str
        Countries to draw, in order; a country without places is left out.

    Returns
    -------
    pandas.DataFrame
        Columns of :func:`lorenz_curve` plus ``country``.
    """
    parts = []
    for country in countries:
        rows = per_municipality[per_municipality["country"] == country]
        curve = lorenz_curve(rows["places_known"], rows["population"])
        if curve.empty:
            continue
        parts.append(curve.assign(country=country))
    if not parts:
        return pd.DataFrame(columns=["population_share_cum", "places_share_cum", "country"])
    return pd.concat(parts, ignore_index=True)


def gini_by_country(per_municipality: pd.DataFrame, countries=COUNTRIES) -> dict[str, float]:
    """Gini of places against population per country (NaN for a country without municipalities).

    ``per_municipality`` as for :func:`lorenz_by_country`.
    """
    out = {}
    for country in countries:
        rows = per_municipality[per_municipality["country"] == country]
        out[country] = gini(rows["places_known"], rows["population"]) if len(rows) else float("nan")
    return out
