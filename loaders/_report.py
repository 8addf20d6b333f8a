"""The validation report and the steps every validator shares (cells by key, reading issues)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders._headers import (
    Problems,
    clean_arrow,
    objects,
    quote,
)
from loaders._match import (
    country_hints,
)
from loaders.io import RawTable

INDICATOR_UPLOAD_COLUMNS = [
    "country",
    "municipality_code",
    "indicator",
    "value",
    "unit",
    "reference_date",
    "source",
    "method",
]
TEXT = "string"  # the dtype of text columns in loaders.geodata's frames


@dataclass(eq=False)
class ValidationReport:
    """What validation made of an uploaded table.

    Attributes
    ----------
    rows_read : int
        Records read: data rows (locations, long indicators) or non-empty
        indicator cells (wide indicators: one record per municipality and
        indicator column).
    accepted : DataFrame
        Canonical schema: ``LOCATION_COLUMNS`` (lat/lon WGS84 float64,
        capacity Int64, text as ``string``) or ``INDICATOR_UPLOAD_COLUMNS``
        (value float64).
    rejected : DataFrame
        ``line``, ``column``, ``reason``, then the record's original cells; a
        record with several problems has several rows.
    warnings : DataFrame
        ``line`` (Int64, empty for remarks about the whole file), ``column``, ``message``.
    encoding, delimiter : str or None
        Detected text encoding and delimiter (None for XLSX and geo files).
    crs : str or None
        Coordinate system of most located rows (``"EPSG:4326"``,
        ``"EPSG:28992"``, ``"EPSG:31370"``, ``"EPSG:3812"``); None without coordinates.
    kind : str
        File kind: ``csv``, ``xlsx``, ``geojson`` or ``gpkg``.
    dataset : str
        ``locations`` or ``indicators``.
    filename : str
    layout : str or None
        ``long`` or ``wide`` for indicators.
    columns : dict
        Canonical column -> the file's column it was read from.
    rejected_rows : int
        Distinct rejected records.
    aggregates : int
        Records of aggregate rows (country, region, province, arrondissement,
        unknown, postal vote): counted apart, never matched.
        ``accepted_records + rejected_rows + aggregates + not_selected == rows_read``.
    aggregate_names : list of str
        Their names or codes as the file writes them, in file order, once each.
    missing : int
        Cells holding a missing-value marker (``<5``, ``.``, ``x``, ``-``, ``?``);
        no figure, never zero, not a record.
    not_selected : int
        Records of another period or category than the one chosen.
    folded : int
        Accepted records of former municipalities summed into their
        successor's figure (``accepted`` holds one row for them).
    periods, categories : list of str
        Distinct reference dates and categories of the records read.
    unit : str
        What ``line`` counts: ``line`` (CSV), ``row`` (XLSX) or ``feature``.
    """

    rows_read: int
    accepted: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    crs: str | None
    kind: str
    dataset: str = "locations"
    filename: str = ""
    layout: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    rejected_rows: int = 0
    unit: str = "line"
    aggregates: int = 0
    aggregate_names: list[str] = field(default_factory=list)
    missing: int = 0
    not_selected: int = 0
    folded: int = 0
    periods: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    @property
    def accepted_rows(self) -> int:
        return len(self.accepted)

    @property
    def accepted_records(self) -> int:
        """Records accepted, those summed into another accepted row included."""
        return len(self.accepted) + self.folded

    @property
    def municipalities(self) -> int:
        """Distinct municipalities with at least one accepted row."""
        if "municipality_code" not in self.accepted.columns:
            return 0
        return int(self.accepted["municipality_code"].nunique())

    def to_dict(self) -> dict:
        """JSON-ready: counts, detection, every rejection and warning."""

        def line(value: object) -> int | None:
            return None if pd.isna(value) else int(value)

        return {
            "file": self.filename,
            "dataset": self.dataset,
            "kind": self.kind,
            "layout": self.layout,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "crs": self.crs,
            "counts": {
                "rows_read": self.rows_read,
                "accepted": self.accepted_records,
                "rejected": self.rejected_rows,
                "aggregates": self.aggregates,
                "municipalities": self.municipalities,
                "missing": self.missing,
                "not_selected": self.not_selected,
            },
            "aggregate_names": list(self.aggregate_names),
            "periods": list(self.periods),
            "categories": list(self.categories),
            "columns": dict(self.columns),
            "rejected": [
                {"line": line(r.line), "column": str(r.column), "reason": str(r.reason)}
                for r in self.rejected[["line", "column", "reason"]].itertuples(index=False)
            ],
            "warnings": [
                {"line": line(w.line), "column": str(w.column), "message": str(w.message)}
                for w in self.warnings[["line", "column", "message"]].itertuples(index=False)
            ],
        }

    def summary(self) -> str:
        """One line: ``12 rows read: 10 accepted, 2 rejected, 3 warnings``."""
        noun = "values" if self.layout == "wide" else "rows"
        extra = f", {self.aggregates:,} aggregates" if self.aggregates else ""
        if self.not_selected:
            extra += f", {self.not_selected:,} not selected"
        return (
            f"{self.rows_read:,} {noun} read: {self.accepted_records:,} accepted, "
            f"{self.rejected_rows:,} rejected{extra}, {len(self.warnings):,} warnings"
        )


# --- shared steps -------------------------------------------------------------------------


class Cells:
    """The table's columns by canonical key, cleaned once: as pyarrow arrays (``arrow``),
    or as numpy arrays of str (``cells[key]``) where values are looked at one by one."""

    def __init__(self, table: RawTable, mapping: dict[str, str]):
        self.table = table
        self.mapping = mapping
        self.n = len(table)
        self._arrow: dict[str, pa.Array] = {}
        self._numpy: dict[str, np.ndarray] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.mapping

    def arrow(self, key: str) -> pa.Array:
        if key not in self._arrow:
            if key in self.mapping:
                column = self.table.data[self.mapping[key]]
                self._arrow[key] = clean_arrow(column, controls=self.table.controls)
            else:
                self._arrow[key] = pa.repeat("", self.n)
        return self._arrow[key]

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._numpy:
            self._numpy[key] = (
                objects(self.arrow(key)) if key in self.mapping else np.full(self.n, "", dtype=object)
            )
        return self._numpy[key]

    def filled(self, key: str) -> np.ndarray:
        """Mask of non-empty cells."""
        if key not in self.mapping:
            return np.zeros(self.n, dtype=bool)
        return np.asarray(pc.not_equal(self.arrow(key), "").to_numpy(zero_copy_only=False), dtype=bool)

    def name(self, key: str) -> str:
        """The file's column name for a key (the key itself when absent)."""
        return self.mapping.get(key, key)


def reading_issues(
    table: RawTable, problems: Problems, notes: list[str], row_of: np.ndarray | None = None
) -> None:
    """File notes and row problems found while reading, for every record of the row."""
    for note in (*table.notes, *notes):
        problems.warn_file(note)
    if not len(table.issues):
        return
    row_of = np.arange(len(table)) if row_of is None else row_of
    row_of_line = {int(line): row for row, line in enumerate(table.lines.tolist())}
    for issue in table.issues.itertuples(index=False):
        row = row_of_line.get(int(issue.line))
        if row is None:
            continue
        records = row_of == row
        report = problems.error if issue.severity == "error" else problems.warn
        report(records, str(issue.column), "{}", [str(issue.message)] * int(records.sum()))


def countries_of(cells: Cells, problems: Problems, row_of: np.ndarray | None = None) -> np.ndarray:
    hints, unknown = country_hints(cells["country"])
    if row_of is not None:
        hints, unknown, values = hints[row_of], unknown[row_of], cells["country"][row_of]
    else:
        values = cells["country"]
    problems.warn(
        unknown,
        cells.name("country"),
        "{} is not a country this dashboard covers (NL or BE); the country was taken from the municipality",
        quote(values[unknown]),
    )
    return hints


def accepted_frame(
    columns: dict[str, np.ndarray | pa.Array], keep: np.ndarray, dtypes: dict[str, str]
) -> pd.DataFrame:
    """The kept rows, text columns as ``string`` like loaders.geodata's frames."""
    keep_arrow = pa.array(keep)

    def column(name: str, values: np.ndarray | pa.Array):
        dtype = dtypes.get(name, TEXT)
        if isinstance(values, pa.Array):
            return pd.array(values.filter(keep_arrow), dtype=dtype)
        return pd.array(np.asarray(values)[keep], dtype=dtype)

    return pd.DataFrame({name: column(name, values) for name, values in columns.items()})


def build_report(  # noqa: PLR0913 - the parts of one report, handed on by both validators
    table, problems, accepted, rows_read, crs, dataset, layout, mapping, cells, **counts
) -> ValidationReport:
    rejected = problems.rejected_frame(cells)
    records = np.unique(np.concatenate([e[0] for e in problems.errors])) if problems.errors else []
    return ValidationReport(
        rows_read=rows_read,
        accepted=accepted,
        rejected=rejected,
        warnings=problems.warnings_frame(),
        encoding=table.encoding,
        delimiter=table.delimiter,
        crs=crs,
        kind=table.kind,
        dataset=dataset,
        filename=table.filename,
        layout=layout,
        columns={k: v for k, v in mapping.items() if not k.startswith("_")},
        rejected_rows=len(records),
        unit=table.unit,
        **counts,
    )
