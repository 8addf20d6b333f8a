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

# In a map frame: [country, Date.now()] once the map holds all expected features.
MAP_DRAWN_JS = f"""(expected) => {{
    const c = ({FEATURE_COUNTS_JS})();
    if (!c.map || !c.center) return false;
    const country = c.center[0] > 51.5 ? 'NL' : 'BE';
    const [polygons, points] = expected[country];
    return c.polygons >= polygons && c.points >= points ? [country, Date.now()] : false;
}}"""

BLANK_DRAWN_JS = """() => {
    const title = [...document.querySelectorAll('h1')].find(h => h.textContent.trim() === 'blank');
    return title && title.getClientRects().length ? Date.now() : false;
}"""


class Load:
    """One page load in a new offline context, with its WebSocket frames recorded."""

    def __init__(self, browser, url: str):
        self.blocked: list[str] = []
        self.ws_frames: list[bytes | str] = []
        self.ws_times: list[float] = []  # epoch ms at which each frame reached this script
        self.milestones: dict[str, float] = {}
        self.context = offline_context(browser, blocked=self.blocked)
        self.page = self.context.new_page()
        self.page.on("websocket", self._on_websocket)
        self.page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        self.origin = self.page.evaluate("performance.timeOrigin")

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
        self.context.close()


def time_compare(browser, url: str, expected: dict[str, list[int]]) -> tuple[float, Load]:
    """Seconds from navigation to both maps fully drawn; the load is returned open.

    ``load.milestones`` holds seconds from navigation to: both map iframes in
    the page, both Leaflet maps created, both maps fully drawn
    (:meth:`Load.server_milestones` adds the server's side).
    """
    load = Load(browser, url)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = args.runs

    executable = chromium_path()
    if not executable:
        print("Chromium not installed: apt-get install -y chromium", file=sys.stderr)
        return 2
    municipalities = expected_municipalities()
    locations = expected_locations()
    expected = {c: [municipalities[c], locations[c]] for c in ("NL", "BE")}
    LOG_DIR.mkdir(parents=True, exist_ok=True)

    fresh_compare: list[float] = []
    fresh_blank: list[float] = []
    warm_compare: list[float] = []
    warm_blank: list[float] = []
    blocked: set[str] = set()
    sent: dict = {}
    milestones: dict[str, dict[str, list[float]]] = {"fresh": {}, "warm": {}}

    def keep(kind: str, load: Load) -> None:
        load.page.wait_for_timeout(500)  # outside the timing: let the last messages arrive
        load.milestones = {**load.server_milestones(), **load.milestones}
        for name, value in load.milestones.items():
            milestones[kind].setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory(prefix="blank-streamlit-") as tmp, sync_playwright() as p:
        blank_dir = Path(tmp)
        (blank_dir / "blank.py").write_text(BLANK_SCRIPT, encoding="utf-8")
        browser = launch(p)
        try:
            for i in range(runs):
                print(f"fresh run {i + 1}/{runs} ...", file=sys.stderr, flush=True)
                process, url = start_server(log=LOG_DIR / "compare-fresh.log")
                try:
                    seconds, load = time_compare(browser, f"{url}/", expected)
                    fresh_compare.append(seconds)
                    keep("fresh", load)
                    blocked.update(load.blocked)
                    load.close()
                finally:
                    stop_server(process)
                process, url = start_server("blank.py", cwd=blank_dir, log=LOG_DIR / "blank-fresh.log")
                try:
                    seconds, load = time_blank(browser, f"{url}/")
                    fresh_blank.append(seconds)
                    load.close()
                finally:
                    stop_server(process)

            print("warm runs ...", file=sys.stderr, flush=True)
            compare_process, compare_url = start_server(log=LOG_DIR / "compare-warm.log")
            blank_process, blank_url = start_server("blank.py", cwd=blank_dir, log=LOG_DIR / "blank-warm.log")
            try:
                for timer, url in ((time_compare, compare_url), (time_blank, blank_url)):  # warm-up
                    extra = (expected,) if timer is time_compare else ()
                    _, load = timer(browser, f"{url}/", *extra)
                    load.close()
                for _ in range(runs):
                    seconds, load = time_compare(browser, f"{compare_url}/", expected)
                    warm_compare.append(seconds)
                    keep("warm", load)
                    blocked.update(load.blocked)
                    sent = map_args_sent(load.ws_frames)
                    load.close()
                    seconds, load = time_blank(browser, f"{blank_url}/")
                    warm_blank.append(seconds)
                    load.close()
            finally:
                stop_server(compare_process)
                stop_server(blank_process)
        finally:
            browser.close()

    med = statistics.median
    features = ", ".join(f"{c} {m}+{n}" for c, (m, n) in expected.items())
    print()
    print(f"Compare page, both maps fully drawn ({features} municipalities+locations)")
    print(f"headless Chromium {executable}, network limited to localhost, median of {runs}")
    print()
    print(f"{'':34}{'fresh server':>16}{'warm server':>16}")
    print(f"{'compare page, maps drawn':34}{med(fresh_compare):>14.2f} s{med(warm_compare):>14.2f} s")
    goals = f"{'<= ' + format(GOAL_FRESH_S, '.2f'):>14} s{'<= ' + format(GOAL_WARM_S, '.2f'):>14} s"
    print(f"{'  goal':34}{goals}")
    print(
        f"{'  verdict':34}{verdict(med(fresh_compare), GOAL_FRESH_S):>16}"
        f"{verdict(med(warm_compare), GOAL_WARM_S):>16}"
    )
    print(f"{'blank page (st.title), floor':34}{med(fresh_blank):>14.2f} s{med(warm_blank):>14.2f} s")
    print(
        f"{'ratio compare / blank':34}{med(fresh_compare) / med(fresh_blank):>15.1f}x"
        f"{med(warm_compare) / med(warm_blank):>15.1f}x"
    )
    print()
    for name in milestones["warm"]:
        fresh_ms = med(milestones["fresh"].get(name) or [float("nan")])
        warm_ms = med(milestones["warm"][name])
        print(f"{'  compare: ' + name:34}{fresh_ms:>14.2f} s{warm_ms:>14.2f} s")
    print()
    print(f"runs compare fresh: {fmt_runs(fresh_compare)}")
    print(f"runs compare warm:  {fmt_runs(warm_compare)}")
    print(f"runs blank fresh:   {fmt_runs(fresh_blank)}")
    print(f"runs blank warm:    {fmt_runs(warm_blank)}")
    print()

    maps_sent = sent.get("maps", {})
    map_bytes = sum(m["script"] + m["feature_group"] for m in maps_sent.values())
    print(
        f"map data sent (st_folium script + feature_group, {len(maps_sent)} maps): "
        f"{map_bytes / 1e6:.3f} MB  goal <= {GOAL_MAP_BYTES / 1e6:.1f} MB  "
        f"{verdict(map_bytes, GOAL_MAP_BYTES)}"
    )
    for country, sizes in sorted(maps_sent.items()):
        print(f"  {country}: script {sizes['script']:,} B, feature_group {sizes['feature_group']:,} B")
    print(
        f"  st_folium messages in one load: {sent.get('component_messages', 0)}"
        f" (more than 2 means a map was sent again by a rerun);"
        f" cached-message refs: {sent.get('cached_refs', 0)}"
    )
    print(f"  all WebSocket bytes received in one load: {sent.get('websocket_bytes', 0) / 1e6:.3f} MB")
    geojson = geojson_in_process()
    if isinstance(geojson, dict):
        parts = ", ".join(f"{k} {v:,} B" for k, v in geojson.items())
        total = sum(geojson.values()) / 1e6
        print(f"  of which GeoJSON (in-process, compact JSON): {total:.3f} MB ({parts})")
    else:
        print(f"  GeoJSON in-process: {geojson}")
    print(f"non-local requests aborted: {len(blocked)}{' ' + str(sorted(blocked)[:5]) if blocked else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
