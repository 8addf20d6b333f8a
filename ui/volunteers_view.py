"""Building blocks of the volunteers and guidance page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.scenario import guidance_demand_model
from ui import maps
from ui.colors import shared_classes
from ui.compare_view import fact_text, fact_value
from ui.components import class_legend, figure_title, kpi_row, source_line
from ui.i18n import format_percent, humanise, t, t_or
from ui.layers import class_legend_entries, municipality_geojson, municipality_layer, show_map
from ui.state import UPLOADED_INDICATORS, USE_UPLOAD, DataBundle

NL_FACTS = [
    "volunteers",
    "refugees_guided_asylum_procedure",
    "refugees_guided_family_reunification",
    "reception_locations_present",
    "municipalities_active",
    "refugees_social_guidance",
    "participation_statement_workshop_participants",
    "awareness_sessions",
    "awareness_sessions_at_schools",
]
BE_FACTS = [
    "member_organisations",
    "volunteer_groups",
    "founded",
    "people_waiting_for_reception_place",
    "court_convictions_reception",
    "integration_programme_fee",
]


def _fact_cards(facts: pd.DataFrame, country: str, names: list[str], lang: str) -> None:
    rows = facts[(facts["country"] == country) & facts["indicator"].isin(names)]
    rows = rows.set_index("indicator").reindex([n for n in names if n in set(rows["indicator"])])
    items = [
        (
            t_or(f"fact.{name}", humanise(name), lang),
            fact_text(row, lang),
            f"{row['organisation']}, {row['reference_date']}. {row['note'] or ''}".strip(),
        )
        for name, row in rows.iterrows()
    ]
    for start in range(0, len(items), 2):
        kpi_row(items[start : start + 2])
    sources = sorted(set(rows["source"]))
    dates = sorted(set(rows["reference_date"].astype(str)))
    source_line("; ".join(sources), ", ".join(dates))


def national_figures(data: DataBundle, lang: str) -> None:
    """VluchtelingenWerk Nederland (2022) beside the Belgian counterpart, with sources."""
    nl, be = st.columns(2, gap="large")
    with nl:
        st.subheader(t("volunteers.nl_title", lang), anchor=False)
        _fact_cards(data.facts, "NL", NL_FACTS, lang)
        active = data.facts[
            (data.facts["country"] == "NL") & (data.facts["indicator"] == "municipalities_active")
        ]
        if len(active):
            share = float(active["value"].iloc[0]) / int((data.municipalities["country"] == "NL").sum())
            st.caption(t("volunteers.active_share", lang, share=format_percent(share, lang)))
    with be:
        st.subheader(t("volunteers.be_title", lang), anchor=False)
        _fact_cards(data.facts, "BE", BE_FACTS, lang)
        loi = data.indicators[
            (data.indicators["country"] == "BE")
            & (data.indicators["level"] == "country")
            & data.indicators["indicator"].isin(["loi_places", "ocmw_with_fedasil_loi_convention"])
        ]
        if len(loi):
            st.markdown(f"**{t('volunteers.loi_title', lang)}**")
            st.dataframe(
                pd.DataFrame(
                    {
                        t("facts.indicator", lang): [
                            t_or(f"indicator.{k}", humanise(k), lang) for k in loi["indicator"]
                        ],
                        t("facts.value", lang): [
                            fact_value(v, u, lang) for v, u in zip(loi["value"], loi["unit"], strict=True)
                        ],
                        t("facts.date", lang): loi["reference_date"],
                        t("facts.source", lang): loi["source"],
                    }
                ),
                hide_index=True,
                width="stretch",
                column_config={t("facts.source", lang): st.column_config.LinkColumn(t("facts.source", lang))},
            )


def uploaded_municipal_indicators() -> pd.DataFrame | None:
    """Municipal rows of this session's applied indicator upload, if any."""
    upload = st.session_state.get(UPLOADED_INDICATORS)
    if upload is None or not st.session_state.get(USE_UPLOAD):
        return None
    frame = upload.frame
    return frame[frame["level"] == "municipality"] if "level" in frame else frame


def overlay(data: DataBundle, lang: str) -> None:
    """Per-municipality map: uploaded figures when present, else the labelled model."""
    uploaded = uploaded_municipal_indicators()
    if uploaded is not None and len(uploaded):
        names = sorted(set(uploaded["indicator"]))
        name = st.selectbox(t("volunteers.uploaded_indicator", lang), names, key="volunteer_indicator")
        rows = uploaded[uploaded["indicator"] == name]
        is_model = False
        title = t("volunteers.uploaded_title", lang, indicator=humanise(name))
    else:
        st.info(t("volunteers.no_municipal_data", lang))
        rows = guidance_demand_model(data.municipalities, data.indicators)
        is_model = True
        title = t("volunteers.model_title", lang)
    code_col = "municipality_code" if "municipality_code" in rows else "area_code"
    values = rows.groupby(code_col)["value"].sum()
    table = data.municipalities.copy()
    table["value"] = table["code"].map(values).astype(float)
    countries = sorted(set(table.loc[table["value"].notna(), "country"]))
    table = table[table["country"].isin(countries)]
    classes = shared_classes(table["value"])
    legend_title = (t("common.model_label", lang) + ": " if is_model else "") + title
    figure_title(title, t("volunteers.model_subtitle", lang) if is_model else None)
    geojson = municipality_geojson(table, "value", classes, lang, decimals=0)
    bounds = maps.COUNTRY_BOUNDS[countries[0]] if len(countries) == 1 else maps.COUNTRY_BOUNDS["ALL"]
    show_map(
        key="volunteers_map",
        bounds=bounds,
        layers=[municipality_layer(geojson, legend_title, lang)],
        height=560,
        cache_key=("volunteers", data.token, title, lang),
    )
    class_legend(legend_title, class_legend_entries(classes, lang, decimals=0))
    sources = "; ".join(sorted(set(rows["source"].astype(str))))
    dates = ", ".join(sorted(set(rows["reference_date"].astype(str))))
    if is_model:
        sources = t("volunteers.model_source", lang, sources=sources)
    source_line(sources, dates)
