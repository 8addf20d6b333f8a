"""Thin Streamlit cache over ``loaders.geodata`` for the app.

``st.cache_data`` hands every caller its own copy, so a page that mutates a
frame cannot corrupt another session. Keys are the file path and its
modification time, so a rebuilt geodata/ is picked up without a restart.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from loaders import geodata


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=4)
def _municipalities(path: str, mtime: float):
    return geodata.load_municipalities(path=Path(path))


@st.cache_data(show_spinner=False, max_entries=24)
def _table(name: str, path: str, mtime: float):
    reader = {
        "locations": geodata.load_locations,
        "stations": geodata.load_stations,
        "places": geodata.load_places,
        "indicators": geodata.load_indicators,
        "facts": geodata.load_facts,
    }[name]
    return reader(path=Path(path))


FILES = {
    "locations": "reception_locations.csv",
    "stations": "stations.csv",
    "places": "places.csv",
    "indicators": "indicators.csv",
    "facts": "facts.csv",
}


def municipalities():
    """Shipped municipalities (EPSG:4326), a fresh copy per call."""
    path = geodata.GEODATA / "municipalities.geojson"
    return _municipalities(str(path), _mtime(path))


def table(name: str):
    """A shipped table by name: locations, stations, places, indicators or facts."""
    path = geodata.GEODATA / FILES[name]
    return _table(name, str(path), _mtime(path))
