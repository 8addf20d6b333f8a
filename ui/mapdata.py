"""Shipped map data as static, content-hashed files the map fetches (not inside the WebSocket).

folium writes each GeoJSON layer's data into the layer script as one call,
``geo_json_<id>_add({...});``. For data every session shares (the shipped
files), :func:`externalise` moves each such JSON literal into
``static/mapdata/<sha256[:20]>.json`` (served by Streamlit's static serving
at ``/app/static/mapdata/...``) and leaves ``fetch(url).then(...)`` in its
place. The compare page's WebSocket message drops from about 0.93 MB to the
styles and tooltips, and a second visit from the same browser takes the files
from its cache. Uploads never go here: a static file is public to every
session, so an upload's layers stay inside its own session's messages.

Caching: Streamlit's static serving sends no ``Cache-Control``, only
``Last-Modified`` (the file's mtime). The name changes with the content, so
the file never changes, and its mtime is set to a fixed old date: browsers
then treat it as fresh for a tenth of its age (RFC 9111, 4.2.2, heuristic
freshness), years. Behind nginx (deploy/nginx.conf.template) the files get
``Cache-Control: public, max-age=31536000, immutable``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from ui.assets import APP_DIR

STATIC_MAPDATA = APP_DIR / "static" / "mapdata"
MAPDATA_URL = "/app/static/mapdata"
# 2001-01-01: "Last-Modified" long ago, so the heuristic freshness above is long.
OLD_MTIME = 978_307_200
_ADD_CALL = re.compile(r"(geo_json_\w+_add)\(\{")
_REFERENCE = re.compile(re.escape(MAPDATA_URL) + r"/([0-9a-f]{20})\.json")
# Files this process wrote (name -> JSON text), rewritten if removed meanwhile.
_FILES: dict[str, str] = {}


def _write(name: str, text: str, directory: Path) -> None:
    path = directory / f"{name}.json"
    if path.exists():
        return
    directory.mkdir(parents=True, exist_ok=True)
    # Atomic: replicas sharing one checkout may write the same file at once.
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.utime(tmp, (OLD_MTIME, OLD_MTIME))
    os.replace(tmp, path)


def externalise(script: str, *, directory: Path = STATIC_MAPDATA) -> str:
    """``script`` with every inline GeoJSON layer replaced by a fetch of a hashed static file.

    Parameters
    ----------
    script : str
        A layer script from :func:`ui.folium_component.layer_script`.
    directory : Path
        Where the files go (``static/mapdata/`` of the app).

    Returns
    -------
    str
        The script, fetching ``/app/static/mapdata/<hash>.json`` for each layer.
    """
    decoder = json.JSONDecoder()
    parts, position = [], 0
    for match in _ADD_CALL.finditer(script):
        if match.start() < position:
            continue
        start = match.end() - 1  # the opening brace
        _, end = decoder.raw_decode(script, start)
        if not script.startswith(");", end):
            continue
        text = script[start:end]
        name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
        _FILES[name] = text
        _write(name, text, directory)
        parts.append(script[position : match.start()])
        # Every file is fetched at once, but the layers are added in the script's
        # order: Leaflet's canvas paints in the order layers are added, and the
        # larger municipality file arriving last would cover the locations.
        number = len(parts) // 2
        parts.append(
            f'const mapdata{number} = fetch("{MAPDATA_URL}/{name}.json").then((r) => r.json()); '
            f"mapdataInOrder = mapdataInOrder.then(() => mapdata{number}).then({match.group(1)})"
        )
        position = end + 1  # keep ";"
    if not parts:
        return script
    parts.append(script[position:])
    return "var mapdataInOrder = Promise.resolve();\n" + "".join(parts)


def ensure_files(script: str, *, directory: Path = STATIC_MAPDATA) -> None:
    """Rewrite any file ``script`` fetches that is gone (a cleaned static/ folder).

    Parameters
    ----------
    script : str
        A script from :func:`externalise` of this process.
    directory : Path
        Where the files go.
    """
    for name in _REFERENCE.findall(script):
        if name in _FILES:
            _write(name, _FILES[name], directory)
