"""Small statistics shared by the measures (weighted median).

Nothing here reads files, imports Streamlit or mutates its inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["weighted_median"]


def weighted_median(values, weights) -> float:
    """Weighted median: the value at which the cumulative weight reaches half.

    Values are sorted; the median is the first value whose cumulative weight
    is at least half the total. When the cumulative weight equals exactly
    half at a value, the mean of that value and the next is returned, so
    equal weights give the ordinary median. Pairs with a missing value or
    weight, or a weight of zero, are left out.

    Parameters
    ----------
    values : array-like of float
    weights : array-like of float
        Non-negative weights (e.g. places).

    Returns
    -------
    float
        NaN when no pair with positive weight remains.

    Examples
    --------
    >>> weighted_median([1, 2, 3, 4], [1, 1, 1, 1])
    2.5
    >>> weighted_median([1, 2, 3], [1, 1, 10])
    3.0
    """
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float, na_value=np.nan)
    w = pd.to_numeric(pd.Series(weights), errors="coerce").to_numpy(float, na_value=np.nan)
    keep = np.isfinite(v) & np.isfinite(w) & (w > 0)
    v, w = v[keep], w[keep]
    if v.size == 0:
        return float("nan")
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2.0
    i = int(np.searchsorted(cum, half, side="left"))
    if np.isclose(cum[i], half, rtol=1e-12, atol=0.0) and i + 1 < v.size:
        return float((v[i] + v[i + 1]) / 2.0)
    return float(v[i])
