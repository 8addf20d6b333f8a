"""Reference periods as the raw files state them, parsed, never compared as strings.

The raw files write dates in ISO forms of different granularity (raw
INDICATORS.md, "Conventions"): ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, half
years ``YYYY-H1``/``YYYY-H2``, quarters ``YYYY-Q1``..``YYYY-Q4`` and
intervals ``start/end`` (``2022/2023``, ``2023-01/2023-11``). As strings they
do not sort (``"2023-H1" > "2023-12-31"``), so every comparison goes through
:func:`parse_period`: a period is the span of days it covers, and "later"
means a later last day (then a later first day).

An empty text is no period (``None``): the source states no date, and such a
row can never be "the latest".

Nothing here reads files or imports Streamlit.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = ["Period", "parse_period", "period_bounds", "period_sort_key"]

_YEAR = r"(?P<y>\d{4})"
_FORMS = (
    (re.compile(rf"^{_YEAR}$"), "year"),
    (re.compile(rf"^{_YEAR}-(?P<m>\d{{2}})$"), "month"),
    (re.compile(rf"^{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})$"), "day"),
    (re.compile(rf"^{_YEAR}-H(?P<h>[12])$"), "half"),
    (re.compile(rf"^{_YEAR}-Q(?P<q>[1-4])$"), "quarter"),
)


@dataclass(frozen=True)
class Period:
    """The days a stated period covers, both ends included."""

    text: str
    start: date
    end: date

    @property
    def key(self) -> tuple[date, date]:
        """Sort key: later last day first decides, then later first day."""
        return (self.end, self.start)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _single(text: str) -> tuple[date, date]:
    for pattern, form in _FORMS:
        match = pattern.match(text)
        if match is None:
            continue
        year = int(match["y"])
        if form == "year":
            return date(year, 1, 1), date(year, 12, 31)
        if form == "month":
            month = int(match["m"])
            return date(year, month, 1), _month_end(year, month)
        if form == "day":
            day = date(year, int(match["m"]), int(match["d"]))
            return day, day
        if form == "half":
            first = 1 if match["h"] == "1" else 7
            return date(year, first, 1), _month_end(year, first + 5)
        quarter = int(match["q"])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    msg = (
        f"not an ISO period: {text!r} (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1/H2, "
        "YYYY-Q1..Q4 or start/end)"
    )
    raise ValueError(msg)


def parse_period(text: object) -> Period | None:
    """Parse a stated period into the days it covers.

    Parameters
    ----------
    text : str or None
        ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-H1``/``YYYY-H2``,
        ``YYYY-Q1``..``YYYY-Q4`` or an interval ``start/end`` of those forms.

    Returns
    -------
    Period or None
        ``None`` for an empty text (or None/NaN): no period stated.

    Raises
    ------
    ValueError
        On any other text, or on an interval that ends before it starts.

    Examples
    --------
    >>> parse_period("2023-H1").end
    datetime.date(2023, 6, 30)
    >>> parse_period("2022/2023").end
    datetime.date(2023, 12, 31)
    >>> parse_period("") is None
    True
    """
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    try:
        if "/" in raw:
            first, _, last = raw.partition("/")
            start, _ = _single(first.strip())
            _, end = _single(last.strip())
        else:
            start, end = _single(raw)
    except ValueError as exc:
        if "not an ISO period" in str(exc):
            raise
        msg = f"not a valid date in period {raw!r}: {exc}"
        raise ValueError(msg) from exc
    if end < start:
        msg = f"period {raw!r} ends before it starts"
        raise ValueError(msg)
    return Period(raw, start, end)


def period_bounds(texts: pd.Series) -> pd.DataFrame:
    """First and last day of each stated period, NaT where none or unreadable.

    Each distinct text is parsed once (:func:`parse_period`) and the result
    mapped onto the rows: a list holds a few dozen distinct dates, so this
    costs about as much for 200,000 uploaded rows as for the 307 shipped ones
    (a loop over every row cost 0.1 ms per row, 20 s for 200,000).

    Parameters
    ----------
    texts : pandas.Series of str
        Stated periods (see :func:`parse_period`).

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``start`` and ``end`` (datetime64) and
        ``readable`` (bool: False for a non-empty text that is not a period).
    """
    text = texts.astype(object).where(texts.notna(), "")
    starts, ends, readable = {}, {}, {}
    for value in pd.unique(text):
        try:
            period = parse_period(value)
        except ValueError:
            period, ok = None, False
        else:
            ok = True
        starts[value] = pd.Timestamp(period.start) if period else pd.NaT
        ends[value] = pd.Timestamp(period.end) if period else pd.NaT
        readable[value] = ok
    return pd.DataFrame(
        {
            "start": pd.to_datetime(text.map(starts)).astype("datetime64[ns]"),
            "end": pd.to_datetime(text.map(ends)).astype("datetime64[ns]"),
            "readable": text.map(readable).astype(bool),
        },
        index=texts.index,
    )


def period_sort_key(text: object) -> tuple[date, date]:
    """Sort key of a stated period (raises on an empty or unreadable one)."""
    period = parse_period(text)
    if period is None:
        msg = "an empty period has no place in an order"
        raise ValueError(msg)
    return period.key
