"""The data behind a figure as CSV: a header comment, then the rows.

The header (title, subtitle, method, source, data date, product) is written
as one-cell rows starting with ``#``: a spreadsheet shows them as text in
column A, and a cell that starts with ``#`` is never run as a formula. The
rows go through the project's safe-CSV writer (``loaders.export.to_safe_csv``:
cells that a spreadsheet would run as a formula get a leading ``'``). Values
stay machine-readable (raw numbers, ``.`` decimals); the header's numbers are
formatted for the figure's language.
"""

from __future__ import annotations

import csv
import io

from loaders.export import to_safe_csv
from ui.export.figure import Figure

BOM = "\ufeff"


def header_lines(figure: Figure) -> list[str]:
    """The comment lines written above the data."""
    labels = figure.labels
    lines = [
        f"# {figure.title}",
        f"# {figure.subtitle}" if figure.subtitle else "",
        *(f"# {note}" for note in figure.notes),
        f"# {figure.method}" if figure.method else "",
        f"# {figure.footer()}",
        f"# {labels.get('csv_note', '')}" if labels.get("csv_note") else "",
    ]
    return [line.replace("\r", " ").replace("\n", " ") for line in lines if line]


def figure_csv(figure: Figure) -> bytes:
    """UTF-8 CSV (with BOM, CRLF) of ``figure.data`` under a ``#`` header comment."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in header_lines(figure):
        writer.writerow([line])
    body = to_safe_csv(figure.data).decode("utf-8-sig")
    return (BOM + buffer.getvalue() + body).encode("utf-8")
