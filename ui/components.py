"""Small Streamlit building blocks: figure header, source line, legends, KPIs."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from ui.i18n import t
from ui.maps import escape_text


def figure_title(title: str, subtitle: str | None = None) -> None:
    """Title (and optional subtitle) above a chart or map."""
    st.markdown(f"#### {title}")
    if subtitle:
        st.caption(subtitle)


def source_line(sources: str, date: str) -> None:
    """The source and data date printed under every figure."""
    st.caption(t("common.source_line", sources=sources, date=date))


def class_legend(title: str, entries: Sequence[tuple[str, str]], *, shape: str = "square") -> None:
    """A legend of (colour, label) pairs, drawn in HTML.

    Labels can come from uploads (indicator names), so every value is escaped,
    and ``st.html`` (sanitised, no Markdown) is used rather than Markdown with
    ``unsafe_allow_html``, where a blank line in a label would end the HTML
    block and let the rest be read as Markdown (images, links).
    """
    radius = "50%" if shape == "circle" else "2px"
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:14px;white-space:nowrap">'
        f'<span style="width:14px;height:14px;background:{escape_text(color)};border:1px solid #777;'
        f'border-radius:{radius};display:inline-block;margin-right:5px"></span>{escape_text(label)}</span>'
        for color, label in entries
    )
    st.html(
        f'<div class="legend" role="list" aria-label="{escape_text(title)}" '
        f'style="font-size:0.9rem;line-height:1.8">'
        f"<strong>{escape_text(title)}</strong><br>{items}</div>"
    )


# Close to st.table's look: a thin rule under each row, the header in the caption grey.
TABLE_CSS = (
    "<style>.static-table{border-collapse:collapse;width:100%;font-size:0.875rem;margin:0.25rem 0 1rem}"
    ".static-table th,.static-table td{border-bottom:1px solid rgba(49,51,63,0.12);padding:0.3rem 0.5rem;"
    "text-align:left;vertical-align:top;overflow-wrap:break-word}"
    # Long addresses may break anywhere; words and dates ("2023-06") never do.
    ".static-table a{overflow-wrap:anywhere}"
    ".static-table thead th{color:rgba(49,51,63,0.65);font-weight:600}"
    ".static-table tbody th{font-weight:400}.static-table td.number{text-align:right}"
    ".static-table td.short{white-space:nowrap}</style>"
)
# A web address in a cell, without a trailing ";", ",", "." or ")" of the sentence around it.
_URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:)]")


def _cell(value: object) -> str:
    """One escaped cell; every web address in it becomes a link ("a; b" gives two)."""
    if not escape_text(value):  # missing (None, NaN, NA) or empty
        return ""
    raw, parts, position = str(value), [], 0
    for match in _URL.finditer(raw):
        address = escape_text(match.group(0))
        parts.append(escape_text(raw[position : match.start()]))
        parts.append(f'<a href="{address}" target="_blank" rel="noopener noreferrer">{address}</a>')
        position = match.end()
    parts.append(escape_text(raw[position:]))
    return "".join(parts)


def _cell_class(value: object, numeric: bool) -> str:
    """'number' (right-aligned) for numeric columns; 'short' (kept on one line:
    "over 87,800", "2023-06") for values of up to 16 characters."""
    classes = ["number"] if numeric else []
    if len(str(value)) <= 16:
        classes.append("short")
    return " ".join(classes)


def static_table(frame: pd.DataFrame) -> None:
    """Draw :func:`table_html` of ``frame`` (``st.html``: sanitised again in the browser)."""
    st.html(table_html(frame))


def table_html(frame: pd.DataFrame) -> str:
    """A small table as plain HTML: the index as row headers (its name in the corner).

    In place of ``st.table``, which makes the browser load Streamlit's Arrow
    table code (about 1 MB of scripts) and the server serialise Arrow: on the
    compare page, both maps were drawn about 0.4 s sooner with HTML tables
    (2.8 s against 3.2 s warm, one run of three loads). Every value is escaped
    (uploads fill some tables) and goes through ``st.html`` (sanitised);
    numeric columns are right-aligned, as ``st.table`` does.
    """
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    corner = escape_text(frame.index.name or "")
    head = f'<th scope="col">{corner}</th>' + "".join(
        f'<th scope="col">{escape_text(c)}</th>' for c in frame.columns
    )
    body = "".join(
        f'<tr><th scope="row">{_cell(index)}</th>'
        + "".join(
            f'<td class="{_cell_class(v, num)}">{_cell(v)}</td>' for v, num in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for index, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True)
    )
    return (
        f'{TABLE_CSS}<table class="static-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def kpi_row(items: Sequence[tuple[str, ...]]) -> None:
    """A row of metrics: (label, value, help) or (label, value, help, note).

    The note ("of which 46 not confirmed for 2023") is shown under the value
    as a neutral delta: no arrow, no colour (it is not a change).
    """
    columns = st.columns(len(items))
    for column, (label, value, help_text, *note) in zip(columns, items, strict=True):
        column.metric(
            label,
            value,
            delta=note[0] if note and note[0] else None,
            delta_color="off",
            delta_arrow="off",
            help=help_text,
            border=True,
        )


def show_error(message: str) -> None:
    """A readable error box (never a traceback)."""
    st.error(message, icon=":material/error:")


def table_height(rows: int, *, max_rows: int = 8) -> int:
    """Pixel height of an st.dataframe showing up to ``max_rows`` rows without blank filler."""
    return 35 * (min(max(rows, 1), max_rows) + 1) + 3
