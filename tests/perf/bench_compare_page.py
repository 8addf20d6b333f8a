"""Speed of the compare page in a real browser (a script, not a test).

Run from the repository root::

    python tests/perf/bench_compare_page.py [--runs 5]

Prints, for headless Chromium (Debian's, through Playwright) with every
request to a host other than localhost aborted:

* the time from navigation start to both compare maps fully drawn (every
  municipality and every reception location of the shipped data is a feature
  projected on its Leaflet map), median of ``--runs``:
  - fresh: a new server process per run (the first page load of that process);
  - warm: one server, one warm-up load, then ``--runs`` new page loads;
* the same for a blank Streamlit page (a temporary script holding only
  ``st.title("blank")``, on its own server, timed until the title is visible):
  the floor of any Streamlit page on this machine, measured in the same run so
  the ratio holds when the machine is busy;
* the map data sent for the compare page: the ``script`` + ``feature_group``
  arguments of both ``st_folium`` components as they arrive over the
  WebSocket (decoded from Streamlit's protobuf messages), with the GeoJSON
  part of it computed in-process for comparison.

Every page load uses a new browser context (empty cache). Times come from the
browser's clocks: ``performance.timeOrigin`` of the page (navigation start)
to ``Date.now()`` when the drawn-check first passes in the map frames, checked
every 25 ms.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from deploy.replicas import Cluster, free_port, nginx_path  # noqa: E402
from tests.browser.browser import chromium_path, launch, offline_context  # noqa: E402
from tests.browser.helpers import (  # noqa: E402
    FEATURE_COUNTS_JS,
    MAP_IFRAME,
    expected_locations,
    expected_municipalities,
    start_server,
    stop_server,
)

GOAL_FRESH_S = 2.0
GOAL_WARM_S = 1.5
GOAL_MAP_BYTES = 1_000_000
POLL_MS = 25
TIMEOUT_MS = 180_000
LOG_DIR = REPO_ROOT / "tests" / "output" / "perf"
BLANK_SCRIPT = 'import streamlit as st\n\nst.title("blank")\n'
MAP_DATA_URL = "/app/static/mapdata/"  # shipped map data served as static files (if any)
# The naive baseline: the shipped files on one st_folium map, as a first attempt
# would draw them (default st_folium call, one GeoJSON layer each, local Leaflet
# so that it draws offline like ours).
NAIVE_SCRIPT = """import geopandas as gpd
import pandas as pd
import folium
import streamlit as st
from streamlit_folium import st_folium

GEODATA = {geodata!r}
munis = gpd.read_file(GEODATA + "/municipalities.geojson")
locs = pd.read_csv(GEODATA + "/reception_locations.csv").dropna(subset=["lat", "lon"])
xy = gpd.points_from_xy(locs.lon, locs.lat)
points = gpd.GeoDataFrame(locs[["name", "capacity"]], geometry=xy, crs=4326)
m = folium.Map(location=[51.5, 5.0], zoom_start=7, tiles=None, prefer_canvas=True)
m.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.GeoJson(munis[["name", "geometry"]], tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
marker = folium.CircleMarker(radius=5)
folium.GeoJson(points, marker=marker, tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
st_folium(m, height=700, use_container_width=True)
"""

# In a map frame: [country, Date.now()] once the map holds all expected features.
MAP_DRAWN_JS = f"""(expected) => {{
    const c = ({FEATURE_COUNTS_JS})();
    if (!c.map || !c.center) return false;
    const country = c.center[0] > 51.5 ? 'NL' : 'BE';
    const [polygons, points] = expected[country];
    return c.polygons >= polygons && c.points >= points ? [country, Date.now()] : false;
}}"""

# In the naive map's frame: Date.now() once it holds every feature of both countries.
NAIVE_DRAWN_JS = f"""([polygons, points]) => {{
    const c = ({FEATURE_COUNTS_JS})();
    return c.map && c.polygons >= polygons && c.points >= points ? Date.now() : false;
}}"""

BLANK_DRAWN_JS = """() => {
    const title = [...document.querySelectorAll('h1')].find(h => h.textContent.trim() === 'blank');
    return title && title.getClientRects().length ? Date.now() : false;
}"""


class Load:
    """One page load in a new offline context (or ``context``), with its WebSocket frames
    and the bytes of every HTTP response that came over the network recorded."""

    def __init__(self, browser, url: str, *, context=None):
        self.blocked: list[str] = []
        self.ws_frames: list[bytes | str] = []
        self.ws_times: list[float] = []  # epoch ms at which each frame reached this script
        self.milestones: dict[str, float] = {}
        self.own_context = context is None
        self.context = offline_context(browser, blocked=self.blocked) if context is None else context
        self.page = self.context.new_page()
        self.page.on("websocket", self._on_websocket)
        # Bytes on the wire per URL (Chrome's encodedDataLength): a response served
        # from the browser's cache does not count.
        self.http_urls: dict[str, str] = {}
        self.http_bytes: dict[str, int] = {}
        cdp = self.context.new_cdp_session(self.page)
        cdp.on("Network.responseReceived", self._on_response)
        cdp.on("Network.loadingFinished", self._on_finished)
        cdp.send("Network.enable")
        self.page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        self.origin = self.page.evaluate("performance.timeOrigin")

    def _on_response(self, event: dict) -> None:
        self.http_urls[event["requestId"]] = event["response"]["url"]

    def _on_finished(self, event: dict) -> None:
        url = self.http_urls.get(event["requestId"], "")
        self.http_bytes[url] = self.http_bytes.get(url, 0) + int(event.get("encodedDataLength", 0))

    def map_data_bytes(self) -> int:
        """Map data that came over the network in this load: the st_folium arguments in the
        WebSocket messages plus HTTP responses of shipped map-data files (not cached)."""
        sent = map_args_sent(self.ws_frames)
        websocket = sum(m["script"] + m["feature_group"] for m in sent["maps"].values())
        return websocket + self.map_file_bytes()

    def map_file_bytes(self) -> int:
        """Bytes of the shipped map-data files that came over the network (not cached)."""
        return sum(n for url, n in self.http_bytes.items() if MAP_DATA_URL in url)

    def _on_websocket(self, ws) -> None:
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: bytes | str) -> None:
        self.ws_frames.append(payload)
        self.ws_times.append(time.time() * 1000)

    def server_milestones(self) -> dict[str, float]:
        """Seconds from navigation to the first page element and to the end of the
        first script run, as seen on the WebSocket (server side of the load)."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        found: dict[str, float] = {}
        for payload, stamp in zip(self.ws_frames, self.ws_times):
            if isinstance(payload, str):
                continue
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            kind = msg.WhichOneof("type")
            name = {"delta": "first element sent", "script_finished": "script run finished"}.get(kind)
            if name and name not in found:
                found[name] = (stamp - self.origin) / 1000
        return found

    def close(self) -> None:
        if self.own_context:
            self.context.close()
        else:
            self.page.close()


def time_compare(browser, url: str, expected: dict[str, list[int]], *, context=None) -> tuple[float, Load]:
    """Seconds from navigation to both maps fully drawn; the load is returned open.

    ``load.milestones`` holds seconds from navigation to: both map iframes in
    the page, both Leaflet maps created, both maps fully drawn
    (:meth:`Load.server_milestones` adds the server's side).
    """
    load = Load(browser, url, context=context)
    page = load.page
    iframes = page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n ? Date.now() : false",
        arg=[MAP_IFRAME, 2],
        polling=POLL_MS,
        timeout=TIMEOUT_MS,
    ).json_value()
    frames = [handle.content_frame() for handle in page.locator(MAP_IFRAME).element_handles()]
    created = [
        frame.wait_for_function(
            "() => window.map && window.map.eachLayer ? Date.now() : false",
            polling=POLL_MS,
            timeout=TIMEOUT_MS,
        ).json_value()
        for frame in frames
    ]
    done: dict[str, float] = {}
    for frame in frames:
        country, stamp = frame.wait_for_function(
            MAP_DRAWN_JS, arg=expected, polling=POLL_MS, timeout=TIMEOUT_MS
        ).json_value()
        done[country] = stamp
    if set(done) != {"NL", "BE"}:
        raise RuntimeError(f"expected an NL and a BE map, got {sorted(done)}")
    load.milestones = {
        "map iframes in page": (iframes - load.origin) / 1000,
        "maps created": (max(created) - load.origin) / 1000,
        "maps drawn": (max(done.values()) - load.origin) / 1000,
    }
    return load.milestones["maps drawn"], load


def time_naive(browser, url: str, expected: dict[str, list[int]]) -> tuple[float, Load]:
    """Seconds from navigation to the naive single map fully drawn."""
    load = Load(browser, url)
    load.page.wait_for_function(
        "(sel) => document.querySelector(sel) ? true : false",
        arg=MAP_IFRAME,
        polling=POLL_MS,
        timeout=TIMEOUT_MS,
    )
    frame = load.page.locator(MAP_IFRAME).element_handle().content_frame()
    totals = [sum(v[0] for v in expected.values()), sum(v[1] for v in expected.values())]
    stamp = frame.wait_for_function(
        NAIVE_DRAWN_JS, arg=totals, polling=POLL_MS, timeout=TIMEOUT_MS
    ).json_value()
    return (stamp - load.origin) / 1000, load


def time_blank(browser, url: str) -> tuple[float, Load]:
    """Seconds from navigation to the blank page's title visible."""
    load = Load(browser, url)
    stamp = load.page.wait_for_function(BLANK_DRAWN_JS, polling=POLL_MS, timeout=TIMEOUT_MS).json_value()
    return (stamp - load.origin) / 1000, load


def map_args_sent(ws_frames: list[bytes | str]) -> dict:
    """Sizes of what the server sent: all WebSocket bytes, and per st_folium map its args."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    total = 0
    maps: dict[str, dict] = {}
    component_messages = 0
    cached_refs = 0
    for payload in ws_frames:
        if isinstance(payload, str):
            total += len(payload.encode("utf-8"))
            continue
        total += len(payload)
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "ref_hash":
            cached_refs += 1
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        if element.WhichOneof("type") != "component_instance":
            continue
        instance = element.component_instance
        if "st_folium" not in instance.component_name:
            continue
        component_messages += 1
        args = json.loads(instance.json_args)
        script = (args.get("script") or "").encode("utf-8")
        group = (args.get("feature_group") or "").encode("utf-8")
        match = re.search(r"center:\s*\[\s*([-\d.]+)", args.get("script") or "")
        country = "NL" if match and float(match.group(1)) > 51.5 else "BE"
        maps[country] = {"script": len(script), "feature_group": len(group)}
    return {
        "websocket_bytes": total,
        "maps": maps,
        "component_messages": component_messages,
        "cached_refs": cached_refs,
    }


def geojson_in_process() -> dict[str, int] | str:
    """Bytes of the compare page's GeoJSON built as ui.compare_view.comparison_maps does."""
    logging.disable(logging.WARNING)  # bare mode: no ScriptRunContext warnings
    try:
        from analysis.municipalities import municipal_indicator_options
        from ui import compare_view, maps
        from ui.state import current_data

        data = current_data()
        names = municipal_indicator_options(data.indicators)
        view = compare_view.comparison_maps(data, "places_per_1000", "en", names)
        return {name: maps.geojson_bytes(layer) for name, layer in view.geojson.items()}
    except Exception as exc:  # a breakdown only; the WebSocket figure is the measure
        return f"n/a ({type(exc).__name__}: {exc})"
    finally:
        logging.disable(logging.NOTSET)


def fmt_runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def verdict(value: float, goal: float) -> str:
    return "OK" if value <= goal else "MISSED"


def naive_app(tmp: Path) -> Path:
    """A folder with the naive baseline script, Leaflet under static/ and static serving on."""
    from ui.assets import ensure_leaflet_static

    (tmp / "naive.py").write_text(NAIVE_SCRIPT.format(geodata=str(REPO_ROOT / "geodata")), encoding="utf-8")
    (tmp / ".streamlit").mkdir(exist_ok=True)
    (tmp / ".streamlit" / "config.toml").write_text(
        "[server]\nenableStaticServing = true\n", encoding="utf-8"
    )
    ensure_leaflet_static.__wrapped__(tmp / "static" / "leaflet")
    return tmp


def second_visits(playwright, url: str, expected, visits: int) -> tuple[list, list]:
    """Map data bytes over the network on a first and a second visit in one browser context.

    Playwright's request routing (how :func:`offline_context` cuts the network)
    disables the browser's HTTP cache, so these visits use a browser of their
    own whose host resolver knows only localhost: offline as well, cache on.
    """
    from tests.browser.browser import CHROMIUM_ARGS

    browser = playwright.chromium.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost"],
    )
    first, second = [], []
    try:
        for _ in range(visits):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            try:
                for kept in (first, second):
                    _, load = time_compare(browser, f"{url}/", expected, context=context)
                    load.page.wait_for_timeout(500)
                    kept.append((load.map_data_bytes(), load.map_file_bytes()))
                    load.close()
            finally:
                context.close()
    finally:
        browser.close()
    return first, second


def measure(runs: int = 5) -> dict:
    """Fresh and warm page loads of the compare page, the blank page and the naive map.

    Returns the raw figures (lists of seconds per run, bytes, server CPU per load).
    """
    from tests.perf.bench_server import cpu_seconds, settle

    municipalities = expected_municipalities()
    locations = expected_locations()
    expected = {c: [municipalities[c], locations[c]] for c in ("NL", "BE")}
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    out: dict = {
        "expected": expected,
        "fresh": {"compare": [], "blank": [], "naive": []},
        "warm": {"compare": [], "blank": [], "naive": []},
        "milestones": {"fresh": {}, "warm": {}},
        "server_cpu": {"compare": [], "blank": [], "naive": []},
        "blocked": set(),
    }
    timers = {"compare": time_compare, "blank": time_blank, "naive": time_naive}

    def keep(kind: str, load: Load) -> None:
        load.page.wait_for_timeout(500)  # outside the timing: let the last messages arrive
        load.milestones = {**load.server_milestones(), **load.milestones}
        for name, value in load.milestones.items():
            out["milestones"][kind].setdefault(name, []).append(value)

    with (
        tempfile.TemporaryDirectory(prefix="blank-streamlit-") as blank_tmp,
        tempfile.TemporaryDirectory(prefix="naive-streamlit-") as naive_tmp,
        sync_playwright() as p,
    ):
        (Path(blank_tmp) / "blank.py").write_text(BLANK_SCRIPT, encoding="utf-8")
        apps = {
            "compare": ("dashboard.py", REPO_ROOT),
            "blank": ("blank.py", Path(blank_tmp)),
            "naive": ("naive.py", naive_app(Path(naive_tmp))),
        }

        def timed(name: str, browser, url: str, **kwargs):
            extra = () if name == "blank" else (expected,)
            return timers[name](browser, f"{url}/", *extra, **kwargs)

        browser = launch(p)
        try:
            for i in range(runs):
                print(f"page loads: fresh run {i + 1}/{runs} ...", file=sys.stderr, flush=True)
                for name, (script, cwd) in apps.items():
                    process, url = start_server(script, cwd=cwd, log=LOG_DIR / f"{name}-fresh.log")
                    try:
                        seconds, load = timed(name, browser, url)
                        out["fresh"][name].append(seconds)
                        if name == "compare":
                            keep("fresh", load)
                            out["blocked"].update(load.blocked)
                        load.close()
                    finally:
                        stop_server(process)

            print("page loads: warm runs ...", file=sys.stderr, flush=True)
            servers = {}
            try:
                for name, (script, cwd) in apps.items():
                    servers[name] = start_server(script, cwd=cwd, log=LOG_DIR / f"{name}-warm.log")
                for name, (_, url) in servers.items():  # warm-up
                    _, load = timed(name, browser, url)
                    load.close()
                for _ in range(runs):
                    for name, (process, url) in servers.items():
                        settle(process.pid)
                        before = cpu_seconds(process.pid)
                        seconds, load = timed(name, browser, url)
                        out["warm"][name].append(seconds)
                        if name == "compare":
                            keep("warm", load)
                            out["blocked"].update(load.blocked)
                            out["sent"] = map_args_sent(load.ws_frames)
                        else:
                            load.page.wait_for_timeout(500)
                        load.close()
                        settle(process.pid)
                        out["server_cpu"][name].append(cpu_seconds(process.pid) - before)

                # A second visit from the same browser (same context, so the same cache).
                print("page loads: second visits ...", file=sys.stderr, flush=True)
                first, second = second_visits(p, servers["compare"][1], expected, max(2, runs // 2))
                out["map_bytes_first_visit"] = [total for total, _ in first]
                out["map_bytes_second_visit"] = [total for total, _ in second]
                out["map_file_bytes_second_visit"] = [files for _, files in second]
            finally:
                for process, _ in servers.values():
                    stop_server(process)
            if nginx_path():
                out["deployed"] = deployed_loads(browser, apps, timed, runs)
        finally:
            browser.close()
    return out


def deployed_loads(browser, apps: dict, timed, runs: int) -> dict:
    """The compare and blank pages as deployed: nginx + one replica (deploy/replicas.py).

    "fresh": the first page load after the cluster started (the replica has been
    warmed by deploy/replicas.py, as in production); "warm": ``runs`` loads
    after that, with the replica's CPU per load (nginx serves the static files).
    """
    from tests.perf.bench_server import cpu_seconds, settle

    out: dict = {"fresh": {}, "warm": {}, "cpu": {}}
    fresh_runs = max(2, runs // 2)
    for name in ("compare", "blank"):
        script, cwd = apps[name]
        out["fresh"][name], out["warm"][name], out["cpu"][name] = [], [], []
        for i in range(fresh_runs):
            print(f"page loads through nginx: {name}, new cluster {i + 1}/{fresh_runs} ...", file=sys.stderr)
            with Cluster(listen=str(free_port()), ports=[free_port()], script=script, cwd=cwd) as cluster:
                seconds, load = timed(name, browser, cluster.url)
                load.close()
                out["fresh"][name].append(seconds)
                if i:
                    continue
                pid = next(iter(cluster.replicas.values())).pid
                for _ in range(runs):
                    settle(pid)
                    before = cpu_seconds(pid)
                    seconds, load = timed(name, browser, cluster.url)
                    load.page.wait_for_timeout(500)
                    load.close()
                    settle(pid)
                    out["warm"][name].append(seconds)
                    out["cpu"][name].append(cpu_seconds(pid) - before)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = args.runs

    executable = chromium_path()
    if not executable:
        print("Chromium not installed: apt-get install -y chromium", file=sys.stderr)
        return 2
    r = measure(runs)
    med = statistics.median
    fresh, warm, expected = r["fresh"], r["warm"], r["expected"]
    features = ", ".join(f"{c} {m}+{n}" for c, (m, n) in expected.items())
    print()
    print(f"Compare page, both maps fully drawn ({features} municipalities+locations)")
    print(f"headless Chromium {executable}, network limited to localhost, median of {runs}")
    print()
    print(f"{'':34}{'fresh server':>16}{'warm server':>16}")
    for name, label in (
        ("compare", "compare page, maps drawn"),
        ("blank", "blank page (st.title), floor"),
        ("naive", "naive single st_folium map"),
    ):
        print(f"{label:34}{med(fresh[name]):>14.2f} s{med(warm[name]):>14.2f} s")
    ratio_fresh = med(fresh["compare"]) / med(fresh["blank"])
    ratio_warm = med(warm["compare"]) / med(warm["blank"])
    print(f"{'ratio compare / blank':34}{ratio_fresh:>15.1f}x{ratio_warm:>15.1f}x")
    print(f"{'  goal':34}{'<= 2.0x':>16}{'<= 1.5x':>16}")
    print(f"{'  verdict':34}{verdict(ratio_fresh, 2.0):>16}{verdict(ratio_warm, 1.5):>16}")
    print()
    for name in r["milestones"]["warm"]:
        fresh_ms = med(r["milestones"]["fresh"].get(name) or [float("nan")])
        warm_ms = med(r["milestones"]["warm"][name])
        print(f"{'  compare: ' + name:34}{fresh_ms:>14.2f} s{warm_ms:>14.2f} s")
    print()
    for kind in ("fresh", "warm"):
        for name in ("compare", "blank", "naive"):
            print(f"runs {name} {kind}: {fmt_runs(r[kind][name])}")
    print()
    for name, values in r["server_cpu"].items():
        print(f"server CPU per warm browser load, {name}: median {med(values):.2f} s ({fmt_runs(values)})")
    sent = r.get("sent", {})
    for country, sizes in sorted(sent.get("maps", {}).items()):
        print(f"  {country}: script {sizes['script']:,} B, feature_group {sizes['feature_group']:,} B")
    print(
        f"map data over the network: first visit {med(r['map_bytes_first_visit']) / 1e6:.3f} MB, "
        f"second visit (same browser) {med(r['map_bytes_second_visit']) / 1e6:.3f} MB"
    )
    print(f"  st_folium messages in one load: {sent.get('component_messages', 0)}")
    geojson = geojson_in_process()
    if isinstance(geojson, dict):
        parts = ", ".join(f"{k} {v:,} B" for k, v in geojson.items())
        print(f"  GeoJSON in-process (compact JSON): {sum(geojson.values()) / 1e6:.3f} MB ({parts})")
    blocked = r["blocked"]
    print(f"non-local requests aborted: {len(blocked)}{' ' + str(sorted(blocked)[:5]) if blocked else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
