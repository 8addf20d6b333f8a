"""Map explorer: one map of both countries, layer toggles, filters, search, side panel."""

from __future__ import annotations

import streamlit as st

from analysis.locations import LocationSelection
from analysis.municipalities import BASE_MEASURES, municipal_indicator_options
from ui import explorer_view, quotable
from ui.components import class_legend, figure_title, source_line
from ui.i18n import current_language, t
from ui.layers import class_legend_entries, type_legend_entries
from ui.state import current_data, url_default, url_default_list, url_default_range, write_url

lang = current_language()
data = current_data()
st.title(t("explorer.title"))

options = explorer_view.filter_options(data.locations)
indicator_names = municipal_indicator_options(data.indicators)
measure_options = [*BASE_MEASURES, *indicator_names]
url_default("measure", "places_per_1000", measure_options)
url_default_list("country", ["NL", "BE"], ["NL", "BE"])
url_default_list("type", options.types, options.types)
url_default_list("status", options.statuses, options.statuses)
url_default_range("capacity", (0, options.max_capacity), (0, options.max_capacity))
url_default("layers", "municipalities,locations", None)

with st.expander(t("explorer.filters"), expanded=True, icon=":material/filter_alt:"):
    row = st.columns([2, 2, 3])
    row[0].multiselect(
        t("explorer.country"), ["NL", "BE"], key="country", format_func=lambda c: t(f"country.{c}")
    )
    row[1].multiselect(
        t("explorer.status"), options.statuses, key="status", format_func=explorer_view.status_label
    )
    row[2].multiselect(t("explorer.type"), options.types, key="type", format_func=lambda k: t(f"type.{k}"))
    row = st.columns([3, 2, 2])
    row[0].multiselect(
        t("explorer.operator"), options.operators, key="operator", placeholder=t("explorer.all")
    )
    row[1].slider(t("explorer.capacity"), 0, options.max_capacity, key="capacity", step=10)
    row[2].checkbox(t("explorer.include_unknown_capacity"), value=True, key="unknown_capacity")
    row = st.columns([3, 3])
    row[0].selectbox(
        t("compare.measure"),
        measure_options,
        key="measure",
        format_func=lambda k: explorer_view.measure_label(k, lang),
    )
    layer_names = ["municipalities", "locations", "stations", "places"]
    chosen = row[1].pills(
        t("explorer.layers"),
        layer_names,
        selection_mode="multi",
        default=[n for n in st.session_state["layers"].split(",") if n in layer_names],
        format_func=lambda n: t(f"explorer.layer.{n}"),
        key="layer_pills",
    )
    st.session_state["layers"] = ",".join(chosen or [])
    # An indicator map shows one stated period, chosen from those present (?period=...).
    period = (
        quotable.period_choice(data.indicators, st.session_state["measure"], "period", lang)
        if st.session_state["measure"] in indicator_names
        else None
    )
write_url(["measure", "country", "type", "status", "capacity", "layers", *(["period"] if period else [])])

selection = LocationSelection.of_explorer(
    countries=st.session_state["country"],
    types=st.session_state["type"],
    statuses=st.session_state["status"],
    operators=st.session_state.get("operator") or [],
    capacity_range=st.session_state["capacity"],
    include_unknown=st.session_state["unknown_capacity"],
)
filtered = data.selected(selection).locations
st.caption(t("explorer.shown", shown=len(filtered), total=len(data.locations)))
quotable.reference_note(data, lang)

search = st.selectbox(
    t("explorer.search"),
    explorer_view.municipality_choices(data.municipalities),
    index=None,
    placeholder=t("explorer.search_placeholder"),
    key="search",
)

map_column, panel = st.columns([3, 2], gap="medium")
view = explorer_view.build_view(
    data, selection, st.session_state["measure"], st.session_state["layers"], lang, period=period
)
with map_column:
    figure_title(view.title)
    clicked = explorer_view.explorer_map(data, view, search)
    class_legend(view.legend_title, class_legend_entries(view.classes, lang, decimals=view.decimals))
    class_legend(t("legend.location_types"), type_legend_entries(view.types, lang), shape="circle")
    source_line(view.sources, view.date)
with panel:
    explorer_view.side_panel(data, clicked, search, lang)
