"""The data behind a figure as CSV: a header comment, then the rows.

The header (title, subtitle, method, source, data date, product) is written
as lines starting with ``#``, so ``pandas.read_csv(comment="#")``, R's
``comment.char`` and the like skip them. A spreadsheet splits such a line at
its commas (Dutch, German and French ones at its semicolons): every piece
that would start like a formula gets a leading ``'`` and double quotes
become typographic ones, so no piece is ever run as a formula (titles can
hold uploaded indicator names). The rows go through the project's safe-CSV
writer (``loaders.export.to_safe_csv``: cells that a spreadsheet would run
as a formula get a leading ``'``). Values stay machine-readable (raw numbers,
``.`` decimals); the header's numbers are formatted for the figure's language.
"""

from __future__ import annotations

import re

from loaders.export import to_safe_csv
from ui.export.figure import Figure

BOM = "\ufeff"
_FORMULA_START = re.compile(r"^[\t\r]|^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def comment_line(text: str) -> str:
    """One ``#`` header line, safe when a spreadsheet splits it at its commas or semicolons.

    (Dutch, German and French spreadsheets split CSV at ``;``.)
    """
    text = text.replace("\r", " ").replace("\n", " ").replace('"', "\u201d")
    parts = re.split(r"([,;])", text)  # pieces at even positions, separators at odd ones
    return "".join(
        "'" + part if i > 0 and i % 2 == 0 and _FORMULA_START.match(part) else part
        for i, part in enumerate(parts)
    )


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
    return [comment_line(line) for line in lines if line]


def figure_csv(figure: Figure) -> bytes:
    """UTF-8 CSV (with BOM, CRLF) of ``figure.data`` under a ``#`` header comment."""
    header = "".join(f"{line}\r\n" for line in header_lines(figure))
    body = to_safe_csv(figure.data).decode("utf-8-sig")
    return (BOM + header + body).encode("utf-8")
