"""Hostile uploads through the running page (nginx + replicas, Streamlit's protocol).

What a browser would send: names with markup, template syntax, right-to-left
marks, emoji and 5,000 characters; coordinates NaN/inf/out of range; 0-byte,
binary and oversize files. Nothing crashes (no exception element), each file
gets a message, and the map data the page sends carry the names escaped, so
nothing can execute in the map frames. That no dialog opens in a real browser
is checked in tests/browser/test_interactions.py.
"""

from __future__ import annotations

import json
import re
import urllib.error

import pytest

from core.settings import MAX_UPLOAD_BYTES
from deploy.protocol_client import Session
from tests.scale.test_replicas import STRINGS

NAMES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "`${document.cookie}`",
    "\u202eevil\u202c name",
    "Opvang 🏠🇳🇱",
    "L" * 5000,
]
RAW_MARKUP = ["<img src=x onerror", "<script>alert(1)", "${alert(1)}", "`${document.cookie}`"]


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def upload(session: Session, filename: str, data: bytes):
    run = session.goto("upload")
    return session.upload(run.widget_id("file_locations"), filename, data)


def unescape_json(script: str) -> str:
    """``\\uXXXX`` escapes (folium writes ``&`` as ``\\u0026``, emoji as surrogate pairs) decoded,
    as the browser's JavaScript engine reads the string literals."""

    def decode(match: re.Match) -> str:
        units = bytes.fromhex("".join(match.group(0).split("\\u")[1:]))
        return units.decode("utf-16-be", errors="surrogatepass")

    return re.sub(r"(?:\\u[0-9a-fA-F]{4})+", decode, script)


def map_scripts(run) -> list[str]:
    """The layer scripts of every st_folium map in this run (what the map frames execute),
    with JSON escapes decoded."""
    scripts = []
    for element in run.elements.values():
        if element.WhichOneof("type") == "component_instance" and "st_folium" in (
            element.component_instance.component_name
        ):
            args = json.loads(element.component_instance.json_args)
            scripts.append(unescape_json(args.get("feature_group") or ""))
    return scripts


@pytest.fixture
def session(cluster):
    with Session(cluster.url) as s:
        assert not s.open().failed
        yield s


def test_hostile_names_reach_the_maps_escaped(session):
    rows = ["id,name,operator,municipality,capacity"]
    rows += [f"n{i},{quoted(name)},{quoted(name[:40])},Utrecht,{10 + i}" for i, name in enumerate(NAMES)]
    run = upload(session, "names.csv", "\n".join(rows).encode())
    assert run.exceptions == [] and run.error_alerts == []
    run = session.click(run.widget_id("apply_upload"))
    assert not run.failed
    run = session.goto("")
    assert not run.failed, run.exceptions + run.error_alerts
    scripts = map_scripts(run)
    assert len(scripts) == 2  # NL and BE
    nl = next(s for s in scripts if "&lt;img src=x onerror=alert(1)&gt;" in s)
    for raw in RAW_MARKUP:
        assert raw not in nl, raw
    assert "&#36;{alert(1)}" in nl and "&#96;&#36;{document.cookie}&#96;" in nl
    assert "Opvang 🏠🇳🇱" in nl  # emoji kept
    assert "L" * 5000 in nl  # long names are kept whole, not cut mid-escape
    # The explorer draws the same names on its map and in its table: still no exception.
    assert not session.goto("explorer").failed


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("empty.csv", b""),
        ("binary.csv", bytes(range(256)) * 64),
        ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(4000)),
    ],
)
def test_unreadable_files_get_a_message(session, filename, data):
    run = upload(session, filename, data)
    assert run.exceptions == []
    assert len(run.error_alerts) == 1 and filename in run.error_alerts[0], run.error_alerts
    # The session goes on.
    assert not session.goto("").failed


def test_impossible_coordinates_are_rejected_row_by_row(session):
    cells = ["nan", "inf", "-inf", "1e309", "91", "-200"]
    rows = ["id,name,lat,lon,capacity"] + [f"c{i},Centre {i},{v},5.1,10" for i, v in enumerate(cells)]
    rows.append("ok,Centre Utrecht,52.09,5.12,10")
    run = upload(session, "coords.csv", "\n".join(rows).encode())
    assert run.exceptions == []
    # One accepted row; every other one in the rejected table with its line and reason.
    metrics = {
        e.metric.label: e.metric.body for e in run.elements.values() if e.WhichOneof("type") == "metric"
    }
    assert metrics[STRINGS["upload.accepted"]] == "1", metrics
    assert metrics[STRINGS["upload.rejected"]] == str(len(cells)), metrics
    for line, value in enumerate(cells, start=2):
        assert run.contains(f"line {line}, column"), line
        assert run.contains(f"'{value}'") or value in ("91", "-200"), value
    assert not session.goto("remoteness").failed


def test_oversize_file_is_refused_by_the_server(session):
    run = session.goto("upload")
    widget = run.widget_id("file_locations")
    too_big = b"id,name\n" + b"x" * (MAX_UPLOAD_BYTES + 1024)
    with pytest.raises(urllib.error.HTTPError) as refused:
        session.upload(widget, "huge.csv", too_big)
    assert refused.value.code == 413
    assert not session.goto("").failed
