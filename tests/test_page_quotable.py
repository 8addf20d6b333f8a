"""AppTest: every figure follows the reference date and says what it counts (issue 8).

Expected values are computed here from the geodata/ files.
"""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.geodata import GEODATA
from tests.html_tables import static_tables
from tests.paths import run_app
from tests.test_reference_date import EXPECTED, LOCATIONS
from ui.i18n import format_number, format_percent, t

FACTS = pd.read_csv(GEODATA / "facts.csv", dtype=str, keep_default_na=False)


def counted(reference: str, confirmed: bool) -> pd.DataFrame:
    keep = EXPECTED[reference]
    if confirmed:
        keep = keep & (LOCATIONS["confirmed_2023"] == "yes")
    return LOCATIONS[keep]


def metric_map(at) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(m)
    return out


@pytest.mark.parametrize("confirmed", [False, True])
@pytest.mark.parametrize("reference", ["end_2023", "during_2023", "all"])
def test_compare_counts_and_places_per_country_follow_the_reference_date(reference, confirmed):
    query = {"ref": reference} | ({"confirmed": "1"} if confirmed else {})
    at = run_app(None, query=query)
    assert not at.exception
    rows = counted(reference, confirmed)
    shown = metric_map(at)
    locations = shown[t("kpi.locations", "en")]
    places = shown[t("kpi.places", "en")]
    for i, country in enumerate(("NL", "BE")):
        mine = rows[rows["country"] == country]
        assert locations[i].value == format_number(len(mine), "en")
        unconfirmed = int((mine["confirmed_2023"] != "yes").sum())
        assert locations[i].delta == t("kpi.not_confirmed", "en", n=format_number(unconfirmed, "en"))
        known = pd.to_numeric(mine["capacity"], errors="coerce").sum()
        assert places[i].value == format_number(known, "en")
    assert at.selectbox(key="ref").value == reference


def test_the_location_kpi_help_gives_the_like_for_like_coverage():
    at = run_app(None)
    kpi = metric_map(at)[t("kpi.locations", "en")]
    from analysis.reference_date import in_use_on  # the rule itself is tested in test_reference_date

    nl = LOCATIONS[(LOCATIONS["country"] == "NL") & (LOCATIONS["type"] != "crisis_emergency")]
    in_use = nl[in_use_on(nl, pd.Timestamp("2023-09-25").date()).to_numpy()]
    assert f"{len(in_use)} Dutch rows in use on 25 Sep 2023" in kpi[0].help
    assert "219 COA locations" in kpi[0].help
    assert format_percent(len(in_use) / 219, "en") in kpi[0].help
    assert "102 collective centres" in kpi[1].help and "35,651" in kpi[1].help


def _fact(country: str, indicator: str, date: str) -> float:
    row = FACTS[(FACTS["country"] == country) & (FACTS["indicator"] == indicator)]
    return float(row[row["reference_date"] == date]["value"].iloc[0])


def test_sources_page_coverage_equals_facts_and_locations():
    at = run_app("app_pages/sources.py")
    assert not at.exception
    table = static_tables(at)[0]
    share_col = t("coverage.col.share", "en")
    shares = list(table[share_col])
    # Computed here: rows in use on each official date, against the fact of that date.
    from analysis.reference_date import in_use_on  # the rule itself is tested in test_reference_date

    def rows(country, day, without_crisis=False):
        frame = LOCATIONS[LOCATIONS["country"] == country]
        if without_crisis:
            frame = frame[frame["type"] != "crisis_emergency"]
        return frame[in_use_on(frame, pd.Timestamp(day).date()).to_numpy()]

    def places(frame):
        return pd.to_numeric(frame["capacity"], errors="coerce").sum()

    nl = rows("NL", "2023-09-25", without_crisis=True)
    be_nov, be_end = rows("BE", "2023-11-23"), rows("BE", "2023-12-31")
    network = _fact("BE", "fedasil_reception_capacity", "2023-12-31")
    expected = [
        len(nl) / _fact("NL", "coa_locations", "2023-09-25"),
        places(nl) / _fact("NL", "coa_persons_on_coa_sites", "2023-09-25"),
        len(be_nov) / _fact("BE", "fedasil_collective_centres", "2023-11-23"),
        places(be_end) / network,
        places(be_end) / (network - _fact("BE", "loi_places", "2023-11-23")),
    ]
    assert shares == [format_percent(x, "en", decimals=1) for x in expected]
    sources = set(table[t("coverage.col.source", "en")])
    assert "https://www.coa.nl/nl/lijst/capaciteit-en-bezetting" in sources
    assert any("fedasil.be" in s for s in sources)
    text = " ".join(m.value for m in at.markdown)
    assert "252" in text and "VluchtelingenWerk Nederland" in text


INDICATORS = pd.read_csv(GEODATA / "indicators.csv", dtype=str, keep_default_na=False)


def _belgian_hosting() -> tuple[int, int]:
    """Municipalities hosting a counted location (end of 2023) and Belgium's municipality count."""
    import geopandas as gpd

    municipalities = gpd.read_file(GEODATA / "municipalities.geojson")
    be = municipalities[municipalities["country"] == "BE"]
    rows = counted("end_2023", False)
    hosting = set(rows.loc[rows["country"] == "BE", "municipality_code"]) & set(be["code"])
    return len(hosting), len(be)


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
@pytest.mark.parametrize("page", [None, "app_pages/dispersal.py"])
def test_belgium_hosting_share_with_and_without_loi(page, lang):
    hosting, total = _belgian_hosting()
    loi_row = INDICATORS[
        (INDICATORS["indicator"] == "ocmw_with_fedasil_loi_convention")
        & (INDICATORS["reference_date"] == "2023-11-23")
    ]
    loi = int(loi_row["value"].iloc[0])
    low, high = max(hosting, loi) / total, min(total, hosting + loi) / total
    at = run_app(page, lang=lang)
    assert not at.exception
    collective = f"{format_number(hosting, lang)} ({format_percent(hosting / total, lang)})"
    tables = static_tables(at)
    loi_tables = [tb for tb in tables if t("loi.collective", lang) in list(tb.columns)]
    assert len(loi_tables) == 1
    table = loi_tables[0]
    hosting_row = table.loc[t("loi.hosting", lang)]
    assert hosting_row[t("loi.collective", lang)] == collective
    with_column = [c for c in table.columns if c.startswith(t("loi.with_loi", lang))][0]
    assert format_percent(low, lang) in hosting_row[with_column]
    assert format_percent(high, lang) in hosting_row[with_column]
    assert table.loc[t("loi.gini", lang), with_column] == t("loi.not_computable", lang)
    if page is None:  # the compare page's Belgian hosting KPI carries the LOI/ILA bounds too
        kpis = [m for m in at.metric if m.label == t("kpi.hosting", lang)]
        assert kpis[1].value == collective
        assert format_percent(low, lang) in kpis[1].delta and format_percent(high, lang) in kpis[1].delta


TARGET = "housing_target_permit_holders"


def _legend(at) -> str:
    legends = [h.proto.body for h in at.get("html") if 'class="legend"' in h.proto.body]
    return legends[0]


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_a_target_indicator_shows_its_method_never_observed(lang):
    at = run_app(None, query={"measure": TARGET}, lang=lang)
    assert not at.exception
    legend = _legend(at)
    assert t("method.target", lang) in legend
    assert t("method.observed", lang) not in legend
    captions = " ".join(c.value for c in at.caption)
    assert t("compare.indicator_subtitle", lang, methods=t("method.target", lang)) in captions


def test_the_map_tooltips_and_table_carry_the_method_and_period():
    import geopandas as gpd

    from analysis.dispersal import municipality_places
    from analysis.municipalities import municipality_table
    from ui.colors import shared_classes
    from ui.layers import municipality_geojson

    municipalities = gpd.read_file(GEODATA / "municipalities.geojson")
    places = municipality_places(counted("end_2023", False), municipalities)
    table = municipality_table(places, municipalities, INDICATORS, [TARGET], {TARGET: "2023-H2"})
    mapped = table[table[TARGET].notna()]
    assert (mapped[f"{TARGET}__method"] == "target").all() and (mapped[f"{TARGET}__date"] == "2023-H2").all()
    layer = municipality_geojson(table, TARGET, shared_classes(table[TARGET]), "en", decimals=0)
    text = str(layer)
    assert "(target, 2023-H2)" in text and "observed" not in text


def test_the_period_picker_never_maps_a_row_without_a_period():
    rows = INDICATORS[(INDICATORS["indicator"] == TARGET) & (INDICATORS["level"] == "municipality")]
    undated = set(rows.loc[rows["reference_date"] == "", "area_name"])
    assert undated == {"Utrecht", "Amersfoort", "Bunnik"}
    at = run_app(None, query={"measure": TARGET})
    picker = at.selectbox(key="period")
    periods = sorted(set(rows["reference_date"]) - {""})
    assert sorted(picker.options and [o.split(" ")[0] for o in picker.options]) == periods
    counts = rows[rows["reference_date"] != ""].groupby("reference_date")["area_code"].nunique()
    assert picker.value == counts.idxmax()  # 2023-H1 has the most municipalities
    for period in periods:
        at.selectbox(key="period").set_value(period).run()
        assert not at.exception
        note = t("indicator.legend_count", "en", n=format_number(counts[period], "en"), period=period)
        assert note in _legend(at)
        assert at.query_params["period"] == period
    unmapped = [e for e in at.expander if e.label.startswith(t("indicator.unmapped", "en", n="3")[:10])]
    assert unmapped
    listed = set(static_tables(unmapped[0])[0].index)
    assert listed >= undated


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_facts_show_their_qualifier_in_every_language(lang):
    from ui.qualifiers import qualifier_key

    at = run_app("app_pages/volunteers.py", lang=lang)
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    for indicator in ("court_convictions_reception", "people_waiting_for_reception_place", "volunteers"):
        row = FACTS[FACTS["indicator"] == indicator].iloc[0]
        number = format_number(float(row["value"]), lang)
        key = qualifier_key(row["qualifier"], row["source"] + row["note"])
        expected = number if key is None else t(key, lang, value=number)
        assert shown[t(f"fact.{indicator}", lang)] == expected
    assert shown[t("fact.court_convictions_reception", lang)] != format_number(7000, lang)
    assert "VluchtelingenWerk Nederland" in t("fact.reception_locations_present", lang)
