"""Sources and method: every dataset with publisher, licence, date, coverage; the method text."""

from __future__ import annotations

import streamlit as st

from ui import sources_view
from ui.i18n import current_language, t
from ui.state import current_data

lang = current_language()
data = current_data()

st.title(t("sources.title"))
st.markdown(t("sources.intro"))
st.subheader(t("sources.coverage_title"), anchor=False)
sources_view.coverage(data, lang)
st.subheader(t("sources.datasets_title"), anchor=False)
sources_view.datasets(lang)
st.subheader(t("sources.method_title"), anchor=False)
st.caption(t("sources.english_only"))
sources_view.method_text()
