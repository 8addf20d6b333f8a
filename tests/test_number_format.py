"""Numbers per language: 1,234.5 (en), 1.234,5 (nl, de), 1 234,5 with U+202F (fr)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui.i18n import format_number, format_percent

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "1,234.5"), ("nl", "1.234,5"), ("de", "1.234,5"), ("fr", f"1{NNBSP}234,5")],
)
def test_thousands_and_decimals_per_language(lang: str, expected: str) -> None:
    assert format_number(1234.5, lang, decimals=1) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "-12,345,678"), ("nl", "-12.345.678"), ("de", "-12.345.678"), ("fr", f"-12{NNBSP}345{NNBSP}678")],
)
def test_millions_and_negatives(lang: str, expected: str) -> None:
    assert format_number(-12345678.4, lang) == expected


def test_french_thousands_use_a_narrow_no_break_space_only() -> None:
    text = format_number(1234567.891, "fr", decimals=2)
    assert text == f"1{NNBSP}234{NNBSP}567,89"
    assert " " not in text and "." not in text and "\u00a0" not in text


@pytest.mark.parametrize("value", [np.int64(1234), np.float32(1234.0), 1234])
def test_numpy_scalars(value) -> None:
    assert format_number(value, "nl") == "1.234"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_missing_is_a_dash(missing) -> None:
    assert format_number(missing, "de") == "–"
    assert format_percent(missing, "fr") == "–"


def test_no_negative_zero() -> None:
    assert format_number(-0.001, "en") == "0"
    assert format_number(-0.04, "nl", decimals=1) == "0,0"


def test_rounding_per_decimals() -> None:
    assert format_number(0.705, "en", decimals=2) == f"{0.705:.2f}"
    assert format_number(2.6, "fr", decimals=2) == "2,60"


@pytest.mark.parametrize(("lang", "expected"), [("en", "12.3 %"), ("nl", "12,3 %"), ("fr", "12,3 %")])
def test_percent(lang: str, expected: str) -> None:
    assert format_percent(0.1234, lang, decimals=1) == expected
