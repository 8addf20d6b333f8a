"""Display text of codes and numbers shared by the views, charts and map layers (no Streamlit)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ui.i18n import format_number, t


def class_label(value: object, lang: str) -> str:
    """Translated remoteness class ('Unknown' when missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return t("remoteness.class.unknown", lang)
    return t(f"remoteness.class.{value}", lang)


def code_label(prefix: str, value: object, lang: str) -> str:
    """The catalogue text of ``prefix.value``; the value itself without one; '' when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value == "":
        return ""
    key = f"{prefix}.{value}"
    text = t(key, lang)
    return str(value) if text == key else text


def percent_text(share: float, lang: str) -> str:
    """A share (0-1) as '12.3 %' in the language; '–' when missing."""
    return "–" if share != share else format_number(share * 100, lang, decimals=1) + " %"


def km_with(value: float, name: object, lang: str, country: object = None) -> str:
    """'4.2 km (Name, BE)': a distance with what it is measured to; '–' when missing."""
    if value != value:
        return "–"
    where = ""
    if isinstance(name, str) and name:
        where = f" ({name}, {country})" if isinstance(country, str) and country else f" ({name})"
    return f"{format_number(value, lang, decimals=1)} km{where}"


def signed_number(value: float, lang: str) -> str:
    """'+12' / '−12' (a real minus sign) / '0'; '–' when missing."""
    if value != value:
        return "–"
    text = format_number(abs(value), lang)
    if text == format_number(0, lang):
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def near_label(value: object, lang: str) -> str:
    """'near a threshold' where ``value`` is true, '' otherwise (also when missing)."""
    return t("remoteness.near.yes", lang) if value is True or value is np.True_ else ""


def class_range_label(low: object, high: object, lang: str) -> str:
    """'Rural–Remote' for a class range, the one class when both ends agree."""
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return class_label(low if not (low is None or pd.isna(low)) else high, lang)
    if low == high:
        return class_label(low, lang)
    return f"{class_label(low, lang)}–{class_label(high, lang)}"


def station_type_label(value: object, country: object, lang: str) -> str:
    """The NS station class in the language; for a station without one, say the data has none."""
    if isinstance(value, str) and value:
        return code_label("remoteness.station_type", value.strip().lower(), lang)
    if isinstance(country, str) and country:
        return t("remoteness.station_type.none", lang)
    return ""
