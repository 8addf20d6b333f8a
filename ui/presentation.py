"""Presentation mode and the "Copy link" box.

Presentation mode (``?present=1``, toggled in the sidebar) hides the
sidebar, the header and every control, enlarges the type and leaves only the
comparison and its caption, so that a browser screenshot is ready to
publish. Pages ask :func:`presenting` and skip what is not the comparison.
Streamlit's own ``?embed=true`` (for iframes) works as well: it hides the
sidebar and the toolbar, and combines with ``present=1``.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui.i18n import t

PRESENT = "present"
EXIT_KEY = "exit_present"

# Only <style> content: st.html sends it to the page's event container, so it
# takes no room in the layout (no unsafe_allow_html needed). Widgets are
# hidden rather than not drawn, so their state (and the URL) survives.
PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.stMain .block-container { padding-top: 1.5rem; max-width: 1500px; }
.stMain { font-size: 1.2rem; }
.stMain h1 { font-size: 2.6rem; }
.stMain h4 { font-size: 1.7rem; }
.stMain [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
.stMain .legend { font-size: 1.1rem !important; }
.stMain [data-testid="stSelectbox"], .stMain [data-testid="stRadio"],
.stMain [data-testid="stCheckbox"], .stMain [data-testid="stMultiSelect"],
.stMain [data-testid="stSlider"], .stMain [data-testid="stPopover"],
.stMain [data-testid="stDownloadButton"], .stMain [data-testid="stButton"]:not(.st-key-exit_present *),
.stMain [data-testid="stTextInput"], .stMain [data-testid="stFileUploader"] { display: none !important; }
</style>
"""


def presenting() -> bool:
    """True in presentation mode (the sidebar toggle, or ``?present=1``)."""
    return st.session_state.get(PRESENT) == "1"


def apply_presentation() -> None:
    """Hide the chrome and the controls, enlarge the type (call once per run, when presenting)."""
    st.html(PRESENTATION_CSS)


def exit_button() -> None:
    """A small button at the foot of the page to leave presentation mode."""

    def leave() -> None:
        st.session_state[PRESENT] = "0"
        # Dropped, not set: the sidebar toggle is re-created from PRESENT with its value.
        st.session_state.pop(f"{PRESENT}_toggle", None)

    st.button(t("export.exit_present"), key=EXIT_KEY, type="tertiary", on_click=leave)


def current_link() -> str:
    """The address that reopens this view: the page's URL and every query parameter kept in it.

    ``st.context.url`` is the page URL without the query (None outside a
    browser session, e.g. under AppTest: then a relative link is returned).
    """
    base = st.context.url or ""
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return f"{base}?{query}" if query else (base or "?")


def copy_link(lang: str) -> None:
    """A "Copy link" button opening the current link in a code box, whose built-in button copies it.

    Works offline and by keyboard. In a popover because the browser mounts a
    code box's syntax highlighter (a 1.56 MB script) only when the box is
    shown: in the sidebar of every page it put the compare page's maps 0.5 s
    later on a first visit (iframes in the page at 3.30 s, 2.74 s in a popover).
    """
    with st.popover(t("export.copy_link", lang)):
        st.code(current_link(), language=None, wrap_lines=True)
        st.caption(t("export.copy_link_help", lang))
