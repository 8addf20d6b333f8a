"""Small Streamlit building blocks: figure header, source line, legends, KPIs."""

from __future__ import annotations

from collections.abc import Sequence

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
