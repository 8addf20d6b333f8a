"""Two replicas behind nginx (deploy/): load, a replica killed mid-load, session isolation.

Short forms for CI: a few sessions on 2 replicas. The long form (20 sessions,
p95 and CPU per session) is ``python -m tests.perf`` (tests/perf/bench_scale.py).
The sessions speak Streamlit's protocol (deploy/protocol_client.py), so the
servers and not twenty browsers are measured.

Without nginx the tests are skipped with the reason, except on CI (``CI=true``),
where they fail: ``.ci/run`` installs Debian's nginx.
"""

from __future__ import annotations

import json
import re
import statistics
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deploy.protocol_client import ProtocolError, Session
from deploy.replicas import Cluster, static_folders
from tests.browser.helpers import expected_locations, expected_municipalities

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCALES = REPO_ROOT / "ui" / "locales" / "en"
CI_SESSIONS = 6
PAGES = ("", "explorer", "remoteness")  # "" is the default page: compare


def catalogue() -> dict[str, str]:
    strings: dict[str, str] = {}
    for path in sorted(LOCALES.glob("*.json")):
        strings.update(json.loads(path.read_text(encoding="utf-8")))
    return strings


STRINGS = catalogue()
TITLES = {
    "": STRINGS["compare.title"],
    "explorer": STRINGS["explorer.title"],
    "remoteness": STRINGS["remoteness.title"],
}


def replica_of(cluster: Cluster, session: Session) -> str:
    """The replica (upstream address) nginx chose for this session's cookie."""
    cookie = session.cookie("st_replica")
    assert cookie, "nginx set no affinity cookie"
    # $upstream_addr lists every replica tried ("a, b" after a failover): the last one served.
    ports = {
        m.group(1).split(", ")[-1]
        for line in cluster.access_log()
        if f"affinity={cookie} " in line and (m := re.search(r"upstream=(.+?) affinity=", line))
    }
    assert len(ports) == 1, f"one session's requests went to {ports}"
    return ports.pop()


def visit(url: str) -> dict:
    """One reader: the compare page, then two other pages; times and what went wrong."""
    session = Session(url)
    try:
        times, errors = [], []
        for page in PAGES:
            run = session.open() if page == "" else session.goto(page)
            times.append(run.seconds)
            errors += run.exceptions + run.error_alerts
            if TITLES[page] not in run.text():
                errors.append(f"page {page or 'compare'}: title missing")
        return {"times": times, "errors": errors, "session": session}
    finally:
        session.close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def test_concurrent_sessions_through_nginx(cluster):
    with ThreadPoolExecutor(CI_SESSIONS) as pool:
        results = list(pool.map(visit, [cluster.url] * CI_SESSIONS))
    errors = [e for r in results for e in r["errors"]]
    assert errors == []
    times = [t for r in results for t in r["times"]]
    print(
        f"\n{CI_SESSIONS} sessions x {len(PAGES)} pages on 2 replicas: "
        f"median {statistics.median(times):.2f} s, p95 {p95(times):.2f} s per page run"
    )
    # Every session's requests stayed on one replica (replica_of asserts it).
    replicas = {replica_of(cluster, r["session"]) for r in results}
    assert replicas <= {f"127.0.0.1:{p}" for p in cluster.ports}


def hostile_upload(marker: str) -> bytes:
    """A valid two-row locations CSV whose names carry ``marker`` (and markup)."""
    return (
        "id,name,operator,municipality,capacity\n"
        f"{marker}-1,Isolation {marker} <img src=x onerror=alert(1)>,COA,Utrecht,10\n"
        f"{marker}-2,Isolation {marker} `${{x}}`,Fedasil,Gent,20\n"
    ).encode()


def upload_and_apply(session: Session, marker: str) -> None:
    run = session.goto("upload")
    run = session.upload(run.widget_id("file_locations"), f"{marker}.csv", hostile_upload(marker))
    assert not run.failed, run.exceptions + run.error_alerts
    run = session.click(run.widget_id("apply_upload"))
    assert not run.failed
    assert f"{marker}.csv" in run.text()  # the sidebar names the dataset in use


def sessions_on_both(cluster: Cluster, tries: int = 16) -> dict[str, list[Session]]:
    """Open sessions until each replica holds at least one (the cookie is random)."""
    by_replica: dict[str, list[Session]] = {}
    for _ in range(tries):
        session = Session(cluster.url)
        run = session.open()
        assert not run.failed
        by_replica.setdefault(replica_of(cluster, session), []).append(session)
        if len(by_replica) == len(cluster.ports):
            return by_replica
    raise AssertionError(f"after {tries} sessions only {sorted(by_replica)} were used")


def test_upload_stays_in_its_session_and_survives_the_other_replica_dying(cluster):
    by_replica = sessions_on_both(cluster)
    survivor, victim = sorted(by_replica)
    uploader = by_replica[survivor][0]
    neighbour = Session(cluster.url)  # a second reader, wherever nginx puts it
    others = [s for sessions in by_replica.values() for s in sessions if s is not uploader]
    marker = uuid.uuid4().hex[:12]
    try:
        upload_and_apply(uploader, marker)
        run = uploader.goto("")
        assert run.contains(marker), "the compare maps do not show the uploaded locations"
        # Isolation: no other session, on either replica, ever receives the upload.
        for session in others:
            for page in PAGES:
                other = session.open() if page == "" else session.goto(page)
                assert not other.failed
                assert not other.contains(marker), f"upload leaked into another session ({page})"
        assert not neighbour.open().contains(marker)

        # Fault: the other replica crashes while its sessions are open.
        victim_port = int(victim.rsplit(":", 1)[1])
        cluster.kill_replica(victim_port)
        for session in by_replica[victim]:
            with pytest.raises(ProtocolError):
                session.goto("explorer")
        # The uploader's session lives on, upload included, page after page.
        for page in (*PAGES[1:], "dispersal", ""):
            run = uploader.goto(page)
            assert not run.failed, (page, run.exceptions, run.error_alerts)
            assert f"{marker}.csv" in run.text(), f"upload lost on {page or 'compare'}"
        # New sessions (and the victim's readers reconnecting) land on the live replica.
        with ThreadPoolExecutor(3) as pool:
            results = list(pool.map(visit, [cluster.url] * 3))
        assert [e for r in results for e in r["errors"]] == []
        assert {replica_of(cluster, r["session"]) for r in results} == {survivor}
        for r in results:
            assert not any(marker in t for t in r["session"].pages)
    finally:
        for sessions in by_replica.values():
            for session in sessions:
                session.close()
        neighbour.close()
        for port, process in list(cluster.replicas.items()):
            if process.poll() is not None:
                cluster.start_replica(port)


def test_shipped_map_data_come_as_cached_static_files(cluster):
    """The compare maps fetch the shipped GeoJSON from hashed files nginx marks immutable;
    the WebSocket carries only the layer scripts."""
    import urllib.request

    from tests.scale.test_hostile_page import map_scripts

    with Session(cluster.url) as session:
        run = session.open()
        assert not run.failed
        scripts = map_scripts(run)
        assert len(scripts) == 2
        urls = sorted({u for s in scripts for u in re.findall(r"/app/static/mapdata/[0-9a-f]{20}\.json", s)})
        assert len(urls) == 4  # municipalities + locations, per country
        assert run.bytes < 300_000, run.bytes  # was 1.02 MB with the GeoJSON inline
        features = 0
        for url in urls:
            with urllib.request.urlopen(f"{cluster.url}{url}") as response:
                assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
                features += len(json.loads(response.read())["features"])
    expected = expected_municipalities()
    assert features == sum(expected.values()) + sum(expected_locations().values())


def test_static_files_come_from_nginx_and_replicas_start_warm(cluster):
    """The frontend's files are served by nginx from disk (no replica named in the access log),
    typed and compressed for the browser; each replica has run the compare page before any reader."""
    import urllib.request

    streamlit_js = sorted((static_folders()["streamlit_static"] / "js").glob("index.*.js"))
    assert streamlit_js, "Streamlit's frontend entry script"
    paths = [
        f"/static/js/{streamlit_js[0].name}",
        "/component/streamlit_folium.st_folium/index.html",
        "/app/static/leaflet/leaflet.js",
    ]
    for path in paths:
        request = urllib.request.Request(f"{cluster.url}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            body = response.read()
            kind = response.headers["Content-Type"]
            assert kind.startswith("application/javascript" if path.endswith(".js") else "text/html"), kind
            if path.endswith(".js"):
                assert response.headers["Content-Encoding"] == "gzip", path
                assert len(body) < path_size(path) / 2, "sent compressed"
        line = next(line for line in reversed(cluster.access_log()) if f"GET {path} " in line)
        assert "upstream=- " in line, line
    with urllib.request.urlopen(f"{cluster.url}{paths[0]}") as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Warmed: the script ran in every replica (it imported shapely, whose GEOS library
    # a bare Streamlit server never loads).
    for port, process in cluster.replicas.items():
        assert cluster.warm_seconds.get(port, 0) > 0, port
        maps = Path(f"/proc/{process.pid}/maps").read_text()
        assert "libgeos" in maps, f"replica {port} has not run the app yet"


def path_size(path: str) -> int:
    """Bytes on disk of a file nginx serves (uncompressed)."""
    folders = static_folders()
    if path.startswith("/static/"):
        return (folders["streamlit_static"] / path.removeprefix("/static/")).stat().st_size
    return (folders["app_static"] / path.removeprefix("/app/static/")).stat().st_size
