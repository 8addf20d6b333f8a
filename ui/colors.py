"""Shared colour classes so both countries use one scale and one legend."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from ui.maps import NO_DATA_COLOR, ZERO_COLOR


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


def shared_classes(values: pd.Series, *, k: int = 5, scheme: str = "YlOrRd") -> ColorClasses:
    """Fisher-Jenks classes of the positive values of both countries together.

    Zero and missing values are not classed (they get their own colours).
    """
    v = pd.to_numeric(values, errors="coerce").astype(float)
    positive = v[(v > 0) & v.notna()].to_numpy()
    if positive.size == 0:
        return ColorClasses(bins=(), colors=())
    k = int(min(k, len(np.unique(positive))))
    if k < 2:
        bins = (float(positive.max()),)
    else:
        with warnings.catch_warnings():
            # "Numba not installed": the pure-Python path is fast enough for ~1,000 values.
            warnings.simplefilter("ignore", UserWarning)
            bins = tuple(float(b) for b in mapclassify.FisherJenks(positive, k=k).bins)
    colors = (
        tuple(color_brewer(scheme, n=max(len(bins), 3))[-len(bins) :])
        if len(bins) < 3
        else tuple(color_brewer(scheme, n=len(bins)))
    )
    return ColorClasses(bins=bins, colors=colors)
