"""Filters of reception locations shared by the remoteness and dispersal pages.

The status filter has two settings: ``all`` keeps every row of the list
(open, opened, closed and planned in 2023: the default, and the page says
so), ``current`` keeps the locations in use, i.e. drops every status that
starts with ``planned`` or ``closed`` (``planned_2023``, ``closed``, ...).
"""

from __future__ import annotations

import pandas as pd

STATUS_OPTIONS = ("all", "current")
COUNTRY_OPTIONS = ("all", "NL", "BE")
INACTIVE_PREFIXES = ("planned", "closed")


def in_use(status: pd.Series) -> pd.Series:
    """True where a status is not planned or closed (missing status counts as in use)."""
    text = status.astype("string").str.strip().str.lower()
    return ~text.str.startswith(INACTIVE_PREFIXES).fillna(False).astype(bool)


def filter_locations(locations: pd.DataFrame, *, status: str = "all", country: str = "all") -> pd.DataFrame:
    """Rows of ``locations`` kept by the filters (a new frame, index kept).

    Parameters
    ----------
    locations : pandas.DataFrame
        Canonical locations (``status``, ``country``), or any frame with the
        same index carrying those columns.
    status : {"all", "current"}
        ``current`` drops planned and closed locations.
    country : {"all", "NL", "BE"}
    """
    keep = pd.Series(True, index=locations.index)
    if status == "current" and "status" in locations.columns:
        keep &= in_use(locations["status"]).to_numpy()
    if country != "all":
        keep &= (locations["country"].astype("string") == country).fillna(False).to_numpy()
    return locations.loc[keep.to_numpy(bool)].copy()
