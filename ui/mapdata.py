"""Shipped map data as static, content-hashed files the map fetches (not inside the WebSocket).

folium writes each GeoJSON layer's data into the layer script as one call,
``geo_json_<id>_add({...});``. For data every session shares (the shipped
files), :func:`externalise` moves each such JSON literal into
``static/mapdata/<sha256[:20]>.json`` (served by Streamlit's static serving
at ``/app/static/mapdata/...``) and leaves ``fetch(url).then(...)`` in its
place. Each layer's per-feature styles (folium's ``switch`` over feature
ids) move into the same file. The compare page's WebSocket message drops from
about 0.93 MB to the layers' code, and a second visit from the same browser
takes the files from its cache. Uploads never go here: a static file is public to every
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
_ADD_CALL = re.compile(r"(geo_json_\w+)_add\(\{")
# folium's per-feature style switch (folium 0.20, pinned; tests/test_mapdata.py
# checks the format): one case list per distinct style, the most common as default.
_STYLER = re.compile(
    r"function (?P<layer>geo_json_\w+)_styler\(feature\) \{\s*switch\(feature\.id\) \{(?P<cases>.*?)"
    r"default:\s*return (?P<default>\{[^\n]*\});\s*\}\s*\}",
    re.DOTALL,
)
_CASE = re.compile(r'(?P<ids>(?:case "[^"]*": )+)\s*return (?P<style>\{[^\n]*\});')
_CASE_ID = re.compile(r'case "([^"]*)":')
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


def _styles_out(script: str) -> tuple[str, dict[str, tuple[list[dict], dict[str, int]]]]:
    """``script`` with each layer's style switch replaced by a lookup in its data file.

    Returns the new script and, per layer variable, (distinct styles, feature id ->
    index; features not listed take the last style, folium's default).
    """
    found: dict[str, tuple[list[dict], dict[str, int]]] = {}

    def lookup(match: re.Match) -> str:
        layer = match.group("layer")
        styles, index = [], {}
        for case in _CASE.finditer(match.group("cases")):
            styles.append(json.loads(case.group("style")))
            index.update(dict.fromkeys(_CASE_ID.findall(case.group("ids")), len(styles) - 1))
        styles.append(json.loads(match.group("default")))
        found[layer] = (styles, index)
        lookup_style = f"return {layer}_styles[feature.properties.__style];"
        return f"var {layer}_styles = [];\n        function {layer}_styler(feature) {{ {lookup_style} }}"

    return _STYLER.sub(lookup, script), found


def _with_styles(text: str, styles: list[dict], index: dict[str, int]) -> str:
    """The layer's GeoJSON with each feature's style number and the distinct styles."""
    data = json.loads(text)
    default = len(styles) - 1
    for feature in data["features"]:
        feature["properties"]["__style"] = index.get(str(feature.get("id")), default)
    data["styles"] = styles
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def externalise(script: str, *, directory: Path = STATIC_MAPDATA) -> str:
    """``script`` with every inline GeoJSON layer replaced by a fetch of a hashed static file.

    The layer's per-feature styles travel in the same file (folium writes them
    into the script as one ``switch`` over feature ids, tens of kilobytes per
    map): the script then holds only code, and a second visit loads no map
    data at all.

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
    script, styles = _styles_out(script)
    decoder = json.JSONDecoder()
    parts, position = [], 0
    for match in _ADD_CALL.finditer(script):
        if match.start() < position:
            continue
        start = match.end() - 1  # the opening brace
        _, end = decoder.raw_decode(script, start)
        if not script.startswith(");", end):
            continue
        layer = match.group(1)
        text = script[start:end]
        hook = ""
        if layer in styles:
            text = _with_styles(text, *styles[layer])
            hook = f".then((d) => {{ {layer}_styles = d.styles; return d; }})"
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
            f"mapdataInOrder = mapdataInOrder.then(() => mapdata{number}){hook}.then({layer}_add)"
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
