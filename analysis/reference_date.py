"""Which reception locations a figure counts: the reference date and confirmation.

Every count, sum, share and map of locations follows one reference date:

``end_2023`` (the default)
    in use at the end of 2023, i.e. on 31 December 2023;
``during_2023``
    in use at some time in 2023 (1 January to 31 December);
``all``
    every row of the list, planned and closed ones included.

and, optionally, ``confirmed_only``: only rows with ``confirmed_2023 == "yes"``
(a source dated 2022-2024 shows the location in use during 2023).

When a row is in use
--------------------
A row's dates (``in_use_from``, ``in_use_to``: ``YYYY`` or ``YYYY-MM``) say in
which month (or year) it opened and closed, not on which day. So each date
is a span: a location that opened in ``2023-07`` opened at some day between
1 and 31 July 2023. The rule, the same on every date:

* a row is **in use on a day** when it had certainly opened by that day and
  had certainly not closed yet: the last day of its opening span is on or
  before the day, and the first day of its closing span is after it. A
  location with ``in_use_to = 2023-12`` closed during December 2023, so it is
  not in use at the end of 2023; one with ``in_use_from = 2023-12`` is.
* a row is **in use during a period** when its possible use overlaps the
  period: the first day of its opening span is on or before the period's
  end and the last day of its closing span is on or after its start.

Where a row has no date, its ``status`` stands in for it: ``opened_2023`` is
an opening span of 2023, ``closed_2023`` a closing span of 2023, ``open_2023``
was open before and after 2023, ``planned_2023`` (and ``planned``) was not in
use, ``closed`` (year unknown) is not counted as in use on any date. A row
with neither dates nor a known status counts as in use (uploads may have no
status; their rows then count as not confirmed).

No double counting
------------------
Because a row counts on a day only when it had certainly opened and not yet
closed, a location that moved (one row closing in a month, its successor
opening in the same or a later month) is never counted twice on one day. The
Silja Europa ship closed in Velsen in ``2023-06`` and opened in Rotterdam in
``2023-07``: on every day it counts once at most (``tests`` check every day of
2022-2024).

"During 2023" is a union over the year, not a snapshot: it counts every
*site* used at some time in 2023, so the Silja Europa counts twice (Velsen and
Rotterdam, two sites in two municipalities), and its known places are the
sum of the two sites (2,500), not the ship's 1,500 beds at any one time.
The same holds for any location that closed before another opened. Places
under ``during_2023`` are places of the sites used in 2023, never places
available at once; the labels say so.

Nothing here reads files or imports Streamlit; functions return new frames.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.periods import period_bounds

__all__ = [
    "DEFAULT_REFERENCE",
    "REFERENCE_OPTIONS",
    "is_confirmed",
    "reference_mask",
    "select_locations",
    "unconfirmed_count",
    "use_spans",
    "in_use_during",
    "in_use_on",
]

REFERENCE_OPTIONS = ("end_2023", "during_2023", "all")
DEFAULT_REFERENCE = "end_2023"
END_OF_2023 = date(2023, 12, 31)
YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))

# "Always" and "never": days far outside any reference date (datetime64[ns] spans 1677-2262).
_NEVER = pd.Timestamp("2200-01-01")
_ALWAYS = pd.Timestamp("1800-01-01")


def _column(locations: pd.DataFrame, name: str) -> pd.Series:
    """A text column, stripped, '' where missing (object dtype: the "string" dtype's
    .str methods cost about 10x more on 200,000 rows)."""
    if name in locations.columns:
        column = locations[name]
        return column.astype(object).where(column.notna(), "").astype(str).str.strip()
    return pd.Series("", index=locations.index, dtype=object)


def use_spans(locations: pd.DataFrame) -> pd.DataFrame:
    """Opening and closing spans of each row, from its dates or else its status.

    Parameters
    ----------
    locations : pandas.DataFrame
        Canonical locations (``status``, ``in_use_from``, ``in_use_to``; the
        date columns may be missing, as in an upload).

    Returns
    -------
    pandas.DataFrame
        Same index; columns ``open_first``, ``open_last`` (first and last day
        the row may have opened), ``close_first``, ``close_last`` (first and
        last day it may have closed), datetime64. "Always" is 1800-01-01 and
        "never" 2200-01-01. A date that cannot be read
        is treated as missing (the status decides); uploads are validated
        before they get here.
    """
    status = _column(locations, "status").str.lower()
    opened = period_bounds(_column(locations, "in_use_from"))
    closed = period_bounds(_column(locations, "in_use_to"))
    y0, y1 = (pd.Timestamp(d) for d in YEAR_2023)

    planned = status.str.startswith("planned").to_numpy(bool)
    open_first = np.where(planned, _NEVER, _ALWAYS).astype("datetime64[ns]")
    open_last = open_first.copy()
    opened_2023 = (status == "opened_2023").to_numpy(bool)
    open_first[opened_2023], open_last[opened_2023] = y0, y1
    has_from = opened["start"].notna().to_numpy(bool)
    open_first[has_from] = opened["start"].to_numpy()[has_from]
    open_last[has_from] = opened["end"].to_numpy()[has_from]

    closed_unknown_year = (status == "closed").to_numpy(bool)
    close_first = np.where(closed_unknown_year, _ALWAYS, _NEVER).astype("datetime64[ns]")
    close_last = close_first.copy()
    closed_2023 = (status == "closed_2023").to_numpy(bool)
    close_first[closed_2023], close_last[closed_2023] = y0, y1
    has_to = closed["start"].notna().to_numpy(bool)
    close_first[has_to] = closed["start"].to_numpy()[has_to]
    close_last[has_to] = closed["end"].to_numpy()[has_to]
    return pd.DataFrame(
        {
            "open_first": open_first,
            "open_last": open_last,
            "close_first": close_first,
            "close_last": close_last,
        },
        index=locations.index,
    )


def in_use_on(locations: pd.DataFrame, day: date) -> pd.Series:
    """True where a row was certainly in use on ``day`` (see the module text).

    Parameters
    ----------
    locations : pandas.DataFrame
        Canonical locations.
    day : datetime.date

    Returns
    -------
    pandas.Series of bool
        Same index as ``locations``.
    """
    spans = use_spans(locations)
    when = pd.Timestamp(day)
    return (spans["open_last"] <= when) & (spans["close_first"] > when)


def in_use_during(locations: pd.DataFrame, start: date, end: date) -> pd.Series:
    """True where a row may have been in use at some day from ``start`` to ``end``.

    Parameters
    ----------
    locations : pandas.DataFrame
        Canonical locations.
    start, end : datetime.date
        First and last day of the period, both included.

    Returns
    -------
    pandas.Series of bool
        Same index as ``locations``.
    """
    spans = use_spans(locations)
    return (spans["open_first"] <= pd.Timestamp(end)) & (spans["close_last"] >= pd.Timestamp(start))


def is_confirmed(locations: pd.DataFrame) -> pd.Series:
    """True where ``confirmed_2023`` is ``yes`` (no, unknown and missing are not)."""
    return (_column(locations, "confirmed_2023").str.lower() == "yes").astype(bool)


def reference_mask(
    locations: pd.DataFrame, reference: str = DEFAULT_REFERENCE, *, confirmed_only: bool = False
) -> pd.Series:
    """Rows counted under a reference-date option.

    Parameters
    ----------
    locations : pandas.DataFrame
        Canonical locations.
    reference : {"end_2023", "during_2023", "all"}
    confirmed_only : bool
        Keep only rows confirmed for 2023.

    Returns
    -------
    pandas.Series of bool
        Same index as ``locations``.

    Raises
    ------
    ValueError
        On an unknown option.
    """
    if reference == "end_2023":
        keep = in_use_on(locations, END_OF_2023)
    elif reference == "during_2023":
        keep = in_use_during(locations, *YEAR_2023)
    elif reference == "all":
        keep = pd.Series(True, index=locations.index)
    else:
        msg = f"unknown reference date {reference!r}; expected one of {', '.join(REFERENCE_OPTIONS)}"
        raise ValueError(msg)
    if confirmed_only:
        keep &= is_confirmed(locations)
    return keep.astype(bool)


def select_locations(
    locations: pd.DataFrame, reference: str = DEFAULT_REFERENCE, *, confirmed_only: bool = False
) -> pd.DataFrame:
    """The rows counted under a reference-date option (a new frame, index kept).

    Examples
    --------
    >>> rows = pd.DataFrame({"status": ["open_2023", "planned_2023", "closed_2023"]})
    >>> len(select_locations(rows, "end_2023")), len(select_locations(rows, "during_2023"))
    (1, 2)
    """
    return locations.loc[reference_mask(locations, reference, confirmed_only=confirmed_only)].copy()


def unconfirmed_count(locations: pd.DataFrame) -> int:
    """How many rows of ``locations`` are not confirmed for 2023 (no, unknown, missing)."""
    return int((~is_confirmed(locations)).sum())
