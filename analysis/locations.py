"""Selecting reception locations by their attributes, and facts of the list as a whole.

One selection, :class:`LocationSelection`, serves every page: the Remoteness
and Dispersal pages choose "all" or "current" (in use) and a country; the
explorer chooses countries, types, exact statuses, operators and a capacity
range. It is frozen and hashable, so it can key a cache.

"In use" drops every status that starts with ``planned`` or ``closed``
(``planned_2023``, ``closed``, ...); a missing status counts as in use.

Pure functions on frames (no files, no Streamlit); inputs are never mutated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "COUNTRY_OPTIONS",
    "STATUS_OPTIONS",
    "LocationSelection",
    "in_use",
    "largest_capacity",
]

STATUS_OPTIONS = ("all", "current")
COUNTRY_OPTIONS = ("all", "NL", "BE")
INACTIVE_PREFIXES = ("planned", "closed")


def in_use(status: pd.Series) -> pd.Series:
    """True where a status is not planned or closed (missing status counts as in use).

    >>> in_use(pd.Series(["open_2023", "planned_2024", None, "Closed"])).tolist()
    [True, False, True, False]
    """
    text = status.astype("string").str.strip().str.lower()
    return ~text.str.startswith(INACTIVE_PREFIXES).fillna(False).astype(bool)


def _choice(values: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


@dataclass(frozen=True)
class LocationSelection:
    """Which locations to keep; ``None`` means "do not filter on this".

    Attributes
    ----------
    in_use_only : bool
        Drop planned and closed locations (see :func:`in_use`).
    countries, types, statuses : tuple of str or None
        Keep rows whose value is one of these (an empty tuple keeps nothing).
    operators : tuple of str
        Keep rows of these operators; empty keeps every operator.
    capacity_range : (int, int) or None
        Keep rows whose capacity (places) lies in this closed range.
    include_unknown_capacity : bool
        With a ``capacity_range``, also keep rows whose capacity is unknown.
    """

    in_use_only: bool = False
    countries: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    operators: tuple[str, ...] = ()
    capacity_range: tuple[int, int] | None = None
    include_unknown_capacity: bool = True

    @classmethod
    def of_page(cls, *, status: str = "all", country: str = "all") -> LocationSelection:
        """The selection of the Remoteness and Dispersal filters (``status``, ``country`` options)."""
        return cls(in_use_only=status == "current", countries=None if country == "all" else (country,))

    @classmethod
    def of_explorer(
        cls,
        *,
        countries: Sequence[str],
        types: Sequence[str],
        statuses: Sequence[str],
        operators: Sequence[str],
        capacity_range: tuple[int, int],
        include_unknown: bool,
    ) -> LocationSelection:
        """The selection of the explorer's filter widgets."""
        return cls(
            countries=_choice(countries),
            types=_choice(types),
            statuses=_choice(statuses),
            operators=tuple(operators),
            capacity_range=(int(capacity_range[0]), int(capacity_range[1])),
            include_unknown_capacity=bool(include_unknown),
        )

    def apply(self, locations: pd.DataFrame) -> pd.DataFrame:
        """Rows of ``locations`` kept by this selection (a new frame, index kept).

        Parameters
        ----------
        locations : pandas.DataFrame
            Canonical locations, or any frame with the same index carrying the
            columns filtered on (``status``, ``country``, ``type``, ``operator``,
            ``capacity`` in places). Without a ``status`` column ``in_use_only``
            keeps every row.

        Examples
        --------
        >>> frame = pd.DataFrame({"country": ["NL", "BE", "BE"], "status": ["open", "closed", "open"]})
        >>> LocationSelection.of_page(status="current", country="BE").apply(frame).index.tolist()
        [2]
        """
        keep = pd.Series(True, index=locations.index)
        s = self
        if s.in_use_only and "status" in locations.columns:
            keep &= in_use(locations["status"]).to_numpy()
        for column, allowed in (("country", s.countries), ("type", s.types), ("status", s.statuses)):
            if allowed is not None:
                keep &= locations[column].astype("string").isin(allowed).fillna(False).to_numpy()
        if s.operators:
            keep &= locations["operator"].isin(s.operators).to_numpy()
        if s.capacity_range is not None:
            cap = pd.to_numeric(locations["capacity"], errors="coerce")
            in_range = cap.between(*s.capacity_range).fillna(False)
            keep &= (in_range | (cap.isna() & s.include_unknown_capacity)).to_numpy()
        return locations.loc[keep.to_numpy(bool)].copy()


def largest_capacity(locations: pd.DataFrame) -> float:
    """The largest known capacity (places) in ``locations``; 0.0 when none is known.

    Maps scale circle areas by it, so every map of a dataset uses the same scale.

    >>> largest_capacity(pd.DataFrame({"capacity": [pd.NA, 40, 2000]}))
    2000.0
    >>> largest_capacity(pd.DataFrame({"capacity": [pd.NA]}))
    0.0
    """
    cap = pd.to_numeric(locations["capacity"], errors="coerce").max()
    return float(cap) if pd.notna(cap) else 0.0
