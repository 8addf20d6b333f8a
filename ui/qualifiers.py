"""A figure as its source states it: "about 3,000", "almost 3,000", "more than 7,000".

``qualifier`` (raw INDICATORS.md, "Conventions") says how exactly a source
states a value; the printed figure keeps that wording in every language.
``approx_above`` reads "over N" where the source's own word is the Dutch
"ruim" (a little over), and "more than N" for "meer dan", "+", ">",
"minimaal"; the stated text is the row's ``source`` and ``note``, which quote
the source.
"""

from __future__ import annotations

import re

from ui.i18n import t

QUALIFIED = ("approx", "approx_below", "approx_above", "range", "not_stated")
_RUIM = re.compile(r"\bruim\b", re.IGNORECASE)


def qualifier_key(qualifier: object, stated: str = "") -> str | None:
    """The catalogue key of a qualifier's wording, or None for an exact value.

    Examples
    --------
    >>> qualifier_key("approx_above", "'Ruim 87.800 vluchtelingen begeleid'")
    'qualifier.approx_above_over'
    >>> qualifier_key("exact") is None
    True
    """
    text = str(qualifier or "").strip()
    if text not in QUALIFIED:
        return None
    if text == "approx_above" and _RUIM.search(stated or ""):
        return "qualifier.approx_above_over"
    return f"qualifier.{text}"


def qualified(value_text: str, qualifier: object, lang: str, *, stated: str = "") -> str:
    """``value_text`` worded as its source states it ("more than 7,000").

    Parameters
    ----------
    value_text : str
        The formatted number (with unit where one is shown).
    qualifier : str
        exact, approx, approx_below, approx_above, range, not_stated or empty.
    lang : str
        en, nl, fr or de.
    stated : str
        The row's quoted source text (``source`` and ``note``), to tell
        "ruim" (over) from "meer dan" (more than).
    """
    key = qualifier_key(qualifier, stated)
    return value_text if key is None else t(key, lang, value=value_text)
