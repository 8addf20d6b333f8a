"""Server cost of a session and of a widget change (a script, not a test).

Run from the repository root::

    python tests/perf/bench_server.py [--sessions 8] [--held 10] [--changes 5]

Sessions are driven with deploy/protocol_client.py (Streamlit's own protocol, no
browser), against one server started for the dashboard and one for a
baseline script, in the same run:

* CPU per new session: the server process's user+system CPU
  (``/proc/PID/stat``) across each of ``--sessions`` new sessions that open
  the compare page (after one warm-up session, reported apart: it pays the
  imports and the caches of a fresh server);
* memory per additional session: the server's resident set size with
  ``--held`` sessions open (each has run the compare page and an upload-free
  page) minus before, divided by ``--held``;
* widget change: for every page, one keyed control (not the language) is
  changed ``--changes`` times, alternating two values; the time from sending
  the change to ``script_finished`` (loopback: server time) and the server CPU.

The baseline is a blank page (``st.title`` + one select box) on its own
server: the floor of any Streamlit session and rerun on this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from deploy.protocol_client import Run, Session  # noqa: E402
from tests.browser.helpers import start_server, stop_server  # noqa: E402

LOG_DIR = REPO_ROOT / "tests" / "output" / "perf"
BASELINE_SCRIPT = (
    'import streamlit as st\n\nst.title("blank")\nst.selectbox("choice", ["a", "b", "c"], key="choice")\n'
)
PAGES = ("", "explorer", "remoteness", "dispersal", "volunteers", "upload", "sources")
CHANGEABLE = ("selectbox", "radio", "checkbox")
# The sidebar's controls are on every page; each page is measured with a control
# of its own, and the sidebar's reference date once, on the compare page.
SIDEBAR_KEYS = ("lang", "ref", "confirmed_toggle", "present_toggle")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def settle(pid: int, quiet_s: float = 0.3, limit_s: float = 10.0) -> None:
    """Wait until the server has used no CPU for ``quiet_s`` (closed sessions cleaned up)."""
    deadline = time.monotonic() + limit_s
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = cpu_seconds(pid)
        if now - last < 0.02:
            return
        last = now


def session_cpu(pid: int, url: str, n: int, path: str = "") -> dict:
    """CPU seconds of the first session (fresh server) and of each of ``n`` later ones."""
    first_before = cpu_seconds(pid)
    with Session(url) as session:
        first_run = session.open(path)
    settle(pid)
    first = cpu_seconds(pid) - first_before
    per_session, wall = [], []
    for _ in range(n):
        before = cpu_seconds(pid)
        with Session(url) as session:
            run = session.open(path)
        assert not run.failed, run.exceptions + run.error_alerts
        settle(pid)
        per_session.append(cpu_seconds(pid) - before)
        wall.append(run.seconds)
    return {"first_cpu": first, "first_wall": first_run.seconds, "cpu": per_session, "wall": wall}


def session_memory(pid: int, url: str, held: int, pages: tuple[str, ...]) -> dict:
    """Resident memory added per open session (each has visited ``pages``)."""
    settle(pid)
    before = rss_bytes(pid)
    sessions, steps = [], []
    try:
        last = before
        for _ in range(held):
            session = Session(url)
            sessions.append(session)
            for page in pages:
                run = session.open(page) if page == pages[0] else session.goto(page)
                assert not run.failed
            settle(pid)
            now = rss_bytes(pid)
            steps.append(now - last)
            last = now
        total = rss_bytes(pid) - before
    finally:
        for session in sessions:
            session.close()
    return {"per_session": total / held, "steps": steps, "before": before}


def pick_widget(run: Run, only: str | None = None) -> tuple[str, str, list] | None:
    """A keyed control to change on this page: (widget id, state field, two values).

    The page's first own control (not one of the sidebar's), or the one keyed ``only``.
    """
    for widget_id, (kind, widget) in run.widgets().items():
        key = widget_id.rsplit("-", 1)[-1]
        if kind not in CHANGEABLE or "-" not in widget_id:
            continue
        if (only is not None and key != only) or (only is None and key in SIDEBAR_KEYS):
            continue
        if kind == "checkbox":
            return widget_id, "bool_value", [not widget.default, bool(widget.default)]
        options = list(widget.options)
        if len(options) < 2:
            continue
        current = widget.raw_value if getattr(widget, "set_value", False) else None
        default = current or (options[widget.default] if widget.HasField("default") else options[0])
        other = next(o for o in options if o != default)
        return widget_id, "string_value", [other, default]
    return None


def widget_changes(pid: int, url: str, pages: tuple[str, ...], changes: int) -> dict[str, dict]:
    """Per page: server seconds and CPU of ``changes`` changes of the page's own control;
    then (key "compare, sidebar") of the sidebar's reference date on the compare page."""
    results: dict[str, dict] = {}
    with Session(url) as session:
        for page, only in [*((p, None) for p in pages), ("", "ref")]:
            run = session.open(page) if not session.pages else session.goto(page)
            name = (page or "compare") + (", sidebar" if only else "")
            # A page without a control of its own: the reader changes the sidebar's reference date there.
            picked = pick_widget(run, only) or (pick_widget(run, "ref") if only is None else None)
            if picked is None:
                results[name] = {"widget": None, "wall": [], "cpu": []}
                continue
            widget_id, field, values = picked
            session.set_value(widget_id, field, values[0])  # warm: the first change fills caches
            session.set_value(widget_id, field, values[1])
            walls, cpus = [], []
            for i in range(changes):
                settle(pid, quiet_s=0.15)
                before = cpu_seconds(pid)
                changed = session.set_value(widget_id, field, values[i % 2])
                settle(pid, quiet_s=0.15)
                assert not changed.failed, (page, changed.exceptions, changed.error_alerts)
                walls.append(changed.seconds)
                cpus.append(cpu_seconds(pid) - before)
            session.widget_states.pop(widget_id, None)
            session.set_value(widget_id, field, values[1])
            session.widget_states.pop(widget_id, None)
            key = widget_id.rsplit("-", 1)[-1]
            key = f"{key}, sidebar" if key in SIDEBAR_KEYS and not only else key
            results[name] = {"widget": key, "wall": walls, "cpu": cpus}
    return results


def measure(*, sessions: int = 8, held: int = 10, changes: int = 5) -> dict:
    """Everything above for the dashboard and the baseline; returns the raw figures."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="baseline-streamlit-") as tmp:
        (Path(tmp) / "blank.py").write_text(BASELINE_SCRIPT, encoding="utf-8")
        for name, script, cwd, pages in (
            ("app", "dashboard.py", REPO_ROOT, PAGES),
            ("blank", "blank.py", Path(tmp), ("",)),
        ):
            print(f"server costs: {name} ...", file=sys.stderr, flush=True)
            process, url = start_server(script, cwd=cwd, log=LOG_DIR / f"server-{name}.log")
            try:
                pid = process.pid
                settle(pid)
                result = {"rss_idle": rss_bytes(pid)}
                result["cpu"] = session_cpu(pid, url, sessions)
                memory_pages = ("", "explorer") if name == "app" else ("",)
                result["memory"] = session_memory(pid, url, held, memory_pages)
                result["widgets"] = widget_changes(pid, url, pages, changes)
                out[name] = result
            finally:
                stop_server(process)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--held", type=int, default=10)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args(argv)
    result = measure(sessions=args.sessions, held=args.held, changes=args.changes)
    med = statistics.median
    for name, r in result.items():
        cpu = r["cpu"]
        print(
            f"{name}: first session {cpu['first_cpu']:.2f} s CPU; "
            f"new session median {med(cpu['cpu']):.3f} s CPU "
            f"({min(cpu['cpu']):.3f}-{max(cpu['cpu']):.3f}), wall {med(cpu['wall']):.2f} s; "
            f"memory per held session {r['memory']['per_session'] / 1e6:.1f} MB"
        )
        for page, w in r["widgets"].items():
            if w["wall"]:
                print(
                    f"  widget {w['widget']} on {page}: {med(w['wall']) * 1000:.0f} ms "
                    f"({min(w['wall']) * 1000:.0f}-{max(w['wall']) * 1000:.0f}), "
                    f"CPU {med(w['cpu']) * 1000:.0f} ms"
                )
            else:
                print(f"  {page}: no control to change")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
