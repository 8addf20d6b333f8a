"""GeoJSON and GeoPackage through pyogrio: attributes as text, geometry as ``geometry_x``/``geometry_y``."""

from __future__ import annotations

import dataclasses
import io
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa

from core.errors import DataValidationError
from loaders.io._table import RawTable, fail, finish, unique_headers
from loaders.io.xlsx import cell_text


def _column_text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "TRUE", False: "FALSE"}).fillna("").astype("str")
    if pd.api.types.is_float_dtype(values):
        finite = values.dropna()
        if len(finite) and np.all(np.mod(finite, 1) == 0) and finite.abs().max() < 1e15:
            return values.astype("Int64").astype("str").replace("<NA>", "").fillna("")
        return values.map(lambda v: "" if pd.isna(v) else repr(float(v))).astype("str")
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.map(lambda v: "" if pd.isna(v) else cell_text(v.to_pydatetime())).astype("str")
    return values.map(
        lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else cell_text(v)
    ).astype("str")


def _geo_frame(
    pyogrio, data: bytes, filename: str, label: str, max_rows: int, notes: list[str]
) -> pd.DataFrame:
    """The first point layer (else the first layer with geometry) as a (Geo)DataFrame."""
    layers = pyogrio.list_layers(io.BytesIO(data))
    if len(layers) == 0:
        fail(filename, f"the {label} holds no layer")
    # Layers by position: a GeoJSON read from memory gets a new random layer name each time.
    names = [str(name) for name, _ in layers]
    points = [i for i, (_, geom) in enumerate(layers) if geom and "point" in str(geom).lower()]
    located = [i for i, (_, geom) in enumerate(layers) if geom]
    layer = (points or located or [0])[0]
    if len(layers) > 1:
        others = ", ".join(n for i, n in enumerate(names) if i != layer)
        notes.append(f"layer '{names[layer]}' was read; other layers ignored: {others}")
    info = pyogrio.read_info(io.BytesIO(data), layer=layer)
    if info.get("features", 0) > max_rows:
        fail(filename, f"the {label} has {info['features']:,} features; at most {max_rows:,} are accepted")
    return pyogrio.read_dataframe(io.BytesIO(data), layer=layer)


def read_geo(data: bytes, filename: str, kind: str, max_rows: int) -> RawTable:
    import pyogrio  # only needed for geo files
    import shapely

    label = "GeoJSON" if kind == "geojson" else "GeoPackage"
    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # GDAL notes that an in-memory GeoPackage has no .gpkg extension; harmless.
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = _geo_frame(pyogrio, data, filename, label, max_rows, notes)
    except DataValidationError:
        raise
    except Exception as exc:  # GDAL raises several types on damaged files
        fail(filename, f"cannot be read as {label} ({type(exc).__name__}: {exc})")
    crs = None
    geometry = None
    if hasattr(frame, "geometry") and "geometry" in frame.columns:
        geometry = frame.geometry.to_numpy()
        if frame.crs is not None:
            epsg = frame.crs.to_epsg()
            crs = f"EPSG:{epsg}" if epsg else frame.crs.to_string()
        frame = pd.DataFrame(frame.drop(columns="geometry"))
    if crs is None and kind == "geojson":
        crs = "EPSG:4326"  # RFC 7946: GeoJSON coordinates are WGS84 lon/lat
    cells = pd.DataFrame({str(col): _column_text(frame[col]) for col in frame.columns}, index=frame.index)
    cells.columns = unique_headers(list(cells.columns))
    issues: list[tuple] = []
    if geometry is not None:
        n = len(geometry)
        gx = np.full(n, np.nan)
        gy = np.full(n, np.nan)
        present = ~(shapely.is_missing(geometry) | shapely.is_empty(geometry))
        kinds = shapely.get_type_id(geometry)
        point = present & (kinds == 0)
        gx[point] = shapely.get_x(geometry[point])
        gy[point] = shapely.get_y(geometry[point])
        other = present & ~point
        if other.any():
            reps = shapely.point_on_surface(geometry[other])
            gx[other] = shapely.get_x(reps)
            gy[other] = shapely.get_y(reps)
            names = shapely.get_type_id(geometry[other])
            type_names = {
                1: "LineString",
                2: "LinearRing",
                3: "Polygon",
                4: "MultiPoint",
                5: "MultiLineString",
                6: "MultiPolygon",
                7: "GeometryCollection",
            }
            for idx, type_id in zip(np.flatnonzero(other), names, strict=True):
                issues.append(
                    (
                        int(idx) + 1,
                        "geometry",
                        f"geometry is a {type_names.get(int(type_id), 'shape')}, not a point; "
                        "a point inside it was used",
                        "warning",
                    )
                )
        cells["geometry_x"] = np.where(np.isfinite(gx), pd.Series(gx).map(repr), "")
        cells["geometry_y"] = np.where(np.isfinite(gy), pd.Series(gy).map(repr), "")
    lines = np.arange(1, len(cells) + 1, dtype=np.int64)
    if cells.shape[1] == 0:
        fail(filename, f"the {label} has no attributes and no geometry")
    table = pa.table(
        {name: pa.array(cells[name].astype(object).tolist(), type=pa.string()) for name in cells.columns}
    )
    raw = finish(
        table,
        lines,
        None,
        None,
        kind,
        filename,
        crs,
        "feature",
        notes,
        issues,
        max_rows,
    )
    if geometry is None:
        return raw
    return dataclasses.replace(raw, geometry=geometry[raw.lines - 1])
