"""Figures a journalist can quote: reference date, confirmation, coverage, LOI/ILA, methods.

Building blocks shared by the pages:

* the reference-date control of the shared sidebar (kept in the URL as
  ``?ref=end_2023|during_2023|all`` and ``&confirmed=1``) and the label that
  says what every figure counts;
* the location KPI: how many rows, how many of them not confirmed, and the
  like-for-like coverage behind its help icon;
* the coverage table of the Sources page (``analysis/coverage.py``);
* Belgium with and without its local reception initiatives
  (``analysis/local_reception.py``), national totals, never mapped;
* the method of an indicator value and the one-period picker of the maps.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.coverage import capacity_quality
from analysis.indicator_periods import default_period, period_options, period_values, unmapped_rows
from analysis.local_reception import LoiFigure, loi_figures, with_loi
from analysis.reference_date import DEFAULT_REFERENCE, REFERENCE_OPTIONS, unconfirmed_count
from ui.components import static_table
from ui.i18n import format_number, format_percent, t, t_or
from ui.state import CONFIRMED as CONFIRMED_KEY
from ui.state import REFERENCE as REF_KEY
from ui.state import current_reference

_CONFIRMED_TOGGLE = "confirmed_toggle"


# --------------------------------------------------------------------------- reference date


def seed_reference_state() -> None:
    """Seed the reference date from the URL, once per session (invalid values: the default)."""
    if REF_KEY not in st.session_state:
        raw = st.query_params.get(REF_KEY)
        st.session_state[REF_KEY] = raw if raw in REFERENCE_OPTIONS else DEFAULT_REFERENCE
    if CONFIRMED_KEY not in st.session_state:
        st.session_state[CONFIRMED_KEY] = "1" if st.query_params.get(CONFIRMED_KEY) == "1" else "0"


def reference_control(lang: str) -> None:
    """The sidebar control every page follows (call in dashboard.py, before the page runs)."""
    seed_reference_state()
    st.selectbox(
        t("reference.label", lang),
        REFERENCE_OPTIONS,
        format_func=lambda r: t(f"reference.{r}", lang),
        key=REF_KEY,
        help=t("reference.help", lang),
    )
    st.toggle(
        t("reference.confirmed", lang),
        key=_CONFIRMED_TOGGLE,
        value=st.session_state[CONFIRMED_KEY] == "1",
        help=t("reference.confirmed_help", lang),
    )
    st.session_state[CONFIRMED_KEY] = "1" if st.session_state[_CONFIRMED_TOGGLE] else "0"
    write_reference_url()


def write_reference_url() -> None:
    """Keep the choice in the URL: ``ref`` when not the default (or already there), ``confirmed=1``."""
    ref, confirmed = current_reference()
    wanted = ref != DEFAULT_REFERENCE or REF_KEY in st.query_params
    if wanted and st.query_params.get(REF_KEY) != ref:
        st.query_params[REF_KEY] = ref
    if confirmed:
        if st.query_params.get(CONFIRMED_KEY) != "1":
            st.query_params[CONFIRMED_KEY] = "1"
    elif CONFIRMED_KEY in st.query_params:
        del st.query_params[CONFIRMED_KEY]


def reference_text(reference: str, confirmed_only: bool, lang: str) -> str:
    """What the figures count, in words ("in use at the end of 2023, confirmed for 2023 only")."""
    text = t(f"reference.short.{reference}", lang)
    return t("reference.short.confirmed", lang, reference=text) if confirmed_only else text


def reference_caption(data, lang: str) -> None:
    """One line under the control: how many rows count and how many are not confirmed."""
    st.caption(
        t(
            "reference.caption",
            lang,
            n=format_number(len(data.locations), lang),
            total=format_number(len(data.all_locations), lang),
            unconfirmed=format_number(unconfirmed_count(data.locations), lang),
        )
    )


def reference_note(data, lang: str) -> None:
    """The page's note of what its figures count (replaces the old per-page status filters)."""
    st.caption(
        t(
            "reference.page_note",
            lang,
            reference=reference_text(data.reference, data.confirmed_only, lang),
            n=format_number(len(data.locations), lang),
            total=format_number(len(data.all_locations), lang),
            unconfirmed=format_number(unconfirmed_count(data.locations), lang),
        )
    )


# --------------------------------------------------------------------------- location KPI + coverage


def coverage(data) -> pd.DataFrame:
    """The like-for-like coverage of the bundle's full list (index ``key``, cached per dataset)."""
    from ui import cache

    return cache.coverage(data)


def coverage_help(data, country: str, lang: str) -> str:
    """Help text of a location KPI: what it counts and the like-for-like coverage."""
    table = coverage(data)
    reference = reference_text(data.reference, data.confirmed_only, lang).capitalize()
    if country == "NL":
        loc, places = table.loc["nl_locations"], table.loc["nl_places_occupancy"]
        return t(
            "kpi.coverage_help.NL",
            lang,
            reference=reference,
            held=format_number(loc["held"], lang),
            official=format_number(loc["official"], lang),
            share=format_percent(loc["share"], lang),
            occupancy=format_number(places["official"], lang),
            places_share=format_percent(places["share"], lang),
            source=loc["official_source"],
        )
    loc, network = table.loc["be_locations"], table.loc["be_places_network"]
    loi = table.loc["be_places_network", "official"] - table.loc["be_places_collective", "official"]
    return t(
        "kpi.coverage_help.BE",
        lang,
        reference=reference,
        held=format_number(loc["held"], lang),
        official=format_number(loc["official"], lang),
        share=format_percent(loc["share"], lang),
        network=format_number(network["official"], lang),
        places_share=format_percent(network["share"], lang),
        loi=format_number(loi, lang),
        source=f"{loc['official_source']}; {network['official_source']}",
    )


def location_kpi(data, country: str, lang: str, *, label: str | None = None) -> tuple[str, str, str, str]:
    """(label, value, help, delta) of a country's location count."""
    rows = data.locations[data.locations["country"] == country]
    n, unconfirmed = format_number(len(rows), lang), format_number(unconfirmed_count(rows), lang)
    sentence = t("kpi.locations_sentence", lang, n=n, unconfirmed=unconfirmed)
    return (
        label or t("kpi.locations", lang),
        n,
        f"{sentence} {coverage_help(data, country, lang)}",
        t("kpi.not_confirmed", lang, n=unconfirmed),
    )


def coverage_section(data, lang: str) -> None:
    """The Sources page table: like-for-like coverage with sources and dates, then capacity shares."""
    st.markdown(t("coverage.intro", lang))
    table = coverage(data).reset_index()
    shown = pd.DataFrame(
        {
            t("coverage.col.country", lang): [t(f"country.{c}", lang) for c in table["country"]],
            t("coverage.col.comparison", lang): [t(f"coverage.key.{k}", lang) for k in table["key"]],
            t("coverage.col.held", lang): [format_number(v, lang) for v in table["held"]],
            t("coverage.col.held_confirmed", lang): [format_number(v, lang) for v in table["held_confirmed"]],
            t("coverage.col.official", lang): [format_number(v, lang) for v in table["official"]],
            t("coverage.col.share", lang): [format_percent(v, lang, decimals=1) for v in table["share"]],
            t("coverage.col.official_date", lang): table["official_date"],
            t("coverage.col.method", lang): [
                ", ".join(method_label(m.strip(), lang) for m in v.split(",") if m.strip())
                for v in table["official_method"]
            ],
            t("coverage.col.source", lang): table["official_source"],
        }
    )
    static_table(shown.set_index(t("coverage.col.country", lang)))
    quality = capacity_quality(data.locations)
    quality = quality.reindex(
        [c for c in ("NL", "BE") if c in quality.index] + sorted(set(quality.index) - {"NL", "BE"})
    )
    reference = reference_text(data.reference, data.confirmed_only, lang)
    st.markdown(f"**{t('coverage.quality_title', lang, reference=reference)}**")
    rows = []
    for country in quality.index:
        q = quality.loc[country]
        rows.append(
            {
                t("coverage.col.country", lang): t(f"country.{country}", lang),
                t("coverage.quality.rows", lang): format_number(q["rows"], lang),
                t("coverage.quality.without_capacity", lang): (
                    f"{format_number(q['without_capacity'], lang)} "
                    f"({format_percent(q['without_capacity_share'], lang, decimals=1)})"
                ),
                t("coverage.quality.capacity_old", lang): (
                    f"{format_number(q['capacity_old'], lang)} "
                    f"({format_percent(q['capacity_old_share'], lang, decimals=1)})"
                ),
                t("coverage.quality.capacity_undated", lang): format_number(q["capacity_undated"], lang),
            }
        )
    if rows:
        static_table(pd.DataFrame(rows).set_index(t("coverage.col.country", lang)))


# --------------------------------------------------------------------------- Belgium with LOI/ILA


def loi(data) -> list[LoiFigure]:
    """The national LOI/ILA figure pairs of the bundle (Fedasil first), found once per dataset."""
    from ui import cache

    return cache.read_only(data, "loi_figures", lambda: loi_figures(data.facts, data.indicators))


def belgium_with_loi(per_municipality: pd.DataFrame, figure: LoiFigure) -> dict[str, float]:
    """Belgium's dispersal figures with the national LOI/ILA totals (analysis.local_reception)."""
    return with_loi(per_municipality, figure)


def loi_source_name(figure: LoiFigure, lang: str) -> str:
    """Who states an LOI figure pair."""
    return t(f"loi.source.{figure.key}", lang)


def hosting_with_loi_kpi(
    per_municipality: pd.DataFrame, figures: list[LoiFigure], lang: str
) -> tuple[str, str, str] | None:
    """(label, value, help) of Belgium's hosting share with LOI/ILA, or None without LOI figures."""
    if not figures:
        return None
    main, others = figures[0], figures[1:]
    out = with_loi(per_municipality, main)
    if out["hosting_min"] != out["hosting_min"]:
        return None
    low = format_percent(out["hosting_share_min"], lang)
    high = format_percent(out["hosting_share_max"], lang)
    other = " ".join(
        t(
            "loi.other_source",
            lang,
            source_name=loi_source_name(f, lang),
            date=f.date,
            places=format_number(f.places, lang),
            municipalities=format_number(f.municipalities, lang),
        )
        for f in others
    )
    be = per_municipality[per_municipality["country"] == "BE"]
    return (
        t("loi.kpi_hosting_loi", lang, value=t("loi.range", lang, low=low, high=high)),
        t("loi.at_least", lang, value=low),
        t(
            "loi.kpi_hosting_loi_help",
            lang,
            loi=format_number(main.municipalities, lang),
            source_name=loi_source_name(main, lang),
            date=main.date,
            hosting=format_number(int((be["locations"] > 0).sum()), lang),
            low=low,
            high=high,
            total=format_number(len(be), lang),
            other=other,
        ),
    )


def _count_share(count: float, share: float, lang: str) -> str:
    return f"{format_number(count, lang)} ({format_percent(share, lang)})"


def loi_table(summary: pd.DataFrame, per_municipality: pd.DataFrame, figures: list[LoiFigure], lang: str):
    """Belgium's figures side by side: collective centres only, and with each LOI/ILA source."""
    if "BE" not in summary.index:
        return None
    be = summary.loc["BE"]
    rows = {
        t("loi.hosting", lang): [_count_share(be["municipalities_hosting"], be["hosting_share"], lang)],
        t("loi.population", lang): [format_percent(be["population_hosting_share"], lang)],
        t("loi.places", lang): [format_number(be["places_known"], lang)],
        t("loi.per_1000", lang): [format_number(be["places_per_1000"], lang, decimals=2)],
        t("loi.gini", lang): [format_number(be["gini"], lang, decimals=2)],
    }
    columns = [t("loi.collective", lang)]
    for figure in figures:
        out = with_loi(per_municipality, figure)
        columns.append(f"{t('loi.with_loi', lang)}: {loi_source_name(figure, lang)}, {figure.date}")
        rows[t("loi.hosting", lang)].append(
            t(
                "loi.range",
                lang,
                low=_count_share(out["hosting_min"], out["hosting_share_min"], lang),
                high=_count_share(out["hosting_max"], out["hosting_share_max"], lang),
            )
        )
        rows[t("loi.population", lang)].append(
            t(
                "loi.range",
                lang,
                low=format_percent(out["population_share_min"], lang),
                high=format_percent(out["population_share_max"], lang),
            )
        )
        rows[t("loi.places", lang)].append(format_number(out["places_known"], lang))
        rows[t("loi.per_1000", lang)].append(format_number(out["places_per_1000"], lang, decimals=2))
        rows[t("loi.gini", lang)].append(t("loi.not_computable", lang))
    return pd.DataFrame(rows, index=columns).T


def maps_note(lang: str) -> None:
    """What the maps of a page show and do not show (reference date, LOI/ILA, unconfirmed rows)."""
    st.caption(t("quotable.maps_note", lang))


def loi_section(
    data,
    summary: pd.DataFrame,
    per_municipality: pd.DataFrame,
    lang: str,
    *,
    municipal_rows: bool = True,
    title: bool = True,
) -> None:
    """Belgium with and without LOI/ILA: intro, side-by-side table, municipal rows with their dates."""
    figures = loi(data)
    if title:
        st.markdown(f"#### {t('loi.title', lang)}")
    if not figures:
        return
    main = figures[0]
    st.markdown(
        t(
            "loi.intro",
            lang,
            places=format_number(main.places, lang),
            municipalities=format_number(main.municipalities, lang),
            source_name=loi_source_name(main, lang),
            date=main.date,
        )
    )
    table = loi_table(summary, per_municipality, figures, lang)
    if table is not None:
        static_table(table)
    be = per_municipality[per_municipality["country"] == "BE"]
    st.caption(
        " ".join(
            [
                t(
                    "loi.hosting_help",
                    lang,
                    loi=format_number(main.municipalities, lang),
                    hosting=format_number(int((be["locations"] > 0).sum()), lang),
                ),
                t("loi.population_help", lang),
                t("loi.gini_help", lang),
            ]
        )
    )
    st.caption(
        t(
            "common.source_line",
            lang,
            sources="; ".join(f"{loi_source_name(f, lang)}: {f.source}" for f in figures)
            + f"; {t('loi.caption_locations', lang, dataset=data.locations_label)}",
            date=", ".join(f.date for f in figures)
            + f"; {reference_text(data.reference, data.confirmed_only, lang)}; Statbel 2020-01-01",
        )
    )
    if not municipal_rows:
        return
    municipal = data.indicators[
        (data.indicators["indicator"] == "loi_places")
        & (data.indicators["level"] == "municipality")
        & (data.indicators["country"] == "BE")
    ]
    if len(municipal):
        st.markdown(f"**{t('loi.municipal_rows', lang)}**")
        static_table(
            pd.DataFrame(
                {
                    t("facts.indicator", lang): municipal["area_name"].to_numpy(),
                    t("facts.value", lang): [format_number(float(v), lang) for v in municipal["value"]],
                    t("indicator.col.period", lang): municipal["reference_date"].to_numpy(),
                    t("indicator.col.method", lang): [method_label(m, lang) for m in municipal["method"]],
                    t("facts.source", lang): municipal["source"].to_numpy(),
                }
            ).set_index(t("facts.indicator", lang))
        )


# --------------------------------------------------------------------------- methods and periods


def method_label(method: object, lang: str) -> str:
    """A value's method in words (observed, target, plan, estimate, compiled, model)."""
    text = str(method or "").strip()
    return t_or(f"method.{text}", text, lang) if text else ""


def period_choice(indicators: pd.DataFrame, indicator: str, key: str, lang: str, container=st) -> str | None:
    """The period picker of an indicator map; returns the chosen stated period (None: no dated row)."""
    options = period_options(indicators, indicator)
    if options.empty:
        return None
    periods = list(options["period"])
    labels = {
        row["period"]: t(
            "indicator.period_option",
            lang,
            period=row["period"],
            n=format_number(row["areas"], lang),
            methods=", ".join(method_label(m.strip(), lang) for m in row["methods"].split(",")),
        )
        for _, row in options.iterrows()
    }
    if st.session_state.get(key) not in periods:
        raw = st.query_params.get(key)
        st.session_state[key] = raw if raw in periods else default_period(options)
    container.selectbox(
        t("indicator.period", lang),
        periods,
        key=key,
        format_func=labels.get,
        help=t("indicator.period_help", lang),
    )
    return st.session_state[key]


def unmapped_rows_table(indicators: pd.DataFrame, indicator: str, period: str | None, lang: str) -> None:
    """The rows of an indicator that its map does not show: no stated period, or conflicting values."""
    undated = unmapped_rows(indicators, indicator)
    conflicts = pd.DataFrame()
    if period is not None:
        values = period_values(indicators, indicator, period)
        codes = set(values.index[values["conflict"]])
        rows = indicators[
            (indicators["indicator"] == indicator)
            & (indicators["level"] == "municipality")
            & (indicators["reference_date"] == period)
        ]
        conflicts = rows[rows["area_code"].isin(codes)]
    rows = pd.concat([undated, conflicts])
    if rows.empty:
        return
    with st.expander(t("indicator.unmapped", lang, n=format_number(len(rows), lang))):
        static_table(
            pd.DataFrame(
                {
                    t("facts.indicator", lang): rows["area_name"].to_numpy(),
                    t("facts.value", lang): [format_number(float(v), lang) for v in rows["value"]],
                    t("indicator.col.period", lang): [d or "–" for d in rows["reference_date"]],
                    t("indicator.col.method", lang): [method_label(m, lang) for m in rows["method"]],
                    t("facts.source", lang): rows["source"].to_numpy(),
                }
            ).set_index(t("facts.indicator", lang))
        )
