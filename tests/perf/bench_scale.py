"""Load and fault on N replicas behind nginx (the long form of tests/scale; a script).

Run from the repository root::

    python tests/perf/bench_scale.py [--sessions 20] [--replicas 2]

Starts ``--replicas`` replicas behind nginx with deploy/replicas.py, warms
each with one session, then, with deploy/protocol_client.py (Streamlit's
protocol, no browser):

* baseline: 3 readers one after the other (compare page + explorer +
  remoteness), the time of each page run on an unloaded cluster;
* load: ``--sessions`` readers at once doing the same; errors (exceptions,
  error boxes, lost connections) and the median / p95 of the page runs;
* fault: one reader uploads and applies a file on replica A, then
  ``--sessions`` readers start at once and replica B is killed (SIGKILL) once
  half of them have finished their first page. Readers on A must see no
  error; readers cut off on B reconnect (a new session, as the browser does)
  and must land on A; the uploader must still see its upload afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from deploy.protocol_client import ProtocolError, Session  # noqa: E402
from deploy.replicas import Cluster, free_port  # noqa: E402
from tests.scale.test_replicas import (  # noqa: E402
    PAGES,
    p95,
    replica_of,
    sessions_on_both,
    upload_and_apply,
)


def reader(url: str, started: threading.Event | None = None, *, retries: int = 1) -> dict:
    """One reader's three pages; a lost connection is retried with a new session."""
    times, errors, cut_off, replicas = [], [], 0, []
    attempt = 0
    while True:
        session = Session(url)
        try:
            for i, page in enumerate(PAGES):
                run = session.open() if page == "" else session.goto(page)
                times.append(run.seconds)
                errors += run.exceptions + run.error_alerts
                if i == 0 and started is not None:
                    started.set()
            replicas.append(session)
            return {"times": times, "errors": errors, "cut_off": cut_off, "sessions": replicas}
        except ProtocolError as exc:
            cut_off += 1
            attempt += 1
            replicas.append(session)
            if attempt > retries:
                errors.append(str(exc))
                return {"times": times, "errors": errors, "cut_off": cut_off, "sessions": replicas}
        finally:
            session.close()


def measure(*, sessions: int = 20, replicas: int = 2) -> dict:
    ports = [free_port() for _ in range(replicas)]
    with Cluster(listen=f"127.0.0.1:{free_port()}", ports=ports) as cluster:
        print(f"scale: {replicas} replicas, warming ...", file=sys.stderr, flush=True)
        warm = sessions_on_both(cluster)
        for group in warm.values():
            for session in group:
                session.close()
        baseline = [t for _ in range(3) for t in reader(cluster.url)["times"]]

        print(f"scale: {sessions} readers at once ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        with ThreadPoolExecutor(sessions) as pool:
            loaded = list(pool.map(reader, [cluster.url] * sessions))
        load_wall = time.perf_counter() - start
        load_times = [t for r in loaded for t in r["times"]]
        load_errors = [e for r in loaded for e in r["errors"]] + [
            f"cut off {r['cut_off']}x" for r in loaded if r["cut_off"]
        ]
        spread = {}
        for r in loaded:
            port = replica_of(cluster, r["sessions"][-1])
            spread[port] = spread.get(port, 0) + 1

        print("scale: fault (one replica killed mid-load) ...", file=sys.stderr, flush=True)
        by_replica = sessions_on_both(cluster)
        survivor, victim = sorted(by_replica)[:2]
        uploader = by_replica[survivor][0]
        marker = uuid.uuid4().hex[:12]
        upload_and_apply(uploader, marker)
        events = [threading.Event() for _ in range(sessions)]
        with ThreadPoolExecutor(sessions) as pool:
            futures = [pool.submit(reader, cluster.url, event) for event in events]
            while sum(e.is_set() for e in events) < sessions // 2:
                time.sleep(0.05)
            cluster.kill_replica(int(victim.rsplit(":", 1)[1]))
            results = [f.result() for f in futures]
        kept = all(f"{marker}.csv" in uploader.goto(page).text() for page in (*PAGES[1:], ""))
        fault_errors = [e for r in results for e in r["errors"]]
        cut_off = sum(r["cut_off"] for r in results)
        after = {replica_of(cluster, r["sessions"][-1]) for r in results if r["cut_off"]}
        # Only readers of the killed replica may have been cut off.
        cut_from = {replica_of(cluster, r["sessions"][0]) for r in results if r["cut_off"]}
        for group in by_replica.values():
            for session in group:
                session.close()
    return {
        "sessions": sessions,
        "replicas": replicas,
        "baseline": baseline,
        "load_times": load_times,
        "load_errors": load_errors,
        "load_wall": load_wall,
        "spread": spread,
        "fault_errors": fault_errors,
        "fault_cut_off": cut_off,
        "fault_reconnected_to": sorted(after),
        "fault_cut_from": sorted(cut_from),
        "victim": victim,
        "survivor": survivor,
        "upload_kept": kept,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args(argv)
    r = measure(sessions=args.sessions, replicas=args.replicas)
    med = statistics.median
    print(f"baseline (unloaded) page run: median {med(r['baseline']):.2f} s, p95 {p95(r['baseline']):.2f} s")
    print(
        f"{r['sessions']} readers at once: {len(r['load_errors'])} errors, "
        f"median {med(r['load_times']):.2f} s, "
        f"p95 {p95(r['load_times']):.2f} s, all done in {r['load_wall']:.1f} s; spread {r['spread']}"
    )
    print(
        f"fault: {len(r['fault_errors'])} errors; {r['fault_cut_off']} readers cut off from "
        f"{r['fault_cut_from']} (killed {r['victim']}), reconnected to "
        f"{r['fault_reconnected_to']} (survivor {r['survivor']}); upload kept: {r['upload_kept']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
