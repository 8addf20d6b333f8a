"""Compare: the two countries side by side on one colour scale and one legend."""

from __future__ import annotations

import streamlit as st

from analysis.municipalities import BASE_MEASURES, municipal_indicator_options
from ui import cache, compare_view, quotable
from ui.components import class_legend, figure_title, source_line
from ui.export.builders import compare_figure
from ui.export.menu import download_menu, reference_in_use
from ui.i18n import current_language, t
from ui.layers import class_legend_entries, type_legend_entries
from ui.presentation import presenting
from ui.state import current_data, url_default, write_url

lang = current_language()
data = current_data()

st.title(t("compare.title"))
if not presenting():  # presentation mode: only the comparison and its caption
    st.markdown(t("compare.intro"))
    quotable.maps_note(lang)

indicator_names = municipal_indicator_options(data.indicators)
options = [*BASE_MEASURES, *indicator_names]
url_default("measure", "places_per_1000", options)
url_default("tiles", "0", ["0", "1"])

controls = st.columns([3, 1])
controls[0].selectbox(
    t("compare.measure"),
    options,
    format_func=lambda k: compare_view.measure_label(k, lang),
    key="measure",
)
controls[1].toggle(
    t("map.tiles"),
    key="tiles_toggle",
    value=st.session_state["tiles"] == "1",
    help=t("map.tiles_help"),
)
st.session_state["tiles"] = "1" if st.session_state["tiles_toggle"] else "0"
measure = st.session_state["measure"]
# An indicator map shows one stated period, chosen from those present (?period=...).
period = (
    quotable.period_choice(data.indicators, measure, "period", lang) if measure in indicator_names else None
)
write_url(["measure", "tiles", "period"] if period else ["measure", "tiles"])
if period is None and "period" in st.query_params:
    del st.query_params["period"]

if not presenting():
    summary = compare_view.headline(data)
    kpi_columns = st.columns(2, gap="large")
    for column, country in zip(kpi_columns, ("NL", "BE"), strict=True):
        with column:
            compare_view.country_headline(country, summary, lang, data)
    quotable.reference_note(data, lang)
    quotable.loi_section(data, summary, cache.municipality_places(data), lang, municipal_rows=False)

view = compare_view.comparison_maps(data, measure, lang, indicator_names, period=period)
figure_title(view.title, view.subtitle)
map_columns = st.columns(2, gap="medium")
for column, country in zip(map_columns, ("NL", "BE"), strict=True):
    with column:
        st.markdown(f"**{t(f'country.{country}')}**")
        compare_view.country_map(view, country, tiles=st.session_state["tiles"] == "1")
class_legend(
    f"{view.legend_title}: {view.legend_note}" if view.legend_note else view.legend_title,
    class_legend_entries(view.classes, lang, decimals=view.decimals),
)
class_legend(t("legend.location_types"), type_legend_entries(view.types, lang), shape="circle")
st.caption(t("legend.circle_size"))
source_line(view.sources, view.date)
if measure in indicator_names:
    quotable.unmapped_rows_table(data.indicators, measure, period, lang)

reference = reference_in_use(lang)
download_menu(
    "compare",
    lambda: compare_figure(view, lang, reference=reference),
    f"reception-nl-be-{measure}",
    lang=lang,
)
if not presenting():
    st.subheader(t("compare.facts_title"))
    compare_view.national_facts(data, lang)
