"""The "Download image" menu under each figure: PNG (2x), SVG and the data as CSV.

The figure is described by a callable so nothing is built before a click:
``st.download_button`` accepts a callable as deferred data, run only when
the user clicks (drawing a two-map PNG costs about 1.5 s of matplotlib, and
importing matplotlib 0.6 s of a fresh start). In presentation mode the menu
is not drawn.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.export.figure import PNG_WIDTH_PX, Figure
from ui.export.pages import Caption
from ui.i18n import format_number, t
from ui.presentation import presenting
from ui.quotable import reference_text
from ui.state import current_reference

FigureFactory = Callable[[], Figure]


def _png(build: FigureFactory) -> bytes:
    from ui.export import render

    return render.to_png(build())


def _svg(build: FigureFactory) -> bytes:
    from ui.export import render

    return render.to_svg(build())


def _csv(build: FigureFactory) -> bytes:
    from ui.export.data import figure_csv

    return figure_csv(build())


# (format, MIME type, icon, drawer): the three downloads of every figure.
_FORMATS = (
    ("png", "image/png", ":material/image:", _png),
    ("svg", "image/svg+xml", ":material/draw:", _svg),
    ("csv", "text/csv", ":material/table:", _csv),
)


def download_menu(key: str, build: FigureFactory, file_stem: str, *, lang: str) -> None:
    """A popover with the three downloads of one figure (keys ``export_<key>_png`` ...)."""
    if presenting():
        return
    width = format_number(PNG_WIDTH_PX, lang)
    with st.popover(t("export.menu", lang), icon=":material/download:", help=t("export.menu_help", lang)):
        for fmt, mime, icon, draw in _FORMATS:
            st.download_button(
                t(f"export.{fmt}", lang, width=width),
                data=lambda draw=draw: draw(build),
                file_name=f"{file_stem}.{fmt}",
                mime=mime,
                on_click="ignore",
                key=f"export_{key}_{fmt}",
                icon=icon,
            )


def reference_in_use(lang: str) -> str:
    """The reference date the page counts with (the sidebar's control), as the image's subtitle names it."""
    reference, confirmed = current_reference()
    return reference_text(reference, confirmed, lang)


def caption(title: str, subtitle: str, source: str, date: str, lang: str) -> Caption:
    """What the page prints around a figure, with the reference date in use."""
    return Caption(title, subtitle, source, date, lang, reference=reference_in_use(lang))
