"""Uploaded municipal figures, long or wide, into the long form ``INDICATOR_UPLOAD_COLUMNS``."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np

from loaders._headers import (
    Problems,
    clean_cells,
    map_headers,
    parse_numbers,
    quote,
)
from loaders._match import (
    country_hints,
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

_INDICATOR_KEYS = (
    "country",
    "level",
    "municipality_code",
    "municipality",
    "reference_date",
    "source",
    "unit",
    "method",
)
_MUNICIPAL_LEVELS = {
    "",
    "municipality",
    "municipal",
    "gemeente",
    "gemeentelijk",
    "commune",
    "communal",
    "gemeinde",
}


@dataclass(frozen=True)
class _Figures:
    """Indicator records: the row each comes from, its indicator, value and the value's column."""

    row_of: np.ndarray
    indicator: np.ndarray
    text: np.ndarray
    value: np.ndarray
    bad: np.ndarray
    column: np.ndarray
    notes: tuple[str, ...] = ()


def _long_figures(cells: Cells, decimal: str) -> _Figures:
    value, bad = parse_numbers(cells["value"], role="value", default_decimal=decimal)
    n = cells.n
    return _Figures(
        np.arange(n),
        cells["indicator"],
        cells["value"],
        value,
        bad,
        np.full(n, cells.name("value"), dtype=object),
    )


def _wide_figures(table: RawTable, mapping: dict[str, str], decimal: str) -> _Figures | None:
    """Melt one column per indicator into records, row by row; None when no column holds numbers."""
    used = set(mapping.values())
    notes: list[str] = []
    parts = []
    for column in table.data.columns:
        if column in used:
            continue
        text = clean_cells(table.data[column])
        value, bad = parse_numbers(text, role="value", default_decimal=decimal)
        filled = text != ""
        if np.isnan(value).all():
            if filled.any():
                notes.append(f"column '{column}' holds no numbers; it was not read as an indicator")
            continue
        skipped = int((~filled).sum())
        if skipped:
            notes.append(
                f"column '{column}': {skipped:,} empty cell{'s' if skipped != 1 else ''} skipped (no figure)"
            )
        rows = np.flatnonzero(filled)
        parts.append((rows, column, text[rows], value[rows], bad[rows]))
    if not parts:
        return None
    row_of = np.concatenate([p[0] for p in parts])
    names = np.concatenate([np.full(len(p[0]), p[1], dtype=object) for p in parts])
    order = np.argsort(row_of, kind="stable")  # file order: row by row, columns left to right
    return _Figures(
        row_of[order],
        names[order],
        np.concatenate([p[2] for p in parts])[order],
        np.concatenate([p[3] for p in parts])[order],
        np.concatenate([p[4] for p in parts])[order],
        names[order],
        tuple(notes),
    )


def validate_indicators(table: RawTable, municipalities: gpd.GeoDataFrame) -> ValidationReport:
    """Validate uploaded municipal figures, long or wide, into the long form.

    Long: one row per figure with ``indicator`` and ``value`` columns (plus
    ``municipality_code`` and/or a municipality name, ``unit``,
    ``reference_date``, ``source``, ``method``). Wide: one row per
    municipality and one column per indicator; it is melted into one record
    per non-empty cell, and a column holding no number at all is ignored
    with a warning.

    Returns
    -------
    ValidationReport
        ``accepted`` in ``INDICATOR_UPLOAD_COLUMNS``; ``country`` and
        ``municipality_code`` come from the matched municipality; an empty
        ``method`` becomes ``observed``.
    """
    index = index_for(municipalities)
    mapping, notes = map_headers(list(table.data.columns), "indicators")
    cells = Cells(table, mapping)
    decimal = "," if table.delimiter in (";", "\t") else "."
    layout = "long" if "indicator" in cells and "value" in cells else "wide"
    figures = _long_figures(cells, decimal) if layout == "long" else _wide_figures(table, mapping, decimal)
    if figures is None:
        # Nothing to melt: each row is one record, rejected below.
        n = len(table)
        figures = _Figures(
            np.arange(n),
            *(np.full(n, "", dtype=object) for _ in range(2)),
            np.full(n, np.nan),
            np.zeros(n, dtype=bool),
            np.full(n, "", dtype=object),
        )
        nothing = True
    else:
        nothing = False
    rows = figures.row_of
    records = len(rows)
    problems = Problems(table.lines[rows], table.unit)
    reading_issues(table, problems, [*notes, *figures.notes], rows)
    if nothing:
        problems.error(
            np.ones(records, dtype=bool),
            "",
            "no indicator found: a long table needs 'indicator' and 'value' columns, "
            "a wide table one column of numbers per indicator beside the municipality",
        )

    # Municipality: per row, then per record.
    countries_row, _ = country_hints(cells["country"])
    stated = stated_municipality(
        index, cells["municipality_code"], cells["municipality"], countries_row
    ).take(rows)
    countries = countries_of(cells, problems, rows)
    if "municipality_code" not in cells and "municipality" not in cells:
        problems.error(
            np.ones(records, dtype=bool),
            "",
            "no municipality column: name a column for the municipality code (gemeentecode, NIS, code INS) "
            "or its name (gemeente, commune, municipality, Gemeinde)",
        )
        position = np.full(records, -1, dtype=np.int64)
    else:
        everything = np.ones(records, dtype=bool)
        position = resolve_stated(
            problems, index, stated, everything, cells.name("municipality_code"), cells.name("municipality")
        )
        problems.error(~stated.has_code & ~stated.has_name, "", "no municipality code or name")
    located = position >= 0
    country = index.countries[np.maximum(position, 0)]
    code = index.codes[np.maximum(position, 0)]
    differs = located & (countries != "") & (countries != country)
    problems.warn(
        differs,
        cells.name("country"),
        "the municipality is in {}, file says {}",
        country[differs],
        countries[differs],
    )

    # Level, indicator and value.
    if "level" in cells:
        level = cells["level"][rows]
        folded = np.array([v.lower().strip() for v in level.tolist()], dtype=object)
        wrong = ~np.isin(folded, list(_MUNICIPAL_LEVELS))
        problems.error(
            wrong,
            cells.name("level"),
            "{} is not a municipal figure; only figures per municipality can be uploaded",
            quote(level[wrong]),
        )
    if layout == "long":
        problems.error(
            figures.indicator == "", cells.name("indicator"), "empty; every figure needs an indicator name"
        )
        problems.error(figures.text == "", cells.name("value"), "empty; every figure needs a value")
    for column in np.unique(figures.column[figures.bad]):
        wrong = figures.bad & (figures.column == column)
        problems.error(wrong, str(column), "{} is not a number", quote(figures.text[wrong]))

    unit, reference, source, method = (cells[k][rows] for k in ("unit", "reference_date", "source", "method"))
    method = np.where(method == "", "observed", method).astype(object)
    if records and not nothing:
        for key, text in (
            ("reference_date", "no reference date column; the figures carry no date"),
            ("source", "no source column; the figures carry no source"),
            ("unit", "no unit column; the figures carry no unit"),
            ("method", "no method column; the figures are marked 'observed'"),
        ):
            if key not in cells:
                problems.warn_file(text)

    # The same figure twice is kept, with a warning.
    keys = np.array(
        [
            f"{c}\x00{i}\x00{r}" if ok else f"\x01{k}"
            for k, (ok, c, i, r) in enumerate(
                zip(located.tolist(), code.tolist(), figures.indicator.tolist(), reference.tolist())
            )
        ]
        + [""],
        dtype=str,
    )[:records]
    _, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    first = first_index[inverse.ravel()]
    duplicated = located & (first != np.arange(records))
    problems.warn(
        duplicated,
        cells.name("indicator") if layout == "long" else "",
        "the same indicator, municipality and date as line {}; both kept",
        problems.lines[first[duplicated]].tolist(),
    )

    problems.error(~problems.rejected_mask(records) & ~located, "", "no municipality could be matched")
    keep = ~problems.rejected_mask(records)
    accepted = accepted_frame(
        {
            "country": country,
            "municipality_code": code,
            "indicator": figures.indicator,
            "value": figures.value,
            "unit": unit,
            "reference_date": reference,
            "source": source,
            "method": method,
        },
        keep,
        {"value": "float64"},
    )
    original = table.data.iloc[rows].reset_index(drop=True)
    return build_report(table, problems, accepted, records, None, "indicators", layout, mapping, original)
