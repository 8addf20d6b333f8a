"""Waiting for the Streamlit app and looking into its st_folium maps.

The maps are drawn with Leaflet on a ``<canvas>`` (``prefer_canvas=True`` in
``ui.maps.base_map``), so there are no ``path.leaflet-interactive`` SVG
elements to count. streamlit-folium's frontend keeps the Leaflet map of each
component frame in ``window.map`` (see its bundle), so features are counted
from JavaScript: every layer on the map that carries a GeoJSON ``feature``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
from playwright.sync_api import Frame, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
GEODATA = REPO_ROOT / "geodata"
OUTPUT_DIR = REPO_ROOT / "tests" / "output" / "browser"
SERVER_START_TIMEOUT_S = 90
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_TIMEOUT_MS = 90_000

# Counts the GeoJSON features on the frame's Leaflet map, split into points
# (reception locations, drawn as circle markers) and everything else
# (municipality polygons). A layer counts only once Leaflet has projected it
# for drawing (``_pxBounds`` for canvas/SVG paths; ``_icon`` for a marker).
FEATURE_COUNTS_JS = """() => {
    const counts = {map: false, polygons: 0, points: 0, svg_paths: 0, canvases: 0};
    counts.svg_paths = document.querySelectorAll('path.leaflet-interactive').length;
    counts.canvases = document.querySelectorAll('.leaflet-pane canvas').length;
    if (!window.map || !window.map.eachLayer) return counts;
    counts.map = true;
    window.map.eachLayer(l => {
        if (!l.feature || !l.feature.geometry || !(l._pxBounds || l._icon)) return;
        if (l.feature.geometry.type === 'Point') counts.points++; else counts.polygons++;
    });
    const c = window.map.getCenter();
    counts.center = [c.lat, c.lng];
    return counts;
}"""

# Paint order of the map's canvas renderer (Leaflet draws its linked list
# _drawFirst -> next in order): "p" for a point, "g" for a polygon.
PAINT_ORDER_JS = """() => {
    let order = '';
    window.map.eachLayer(r => {
        if (!(r instanceof L.Canvas)) return;
        for (let o = r._drawFirst; o; o = o.next) {
            const f = o.layer.feature;
            if (f && f.geometry) order += f.geometry.type === 'Point' ? 'p' : 'g';
        }
    });
    return order;
}"""


# Fraction of painted (non-transparent) pixels of the map's canvas: proof that
# the features were not only added to the map but drawn.
CANVAS_PAINTED_JS = """() => {
    const canvas = document.querySelector('.leaflet-pane canvas');
    if (!canvas || !canvas.width || !canvas.height) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0, total = 0;
    for (let i = 3; i < data.length; i += 4 * 16) { total++; if (data[i] > 0) painted++; }
    return total ? painted / total : 0;
}"""


def wait_for_app(page: Page, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected and has finished running the script.

    ``stApp`` carries the script state (``initial`` -> ``running`` ->
    ``notRunning``); the running indicator of ``stStatusWidget`` must be gone,
    the main block present, and no element still showing its loading skeleton.
    """
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout
    )
    page.wait_for_selector('[data-testid="stMainBlockContainer"]', state="attached", timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"],'
                + ' [data-testid="stStatusWidgetRunningManIcon"]')) return false;
            // Elements whose code is still loading (lazy chunks, components) show a skeleton.
            return !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=timeout,
        polling=100,
    )


def map_frames(page: Page, count: int | None = None, timeout: float = APP_TIMEOUT_MS) -> list[Frame]:
    """The st_folium component frames, in page order (waits for ``count`` of them)."""
    locator = page.locator(MAP_IFRAME)
    if count is not None:
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[MAP_IFRAME, count],
            timeout=timeout,
        )
    frames = []
    for handle in locator.element_handles():
        frame = handle.content_frame()
        if frame is not None:
            frames.append(frame)
    return frames


def feature_counts(frame: Frame) -> dict:
    """``{"map", "polygons", "points", "svg_paths", "canvases", "center"}`` of one map frame."""
    return frame.evaluate(FEATURE_COUNTS_JS)


def count_shapes(frame: Frame) -> int:
    """Number of vector shapes drawn in a map frame.

    SVG rendering: the ``path.leaflet-interactive`` elements. Canvas rendering
    (what the app uses): there are no such paths, so the GeoJSON features
    Leaflet has projected for drawing are counted instead.
    """
    counts = feature_counts(frame)
    if counts["svg_paths"]:
        return counts["svg_paths"]
    return counts["polygons"] + counts["points"]


def wait_for_features(frame: Frame, polygons: int, points: int, timeout: float = APP_TIMEOUT_MS) -> dict:
    """Wait until the frame's map holds at least ``polygons`` + ``points`` drawn features."""
    frame.wait_for_function(
        f"([p, m]) => {{ const c = ({FEATURE_COUNTS_JS})(); return c.polygons >= p && c.points >= m; }}",
        arg=[polygons, points],
        timeout=timeout,
        polling=50,
    )
    return feature_counts(frame)


def wait_for_any_features(frame: Frame, timeout: float = APP_TIMEOUT_MS) -> dict:
    """Wait until the frame's map exists and holds at least one drawn feature."""
    return wait_for_features(frame, 1, 0, timeout=timeout)


# Fill colours of the map's features: {polygon colours, point colours} (distinct).
FILL_COLORS_JS = """() => {
    const polygons = new Set(), points = new Set();
    window.map.eachLayer(l => {
        if (!l.feature || !l.feature.geometry) return;
        (l.feature.geometry.type === 'Point' ? points : polygons).add(l.options.fillColor);
    });
    return {polygons: [...polygons], points: [...points]};
}"""


def fill_colors(frame: Frame) -> dict[str, list[str]]:
    """Distinct fill colours of the frame's polygons and points."""
    return frame.evaluate(FILL_COLORS_JS)


def points_painted_last(frame: Frame) -> bool:
    """True when every reception location is painted above every municipality polygon."""
    order = frame.evaluate(PAINT_ORDER_JS)
    return "p" in order and "g" in order and "g" not in order[order.index("p") :]


def canvas_painted(frame: Frame) -> float:
    """Share of sampled canvas pixels that are painted (0 when there is no canvas)."""
    return frame.evaluate(CANVAS_PAINTED_JS)


def frame_country(frame: Frame) -> str:
    """``"NL"`` or ``"BE"`` from the map's centre (the maps are fitted to each country)."""
    center = feature_counts(frame).get("center")
    if not center:
        raise AssertionError("map frame has no Leaflet map")
    return "NL" if center[0] > 51.5 else "BE"


def country_frames(page: Page, timeout: float = APP_TIMEOUT_MS) -> dict[str, Frame]:
    """The two compare maps keyed by country, once each has a map with features."""
    frames = map_frames(page, count=2, timeout=timeout)
    for frame in frames:
        wait_for_any_features(frame, timeout=timeout)
    by_country = {frame_country(frame): frame for frame in frames}
    if set(by_country) != {"NL", "BE"}:
        got = f"{sorted(by_country)} from {len(frames)} maps"
        raise AssertionError(f"expected one NL and one BE map, got {got}")
    return by_country


def full_page_screenshot(page: Page, path: Path) -> None:
    """Screenshot of the whole app: Streamlit scrolls inside ``stMain``, not the document,
    so the viewport is stretched to the content height for the shot and restored after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1500, "height": 1000}
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')]
                .map(e => e.scrollHeight))"""
    )
    try:
        tall = int(min(max(height, size["height"]), 12_000))
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)


def safe_name(text: str) -> str:
    """A file-name-safe version of a test's node name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120]


def expected_municipalities() -> dict[str, int]:
    """Municipalities per country in the shipped GeoJSON (342 NL, 581 BE)."""
    data = json.loads((GEODATA / "municipalities.geojson").read_text(encoding="utf-8"))
    counts = pd.Series([f["properties"]["country"] for f in data["features"]]).value_counts()
    return {country: int(counts.get(country, 0)) for country in ("NL", "BE")}


def expected_locations(reference: str = "end_2023") -> dict[str, int]:
    """Reception locations with coordinates per country in the shipped CSV, counted under
    the sidebar's reference date (default: in use at the end of 2023)."""
    from tests.test_reference_date import EXPECTED

    locations = pd.read_csv(GEODATA / "reception_locations.csv", dtype=str)
    locations = locations[EXPECTED[reference].to_numpy()]
    counts = locations.dropna(subset=["lat", "lon"])["country"].value_counts()
    return {country: int(counts.get(country, 0)) for country in ("NL", "BE")}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start_server(script: str = "dashboard.py", *, cwd: Path = REPO_ROOT, log: Path | None = None):
    """Start ``streamlit run script`` on a free port; returns ``(process, base_url)`` once healthy."""
    port = _free_port()
    url = f"http://localhost:{port}"
    log = log or OUTPUT_DIR / f"streamlit-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; log {log}:\n{_tail(log)}")
        if _healthy(url):
            return process, url
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s; log {log}:\n{_tail(log)}")


def stop_server(process: subprocess.Popen) -> None:
    """Terminate, then kill if it does not exit within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
