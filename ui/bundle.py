"""The data a page draws from, and the token that keys every cache of it.

Kept apart from ``ui/state.py`` (session state) and ``ui/cache.py`` (the
caches), which both need it; no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from analysis.locations import LocationSelection
from analysis.reference_date import DEFAULT_REFERENCE

SHIPPED = "shipped"  # cache token of the shipped data


@dataclass(frozen=True)
class DataBundle:
    """Everything a page draws from, in canonical form (EPSG:4326)."""

    municipalities: gpd.GeoDataFrame
    locations: pd.DataFrame
    stations: pd.DataFrame
    places: pd.DataFrame
    indicators: pd.DataFrame
    facts: pd.DataFrame
    locations_label: str
    indicators_label: str
    uploaded: bool
    token: str = SHIPPED
    """Identifies the data for caches: 'shipped' or the uploads' fingerprints, then
    the reference date (``|ref:end_2023``, ``+confirmed``)."""
    all_locations: pd.DataFrame | None = None
    """Every row of the list, before the reference date (coverage, "n of N" lines)."""
    reference: str = DEFAULT_REFERENCE
    """The reference-date option ``locations`` follows (analysis/reference_date.py)."""
    confirmed_only: bool = False
    """Whether ``locations`` holds only rows confirmed for 2023."""

    def selected(self, selection: LocationSelection) -> DataBundle:
        """This bundle with only the locations kept by ``selection`` (its own token)."""
        return replace(
            self,
            locations=selection.apply(self.locations),
            token=f"{self.token}|{selection!r}",
        )
