"""Country order shared by the per-country tables of analysis/."""

from __future__ import annotations

import pandas as pd

from core.schema import COUNTRIES

__all__ = ["COUNTRIES", "country_order"]


def country_order(*frames: pd.DataFrame) -> list[str]:
    """Countries present in the ``country`` column of any frame: NL, BE, then others sorted.

    >>> country_order(pd.DataFrame({"country": ["DE", "BE", "NL"]}))
    ['NL', 'BE', 'DE']
    """
    present: set[str] = set()
    for frame in frames:
        if "country" in frame.columns and len(frame):
            present |= set(frame["country"].dropna().astype(str))
    return [c for c in COUNTRIES if c in present] + sorted(present - set(COUNTRIES))
