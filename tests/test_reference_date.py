"""Tests of analysis.reference_date on the shipped list: options, confirmation, no double counting."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pandas as pd
import pytest

from analysis import reference_date as rd
from loaders.geodata import GEODATA

LOCATIONS = pd.read_csv(GEODATA / "reception_locations.csv", dtype=str, keep_default_na=False)


def _first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, 1)


def _last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _expected_end_2023(row: pd.Series) -> bool:
    """The documented rule, written out again row by row (no code shared with the module)."""
    end = date(2023, 12, 31)
    if row["in_use_from"]:
        opened = _last_day(row["in_use_from"]) <= end
    else:
        opened = not row["status"].startswith("planned")
    if row["in_use_to"]:
        still_open = _first_day(row["in_use_to"]) > end
    else:
        still_open = not row["status"].startswith("closed")
    return opened and still_open


def _expected_during_2023(row: pd.Series) -> bool:
    start, end = date(2023, 1, 1), date(2023, 12, 31)
    if row["in_use_from"]:
        opened = _first_day(row["in_use_from"]) <= end
    else:
        opened = not row["status"].startswith("planned")
    if row["in_use_to"]:
        not_closed_before = _last_day(row["in_use_to"]) >= start
    else:
        not_closed_before = row["status"] != "closed"
    return opened and not_closed_before


EXPECTED = {
    "end_2023": LOCATIONS.apply(_expected_end_2023, axis=1),
    "during_2023": LOCATIONS.apply(_expected_during_2023, axis=1),
    "all": pd.Series(True, index=LOCATIONS.index),
}


@pytest.mark.parametrize("confirmed_only", [False, True])
@pytest.mark.parametrize("reference", rd.REFERENCE_OPTIONS)
def test_counts_and_places_per_country_equal_a_direct_computation(reference, confirmed_only):
    keep = EXPECTED[reference]
    if confirmed_only:
        keep = keep & (LOCATIONS["confirmed_2023"] == "yes")
    expected = LOCATIONS[keep]
    got = rd.select_locations(LOCATIONS, reference, confirmed_only=confirmed_only)
    assert list(got.index) == list(expected.index)
    for country in ("NL", "BE"):
        rows = got[got["country"] == country]
        exp = expected[expected["country"] == country]
        assert len(rows) == len(exp)
        places = pd.to_numeric(rows["capacity"], errors="coerce").sum()
        assert places == pd.to_numeric(exp["capacity"], errors="coerce").sum()
        assert rd.unconfirmed_count(rows) == int((exp["confirmed_2023"] != "yes").sum())


def test_end_2023_agrees_with_the_status_and_the_raw_owners_count():
    """The raw SOURCES.md counts "in use at the end of 2023" by status; the dates agree with it."""
    by_status = LOCATIONS["status"].isin(["open_2023", "opened_2023"])
    assert (rd.reference_mask(LOCATIONS, "end_2023") == by_status).all()


def test_the_default_is_the_end_of_2023():
    assert rd.DEFAULT_REFERENCE == "end_2023"
    assert list(rd.select_locations(LOCATIONS).index) == list(LOCATIONS[EXPECTED["end_2023"]].index)


def test_all_keeps_planned_rows_and_the_others_do_not():
    planned = LOCATIONS["status"].str.startswith("planned")
    assert planned.any()
    assert rd.reference_mask(LOCATIONS, "all")[planned].all()
    in_2024 = planned & LOCATIONS["in_use_from"].str.startswith("2024")
    assert in_2024.any()
    for reference in ("end_2023", "during_2023"):
        assert not rd.reference_mask(LOCATIONS, reference)[planned].any()


def test_the_silja_europa_never_counts_twice_on_one_day():
    silja = LOCATIONS[LOCATIONS["name"].str.contains("Silja", case=False)]
    assert len(silja) == 2 and set(silja["municipality_code"]) == {"GM0453", "GM0599"}
    day = date(2022, 1, 1)
    counted_days = 0
    while day <= date(2024, 12, 31):
        n = int(rd.in_use_on(silja, day).sum())
        assert n <= 1, f"the Silja Europa counts {n} times on {day}"
        counted_days += n
        day += timedelta(days=1)
    assert counted_days > 600  # it is counted on most days, at Velsen and then at Rotterdam


def test_during_2023_counts_both_silja_sites_as_sites_not_as_beds_at_once():
    silja = LOCATIONS[LOCATIONS["name"].str.contains("Silja", case=False)]
    during = rd.select_locations(silja, "during_2023")
    assert len(during) == 2
    end = rd.select_locations(silja, "end_2023")
    assert list(end["municipality_code"]) == ["GM0599"]  # Rotterdam only


def test_no_location_moves_into_a_double_count_anywhere():
    """For every row that closed and every row that opened in the same place name, no overlap."""
    day = date(2023, 1, 1)
    while day <= date(2023, 12, 31):
        rows = LOCATIONS[rd.in_use_on(LOCATIONS, day).to_numpy()]
        assert rows["id"].is_unique
        day += timedelta(days=7)


def test_a_closing_month_excludes_the_row_at_its_end_and_an_opening_month_includes_it():
    rows = pd.DataFrame(
        {
            "status": ["closed_2023", "opened_2023", "opened_2023", "closed_2023"],
            "in_use_from": ["2020", "2023-12", "2023", ""],
            "in_use_to": ["2023-12", "", "", ""],
        }
    )
    assert rd.in_use_on(rows, date(2023, 12, 31)).tolist() == [False, True, True, False]
    assert rd.in_use_on(rows, date(2023, 11, 30)).tolist() == [True, False, False, False]
    assert rd.in_use_during(rows, date(2023, 1, 1), date(2023, 12, 31)).tolist() == [True] * 4


def test_uploads_without_the_date_columns_follow_the_status_and_count_as_not_confirmed():
    rows = pd.DataFrame({"status": ["open", "planned", "closed", ""]})
    assert rd.reference_mask(rows, "end_2023").tolist() == [True, False, False, True]
    assert rd.unconfirmed_count(rows) == 4
    assert rd.select_locations(rows, "all", confirmed_only=True).empty


def test_an_unknown_option_is_refused_with_the_options_named():
    with pytest.raises(ValueError, match="end_2023, during_2023, all"):
        rd.reference_mask(LOCATIONS, "2023")


def test_inputs_are_not_mutated():
    before = LOCATIONS.copy()
    rd.select_locations(LOCATIONS, "during_2023", confirmed_only=True)
    pd.testing.assert_frame_equal(LOCATIONS, before)
