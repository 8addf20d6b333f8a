"""Volunteers and guidance: national figures and a per-municipality overlay."""

from __future__ import annotations

import streamlit as st

from ui import volunteers_view
from ui.i18n import current_language, t
from ui.state import current_data

lang = current_language()
data = current_data()

st.title(t("volunteers.title"))
st.markdown(t("volunteers.intro"))
volunteers_view.national_figures(data, lang)
st.divider()
volunteers_view.overlay(data, lang)
