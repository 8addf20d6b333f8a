"""Shared colour classes so both countries use one scale and one legend."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ui.maps import NO_DATA_COLOR, ZERO_COLOR

# Palettes checked for colour-blind readers (tests/test_palettes.py): simulated
# with colorspacious for deuteranopia, protanopia and tritanopia (severity
# 100), neighbouring classes stay at least MIN_NEIGHBOUR_DISTANCE apart in
# CAM02-UCS, and every class at least MIN_NO_DATA_DISTANCE from the no-data
# grey. ColorBrewer's own 5-class YlOrRd failed: its palest yellow is 5.2 from
# the zero colour under tritanopia; 9-class BrBG's near-white centre is 4.6
# from its neighbours under protanopia. So the classes are picked from the
# 9-class YlOrRd and the 11-class BrBG, leaving out the palest steps.
MIN_NEIGHBOUR_DISTANCE = 10.0
"""Smallest CAM02-UCS distance between neighbouring classes (and any two categorical colours)."""
MIN_NO_DATA_DISTANCE = 7.0
"""Smallest CAM02-UCS distance between the no-data grey and any class colour."""

YLORRD_9 = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
SEQUENTIAL_PICKS = {1: (5,), 2: (3, 7), 3: (2, 5, 8), 4: (2, 4, 6, 8), 5: (2, 4, 6, 7, 8)}
BRBG_11 = (
    "#543005", "#8c510a", "#bf812d", "#dfc27d", "#f6e8c3", "#f5f5f5",
    "#c7eae5", "#80cdc1", "#35978f", "#01665e", "#003c30",
)  # fmt: skip
DIVERGING_ARMS = {1: (2,), 2: (1, 3), 3: (1, 2, 3), 4: (0, 1, 2, 3)}
"""Indices into BRBG_11 of one arm (brown side); the other arm mirrors them; the centre is #f5f5f5."""


def sequential_colors(n: int) -> tuple[str, ...]:
    """``n`` (1-5) light-to-dark YlOrRd colours that stay apart for colour-blind readers."""
    return tuple(YLORRD_9[i] for i in SEQUENTIAL_PICKS[n])


def diverging_colors(n: int) -> tuple[str, ...]:
    """``n`` (odd, 3-9) brown-white-teal BrBG colours; the middle one is the 'about equal' class."""
    arm = DIVERGING_ARMS[(n - 1) // 2]
    return tuple(BRBG_11[i] for i in arm) + (BRBG_11[5],) + tuple(BRBG_11[10 - i] for i in reversed(arm))


@dataclass(frozen=True)
class ColorClasses:
    """Upper bounds of the classes (same units as the values) and their colours."""

    bins: tuple[float, ...]
    colors: tuple[str, ...]

    def color_of(self, values: pd.Series) -> list[str]:
        """Fill colour per value: class colour, ZERO_COLOR for 0, NO_DATA_COLOR for missing."""
        v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
        if not self.bins:
            idx = np.zeros(len(v), dtype=int)
        else:
            idx = np.searchsorted(np.asarray(self.bins), v, side="left").clip(0, len(self.bins) - 1)
        out = []
        for value, i in zip(v, idx, strict=True):
            if np.isnan(value):
                out.append(NO_DATA_COLOR)
            elif value == 0:
                out.append(ZERO_COLOR)
            else:
                out.append(self.colors[i])
        return out

    def labels(self, fmt) -> list[str]:
        """Human labels 'lo – hi' per class, formatted with ``fmt(number)``."""
        if not self.bins:
            return []
        labels = [f"> 0 – {fmt(self.bins[0])}"]
        labels += [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(self.bins[:-1], self.bins[1:], strict=True)]
        return labels


def _ceil_significant(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """Round up to ``digits`` significant figures (legend-friendly class bounds)."""
    magnitude = 10.0 ** (np.floor(np.log10(values)) - (digits - 1))
    return np.round(np.ceil(values / magnitude - 1e-9) * magnitude, 10)


def shared_classes(values: pd.Series, *, k: int = 5) -> ColorClasses:
    """Quantile classes of the positive values of both countries together.

    Each class holds about the same number of municipalities with a positive
    value; bounds are rounded up to two significant figures for the legend.
    Zero and missing values are not classed (they get their own colours).
    numpy's quantiles rather than mapclassify: importing mapclassify pulls in
    scipy.stats, 1.8 s on every fresh server start here.
    """
    v = pd.to_numeric(values, errors="coerce").astype(float)
    positive = v[(v > 0) & v.notna()].to_numpy()
    if positive.size == 0:
        return ColorClasses(bins=(), colors=())
    quantiles = np.quantile(positive, np.linspace(0, 1, k + 1)[1:])
    bins = tuple(float(b) for b in np.unique(_ceil_significant(quantiles)))
    n = len(bins)
    return ColorClasses(bins=bins, colors=sequential_colors(n))


# Brown = holds more than its share, blue-green = fewer: BrBG, picked by diverging_colors().
SCENARIO_QUANTILES = (0.1, 0.45, 0.8, 0.97)
"""Quantiles of |expected - actual| (both countries together) that set the class breaks."""


def _nice(value: float) -> float:
    """Round a positive number to 1, 2.5 or 5 times a power of ten (nearest on a log scale)."""
    if not value > 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1.0, 2.5, 5.0)]
    return min(candidates, key=lambda c: abs(math.log10(c) - math.log10(value)))


@dataclass(frozen=True)
class DivergingClasses:
    """Classes symmetric around 0: (-inf, -b_k], ..., (-b_1, b_1), ..., [b_k, inf)."""

    breaks: tuple[float, ...]
    colors: tuple[str, ...]

    @property
    def edges(self) -> np.ndarray:
        return np.array([-b for b in reversed(self.breaks)] + list(self.breaks))

    def color_of(self, values) -> list[str]:
        """Class colour per value; NO_DATA_COLOR for missing."""
        v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float, na_value=np.nan)
        index = np.searchsorted(self.edges, v, side="right")
        # value == -b_i belongs to the class below (<= -b_i); searchsorted 'right' puts it above.
        on_negative_edge = np.isin(v, -np.asarray(self.breaks))
        index = np.where(on_negative_edge, index - 1, index)
        return [NO_DATA_COLOR if np.isnan(x) else self.colors[int(i)] for x, i in zip(v, index, strict=True)]

    def labels(self, fmt) -> list[str]:
        """'≤ -500', '-500 – -100', ..., '-5 – 5', ..., '≥ 500'."""
        edges = list(self.edges)
        out = [f"≤ {fmt(edges[0])}"]
        out += [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
        out.append(f"≥ {fmt(edges[-1])}")
        return out


def diverging_classes(values) -> DivergingClasses:
    """Symmetric classes from the spread of |values| (both countries together, one scale)."""
    v = np.abs(pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(float))
    v = v[v > 0]
    if v.size == 0:
        breaks: tuple[float, ...] = (1.0,)
    else:
        breaks = tuple(sorted({_nice(float(q)) for q in np.quantile(v, SCENARIO_QUANTILES)}))
    return DivergingClasses(breaks=breaks, colors=diverging_colors(2 * len(breaks) + 1))
