"""The geodata build is deterministic and matches the committed files."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from loaders import build_geodata
from loaders.geodata import GEODATA

RAW = build_geodata.DEFAULT_RAW
pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not found at {RAW}")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    build_geodata.build_all(RAW, first)
    build_geodata.build_all(RAW, second)
    return first, second


def test_build_is_byte_identical_twice(two_builds):
    first, second = two_builds
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors


def test_committed_geodata_is_up_to_date(two_builds):
    first, _ = two_builds
    for path in first.iterdir():
        assert filecmp.cmp(path, GEODATA / path.name, shallow=False), f"{path.name} differs: rebuild geodata"


def test_facts_include_symposium_figures():
    import pandas as pd

    facts = pd.read_csv(GEODATA / "facts.csv")
    nl = facts[(facts["country"] == "NL") & (facts["organisation"] == "VluchtelingenWerk Nederland")]
    values = dict(zip(nl["indicator"], nl["value"]))
    assert values["volunteers"] == 9300
    assert values["refugees_guided_asylum_procedure"] == 87800
    assert values["refugees_guided_family_reunification"] == 8000
    assert values["reception_locations_present"] == 252
    assert values["municipalities_active"] == 280
    assert values["refugees_social_guidance"] == 27266
    assert values["participation_statement_workshop_participants"] == 8900
    assert values["awareness_sessions"] == 362
    assert values["awareness_sessions_at_schools"] == 316
    be = dict(
        zip(facts.loc[facts["country"] == "BE", "indicator"], facts.loc[facts["country"] == "BE", "value"])
    )
    assert be["people_waiting_for_reception_place"] == 3000
    assert be["court_convictions_reception"] == 7000
    assert be["integration_programme_fee"] == 360
    assert be["member_organisations"] == 50
    assert be["volunteer_groups"] == 35
    assert be["founded"] == 1987
    assert facts["source"].str.len().gt(10).all()
