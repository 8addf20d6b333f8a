"""Remoteness: distances of reception locations to stations and towns, NL vs BE."""

from __future__ import annotations

import streamlit as st

from analysis.locations import COUNTRY_OPTIONS
from analysis.remoteness import REMOTENESS_MEASURES
from ui import remoteness_view as view
from ui.charts import country_label
from ui.i18n import current_language, t
from ui.presentation import presenting
from ui.quotable import reference_note
from ui.state import current_data, url_default, write_url

lang = current_language()
data = current_data()

st.title(t("remoteness.title"))
if not presenting():  # presentation mode: only the figures and their captions
    st.markdown(t("remoteness.intro"))

url_default("remote_country", "all", COUNTRY_OPTIONS)
url_default("remote_measure", REMOTENESS_MEASURES[0], REMOTENESS_MEASURES)

controls = st.columns([2, 3])
# The sidebar's reference date replaces the old status filter (an old link's
# ?remote_status=... is ignored): data.locations already follows it.
controls[0].radio(
    t("remoteness.filter_country"),
    COUNTRY_OPTIONS,
    format_func=lambda c: t("remoteness.filter_country.all") if c == "all" else country_label(c, lang),
    horizontal=True,
    key="remote_country",
)
write_url(["remote_country", "remote_measure"])
country = st.session_state["remote_country"]
status = "all"

table = view.location_table(data, status=status, country=country)
reference_note(data, lang)

countries = view.countries_present(table)
if not countries:
    st.info(t("remoteness.no_locations"))
else:
    for missing in view.missing_countries(countries, country):
        st.info(t("remoteness.no_country", country=country_label(missing, lang)))
    stats = view.summary(data, status=status, country=country)

    view.show_medians(data, stats, countries, lang)
    view.show_class_shares(data, stats, countries, lang)

    st.selectbox(
        t("remoteness.dist_measure"),
        REMOTENESS_MEASURES,
        format_func=lambda m: t(f"remoteness.measure.{m}"),
        key="remote_measure",
    )
    view.show_distributions(data, table, st.session_state["remote_measure"], countries, lang)
    view.show_remoteness_map(data, table, status=status, country=country, lang=lang)
    view.show_most_remote(data, table, lang)
    if not presenting():
        view.show_table(data, table, lang, file_suffix=f"{country}-{status}".lower())
