"""Dispersal: how evenly reception places follow the population, NL vs BE."""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui import dispersal_view as view
from ui.i18n import current_language, t
from ui.presentation import presenting
from ui.quotable import loi_section, maps_note, reference_note
from ui.state import current_data

lang = current_language()
data = current_data()

st.title(t("dispersal.title"))
if not presenting():  # presentation mode: only the figures and their captions
    st.markdown(t("dispersal.intro"))

# The sidebar's reference date replaces the old status filter (an old link's
# ?disp_status=... is ignored): data.locations already follows it.
bundle = data
reference_note(data, lang)
maps_note(lang)

if bundle.locations.empty:
    st.info(t("dispersal.no_locations"))
else:
    summary = cache.country_dispersal(bundle)
    view.show_headline(bundle, summary, lang)
    loi_section(bundle, summary, cache.municipality_places(bundle), lang)
    view.show_hosting(bundle, summary, lang)
    view.show_lorenz(bundle, lang)
    view.show_provinces(bundle, view.province_table(bundle), summary, lang)
    view.show_scenario(bundle, view.scenario_table(bundle), summary, lang)
view.show_spreidingswet(bundle, view.spreidingswet_table(bundle), lang)
