"""JSON that is not a FeatureCollection: features or plain records inside any wrapper object.

COA and other publishers wrap their lists (``{"meta": ..., "data": {"features": [...]}}``,
``{"locaties": [...]}``). The first list of objects found (a ``features`` list
first, at most four levels deep) becomes the table: a GeoJSON Feature gives
its ``properties`` and a point geometry (``geometry_x``/``geometry_y``, WGS84
lon/lat as RFC 7946 says), a plain object its own keys. Nested values are
written as JSON text; nothing is evaluated.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from loaders.io._table import RawTable, fail, finish, unique_headers
from loaders.io.xlsx import cell_text

_DEPTH = 4


def find_records(parsed: object, depth: int = 0) -> tuple[list, str] | None:
    """The list of objects a JSON document holds, and where (``features``, ``data.items``)."""
    if isinstance(parsed, list):
        return (parsed, "") if parsed and all(isinstance(item, dict) for item in parsed[:50]) else None
    if not isinstance(parsed, dict) or depth >= _DEPTH:
        return None
    keys = sorted(parsed, key=lambda k: k != "features")  # a features array wins
    for key in keys:
        value = parsed[key]
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value[:50]):
            return value, str(key)
    for key in keys:
        found = find_records(parsed[key], depth + 1)
        if found is not None:
            return found[0], f"{key}.{found[1]}".rstrip(".")
    return None


def _text(value: object) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


def read_records(parsed: object, filename: str, max_rows: int) -> RawTable:
    """A :class:`RawTable` from the records of a wrapped JSON document (unit ``feature``)."""
    found = find_records(parsed)
    if found is None:
        fail(filename, "the JSON holds no list of features or records")
    items, where = found
    if len(items) > max_rows:
        fail(filename, f"the JSON has {len(items):,} records; at most {max_rows:,} are accepted")
    columns: dict[str, None] = {}
    rows: list[dict[str, str]] = []
    issues: list[tuple] = []
    for number, item in enumerate(items, start=1):
        feature = item.get("type") == "Feature" or "properties" in item
        properties = item.get("properties") if feature else item
        row = (
            {str(k): _text(v) for k, v in (properties or {}).items()} if isinstance(properties, dict) else {}
        )
        geometry = item.get("geometry") if feature else None
        if isinstance(geometry, dict):
            coordinates = geometry.get("coordinates")
            if geometry.get("type") == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
                row["geometry_x"], row["geometry_y"] = _text(coordinates[0]), _text(coordinates[1])
            else:
                issues.append(
                    (
                        number,
                        "geometry",
                        f"geometry is a {geometry.get('type')}, not a point; not used",
                        "warning",
                    )
                )
        for key in row:
            columns.setdefault(key, None)
        rows.append(row)
    names = list(columns)
    if not names:
        fail(filename, "the JSON records have no attributes")
    headers = unique_headers(names)
    table = pa.table(
        {
            h: pa.array([r.get(n, "") for r in rows], type=pa.string())
            for h, n in zip(headers, names, strict=True)
        }
    )
    notes = [f"records read from the JSON list '{where}'" if where else "records read from the JSON list"]
    crs = "EPSG:4326" if "geometry_x" in names else None
    return finish(
        table,
        np.arange(1, len(rows) + 1, dtype=np.int64),
        None,
        None,
        "json",
        filename,
        crs,
        "feature",
        notes,
        issues,
        max_rows,
    )
