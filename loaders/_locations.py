"""Uploaded reception locations: coordinates, municipality, types, capacity, into ``LOCATION_COLUMNS``."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.schema import (
    COORD_PRECISIONS,
    LOCATION_DATE_COLUMNS,
    LOCATION_TYPES,
    STATUSES,
)
from loaders._coords import Source, read_coordinates
from loaders._headers import (
    STATUS_RULES,
    TYPE_RULES,
    Problems,
    cells_at,
    encode,
    map_headers,
    parse_numbers,
    quote,
    vocabulary,
)
from loaders._match import (
    compare_with_point,
    index_for,
    resolve_stated,
    stated_municipality,
)
from loaders._report import (
    Cells,
    ValidationReport,
    accepted_frame,
    build_report,
    countries_of,
    reading_issues,
)
from loaders.io import RawTable


def _sources(table: RawTable, cells: Cells, problems: Problems) -> list[Source]:
    """Coordinate column pairs present: geometry (geo files), lat/lon, x/y."""
    sources = []
    for label, east, north, declared in (
        ("geometry", "_gx", "_gy", table.crs),
        ("lat/lon", "lon", "lat", None),
        ("x/y", "x", "y", None),
    ):
        if east in cells and north in cells:
            sources.append(
                Source(
                    label,
                    cells.name(east),
                    cells.name(north),
                    cells.arrow(east),
                    cells.arrow(north),
                    declared,
                )
            )
        elif east in cells or north in cells:
            have, lack = (east, north) if east in cells else (north, east)
            problems.warn_file(
                f"column '{cells.name(have)}' holds '{have}' but no column holds '{lack}'; "
                "it was not used for coordinates",
                cells.name(have),
            )
    return sources


def validate_locations(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded reception locations and place them in their municipality.

    Parameters
    ----------
    table : RawTable
        From :func:`read_table`.
    municipalities : GeoDataFrame
        ``loaders.geodata.load_municipalities()`` (EPSG:4326). Not modified.

    Returns
    -------
    ValidationReport
        ``accepted`` in ``LOCATION_COLUMNS``; ``municipality_code`` and
        ``country`` come from the polygon containing the point (or from the
        stated municipality for rows without coordinates, placed at its
        representative point with ``coord_precision="municipality"``).
    """
    index = index_for(municipalities)
    n = len(table)
    mapping, notes = map_headers(list(table.data.columns), "locations")
    problems = Problems(table.lines, table.unit)
    reading_issues(table, problems, notes)
    cells = Cells(table, mapping)
    countries = countries_of(cells, problems)
    stated = stated_municipality(
        index, cells.arrow("municipality_code"), cells.arrow("municipality"), countries
    )
    sources = _sources(table, cells, problems)
    coords = read_coordinates(sources, n, index, problems)
    lon, lat, position = coords.lon.copy(), coords.lat.copy(), coords.position.copy()

    # Rows placed by their point: compare with what the file states.
    compare_with_point(
        problems,
        index,
        stated,
        coords.position >= 0,
        coords.position,
        countries,
        (cells.name("municipality_code"), cells.name("municipality"), cells.name("country")),
    )
    # Rows without coordinates: the stated municipality, else a place named like one.
    without = ~coords.given & ~coords.bad
    by_statement = resolve_stated(
        problems, index, stated, without, cells.name("municipality_code"), cells.name("municipality")
    )
    neither = without & ~stated.has_code & ~stated.has_name
    by_place = np.full(n, -1, dtype=np.int64)
    ask = neither & cells.filled("place")
    if ask.any():
        by_place[ask], _ = index.match_names(cells["place"][ask], countries[ask])
        found = by_place >= 0
        problems.warn(
            found,
            cells.name("place"),
            "no coordinates and no municipality; placed in {}, the municipality named like the place",
            [index.label(p) for p in by_place[found]],
        )
    problems.error(
        neither & (by_place < 0),
        "",
        "no coordinates and no municipality code or name: the location cannot be placed"
        if sources
        else "no coordinate columns (lat/lon or x/y) and no municipality code or name: "
        "the location cannot be placed",
    )
    target = np.where(by_statement >= 0, by_statement, by_place)
    placed = without & (target >= 0)
    position[placed] = target[placed]
    lon[placed] = index.rep_lon[target[placed]]
    lat[placed] = index.rep_lat[target[placed]]

    ids = _ids(cells, table.lines, problems)
    capacity = _capacity(cells, problems)
    types = _vocabulary(cells, "type", problems, LOCATION_TYPES, TYPE_RULES, "other", "a known type")
    statuses = _vocabulary(cells, "status", problems, STATUSES, STATUS_RULES, "", "a known status")
    precision = _precision(cells, problems, coords.given)
    source_url = _urls(cells, problems)

    # Every row is accepted or rejected: a row neither rejected nor placed
    # (the steps above should leave none) is rejected, never dropped.
    problems.error(~problems.rejected_mask(n) & (position < 0), "", "could not be placed in a municipality")
    keep = ~problems.rejected_mask(n)
    where = np.maximum(position, 0)
    accepted = accepted_frame(
        {
            "id": ids,
            "country": pc.take(pa.array(index.countries, type=pa.string()), pa.array(where)),
            "name": cells.arrow("name"),
            "operator": cells.arrow("operator"),
            "type": types,
            "place": cells.arrow("place"),
            "municipality_code": pc.take(pa.array(index.codes, type=pa.string()), pa.array(where)),
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "coord_precision": precision,
            "capacity": capacity,
            "capacity_as_of": cells.arrow("capacity_as_of"),
            "status": statuses,
            "source_url": source_url,
            "notes": _notes_with_type(cells, types),
            # Optional: when and how surely the location was in use (empty when absent).
            **{key: cells.arrow(key) for key in LOCATION_DATE_COLUMNS},
        },
        keep,
        {"lat": "float64", "lon": "float64", "capacity": "Int64"},
    )

    crs = None
    used = pd.Series(coords.crs[keep & coords.given & (coords.crs != "")])
    if len(used):
        counts = used.value_counts()
        crs = str(counts.index[0])
        if len(counts) > 1:
            listed = ", ".join(f"{c} ({k:,} rows)" for c, k in counts.items())
            problems.warn_file(f"coordinates are in more than one system: {listed}")
    return build_report(table, problems, accepted, n, crs, "locations", None, mapping, table.data)


def _ids(cells: Cells, lines: np.ndarray, problems: Problems) -> pa.Array:
    ids = cells.arrow("id")
    empty = ~cells.filled("id")
    if empty.any():
        values = cells["id"].copy()
        values[empty] = [f"upload-{line}" for line in lines[empty].tolist()]
        ids = pa.array(values, type=pa.string())
        if "id" in cells:
            problems.warn(empty, cells.name("id"), "empty; id set to '{}'", values[empty])
        else:
            problems.warn_file("no id column; every id set to 'upload-<line>'")
    if len(pc.unique(ids)) == len(ids):
        return ids
    codes, _ = encode(ids)
    _, first_index, inverse = np.unique(codes, return_index=True, return_inverse=True)
    seen_first = first_index[inverse.ravel()]
    duplicated = seen_first != np.arange(len(codes))
    problems.warn(
        duplicated,
        cells.name("id"),
        "id {} is also used on line {}",
        quote(cells_at(ids, duplicated)),
        lines[seen_first[duplicated]].tolist(),
    )
    return ids


def _notes_with_type(cells: Cells, types: pa.Array) -> pa.Array:
    """Notes, with the file's own type word kept where it was mapped (``type in file: 'POL'``).

    The tag is built once per distinct type word and joined only where a row
    already has notes: 3 ms for 100,000 rows, where a per-row pass cost 16 ms
    and a Python loop 50 ms (of the 0.25 s the upload benchmark takes).
    """
    notes = cells.arrow("notes")
    if "type" not in cells:
        return notes
    codes, words = encode(cells.arrow("type"))
    canonical = [vocabulary(w, LOCATION_TYPES, TYPE_RULES) if w else None for w in words]
    tags = [
        f"type in file: '{w}'" if w and (m or "other") != w.lower() else None
        for w, m in zip(words, canonical, strict=True)
    ]
    if not any(tags):
        return notes
    tag = pc.take(pa.array([*tags, None], type=notes.type), pa.array(codes))
    has_tag = pc.is_valid(tag)
    empty = pc.equal(notes, "")
    both = pc.and_(has_tag, pc.invert(empty))
    result = pc.if_else(pc.and_(has_tag, empty), tag, notes)
    if pc.any(both).as_py():
        separator = pa.scalar("; ", type=notes.type)
        joined = pc.binary_join_element_wise(notes, pc.fill_null(tag, ""), separator)
        result = pc.if_else(both, joined, result)
    return result


def _capacity(cells: Cells, problems: Problems) -> pd.array:
    text = cells.arrow("capacity")
    column = cells.name("capacity")
    numbers, bad = parse_numbers(text, role="count")
    # COA and Fedasil lists write 0 where the capacity is not known.
    zero = numbers == 0
    problems.warn(
        zero,
        column,
        "{} read as unknown capacity (lists write 0 when it is not known)",
        quote(cells_at(text, zero)),
    )
    numbers[zero] = np.nan
    problems.warn(bad, column, "{} is not a number; capacity left empty", quote(cells_at(text, bad)))
    with np.errstate(invalid="ignore"):
        negative = numbers < 0
        fraction = ~np.isnan(numbers) & (numbers % 1 != 0) & ~negative
        huge = numbers > 1e7
    for mask, report, template in (
        (negative, problems.error, "{} is negative; a capacity is a number of places"),
        (fraction, problems.warn, "{} is not a whole number of places; capacity left empty"),
        (huge, problems.warn, "{} is not a plausible number of places; capacity left empty"),
    ):
        report(mask, column, template, quote(cells_at(text, mask)))
    numbers[negative | fraction | huge] = np.nan
    return pd.array(np.round(numbers), dtype="Float64").astype("Int64")


def _vocabulary(cells, key, problems, canonical, rules, fallback, what) -> pa.Array:
    values = cells.arrow(key)
    codes, uniques = encode(values)
    mapped = [vocabulary(u, canonical, rules) if u else None for u in uniques]
    known = np.array([m is not None for m in mapped] + [False])[codes]
    result = pc.take(
        pa.array([m or fallback for m in mapped] + [fallback], type=pa.string()), pa.array(codes)
    )
    shown = f"'{fallback}'" if fallback else "empty"
    filled = cells.filled(key)
    if key in cells:
        unknown = ~known & filled
        problems.warn(
            unknown,
            cells.name(key),
            "{} is not " + what + "; set to " + shown,
            quote(cells_at(values, unknown)),
        )
        if fallback:
            problems.warn(~filled, cells.name(key), f"empty; set to {shown}")
    elif fallback and cells.n:
        problems.warn_file(f"no column for the location {key}; every {key} set to {shown}")
    return result


def _precision(cells: Cells, problems: Problems, has_coords: np.ndarray) -> pa.Array:
    values = cells.arrow("coord_precision")
    codes, uniques = encode(values)
    folded = [u.lower() for u in uniques]
    known = np.array([f in COORD_PRECISIONS for f in folded] + [False])[codes]
    odd = ~known & cells.filled("coord_precision") & has_coords
    problems.warn(
        odd,
        cells.name("coord_precision"),
        "{} is not a known precision (site, settlement, approximate); set to 'approximate'",
        quote(cells_at(values, odd)),
    )
    # Without a stated precision, given coordinates count as the site's; rows placed
    # at their municipality's point say so.
    chosen = [f if f in COORD_PRECISIONS else ("site" if f == "" else "approximate") for f in folded]
    dictionary = pa.array([*chosen, "municipality"], type=pa.string())
    return pc.take(dictionary, pa.array(np.where(has_coords, codes, len(chosen))))


def _urls(cells: Cells, problems: Problems) -> pa.Array:
    # Only web addresses are kept: a "javascript:" or "data:" link must never reach a page.
    values = cells.arrow("source_url")
    scheme = pc.match_substring_regex(values, r"^\s*[A-Za-z][A-Za-z0-9+.\-]*:")
    web = pc.match_substring_regex(values, r"(?i)^\s*https?:")
    unsafe = np.asarray(pc.and_(scheme, pc.invert(web)).to_numpy(zero_copy_only=False), dtype=bool)
    problems.warn(
        unsafe,
        cells.name("source_url"),
        "{} is not a web address (http or https); left empty",
        quote(cells_at(values, unsafe)),
    )
    return pc.if_else(pa.array(unsafe), "", values) if unsafe.any() else values
