"""Facts print as their source states them, in every language."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.geodata import GEODATA
from ui.i18n import format_number
from ui.qualifiers import qualified

FACTS = pd.read_csv(GEODATA / "facts.csv", dtype=str, keep_default_na=False)


def _fact(indicator: str) -> pd.Series:
    return FACTS[FACTS["indicator"] == indicator].iloc[0]


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        (
            "court_convictions_reception",
            {
                "en": "more than 7,000",
                "nl": "meer dan 7.000",
                "fr": "plus de 7\u202f000",
                "de": "mehr als 7.000",
            },
        ),
        (
            "refugees_guided_asylum_procedure",
            {
                "en": "over 87,800",
                "nl": "ruim 87.800",
                "fr": "un peu plus de 87\u202f800",
                "de": "über 87.800",
            },
        ),
        (
            "people_waiting_for_reception_place",
            {"en": "almost 3,000", "nl": "bijna 3.000", "fr": "près de 3\u202f000", "de": "knapp 3.000"},
        ),
    ],
)
def test_symposium_estimates_keep_their_wording(indicator, expected):
    row = _fact(indicator)
    for lang, text in expected.items():
        value = format_number(float(row["value"]), lang)
        assert qualified(value, row["qualifier"], lang, stated=row["source"] + row["note"]) == text


@pytest.mark.parametrize("lang", ["en", "nl", "fr", "de"])
def test_about_and_exact(lang):
    about = {"en": "about 3,000", "nl": "ongeveer 3.000", "fr": "environ 3\u202f000", "de": "etwa 3.000"}
    assert qualified(format_number(3000, lang), "approx", lang) == about[lang]
    assert qualified("219", "exact", lang) == "219"
    assert qualified("219", "", lang) == "219"


def test_the_252_is_vluchtelingenwerk_nederlands_count():
    row = _fact("reception_locations_present")
    assert row["value"] == "252" and row["organisation"] == "VluchtelingenWerk Nederland"
