"""Serve the map assets locally so maps draw without internet.

folium and streamlit-folium load Leaflet, jQuery and Bootstrap from CDNs by
default; offline (tests, CI, many office networks) no map draws at all. We copy
Leaflet 1.9.4 from the installed ``django-js-lib-leaflet`` package into
``static/leaflet/`` at start-up (served by Streamlit's static file serving at
``/app/static/leaflet/...``, see ``.streamlit/config.toml``) and point folium's
Map at those files. Our maps use only plain Leaflet (GeoJSON layers, circle
markers), so jQuery, Bootstrap and the awesome-markers plugin are not needed.
"""

from __future__ import annotations

import filecmp
import functools
import shutil
from importlib import resources
from pathlib import Path

import folium

APP_DIR = Path(__file__).resolve().parents[1]
STATIC_LEAFLET = APP_DIR / "static" / "leaflet"
LEAFLET_URL = "/app/static/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")


def _package_dir() -> Path:
    return Path(str(resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"))


@functools.cache
def ensure_leaflet_static(target: Path = STATIC_LEAFLET) -> Path:
    """Copy Leaflet's JS, CSS and images from the installed package to ``target``.

    Idempotent: files already identical are left alone. Runs once per process
    (the router calls it on every rerun). Returns ``target``.
    """
    source = _package_dir()
    (target / "images").mkdir(parents=True, exist_ok=True)
    wanted = [Path(name) for name in LEAFLET_FILES]
    wanted += [Path("images") / p.name for p in (source / "images").glob("*.png")]
    for rel in wanted:
        src, dst = source / rel, target / rel
        if not dst.exists() or not filecmp.cmp(src, dst, shallow=False):
            shutil.copyfile(src, dst)
    return target


LOCAL_JS = [("leaflet", f"{LEAFLET_URL}/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"{LEAFLET_URL}/leaflet.css")]


def use_local_leaflet(m: folium.Map) -> folium.Map:
    """Point this folium map at the locally served Leaflet (no CDN); returns ``m``.

    Set on the instance, not the class: Streamlit may re-import modules between
    reruns, which silently restores a class-level default.
    """
    m.default_js = list(LOCAL_JS)
    m.default_css = list(LOCAL_CSS)
    return m
