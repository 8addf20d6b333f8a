"""Accepted uploaded locations with their municipality's name and remoteness measures.

A pure function on frames (no files, no Streamlit): the upload page calls it
on what ``loaders.upload.validate_locations`` accepted.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from analysis.remoteness import RemotenessContext, location_remoteness

TEXT = "string"  # the dtype of text columns in loaders.geodata's frames


def enrich_locations(
    accepted: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    stations: pd.DataFrame,
    places: pd.DataFrame,
    *,
    context: RemotenessContext | None = None,
) -> pd.DataFrame:
    """Accepted locations with their municipality's name and remoteness measures.

    Parameters
    ----------
    accepted : DataFrame
        Rows in ``LOCATION_COLUMNS`` (lat/lon WGS84, EPSG:4326). Not modified.
    municipalities : GeoDataFrame
        ``loaders.geodata.load_municipalities()`` (EPSG:4326).
    stations, places : DataFrame
        The shipped reference layers (lat/lon WGS84).
    context : RemotenessContext, optional
        The reference layers prepared by ``analysis.remoteness.remoteness_context``
        (the ui caches one); built here when missing (~0.5-1 s).

    Returns
    -------
    DataFrame
        ``accepted`` row for row, with ``municipality_name`` after
        ``municipality_code`` and the columns of
        ``analysis.remoteness.location_remoteness`` (distances in km, measured
        in EPSG:3035) that the locations lack. Duplicate ids are allowed in
        uploads, so rows are matched by a temporary key.
    """
    locations = accepted.copy()
    keys = pd.Series([f"row-{i}" for i in range(len(locations))], dtype=TEXT)
    locations["id"] = keys.to_numpy()
    measures = location_remoteness(locations, stations, places, municipalities, context=context)
    measures = pd.DataFrame(measures).drop_duplicates("id").set_index("id")
    enriched = accepted.copy().reset_index(drop=True)
    names = pd.Series(
        municipalities["name"].astype("str").to_numpy(), index=municipalities["code"].astype("str").to_numpy()
    )
    enriched.insert(
        enriched.columns.get_loc("municipality_code") + 1,
        "municipality_name",
        enriched["municipality_code"].astype("str").map(names).astype(TEXT),
    )
    for column in measures.columns:
        if column not in enriched.columns and column != "geometry":
            enriched[column] = measures[column].reindex(keys.to_numpy()).to_numpy()
    return enriched
