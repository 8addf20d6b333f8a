"""User-visible strings: one catalogue per language under ``ui/locales/<lang>/``.

A catalogue is the union of the JSON files in its folder (one per part of
the app, so people can work on different pages without colliding).

Code holds keys only; ``t("compare.title")`` returns the string in the
language chosen in the shared sidebar. A key missing from a catalogue falls
back to English (tests check that every catalogue has every key).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}
DEFAULT_LANGUAGE = "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flat key -> string mapping of one language."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def current_language() -> str:
    """The language of this session (from the shared sidebar), default English."""
    import streamlit as st
    from streamlit import runtime

    lang = st.session_state.get("lang", DEFAULT_LANGUAGE) if runtime.exists() else DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """Translate ``key``; ``values`` fill ``{placeholders}`` in the string."""
    lang = lang or current_language()
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def format_number(value: float | int | None, lang: str | None = None, *, decimals: int = 0) -> str:
    """Number with the language's separators; '–' for missing (None, NaN, pd.NA).

    English 1,234.5; Dutch and German 1.234,5; French 1 234,5 with a narrow
    no-break space (U+202F) between thousands, so a number never breaks over
    two lines. A value that rounds to zero shows without a minus sign.

    >>> format_number(1234.5, "en", decimals=1), format_number(1234.5, "de", decimals=1)
    ('1,234.5', '1.234,5')
    >>> format_number(-1234567, "fr") == "-1\u202f234\u202f567"
    True
    """
    try:
        if value is None or value != value:  # None or NaN
            return "–"
    except TypeError:  # pd.NA: its comparisons are NA, whose truth value is ambiguous
        return "–"
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.0 -> 0.0
    lang = lang or current_language()
    if lang in ("nl", "de", "fr"):
        thousands = "\u202f" if lang == "fr" else "."
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", thousands)
    return text


def format_percent(share: float | None, lang: str | None = None, *, decimals: int = 0) -> str:
    """A 0-1 share as a percentage string."""
    if format_number(share, lang) == "–":
        return "–"
    return format_number(share * 100, lang, decimals=decimals) + " %"


def t_or(key: str, fallback: str, lang: str | None = None) -> str:
    """Translate ``key`` if any catalogue has it, else return ``fallback``."""
    lang = lang or current_language()
    return catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or fallback


def humanise(identifier: str) -> str:
    """'refugees_social_guidance' -> 'Refugees social guidance' (fallback label)."""
    return identifier.replace("_", " ").strip().capitalize()
