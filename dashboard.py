"""Entry point: ``streamlit run dashboard.py``.

The router (``st.navigation`` over the pages) and the controls every page
shares: language, the reference date (which locations every figure counts,
kept in the URL as ``?ref=...&confirmed=1``) and the dataset in use. Pages never set page config and
never repeat these widgets (a widget defined on two pages resets when the
user switches pages).
"""

from __future__ import annotations

import logging

import streamlit as st

from ui.assets import ensure_leaflet_static
from ui.i18n import LANGUAGES, format_number, t
from ui.presentation import PRESENT, apply_presentation, copy_link, exit_button, presenting
from ui.quotable import reference_caption, reference_control
from ui.state import USE_UPLOAD, current_data, url_default

LOG = logging.getLogger("dashboard")

st.set_page_config(
    page_title="Asylum reception NL-BE",
    layout="wide",
    initial_sidebar_state="expanded",
)

ensure_leaflet_static()

url_default("lang", "en", list(LANGUAGES))
url_default(PRESENT, "0", ["0", "1"])

PAGES = [
    st.Page("app_pages/compare.py", title=t("nav.compare"), url_path="compare", default=True),
    st.Page("app_pages/explorer.py", title=t("nav.explorer"), url_path="explorer"),
    st.Page("app_pages/remoteness.py", title=t("nav.remoteness"), url_path="remoteness"),
    st.Page("app_pages/dispersal.py", title=t("nav.dispersal"), url_path="dispersal"),
    st.Page("app_pages/volunteers.py", title=t("nav.volunteers"), url_path="volunteers"),
    st.Page("app_pages/upload.py", title=t("nav.upload"), url_path="upload"),
    st.Page("app_pages/sources.py", title=t("nav.sources"), url_path="sources"),
]
# The pages live in app_pages/, not pages/: Streamlit treats a pages/ folder
# beside the entry script as a v1 multipage app until st.navigation has run
# once in the process, so the first permalink opened after a restart would
# either skip this router or show "Page not found".
navigation = st.navigation(PAGES)

with st.sidebar:
    st.selectbox(
        t("sidebar.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
    )
    # Before current_data(): the bundle's locations follow this choice on every page.
    reference_control(st.session_state["lang"])
    data = current_data()
    reference_caption(data, st.session_state["lang"])
    st.markdown(f"**{t('sidebar.dataset')}**")
    if data.uploaded:
        st.info(
            t("sidebar.dataset_uploaded", locations=data.locations_label, indicators=data.indicators_label)
        )
        if st.button(t("sidebar.back_to_shipped"), key="back_to_shipped"):
            st.session_state[USE_UPLOAD] = False
            st.rerun()
    else:
        st.caption(
            t("sidebar.dataset_shipped", n=format_number(len(data.all_locations), st.session_state["lang"]))
        )
    st.toggle(t("export.present"), key="present_toggle", value=presenting(), help=t("export.present_help"))
    # Filled after the page has run: the page writes its own controls into the URL.
    link_slot = st.empty()
st.session_state[PRESENT] = "1" if st.session_state["present_toggle"] else "0"

if st.session_state["lang"] != "en" or "lang" in st.query_params:
    st.query_params["lang"] = st.session_state["lang"]
if presenting():
    st.query_params[PRESENT] = "1"
    apply_presentation()
elif PRESENT in st.query_params:
    del st.query_params[PRESENT]

try:
    navigation.run()
except Exception as exc:  # the page shows a message, never a traceback
    LOG.exception("page %s failed", navigation.url_path)
    st.error(t("error.page_failed", error=type(exc).__name__))

if presenting():
    exit_button()
else:
    with link_slot.container():
        copy_link(st.session_state["lang"])
