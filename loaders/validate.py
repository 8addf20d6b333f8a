"""Validate an uploaded locations or indicators file from the command line.

    python -m loaders.validate PATH --kind locations|indicators [--json] [--out PATH]
        [--period P] [--category C] [--counts NAME ...]

Prints the validation report (JSON with ``--json``: counts, every rejected
row with its line and reason, warnings, detected encoding, delimiter and
CRS); the counts are ``rows_read = accepted + rejected + aggregates
(+ not_selected when --period or --category chose)``, and ``municipalities``
is the number of distinct municipalities with an accepted value. ``--out``
writes the accepted rows in the canonical schema: CSV, or GeoJSON for
locations when the path ends in ``.geojson``/``.json``.
Exit status: 0 when at least one row was accepted, 1 when none was,
2 when the file cannot be read at all (missing, empty, not a table, too many
rows).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import DataValidationError
from core.settings import MAX_UPLOAD_ROWS
from loaders.upload import (
    ValidationReport,
    read_table,
    to_geojson,
    to_safe_csv,
    validate_indicators,
    validate_locations,
)

EXIT_ACCEPTED = 0
EXIT_NONE_ACCEPTED = 1
EXIT_UNREADABLE = 2
HUMAN_LIMIT = 200  # rejected rows and warnings printed in text mode (--json prints all)


def _describe(report: ValidationReport) -> str:
    parts = [report.kind]
    if report.encoding:
        parts.append(f"encoding {report.encoding}")
    if report.delimiter:
        parts.append("delimiter " + {"\t": "tab", " ": "space"}.get(report.delimiter, repr(report.delimiter)))
    if report.layout:
        parts.append(f"{report.layout} table")
    parts.append(f"coordinates {report.crs}" if report.crs else "no coordinates")
    return ", ".join(parts)


def format_text(report: ValidationReport, *, limit: int = HUMAN_LIMIT) -> str:
    """The report as plain text for a terminal."""
    lines = [f"{report.filename}: {_describe(report)}", report.summary()]
    if report.aggregate_names:
        lines.append(f"aggregates skipped: {', '.join(report.aggregate_names[:20])}")
    if len(report.periods) > 1:
        lines.append(f"periods: {', '.join(report.periods)} (choose one with --period)")
    if report.categories:
        lines.append(f"categories: {', '.join(report.categories[:20])} (choose one with --category)")
    if report.columns:
        read = ", ".join(f"{canonical} <- '{original}'" for canonical, original in report.columns.items())
        lines.append(f"columns read: {read}")
    for title, frame, column in (
        ("rejected", report.rejected, "reason"),
        ("warnings", report.warnings, "message"),
    ):
        if len(frame) == 0:
            continue
        lines.append(f"{title}:")
        lines.extend(f"  {text}" for text in frame[column].head(limit))
        if len(frame) > limit:
            lines.append(f"  ... and {len(frame) - limit:,} more (use --json to see all)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m loaders.validate",
        description="Validate a locations or municipal indicators file (CSV, XLSX, GeoJSON, GeoPackage).",
    )
    parser.add_argument("path", type=Path, help="the file to check")
    parser.add_argument(
        "--kind", required=True, choices=("locations", "indicators"), help="what the file holds"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--max-rows", type=int, default=MAX_UPLOAD_ROWS, help="refuse files with more data rows"
    )
    parser.add_argument("--out", type=Path, help="write the accepted rows (CSV, or GeoJSON for locations)")
    parser.add_argument("--period", help="indicators: keep one period (2023, 2023KW02, 2023-Q2)")
    parser.add_argument("--category", help="indicators: keep one category (party, age group, ...)")
    parser.add_argument(
        "--counts",
        nargs="*",
        default=(),
        metavar="INDICATOR",
        help="indicators that are additive counts ('*' for all): former municipalities are summed "
        "into their successor",
    )
    args = parser.parse_args(argv)

    try:
        data = args.path.read_bytes()
        table = read_table(data, args.path.name, max_rows=args.max_rows)
    except (OSError, DataValidationError) as exc:
        message = (
            str(exc)
            if isinstance(exc, DataValidationError)
            else f"{args.path}: cannot be opened ({exc.strerror or exc})"
        )
        if args.json:
            print(
                json.dumps(
                    {"file": str(args.path), "readable": False, "error": message},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            print(f"cannot read {message}", file=sys.stderr)
        return EXIT_UNREADABLE

    from loaders.geodata import load_municipalities  # only after the file proved readable

    municipalities = load_municipalities()
    if args.kind == "locations":
        report = validate_locations(table, municipalities)
    else:
        report = validate_indicators(
            table, municipalities, period=args.period, category=args.category, counts=tuple(args.counts)
        )
    if args.out is not None:
        geo = args.kind == "locations" and args.out.suffix.lower() in (".geojson", ".json")
        args.out.write_bytes(to_geojson(report.accepted) if geo else to_safe_csv(report.accepted))
    if args.json:
        print(json.dumps({"readable": True, **report.to_dict()}, ensure_ascii=False, indent=2))
    else:
        print(format_text(report))
    return EXIT_ACCEPTED if report.accepted_rows > 0 else EXIT_NONE_ACCEPTED


if __name__ == "__main__":
    sys.exit(main())
