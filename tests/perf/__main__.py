"""Every benchmark of issue 12 from one entry point, printed as one table.

Run from the repository root::

    python -m tests.perf [--runs 5] [--sessions 20] [--rows 100000] [--only compare,server,...]

Each figure is printed with its median and range, a baseline measured in the
same run (so the ratio holds on a busy machine), the ratio and the goal:

* ``compare`` (tests/perf/bench_compare_page.py): the compare page in headless
  Chromium until both maps are drawn, fresh and warm server, beside a blank
  Streamlit page and a naive single st_folium map; map data over the network
  on a first and a second visit from the same browser; server CPU per load;
* ``server`` (tests/perf/bench_server.py): CPU per new session, memory per
  additional session, server time of a widget change on every page, beside a
  blank page with one select box (Streamlit's protocol, no browser);
* ``scale`` (tests/perf/bench_scale.py): 20 readers at once through nginx on
  2 replicas, then one replica killed mid-load;
* ``upload`` (tests/perf/bench_upload.py): 100,000 rows, ours beside pandas +
  geopandas ``sjoin``; ``remoteness`` (tests/perf/bench_remoteness.py), the
  new measures beside the old one-point ones.

Finally the replicas per 1,000 readers per 10 minutes that follow from the
measured server CPU per session (see the README, "Serving many readers").
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

PARTS = ("compare", "server", "scale", "upload", "remoteness")
# Sizing: readers arriving in 10 minutes, each opening one new compare-page
# session; a replica is one Python process (one core at most) kept at 60 %
# busy on average so a burst within the 10 minutes still finds headroom.
READERS, WINDOW_S, TARGET_BUSY = 1_000, 600, 0.6


def med(values) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values, scale: float = 1.0, digits: int = 2) -> str:
    """'median [min-max]' of ``values`` times ``scale``."""
    if not values:
        return "–"
    v = [x * scale for x in values]
    if len(v) == 1:
        return f"{v[0]:.{digits}f}"
    return f"{med(v):.{digits}f} [{min(v):.{digits}f}-{max(v):.{digits}f}]"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, figure, ours, baseline="–", ratio="–", goal="–", met="–") -> None:
        self.rows.append((figure, ours, baseline, ratio, goal, met))

    def print(self) -> None:
        header = ("figure", "ours: median [range]", "baseline (same run)", "ratio", "goal", "met")
        widths = [max(len(str(r[i])) for r in [header, *self.rows]) for i in range(len(header))]
        line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
        print(line)
        print("-" * len(line))
        for row in self.rows:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def add_compare(table: Table, r: dict, runs: int) -> None:
    for kind, goal in (("warm", 1.5), ("fresh", 2.0)):
        ours, blank, naive = r[kind]["compare"], r[kind]["blank"], r[kind]["naive"]
        ratio = med(ours) / med(blank)
        table.add(
            f"compare page, maps drawn, {kind} server (s, {runs} runs)",
            spread(ours),
            f"blank {spread(blank)}",
            f"{ratio:.2f}x",
            f"<= {goal}x blank",
            yes(ratio <= goal),
        )
        table.add(
            f"  beside the naive single st_folium map, {kind}",
            spread(ours),
            f"naive {spread(naive)}",
            f"{med(ours) / med(naive):.2f}x",
        )
    first, second = r["map_bytes_first_visit"], r["map_bytes_second_visit"]
    files = r.get("map_file_bytes_second_visit", [])
    table.add(
        "map data over the network, 2nd visit same browser (MB)",
        spread(second, 1e-6, 3),
        f"1st visit {spread(first, 1e-6, 3)}",
        f"{med(second) / med(first):.2f}x" if med(first) else "–",
        "0 (no map data again)",
        yes(med(second) == 0) if med(second) == 0 or not files else "partly",
    )
    if files:
        table.add(
            "  of which GeoJSON files (rest: layer scripts, styles per feature)",
            spread(files, 1e-6, 3),
            "–",
            "–",
            "0",
            yes(med(files) == 0),
        )
    deployed = r.get("deployed")
    if deployed:
        for kind, goal, note in (
            ("warm", 1.5, ""),
            ("fresh", 2.0, ", new cluster (replica warmed)"),
        ):
            ours, blank = deployed[kind]["compare"], deployed[kind]["blank"]
            ratio = med(ours) / med(blank)
            table.add(
                f"  as deployed (nginx, 1 replica), {kind}{note} (s)",
                spread(ours),
                f"blank {spread(blank)}",
                f"{ratio:.2f}x",
                f"<= {goal}x blank",
                yes(ratio <= goal),
            )
    cpu = r["server_cpu"]
    table.add(
        "server CPU per warm compare load, browser (s)",
        spread(cpu["compare"]),
        f"blank {spread(cpu['blank'])}",
        f"{med(cpu['compare']) / med(cpu['blank']):.1f}x",
        "<= 0.25 s",
        yes(med(cpu["compare"]) <= 0.25),
    )
    table.add("  naive map, same measure (s)", spread(cpu["naive"]))
    if deployed:
        table.add(
            "  as deployed: replica CPU per load (s)",
            spread(deployed["cpu"]["compare"]),
            f"blank {spread(deployed['cpu']['blank'])}",
            f"{med(deployed['cpu']['compare']) / med(deployed['cpu']['blank']):.1f}x",
            "<= 0.25 s",
            yes(med(deployed["cpu"]["compare"]) <= 0.25),
        )


def add_server(table: Table, r: dict) -> None:
    app, blank = r["app"], r["blank"]
    table.add(
        "server CPU per new compare session, protocol client (s)",
        spread(app["cpu"]["cpu"], digits=3),
        f"blank {spread(blank['cpu']['cpu'], digits=3)}",
        f"{med(app['cpu']['cpu']) / med(blank['cpu']['cpu']):.1f}x",
        "<= 0.25 s",
        yes(med(app["cpu"]["cpu"]) <= 0.25),
    )
    table.add(
        "  first session of a fresh server (s CPU)",
        f"{app['cpu']['first_cpu']:.2f}",
        f"blank {blank['cpu']['first_cpu']:.2f}",
        f"{app['cpu']['first_cpu'] / max(blank['cpu']['first_cpu'], 0.01):.1f}x",
    )
    per_mb = app["memory"]["per_session"] / 1e6
    table.add(
        f"memory per additional session (MB, {len(app['memory']['steps'])} held)",
        f"{per_mb:.1f} (steps {spread(app['memory']['steps'], 1e-6, 1)})",
        f"blank {blank['memory']['per_session'] / 1e6:.1f}",
        f"{per_mb / max(blank['memory']['per_session'] / 1e6, 0.1):.0f}x",
        "<= 10 MB",
        yes(per_mb <= 10),
    )
    table.add(
        "  resident memory of a warm server, no session open (MB)",
        f"{app['memory']['before'] / 1e6:.0f}",
        f"blank {blank['memory']['before'] / 1e6:.0f}",
    )
    base = blank["widgets"]["compare"]["wall"]
    for page, w in app["widgets"].items():
        if not w["wall"]:
            table.add(f"widget change on {page} (ms)", "no control on this page")
            continue
        table.add(
            f"widget change on {page} ({w['widget']}) (ms)",
            f"{spread(w['wall'], 1000, 0)} (CPU {med(w['cpu']) * 1000:.0f})",
            f"blank rerun {spread(base, 1000, 0)}",
            f"{med(w['wall']) / med(base):.1f}x",
            "<= 300 ms",
            yes(med(w["wall"]) <= 0.3),
        )


def add_scale(table: Table, r: dict) -> None:
    label = f"{r['sessions']} readers at once, nginx + {r['replicas']} replicas"
    table.add(
        f"{label}: page run p95 (s)",
        f"p95 {p95(r['load_times']):.2f}, median {med(r['load_times']):.2f}",
        f"unloaded p95 {p95(r['baseline']):.2f}, median {med(r['baseline']):.2f}",
        f"{p95(r['load_times']) / p95(r['baseline']):.1f}x",
        "p95 reported",
    )
    table.add(f"{label}: errors", str(len(r["load_errors"])), "–", "–", "0", yes(not r["load_errors"]))
    table.add("  sessions per replica", str(sorted(r["spread"].values())))
    table.add(
        "fault: replica killed mid-load, errors for readers",
        str(len(r["fault_errors"])),
        f"{r['fault_cut_off']} cut off",
        "–",
        "0",
        yes(not r["fault_errors"]),
    )
    moved = r["fault_reconnected_to"] in ([], [r["survivor"]])
    cut_ok = r["fault_cut_from"] in ([], [r["victim"]])
    table.add(
        "  cut off only on the killed replica, reconnected to the live one",
        yes(moved and cut_ok),
        "–",
        "–",
        "yes",
        yes(moved and cut_ok),
    )
    table.add(
        "  upload of a live session kept", yes(r["upload_kept"]), "–", "–", "yes", yes(r["upload_kept"])
    )


def add_upload(table: Table, r: dict) -> None:
    ratio = med(r["ours"]) / med(r["sjoin"])
    table.add(
        f"upload {r['rows']:,} rows: read + validate + place (s)",
        spread(r["ours"]),
        f"pandas + sjoin {spread(r['sjoin'])}",
        f"{ratio:.2f}x",
        "<= 1.0x (no slower)",
        yes(ratio <= 1.0),
    )


def add_remoteness(table: Table, r: dict) -> None:
    # bench_remoteness.main returns medians (it prints its ranges above the table).
    table.add(
        "remoteness, 10,000 locations, all measures with radii (ms, median)",
        f"{r['new'] * 1000:.0f}",
        f"old one-point measures {r['old'] * 1000:.0f}",
        f"{r['new'] / r['old']:.1f}x",
    )


def replicas_for(cpu_per_session: float) -> int:
    """Replicas for READERS new sessions in WINDOW_S at TARGET_BUSY of one core each."""
    return max(1, math.ceil(READERS * cpu_per_session / (WINDOW_S * TARGET_BUSY)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="browser page loads per kind (default 5)")
    parser.add_argument("--sessions", type=int, default=20, help="readers at once in the scale test")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the upload benchmark")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated subset of {PARTS}")
    args = parser.parse_args(argv)
    only = [p for p in args.only.split(",") if p]
    unknown = set(only) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}")

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results: dict = {}
    if "compare" in only:
        from tests.perf import bench_compare_page

        results["compare"] = bench_compare_page.measure(args.runs)
    if "server" in only:
        from tests.perf import bench_server

        results["server"] = bench_server.measure()
    if "scale" in only:
        from tests.perf import bench_scale

        results["scale"] = bench_scale.measure(sessions=args.sessions)
    if "upload" in only:
        from tests.perf import bench_upload

        print("upload ...", file=sys.stderr, flush=True)
        results["upload"] = bench_upload.measure(args.rows, 3)
    if "remoteness" in only:
        from tests.perf import bench_remoteness

        print("remoteness ...", file=sys.stderr, flush=True)
        results["remoteness"] = bench_remoteness.main(10_000, 5)

    table = Table()
    adders = {
        "compare": lambda r: add_compare(table, r, args.runs),
        "server": lambda r: add_server(table, r),
        "scale": lambda r: add_scale(table, r),
        "upload": lambda r: add_upload(table, r),
        "remoteness": lambda r: add_remoteness(table, r),
    }
    for part in PARTS:
        if part in results:
            adders[part](results[part])
    cpu_figures = []
    if "compare" in results:
        cpu_figures.append(("browser", med(results["compare"]["server_cpu"]["compare"])))
        if results["compare"].get("deployed"):
            deployed_cpu = med(results["compare"]["deployed"]["cpu"]["compare"])
            cpu_figures.append(("browser, as deployed", deployed_cpu))
    if "server" in results:
        cpu_figures.append(("protocol client", med(results["server"]["app"]["cpu"]["cpu"])))
    for name, cpu in cpu_figures:
        table.add(
            f"replicas per {READERS:,} readers / 10 min ({name} CPU {cpu:.2f} s)",
            str(replicas_for(cpu)),
            "–",
            "–",
            f"one core each, {TARGET_BUSY:.0%} busy",
        )
    print()
    print(
        f"python -m tests.perf: {os.cpu_count()} cores, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after, {time.perf_counter() - started:.0f} s"
    )
    print()
    table.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
