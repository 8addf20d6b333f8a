"""Session state: which dataset is in use, and the view kept in the URL.

The shipped data are shared (cached); an upload lives in this session's
``st.session_state`` only, so another browser session never sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from analysis.reference_date import DEFAULT_REFERENCE, REFERENCE_OPTIONS
from ui import cache
from ui.bundle import SHIPPED, DataBundle

UPLOADED_LOCATIONS = "uploaded_locations"
UPLOADED_INDICATORS = "uploaded_indicators"
USE_UPLOAD = "use_upload"
# The reference date of the shared sidebar (ui/quotable.py draws the control),
# kept in the URL as ?ref=end_2023|during_2023|all and &confirmed=1.
REFERENCE = "ref"
CONFIRMED = "confirmed"


def current_reference() -> tuple[str, bool]:
    """The session's reference-date option and whether only rows confirmed for 2023 count."""
    ref = st.session_state.get(REFERENCE)
    if ref not in REFERENCE_OPTIONS:
        raw = st.query_params.get(REFERENCE)
        ref = raw if raw in REFERENCE_OPTIONS else DEFAULT_REFERENCE
    confirmed = st.session_state.get(CONFIRMED)
    if confirmed is None:
        confirmed = st.query_params.get(CONFIRMED, "0")
    return ref, confirmed == "1"


@dataclass(frozen=True)
class Upload:
    """An accepted upload kept in this session: the frame and where it came from."""

    frame: pd.DataFrame
    filename: str
    rows: int

    @cached_property
    def fingerprint(self) -> str:
        """A stable hash of the uploaded rows (for cache keys).

        Computed once per upload: ``current_data()`` reads it on every rerun of
        every page, and hashing a 200,000-row upload costs about 0.4 s.
        (``cached_property`` writes to the instance ``__dict__``, which a frozen
        dataclass without slots allows.)
        """
        hashed = pd.util.hash_pandas_object(self.frame.astype(str), index=False).sum()
        return f"{self.filename}:{self.rows}:{int(hashed)}"


def current_data() -> DataBundle:
    """The data this session uses: shipped, or the session's applied upload.

    ``locations`` holds only the rows of the sidebar's reference date
    (``all_locations`` every row), and ``token`` names that choice, so every
    count, sum, share, map, chart and export that reads the bundle follows it.
    """
    locations = cache.table("locations")
    indicators = cache.table("indicators")
    locations_label = "reception_locations.csv"
    indicators_label = "indicators.csv"
    uploaded = False
    token = SHIPPED
    if st.session_state.get(USE_UPLOAD):
        loc_upload: Upload | None = st.session_state.get(UPLOADED_LOCATIONS)
        ind_upload: Upload | None = st.session_state.get(UPLOADED_INDICATORS)
        if loc_upload is not None:
            locations = loc_upload.frame.copy()
            locations_label = loc_upload.filename
            uploaded = True
            token += "|L:" + loc_upload.fingerprint
        if ind_upload is not None:
            indicators = pd.concat([indicators, ind_upload.frame], ignore_index=True)
            indicators_label = f"indicators.csv + {ind_upload.filename}"
            uploaded = True
            token += "|I:" + ind_upload.fingerprint
    reference, confirmed_only = current_reference()
    token += f"|ref:{reference}" + ("+confirmed" if confirmed_only else "")
    return DataBundle(
        municipalities=cache.municipalities(),
        locations=cache.reference_rows(token, reference, confirmed_only, locations),
        stations=cache.table("stations"),
        places=cache.table("places"),
        indicators=indicators,
        facts=cache.table("facts"),
        locations_label=locations_label,
        indicators_label=indicators_label,
        uploaded=uploaded,
        token=token,
        all_locations=locations,
        reference=reference,
        confirmed_only=confirmed_only,
    )


def url_default(key: str, default: str, options: Sequence[str] | None = None) -> None:
    """Seed a widget's state from the URL query parameter of the same name, once."""
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    if raw is not None and (options is None or raw in options):
        st.session_state[key] = raw
    else:
        st.session_state[key] = default


def url_default_list(key: str, default: Sequence[str], options: Sequence[str]) -> None:
    """Seed a multiselect from a repeated query parameter (``?type=a&type=b``)."""
    if key in st.session_state:
        return
    raw = [v for v in st.query_params.get_all(key) if v in options]
    st.session_state[key] = raw if raw else list(default)


def url_default_range(key: str, default: tuple[int, int], bounds: tuple[int, int]) -> None:
    """Seed a range slider from ``?key=lo-hi``."""
    if key in st.session_state:
        return
    value = default
    raw = st.query_params.get(key)
    if raw and "-" in raw:
        lo, _, hi = raw.partition("-")
        if lo.isdigit() and hi.isdigit():
            lo_i, hi_i = max(int(lo), bounds[0]), min(int(hi), bounds[1])
            if lo_i <= hi_i:
                value = (lo_i, hi_i)
    st.session_state[key] = value


def write_url(keys: Sequence[str], *, encode: Callable[[object], object] | None = None) -> None:
    """Copy the given widget states into the URL so the link reopens this view."""
    for key in keys:
        value = st.session_state.get(key)
        if isinstance(value, tuple):
            value = f"{value[0]}-{value[1]}"
        if encode is not None:
            value = encode(value)
        if value is None or value == []:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != (
            [str(v) for v in value] if isinstance(value, list) else [str(value)]
        ):
            st.query_params[key] = value
