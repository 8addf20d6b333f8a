"""Dispersal: how evenly reception places follow the population, NL vs BE."""

from __future__ import annotations

import streamlit as st

from analysis.locations import STATUS_OPTIONS
from ui import cache
from ui import dispersal_view as view
from ui.i18n import current_language, t
from ui.state import current_data, url_default, write_url

lang = current_language()
data = current_data()

st.title(t("dispersal.title"))
st.markdown(t("dispersal.intro"))

url_default("disp_status", "all", STATUS_OPTIONS)
st.selectbox(
    t("dispersal.filter_status"),
    STATUS_OPTIONS,
    format_func=lambda s: t(f"dispersal.filter_status.{s}"),
    key="disp_status",
)
write_url(["disp_status"])
status = st.session_state["disp_status"]

bundle = view.filtered(data, status)
view.show_status_note(data, bundle, status=status, lang=lang)

if bundle.locations.empty:
    st.info(t("dispersal.no_locations"))
else:
    summary = cache.country_dispersal(bundle)
    view.show_headline(bundle, summary, lang)
    view.show_hosting(bundle, summary, lang)
    view.show_lorenz(bundle, lang)
    view.show_provinces(bundle, view.province_table(bundle), summary, lang)
    view.show_scenario(bundle, view.scenario_table(bundle), summary, lang)
view.show_spreidingswet(bundle, view.spreidingswet_table(bundle), lang)
