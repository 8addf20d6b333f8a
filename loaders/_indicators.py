"""Uploaded municipal figures, long or wide, into the long form ``INDICATOR_UPLOAD_COLUMNS``."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass, fields

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders._headers import (
    Problems,
    clean_cells,
    map_headers,
    parse_numbers,
    quote,
)
from loaders._match import (
    MunicipalityIndex,
    country_hints,
    index_for,
    resolve_stated,
    stated_municipality,
)
from loaders._regions import (
    MISSING_MARKERS,
    SUPPRESSED_PATTERN,
    aggregate_kind,
    former_by_code,
    former_by_name,
    header_path,
    parse_period,
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
_AGGREGATE_LEVELS = {
    "country", "land", "pays", "national", "nationaal", "province", "provincie", "provinz", "region",
    "gewest", "arrondissement", "bezirk", "landsdeel", "corop",
}  # fmt: skip
# A column is taken for the municipality by its content when this share of its values are codes or names.
CONTENT_SHARE = 0.6


@dataclass(frozen=True)
class _Figures:
    """Indicator records: the row each comes from, its indicator, value, the value's column and unit."""

    row_of: np.ndarray
    indicator: np.ndarray
    text: np.ndarray
    value: np.ndarray
    bad: np.ndarray
    column: np.ndarray
    unit: np.ndarray
    notes: tuple[str, ...] = ()
    missing: int = 0

    def take(self, keep: np.ndarray) -> _Figures:
        arrays = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("notes", "missing")}
        return _Figures(**{k: v[keep] for k, v in arrays.items()}, notes=self.notes, missing=self.missing)


def _markers(text: np.ndarray) -> np.ndarray:
    """Mask of missing-value markers (``<5``, ``.``, ``x``, ``-``, ``?``): no figure, never zero."""
    if len(text) == 0:
        return np.zeros(0, dtype=bool)
    array = pa.array(text.tolist(), type=pa.string())
    found = pc.or_(
        pc.is_in(array, value_set=pa.array(sorted(MISSING_MARKERS))),
        pc.match_substring_regex(array, SUPPRESSED_PATTERN),
    )
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


def _long_figures(cells: Cells, decimal: str) -> _Figures:
    text = cells["value"]
    marker = _markers(text)
    value, bad = parse_numbers(np.where(marker, "", text), role="value", default_decimal=decimal)
    n = cells.n
    figures = _Figures(
        np.arange(n),
        cells["indicator"],
        text,
        value,
        bad,
        np.full(n, cells.name("value"), dtype=object),
        np.full(n, "", dtype=object),
    )
    missing = int(marker.sum())
    if not missing:
        return figures
    note = (
        f"column '{cells.name('value')}': {missing:,} missing-value marker{'s' if missing != 1 else ''} "
        "(<5, ., x, -, ?) skipped: no figure, not read as zero"
    )
    kept = figures.take(~marker)
    return _Figures(
        **{f.name: getattr(kept, f.name) for f in fields(kept)[:7]}, notes=(note,), missing=missing
    )


def _wide_figures(table: RawTable, mapping: dict[str, str], decimal: str) -> _Figures | None:
    """Melt one column per indicator into records, row by row; None when no column holds numbers.

    Empty cells and missing-value markers are not records; a StatLine header
    path names the indicator by its last part and the unit by its parenthesis.
    """
    used = set(mapping.values())
    notes: list[str] = []
    parts = []
    missing = 0
    for column in table.data.columns:
        if column in used:
            continue
        text = clean_cells(table.data[column])
        marker = _markers(text)
        value, bad = parse_numbers(np.where(marker, "", text), role="value", default_decimal=decimal)
        filled = (text != "") & ~marker
        if not filled.any():
            notes.append(
                f"column '{column}' holds no figure (only empty cells or missing markers); not offered"
            )
            missing += int(marker.sum())
            continue
        if np.isnan(value).all():
            notes.append(f"column '{column}' holds no numbers; it was not read as an indicator")
            continue
        skipped = int((text == "").sum())
        if skipped:
            notes.append(
                f"column '{column}': {skipped:,} empty cell{'s' if skipped != 1 else ''} skipped (no figure)"
            )
        if marker.any():
            count = int(marker.sum())
            missing += count
            notes.append(
                f"column '{column}': {count:,} missing-value marker{'s' if count != 1 else ''} "
                "(<5, ., x, -, ?) skipped: no figure, not read as zero"
            )
        rows = np.flatnonzero(filled)
        name, unit = header_path(column) if "/" in column else (column, "")
        parts.append((rows, name, text[rows], value[rows], bad[rows], column, unit))
    if not parts:
        return None
    row_of = np.concatenate([p[0] for p in parts])

    def spread(i: int) -> np.ndarray:
        return np.concatenate([np.full(len(p[0]), p[i], dtype=object) for p in parts])

    order = np.argsort(row_of, kind="stable")  # file order: row by row, columns left to right
    return _Figures(
        row_of[order],
        spread(1)[order],
        np.concatenate([p[2] for p in parts])[order],
        np.concatenate([p[3] for p in parts])[order],
        np.concatenate([p[4] for p in parts])[order],
        spread(5)[order],
        spread(6)[order],
        tuple(notes),
        missing,
    )


def _looks_like(index: MunicipalityIndex, values: list[str]) -> tuple[float, float]:
    """Shares of ``values`` that are municipality codes, and names (aggregates count for both)."""
    if not values:
        return 0.0, 0.0
    codes = names = 0
    for value in values:
        if aggregate_kind(value, value):
            codes += 1
            names += 1
            continue
        code_pos, _ = index.match_code(value)
        if code_pos >= 0 or former_by_code(value):
            codes += 1
        elif not re.fullmatch(r"[\d\s.,]*", value) and (
            index.match_name(value)[0] >= 0 or "matches several" in index.match_name(value)[1]
        ):
            names += 1
    return codes / len(values), names / len(values)


def _by_content(table: RawTable, mapping: dict[str, str], index: MunicipalityIndex) -> tuple[dict, list]:
    """Municipality columns recognised by what they hold.

    A column mapped as a name that holds codes (StatLine's ``RegioS``:
    ``GM0014``) becomes the code column; without any municipality column, the
    first column of which most values are codes or names is taken.
    """
    mapping = dict(mapping)
    notes: list[str] = []

    def sample(column: str) -> list[str]:
        values = [v for v in clean_cells(table.data[column].head(400)).tolist() if v]
        return values[:300]

    if "municipality" in mapping and "municipality_code" not in mapping:
        share_codes, _ = _looks_like(index, sample(mapping["municipality"]))
        if share_codes >= CONTENT_SHARE:
            mapping["municipality_code"] = mapping.pop("municipality")
    if "municipality" in mapping or "municipality_code" in mapping:
        return mapping, notes
    used = set(mapping.values())
    for column in table.data.columns:
        if column in used:
            continue
        share_codes, share_names = _looks_like(index, sample(column))
        if max(share_codes, share_names) >= CONTENT_SHARE:
            key = "municipality_code" if share_codes >= share_names else "municipality"
            what = "codes" if key == "municipality_code" else "names"
            mapping[key] = column
            notes.append(
                f"column '{column}' was read as the municipality {what.rstrip('s')} "
                f"(most of its values are municipality {what})"
            )
            break
    return mapping, notes


OVERLAP_COLUMN = "municipality (largest overlap)"


def _join_by_overlap(
    table: RawTable, mapping: dict[str, str], index: MunicipalityIndex
) -> tuple[RawTable, dict[str, str], list[str]]:
    """Municipality polygons without a code or name column: each joined to the municipality it
    overlaps most (areas in EPSG:3035); less than half of its area inside is warned about."""
    position, share = index.largest_overlap(table.geometry, table.crs)
    codes = np.where(position >= 0, index.codes[np.maximum(position, 0)], "")
    data = table.data.copy()
    data[OVERLAP_COLUMN] = pd.array(codes.astype(object), dtype="str")
    mapping = {**mapping, "municipality_code": OVERLAP_COLUMN}
    notes = [
        "no municipality column: each feature was joined to the municipality its polygon overlaps most "
        "(areas in EPSG:3035)"
    ]
    weak = np.flatnonzero((position >= 0) & (share < 0.5))
    if len(weak):
        listed = ", ".join(f"{table.unit} {table.lines[i]} ({share[i]:.0%})" for i in weak[:10])
        notes.append(
            f"{len(weak):,} features lie less than half inside the municipality they were joined to: {listed}"
        )
    return dataclasses.replace(table, data=data), mapping, notes


def _unique_map(values: np.ndarray, func) -> np.ndarray:
    uniques, inverse = np.unique(np.asarray(values, dtype=str), return_inverse=True)
    mapped = np.array([func(str(u)) for u in uniques] + [None], dtype=object)
    return mapped[inverse.ravel()]


def _aggregates(cells: Cells, index: MunicipalityIndex) -> np.ndarray:
    """Per row: the aggregate kind (``country``, ``province``, ...) or ``""``."""
    provinces = frozenset(
        k for k in set(index.province_keys.tolist()) if k and k not in index.strong and k not in index.weak
    )
    pairs = np.char.add(
        np.char.add(cells["municipality_code"].astype(str), "\x1f"), cells["municipality"].astype(str)
    )
    kinds = _unique_map(pairs, lambda p: aggregate_kind(*p.split("\x1f", 1), provinces))
    if "level" in cells:
        levels = np.array([v.lower().strip() for v in cells["level"].tolist()], dtype=object)
        kinds = np.where((kinds == "") & np.isin(levels, list(_AGGREGATE_LEVELS)), "level", kinds)
    return kinds.astype(object)


def _sum_counts(
    accepted: pd.DataFrame, folded_rows: np.ndarray, counts: Collection[str]
) -> tuple[pd.DataFrame, int]:
    """Rows of the same successor, count indicator and date summed into one; returns (frame, rows folded)."""
    if not folded_rows.any():
        return accepted, 0
    keys = ["country", "municipality_code", "indicator", "unit", "reference_date"]
    frame = accepted.copy()
    frame["_folded"] = folded_rows
    groups = frame.groupby(keys, sort=False, dropna=False)
    touched = groups["_folded"].transform("any") & frame["indicator"].isin(list(counts))
    if not touched.any():
        return accepted, 0
    summed = (
        frame[touched]
        .groupby(keys, sort=False, dropna=False)
        .agg(value=("value", "sum"), source=("source", "first"), method=("method", "first"))
        .reset_index()
    )
    summed["method"] = "compiled"
    out = pd.concat([frame[~touched].drop(columns="_folded"), summed[accepted.columns]], ignore_index=True)
    out = out.astype(accepted.dtypes.to_dict())
    return out, int(touched.sum()) - len(summed)


def validate_indicators(  # noqa: C901 - long and wide layouts checked in one pass, every problem collected to report once
    table: RawTable,
    municipalities: gpd.GeoDataFrame,
    *,
    period: str | None = None,
    category: str | None = None,
    counts: Collection[str] = (),
) -> ValidationReport:
    """Validate uploaded municipal figures, long or wide, into the long form.

    Long: one row per figure with ``indicator`` and ``value`` columns (plus
    ``municipality_code`` and/or a municipality name, ``unit``,
    ``reference_date``, ``source``, ``method``). Wide: one row per
    municipality and one column per indicator; it is melted into one record
    per cell holding a figure, and a column holding no number at all is
    ignored with a warning. A category column (party, age group,
    nationality) makes one indicator per category.

    Parameters
    ----------
    table : RawTable
    municipalities : GeoDataFrame
        ``loaders.geodata.load_municipalities()`` (EPSG:4326). Not modified.
    period : str, optional
        Keep only records of this reference date (``2023``, ``2023-Q2``, or as
        the file writes it, ``2023KW02``); the others count as ``not_selected``.
    category : str, optional
        Keep only records of this category (case-insensitive).
    counts : collection of str
        Indicators the user marks as additive counts: a former municipality's
        figure is then summed into its successor (with a warning).

    Returns
    -------
    ValidationReport
        ``accepted`` in ``INDICATOR_UPLOAD_COLUMNS``; ``country`` and
        ``municipality_code`` come from the matched municipality; an empty
        ``method`` becomes ``observed``. ``accepted_records + rejected_rows +
        aggregates + not_selected == rows_read``.
    """
    index = index_for(municipalities)
    mapping, notes = map_headers(list(table.data.columns), "indicators")
    mapping, content_notes = _by_content(table, mapping, index)
    notes = [*notes, *content_notes]
    if "municipality" not in mapping and "municipality_code" not in mapping and table.geometry is not None:
        table, mapping, overlap_notes = _join_by_overlap(table, mapping, index)
        notes = [*notes, *overlap_notes]
    cells = Cells(table, mapping)
    decimal = "," if table.delimiter in (";", "\t") else "."
    layout = "long" if "indicator" in cells and "value" in cells else "wide"
    figures = _long_figures(cells, decimal) if layout == "long" else _wide_figures(table, mapping, decimal)
    if figures is None:
        # Nothing to melt: each row is one record, rejected below.
        n = len(table)
        empty = np.full(n, "", dtype=object)
        figures = _Figures(
            np.arange(n), empty, empty, np.full(n, np.nan), np.zeros(n, dtype=bool), empty, empty
        )
        nothing = True
    else:
        nothing = False
    rows_read = len(figures.row_of)

    # Per row: aggregates, period, category.
    has_municipality = "municipality_code" in cells or "municipality" in cells
    kinds_row = _aggregates(cells, index) if has_municipality else np.full(len(table), "", dtype=object)
    raw_period = cells["reference_date"]
    parsed = _unique_map(raw_period, parse_period)
    iso_row = np.array([p[0] for p in parsed], dtype=object)
    provisional_row = np.array([p[1] for p in parsed], dtype=bool)
    category_row = cells["category"]

    aggregate = kinds_row[figures.row_of] != ""
    aggregate_rows = np.unique(figures.row_of[aggregate])
    label = np.where(cells["municipality"] != "", cells["municipality"], cells["municipality_code"])
    aggregate_names = list(dict.fromkeys(label[aggregate_rows].tolist()))
    selected = ~aggregate
    if period:
        wanted, _ = parse_period(period)
        selected &= iso_row[figures.row_of] == wanted
    if category:
        selected &= np.char.lower(category_row[figures.row_of].astype(str)) == category.strip().lower()
    not_selected = int((~aggregate & ~selected).sum())
    periods = sorted(set(iso_row[figures.row_of[~aggregate]].tolist()) - {""})
    categories = list(dict.fromkeys(category_row[figures.row_of[~aggregate]].tolist()))
    categories = [c for c in categories if c]
    figures = figures.take(selected)

    rows = figures.row_of
    records = len(rows)
    problems = Problems(table.lines[rows], table.unit)
    reading_issues(table, problems, [*notes, *figures.notes], rows)
    if len(aggregate_rows):
        shown = ", ".join(aggregate_names[:12]) + (", ..." if len(aggregate_names) > 12 else "")
        problems.warn_file(
            f"{len(aggregate_rows):,} aggregate row{'s' if len(aggregate_rows) != 1 else ''} skipped "
            f"(country, region, province, arrondissement, unknown or postal vote; never mapped): {shown}"
        )
    if layout == "wide" and has_municipality:
        without = len(table) - len(np.unique(np.concatenate([rows, aggregate_rows])))
        if without > 0 and not period and not category:
            problems.warn_file(
                f"{without:,} row{'s' if without != 1 else ''} hold no figure (only empty cells or "
                "missing markers; for example former municipalities listed without values); skipped"
            )
            empty_rows = np.setdiff1d(np.arange(len(table)), np.concatenate([rows, aggregate_rows]))
            formers = []
            for i in empty_rows.tolist():
                item = (
                    former_by_code(cells["municipality_code"][i]) if cells["municipality_code"][i] else None
                )
                item = item or (
                    former_by_name(cells["municipality"][i]) if cells["municipality"][i] else None
                )
                if item is not None:
                    formers.append(f"{item.old_name} ({item.describe()})")
            if formers:
                shown = "; ".join(formers[:10]) + ("; ..." if len(formers) > 10 else "")
                problems.warn_file(
                    f"{len(formers):,} of them are former municipalities, without figures: {shown}"
                )
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
    indicator = figures.indicator
    if "category" in cells:
        with_category = category_row[rows] != ""
        indicator = np.where(
            with_category,
            np.char.add(np.char.add(indicator.astype(str), " – "), category_row[rows].astype(str)),
            indicator,
        ).astype(object)
    position = np.full(records, -1, dtype=np.int64)
    folded_records = np.zeros(records, dtype=bool)
    if not has_municipality:
        problems.error(
            np.ones(records, dtype=bool),
            "",
            "no municipality column: name a column for the municipality code (gemeentecode, NIS, code INS) "
            "or its name (gemeente, commune, municipality, Gemeinde)",
        )
    else:
        position, folded_records = _locate(problems, index, cells, stated, rows, indicator, counts)
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

    unit, source, method = (cells[k][rows] for k in ("unit", "source", "method"))
    unit = np.where(unit == "", figures.unit, unit).astype(object)
    reference = iso_row[rows]
    method = np.where(method == "", "observed", method).astype(object)
    provisional = provisional_row[rows]
    for value in sorted(set(raw_period[rows][provisional].tolist())):
        count = int((raw_period[rows] == value).sum())
        problems.warn_file(
            f"period {quote([value])[0]} is provisional (marked with *): {count:,} figure"
            f"{'s' if count != 1 else ''} read as {parse_period(value)[0]}, provisional",
            cells.name("reference_date"),
        )
    if records and not nothing:
        for key, text in (
            ("reference_date", "no reference date column; the figures carry no date"),
            ("source", "no source column; the figures carry no source"),
            ("unit", "no unit column; the figures carry no unit"),
            ("method", "no method column; the figures are marked 'observed'"),
        ):
            if key not in cells and not (key == "unit" and (figures.unit != "").all()):
                problems.warn_file(text)

    # The same figure twice is kept, with a warning (unless it is a count being summed).
    keys = np.array(
        [
            f"{c}\x00{i}\x00{r}" if ok and not f else f"\x01{k}"
            for k, (ok, f, c, i, r) in enumerate(
                zip(
                    located.tolist(),
                    folded_records.tolist(),
                    code.tolist(),
                    indicator.tolist(),
                    reference.tolist(),
                )
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
            "indicator": indicator,
            "value": figures.value,
            "unit": unit,
            "reference_date": reference,
            "source": source,
            "method": method,
        },
        keep,
        {"value": "float64"},
    )
    accepted, folded = _sum_counts(accepted, folded_records[keep], counts)
    original = table.data.iloc[rows].reset_index(drop=True)
    return build_report(
        table,
        problems,
        accepted,
        rows_read,
        None,
        "indicators",
        layout,
        mapping,
        original,
        aggregates=int(aggregate.sum()),
        aggregate_names=aggregate_names,
        missing=figures.missing,
        not_selected=not_selected,
        folded=folded,
        periods=periods,
        categories=categories,
    )


def _locate(
    problems: Problems,
    index: MunicipalityIndex,
    cells: Cells,
    stated,
    rows: np.ndarray,
    indicator: np.ndarray,
    counts: Collection[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Municipality per record; former municipalities and ambiguous names by province handled here."""
    records = len(rows)
    code_col, name_col = cells.name("municipality_code"), cells.name("municipality")
    codes, names = cells["municipality_code"][rows], cells["municipality"][rows]
    # An ambiguous name ("Bergen") settled by the province column of the same row.
    if "province" in cells:
        ambiguous = (stated.code_pos < 0) & (stated.name_pos < 0) & stated.has_name
        ambiguous &= np.array(["matches several" in str(r) for r in stated.name_reason], dtype=bool)
        provinces = cells["province"][rows]
        for i in np.flatnonzero(ambiguous).tolist():
            found = index.in_province(str(names[i]), str(provinces[i]))
            if found >= 0:
                stated.name_pos[i] = found
                stated.position[i] = found
                stated.name_reason[i] = ""
    # A name found in both countries ("Zwijndrecht") in a file whose other rows are all
    # in one country: that country's.
    matched = stated.position[stated.position >= 0]
    if len(matched):
        shares = pd.Series(index.countries[matched]).value_counts(normalize=True)
        if shares.iloc[0] >= 0.9:
            home = str(shares.index[0])
            ambiguous = (stated.position < 0) & stated.has_name
            ambiguous &= np.array(["matches several" in str(r) for r in stated.name_reason], dtype=bool)
            for i in np.flatnonzero(ambiguous).tolist():
                found, _ = index.match_name(str(names[i]), home)
                if found >= 0:
                    stated.name_pos[i] = found
                    stated.position[i] = found
                    stated.name_reason[i] = ""
    # Former municipalities: by code, else by name, when nothing current matched.
    unmatched = stated.position < 0
    former = np.full(records, None, dtype=object)
    by_code = unmatched & stated.has_code
    if by_code.any():
        former[by_code] = _unique_map(codes[by_code], former_by_code)
    by_name = unmatched & stated.has_name & (former == None)  # noqa: E711 - elementwise on objects
    if by_name.any():
        former[by_name] = _unique_map(names[by_name], former_by_name)
    is_former = former != None  # noqa: E711
    everything = np.ones(records, dtype=bool)
    position = resolve_stated(problems, index, stated, everything & ~is_former, code_col, name_col)
    problems.error(~stated.has_code & ~stated.has_name & ~is_former, "", "no municipality code or name")
    folded = np.zeros(records, dtype=bool)
    counted = set(counts)
    for i in np.flatnonzero(is_former).tolist():
        item = former[i]
        said = quote([names[i] or codes[i]])[0]
        column = name_col if names[i] and not (stated.has_code[i] and by_code[i]) else code_col
        successor = index.code_position.get(item.successor_code, -1)
        if item.change == "recoded" and successor >= 0:
            problems.warn(
                [i],
                column,
                "{} is a code of before {}: {}; the figure was placed there",
                [said],
                [item.date],
                [item.describe()],
            )
            position[i] = successor
        elif successor >= 0 and ("*" in counted or indicator[i] in counted):
            problems.warn(
                [i],
                column,
                "{} is a former municipality, {}; this count was summed into {}",
                [said],
                [item.describe()],
                [item.successor_name],
            )
            position[i] = successor
            folded[i] = True
        else:
            hint = (
                f"; mark '{indicator[i]}' as a count to sum it into {item.successor_name}"
                if successor >= 0
                else ""
            )
            problems.error(
                [i],
                column,
                "{} is a former municipality, {}; its figure is not mapped{}",
                [said],
                [item.describe()],
                [hint],
            )
    return position, folded
