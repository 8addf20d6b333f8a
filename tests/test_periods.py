"""Tests of analysis.periods and analysis.indicator_periods on the shipped indicators."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.indicator_periods import default_period, period_options, period_values, unmapped_rows
from analysis.periods import parse_period, period_bounds
from loaders.geodata import GEODATA

INDICATORS = pd.read_csv(GEODATA / "indicators.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-09-25", date(2023, 9, 25), date(2023, 9, 25)),
        ("2023-H1", date(2023, 1, 1), date(2023, 6, 30)),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31)),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31)),
        ("2022/2023", date(2022, 1, 1), date(2023, 12, 31)),
        ("2023-01/2023-11", date(2023, 1, 1), date(2023, 11, 30)),
    ],
)
def test_every_iso_form_parses_to_its_span(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_empty_is_no_period_and_nonsense_is_refused():
    assert parse_period("") is None and parse_period("  ") is None and parse_period(None) is None
    with pytest.raises(ValueError, match="not an ISO period"):
        parse_period("summer 2023")
    with pytest.raises(ValueError, match="ends before"):
        parse_period("2024/2023")


def test_order_is_by_days_not_by_strings():
    """As strings 2023-H1 sorts after 2023-12-31; as periods it ends earlier."""
    assert "2023-H1" > "2023-12-31"
    assert parse_period("2023-H1").key < parse_period("2023-12-31").key
    assert parse_period("2023-Q4").key < parse_period("2024-01").key


def test_every_shipped_reference_date_is_empty_or_readable():
    bounds = period_bounds(INDICATORS["reference_date"])
    assert bounds["readable"].all()
    assert bounds["end"].isna().sum() == (INDICATORS["reference_date"] == "").sum()


@pytest.mark.parametrize(
    "indicator",
    ["housing_target_permit_holders", "housing_realised_permit_holders", "spreidingswet_indicative_places"],
)
def test_the_default_period_has_the_most_municipalities(indicator):
    rows = INDICATORS[(INDICATORS["indicator"] == indicator) & (INDICATORS["level"] == "municipality")]
    dated = rows[rows["reference_date"] != ""]
    counts = dated.groupby("reference_date")["area_code"].nunique()
    best = counts[counts == counts.max()].index
    expected = max(best, key=lambda p: parse_period(p).key)
    options = period_options(INDICATORS, indicator)
    assert default_period(options) == expected
    assert options.set_index("period")["areas"].to_dict() == counts.to_dict()
    ends = [parse_period(p).key for p in options["period"]]
    assert ends == sorted(ends)


def test_a_period_map_never_holds_a_row_without_a_period():
    indicator = "housing_target_permit_holders"
    undated = unmapped_rows(INDICATORS, indicator)
    assert set(undated["area_name"]) == {"Utrecht", "Amersfoort", "Bunnik"}
    assert (undated["reference_date"] == "").all()
    rows = INDICATORS[(INDICATORS["indicator"] == indicator) & (INDICATORS["level"] == "municipality")]
    for period in period_options(INDICATORS, indicator)["period"]:
        assert period != ""
        values = period_values(INDICATORS, indicator, period)
        assert (values["reference_date"] == period).all()
        for code, value in values["value"].dropna().items():
            same = rows[(rows["area_code"] == code) & (rows["reference_date"] == period)]
            assert len(same) and (same["value"].astype(float) == value).all()
    # Utrecht's undated 628 is on no map.
    utrecht = undated.loc[undated["area_name"] == "Utrecht", "area_code"].iloc[0]
    for period in period_options(INDICATORS, indicator)["period"]:
        assert utrecht not in period_values(INDICATORS, indicator, period).index


def test_one_value_per_municipality_and_period_with_every_source():
    values = period_values(INDICATORS, "housing_target_permit_holders", "2023-H1")
    rows = INDICATORS[
        (INDICATORS["indicator"] == "housing_target_permit_holders")
        & (INDICATORS["level"] == "municipality")
        & (INDICATORS["reference_date"] == "2023-H1")
    ]
    assert values.index.is_unique and len(values) == rows["area_code"].nunique()
    woudenberg = values.loc["GM0351"]
    assert woudenberg["value"] == 14 and woudenberg["rows"] == 2 and not woudenberg["conflict"]
    assert (values["method"] == "target").all()


def test_disagreeing_rows_in_one_period_are_not_mapped():
    rows = pd.DataFrame(
        {
            "indicator": "x",
            "level": "municipality",
            "area_code": ["A", "A", "B"],
            "value": ["1", "2", "3"],
            "reference_date": "2023",
            "source": ["s1", "s2", "s3"],
            "method": "observed",
            "qualifier": "exact",
            "note": "",
        }
    )
    values = period_values(rows, "x", "2023")
    assert values.loc["A", "conflict"] and pd.isna(values.loc["A", "value"])
    assert values.loc["B", "value"] == 3
